"""One converter per kind of table: a row (already mapped to canonical fields) -> Fragment."""
from __future__ import annotations

import hashlib
import re

from loaders.tabular.columns import split_list
from loaders.tabular.context import LoadContext
from loaders.resolve.enrich import agreement_id, name_id, search_keys
from loaders.tabular.fragment import Fragment, RowError
from loaders.tabular import values as V


def _parse(row: dict, field: str, fn, required: bool = False):
    raw = row.get(field)
    if raw in (None, ""):
        if required:
            raise RowError(field, raw, "a value is required")
        return None
    try:
        return fn(raw)
    except ValueError as exc:
        raise RowError(field, raw, str(exc))


def _required(row: dict, field: str) -> str:
    v = str(row.get(field) or "").strip()
    if not v:
        raise RowError(field, row.get(field), "a value is required")
    return v


def _prov(ctx: LoadContext, n: int, row: dict | None = None) -> dict:
    out = {"source_ids": [ctx.source_id], "source_row": n}
    if row and row.get("evidence"):
        out["evidence"] = str(row["evidence"])
    return out


def _date_or_month(raw) -> str:
    """ISO date, or ISO year-month (2019-03) when the source gives only the month."""
    text = str(raw).strip()
    if re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12:
        return text
    return V.parse_date(raw)


def _locate(row, frag, ctx, who: tuple[str, str], n: int) -> None:
    code = ctx.region(province=row.get("province"), city=row.get("city"),
                      county=row.get("county"), text=row.get("region"))
    if code:
        frag.rel("LOCATED_IN", who, ("Region", code), **_prov(ctx, n, row))


def _synthetic(row) -> bool | None:
    return _parse(row, "synthetic", V.parse_bool)


def company(row: dict, ctx: LoadContext, n: int) -> Fragment:
    frag = Fragment()
    name = _required(row, "name")
    uscc = _parse(row, "uscc", V.parse_uscc)
    cid = uscc or name_id(name)
    props = {"id": cid, "name": name, "uscc": uscc, **search_keys(name),
             "name_en": row.get("name_en") or None, "aliases": split_list(row.get("aliases")),
             "founded": _parse(row, "founded", V.parse_date),
             "reg_capital_cny": _parse(row, "reg_capital", V.parse_money_cny),
             "listed": _parse(row, "listed", V.parse_bool),
             "stock_code": str(row["stock_code"]) if row.get("stock_code") else None,
             "list_date": _parse(row, "list_date", V.parse_date),
             "description": row.get("description") or None, "synthetic": _synthetic(row),
             **_prov(ctx, n)}
    frag.node("Company", props)
    ctx.remember(name, "Company", cid)
    me = ("Company", cid)
    _locate(row, frag, ctx, me, n)
    for ind in split_list(row.get("industry")):
        frag.rel("IN_INDUSTRY", me, ("Industry", ctx.industry(ind, frag)), **_prov(ctx, n))
    if row.get("parent"):
        _, pid = ctx.party(row["parent"], frag, "parent", label="Company")
        frag.rel("OWNS", ("Company", pid), me, **_prov(ctx, n, row))
    return frag


def listed(row: dict, ctx: LoadContext, n: int) -> Fragment:
    """The A-share listed-company table: ts_code,symbol,name,area,industry,list_date."""
    row = {**row, "listed": "是", "stock_code": row.get("stock_code") or row.get("symbol")}
    return company(row, ctx, n)


def ownership(row: dict, ctx: LoadContext, n: int) -> Fragment:
    frag = Fragment()
    share = _parse(row, "share", V.parse_share)
    holder = ctx.party(_required(row, "shareholder"), frag, "shareholder")
    owned = ctx.party(_required(row, "company"), frag, "company", label="Company")
    if holder == owned:
        raise RowError("shareholder", row["shareholder"], "a company cannot own itself")
    frag.rel("OWNS", holder, owned, share=share, synthetic=_synthetic(row), **_prov(ctx, n, row))
    return frag


def organization(row: dict, ctx: LoadContext, n: int) -> Fragment:
    frag = Fragment()
    name = _required(row, "name")
    oid = name_id(name)
    frag.node("Organization", {"id": oid, "name": name, "kind": row.get("kind") or None,
                               "aliases": split_list(row.get("aliases")), **search_keys(name),
                               "synthetic": _synthetic(row), **_prov(ctx, n)})
    ctx.remember(name, "Organization", oid)
    _locate(row, frag, ctx, ("Organization", oid), n)
    return frag


def _parties(row: dict) -> list[str]:
    names = split_list(row.get("parties"))
    names += [p for f in ("party_a", "party_b") for p in split_list(row.get(f))]
    return list(dict.fromkeys(names))


