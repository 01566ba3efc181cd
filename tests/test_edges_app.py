"""Issue 12, items 8 and 10 in the app (streamlit.testing.v1.AppTest): names are text, never
Markdown; a failure on any page is a sentence and what to do, never a traceback."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from test_edges_exports import _report
from ui.text import JOINER

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
HOSTILE = ["![x](http://127.0.0.1:9/x.png)", "**bold**公司", ":red[x]公司",
           "[link](http://127.0.0.1:9/l)公司", "<img src=x onerror=alert(1)>公司", "$x^2$公司"]
MARKDOWN_ELEMENTS = ("markdown", "caption", "subheader", "title", "header", "info", "warning",
                     "error", "success")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    from graph.stores import open_store
    target = f"embedded:{tmp_path_factory.mktemp('hostile') / 'kg'}"
    st = open_store(target)
    st.setup_schema()
    st.upsert_nodes("Company", [{"id": f"h{i}", "name": n} for i, n in enumerate(HOSTILE)] +
                    [{"id": "hub", "name": "枢纽集团"}])
    st.upsert_relationships("OWNS", "Company", "Company",
                            [{"start": "hub", "end": f"h{i}"} for i in range(len(HOSTILE))])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_STORE", target)
        yield st
    st.close()


def _app(page: str):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(f"app_pages/{page}.py")
    return at


def assert_names_are_text(at, names: list[str]) -> None:
    """No Markdown element carries a name's markup raw; every name is shown (as st.text, a
    table cell, an option, or escaped Markdown that reads back as the name)."""
    shown = [e.value for e in at.text]
    for kind in MARKDOWN_ELEMENTS:
        for e in getattr(at, kind):
            body = str(e.value)
            for n in (n for n in names if re.search(r"[!-/:-@\[-`{-~]", n)):
                assert n not in body, f"st.{kind} renders {n!r} as Markdown: {body!r}"
            shown.append(_UNESCAPE.sub(r"\1", body).replace(JOINER, ""))
    for df in at.dataframe:
        shown += [str(v) for v in df.value.to_numpy().ravel()]
    for sb in at.selectbox:
        shown += [str(o) for o in sb.options]
    for n in names:
        assert any(n in s for s in shown), f"{n!r} is not shown at all"


def test_search_card_shows_hostile_names_as_text(hostile_store):
    at = _app("search")
    at.session_state["focus"] = "hub"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert_names_are_text(at, HOSTILE)
    at.session_state["focus"] = "h0"
    at.run()
    assert not at.exception
    assert_names_are_text(at, [HOSTILE[0], "枢纽集团"])


def test_leads_page_shows_hostile_names_as_text(hostile_store, monkeypatch):
    import ui.leads
    report = _report(HOSTILE)
    monkeypatch.setattr(ui.leads, "rank", lambda *a, **k: report)
    at = _app("leads")
    at.run()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert_names_are_text(at, HOSTILE)


def test_markdown_escape_round_trips():
    from ui.text import md
    for n in HOSTILE + ["见 www.a.cn", "a@b.cn"]:
        esc = md(n)
        assert _UNESCAPE.sub(r"\1", esc).replace(JOINER, "") == n
        assert not re.search(r"[!-/:-@\[-`{-~]", re.sub(r"\\.", "", esc)), esc


def test_a_failing_page_is_a_sentence_not_a_traceback(hostile_store, monkeypatch):
    import ui.leads
    def boom(*a, **k):
        raise ValueError("boom at /srv/secret/path/module.py line 3")
    monkeypatch.setattr(ui.leads, "rank", boom)
    at = _app("leads")
    at.run()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "the failure is not reported"
    text = " ".join(str(e.value) for e in list(at.error) + list(at.info))
    assert "/srv/secret" not in text and "Traceback" not in text
    assert at.info and any("重试" in str(i.value) or "retry" in str(i.value) for i in at.info)


def test_leads_xlsx_with_escape_character_does_not_break_the_page(hostile_store, monkeypatch):
    import ui.leads
    report = _report(["控制\x1b字符公司", "普通公司"])
    monkeypatch.setattr(ui.leads, "rank", lambda *a, **k: report)
    at = _app("leads")
    at.run()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_streamlit_config_hides_error_details():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["client"]["showErrorDetails"] == "none"
