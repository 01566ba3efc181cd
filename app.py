"""招商引资知识图谱: the Streamlit entry point. It only routes; the pages live in app_pages/.

(Not `pages/`: with a `pages/` directory beside it Streamlit 1.67 switches to its old
multipage mode, in which this file, and so st.navigation, never runs.)

Run: `kg serve` (or `streamlit run app.py`); the store is the one `graph.settings.resolve_store`
picks (KG_STORE, which `kg serve` sets, else NEO4J_URI, else embedded:.kg).
"""
import streamlit as st

from graph.errors import KGError
from ui.data import show_error, show_unexpected
from ui.i18n import t
from ui.sidebar import sidebar

# No page_icon and no page icons: Streamlit turns a Material icon into a favicon fetched from
# Google Fonts (and emoji render as tofu without an emoji font). Nothing may leave the machine.
st.set_page_config(page_title="招商引资知识图谱", layout="wide")
sidebar()

PAGES = [("app_pages/home.py", "nav_home", "home"),
         ("app_pages/search.py", "nav_search", "search"),
         ("app_pages/leads.py", "nav_leads", "leads"),
         ("app_pages/chain.py", "nav_chain", "chain"),
         ("app_pages/console.py", "nav_console", "console"),
         ("app_pages/data.py", "nav_data", "data"),
         ("app_pages/overview.py", "nav_overview", "overview")]

page = st.navigation([st.Page(path, title=t(key), url_path=url, default=(url == "home"))
                      for path, key, url in PAGES])
try:
    page.run()
except KGError as exc:  # e.g. the store went away mid-session: a message, not a traceback
    show_error(exc)
except Exception as exc:  # noqa: BLE001 - any other failure: a sentence, never a traceback
    show_unexpected(exc)
