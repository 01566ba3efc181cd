"""Reasons for a lead: one Chinese sentence per signal that scored, each with its evidence
grade, date and source (docs/leads.md, "Evidence grades").

Grades: 强 = a signed agreement or an ownership fact with its source (annual report, the
article); 中 = an industry fit (the company's industry from its source, mapped by the audited
table), a chain gap derived from it, a dated fact without a signature (project, subsidiary),
scale from the company's record; 弱 = an industry-chain neighbour, a shared location, network
proximity. A path that only runs through a region or an industry hub is never a reason
(proximity is computed without those hubs). A reason whose fact has no source says so.

Example: 同属招商局集团：招商银行于2020-05-11（6年前）与云龙区人民政府签署合作意向书
"""
from __future__ import annotations

import networkx as nx

from queries.leads import timing
from queries.leads.result import Reason

NO_SOURCE = "来源未记录"
MAPPING_SOURCE = "项目行业映射审查表（queries/leads/data/industry_fit.csv）"
KIND_ZH = {"agreement": "签署", "project": "投资项目", "subsidiary": "新设子公司",
           "investment": "对外投资"}


def reasons(ctx, cid: str, sig: dict) -> list[Reason]:
    """One Reason per signal that scored (a signal without a presentable fact gives none)."""
    out = []
    for name, fn in (("industry", _industry), ("group", _group), ("chain_gap", _gap),
                     ("expansion", _expansion), ("peer", _peer), ("proximity", _proximity),
                     ("source_region", _source), ("scale", _scale)):
        if sig.get(name, 0) > 0:
            got = fn(ctx, cid, sig[name])
            if got:
                got.path_names = [ctx.node_name(n) for n in got.path]
                out.append(got)
    return out


def _titles(ctx, source_ids) -> tuple[str | None, str | None]:
    ids = sorted({s for s in source_ids if s})
    titles = list(dict.fromkeys(ctx.source_titles.get(s, s) for s in ids))
    uris = [ctx.source_uris.get(s) for s in ids if ctx.source_uris.get(s)]
    return ("、".join(titles) or None), (uris[0] if uris else None)


def _cited(text: str, source: str | None) -> str:
    return f"{text}（来源：{source}）" if source else f"{text}（{NO_SOURCE}）"


def common_owner_path(owns: nx.DiGraph, a, b) -> tuple:
    """(closest common owner, path a .. owner .. b as node ids)."""
    rev = owns.reverse(copy=False)
    up_a, up_b = nx.single_source_shortest_path(rev, a), nx.single_source_shortest_path(rev, b)
    common = min(up_a.keys() & up_b.keys(), key=lambda c: (len(up_a[c]) + len(up_b[c]), str(c)))
    return common, up_a[common] + up_b[common][::-1][1:]


def counterparts(ctx, agreement_id) -> str:
    rows = ctx.by_agreement(agreement_id)
    orgs = sorted({a["party_name"] for a in rows if a["label"] == "Organization"})
    return "、".join(orgs[:2]) or rows[0]["region_name"]


def _group(ctx, cid, value):
    _, e = ctx.group_match(cid)
    ag = ctx.tie_agreement(cid)
    if e is None or ag is None:
        return None
    common, path = common_owner_path(ctx.owns, cid, e)
    e_name, c_name = ctx.names.get(e, e), ctx.names.get(common, common)
    lead = {cid: f"下属企业{e_name}", e: f"股东{e_name}"}.get(common, f"同属{c_name}：{e_name}")
    on_path = set(path)
    own = [r for r in ctx.owns_rows if r["a"] in on_path and r["b"] in on_path]
    ag_sources = ctx.agreement_sources(ag)
    source, uri = _titles(ctx, ag_sources + [s for r in own for s in r["sources"]])
    sourced = bool(ag_sources) and all(r["sources"] for r in own)
    date = ag["date"]
    when = f"于{date}（{timing.how_old(date, ctx.today)}）" if date else "（签约日期未记录）"
    text = f"{lead}{when}与{counterparts(ctx, ag['id'])}签署{ag['type'] or '协议'}"
    if not all(r["sources"] for r in own):
        text += "；股权关系来源未记录"
    return Reason("group", _cited(text, source), "强" if sourced else "中", date, source, uri,
                  path + [ag["id"], ag["region"]])