def agreement(row: dict, ctx: LoadContext, n: int) -> Fragment:
    frag = Fragment()
    parties = _parties(row)
    if len(parties) < 2:
        raise RowError("parties", row.get("parties") or row.get("party_a"),
                       "an agreement needs at least two parties (签约方 separated by 、 or ;, "
                       "or 甲方 and 乙方 columns)")
    date = _parse(row, "date", V.parse_date)
    title = row.get("title") or f"{'、'.join(parties)}{row.get('agreement_type') or '协议'}"
    aid = agreement_id(row.get("agreement_type"), date, parties)
    frag.node("Agreement", {"id": aid, "title": title, "type": row.get("agreement_type") or None,
                            "date": date, "amount_cny": _parse(row, "amount", V.parse_money_cny),
                            "status": row.get("status") or "signed",
                            "synthetic": _synthetic(row), **_prov(ctx, n)})
    me = ("Agreement", aid)
    for i, p in enumerate(parties):
        role = "甲方" if p in split_list(row.get("party_a")) else (
            "乙方" if p in split_list(row.get("party_b")) else None)
        frag.rel("PARTY_TO", ctx.party(p, frag, "parties"), me, role=role, **_prov(ctx, n, row))
    place = ctx.region(province=row.get("province"), city=row.get("city"),
                       county=row.get("county"), text=row.get("place") or row.get("region"),
                       field="place")
    if place:
        frag.rel("SIGNED_IN", me, ("Region", place), **_prov(ctx, n, row))
    if row.get("project"):
        pid = name_id(row["project"])
        frag.node("Project", {"id": pid, "name": row["project"], **search_keys(row["project"]),
                              "amount_cny": _parse(row, "amount", V.parse_money_cny),
                              **_prov(ctx, n)})
        frag.rel("CONCERNS", me, ("Project", pid), **_prov(ctx, n))
    for ind in split_list(row.get("industry")):
        frag.rel("CONCERNS", me, ("Industry", ctx.industry(ind, frag)), **_prov(ctx, n))
    return frag


def project(row: dict, ctx: LoadContext, n: int) -> Fragment:
    frag = Fragment()
    name = _required(row, "name")
    pid = name_id(name)
    frag.node("Project", {"id": pid, "name": name, **search_keys(name),
                          "stage": row.get("stage") or None,
                          "amount_cny": _parse(row, "amount", V.parse_money_cny),
                          "date": _parse(row, "date", V.parse_date),
                          "synthetic": _synthetic(row), **_prov(ctx, n)})
    me = ("Project", pid)
    _locate(row, frag, ctx, me, n)
    for inv in split_list(row.get("shareholder") or row.get("parties")):
        frag.rel("INVESTS_IN", ctx.party(inv, frag, "shareholder", label="Company"), me,
                 **_prov(ctx, n))
    return frag


def event(row: dict, ctx: LoadContext, n: int) -> Fragment:
    frag = Fragment()
    name = _required(row, "name")
    start = _parse(row, "start", _date_or_month) or _parse(row, "date", _date_or_month)
    eid = "evt:" + hashlib.sha1(f"{name}|{start or ''}".encode()).hexdigest()[:16]
    frag.node("Event", {"id": eid, "name": name, **search_keys(name),
                        "type": row.get("event_type") or None, "start": start,
                        "end": _parse(row, "end", _date_or_month), "synthetic": _synthetic(row),
                        **_prov(ctx, n)})
    me = ("Event", eid)
    place = ctx.region(text=row.get("place") or row.get("region"), city=row.get("city"),
                       province=row.get("province"), field="place")
    if place:
        frag.rel("HELD_IN", me, ("Region", place), **_prov(ctx, n, row))
    for org in split_list(row.get("organizer")):
        frag.rel("ORGANIZED", ctx.party(org, frag, "organizer", label="Organization"), me,
                 **_prov(ctx, n, row))
    for p in split_list(row.get("participants")):
        frag.rel("INVOLVED", me, ctx.party(p, frag, "participants"), **_prov(ctx, n, row))
    return frag


def visit(row: dict, ctx: LoadContext, n: int) -> Fragment:
    frag = Fragment()
    visitor = ctx.party(_required(row, "visitor"), frag, "visitor", label="Organization")
    date = _parse(row, "date", V.parse_date)
    for host in split_list(_required(row, "host")):
        frag.rel("VISITED", visitor, ctx.party(host, frag, "host"), date=date,
                 synthetic=_synthetic(row), **_prov(ctx, n, row))
    return frag


KINDS = {
    "companies": (company, ["name", "uscc", "name_en", "aliases", "founded", "reg_capital",
                            "industry", "province", "city", "county", "region", "listed",
                            "stock_code", "list_date", "description", "parent", "synthetic"]),
    "listed": (listed, ["name", "stock_code", "symbol", "region", "industry", "list_date"]),
    "ownership": (ownership, ["shareholder", "company", "share", "synthetic"]),
    "organizations": (organization, ["name", "kind", "aliases", "province", "city", "county",
                                     "region", "synthetic"]),
    "agreements": (agreement, ["title", "parties", "party_a", "party_b", "agreement_type",
                               "date", "amount", "project", "place", "province", "city",
                               "county", "region", "status", "industry", "evidence",
                               "synthetic"]),
    "projects": (project, ["name", "stage", "amount", "date", "shareholder", "parties",
                           "province", "city", "county", "region", "synthetic"]),
    "events": (event, ["name", "event_type", "start", "end", "date", "place", "province",
                       "city", "region", "organizer", "participants", "synthetic"]),
    "visits": (visit, ["visitor", "host", "date", "evidence", "synthetic"]),
}

# Fields whose values name parties, to look up in the store before converting a batch.
PARTY_FIELDS = ("parent", "shareholder", "company", "parties", "party_a", "party_b",
                "organizer", "participants", "visitor", "host")
