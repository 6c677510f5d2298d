"""上报记录: every upload, the rows of one, revert (as targets.permissions allows), version history, export."""

from __future__ import annotations

import streamlit as st

from targets.errors import TargetsError
from targets.intake import uploads
from targets.messages import render
from ui import actions, data, frame, notice, records
from ui.strings import HISTORY_LABELS as L
from ui.strings import PAGE_TITLES, t

ctx = frame.page("history")
st.title(PAGE_TITLES["history"])
user = ctx.user
notice.show_flash()


def _uploads() -> None:
    st.subheader(L["uploads_header"])
    table = records.uploads_table()
    if table.empty:
        st.info(L["no_uploads"])
        return
    with st.container(key="history_uploads"):
        st.dataframe(table, hide_index=True)
    engine = data.get_engine()
    st.download_button(
        L["export"], data=lambda: uploads.export(engine), file_name=f"{PAGE_TITLES['history']}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="history_export", on_click="ignore", icon=":material/download:",
    )


def _revert(upload: dict) -> None:
    if upload["reverted"]:
        st.info(L["already_reverted"])
        return
    refusal = records.revert_refusal(user, upload["id"])
    if refusal is not None:
        if user is not None:
            st.caption(notice.escape(refusal))
        return
    sure = st.checkbox(L["revert_confirm"], key="history_revert_confirm")
    if st.button(L["revert"], key="history_revert", disabled=not sure, icon=":material/undo:"):
        actions.revert(upload["id"])
        notice.flash(render("reverted", upload=upload["id"]))
        st.rerun()


def _one_upload() -> None:
    st.subheader(L["select_upload"])
    choices = records.upload_choices()
    chosen = st.selectbox(L["select_upload"], list(choices), index=None, key="history_upload", format_func=choices.get,
                          placeholder=L["select_placeholder"], label_visibility="collapsed")
    if chosen is None:
        return
    upload = records.upload(chosen)
    st.text(L["upload_label"].format(**upload))
    with st.container(key="history_upload_rows"):
        st.dataframe(records.upload_rows(chosen), hide_index=True)
    _revert(upload)


def _versions() -> None:
    st.subheader(L["versions_header"])
    options = records.target_options()
    left, right = st.columns(2)
    target = left.selectbox(L["target"], list(options), index=None, format_func=options.get,
                            key="history_target", placeholder=t("target"))
    region = right.selectbox(L["region"], records.plan_regions(), index=None,
                             format_func=records.region_label, key="history_region", placeholder=t("region"))
    if target is None or region is None:
        return
    table = records.versions(target, region)
    if table.empty:
        st.info(L["no_versions"])
    else:
        with st.container(key="history_versions"):
            st.dataframe(table, hide_index=True)


try:
    _uploads()
    _one_upload()
    _versions()
except TargetsError as exc:
    notice.error(exc)
