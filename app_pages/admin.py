"""用户与审计 (admins): who may sign in, and every write with who, when, what and the counts."""
import streamlit as st

from graph.users import ROLE_ZH, read_users, users_file
from ui import data, pipeline
from ui.i18n import t

st.title(t("nav_admin"))
st.subheader(t("audit_log"))
st.dataframe(pipeline.audit_frame(), hide_index=True, width="stretch")

st.subheader(t("users_list"))
path = users_file(data.store_target())
users = read_users(path)
st.dataframe([{"用户": n, "角色": ROLE_ZH[u["role"]], "显示名": u.get("display", "")}
              for n, u in sorted(users.items())], hide_index=True, width="stretch")
st.caption(t("users_how") + f"（{path}）")
