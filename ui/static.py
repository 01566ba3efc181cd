"""Pictures without a browser (matplotlib, Agg): the map, the lead-score bars, agreements over
time and an evidence network, as PNG bytes for the briefing deck.

Chinese text uses Noto Sans CJK from Debian's `fonts-noto-cjk` (the Simplified Chinese face
of its collection file); without it the text falls back to matplotlib's default font and a
warning is logged, the pictures are still made.
"""
from __future__ import annotations

import io
import logging
import math
from functools import lru_cache
from pathlib import Path

import matplotlib
import networkx as nx

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from ui import maps  # noqa: E402
from ui.charts import SIGNAL_COLORS  # noqa: E402

log = logging.getLogger(__name__)
CJK_FILES = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
             "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"]
CJK_FAMILY = "Noto Sans CJK SC"  # the family name PowerPoint / LibreOffice look up too


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Register Noto Sans CJK with matplotlib; its family name, or None when not installed."""
    for path in CJK_FILES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
            names = {f.name for f in font_manager.fontManager.ttflist if f.fname == path}
            family = CJK_FAMILY if CJK_FAMILY in names else sorted(names)[0] if names else None
            bold = Path(path.replace("-Regular", "-Bold"))
            if bold.exists():
                font_manager.fontManager.addfont(str(bold))
            if family:
                plt.rcParams["font.family"] = [family, "DejaVu Sans"]
                plt.rcParams["axes.unicode_minus"] = False
                return family
    log.warning("no Noto Sans CJK font (apt-get install fonts-noto-cjk): Chinese may not show")
    return None


def _png(fig, dpi: int) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    plt.close(fig)
    return buf.getvalue()


def map_png(m: maps.MapData, dpi: int = 150) -> bytes:
    """The map as drawn by `maps.figure`, same view, classes, legend and placed labels."""
    cjk_font()
    px = 1 / dpi
    fig = plt.figure(figsize=(m.width * px, m.height * px), dpi=dpi)
    mg = maps.MARGIN
    ax = fig.add_axes([mg["l"] / m.width, mg["b"] / m.height,
                       1 - (mg["l"] + mg["r"]) / m.width, 1 - (mg["t"] + mg["b"]) / m.height])
    pt = 72 / dpi  # points per pixel
    ax.set_facecolor("#f7f9fb")
    for a in m.areas:
        target = a.code == m.target
        for r in a.rings:
            ax.fill(r[:, 0], r[:, 1], facecolor=a.color, edgecolor=maps.TARGET if target
                    else maps.EDGE, linewidth=(2.4 if target else 0.7) * pt, zorder=2 + target)
    for r in m.target_rings:
        ax.plot(r[:, 0], r[:, 1], color=maps.TARGET, linewidth=2 * pt * 1.5, zorder=4)
    for line in m.lines:
        ax.plot(line[:, 0], line[:, 1], color=maps.SEA, linewidth=1.2 * pt * 1.5,
                linestyle=(0, (4, 3)), zorder=3)
    for f in m.flows:
        ax.annotate("", xy=f.end, xytext=f.start, zorder=5, arrowprops={
            "arrowstyle": "-|>", "color": maps.FLOW, "alpha": 0.75,
            "linewidth": maps.flow_width(f.n) * pt * 1.5, "shrinkA": 0, "shrinkB": 2})
    for lb in m.labels:
        ax.text(lb.x, lb.y, lb.text, ha="center", va="center", fontsize=m.font_px * pt,
                color=lb.color,
                fontweight="bold" if lb.strong else "normal", zorder=6)
    x0, x1, y0, y1 = m.view
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    if m.inset:
        _inset(fig, ax, m, pt)
    handles = _legend_handles(m)
    ax.legend(handles=handles, title=m.legend, loc="upper left", bbox_to_anchor=(0, -0.005),
              ncols=min(len(handles), 4), fontsize=12 * pt, title_fontsize=12 * pt,
              frameon=False, alignment="left")
    fig.text(mg["l"] / m.width, 1 - 14 / m.height, m.title, fontsize=18 * pt, va="top")
    fig.text(1 - mg["r"] / m.width, 1 - (mg["t"] - 4) / m.height, m.note, fontsize=10 * pt,
             ha="right", va="bottom", color="#667")
    return _png(fig, dpi)


def _inset(fig, ax, m: maps.MapData, pt: float) -> None:
    bx0, bx1, by0, by1 = m.inset.box
    pos = ax.get_position()
    inset = fig.add_axes([pos.x0 + bx0 * pos.width, pos.y0 + by0 * pos.height,
                          (bx1 - bx0) * pos.width, (by1 - by0) * pos.height])
    inset.set_facecolor("white")
    for a in m.areas:
        if a.code in m.inset.codes:
            for r in a.rings:
                inset.fill(r[:, 0], r[:, 1], facecolor=a.color, edgecolor=maps.EDGE,
                           linewidth=0.5 * pt)
    for line in m.lines:
        inset.plot(line[:, 0], line[:, 1], color=maps.SEA, linewidth=pt * 1.2,
                   linestyle=(0, (4, 3)))
    x0, x1, y0, y1 = m.inset.view
    inset.set_xlim(x0, x1)
    inset.set_ylim(y0, y1)
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_edgecolor("#8c97a6")
    inset.text(0.97, 0.03, m.inset.caption, transform=inset.transAxes, ha="right",
               va="bottom", fontsize=11 * pt, color="#445")


def _legend_handles(m: maps.MapData) -> list:
    out = [Patch(facecolor=c.color, edgecolor="#999", label=c.label) for c in m.classes]
    out.append(Patch(facecolor=maps.NO_DATA, edgecolor="#999", label="0 / 无数据"))
    if m.target_name:
        out.append(Line2D([], [], color=maps.TARGET, linewidth=2, label=f"目标：{m.target_name}"))
    if m.flows:
        out.append(Line2D([], [], color=maps.FLOW, linewidth=2, label="签约流向（线宽＝协议数）"))
    if m.lines:
        out.append(Line2D([], [], color=maps.SEA, linestyle="--", label="海上边界"))
    return out


def score_bars_png(rows: dict, title: str = "线索得分构成（各信号加权得分之和）",
                   width_in: float = 11, dpi: int = 150) -> bytes:
    """`charts.score_rows` output as horizontal stacked bars, best lead on top."""
    cjk_font()
    names = rows["names"][::-1]
    fig, ax = plt.subplots(figsize=(width_in, max(2.5, 0.42 * len(names) + 1.4)), dpi=dpi)
    left = [0.0] * len(names)
    for i, (label, vals) in enumerate(rows["signals"]):
        vals = vals[::-1]
        ax.barh(names, vals, left=left, label=label, color=SIGNAL_COLORS[i % len(SIGNAL_COLORS)])
        left = [a + b for a, b in zip(left, vals)]
    ax.set_xlabel("得分")
    ax.set_title(title, loc="left")
    ax.legend(title="信号", ncols=min(6, max(1, len(rows["signals"]))), loc="upper center",
              bbox_to_anchor=(0.5, -0.18 if len(names) > 4 else -0.3), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig, dpi)


def timeline_png(counts: list[tuple[str, int]], title: str = "签约协议数（按年）",
                 dpi: int = 150) -> bytes:
    cjk_font()
    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=dpi)
    bars = ax.bar([k for k, _ in counts], [n for _, n in counts], color="#4e79a7")
    ax.bar_label(bars, labels=[str(n) if n else "" for _, n in counts])
    ax.set_ylabel("协议数（份）")
    ax.set_title(title, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig, dpi)


def network_png(nodes: dict, edges: list, center=None, colors: dict | None = None,
                kinds: dict | None = None, title: str = "", dpi: int = 150) -> bytes:
    """Nodes {key: {"label", "name"}} and edges [(a, b, type name)] drawn with a spring
    layout; colours per label, a legend of the node kinds; `center` nodes drawn larger."""
    cjk_font()
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b, {"type": t}) for a, b, t in edges if a in nodes and b in nodes)
    centers = set(center or []) if not isinstance(center, str) else {center}
    pos = nx.spring_layout(g, seed=7, k=1.6 / math.sqrt(max(len(g), 1)))
    fig, ax = plt.subplots(figsize=(12, 6.2), dpi=dpi)
    colors, kinds = colors or {}, kinds or {}
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color="#9aa4b2", width=1.0)
    nx.draw_networkx_edge_labels(g, pos, ax=ax, font_size=6, font_color="#667",
                                 edge_labels={(a, b): d["type"] for a, b, d in g.edges(data=True)},
                                 font_family=plt.rcParams["font.family"])
    for key, n in nodes.items():
        nx.draw_networkx_nodes(g, pos, nodelist=[key], ax=ax,
                               node_color=colors.get(n["label"], "#999"),
                               node_size=520 if key in centers else 200,
                               edgecolors="#7f0000" if key in centers else "white")
    for key, (x, y) in pos.items():
        ax.text(x, y - 0.06, nodes[key]["name"], ha="center", va="top",
                fontsize=8 if key in centers else 7,
                fontweight="bold" if key in centers else "normal")
    used = sorted({n["label"] for n in nodes.values()})
    ax.legend(handles=[Patch(color=colors.get(lb, "#999"), label=kinds.get(lb, lb))
                       for lb in used], title="节点类型", loc="lower left", fontsize=8)
    ax.set_title(title, loc="left")
    ax.set_axis_off()
    ax.margins(0.08)
    fig.tight_layout()
    return _png(fig, dpi)
