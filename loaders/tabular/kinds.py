"""One converter per kind of table: a row (already mapped to canonical fields) -> Fragment.

A converter records every problem of a row with `ctx.fail` and goes on, so the rejects file
lists all of them; a RowError raised stops the row at once (nothing more can be checked).
"""
from __future__ import annotations

import hashlib
import re

from loaders.tabular.columns import split_list
from loaders.tabular.context import LoadContext
from loaders.resolve.companies import uscc_region
from loaders.resolve.enrich import agreement_id, name_id, normalize_name, search_keys
from loaders.tabular.fragment import Fragment, RowError
from loaders.tabular import values as V


def _parse(row: dict, field: str, fn, required: bool = False, ctx: LoadContext | None = None):
    raw = row.get(field)
    if raw in (None, ""):
        if required:
            raise RowError(field, raw, "a value is required")
        return None
    try:
        return fn(raw)
    except ValueError as exc:
        if ctx is None:
            raise RowError(field, raw, str(exc))
        ctx.fail(field, raw, str(exc))
        return None


def _required(row: dict, field: str) -> str:
    v = str(row.get(field) or "").strip()
    if not v:
        raise RowError(field, row.get(field), "a value is required")
    return v


def _prov(ctx: LoadContext, n: int, row: dict | None = None, sources=None) -> dict:
    out = {"source_ids": list(sources or [ctx.source_id]), "source_row": n}
    if row and row.get("evidence"):
        out["evidence"] = str(row["evidence"])
    return out


def doc_id(title: str, url: str) -> str:
    return "doc:" + hashlib.sha1((url or title).encode()).hexdigest()[:12]


def row_sources(row: dict, frag: Fragment, ctx: LoadContext) -> tuple[list, list]:
    """(sources of the row's facts, sources of its location): the public documents a row
    names in source_title/source_url (and location_source_*), each a Source node; the file
    itself when the row names none."""
    def doc(title, url, date=None):
        title, url = str(title or "").strip(), str(url or "").strip()
        if not (title or url):
            return None
        sid = doc_id(title, url)
        frag.node("Source", {"id": sid, "title": title or url, "uri": url or None,
                             "date": str(date or "").strip() or None})
        return sid
    main = doc(row.get("source_title"), row.get("source_url"), row.get("source_date"))
    loc = doc(row.get("location_source_title"), row.get("location_source_url"))
    mains = [main] if main else [ctx.source_id]
    return mains, ([loc] if loc else mains)


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


def _capital(row: dict, field: str, ctx: LoadContext) -> dict:
    """{field_cny, field_text, ...}: capital in yuan when in CNY, always as given."""
    got = _parse(row, field, V.parse_capital, ctx=ctx)
    if not got:
        return {}
    amount, currency = got
    out = {f"{field}_text": str(row[field]).strip()}
    if currency == "CNY":
        out[f"{field}_cny"] = amount
    if field == "reg_capital":
        out.update(reg_capital_amount=amount, reg_capital_currency=currency)
    return out


def _stock(row: dict) -> str | None:
    code = str(row.get("stock_code") or "").strip()
    return code.split(".")[0] if code else None


def _platform_industry(row: dict, ctx: LoadContext) -> list[str]:
    """The finest of a platform export's 国标行业 小类/中类/大类/门类 the graph knows."""
    for f in ("industry_class", "industry_group", "industry_division", "industry_section"):
        v = str(row.get(f) or "").strip()
        if v and ctx.known_industry(v):
            return [v]
    return []


