"""Links proposed for review, never made silently (`kg resolve --review`, the data page).

Two kinds of PROPOSED_LINK (Company)->(Company), each with a confidence and the rule that
made it (`status`: proposed / accepted / rejected; `reviewed_by`, `reviewed_at`):

- `same_company`: the loaders met a full name whose likely short name is in the graph but the
  evidence was not strong enough to link them (loaders/resolve/companies.py). Accepting merges
  the new node into the one in the graph (its name becomes an alias, its relationships move).
- `group_member`: `propose_groups` reads names that carry a known group's trade name in the
  usual registration pattern (国家电投集团江苏新能源有限公司 under 国家电力投资集团有限公司).
  Accepting makes OWNS from the group with the source "人工确认" and who confirmed it.
"""
from __future__ import annotations

import datetime as dt
import getpass

from graph.store import GraphStore
from loaders.reference.regions import region_index
from loaders.resolve.companies import core, proposal_id
from loaders.resolve.text import normalize_name

MANUAL_SOURCE = {"id": "manual:人工确认", "title": "人工确认", "kind": "manual"}
GROUP_WORDS = ("集团",)
# After a group's trade name, a registration names the place or the line of business:
# 国家电投集团江苏新能源有限公司, 华润电力投资有限公司, 招商局蛇口工业区控股股份有限公司.
RULE_REGION = "集团字号+地区+业务的登记名称（省级/地方子公司的通常写法）"
RULE_PREFIX = "名称以集团字号开头"


def trade_name(group_norm: str) -> str:
    """招商局集团有限公司 -> 招商局; 中国华润有限公司 -> 华润; 国家电力投资集团有限公司 -> 国家电力投资."""
    c = core(group_norm)
    for w in GROUP_WORDS:
        c = c.removesuffix(w)
    return c.removeprefix("中国") if len(c) > 3 and c.startswith("中国") else c


def _groups(store: GraphStore) -> list[tuple[str, str, list[str]]]:
    rows = store.read("MATCH (g:Company) WHERE g.name_norm CONTAINS '集团' OR "
                      "'中央企业' IN coalesce(g.tags, []) RETURN g.id, g.name_norm, g.aliases").rows
    out = []
    for gid, norm, aliases in rows:
        names = {trade_name(norm or "")} | {trade_name(normalize_name(a)) for a in aliases or []
                                             if "集团" in a}
        out.append((gid, norm, sorted(n for n in names if len(n) >= 2)))
    return out


def group_rule(name_norm: str, trade: str) -> tuple[float, str] | None:
    """(confidence, rule) when `name_norm` carries the trade name as a registration does."""
    if not name_norm.startswith(trade) or name_norm == trade or len(trade) < 2:
        return None
    rest = name_norm[len(trade):].removeprefix("集团")
    if not rest or not name_norm.endswith("公司"):
        return None
    index = region_index()
    if any(rest[:n] in index for n in range(2, min(8, len(rest)) + 1)):
        return 0.8, RULE_REGION
    return 0.6, RULE_PREFIX


def propose_groups(store: GraphStore) -> int:
    """Propose (group)->(company) links from names; returns how many new proposals."""
    groups = _groups(store)
    rows = store.read("MATCH (c:Company) WHERE c.name_norm ENDS WITH '公司' "
                      "RETURN c.id, c.name_norm").rows
    owned = {(a, b) for a, b in store.read(
        "MATCH (a:Company)-[:OWNS*1..3]->(b:Company) RETURN DISTINCT a.id, b.id").rows}
    seen = {(a, b) for a, b in store.read(
        "MATCH (a:Company)-[p:PROPOSED_LINK]->(b:Company) RETURN a.id, b.id").rows}
    out = []
    for cid, norm in rows:
        best = None
        for gid, gnorm, trades in groups:
            if gid == cid or (gid, cid) in owned or (gid, cid) in seen:
                continue
            for t in trades:
                got = group_rule(norm or "", t)
                if got and (best is None or (len(t), got[0]) > (best[3], best[1])):
                    best = (gid, got[0], got[1], len(t), t)
        if best:
            gid, conf, rule, _, t = best
            out.append({"start": gid, "end": cid, "kind": "group_member", "confidence": conf,
                        "rule": f"{rule}（字号“{t}”）", "status": "proposed",
                        "id": proposal_id("group_member", gid, cid)})
    store.upsert_relationships("PROPOSED_LINK", "Company", "Company", out)
    return len(out)


