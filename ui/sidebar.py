"""The sidebar every page shares: language toggle and the store in use."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from graph.stores import redact_uri
from ui.data import store_target
from ui.i18n import t
from ui.text import md


def sidebar() -> None:
    with st.sidebar:
        if "lang_en" not in st.session_state:
            st.session_state["lang_en"] = st.session_state.get("lang") == "en"
        st.toggle(t("lang_toggle"), key="lang_en")
        st.caption(t("app_title"))
        st.caption(f"{t('store')}: {md(redact_uri(store_target()))}")


def download_name(stem: str, ext: str) -> str:
    return f"{stem}-{dt.date.today().isoformat()}.{ext}"
