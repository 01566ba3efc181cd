"""Store access for the pages: one cached connection, cached results, readable errors.

Pages never build Cypher: they run named queries from `queries/`, the key lookups of
`graph.lookup`, and user Cypher only through `run_readonly`.
"""
from __future__ import annotations

import logging

import streamlit as st

from graph import lookup
from graph.errors import (BadParameters, CypherError, KGError, QueryTimeout, QueryTooLarge,
                          StoreUnavailable, WriteRefused)
from graph.settings import resolve_store
from graph.store import GraphStore, QueryResult
from graph.stores import open_store, redact_uri
from loaders.resolve.search import search as shared_search
from queries import hints
from queries.leads.fetch import resolve_region
from queries.library import get_query, list_queries
from ui.i18n import t
from ui.text import md

CACHE_TTL_S = 120
_LOG = logging.getLogger("kg.app")

def store_target() -> str:
    """The store the app works on: `graph.settings.resolve_store` (`kg serve` passes the one
    `kg` resolved as KG_STORE)."""
    return resolve_store()


@st.cache_resource(show_spinner=False)
def _open(target: str) -> GraphStore:
    store = open_store(target)
    try:
        store.read("RETURN 1")  # connect now: a wrong address fails here, not mid-page
    except Exception:
        store.close()
        raise
    return store


def get_store() -> GraphStore:
    """The cached store; on failure shows what to check and stops the page (no traceback)."""
    target = store_target()
    try:
        return _open(target)
    except Exception as exc:  # noqa: BLE001 - any failure becomes a readable message
        st.error(t("store_down"))
        st.info(t("store_check", target=md(redact_uri(target))))
        with st.expander(t("error")):
            st.code(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        st.stop()


def show_error(exc: Exception) -> None:
    """One readable message per kind of failure."""
    first = str(exc).split("\n")[0]
    if isinstance(exc, WriteRefused):
        st.error(t("write_refused"))
    elif isinstance(exc, QueryTimeout):
        st.error(t("timeout"))
    elif isinstance(exc, QueryTooLarge):
        st.error(t("too_large"))
    elif isinstance(exc, (CypherError, BadParameters)):
        st.error(t("bad_cypher", msg=md(first)))
    elif isinstance(exc, StoreUnavailable):
        st.error(t("store_down"))
        st.info(t("store_check", target=md(redact_uri(store_target()))))
    else:
        st.error(f"{t('error')}: {md(first)}")
    hint = getattr(exc, "hint", "")
    if hint:
        st.caption(md(hint))


def show_unexpected(exc: Exception) -> None:
    """A failure nobody foresaw: a sentence and what to do for the user; the traceback goes
    to the server's log only (client.showErrorDetails = "none" in .streamlit/config.toml)."""
    _LOG.error("page failed", exc_info=exc)
    st.error(t("unexpected"))
    st.info(t("unexpected_next", kind=type(exc).__name__))


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def read(target: str, cypher: str, params: dict) -> QueryResult:
    """A trusted, parameterised read, cached per store target, statement and parameters."""
    return _open(target).read(cypher, params)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def named(target: str, name: str, params: dict) -> QueryResult:
    """Run a saved query from `queries/` (read-only, time limit and row cap)."""
    q = get_query(name)
    return _open(target).run_readonly(q.text, {**q.defaults(), **params})


def zero_row_hint(text: str) -> str | None:
    """Labels, types and keys the query names that the graph lacks (queries.hints)."""
    return hints.zero_row_hint(get_store(), text)


def run_user_cypher(text: str, params: dict, timeout: float, cap: int) -> QueryResult:
    """Untrusted Cypher: never cached, always read-only with limits."""
    return get_store().run_readonly(text, params, timeout=timeout, row_cap=cap)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def counts(target: str) -> dict:
    return _open(target).counts()


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def search(target: str, text: str, limit: int = 10) -> list[dict]:
    """Entities matching `text` (loaders.resolve.search: names, aliases, pinyin, initials)."""
    text = (text or "").strip()
    if not text:
        return []
    return [_hit(h) for h in shared_search(_open(target), text, limit=limit)]


def _hit(h: dict) -> dict:
    key = h.get("key") or h.get("id") or h.get("code")
    return {"label": h.get("label", "?"), "key": key, "name": h.get("name") or str(key),
            "score": h.get("score"), "why": h.get("why", "")}


def node(target: str, key: str) -> dict | None:
    res = read(target, lookup.node_by_key(), {"key": key})
    if not res.rows:
        return None
    props, label = res.rows[0]
    return {"label": label, **{k: v for k, v in props.items() if not k.startswith("_")}}


def query_library() -> list:
    """The saved queries, or [] while the library is broken."""
    try:
        return list_queries()
    except KGError:
        return []


def clear_caches() -> None:
    st.cache_data.clear()


def describe_keys(target: str, keys: list) -> dict:
    """{key: {"label", "name"}} for node keys (ids or codes), e.g. evidence paths."""
    res = read(target, lookup.nodes_by_keys(), {"keys": sorted({str(k) for k in keys})})
    return {r["key"]: r for r in res.records()}


def link_types(target: str, pairs: list[tuple]) -> dict:
    """{(a, b): type} for consecutive path nodes, whichever way the relationship points."""
    both = [list(p) for p in pairs] + [[b, a] for a, b in pairs]
    out = {}
    for r in read(target, lookup.links_between(), {"pairs": both}).records():
        out[(r["a"], r["b"])] = out[(r["b"], r["a"])] = r["type"]
    return out


def region_problem(target: str, region: str) -> str | None:
    """None when `region` names a region; else a message with the closest names."""
    try:
        resolve_region(_open(target), region)
    except KGError as exc:
        return t("unknown_region", q=md(region)) + " " + md(str(exc).split("\n")[0])
    return None