def _industry(ctx, cid, value):
    c = ctx.companies[cid]
    m = ctx.matches.get(cid) or ctx.fit(c["industries"])
    if m is None:
        return None
    ind, f = ctx.industry_name(m.industry), ctx.industry_name(m.focus)
    via = ctx.industry_name(m.via) if m.via else None
    is_priority = m.focus in ctx.priorities
    where = f"{ctx.region.name}重点产业“{f}”" if is_priority else f"关注行业“{f}”"
    company_src, uri = _titles(ctx, c["sources"])
    if m.kind == "neighbour":
        text = f"产业链上下游：{ind}与{where}的环节“{via}”上下游相连"
        grade = "弱"
    elif m.kind == "partial":
        text = f"行业部分匹配：所属行业“{ind}”部分属于{where}" + (f"的环节“{via}”" if via and via != f else "")
        grade = "中"
    else:
        text = f"行业匹配：所属行业“{ind}”属于{where}" + (f"的环节“{via}”" if via and via != f else "")
        grade = "中"
    source = "、".join(s for s in (company_src, MAPPING_SOURCE if m.via or m.kind != "in" else None)
                      if s) or None
    return Reason("industry", _cited(text, source), grade, None, source, uri,
                  [cid, m.industry] + ([m.via] if m.via else []) + [m.focus])


def _gap(ctx, cid, value):
    inds = set(ctx.companies[cid]["industries"])
    hits = [g for g in sorted(ctx.gaps) if ctx.fit_to(inds, {g})]
    if not hits:
        return None
    seg = ctx.industry_name(hits[0])
    text = (f"补链：图谱中{ctx.region.name}在“{seg}”环节没有已知本地企业（由图谱企业行业记录推算，"
            f"无单独来源）")
    return Reason("chain_gap", text, "中", None, None, None, [cid, hits[0]])


def _facts_reason(ctx, cid, signal, facts, label):
    if not facts:
        return None
    f = facts[0]
    more = f"等{len(facts)}项" if len(facts) > 1 else ""
    where = f["region_name"] or "外地"
    text = (f"{label}：{f['date']}（{timing.how_old(f['date'], ctx.today)}）在{where}"
            f"{KIND_ZH.get(f['kind'], '')}“{f['title']}”{more}")
    source, uri = _titles(ctx, f["sources"])
    grade = "强" if f["kind"] == "agreement" and source else "中"
    return Reason(signal, _cited(text, source), grade, f["date"], source, uri, [cid, f["id"]])


def _expansion(ctx, cid, value):
    _, used = timing.recent_expansion(ctx.activity.get(cid, []), ctx.today)
    return _facts_reason(ctx, cid, "expansion", used, "近期扩张")


def _peer(ctx, cid, value):
    _, used = timing.peer_momentum(ctx.activity.get(cid, []), ctx.today)
    return _facts_reason(ctx, cid, "peer", used, "竞争城市动向")


def _proximity(ctx, cid, value):
    path = ctx.facts.seed_paths(ctx.store).get(cid)
    if not path or len(path) < 2:
        return None
    path = path[::-1]
    names = " → ".join(ctx.names.get(n, n) for n in path)
    text = f"网络接近（相对得分{value:.2f}）：经 {names} 与{ctx.region.name}已有合作相连（由图谱路径推算，无单独来源）"
    return Reason("proximity", text, "弱", None, None, None, path)


def _source(ctx, cid, value):
    c = ctx.companies[cid]
    regions = [r for r in c["regions"] if r in ctx.sources]
    names = "、".join(ctx.names.get(r, r) for r in regions)
    source, uri = _titles(ctx, c["sources"])
    return Reason("source_region", _cited(f"来源地区：位于{names}", source), "弱", None, source,
                  uri, [cid] + regions)


MARKETS = (("688", "科创板"), ("689", "科创板"), ("300", "创业板"), ("301", "创业板"),
           ("60", "沪市主板"), ("00", "深市主板"), ("8", "北交所"), ("4", "北交所"),
           ("9", "北交所"))


def market(stock_code: str | None) -> str | None:
    """'300750.SZ' -> '创业板'; None when unknown.

    >>> market("300750.SZ"), market("688981.SH"), market("600036.SH"), market(None)
    ('创业板', '科创板', '沪市主板', None)
    """
    code = str(stock_code or "").split(".")[0]
    return next((name for prefix, name in MARKETS if code.startswith(prefix)), None) \
        if code else None


def _scale(ctx, cid, value):
    c = ctx.companies[cid]
    has, lacks = [], []
    if c["capital"]:
        has.append(f"注册资本{c['capital'] / 1e8:.1f}亿元")
    else:
        lacks.append("注册资本")
    if c.get("employees"):
        has.append(f"员工约{int(c['employees'])}人")
    else:
        lacks.append("员工人数")
    if c["listed"]:
        seg = c.get("market") or market(c.get("stock_code"))
        has.append(f"上市公司（{seg}）" if seg else "上市公司")
    text = "规模：" + "，".join(has) + (f"；数据中没有{'、'.join(lacks)}" if lacks else "")
    source, uri = _titles(ctx, c["sources"])
    return Reason("scale", _cited(text, source), "中", None, source, uri, [cid])
