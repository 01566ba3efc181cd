"""Data: upload a table or a news article, preview what would load or be rejected, load."""
import streamlit as st

from graph.errors import KGError
from loaders.news.extract import extract_file
from loaders.resolve import review
from ui import auth, data, upload
from ui.i18n import lang, t
from ui.text import md

st.title(t("nav_data"))
store = data.get_store()

with st.expander(t("review_links")):  # proposed links (kg resolve --review), never silent
    proposed = review.proposals(store)
    if not proposed:
        st.caption(t("no_review"))
    for p in proposed[:50]:
        text, yes, no = st.columns([8, 1, 1])
        text.markdown(f"{p['start_name']} → {p['end_name']} · {t(p['kind'])} · "
                      f"{p['confidence']:.2f} · {p['rule']}")
        for col, ok, label in ((yes, True, "accept"), (no, False, "reject")):
            if col.button(t(label), key=f"{label}_{p['id']}"):
                review.review(store, p["id"], ok)
                data.clear_caches()
                st.rerun()

file = st.file_uploader(t("upload"), type=["csv", "xlsx", "txt"], key="upload")
if file is None:
    st.stop()


def _page(path):
    if path.suffix.lower() == ".txt":
        try:
            found = extract_file(str(path))  # UTF-8 or GB18030
        except (KGError, ValueError) as exc:
            data.show_error(exc)
            st.stop()
        st.subheader(t("extracted"))
        for heading, table in upload.news_parts(found, lang()):
            st.markdown(f"**{heading}**")
            st.dataframe(table, hide_index=True, width="stretch")
        if st.button(t("load"), key="load_news", type="primary"):
            try:
                result = upload.load_upload(store, path, "news", actor=auth.actor())
            except KGError as exc:
                data.show_error(exc)
            else:
                data.clear_caches()
                st.success(t("loaded", summary=md(result.summary())))
        st.stop()

    kind = st.selectbox(t("table_kind"), upload.kinds(), key="kind")
    try:
        st.dataframe(upload.head(path), hide_index=True, width="stretch")
        head, cut = upload.preview_copy(path)  # a large CSV: its first rows only
        report = upload.load_upload(store, head, kind, actor=auth.actor(), dry_run=True)  # resolves names only
    except KGError as exc:
        data.show_error(exc)
        st.stop()
    st.subheader(t("preview"))
    st.info(md(report.summary()))
    if cut:
        st.caption(t("preview_head", n=upload.PREVIEW_ROWS))
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
        st.success(t("loaded", summary=md(done.summary())))


with upload.saved(file.name, file.getvalue()) as saved_path:  # private, removed after this run
    _page(saved_path)
