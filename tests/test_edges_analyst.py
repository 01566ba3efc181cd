"""Issue 12, item 12: analyst traps. A misspelt parameter is refused, a misspelt label, type or
property gets a hint, the console draws a graph only when it is shown and fits it, a path is a
picture."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import main
from test_edges_app import APP, hostile_store  # noqa: F401 - the fixture


def _target(store) -> str:
    return f"embedded:{store.server.dir}" if store.kind == "embedded" else store.uri


def test_saved_query_with_an_unknown_parameter_is_refused(tmp_path):
    res = CliRunner().invoke(main, ["--store", f"embedded:{tmp_path / 'kg'}", "query",
                                    "company_profile", "-p", "idd=招商局集团"])
    assert res.exit_code == 2, res.output
    assert "idd" in res.output and "$id" in res.output


def test_zero_rows_with_unknown_names_get_a_hint(store):
    store.upsert_nodes("Company", [{"id": "c1", "name": "招商局集团"}])
    store.upsert_relationships("OWNS", "Company", "Company", [{"start": "c1", "end": "c1"}])
    from queries.hints import zero_row_hint
    hint = zero_row_hint(store, "MATCH (c:Compnay)-[:OWN]->(d) WHERE c.nmae = 'x' RETURN c")
    assert "Compnay" in hint and "Company" in hint
    assert "OWN" in hint and "OWNS" in hint
    assert "nmae" in hint and "name" in hint
    assert zero_row_hint(store, "MATCH (c:Company) WHERE c.name = 'nobody' RETURN c") is None
    res = CliRunner().invoke(main, ["--store", _target(store), "query", "--cypher",
                                    "MATCH (c:Compnay) RETURN c.name"])
    assert res.exit_code == 0 and "Company" in res.output


def test_console_draws_the_graph_only_when_shown_and_fits_it(hostile_store):  # noqa: F811
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("app_pages/console.py")
    at.run()
    at.text_area(key="cypher").input("MATCH (c:Company)-[r:OWNS]->(s:Company) RETURN c, r, s")
    at.button(key="run_free").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.dataframe, "the table is the first view"
    assert "_last_graph_html" not in at.session_state, "graph drawn while hidden"
    view = at.radio(key="view_query")
    view.set_value(view.options[1]).run()
    assert not at.exception
    html = at.session_state["_last_graph_html"]
    assert "network.fit(" in html


def test_a_path_result_is_drawn_as_a_picture(hostile_store):  # noqa: F811
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("app_pages/console.py")
    at.run()
    at.selectbox(key="saved").set_value("paths_between").run()
    at.text_input(key="p_paths_between_a").input("hub")
    at.text_input(key="p_paths_between_b").input("h1")
    at.button(key="run_saved").click().run()
    assert not at.exception, [e.value for e in at.exception]
    html = at.session_state.get("_last_graph_html", "")
    drawn = lambda s: s in html or json.dumps(s)[1:-1] in html  # noqa: E731
    assert drawn("枢纽集团") and drawn("bold"), "the path's two companies are not drawn"
    assert "network.fit(" in html
