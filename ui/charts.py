"""Charts where people look rather than read: each lead's score as a stacked bar of its signals,
agreements over time. Plain data in, plotly figures out (no Streamlit); `ui.static` draws the
same data with matplotlib for the briefing deck.

Example:
    >>> rows = score_rows([{"name": "招商银行", "contributions": {"group": 0.35}}],
    ...                   {"group": "集团关联"})
    >>> fig = score_bars(rows)
"""
from __future__ import annotations

from collections import Counter

import plotly.graph_objects as go

# One colour per signal, in the order the lead engine lists them (colour-blind safe).
SIGNAL_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#9c755f",
                 "#76b7b2", "#e15759"]


def score_rows(leads: list[dict], signal_names: dict) -> dict:
    """{"names": [lead names, best first], "signals": [(label, [contribution per lead])]}.

    `leads` are dicts with `name` and `contributions` ({signal: weighted score}); signals that
    gave nothing to any lead are left out."""
    names = [lead["name"] for lead in leads]
    signals = []
    for key, label in signal_names.items():
        vals = [float((lead.get("contributions") or {}).get(key, 0.0)) for lead in leads]
        if any(v > 0 for v in vals):
            signals.append((label, vals))
    return {"names": names, "signals": signals}


def by_period(dates: list[str], period: str = "year") -> list[tuple[str, int]]:
    """ISO dates -> [(period, count)] in order, empty periods between the first and last
    included (a gap is information). `period` is "year" (YYYY) or "month" (YYYY-MM)."""
    width = 4 if period == "year" else 7
    got = Counter(d[:width] for d in dates if d and len(d) >= width)
    if not got:
        return []
    keys = sorted(got)
    return [(k, got.get(k, 0)) for k in _span(keys[0], keys[-1], period)]


def _span(first: str, last: str, period: str) -> list[str]:
    if period == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def score_bars(rows: dict, title: str = "线索得分构成（各信号加权得分之和）"):
    """Horizontal stacked bars, best lead on top, one colour per signal, legend = signals."""
    names = rows["names"][::-1]
    fig = go.Figure()
    for i, (label, vals) in enumerate(rows["signals"]):
        fig.add_trace(go.Bar(y=names, x=vals[::-1], name=label, orientation="h",
                             marker_color=SIGNAL_COLORS[i % len(SIGNAL_COLORS)],
                             hovertemplate="%{y}<br>" + label + "：%{x:.3f}<extra></extra>"))
    fig.update_layout(barmode="stack", template="none", title={"text": title, "x": 0.01},
                      height=max(260, 34 * len(names) + 120),
                      margin={"l": 10, "r": 10, "t": 50, "b": 40},
                      legend={"title": {"text": "信号"}, "orientation": "h", "y": -0.12},
                      xaxis={"title": {"text": "得分"}, "gridcolor": "#e5e8ee"},
                      yaxis={"automargin": True})
    return fig


def agreements_over_time(counts: list[tuple[str, int]], title: str = "签约协议数（按年）"):
    """Bars of agreements per period, counts labelled on the bars."""
    fig = go.Figure(go.Bar(x=[k for k, _ in counts], y=[n for _, n in counts],
                           text=[n or "" for _, n in counts], textposition="outside",
                           marker_color="#4e79a7", name="协议数",
                           hovertemplate="%{x}：%{y} 份<extra></extra>"))
    fig.update_layout(template="none", title={"text": title, "x": 0.01}, height=300,
                      margin={"l": 40, "r": 10, "t": 50, "b": 40},
                      xaxis={"type": "category"},
                      yaxis={"title": {"text": "协议数（份）"}, "gridcolor": "#e5e8ee",
                             "rangemode": "tozero"})
    return fig
