"""The office's form to confirm or correct a target (values the damaged source leaves open)."""

from __future__ import annotations

import streamlit as st

from targets import messages
from targets.errors import TargetsError
from targets.plans.definitions import Target
from ui import actions, notice
from ui.strings import EDIT_LABELS as L


def key(target_id: str, field: str) -> str:
    """The widget key of one field of one target's form.

    Keys carry the target id: a widget keeps its state under its key whatever its `value=`, so
    with one key for every target the form would show (and save) the previous target's values.
    """
    return f"targets_edit_{target_id}_{field}"


def form(x: Target) -> None:
    """An expander with the editable fields of `x`; saves through ui.actions (admins only)."""
    with st.expander(L["title"], expanded=x.uncertain), st.form(key=key(x.id, "form")):
        value = st.number_input(L["target"], value=float(x.target), min_value=0.0, key=key(x.id, "value"))
        deadline = st.date_input(L["deadline"], value=x.deadline, key=key(x.id, "deadline"))
        due = (st.text_input(L["due"], value=x.due or "", key=key(x.id, "due"))
               if x.kind == "recurring" else None)
        reading = st.text_area(L["reading"], value=x.best_reading, key=key(x.id, "reading"))
        confirmed = st.checkbox(L["confirmed"], value=not x.uncertain, key=key(x.id, "confirmed"))
        if not st.form_submit_button(L["save"], key=key(x.id, "save"), type="primary"):
            return
    changes: dict[str, object] = {"target": value, "deadline": deadline, "best_reading": reading.strip(),
                                  "uncertain": not confirmed}
    if due is not None:
        changes["due"] = due.strip()
    try:
        actions.edit_target(x.id, **changes)
    except TargetsError as exc:
        notice.error(exc)
        return
    st.success(notice.escape(messages.render("target_edited", target=x.id)))


def extend_form(x: Target, candidates: list[str], name_of) -> None:  # type: ignore[no-untyped-def]
    """The office extends a per-region duty to one more unit (admins only; audited)."""
    from ui.strings import d

    with st.expander(d("extend_header")), st.form(key=f"targets_extend_{x.id}"):
        region = st.selectbox(d("extend_region"), candidates, format_func=name_of, key="targets_extend_region")
        if not st.form_submit_button(d("extend_save"), key="targets_extend_save"):
            return
    try:
        share = actions.extend_duty(x.id, region)
    except TargetsError as exc:
        notice.error(exc)
        return
    st.success(notice.escape(messages.render("duty_extended", target=x.id, region=name_of(region),
                                             share=messages.number(share))))
