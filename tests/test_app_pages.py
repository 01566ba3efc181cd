"""Every page of the Streamlit app through streamlit.testing.v1.AppTest, on the demo graph
(or, where the demo loader is missing, a small graph mirroring the sample article)."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from loaders.demo import load_demo
from conftest import shared_file

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


# --- the data ----------------------------------------------------------------------------
def load_graph(store, full: bool = False) -> str:
    """Loads the demo graph; returns "demo"."""
    load_demo(store, **({"volume": shared_file("enterprises/a-share-listed.csv")} if full
                        else {"companies": False}))
    return "demo"


@pytest.fixture(scope="module")
def app_store(tmp_path_factory):
    from graph.stores import open_store
    target = f"embedded:{tmp_path_factory.mktemp('ui') / 'kg'}"
    st = open_store(target)
    st.setup_schema()
    load_graph(st)
    old = os.environ.get("KG_STORE")
    os.environ["KG_STORE"] = target
    yield st
    if old is None:
        os.environ.pop("KG_STORE", None)
    else:
        os.environ["KG_STORE"] = old
    st.close()


def run_page(page: str | None = None):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(APP, default_timeout=120)
    if page:
        at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def no_trouble(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# --- the graph HTML: offline -------------------------------------------------------------
def _vis_library() -> str:
    import pyvis
    return (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" /
            "vis-network.min.js").read_text(encoding="utf-8")


# URLs inside the inlined vis-network library that load nothing: the SVG namespace, licence
# and project links in its comments, a link in an error message.
LIBRARY_URLS = {"http://www.w3.org/2000/svg", "http://almende.com",
                "http://opensource.org/licenses/MIT", "http://www.apache.org/licenses/LICENSE-2.0",
                "https://github.com/zloirock/core-js",
                "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
                "https://visjs.github.io/vis-network/", "https://github.com/visjs",
                "https://github.com/uuidjs/uuid#getrandomvalues-not-supported"}


def assert_offline(page: str) -> None:
    lib = _vis_library()
    assert lib in page, "vis-network must be inlined"
    rest = page.replace(lib, "")
    assert "http" not in rest.lower(), re.findall(r".{40}http.{40}", rest, re.I)[:3]
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#|data:)""", rest), "no external resource"
    found = set(re.findall(r"https?://[^\s\"'<>)\\]+", lib))
    assert found <= LIBRARY_URLS | {u.rstrip("/") for u in LIBRARY_URLS}, found - LIBRARY_URLS


def test_network_html_offline_capped_and_laid_out_once():
    from ui.network import GraphData, to_html
    g = GraphData()
    g.add_node("hub", "Company", "招商局集团")
    for i in range(700):
        g.add_node(f"c{i}", "Company", f"子公司{i}<script>")
        g.add_edge("hub", f"c{i}", "OWNS")
    page = to_html(g, center="hub", cap=300)
    assert_offline(page)
    assert "bootstrap" not in page.lower()
    assert page.count('"shape": "dot"') == 300             # capped, centre kept
    assert '"id": "hub"' in page
    assert "\\uff1cscript\\uff1e" in page and "}<script>" not in page  # no markup injected
    assert 'setOptions({physics: false})' in page          # physics off after the layout
    assert g.total == 701


def test_search_page_finds_and_draws(app_store):
    at = run_page("search")
    assert at.title[0].value == "搜索与探索"
    at.text_input(key="q").input("招商局集团").run()
    no_trouble(at)
    assert "招商局集团" in at.selectbox(key="pick").options[0]
    assert at.subheader[0].value == "招商局集团"               # the entity card
    assert not any("name:" in c.value for c in at.caption)     # names, never internal ids
    assert "key" not in at.dataframe[0].proto.column_order and at.dataframe[0].proto.column_order
    assert any("招商银行" in m.value for m in at.markdown)     # its subsidiaries
    page = at.session_state["_last_graph_html"]
    assert_offline(page)
    assert json.dumps("招商银行")[1:-1] in page                   # drawn (JSON-escaped)
    table = at.dataframe[0].value
    assert "招商银行" in set(table.iloc[:, 2])                 # the neighbour table
    at.slider(key="depth").set_value(2).run()
    at.slider(key="size").set_value(20).run()
    no_trouble(at)
    at.selectbox(key="recentre_pick").set_value(_key_for(at, "招商银行"))
    at.button(key="recentre_btn").click().run()
    no_trouble(at)
    assert at.subheader[0].value == "招商银行"


def _key_for(at, name: str) -> str:
    table = at.dataframe[0].value
    return table[table.iloc[:, 2] == name]["key"].iloc[0]


def test_search_by_pinyin_initials_and_unknown(app_store):
    at = run_page("search")
    at.text_input(key="q").input("zsjjt").run()
    assert any(o.startswith("招商局集团") for o in at.selectbox(key="pick").options)
    at.text_input(key="q").input("完全不存在的公司名").run()
    no_trouble(at)
    assert at.info and "完全不存在的公司名" in at.info[0].value


def test_english_toggle(app_store):
    at = run_page("search")
    at.toggle(key="lang_en").set_value(True).run()
    assert at.title[0].value == "Search and explore"


