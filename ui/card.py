"""The entity card: what it is, group, location, industries, agreements, sources."""
from __future__ import annotations

import streamlit as st

from ui import data
from ui.i18n import label_name, t
from ui.text import md

_COMPANY_FIELDS = [("groups", "group"), ("headquarters", "location"),
                   ("industries", "industries"), ("owners", "owners"),
                   ("subsidiaries", "subsidiaries"), ("agreements", "agreements"),
                   ("visits", "visits"), ("sources", "sources")]
_REGION_FIELDS = [("parents", "location"), ("priorities", "industries"),
                  ("engaged", "agreements")]
_HIDDEN = {"name", "pinyin", "initials", "name_norm", "source_row", "label"}


def _fmt(v) -> str:
    """A profile item: its name or title, then date / share / region / visitor when known."""
    if not isinstance(v, dict):
        return str(v)
    head = v.get("name") or v.get("title") or v.get("visitor") or v.get("id") or ""
    extra = [str(v[k]) for k in ("date", "region") if v.get(k)]
    if isinstance(v.get("share"), (int, float)):
        extra.append(f"{v['share']:.0%}" if v["share"] <= 1 else f"{v['share']}%")
    return f"{head}（{'，'.join(extra)}）" if extra else str(head)


def _list(items) -> str:
    items = items if isinstance(items, list) else [items]
    return "；".join(_fmt(x) for x in items if x not in (None, "", {})) or "—"


def _profile(target: str, label: str, key: str) -> tuple[dict, list]:
    if label == "Company":
        rec = data.named(target, "company_profile", {"id": key}).records()
        return (rec[0] if rec else {}), _COMPANY_FIELDS
    if label == "Region":
        rec = data.named(target, "region_profile", {"region": key}).records()
        return (rec[0] if rec else {}), _REGION_FIELDS
    return {}, []


def entity_card(target: str, key: str) -> dict | None:
    node = data.node(target, key)
    if node is None:
        st.warning(t("no_match", q=md(key)))
        return None
    label = node["label"]
    with st.container(border=True):
        st.subheader(md(node.get("name") or node.get("title") or key))
        st.caption(md(label_name(label)))  # the kind by name; the internal id stays in the JSON below
        profile, fields = _profile(target, label, key)
        for field, tkey in fields:
            if profile.get(field):
                st.markdown(f"**{t(tkey)}**：{md(_list(profile[field]))}")
        extra = {k: v for k, v in node.items() if k not in _HIDDEN and v not in (None, "", [])}
        if extra:
            with st.expander(t("entity_card")):
                st.json(extra, expanded=True)
    return node
