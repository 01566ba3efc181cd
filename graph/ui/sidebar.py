"""The sidebar every page shares: language toggle and the store in use."""
from __future__ import annotations

import streamlit as st

from graph.ui.i18n import t


def sidebar() -> None:
    with st.sidebar:
        english = st.toggle(t("lang_toggle"), key="lang_en",
                            value=st.session_state.get("lang") == "en")
        st.session_state["lang"] = "en" if english else "zh"
        st.caption(t("app_title"))


def download_name(stem: str, ext: str) -> str:
    import datetime as dt
    return f"{stem}-{dt.date.today().isoformat()}.{ext}"