def company(row: dict, ctx: LoadContext, n: int) -> Fragment:
    frag = Fragment()
    name = _required(row, "name")
    uscc = _parse(row, "uscc", V.parse_uscc, ctx=ctx)
    short = str(row.get("short_name") or "").strip() or None
    former = split_list(row.get("former_names"))
    others = [a for a in [short, *split_list(row.get("aliases")), *former] if a and a != name]
    stock = _stock(row)
    mains, locs = row_sources(row, frag, ctx)
    region, zone = ctx.region_detail(province=row.get("province"), city=row.get("city"),
                                     county=row.get("county"), text=row.get("region"))
    by_code = uscc_region(uscc)
    if by_code and region and not (by_code.startswith(region.rstrip("0")) or
                                   region.startswith(by_code.rstrip("0"))):
        ctx.notes.append(f"row {n}: {name}: the credit code's region digits ({uscc[2:8]}) are "
                         f"not in the row's region ({region}); a company that moved keeps its "
                         f"code, so the row's location is kept")
    region = region or by_code
    stated_industries = split_list(row.get("industry")) or _platform_industry(row, ctx)
    industries = [ctx.industry(i, frag) for i in stated_industries]
    found = ctx.find_company(name, others, uscc=uscc, stock_code=stock, region=region,
                             industries=industries)
    linked = found.known if found and found.linked else None
    cid = linked.id if linked else (uscc or name_id(name))
    # name_norm alone where the pinyin is not stored (computing it for every alias cost more
    # than the rest of the row): search_keys(x)["name_norm"] is normalize_name(x)
    keep_name = linked and linked.norm and linked.norm != normalize_name(name)
    own = linked.norm if keep_name else normalize_name(name)
    aliases = [a for a in dict.fromkeys((linked.aliases if linked else []) + others
                                        + ([name] if keep_name else []))
               if normalize_name(a) != own]
    status = _parse(row, "status", V.parse_status, ctx=ctx)
    props = {"id": cid, "uscc": uscc,
             **({} if keep_name else {"name": name, **search_keys(name)}),
             "name_en": row.get("name_en") or None, "aliases": aliases,
             "short_name": short, "short_norm": normalize_name(short) if short else None,
             "former_names": former,
             "founded": _parse(row, "founded", V.parse_date, ctx=ctx),
             **_capital(row, "reg_capital", ctx), **_capital(row, "paid_capital", ctx),
             "listed": _parse(row, "listed", V.parse_bool, ctx=ctx) or (True if stock and
                                                                          row.get("exchange")
                                                                          else None),
             "stock_code": stock, "exchange": row.get("exchange") or None,
             "list_date": _parse(row, "list_date", V.parse_date, ctx=ctx),
             "status": status, "status_raw": row.get("status") or None,
             "legal_rep": row.get("legal_rep") or None,
             "company_type": row.get("company_type") or None,
             "insured": _parse(row, "insured", lambda v: int(float(str(v).replace(",", ""))),
                               ctx=ctx),
             "scope": row.get("scope") or None, "district": zone,
             "address_kind": row.get("address_kind") or None,
             "description": row.get("description") or None, "synthetic": _synthetic(row),
             **_prov(ctx, n, sources=mains + [s for s in locs if s not in mains])}
    frag.node("Company", props)
    ctx.learn_company(name, others, cid, uscc=uscc, stock_code=stock, region=region,
                      industries=industries, aliases=aliases, new=linked is None)
    if found and not found.linked:
        ctx.propose(frag, cid, found)
    me = ("Company", cid)
    if region:
        frag.rel("LOCATED_IN", me, ("Region", region), **_prov(ctx, n, sources=locs))
    basis = row.get("industry_basis") or None
    for raw, code in zip(stated_industries, industries):
        stated = raw if code.removeprefix("GB4754:") != raw.strip().upper() else None
        frag.rel("IN_INDUSTRY", me, ("Industry", code), basis=basis, stated_code=stated,
                 **_prov(ctx, n, sources=mains))
    if row.get("parent"):
        _, pid = ctx.party(row["parent"], frag, "parent", label="Company")
        if pid == cid:
            ctx.fail("parent", row["parent"], "a company cannot be its own parent")
        else:
            frag.rel("OWNS", ("Company", pid), me,
                     share=_parse(row, "share", V.parse_share, ctx=ctx),
                     **_prov(ctx, n, row, sources=mains))
    return frag


def listed(row: dict, ctx: LoadContext, n: int) -> Fragment:
    """The A-share listed-company table: ts_code,symbol,name,area,industry,list_date."""
    row = {**row, "listed": "是", "stock_code": row.get("stock_code") or row.get("symbol")}
    return company(row, ctx, n)


