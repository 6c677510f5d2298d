"""The upload page's review step: the pending-file token, the check, every issue, the preview.

Session state keeps only a pending token (file name, bytes, sha256, and the upload id once it is
committed) so the file survives the reruns between "checked" and "confirmed"; the check itself is
redone on every run against the store, which is the truth.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from targets.intake import allocations as allocation_sheet
from targets.intake import uploads
from targets.intake.allocations import Share
from targets.intake.uploads import Checked, Issue
from targets.store.accounts import User
from ui import data, state
from ui.strings import CHANGE_LABELS, ISSUE_COLUMNS, PREVIEW_COLUMNS, SEVERITY_LABELS
from ui.strings import UPLOAD_LABELS as L

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths in px that add up to the main column at 1280×720 with the sidebar open (~800 px),
# and rows tall enough for the grid to wrap text (Streamlit wraps cells only above 4rem): the
# 应为 and 说明 columns were cut at 1280.
ISSUE_WIDTHS = {ISSUE_COLUMNS[c]: st.column_config.TextColumn(width=w)
                for c, w in (("severity", 50), ("sheet", 84), ("row", 40), ("column", 64), ("value", 110),
                             ("expected", 160), ("message", 280))}
ISSUE_ROW_PX = 70


def pending(uploaded: UploadedFile | None, key: str = state.PENDING_UPLOAD) -> dict | None:
    """The pending token of the file in the uploader; a new file replaces it, no file clears it."""
    if uploaded is None:
        st.session_state.pop(key, None)
        return None
    content = uploaded.getvalue()
    sha = hashlib.sha256(content).hexdigest()
    token = state.get(key)
    if not (isinstance(token, dict) and token.get("sha256") == sha and token.get("name") == uploaded.name
            and isinstance(token.get("data"), bytes) and hashlib.sha256(token["data"]).hexdigest() == sha):
        token = {"name": uploaded.name, "data": content, "sha256": sha, "committed": None}
        state.put(key, token)
    return token


def check(token: dict, user: User) -> Checked:
    """Validate the pending file as `user` (writes nothing)."""
    return uploads.check(data.get_engine(), token["data"], token["name"], user, data.settings())


def check_allocations(token: dict) -> tuple[list[Share], list[Issue]]:
    """Validate a 任务分解表 (writes nothing): the shares it holds and every issue."""
    return allocation_sheet.check_allocations(data.get_engine(), token["data"], token["name"], data.settings())


def issue_table(found: tuple[Issue, ...] | list[Issue]) -> pd.DataFrame:
    """Every error, refusal and warning: type, sheet, row, column, value found, expected, sentence."""
    order = {"forbidden": 0, "error": 1, "warning": 2}
    issues = sorted(found, key=lambda i: (order.get(i.severity, 3), i.sheet, i.row or 0))
    frame = pd.DataFrame({
        "severity": [SEVERITY_LABELS.get(i.severity, i.severity) for i in issues],
        "sheet": [i.sheet for i in issues],
        "row": pd.array([i.row for i in issues], dtype="Int64"),
        "column": [i.column or "" for i in issues],
        "value": [str(i.value) for i in issues],
        "expected": [str(i.expected) for i in issues],
        "message": [i.message for i in issues],
    })
    return frame.rename(columns=ISSUE_COLUMNS)


def blocked(checked: Checked) -> bool:
    """Whether the file must be refused (errors, or rows for regions the user may not report)."""
    return bool(checked.errors or checked.forbidden)


def show_issues(checked: Checked, token: dict) -> None:
    """The summary sentence, the table of every issue and the marked workbook's download."""
    if checked.forbidden:
        st.error(L["forbidden"].format(forbidden=len(checked.forbidden)))
    if checked.errors:
        st.error(L["blocked"].format(errors=len(checked.errors)))
    if checked.warnings and not blocked(checked):
        st.warning(L["warnings"].format(warnings=len(checked.warnings)))
    elif not checked.issues:
        st.success(L["clean"].format(rows=len(checked.rows)))
    if not checked.issues:
        return
    with st.container(key="upload_issues"):
        st.dataframe(issue_table(checked.issues), hide_index=True, column_config=ISSUE_WIDTHS, row_height=ISSUE_ROW_PX)
    content = token["data"]
    st.download_button(
        L["marked_download"], data=lambda: uploads.marked_workbook(content, checked),
        file_name=L["marked_file"].format(stem=PurePath(token["name"]).stem), mime=XLSX_MIME,
        key="upload_marked", on_click="ignore", icon=":material/download:",
    )


def change_counts(checked: Checked) -> dict[str, int]:
    """How many rows are new, changed and unchanged."""
    counts = checked.preview["change"].value_counts() if len(checked.preview) else {}
    return {change: int(counts.get(change, 0)) for change in CHANGE_LABELS}


def show_preview(checked: Checked) -> None:
    """Counts of new / changed / unchanged rows, then every row with its previous value."""
    columns = st.columns(len(CHANGE_LABELS))
    for column, (change, count) in zip(columns, change_counts(checked).items()):
        column.metric(CHANGE_LABELS[change], count)
    frame = checked.preview.copy()
    if len(frame):
        frame["change"] = frame["change"].map(lambda v: CHANGE_LABELS.get(v, v))
    frame = frame[[c for c in PREVIEW_COLUMNS if c in frame.columns]].rename(columns=PREVIEW_COLUMNS)
    with st.container(key="upload_preview"):
        st.dataframe(frame, hide_index=True)