def proposals(store: GraphStore, status: str | None = "proposed") -> list[dict]:
    rows = store.read(
        "MATCH (a:Company)-[p:PROPOSED_LINK]->(b:Company) "
        "WHERE $status IS NULL OR p.status = $status "
        "RETURN p.id, p.kind, a.id, a.name, b.id, b.name, p.confidence, p.rule, p.status, "
        "p.reviewed_by ORDER BY p.confidence DESC, a.name", {"status": status}).rows
    keys = ["id", "kind", "start", "start_name", "end", "end_name", "confidence", "rule",
            "status", "reviewed_by"]
    out = [dict(zip(keys, r)) for r in rows]
    for p in out:
        p["id"] = p["id"] or proposal_id(p["kind"], p["start"], p["end"])
    return out


def _find(store: GraphStore, pid: str) -> dict:
    for p in proposals(store, None):
        if p["id"] == pid:
            return p
    raise KeyError(f"no proposal {pid!r} (kg resolve --review lists them)")


def _mark(store: GraphStore, p: dict, status: str, who: str, when: str) -> None:
    store.write("MATCH (a:Company {id: $s})-[p:PROPOSED_LINK]->(b:Company {id: $e}) "
                "WHERE p.kind = $k SET p.status = $st, p.reviewed_by = $who, "
                "p.reviewed_at = $when, p.id = $id",
                {"s": p["start"], "e": p["end"], "k": p["kind"], "st": status, "who": who,
                 "when": when, "id": p["id"]})


def review(store: GraphStore, pid: str, accept: bool, who: str | None = None) -> dict:
    """Accept or reject one proposal; returns it as it now stands."""
    p = _find(store, pid)
    who = who or getpass.getuser()
    when = dt.datetime.now().isoformat(timespec="seconds")
    if accept and p["status"] != "accepted":
        if p["kind"] == "group_member":
            store.upsert_nodes("Source", [MANUAL_SOURCE])
            store.upsert_relationships("OWNS", "Company", "Company", [
                {"start": p["start"], "end": p["end"], "source_ids": [MANUAL_SOURCE["id"]],
                 "confirmed_by": who, "confirmed_at": when,
                 "evidence": f"人工确认：{p['rule']}"}])
        else:
            _mark(store, p, "accepted", who, when)
            merge_companies(store, p["start"], p["end"])
            return {**p, "status": "accepted", "reviewed_by": who}
    _mark(store, p, "accepted" if accept else "rejected", who, when)
    return {**p, "status": "accepted" if accept else "rejected", "reviewed_by": who}


def merge_companies(store: GraphStore, dup: str, keep: str) -> None:
    """Move every relationship of `dup` to `keep`, keep its name as an alias, delete it."""
    schema = store.schema
    for direction in ("out", "in"):
        pattern = ("(d:Company {id: $d})-[r]->(x)" if direction == "out"
                   else "(x)-[r]->(d:Company {id: $d})")
        rows = store.read(f"MATCH {pattern} RETURN type(r), labels(x)[0], properties(x), "
                          f"properties(r)", {"d": dup}).rows
        for rtype, label, xprops, rprops in rows:
            other = xprops.get(schema.key_of(label))
            if rtype == "PROPOSED_LINK" or other in (keep, dup):
                continue
            start, end = (keep, other) if direction == "out" else (other, keep)
            sl, el = ("Company", label) if direction == "out" else (label, "Company")
            store.upsert_relationships(rtype, sl, el, [{"start": start, "end": end, **rprops}])
    (name, aliases, sids), = store.read("MATCH (d:Company {id: $d}) RETURN d.name, d.aliases, "
                                        "d.source_ids", {"d": dup}).rows
    (kaliases,), = store.read("MATCH (k:Company {id: $k}) RETURN k.aliases", {"k": keep}).rows
    merged = list(dict.fromkeys((kaliases or []) + [name] + (aliases or [])))
    store.upsert_nodes("Company", [{"id": keep, "aliases": merged, "source_ids": sids or []}])
    store.write("MATCH (d:Company {id: $d}) DETACH DELETE d", {"d": dup})
