"""`kg leads` and `kg leads-eval`: thin wrappers over `queries.leads`."""
from __future__ import annotations

import json

import click

from cli.common import store_from, table
from queries.leads import backtest, export, rank_leads
from queries.leads.export import LEAD_HEADERS, lead_rows


@click.command("leads")
@click.option("--region", required=True, help="Target region: name or code (sub-regions count).")
@click.option("--industry", "industries", multiple=True,
              help="Focus industry (name or code), repeatable; default: the region's priorities.")
@click.option("--source-region", "source_regions", multiple=True,
              help="Region the leads should come from, e.g. 粤港澳大湾区; repeatable.")
@click.option("--top", type=int, default=20, show_default=True, help="Number of leads.")
@click.option("--weights", default="", help="k=v,... over industry, group, chain_gap, proximity, "
              "expansion, peer, source_region, scale (defaults in docs/leads.md).")
@click.option("--asof", help="Rank with only the facts dated up to this day (YYYY-MM-DD).")
@click.option("--show-risky", is_flag=True,
              help="Keep ST/*ST, deregistered and dishonest companies in the list, flagged.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "json"]),
              default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE (needed for xlsx).")
@click.pass_context
def leads_cmd(ctx, region, industries, source_regions, top, weights, asof, show_risky, fmt, out):
    """Ranked investment leads for a region: only companies that fit the focus industries
    (default: the region's priorities), risky ones left out and counted, every reason graded
    (强/中/弱), dated and sourced; group ties outside the focus in a second list.

    Example: kg leads --region 徐州市 --industry 新能源 --top 20 --asof 2025-12-31
    """
    with store_from(ctx) as st:
        report = rank_leads(st, region, list(industries), list(source_regions), top, weights,
                            asof=asof, show_risky=show_risky)
    if fmt == "xlsx":
        path = export.write_xlsx(report, out or "leads.xlsx")
        click.echo(f"{len(report.leads)} 条线索 leads -> {path}")
        return
    text = {"csv": export.to_csv, "json": export.to_json}.get(fmt, _table)(report)
    if out:
        with open(out, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8") as f:
            f.write(text)
        click.echo(f"{len(report.leads)} 条线索 leads -> {out}")
    else:
        click.echo(text)


def _table(report) -> str:
    rows = [r[:-1] for r in lead_rows(report)]
    lines = [f"{report.region['name']} · 关注行业：{'、'.join(report.industries) or '-'} · "
             f"候选企业 {report.candidates} 家 · 用时 {report.elapsed_ms} ms",
             table(LEAD_HEADERS[:-1], rows), ""]
    for lead in report.leads:
        lines += _lead_lines(lead)
    if report.group_leads:
        lines += ["", "关联集团线索（与已签约企业同属一个集团，但不在关注行业内）:"]
        for lead in report.group_leads:
            lines += _lead_lines(lead)
    ex = report.excluded
    if ex.get("count"):
        why = "、".join(f"{k} {v} 家" for k, v in ex["by_reason"].items())
        lines += ["", (f"风险企业 {ex['count']} 家已标注（{why}）" if ex.get("shown") else
                       f"已排除 {ex['count']} 家风险企业（{why}）；--show-risky 可显示并标注")]
    lines += [f"注：{n}" for n in report.notes]
    return "\n".join(lines)


def _lead_lines(lead) -> list[str]:
    head = f"{lead.rank}. {lead.name}"
    extra = [x for x in (lead.location, "、".join(lead.industries), lead.stock_code) if x]
    if extra:
        head += f"（{'，'.join(extra)}）"
    if lead.risk:
        head += f" ⚠ {'、'.join(lead.risk)}"
    out = [head] + [f"   - [{r.grade}] {r.text}" for r in lead.reasons]
    return out + ([f"   · 排序：{lead.tie_break}"] if lead.tie_break else [])


@click.command("leads-eval")
@click.option("--region", "regions", multiple=True, required=True,
              help="Region to evaluate (name or code), repeatable.")
@click.option("--cutoff", help="Hide agreements signed after this date (YYYY-MM-DD).")
@click.option("--share", type=float, help="Or hide this random share of agreements (0..1).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--source-region", "source_regions", multiple=True)
@click.option("--weights", default="")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def leads_eval_cmd(ctx, regions, cutoff, share, seed, source_regions, weights, as_json):
    """Backtest: hide agreements, rank, report hits@10/@50 and MRR against baselines.

    Example: kg leads-eval --region 徐州市 --cutoff 2020-01-01
    """
    with store_from(ctx) as st:
        results = [backtest.evaluate(st, r, cutoff, share if not cutoff else None, seed, weights,
                                     None, list(source_regions)) for r in regions]
    pooled = backtest.pooled(results)
    if as_json:
        click.echo(json.dumps({"regions": results, "pooled": pooled}, ensure_ascii=False, indent=2))
        return
    for r in results:
        click.echo(f"{r['region']}: {r['targets']} 个隐藏签约方 hidden counterparties, "
                   f"{r['candidates']} candidates")
    rows = [[m] + [v[k] for k in ("hits@10", "hits@50", "mrr")] for m, v in pooled.items()]
    click.echo(table(["method", "hits@10", "hits@50", "MRR"], rows))
