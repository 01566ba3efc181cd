"""Data: upload a table or a news article, preview what would load or be rejected, load."""
import streamlit as st

from graph.errors import KGError
from loaders.news.extract import extract_file
from ui import auth, data, upload
from ui.i18n import t

st.title(t("nav_data"))
store = data.get_store()

file = st.file_uploader(t("upload"), type=["csv", "xlsx", "txt"], key="upload")
if file is None:
    st.stop()
path = upload.save_upload(file.name, file.getvalue())

if path.suffix.lower() == ".txt":
    try:
        found = extract_file(str(path))  # UTF-8 or GB18030
    except (KGError, ValueError) as exc:
        data.show_error(exc)
        st.stop()
    st.subheader(t("extracted"))
    for part in ("agreements", "visits", "companies", "organizations", "regions"):
        if found.get(part):
            st.markdown(f"**{part}** · {len(found[part])}")
            st.dataframe(found[part], width="stretch")
    if st.button(t("load"), key="load_news", type="primary"):
        try:
            result = upload.load_upload(store, path, "news", actor=auth.actor())
        except KGError as exc:
            data.show_error(exc)
        else:
            data.clear_caches()
            st.success(t("loaded", summary=result.summary()))
    st.stop()

kind = st.selectbox(t("table_kind"), upload.kinds(), key="kind")
try:
    st.dataframe(upload.head(path), hide_index=True, width="stretch")
    report = upload.load_upload(store, path, kind, actor=auth.actor(),
                                dry_run=True)  # the store resolves names only
except KGError as exc:
    data.show_error(exc)
    st.stop()
st.subheader(t("preview"))
st.info(report.summary())
if report.rejects:
    st.markdown(f"**{t('would_reject')}**")
    st.dataframe(upload.rejects_frame(report), hide_index=True, width="stretch")
    st.download_button(t("download_rejects"), upload.rejects_csv(report),
                       f"{path.stem}.rejects.csv", "text/csv", key="dl_rejects",
                       on_click="ignore")
else:
    st.caption(t("no_rejects"))

if st.button(t("load"), key="load", type="primary"):
    try:
        done = upload.load_upload(store, path, kind, actor=auth.actor())
    except KGError as exc:
        data.show_error(exc)
        st.stop()
    data.clear_caches()
    st.success(t("loaded", summary=done.summary()))
