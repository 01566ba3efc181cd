"""`kg load FILE --kind news`: write what `kg extract` finds, merged into existing entities.

Entities go through the shared resolver (loaders.resolve.search.resolve), so 招商局集团 in an article
becomes the graph's existing 招商局集团 node, not a duplicate. Facts carry the article as their
source and the sentence as evidence; the Source MENTIONS everything the article names.
Each extracted fact counts as a row: read = loaded + rejected.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from graph.store import GraphStore
from loaders.news.extract import extract_file
from loaders.reference.regions import resolve_region
from loaders.resolve.enrich import agreement_id, looks_like_organization, name_id, search_keys
from loaders.resolve.search import resolve
from loaders.resolve.text import normalize_name
from loaders.tabular.fragment import Fragment
from loaders.tabular.pipeline import LoadReport, Reject
from loaders.tabular.writer import write_fragments


class _Entities:
    """Names in the article -> (label, id), resolved against the graph once each."""

    def __init__(self, store: GraphStore | None, sid: str, result: dict,
                 index: dict | None = None):
        self.store, self.sid, self.known, self.index = store, sid, {}, index
        self.labels = {normalize_name(c["name"]): "Company" for c in result["companies"]}
        self.labels.update({normalize_name(o["name"]): "Organization"
                            for o in result["organizations"]})

    def get(self, name: str, frag: Fragment, extra: dict | None = None) -> tuple[str, str]:
        norm = normalize_name(name)
        if norm in self.known:
            return self.known[norm]
        label = self.labels.get(norm) or ("Organization" if looks_like_organization(name)
                                          else "Company")
        hit = None
        if self.index is not None:  # a folder load: names known to the graph, fetched once
            found = self.index.get(norm)
            if found:
                label, hit = found[0], {"id": found[1]}
        elif self.store is not None:
            hit = resolve(self.store, name, label)
        nid = hit["id"] if hit else name_id(name)
        if self.index is not None and not hit:
            self.index[norm] = (label, nid)
        props = {"id": nid, "source_ids": [self.sid]}
        if not hit:
            props.update({"name": name, **search_keys(name), **(extra or {})})
        frag.node(label, props)
        frag.rel("MENTIONS", ("Source", self.sid), (label, nid))
        self.known[norm] = (label, nid)
        return label, nid


def load_news(store: GraphStore | None, path: str | Path, *, dry_run: bool = False,
              result: dict | None = None, source_extra: dict | None = None) -> LoadReport:
    path = Path(path)
    rep, good = news_fragments(store, path, result or extract_file(str(path)),
                               dry_run=dry_run, source_extra=source_extra)
    unchanged, missing = set(), {}
    if store is not None and not dry_run:
        unchanged, missing = write_fragments(store, good)
    return finish(rep, good, unchanged, missing)


def news_fragments(store: GraphStore | None, path: Path, result: dict, *, dry_run: bool = False,
                   source_extra: dict | None = None, index: dict | None = None
                   ) -> tuple[LoadReport, list[tuple[int, Fragment]]]:
    """The article's Source and facts as fragments (row 0: the Source), not yet written.
    ``index`` (normalised name -> (label, id)) replaces the per-name resolver query."""
    sid = "news:" + hashlib.sha1(path.read_bytes()).hexdigest()[:12]
    rep = LoadReport(str(path), "news", source_id=sid, dry_run=dry_run)
    src = result.get("source") or {}
    head = Fragment()
    head.node("Source", {"id": sid, "title": src.get("title") or path.stem, "kind": "news",
                         "publisher": src.get("publisher"), "date": src.get("date"),
                         "uri": path.resolve().as_uri(), **(source_extra or {})})
    ents = _Entities(store, sid, result, index)
    good = [(0, head)]
    for n, fact in enumerate(_facts(result), start=1):
        rep.read += 1
        frag = Fragment()
        try:
            fact(ents, frag, sid)
        except ValueError as exc:
            rep.rejects.append(Reject(rep.file, n, "fact", "", str(exc)))
            continue
        good.append((n, frag))
    return rep, good


def finish(rep: LoadReport, good: list, unchanged: set, missing: dict) -> LoadReport:
    """Counts of ``rep`` once its fragments are written (or not: a dry run)."""
    rep.unchanged = len([n for n in unchanged if n])
    for n, _ in good[1:]:
        if n in missing:
            rep.rejects.append(Reject(rep.file, n, *missing[n]))
        else:
            rep.loaded += 1
    rep.rejected = len(rep.rejects)
    return rep


def _facts(result: dict):
    for c in result["companies"]:
        yield lambda e, f, sid, c=c: _company(e, f, sid, c)
    for o in result["organizations"]:
        yield lambda e, f, sid, o=o: e.get(o["name"], f, {"kind": o.get("kind")})
    for r in result["regions"]:
        yield lambda e, f, sid, r=r: _region(f, sid, r)
    for a in result["agreements"]:
        yield lambda e, f, sid, a=a: _agreement(e, f, sid, a)
    for v in result["visits"]:
        yield lambda e, f, sid, v=v: _visit(e, f, sid, v)


def _company(ents, frag, sid, c) -> None:
    aliases = [m for m in c.get("mentions", []) + c.get("aliases", []) if m != c["name"]]
    label, cid = ents.get(c["name"], frag, {"aliases": sorted(set(aliases)) or None})
    if c.get("region"):
        code = resolve_region(c["region"])
        if code:
            frag.rel("LOCATED_IN", (label, cid), ("Region", code), source_ids=[sid],
                     evidence=f"文中称“{c['region']}{c['name']}”")


def _region(frag, sid, r) -> None:
    if not r.get("code"):
        raise ValueError(f"region {r.get('name')!r} has no code")
    frag.rel("MENTIONS", ("Source", sid), ("Region", r["code"]))


def _agreement(ents, frag, sid, a) -> None:
    parties = [p for p in a.get("parties") or [] if len(normalize_name(p)) >= 2]
    if len(parties) < 2:
        raise ValueError(f"agreement with fewer than two named parties: {a.get('evidence')}")
    aid = agreement_id(a.get("type"), a.get("date"), parties)
    frag.node("Agreement", {"id": aid, "title": f"{'、'.join(parties)}{a.get('type') or '协议'}",
                            "type": a.get("type"), "date": a.get("date"),
                            "amount_cny": a.get("amount_cny"), "status": a.get("status"),
                            "source_ids": [sid]})
    frag.rel("MENTIONS", ("Source", sid), ("Agreement", aid))
    for p in parties:
        frag.rel("PARTY_TO", ents.get(p, frag), ("Agreement", aid), source_ids=[sid],
                 evidence=a.get("evidence"))
    if a.get("project"):
        pid = name_id(a["project"])
        frag.node("Project", {"id": pid, "name": a["project"], **search_keys(a["project"]),
                              "source_ids": [sid]})
        frag.rel("CONCERNS", ("Agreement", aid), ("Project", pid), source_ids=[sid])


def _visit(ents, frag, sid, v) -> None:
    if not v.get("visitor") or not v.get("host"):
        raise ValueError(f"visit without visitor or host: {v.get('evidence')}")
    visitor = ents.get(v["visitor"], frag)
    if visitor[0] != "Organization":
        raise ValueError(f"visitor {v['visitor']!r} is not an organization (persons are not "
                         "loaded from news yet)")
    if v.get("host_label") == "Region":
        if not v.get("host_code"):
            raise ValueError(f"visited place {v['host']!r} has no region code: {v.get('evidence')}")
        host = ("Region", v["host_code"])
        frag.rel("MENTIONS", ("Source", sid), host)
    else:
        host = ents.get(v["host"], frag)
    frag.rel("VISITED", visitor, host, date=v.get("date"),
             evidence=v.get("evidence"), source_ids=[sid])