def ownership(row: dict, ctx: LoadContext, n: int) -> Fragment:
    """A shareholder list (a platform's 股东信息 export: 股东名称, 持股比例, 认缴出资额,
    认缴出资日期); the company held is a column or, in a one-company export, the file's name."""
    frag = Fragment()
    share = _parse(row, "share", V.parse_share, ctx=ctx)
    holder = ctx.party(_required(row, "shareholder"), frag, "shareholder")
    owned = ctx.party(_required(row, "company"), frag, "company", label="Company")
    if holder == owned:
        raise RowError("shareholder", row["shareholder"], "a company cannot own itself")
    frag.rel("OWNS", holder, owned, share=share, synthetic=_synthetic(row),
             date=_parse(row, "date", V.parse_date, ctx=ctx), **_amount(row, ctx),
             **_prov(ctx, n, row))
    return frag


def _amount(row: dict, ctx: LoadContext) -> dict:
    got = _parse(row, "amount", V.parse_capital, ctx=ctx)
    if not got:
        return {}
    return {"amount_text": str(row["amount"]).strip(),
            **({"amount_cny": got[0]} if got[1] == "CNY" else {})}


def _company_node(row: dict, ctx: LoadContext, frag: Fragment, n: int, name_field: str,
                  **extra) -> tuple[str, str]:
    """A company named in a platform export's row, with its status, founding date and region."""
    name = _required(row, name_field)
    label, cid = ctx.party(name, frag, name_field, label="Company")
    props = {"id": cid, "founded": _parse(row, "founded", V.parse_date, ctx=ctx),
             "status": _parse(row, "status", V.parse_status, ctx=ctx),
             "status_raw": row.get("status") or None, **extra, "synthetic": _synthetic(row),
             "source_ids": [ctx.source_id]}
    frag.node("Company", props)
    region = ctx.region(province=row.get("province"), city=row.get("city"),
                        county=row.get("county"), text=row.get("region"))
    if region:
        frag.rel("LOCATED_IN", (label, cid), ("Region", region), **_prov(ctx, n))
    return label, cid


def investment(row: dict, ctx: LoadContext, n: int) -> Fragment:
    """An outbound-investment export (对外投资: 被投资企业名称, 投资比例, 投资数额, 成立日期,
    登记状态, 地区): the exporting company OWNS each investee."""
    frag = Fragment()
    investor = ctx.party(_required(row, "shareholder"), frag, "shareholder", label="Company")
    investee = _company_node(row, ctx, frag, n, "company")
    if investor == investee:
        raise RowError("company", row["company"], "a company cannot own itself")
    frag.rel("OWNS", investor, investee, share=_parse(row, "share", V.parse_share, ctx=ctx),
             date=_parse(row, "date", V.parse_date, ctx=ctx) or
             _parse(row, "founded", V.parse_date, ctx=ctx), **_amount(row, ctx),
             synthetic=_synthetic(row), **_prov(ctx, n, row))
    return frag


def branch(row: dict, ctx: LoadContext, n: int) -> Fragment:
    """A branch export (分支机构: 分支机构名称, 负责人, 成立日期, 登记状态): each branch
    BRANCH_OF the exporting company, dated by the branch's founding."""
    frag = Fragment()
    head = ctx.party(_required(row, "company"), frag, "company", label="Company")
    me = _company_node(row, ctx, frag, n, "branch", legal_rep=row.get("legal_rep") or None)
    if me == head:
        raise RowError("branch", row["branch"], "a company cannot be its own branch")
    frag.rel("BRANCH_OF", me, head, date=_parse(row, "founded", V.parse_date, ctx=ctx),
             synthetic=_synthetic(row), **_prov(ctx, n, row))
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


PROJECT_STATUSES = {"在谈": ("在谈", "洽谈", "对接", "储备"), "签约": ("签约", "已签约", "签订"),
                    "在建": ("在建", "开工", "已开工", "建设"), "投产": ("投产", "竣工", "运营", "达产"),
                    "终止": ("终止", "退出", "取消", "中止")}


def project_status(value) -> str:
    """A ledger's 项目状态 -> 在谈 / 签约 / 在建 / 投产 / 终止."""
    text = str(value).strip()
    for canon, words in PROJECT_STATUSES.items():
        if any(w in text for w in words):
            return canon
    raise ValueError(f"expected a project status such as 在谈, 已签约, 在建, 已投产 or 终止, "
                     f"got {value!r}")