def test_leads_page(app_store):
    at = run_page("leads")
    at.text_input(key="lead_region").input("徐州市")
    at.button[0].click().run()
    no_trouble(at)
    table = at.dataframe[0].value
    assert len(table) > 0 and "总分" in table.columns
    assert {d.label for d in at.get("download_button")} == {"下载 CSV", "下载 Excel"}
    assert "_last_graph_html" in at.session_state


def test_leads_unknown_region(app_store):
    at = run_page("leads")
    at.text_input(key="lead_region").input("火星市")
    at.button[0].click().run()
    assert not at.exception
    assert at.error and "火星市" in at.error[0].value


def test_leads_files_read_back(app_store):
    from io import BytesIO

    from openpyxl import load_workbook
    leads = pytest.importorskip("queries.leads")
    from ui import leads as ui_leads
    report = leads.rank_leads(app_store, "徐州市", top=5)
    wb = load_workbook(BytesIO(ui_leads.xlsx_bytes(report)))
    assert wb.sheetnames[0] == "推荐线索" and wb.active.max_row == len(report.leads) + 1
    assert ui_leads.csv_bytes(report).decode("utf-8-sig").startswith("排名")


def test_chain_page(app_store):
    at = run_page("chain")
    no_trouble(at)
    if at.info and not at.selectbox:  # the sample graph has no chains
        return
    assert len(at.selectbox(key="chain_pick").options) >= 1
    assert at.dataframe[0].value.shape[0] > 0
    at.text_input(key="chain_region").input("火星市").run()
    assert not at.exception
    assert at.error and "火星市" in at.error[0].value


def test_console_saved_query(app_store):
    at = run_page("console")
    if at.info and not at.selectbox:
        pytest.skip("query library not present")
    saved = at.selectbox(key="saved")
    saved.set_value("company_profile").run()
    at.text_input(key="p_company_profile_id").input("招商局集团")
    at.button(key="run_saved").click().run()
    no_trouble(at)
    assert at.dataframe[0].value.iloc[0]["name"] == "招商局集团"


def test_console_free_cypher_graph_and_errors(app_store):
    at = run_page("console")
    at.text_area(key="cypher").input("MATCH (c:Company)-[r:OWNS]->(s:Company) RETURN c, r, s")
    at.button(key="run_free").click().run()
    no_trouble(at)
    assert at.dataframe[0].value.shape[0] >= 5
    view = at.radio(key="view_query")  # the graph is drawn only when it is shown
    view.set_value(view.options[1]).run()
    assert_offline(at.session_state["_last_graph_html"])
    at.text_area(key="cypher").input("CREATE (x:Company {id: 'evil', name: 'evil'}) RETURN x")
    at.button(key="run_free").click().run()
    assert not at.exception and "只读" in at.error[0].value
    assert not app_store.read("MATCH (x:Company {id: 'evil'}) RETURN x").rows
    at.text_area(key="cypher").input("MATC (x) RETURN x")
    at.button(key="run_free").click().run()
    assert not at.exception and "Cypher" in at.error[0].value
    at.text_input(key="cypher_params").input("{not json")
    at.button(key="run_free").click().run()
    assert not at.exception and at.error


def test_data_page_preview_and_load(app_store, tmp_path):
    from streamlit.testing.v1 import AppTest
    csv_text = "name,uscc,province,city\n界面测试科技有限公司,,江苏省,徐州市\n,,江苏省,徐州市\n"
    from ui import upload
    path = upload.save_upload("ui-test.csv", csv_text.encode("utf-8"))
    report = upload.load_upload(app_store, path, "auto", dry_run=True)
    assert report.read == 2 and report.rejected >= 1
    assert "reason" in upload.rejects_frame(report).columns
    assert upload.rejects_csv(report).decode("utf-8-sig").splitlines()[0].endswith(
        "_file,_row,_reasons")
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/data.py").run()
    no_trouble(at)
    assert at.get("file_uploader")  # the upload widget is there


def test_overview_page(app_store):
    at = run_page("overview")
    no_trouble(at)
    assert len(at.metric) >= 3
    assert at.dataframe[0].value.shape[0] >= 1                 # recent agreements
    from queries.library import get_query
    flows = app_store.read(get_query("agreement_flows").text).records()
    assert flows and any(f["dst"] for f in flows)              # the flows the map draws


def test_store_down_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", "bolt://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("KG_CONNECT_TIMEOUT", "1")
    at = run_page("overview")
    assert at.error and "无法连接" in at.error[0].value
    assert any("KG_STORE" in i.value for i in at.info)


def test_no_pages_directory():
    """A `pages/` directory beside app.py would make Streamlit ignore st.navigation."""
    assert not (ROOT / "pages").exists()


def test_serve_command_binds_locally(monkeypatch):
    from graph.settings import resolve_store
    from cli.serve_cmd import serve_command
    cmd = serve_command("127.0.0.1", 8600)
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert resolve_store("embedded:.kg").startswith("embedded:/")
    assert resolve_store("bolt://x:7687") == "bolt://x:7687"
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert 'address = "127.0.0.1"' in config and "gatherUsageStats = false" in config
