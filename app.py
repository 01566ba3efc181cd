"""招商引资知识图谱: the Streamlit entry point. It only routes; the pages live in app_pages/.

(Not `pages/`: with a `pages/` directory beside it Streamlit 1.67 switches to its old
multipage mode, in which this file, and so st.navigation, never runs.)

Run: `kg serve` (or `streamlit run app.py`); the store is the one `graph.settings.resolve_store`
picks (KG_STORE, which `kg serve` sets, else NEO4J_URI, else embedded:.kg).
"""
import streamlit as st

from graph.errors import KGError
from graph.users import allows
from ui.auth import gate
from ui.data import show_error, show_unexpected
from ui.i18n import t
from ui.sidebar import sidebar

# No page_icon and no page icons: Streamlit turns a Material icon into a favicon fetched from
# Google Fonts (and emoji render as tofu without an emoji font). Nothing may leave the machine.
st.set_page_config(page_title="招商引资知识图谱", layout="wide")
who = gate()  # the sign-in (ui/auth.py): an anonymous visitor gets no further
sidebar()

# (page, title, url, the least role that sees it); a page a role may not see is not routed at
# all, and the writes check the role again where they happen.
PAGES = [("app_pages/home.py", "nav_home", "home", "viewer"),
         ("app_pages/search.py", "nav_search", "search", "viewer"),
         ("app_pages/leads.py", "nav_leads", "leads", "viewer"),
         ("app_pages/pipeline.py", "nav_pipeline", "pipeline", "viewer"),
         ("app_pages/chain.py", "nav_chain", "chain", "viewer"),
         ("app_pages/console.py", "nav_console", "console", "viewer"),
         ("app_pages/data.py", "nav_data", "data", "editor"),
         ("app_pages/overview.py", "nav_overview", "overview", "viewer"),
         ("app_pages/admin.py", "nav_admin", "admin", "admin")]

page = st.navigation([st.Page(path, title=t(key), url_path=url, default=(url == "home"))
                      for path, key, url, needed in PAGES if allows(who.role, needed)])
try:
    page.run()
except KGError as exc:  # e.g. the store went away mid-session: a message, not a traceback
    show_error(exc)
except Exception as exc:  # noqa: BLE001 - any other failure: a sentence, never a traceback
    show_unexpected(exc)
