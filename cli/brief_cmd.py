"""`kg brief`: the leadership briefing deck (.pptx) for a region."""
from __future__ import annotations

from pathlib import Path

import click
from pptx import Presentation

from cli.common import store_from
from queries.pictures import region_overview
from ui.brief import build_brief


@click.command("brief")
@click.option("--region", required=True, help="目标地区名称或代码 target region, e.g. 徐州市 or 320300")
@click.option("--industry", "industries", multiple=True,
              help="关注产业（可重复） focus industry, repeatable, e.g. 新能源")
@click.option("--top", default=10, show_default=True, help="线索条数 number of leads")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="输出文件 output file (default: <地区>_招商简报.pptx)")
@click.pass_context
def brief_cmd(ctx, region, industries, top, out):
    """生成招商简报 PowerPoint: title, priorities and chain coverage, top leads with graded
    reasons and sources, lead scores, the evidence network, the maps, agreements over time.

    Example: kg brief --region 徐州市 --industry 新能源 --out 徐州市_招商简报.pptx
    """
    with store_from(ctx) as store:
        ov = region_overview(store, region, industries, top=top)
    out = out or Path(f"{ov.region.get('name', region)}_招商简报.pptx")
    build_brief(ov, out)
    slides = len(Presentation(str(out)).slides)
    lead = ov.leads[0]["name"] if ov.leads else "—"
    click.echo(f"{out}: {slides} slides; region {ov.region.get('name')}, top lead {lead}")
