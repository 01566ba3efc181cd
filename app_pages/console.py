"""Cypher console: saved queries with generated widgets, a free editor; always read-only."""
import json

import streamlit as st

from graph.errors import KGError
from queries.library import EXAMPLE_CYPHER, param_value
from ui import data
from ui.i18n import lang, t
from ui.results import show_result
from ui.text import md

st.title(t("nav_console"))
store = data.get_store()
settings = store.settings
c1, c2 = st.columns(2)
timeout = c1.number_input("timeout (s)", 1.0, 60.0, float(settings.query_timeout_s), key="timeout")
cap = c2.number_input("row cap", 1, int(settings.row_cap), min(1000, int(settings.row_cap)),
                      key="cap")
st.caption(t("readonly_note", timeout=timeout, cap=cap))


def _value(text: str, example):
    """A number where the query's example is a number, else the text as typed."""
    numeric = isinstance(example, (int, float)) and not isinstance(example, bool)
    return param_value(text) if numeric else text


def _run(text: str, params: dict, key: str) -> None:
    """Run and keep the result (and a hint when nothing came back) for the reruns that
    switching between table and graph makes."""
    st.session_state.pop(f"result_{key}", None)
    try:
        res = data.run_user_cypher(text, params, timeout, int(cap))
        hint = None if res.rows else data.zero_row_hint(text)
    except KGError as exc:
        data.show_error(exc)
        return
    st.session_state[f"result_{key}"] = (res, hint)


def _show(key: str) -> None:
    kept = st.session_state.get(f"result_{key}")
    if kept:
        show_result(kept[0], key, hint=kept[1])


saved_tab, free_tab = st.tabs([t("saved_queries"), t("free_cypher")])
with saved_tab:
    library = {q.name: q for q in data.query_library()}
    if not library:
        st.info(t("no_queries"))
    else:
        title = (lambda n: library[n].title_zh) if lang() == "zh" else \
            (lambda n: library[n].title_en)
        name = st.selectbox(t("saved_queries"), list(library), format_func=title, key="saved")
        q = library[name]
        st.caption(q.description)
        params = {p.name: _value(st.text_input(f"${p.name} · {p.meaning}", str(p.example),
                                               key=f"p_{name}_{p.name}"), p.example_value())
                  for p in q.params}
        with st.expander("Cypher"):
            st.code(q.text, language="cypher")
        if st.button(t("run"), key="run_saved", type="primary"):
            _run(q.text, params, name)
        _show(name)

with free_tab:
    text = st.text_area("Cypher", EXAMPLE_CYPHER, height=160, key="cypher")
    raw = st.text_input("$params (JSON)", "{}", key="cypher_params")
    if st.button(t("run"), key="run_free", type="primary"):
        try:
            free_params = json.loads(raw or "{}")
        except json.JSONDecodeError as exc:
            st.error(t("bad_cypher", msg=md(f"$params: {exc}")))
        else:
            _run(text, free_params, "query")
    _show("query")
