"""`kg pipeline add/move/note/list`: lead follow-up (queries/pipeline.py) on the command line.
Changes are recorded in the audit trail with the OS user."""
from __future__ import annotations

import click
from openpyxl import Workbook

from cli.common import dumps, emit, store_from, table
from graph.cells import csv_text, xlsx_append
from queries import pipeline
from queries.audit import cli_actor

HEADERS = ["企业", "地区", "阶段", "负责人", "下次跟进", "逾期", "放弃原因", "更新时间",
           "企业标识", "地区代码"]


@click.group("pipeline")
def pipeline_cmd():
    """Lead follow-up (线索跟进): stages 待接触 已接触 有意向 洽谈中 已签约 已落地 已放弃.

    Example: kg pipeline add 甲科技有限公司 --region 徐州市 --owner wang --next 2026-12-15
    """


@pipeline_cmd.command("add")
@click.argument("company")
@click.option("--region", required=True, help="The region following the lead (name or code).")
@click.option("--owner", default=None, help="Who follows it up (default: you).")
@click.option("--next", "next_date", default=None, help="Next follow-up date, YYYY-MM-DD.")
@click.option("--note", default=None, help="A first note.")
@click.pass_context
def pipeline_add_cmd(ctx, company, region, owner, next_date, note):
    """Take a company (name or id) into follow-up at 待接触.

    Example: kg pipeline add 甲科技有限公司 --region 徐州市 --next 2026-12-15 --note 展会名片
    """
    with store_from(ctx) as st:
        out = pipeline.add(st, cli_actor(), company, region, owner=owner,
                           next_date=next_date, note=note)
    click.echo(f"{out['company']} @ {out['region']}: {out['stage']}")


@pipeline_cmd.command("move")
@click.argument("company")
@click.option("--region", required=True)
@click.option("--stage", required=True, type=click.Choice(pipeline.STAGES))
@click.option("--note", default=None, help="What happened (for 已放弃: the reason it was lost).")
@click.option("--next", "next_date", default=None, help="Next follow-up date, YYYY-MM-DD.")
@click.pass_context
def pipeline_move_cmd(ctx, company, region, stage, note, next_date):
    """Move a lead to a stage; 已签约 creates or links the agreement in the graph.

    Example: kg pipeline move 甲科技有限公司 --region 徐州市 --stage 已接触 --note 电话联系
    """
    with store_from(ctx) as st:
        out = pipeline.move(st, cli_actor(), company, region, stage, note=note,
                            next_date=next_date)
    extra = f" (agreement {out['agreement']})" if out.get("agreement") else ""
    click.echo(f"{out['company']} @ {out['region']}: {out['from']} -> {out['stage']}{extra}")


@pipeline_cmd.command("note")
@click.argument("company")
@click.option("--region", required=True)
@click.option("--text", "--note", "text", required=True, help="The note.")
@click.option("--owner", default=None, help="Hand the lead to this owner.")
@click.option("--next", "next_date", default=None, help="Next follow-up date, YYYY-MM-DD.")
@click.pass_context
def pipeline_note_cmd(ctx, company, region, text, owner, next_date):
    """Add a note to a lead's history (and optionally a new owner or next date).

    Example: kg pipeline note 甲科技有限公司 --region 徐州市 --text 约了下周拜访 --next 2026-12-20
    """
    with store_from(ctx) as st:
        out = pipeline.add_note(st, cli_actor(), company, region, text, owner=owner,
                                next_date=next_date)
    click.echo(f"{out['company']} @ {out['region']}: note added")


@pipeline_cmd.command("list")
@click.option("--region", default=None, help="Only this region (and its sub-regions).")
@click.option("--stage", default=None, type=click.Choice(pipeline.STAGES))
@click.option("--owner", default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]),
              default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE (needed for xlsx).")
@click.pass_context
def pipeline_list_cmd(ctx, region, stage, owner, fmt, out):
    """Leads in follow-up, overdue first; JSON has each lead's history.

    Example: kg pipeline list --region 徐州市 --format json
    """
    with store_from(ctx) as st:
        rows = pipeline.leads(st, region, stage=stage, owner=owner)
    cells = [["是" if v is True else "" if v is False else v for v in (r[c] for c in pipeline.COLUMNS)]
             for r in rows]
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = "线索跟进"
        for row in [HEADERS] + cells:
            xlsx_append(ws, row)  # text cells, never formulas
        wb.save(out or "pipeline.xlsx")
        click.echo(f"{len(rows)} 条跟进 leads -> {out or 'pipeline.xlsx'}")
        return
    if fmt == "json":
        text = dumps([{k: r[k] for k in (*pipeline.COLUMNS, "created", "history")}
                      for r in rows])
    elif fmt == "csv":
        text = csv_text(HEADERS, cells)
    else:
        text = table(HEADERS[:8], [c[:8] for c in cells]) if rows else "无跟进线索 no leads"
    emit(text, out, fmt, f"{len(rows)} 条跟进 leads")
