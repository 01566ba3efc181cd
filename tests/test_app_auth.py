"""The new pages and the open mode through AppTest (no users file: one local admin)."""
from __future__ import annotations

from test_app_pages import app_store, no_trouble, run_page  # noqa: F401 - the fixture


def test_follow_up_and_admin_pages_render_in_open_mode(app_store):  # noqa: F811
    at = run_page("pipeline")
    no_trouble(at)
    assert at.title[0].value == "线索跟进"
    assert any("单用户模式" in w.value for w in at.sidebar.warning)  # clearly labelled
    at = run_page("admin")
    no_trouble(at)
    assert at.title[0].value == "用户与审计"


def test_without_users_the_lan_gets_only_how_to_create_them(app_store, monkeypatch):  # noqa: F811
    monkeypatch.setenv("KG_BIND_ADDRESS", "0.0.0.0")
    at = run_page()
    assert at.error and "kg users add" in at.error[0].value
    assert not at.text_input  # no page ran: no search box
