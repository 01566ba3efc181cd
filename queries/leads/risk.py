"""The risk screen: companies a strategist must not take into a meeting unflagged.

Left out by default (`kg leads --show-risky` keeps them, flagged):
  * special treatment: a listed company whose name starts with ST / *ST / SST / S*ST, or a
    name marked 退 / 退市 (delisting arrangement, 退市整理期), or `status` saying so;
  * deregistered or revoked: `status` containing 注销 / 吊销 / 撤销;
  * marked dishonest or abnormal: `risk_flags` (or `status`) containing 失信 / 经营异常 /
    严重违法 / 被执行.
Each flag is a short Chinese text the lead carries in `risk`.
"""
from __future__ import annotations

import re

ST = re.compile(r"^\s*(S\*ST|\*ST|SST|ST)", re.I)
DELIST = re.compile(r"(^退市|退$|退市整理)")
STATUS_FLAGS = (("吊销", "已吊销营业执照"), ("注销", "已注销"), ("撤销", "登记已撤销"),
                ("退市整理", "退市整理期"), ("停业", "停业"), ("清算", "清算中"))
MARK_FLAGS = (("失信", "失信被执行人"), ("经营异常", "经营异常名录"),
              ("严重违法", "严重违法失信名单"), ("被执行", "被执行人"))
REASON = {"special_treatment": "特别处理（ST/*ST/退市整理）", "deregistered": "注销或吊销",
          "dishonest_or_abnormal": "失信或经营异常"}


def risk_flags(name: str, status: str | None = None, marks=()) -> list[tuple[str, str]]:
    """[(reason key, flag text)] for one company; [] when the data shows no risk.

    >>> risk_flags("*ST金刚"), risk_flags("ST英飞拓")[0][0], risk_flags("宁德时代")
    ([('special_treatment', '*ST（退市风险警示）')], 'special_treatment', [])
    >>> risk_flags("某某科技", "吊销，未注销"), risk_flags("A", None, ["列入经营异常名录"])
    ([('deregistered', '已吊销营业执照')], [('dishonest_or_abnormal', '经营异常名录')])
    >>> risk_flags("退市海润")[0][1]
    '退市整理期或已退市'
    """
    out = []
    m = ST.match(name or "")
    if m:
        tag = m.group(1).upper()
        out.append(("special_treatment", f"{tag}（{'退市风险警示' if '*' in tag else '其他风险警示'}）"))
    elif DELIST.search(name or ""):
        out.append(("special_treatment", "退市整理期或已退市"))
    text = str(status or "")
    for word, flag in STATUS_FLAGS:
        if word in text:
            key = "special_treatment" if word == "退市整理" else "deregistered"
            out.append((key, flag))
            break
    for mark in [text, *(marks or [])]:
        for word, flag in MARK_FLAGS:
            if word in str(mark) and ("dishonest_or_abnormal", flag) not in out:
                out.append(("dishonest_or_abnormal", flag))
                break
    return out
