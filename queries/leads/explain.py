"""Chinese reason sentences for a lead, each citing the facts behind it and their sources,
plus the evidence paths (node ids) the app can draw.

Example: 同属招商局集团：招商银行已于2020-05-11与云龙区人民政府签署合作意向书（来源：徐州日报）
"""
from __future__ import annotations

import networkx as nx

from queries.leads import signals as sg
from queries.leads.result import Reason

NO_SOURCE = "来源未记录"


GRADE = {"group": "强", "industry": "中", "chain_gap": "中", "proximity": "弱",
         "source_region": "弱", "scale": "中"}


def reasons(ctx, cid: str, sig: dict) -> list[Reason]:
    """One Reason per signal that scored, with its grade, date and source."""
    out = []
    for name, fn in (("group", _group), ("industry", _industry), ("chain_gap", _gap),
                     ("proximity", _proximity), ("source_region", _source), ("scale", _scale)):
        if sig.get(name, 0) > 0:
            got = fn(ctx, cid, sig[name])
            if got:
                text, path, titles = got[:3]
                date = got[3] if len(got) > 3 else None
                out.append(Reason(name, text, GRADE[name], date, "、".join(titles) or None,
                                  None, path))
    return out


def cite(ctx, source_ids) -> tuple[str, list[str]]:
    titles = sorted({ctx.source_titles.get(s, s) for s in source_ids if s})
    return f"（来源：{'、'.join(titles)}）" if titles else f"（{NO_SOURCE}）", titles


def common_owner_path(owns: nx.DiGraph, a, b) -> tuple:
    """(closest common owner, path a .. owner .. b as node ids)."""
    rev = owns.reverse(copy=False)
    up_a, up_b = nx.single_source_shortest_path(rev, a), nx.single_source_shortest_path(rev, b)
    common = min(up_a.keys() & up_b.keys(), key=lambda c: (len(up_a[c]) + len(up_b[c]), str(c)))
    return common, up_a[common] + up_b[common][::-1][1:]


def first_agreement(ctx, company) -> dict:
    rows = sorted((a for a in ctx.agreements if a["party"] == company),
                  key=lambda a: (a["date"] or "", a["id"]))
    return rows[0]


def counterparts(ctx, agreement_id) -> str:
    orgs = sorted({a["party_name"] for a in ctx.agreements
                   if a["id"] == agreement_id and a["label"] == "Organization"})
    return "、".join(orgs[:2]) or next(a["region_name"] for a in ctx.agreements
                                      if a["id"] == agreement_id)


def _group(ctx, cid, value):
    _, e = ctx.group_match(cid)
    common, path = common_owner_path(ctx.owns, cid, e)
    ag = first_agreement(ctx, e)
    e_name, c_name = ctx.names.get(e, e), ctx.names.get(common, common)
    lead = {cid: f"下属企业{e_name}", e: f"股东{e_name}"}.get(common, f"同属{c_name}：{e_name}")
    own_src = [s for r in ctx.owns_rows if r["a"] in path and r["b"] in path for s in r["sources"]]
    text, titles = cite(ctx, ag["sources"] + own_src)
    sentence = (f"{lead}已于{ag['date'] or '（日期未记录）'}与{counterparts(ctx, ag['id'])}"
                f"签署{ag['type'] or '协议'}{text}")
    return sentence, path + [ag["id"], ag["region"]], titles, ag["date"]


def _industry(ctx, cid, value):
    inds = set(ctx.companies[cid]["industries"])
    up = sg.closure_up(ctx.classes, inds)
    for ind in sorted(inds):
        for f in sorted(ctx.focus):
            if value == 1.0 and f in sg.closure_up(ctx.classes, {ind}):
                return (f"行业匹配：从事{ctx.industry_name(ind)}，属{ctx.region.name}重点产业"
                        f"“{ctx.industry_name(f)}”", [cid, ind, f], [])
            if value == 0.6 and ind in sg.closure_up(ctx.classes, {f}):
                return (f"行业相近：所属{ctx.industry_name(ind)}涵盖重点产业“{ctx.industry_name(f)}”",
                        [cid, ind, f], [])
    near = sg.closure_down(ctx.classes, ctx.focus)
    for i in sorted(up):
        for n in sorted(set(nx.all_neighbors(ctx.chain, i)) & near if i in ctx.chain else ()):
            return (f"产业链上下游：{ctx.industry_name(i)}与重点产业链环节“{ctx.industry_name(n)}”"
                    f"上下游相连", [cid, i, n], [])
    return None


def _gap(ctx, cid, value):
    inds = set(ctx.companies[cid]["industries"])
    up = sg.closure_up(ctx.classes, inds)
    hits = sorted(up & ctx.gaps) if value == 1.0 else sorted(up & ctx.gap_parents)
    if not hits:
        return None
    h = hits[0]
    if value == 1.0:
        return (f"补链：{ctx.region.name}在“{ctx.industry_name(h)}”环节尚无本地企业",
                [cid, h], [])
    seg = sorted(g for g in ctx.gaps if h in ctx.classes.successors(g))[0]
    return (f"可能补链：{ctx.region.name}在“{ctx.industry_name(seg)}”环节尚无本地企业，"
            f"该企业所在的{ctx.industry_name(h)}涵盖这一环节", [cid, h, seg], [])


def _proximity(ctx, cid, value):
    if not hasattr(ctx, "_seed_paths"):
        ctx._seed_paths = nx.multi_source_dijkstra_path(ctx.graph, set(ctx.seeds)) \
            if ctx.seeds else {}
    path = ctx._seed_paths.get(cid)
    if not path or len(path) < 2:
        return None
    path = path[::-1]
    names = " → ".join(ctx.names.get(n, n) for n in path)
    return (f"网络接近（相对得分{value:.2f}）：图谱中经 {names} 与{ctx.region.name}已有合作相连",
            path, [])


def _source(ctx, cid, value):
    regions = [r for r in ctx.companies[cid]["regions"] if r in ctx.sources]
    names = "、".join(ctx.names.get(r, r) for r in regions)
    return f"来源地区：位于{names}", [cid] + regions, []


def _scale(ctx, cid, value):
    c = ctx.companies[cid]
    parts = [f"注册资本{c['capital'] / 1e8:.1f}亿元"] if c["capital"] else []
    parts += ["上市公司"] if c["listed"] else []
    return f"规模：{'，'.join(parts)}", [cid], []
