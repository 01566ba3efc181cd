"""How a lead result reads for a strategist: one plain dict per result and per lead, reason
lines with grade, date and source, the lead table's columns, and the download file name.

The CLI table, the app and the Excel/CSV writers all read through here, so a column or a
reason reads the same everywhere. Names only: internal ids go to the evidence sheet alone.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

GRADES = ("强", "中", "弱")
NO_SOURCE = "来源未记录"
LEAD_COLUMNS = ["排名", "企业名称", "企业全称", "所在地", "行业", "股票代码", "总分", "证据等级",
                "推荐理由", "风险提示"]
UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')


def as_dict(result) -> dict:
    """The result as a plain dict: `to_dict()` when it has one, a dataclass or a dict as is."""
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if dataclasses.is_dataclass(result):
        return dataclasses.asdict(result)
    return dict(result)


def region_name(res: dict) -> str:
    r = res.get("region")
    return (r.get("name") or r.get("code") or "") if isinstance(r, dict) else str(r or "")


def reasons(lead: dict) -> list[dict]:
    """The lead's reasons, each once (the same signal and text twice is one reason)."""
    seen, out = set(), []
    for r in lead.get("reasons") or []:
        r = r if isinstance(r, dict) else {"text": str(r)}
        key = (r.get("signal"), r.get("text"))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def reason_line(r: dict) -> str:
    """`[强] text（2023-04-28；来源：徐州日报）`. The date and the source are added only when the
    text does not already give them (the engine's texts cite their sources); a reason without
    a source says so."""
    text = r.get("text", "")
    tail = [r["date"]] if r.get("date") and r["date"] not in text else []
    if "来源" not in text:
        tail.append(f"来源：{r['source']}" if r.get("source") else NO_SOURCE)
    grade = f"[{r['grade']}] " if r.get("grade") else ""
    return f"{grade}{text}" + (f"（{'；'.join(tail)}）" if tail else "")


def best_grade(lead: dict) -> str:
    """The strongest grade among the lead's reasons, with the count of each: `强（强1·中2）`."""
    grades = [r.get("grade") for r in reasons(lead) if r.get("grade") in GRADES]
    if not grades:
        return "-"
    counts = "·".join(f"{g}{grades.count(g)}" for g in GRADES if g in grades)
    return f"{min(grades, key=GRADES.index)}（{counts}）"


def names(values) -> str:
    if isinstance(values, (list, tuple)):
        return "、".join(str(v.get("name", v)) if isinstance(v, dict) else str(v)
                        for v in values if v)
    return str(values or "")


def lead_row(lead: dict) -> list:
    """The lead table's row (LEAD_COLUMNS): names, never internal ids."""
    rs = reasons(lead)
    return [lead.get("rank"), lead.get("name"), lead.get("full_name") or "",
            names(lead.get("location")), names(lead.get("industries")),
            lead.get("stock_code") or "", round(float(lead.get("score") or 0), 4),
            best_grade(lead), "\n".join(f"{i + 1}. {reason_line(r)}" for i, r in enumerate(rs)),
            "、".join(lead.get("risk") or [])]


def excluded_text(res: dict) -> str:
    """`已排除 12 家风险企业（ST 3、注销 9）`, or '' when none was left out."""
    ex = res.get("excluded") or {}
    n = ex.get("count") or 0
    if not n:
        return ""
    by = "、".join(f"{k} {v}" for k, v in sorted((ex.get("by_reason") or {}).items(),
                                                 key=lambda kv: -kv[1]))
    return f"已排除 {n} 家风险企业" + (f"（{by}）" if by else "")


def industries_label(res: dict, most: int = 3) -> str:
    inds = [str(i.get("name", i)) if isinstance(i, dict) else str(i)
            for i in res.get("industries") or (res.get("params") or {}).get("industries") or []]
    if not inds:
        return "重点产业"
    return "、".join(inds[:most]) + ("等" if len(inds) > most else "")


def file_name(res: dict, ext: str, day: dt.date | None = None) -> str:
    """`徐州市_新能源_招商线索_2026-11-30.xlsx`: region, focus industries, date."""
    parts = [region_name(res) or "地区", industries_label(res), "招商线索",
             (day or dt.date.today()).isoformat()]
    stem = "_".join(UNSAFE_FILE_CHARS.sub("-", p).strip("-") for p in parts)
    return f"{stem}.{ext}"


def summary(res: dict) -> str:
    """The caption over a lead table: every number labelled, no codes."""
    parts = [f"目标地区：{region_name(res)}", f"关注产业：{industries_label(res, 6)}",
             f"线索 {len(res.get('leads') or [])} 条"]
    if res.get("group_leads"):
        parts.append(f"关联集团线索 {len(res['group_leads'])} 条")
    if res.get("candidates") is not None:
        parts.append(f"候选企业 {res['candidates']} 家")
    if excluded_text(res):
        parts.append(excluded_text(res))
    if res.get("elapsed_ms") is not None:
        parts.append(f"用时 {res['elapsed_ms'] / 1000:.2f} 秒")
    return " · ".join(parts)
