"""线索跟进: leads in follow-up with filters (overdue first), history, a funnel per region and
period; editors take leads in, move them through the stages and add notes."""
import datetime as dt

import streamlit as st

from graph.errors import KGError
from queries.pipeline import STAGES
from ui import auth, data, pipeline
from ui.i18n import t

st.title(t("nav_pipeline"))
data.get_store()

with st.expander(t("fu_filters"), expanded=True):
    c1, c2, c3 = st.columns(3)
    region = c1.text_input(t("region"), "", key="fu_region", placeholder="徐州市")
    stage = c2.selectbox(t("fu_stage"), ["", *STAGES], key="fu_stage_filter")
    owner = c3.text_input(t("fu_owner"), "", key="fu_owner_filter")
try:
    leads = pipeline.rows(region.strip(), stage, owner.strip())
except KGError as exc:
    data.show_error(exc)
    st.stop()

if auth.can("editor"):
    with st.form("fu_add_form", clear_on_submit=True):
        st.markdown(f"**{t('fu_add')}**")
        c1, c2 = st.columns(2)
        company = c1.text_input(t("fu_company"), key="fu_new_company")
        new_region = c2.text_input(t("region"), region or "徐州市", key="fu_new_region")
        c3, c4 = st.columns(2)
        new_owner = c3.text_input(t("fu_owner"), key="fu_new_owner")
        new_next = c4.date_input(t("fu_next"), None, key="fu_new_next")
        new_note = st.text_input(t("fu_note"), key="fu_new_note")
        if st.form_submit_button(t("fu_add"), type="primary"):
            try:
                out = pipeline.write("add", auth.actor(), company, new_region,
                                     owner=new_owner or None, note=new_note or None,
                                     next_date=new_next.isoformat() if new_next else None)
            except KGError as exc:
                data.show_error(exc)
            else:
                st.success(t("fu_done", what=f"{out['company']} · {out['stage']}"))
                st.rerun()

if not leads:
    st.info(t("fu_none"))
    st.stop()
st.dataframe(pipeline.frame(leads), hide_index=True, width="stretch")

names = {r["id"]: f"{r['company']} · {r['region']}" for r in leads}
pick = st.selectbox(t("fu_pick"), list(names), format_func=names.get, key="fu_pick")
lead = next(r for r in leads if r["id"] == pick)
st.caption(f"{t('fu_stage')}：{lead['stage']}")

if auth.can("editor"):
    with st.form("fu_move_form", clear_on_submit=True):
        c1, c2 = st.columns(2)
        to = c1.selectbox(t("fu_move_to"), STAGES, index=STAGES.index(lead["stage"]),
                          key="fu_move_stage")
        nxt = c2.date_input(t("fu_next"), None, key="fu_move_next")
        note = st.text_input(t("fu_note"), key="fu_move_note")
        lost = st.text_input(t("fu_lost"), key="fu_move_lost")
        c3, c4 = st.columns(2)
        move = c3.form_submit_button(t("fu_move"), type="primary")
        only_note = c4.form_submit_button(t("fu_add_note"))
    if move or only_note:
        kw = {"next_date": nxt.isoformat() if isinstance(nxt, dt.date) else None}
        try:
            if move:
                out = pipeline.write("move", auth.actor(), lead["company_id"],
                                     lead["region_code"], to, note=note or None,
                                     lost_reason=lost or None, **kw)
            else:
                out = pipeline.write("note", auth.actor(), lead["company_id"],
                                     lead["region_code"], note, **kw)
        except KGError as exc:
            data.show_error(exc)
        else:
            st.success(t("fu_done", what=f"{out['company']} · {out['stage']}"))
            st.rerun()

st.subheader(t("fu_history"))
st.dataframe(pipeline.history(lead), hide_index=True, width="stretch")

st.subheader(t("fu_funnel"))
period = st.radio(t("fu_period"), ["month", "quarter"], horizontal=True, key="fu_period",
                  format_func={"month": "按月", "quarter": "按季度"}.get)
st.dataframe(pipeline.funnel(leads, period), hide_index=True, width="stretch")
