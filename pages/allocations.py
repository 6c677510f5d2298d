"""任务分解: the current allocation per target × region; admins download, change and re-import it."""

from __future__ import annotations

import streamlit as st

from targets import permissions
from targets.errors import TargetsError
from targets.intake import uploads
from targets.messages import render
from ui import actions, data, frame, notice, records, review
from ui.strings import ALLOCATION_LABELS as L
from ui.strings import PAGE_TITLES

PENDING = "allocations_pending"

ctx = frame.page("allocations")
st.title(PAGE_TITLES["allocations"])
notice.show_flash()

st.subheader(L["table_header"])
table = records.allocation_table(ctx.filters.plan)
if table.empty:
    st.info(L["none"])
else:
    with st.container(key="allocations_table"):  # regions down, targets across: every city in view
        region = L["region"]
        st.dataframe(table, hide_index=True, column_config={region: st.column_config.TextColumn(region, pinned=True)})

if not permissions.may(ctx.user, "import_allocations"):
    st.caption(L["read_only"])
    st.stop()

st.subheader(L["edit_header"])
engine = data.get_engine()
st.download_button(
    L["download"], data=lambda: uploads.allocation_template(engine), file_name=L["template_file"],
    mime=review.XLSX_MIME, key="allocations_download", on_click="ignore", icon=":material/download:",
)
token = review.pending(st.file_uploader(L["file"], type=["xlsx", "xlsm"], key="allocations_file"), PENDING)


def _review(token: dict) -> None:
    shares, issues = review.check_allocations(token)
    if issues:
        st.error(L["blocked"].format(errors=len(issues)))
        with st.container(key="allocations_issues"):
            st.dataframe(review.issue_table(issues), hide_index=True, column_config=review.ISSUE_WIDTHS,
                         row_height=review.ISSUE_ROW_PX)
        return
    st.success(L["clean"].format(rows=len(shares)))
    with st.container(key="allocations_preview"):
        st.dataframe(records.allocation_preview(shares), hide_index=True)
    if st.button(L["confirm"], key="allocations_confirm", type="primary"):
        token["committed"] = actions.import_allocations(token["data"], token["name"])
        notice.flash(render("allocations_committed", rows=len(shares), upload=token["committed"]))
        st.rerun()


if token is not None and not token.get("committed"):
    try:
        _review(token)
    except TargetsError as exc:
        notice.error(exc)
