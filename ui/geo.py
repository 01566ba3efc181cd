"""A map without tiles: regions as dots and agreement flows as lines, drawn as inline SVG
(an equirectangular projection of their lat/lon; nothing is fetched). The points come from
the named queries `map_regions` and `agreement_flows`."""
from __future__ import annotations

import html

W, H, PAD = 760, 560, 20


def _projector(points):
    lats = [p[0] for p in points] or [0]
    lons = [p[1] for p in points] or [0]
    lat0, lat1, lon0, lon1 = min(lats), max(lats), min(lons), max(lons)
    scale = min((W - 2 * PAD) / max(lon1 - lon0, 1e-6), (H - 2 * PAD) / max(lat1 - lat0, 1e-6))
    return lambda lat, lon: (PAD + (lon - lon0) * scale, H - PAD - (lat - lat0) * scale)


def svg_map(regions: list[dict], flows: list[dict]) -> str:
    pts = [(r["lat"], r["lon"]) for r in regions] + \
          [(f["slat"], f["slon"]) for f in flows] + [(f["dlat"], f["dlon"]) for f in flows]
    xy = _projector(pts)
    out = [f'<svg viewBox="0 0 {W} {H}" width="100%" height="{H}" '
           f'style="background:#f7f9fb;border:1px solid #dde">']
    for r in regions:
        x, y = xy(r["lat"], r["lon"])
        rad = 2.2 if r.get("level") == "province" else 1.2
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rad}" fill="#9bb"><title>'
                   f'{html.escape(r["name"])}</title></circle>')
    labelled = {}
    for f in flows:
        (x1, y1), (x2, y2) = xy(f["slat"], f["slon"]), xy(f["dlat"], f["dlon"])
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                   f'stroke="#9467bd" stroke-opacity="0.7" stroke-width="{1 + min(f["n"], 8)}">'
                   f'<title>{html.escape(f["src"])} → {html.escape(f["dst"])}: {f["n"]}</title>'
                   f'</line>')
        labelled[f["src"]], labelled[f["dst"]] = (x1, y1), (x2, y2)
    for name, (x, y) in labelled.items():
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#d62728"/>'
                   f'<text x="{x + 7:.1f}" y="{y + 4:.1f}" font-size="13">'
                   f'{html.escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)
