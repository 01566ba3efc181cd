"""The leadership briefing deck (python-pptx) from a region's `queries.pictures.Overview`.

Slides: title; priorities and chain coverage; top leads; reasons (graded) and sources of the
best leads; lead scores as stacked bars; the evidence network of the top leads; the country
map (leads per province, agreement flows into the region); the province map (companies per
city); agreements over time with the latest ones. Pictures are drawn by `ui.static`
(matplotlib, no browser). Chinese text is set in Noto Sans CJK SC (Debian: fonts-noto-cjk),
named as both the Latin and the East Asian typeface of every run.

Example:
    >>> from queries.pictures import region_overview
    >>> build_brief(region_overview(store, "徐州市"), "徐州市_招商简报.pptx")
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from graph.schema import load_schema
from ui import charts, maps, static

FONT = static.CJK_FAMILY
W, H = Inches(13.333), Inches(7.5)
ACCENT = RGBColor(0xB0, 0x1E, 0x23)
GREY = RGBColor(0x55, 0x5F, 0x6D)
REASON_LEADS = 3


def build_brief(ov, out: str | Path | None = None) -> bytes:
    """The deck as bytes (and written to `out` when given)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    name = ov.region.get("name", "")
    _title_slide(prs, ov)
    _priorities_slide(prs, ov)
    _leads_slide(prs, ov)
    _reasons_slide(prs, ov)
    if ov.leads:
        rows = charts.score_rows(ov.leads, ov.signal_names)
        _picture_slide(prs, f"{name} 线索得分构成", static.score_bars_png(rows),
                       "每条横条是一条线索的总分，颜色是各信号的加权得分")
    _network_slide(prs, ov)
    _picture_slide(prs, f"{name} 线索分布与签约流向（全国）", static.map_png(country(ov)),
                   "颜色：各省前列线索数；箭头：本地协议的外地签约方所在地 → 本地")
    _picture_slide(prs, f"{name} 所在省份各市企业数", static.map_png(provincial(ov)),
                   "颜色：各市（直辖市为区县）已入图企业数")
    _agreements_slide(prs, ov)
    buf = io.BytesIO()
    prs.save(buf)
    data = buf.getvalue()
    if out is not None:
        Path(out).write_bytes(data)
    return data


def country(ov, **kw) -> maps.MapData:
    """The country map of the briefing: top leads per province, flows into the region."""
    return maps.country_map(ov.leads_per("province"), title=f"{ov.region.get('name')} 前列线索所在省份",
                            legend="线索数（条）", flows=ov.flows, target=ov.region.get("code"),
                            width=1200, height=860, font_px=13, **kw)


def provincial(ov, **kw) -> maps.MapData:
    values = {r["code"]: r["companies"] for r in ov.by_city}
    province = next((p["name"] for p in ov.by_province if p["code"] == ov.province), "")
    return maps.province_map(ov.province, values, title=f"{province}各市企业数",
                             legend="企业数（家）", target=ov.region.get("code"),
                             width=1200, height=860, font_px=13, **kw)


# ------------------------------------------------------------------------------ slides

def _slide(prs, title: str):
    s = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    box = s.shapes.add_textbox(Inches(0.5), Inches(0.3), W - Inches(1), Inches(0.8))
    _text(box.text_frame, title, 28, bold=True, color=ACCENT)
    return s


def _text(tf, text: str, size: int, bold: bool = False, color=None, para=None):
    p = para or tf.paragraphs[0]
    run = p.add_run()
    run.text = text
    _font(run, size, bold, color)
    return p


def _font(run, size: int, bold: bool = False, color=None) -> None:
    f = run.font
    f.size, f.bold, f.name = Pt(size), bold, FONT
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "zh-CN")
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", FONT)
    if color is not None:
        f.color.rgb = color


def _bullets(slide, items: list[str], left, top, width, height, size: int = 16):
    tf = slide.shapes.add_textbox(left, top, width, height).text_frame
    tf.word_wrap = True
    for i, item in enumerate(items):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        _text(tf, item, size, para=p)
        p.space_after = Pt(4)
    return tf