def project(row: dict, ctx: LoadContext, n: int) -> Fragment:
    """A project list or the bureau's 招商项目台账 (项目名称, 投资方/签约企业, 总投资, 签约日期,
    开工日期, 投产日期, 项目状态, 所属行业, 落地园区/区县, 对接人): (Company)-[:INVESTS_IN]->
    (Project)-[:LOCATED_IN]->(Region), the same shape an agreement's project has."""
    frag = Fragment()
    name = _required(row, "name")
    pid = name_id(name)
    region, park = ctx.region_detail(province=row.get("province"), city=row.get("city"),
                                     county=row.get("county") or row.get("park"),
                                     text=row.get("region"))
    frag.node("Project", {"id": pid, "name": name, **search_keys(name),
                          "stage": row.get("stage") or None,
                          "status": _parse(row, "status", project_status, ctx=ctx),
                          "status_raw": row.get("status") or None,
                          "amount_cny": _parse(row, "amount", V.parse_money_cny, ctx=ctx),
                          "date": _parse(row, "date", V.parse_date, ctx=ctx),
                          "start_date": _parse(row, "start_date", V.parse_date, ctx=ctx),
                          "operation_date": _parse(row, "operation_date", V.parse_date,
                                                   ctx=ctx),
                          "park": park or (row.get("park") if row.get("park") and
                                           row.get("park") != row.get("county") else None),
                          "contact": row.get("contact") or None,
                          "synthetic": _synthetic(row), **_prov(ctx, n)})
    me = ("Project", pid)
    if region:
        frag.rel("LOCATED_IN", me, ("Region", region), **_prov(ctx, n, row))
    for ind in split_list(row.get("industry")):
        frag.rel("IN_INDUSTRY", me, ("Industry", ctx.industry(ind, frag)), **_prov(ctx, n))
    for inv in split_list(row.get("investor") or row.get("shareholder") or row.get("parties")):
        frag.rel("INVESTS_IN", ctx.party(inv, frag, "investor", label="Company"), me,
                 date=_parse(row, "date", V.parse_date), **_prov(ctx, n))
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
    "companies": (company, ["name", "short_name", "uscc", "name_en", "aliases", "former_names",
                            "founded", "reg_capital", "paid_capital", "industry",
                            "industry_basis", "industry_section", "industry_division",
                            "industry_group", "industry_class", "province", "city", "county", "region", "listed",
                            "stock_code", "exchange", "list_date", "status", "legal_rep",
                            "company_type", "insured", "scope", "address_kind", "description",
                            "parent", "share", "evidence", "source_title", "source_url",
                            "source_date", "location_source_title", "location_source_url",
                            "synthetic"]),
    "listed": (listed, ["name", "stock_code", "symbol", "region", "industry", "list_date"]),
    "ownership": (ownership, ["shareholder", "company", "share", "amount", "date",
                              "synthetic"]),
    "investments": (investment, ["company", "shareholder", "share", "amount", "date",
                                 "founded", "status", "province", "city", "county", "region",
                                 "synthetic"]),
    "branches": (branch, ["branch", "company", "legal_rep", "founded", "status", "province",
                          "city", "county", "region", "synthetic"]),
    "organizations": (organization, ["name", "kind", "aliases", "province", "city", "county",
                                     "region", "synthetic"]),
    "agreements": (agreement, ["title", "parties", "party_a", "party_b", "agreement_type",
                               "date", "amount", "project", "place", "province", "city",
                               "county", "region", "status", "industry", "evidence",
                               "synthetic"]),
    "projects": (project, ["name", "stage", "status", "amount", "date", "start_date",
                           "operation_date", "investor", "shareholder", "parties", "industry",
                           "park", "province", "city", "county", "region", "contact",
                           "evidence", "synthetic"]),
    "events": (event, ["name", "event_type", "start", "end", "date", "place", "province",
                       "city", "region", "organizer", "participants", "synthetic"]),
    "visits": (visit, ["visitor", "host", "date", "evidence", "synthetic"]),
}

# Fields whose values name parties, to look up in the store before converting a batch.
PARTY_FIELDS = ("name", "short_name", "aliases", "former_names", "parent", "branch", "investor", "shareholder", "company", "parties", "party_a", "party_b",
                "organizer", "participants", "visitor", "host")
