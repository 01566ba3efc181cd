"""`kg extract FILE [--json]`: run the news extractor on one article and print the result.
Writes nothing. With a store named (--store, KG_STORE, NEO4J_URI) or a .kg directory here, the
companies, organisations and industries already in that store serve as the gazetteer (named on
stderr); any failure there only means no gazetteer (one warning line on stderr)."""
from __future__ import annotations

import json
import os

import click

from cli.common import store_from, store_target
from loaders.news.evaluate import article_line, entities_line, overall_line, score_dir
from loaders.news.extract import extract_file
from loaders.news.gazetteer import store_gazetteer


def load_gazetteer(ctx) -> list[dict] | None:
    """The store's names, from the store `kg` resolved (`--store` > KG_STORE > NEO4J_URI >
    embedded:.kg); none when no store was named and ./.kg does not exist."""
    explicit = (ctx.obj or {}).get("store") if ctx else None
    target = store_target(ctx)
    named = explicit or os.environ.get("KG_STORE") or os.environ.get("NEO4J_URI")
    if not named and not os.path.isdir(target.removeprefix("embedded:")):
        return None
    try:
        with store_from(ctx) as st:
            known = store_gazetteer(st)
    except Exception as exc:  # noqa: BLE001 - the gazetteer is optional
        click.echo(f"warning: no gazetteer from {target} ({type(exc).__name__}: {exc})", err=True)
        return None
    click.echo(f"gazetteer: {len(known)} names from {target}", err=True)
    return known


def summary(r: dict) -> str:
    """A readable Chinese summary of an extraction result."""
    src = r["source"]
    lines = [f"来源: {src.get('publisher') or '未知'}  日期: {src.get('date') or '未知'}"
             f"  本地: {src.get('home_region') or '未知'}"]
    for w in src.get("warnings") or []:
        lines.append(f"  ! 乱码 {w['text']!r} 位置 {w['offset']}")
    lines.append("企业: " + "、".join(c["name"] for c in r["companies"]))
    lines.append("机构: " + "、".join(o["name"] for o in r["organizations"]))
    lines.append("地区: " + "、".join(x["name"] for x in r["regions"]))
    lines.append("产业: " + "、".join(x["name"] for x in r["industries"]))
    for a in r["agreements"]:
        amount = f" 金额 {a['amount_cny'] / 1e8:g} 亿元" if a.get("amount_cny") else ""
        lines.append(f"签约 [{a.get('date') or '日期不详'}] {'、'.join(a['parties'])} "
                     f"{a['type']}{amount}{' 项目 ' + a['project'] if a.get('project') else ''}")
    for a in r.get("dropped_agreements") or []:  # the learned filter's drops, shown, not lost
        lines.append(f"未采纳签约 [置信度 {a['keep_probability']:.2f}] {'、'.join(a['parties'])} {a['type']}")
    for a in r.get("dropped") or []:  # a signing the text does not report as done: shown, not emitted
        lines.append(f"未计签约 [{a['reason']}] {'、'.join(a['parties'])} {a['type']}")
    for v in r["visits"]:
        lines.append(f"拜访 [{v.get('date') or '日期不详'}] {v.get('visitor') or '?'} -> {v['host']}")
    return "\n".join(lines)


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print the result as JSON")
@click.pass_context
def extract_cmd(ctx, file: str, as_json: bool) -> None:
    """Extract companies, regions, agreements and visits from a news article FILE (writes
    nothing; `kg load FILE --kind news` writes it).

    Example: kg extract article.txt --json
    """
    try:
        result = extract_file(file, known=load_gazetteer(ctx))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(summary(result))


@click.command("extract-eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--split", default=None,
              help="only the articles of this split (the manifest.csv's split column: dev, dev2, dev-hold, test …)")
@click.option("--articles", "per_article", is_flag=True, help="also one line per article")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
@click.pass_context
def extract_eval_cmd(ctx, directory: str, split: str | None, per_article: bool, as_json: bool) -> None:
    """Score `kg extract` on annotated articles (NN.txt + NN.gold.json), the project's acceptance
    measure (docs/news-extraction.md describes it), overall and per form of the manifest (docs/news-extraction.md).

    Example: kg extract-eval tests/news_corpus --split test
    """
    try:
        r = score_dir(directory, split, known=load_gazetteer(ctx))  # the gazetteer `kg extract` uses
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(r, ensure_ascii=False, indent=2))
        return
    for line in r["failed"]:
        click.echo(line)
    if per_article:
        for a in r["articles"]:
            click.echo(article_line(a))
    click.echo(f"{directory}{' --split ' + split if split else ''}: {len(r['articles'])} articles")
    click.echo("overall: " + overall_line(r["overall"]))
    click.echo("entities: " + entities_line(r["overall"]))
    if r["forms"]:
        click.echo("| form | articles | agreements recall | precision | companies recall | visit hosts recall |")
        click.echo("|---|---|---|---|---|---|")
        f = lambda v: "–" if v is None else f"{v:.2f}"  # noqa: E731
        for form, o in r["forms"].items():
            click.echo(f"| {form} | {o['articles']} | {f(o['agreements_recall'])} "
                       f"({o['ag_found']}/{o['ag_gold']}) | {f(o['agreements_precision'])} "
                       f"({o['ag_right']}/{o['ag_pred']}) | {f(o['companies_recall'])} "
                       f"({o['co_found']}/{o['co_gold']}) | {f(o['visit_hosts_recall'])} "
                       f"({o['v_found']}/{o['v_gold']}) |")
