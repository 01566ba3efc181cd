"""`kg leads` and `kg leads-eval`: thin wrappers over `queries.leads`."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from cli.common import emit, store_from, table
from graph.stores import open_store
from loaders import real_signings
from loaders.demo import load_demo
from queries.leads import backtest, export, present, rank_leads
from queries.leads.words import word_table


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
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write to FILE (xlsx default: 地区_产业_招商线索_日期.xlsx).")
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
        path = export.write_xlsx(report, out or present.file_name(present.as_dict(report), "xlsx"))
        click.echo(f"{len(report.leads)} 条线索 leads -> {path}")
        return
    text = {"csv": export.to_csv, "json": export.to_json}.get(fmt, _table)(report)
    emit(text, out, fmt, f"{len(report.leads)} 条线索 leads")


TABLE_COLUMNS = ["排名", "企业名称", "所在地", "行业", "股票代码", "总分", "证据等级", "风险提示"]


def _table(report) -> str:
    res = present.as_dict(report)
    lines = [present.summary(res), ""]
    for title, key in (("推荐线索", "leads"), ("关联集团线索（关注产业之外，经集团关系相连）", "group_leads")):
        if key == "group_leads" and not res.get(key):
            continue
        idx = [present.LEAD_COLUMNS.index(c) for c in TABLE_COLUMNS]
        rows = [[present.lead_row(lead)[i] for i in idx] for lead in res.get(key) or []]
        lines += [f"【{title}】", table(TABLE_COLUMNS, rows) if rows else "（无：没有企业符合关注产业）",
                  ""]
        for lead in res.get(key) or []:
            lines.append(f"{lead['rank']}. {lead['name']}")
            lines += [f"   - {present.reason_line(r)}" for r in present.reasons(lead)]
            lines += [f"   · 排序：{lead['tie_break']}"] if lead.get("tie_break") else []
        lines.append("")
    lines += [f"注：{n}" for n in res.get("notes") or []]
    return "\n".join(lines).rstrip()


PRIORITY_REGIONS = "MATCH (r:Region)-[:PRIORITIZES]->(:Industry) RETURN DISTINCT r.name AS name"



@click.command("leads-eval")
@click.option("--region", "regions", multiple=True,
              help="Region to evaluate (name or code), repeatable; default: every region with "
                   "recorded priorities.")
@click.option("--cutoff", help="Hide agreements signed after this date (YYYY-MM-DD).")
@click.option("--share", type=float, help="Or hide this random share of agreements (0..1).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--source-region", "source_regions", multiple=True)
@click.option("--weights", default="")
@click.option("--real", is_flag=True, help="Backtest on the real signings "
              "(loaders/data/real_signings): a scratch copy of the demo, each city's later "
              "signings hidden.")
@click.option("--scratch", type=click.Path(file_okay=False, path_type=Path),
              help="With --real: the scratch store's directory (default: a temporary one).")
@click.option("--write-docs", type=click.Path(dir_okay=False, path_type=Path),
              help="With --real: also write the figures into this Markdown file "
                   "(between its real-backtest markers), e.g. docs/leads.md.")
@click.option("--with", "volume", type=click.Path(dir_okay=False, path_type=Path),
              help="With --real: a volume table added to the demo copy (as `kg demo --with`; "
                   "default: the demo as shipped).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def leads_eval_cmd(ctx, regions, cutoff, share, seed, source_regions, weights, real, scratch,
                   write_docs, volume, as_json):
    """Backtest: hide agreements, rank, report hits@10/@50 and MRR against baselines.

    Example: kg leads-eval --region 徐州市 --cutoff 2020-01-01
    Example: kg leads-eval --real --write-docs docs/leads.md
    """
    if real:
        result, counts = _real(weights, scratch, volume)
        text = backtest.markdown(result, counts)
        click.echo(json.dumps({**result, "load": counts}, ensure_ascii=False, indent=2)
                   if as_json else text)
        if write_docs:
            backtest.write_docs(write_docs, text)
            click.echo(f"figures written to {write_docs}", err=True)
        return
    with store_from(ctx) as st:
        regions = regions or [r["name"] for r in st.read(PRIORITY_REGIONS).records()]
        if not regions:
            raise click.UsageError("no region has recorded priorities: name one with --region")
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


def _real(weights, scratch: Path | None, volume: Path | None):
    """Build the scratch store (demo + real signings) and run the real-signing backtest."""
    with tempfile.TemporaryDirectory(prefix="kg-real-") as tmp:
        with open_store(f"embedded:{scratch or Path(tmp) / 'store'}") as st:
            st.clear()
            st.setup_schema()
            click.echo("scratch store: the demo graph ...", err=True)
            load_demo(st, volume=volume, progress=lambda msg: click.echo(f"  {msg}", err=True))
            words = [(w, c) for w, codes in word_table().items() for c in codes]
            counts = real_signings.load(st, extra_keywords=words)
            click.echo(f"  real signings: {counts['dated']} loaded", err=True)
            prio = {r["name"] for r in st.read(PRIORITY_REGIONS).records()}
            result = backtest.real(st, counts.pop("rows"), weights, prio)
    return result, counts
