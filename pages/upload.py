"""上报: template download → upload → every error and warning → preview → confirm → commit."""

from __future__ import annotations

import streamlit as st

from targets import permissions
from targets.errors import TargetsError
from targets.intake import uploads
from ui import actions, data, frame, notice, records, review, widgets
from ui.strings import PAGE_TITLES
from ui.strings import UPLOAD_LABELS as L

ctx = frame.page("upload")
st.title(PAGE_TITLES["upload"])
user = ctx.user
if user is None:
    st.info(L["login_needed"])
    widgets.page_link("login", L["login_link"], ":material/login:")
    st.stop()
if not permissions.may(user, "report"):
    st.info(L["viewer"])
    st.stop()

st.subheader(L["template_header"])
allowed = records.reportable_regions(user)
if not allowed:
    st.warning(L["no_regions"])
    st.stop()
left, right = st.columns([2, 1], vertical_alignment="bottom")
region = left.selectbox(L["template_region"], allowed, format_func=records.region_label,
                        key="upload_template_region")
engine, settings = data.get_engine(), data.settings()
right.download_button(
    L["template_download"], data=lambda: uploads.template(engine, region, settings),
    file_name=L["template_file"].format(region=records.region_name(region)), mime=review.XLSX_MIME,
    key="upload_template", on_click="ignore", icon=":material/download:",
)

st.subheader(L["file_header"])
token = review.pending(st.file_uploader(L["file"].format(mb=settings.max_upload_mb), type=["xlsx", "xlsm"],
                                        key="upload_file"))


def _committed(token: dict) -> None:
    st.success(L["committed"].format(upload=token["committed"], rows=token["rows"]))
    widgets.page_link("overview", L["overview_link"], ":material/dashboard:")
    widgets.page_link("history", L["history_link"], ":material/history:")


def _review(token: dict) -> None:
    st.text(L["file_info"].format(name=token["name"], sha=token["sha256"]))
    checked = review.check(token, user)
    st.subheader(L["issues_header"])
    review.show_issues(checked, token)
    if review.blocked(checked):
        return
    st.subheader(L["preview_header"])
    review.show_preview(checked)
    accepted = bool(checked.warnings) and st.checkbox(L["accept_warnings"], key="upload_accept_warnings")
    if st.button(L["confirm"], key="upload_confirm", type="primary",
                 disabled=bool(checked.warnings) and not accepted):
        token["committed"] = actions.commit_upload(token["data"], token["name"], accepted)
        token["rows"] = len(checked.rows)
        st.rerun()  # show the outcome alone, from the store's side


if token is not None:
    try:
        if token.get("committed"):
            _committed(token)
        else:
            _review(token)
    except TargetsError as exc:
        notice.error(exc)
