"""Follow-up page helpers: the page's writes go through `queries.pipeline` with the signed-in
actor (the role is checked there), then the cached reads are dropped."""
from __future__ import annotations

import pandas as pd

from graph.errors import InputError
from queries import audit, pipeline
from ui import data

HEADERS = {"company": "企业", "region": "地区", "stage": "阶段", "owner": "负责人",
           "next_date": "下次跟进", "overdue": "逾期", "lost_reason": "放弃原因",
           "updated": "更新时间"}
HISTORY = {"at": "时间", "by": "操作人", "action": "操作", "from_stage": "原阶段",
           "stage": "阶段", "note": "备注"}
ACTIONS = {"add": "加入跟进", "move": "变更阶段", "note": "备注"}


def rows(region: str | None, stage: str | None = None, owner: str | None = None) -> list[dict]:
    return pipeline.leads(data.get_store(), region or None, stage=stage or None,
                          owner=owner or None)


def frame(leads: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame([{k: r[k] for k in HEADERS} for r in leads], columns=list(HEADERS))
    df["overdue"] = df["overdue"].map(lambda v: "逾期" if v else "")
    return df.rename(columns=HEADERS)


def history(lead: dict) -> pd.DataFrame:
    steps = [{**h, "action": ACTIONS.get(h["action"], h["action"])}
             for h in reversed(lead["history"])]  # newest first
    return pd.DataFrame(steps, columns=list(HISTORY)).rename(columns=HISTORY)


def funnel(leads: list[dict], period: str) -> pd.DataFrame:
    cols = ["region", "period", *pipeline.STAGES, "total"]
    return pd.DataFrame(pipeline.funnel(leads, period), columns=cols).rename(
        columns={"region": "地区", "period": "时段", "total": "合计"})


def write(action: str, actor, *args, **kw) -> dict:
    """add / move / note through queries.pipeline (role checked there); caches dropped."""
    fn = {"add": pipeline.add, "move": pipeline.move, "note": pipeline.add_note}[action]
    out = fn(data.get_store(), actor, *args, **kw)
    data.clear_caches()
    return out


def audit_frame(limit: int = 500) -> pd.DataFrame:
    log = audit.entries(data.get_store(), limit=limit)
    return pd.DataFrame([{k: (r[k] if k != "counts" else _counts(r[k])) for k in audit.COLUMNS}
                         for r in log], columns=audit.COLUMNS).rename(columns={
        "at": "时间", "user": "用户", "via": "途径", "action": "操作", "target": "对象",
        "counts": "数量"})


def _counts(c) -> str:
    return "，".join(f"{k}={v}" for k, v in c.items()) if isinstance(c, dict) else str(c or "")


def stage_of_companies(region_code: str) -> dict:
    """{company id: stage} for the leads a region follows (the lead list marks them); a region
    the graph does not hold follows nothing (the lead list still shows)."""
    try:
        rows = pipeline.leads(data.get_store(), region_code)
    except InputError:
        return {}
    return {r["company_id"]: r["stage"] for r in rows}