def _title_slide(prs, ov) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    name = ov.region.get("name", "")
    box = s.shapes.add_textbox(Inches(0.8), Inches(2.2), W - Inches(1.6), Inches(1.4))
    _text(box.text_frame, f"{name}招商简报", 44, bold=True, color=ACCENT)
    sub = [f"地区：{name}（{ov.region.get('code', '')}）"
           + (f"，上级：{'、'.join(ov.region.get('parents') or [])}" if ov.region.get("parents")
              else "")]
    if ov.industries:
        sub.append(f"关注产业：{'、'.join(ov.industries)}")
    if ov.leads:
        sub.append(f"首位线索：{ov.leads[0]['name']}")
    sub.append(f"生成日期：{ov.made} · 招商引资知识图谱（每条结论可追溯到来源）")
    _bullets(s, sub, Inches(0.8), Inches(3.7), W - Inches(1.6), Inches(2.5), 20)


def _priorities_slide(prs, ov) -> None:
    name = ov.region.get("name", "")
    s = _slide(prs, f"{name} 重点产业与产业链覆盖")
    pri = ov.region.get("priorities") or []
    facts = [f"重点产业（{len(pri)}）：{'、'.join(pri) or '未录入'}",
             f"本地企业（含下级地区）：{ov.region.get('local_companies', 0)} 家",
             f"已签约企业：{'、'.join(ov.region.get('engaged') or []) or '无'}"]
    _bullets(s, facts, Inches(0.5), Inches(1.2), Inches(4.6), Inches(5.8), 15)
    rows = _coverage(ov.chain)
    if not rows:
        _bullets(s, ["未录入产业链环节"], Inches(5.3), Inches(1.2), Inches(7.5), Inches(1), 15)
        return
    _table(s, ["重点产业", "环节数", "有本地企业", "缺口环节（无本地企业）"], rows,
           Inches(5.3), Inches(1.2), Inches(7.6), [1.7, 0.9, 1.1, 3.9], 12)


def _coverage(chain: list[dict]) -> list[list[str]]:
    by: dict = {}
    for r in chain:
        by.setdefault(r["priority"], []).append(r)
    out = []
    for pri, segs in by.items():
        gaps = [r["segment"] for r in segs if r.get("gap")]
        out.append([pri, str(len(segs)), str(len(segs) - len(gaps)),
                    "、".join(gaps[:8]) + ("……" if len(gaps) > 8 else "")])
    return out[:10]


def _leads_slide(prs, ov) -> None:
    name = ov.region.get("name", "")
    s = _slide(prs, f"{name} 前列{ov.lead_list}")
    if not ov.leads:
        _bullets(s, ["没有可推荐的线索（图中缺少该地区的产业或签约数据）"], Inches(0.5),
                 Inches(1.3), Inches(12), Inches(1), 18)
        return
    rows = [[str(lead["rank"]), lead["name"], f"{lead['score']:.3f}", _top_signals(ov, lead),
             (lead["reasons"][0]["text"] if lead["reasons"] else "—")[:60]]
            for lead in ov.leads[:10]]
    _table(s, ["排名", "企业", "总分", "主要信号", "首要理由"], rows, Inches(0.5), Inches(1.2),
           Inches(12.3), [0.6, 2.0, 0.8, 2.6, 6.3], 12)


def _top_signals(ov, lead) -> str:
    c = sorted(((v, k) for k, v in lead["contributions"].items() if v > 0), reverse=True)
    return "、".join(f"{ov.signal_names.get(k, k)} {v:.2f}" for v, k in c[:3])


def graded_reasons(ov, lead) -> list[str]:
    """Each reason with the engine's evidence grade (强/中/弱, docs/leads.md), its signal, date
    and source: the grade is the engine's, never recomputed here."""
    out = []
    for r in lead["reasons"]:
        when = f"，{r['date']}" if r.get("date") and r["date"] not in r["text"] else ""
        src = r.get("source")
        cite = f"（来源：{src}）" if src and src not in r["text"] else ""
        out.append(f"【{r['grade']}·{ov.signal_names.get(r['signal'], r['signal'])}{when}】"
                   f"{r['text']}{cite}")
    return out


