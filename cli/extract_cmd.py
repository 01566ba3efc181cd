"""`kg extract FILE [--json]`: run the news extractor on one article and print the result.
Writes nothing. With KG_STORE set or a .kg directory here, companies/organisations/regions/
industries already in the store serve as the gazetteer; any failure there only means no
gazetteer (one warning line on stderr)."""
from __future__ import annotations

import json
import os
import sys

import click

from loaders.news import extract_file

_GAZETTEER_QUERIES = {
    "Company": "MATCH (n:Company) RETURN n.id, n.name, n.aliases",
    "Organization": "MATCH (n:Organization) RETURN n.id, n.name, n.aliases",
    "Industry": "MATCH (n:Industry) RETURN n.code, n.name, n.aliases",
}


def load_gazetteer() -> list[dict] | None:
    if not (os.environ.get("KG_STORE") or os.path.isdir(".kg")):
        return None
    try:
        from graph.store import open_store
        st = open_store()
        try:
            return [row for label, q in _GAZETTEER_QUERIES.items() for row in _rows(st, label, q)]
        finally:
            st.close()
    except Exception as exc:  # noqa: BLE001 - the gazetteer is optional
        click.echo(f"warning: no gazetteer from the store ({type(exc).__name__}: {exc})", err=True)
        return None


def _rows(st, label: str, query: str) -> list[dict]:
    res = st.read(query)
    rows = res.rows if hasattr(res, "rows") else res
    out = []
    for key, name, aliases in rows:
        if name:
            out.append({"id": key, "name": name, "label": label, "aliases": list(aliases or []),
                        "code": key if label == "Industry" else None})
    return out


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
    for v in r["visits"]:
        lines.append(f"拜访 [{v.get('date') or '日期不详'}] {v.get('visitor') or '?'} -> {v['host']}")
    return "\n".join(lines)


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print the result as JSON")
def extract_cmd(file: str, as_json: bool) -> None:
    """Extract companies, regions, agreements and visits from a news article FILE (writes
    nothing; `kg load FILE --kind news` writes it).

    Example: kg extract article.txt --json
    """
    try:
        result = extract_file(file, known=load_gazetteer())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(summary(result))


if __name__ == "__main__":  # python -m loaders.news_cli FILE --json
    extract_cmd(sys.argv[1:])  # pylint: disable=no-value-for-parameter