def _reasons_slide(prs, ov) -> None:
    if not ov.leads:
        return
    s = _slide(prs, f"{ov.region.get('name', '')} 首要线索的理由与来源")
    tf = s.shapes.add_textbox(Inches(0.5), Inches(1.2), W - Inches(1), Inches(6)).text_frame
    tf.word_wrap = True
    first = True
    for lead in ov.leads[:REASON_LEADS]:
        p = tf.paragraphs[0] if first else tf.add_paragraph()
        first = False
        _text(tf, f"{lead['rank']}. {lead['name']}（总分 {lead['score']:.3f}）", 15, bold=True,
              color=ACCENT, para=p)
        for reason in graded_reasons(ov, lead)[:4]:
            _text(tf, "· " + reason, 11, para=tf.add_paragraph())
        srcs = sorted({r["source"] for r in lead["reasons"] if r.get("source")})
        _text(tf, "来源：" + ("、".join(srcs) if srcs else "来源未记录"), 10, color=GREY,
              para=tf.add_paragraph())


def _network_slide(prs, ov) -> None:
    ev = ov.evidence
    if not ev.get("nodes"):
        return
    schema = load_schema()
    colors = {lb: nt.color for lb, nt in schema.nodes.items()}
    kinds = {lb: nt.zh for lb, nt in schema.nodes.items()}
    rels = {t: rt.zh for t, rt in schema.relationships.items()}
    edges = [(a, b, rels.get(t, t)) for a, b, t in ev["edges"]]
    png = static.network_png(ev["nodes"], edges, center=ev.get("centers"), colors=colors,
                             kinds=kinds)
    names = "、".join(ov.leads[i]["name"] for i in range(min(len(ov.leads), 3)))
    _picture_slide(prs, f"{ov.region.get('name', '')} 前列线索的证据网络", png,
                   f"{names} 的推荐理由所经过的实体与关系（加粗为线索企业）")


def _agreements_slide(prs, ov) -> None:
    s = _slide(prs, f"{ov.region.get('name', '')} 签约情况")
    counts = charts.by_period(ov.agreement_dates, "year")
    if counts:
        _add_picture(s, static.timeline_png(counts), Inches(0.5), Inches(1.2), Inches(6.2),
                     Inches(3.0))
    rows = [[r.get("date") or "", (r.get("title") or "")[:40], "、".join(r.get("parties") or [])[:40]]
            for r in ov.recent[:8]]
    if rows:
        _table(s, ["日期", "协议", "签约方"], rows, Inches(6.9), Inches(1.2), Inches(6.0),
               [1.1, 2.6, 2.3], 10)
    else:
        _bullets(s, ["尚无签约记录"], Inches(6.9), Inches(1.2), Inches(6), Inches(1), 16)


def _picture_slide(prs, title: str, png: bytes, caption: str = "") -> None:
    s = _slide(prs, title)
    _add_picture(s, png, Inches(0.5), Inches(1.1), W - Inches(1), H - Inches(1.8))
    if caption:
        _bullets(s, [caption], Inches(0.5), H - Inches(0.65), W - Inches(1), Inches(0.5), 12)


def _add_picture(slide, png: bytes, left, top, max_w, max_h) -> None:
    w, h = Image.open(io.BytesIO(png)).size
    scale = min(max_w / w, max_h / h)
    pw, ph = Emu(int(w * scale)), Emu(int(h * scale))
    slide.shapes.add_picture(io.BytesIO(png), left + (max_w - pw) // 2, top, pw, ph)


def _table(slide, header: list[str], rows: list[list[str]], left, top, width,
           col_in: list[float], size: int) -> None:
    shape = slide.shapes.add_table(len(rows) + 1, len(header), left, top, width,
                                   Inches(0.4) * (len(rows) + 1))
    table = shape.table
    for j, w in enumerate(col_in):
        table.columns[j].width = Inches(w)
    for i, row in enumerate([header] + rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = ""
            _text(cell.text_frame, str(value), size, bold=(i == 0))
