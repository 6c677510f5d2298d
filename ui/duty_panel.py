"""Render helpers of the 督办 page: one item's history, evidence and forms (report; confirm, send back).

Writes run in widget callbacks (before the rerun that shows them), so the page redraws with the
new state without st.rerun; a refusal is kept as a sentence and shown once at the top.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from targets.errors import TargetsError
from targets.intake import duty_reports
from targets.intake.evidence import ACCEPT, MIME
from targets.messages import render
from targets.method.agenda import Key
from targets.method.duties import DONE, Item
from targets.store.accounts import User
from ui import data, duty_actions, notice
from ui import duties as views
from ui.strings import u

ERROR = "duties_error"


def show_error() -> None:
    """The sentence a refused write left for this run (once)."""
    text = st.session_state.pop(ERROR, None)
    if text:
        notice.error(str(text))


def _run(write, done: str) -> None:  # type: ignore[no-untyped-def]
    try:
        write()
    except TargetsError as exc:
        st.session_state[ERROR] = str(exc)
        return
    notice.flash(done)


def pick_cell(table: pd.DataFrame, year: int, user: User | None) -> Key | None:
    """The cell picker under the grid: a duty of the year and one region that owes it."""
    names, owners = views.cell_choices(table, year)
    if not names:
        return None
    left, right = st.columns(2)
    target = left.selectbox(u("cell_duty"), list(names), format_func=names.get, key="duties_cell_duty")
    options = owners[target]
    own = [c for c in options if user is not None and duty_reports.allowed(user, "report", c)]
    region = right.selectbox(u("cell_region"), options, index=options.index(own[0]) if own else 0,
                             format_func=data.region_name, key="duties_cell_region")
    return (target, region, year)


def _item(table: pd.DataFrame, key: Key) -> Item:
    row = table[(table["target"] == key[0]) & (table["region"] == key[1]) & (table["year"] == key[2])].iloc[0]
    return Item(key[0], key[1], key[2], row["due"], row["opens"], row["state"], row["done"], int(row["evidence"]),
                row["note"], row["reason"], int(row["sent_back"]))


def cell(table: pd.DataFrame, key: Key, user: User | None) -> None:
    """One item: its line, the reason it was sent back, its history, its evidence and the forms."""
    item = _item(table, key)
    name = str(table[table["target"] == key[0]]["name"].iloc[0])
    with st.container(key="duties_cell"):
        st.markdown(notice.escape(views.cell_line(item, name)))
        if item.reason:
            st.caption(notice.escape(u("cell_reason", reason=item.reason)))
    events = duty_reports.history(data.get_engine(), key)
    if events:
        with st.container(key="duties_history"):
            st.dataframe(views.history_table(events), hide_index=True)
    else:
        st.caption(u("history_empty"))
    _evidence(key, user)
    if duty_reports.allowed(user, "report", key[1]) and item.state not in (*DONE, "not_applicable"):
        _report_form(key, item)
    elif user is None:
        st.caption(u("login_to_report"))
    if duty_reports.allowed(user, "review", key[1]):
        _review(key, item)


def _evidence(key: Key, user: User | None) -> None:
    st.markdown(f"**{u('evidence_header')}**")
    if not duty_reports.allowed(user, "read_evidence", key[1]):
        st.caption(u("evidence_hidden"))
        return
    found = duty_reports.evidence_list(data.get_engine(), user, key)
    if not found:
        st.caption(u("evidence_none"))
    for meta in found:
        evidence_id, size = int(str(meta["id"])), max(1, round(int(str(meta["size"])) / 1024))
        st.download_button(
            u("evidence_download", name=meta["filename"], size=f"{size} KB"),
            data=lambda i=evidence_id: duty_actions.evidence_file(i), file_name=str(meta["filename"]),
            mime=MIME[str(meta["kind"])], key=f"duties_evidence_{evidence_id}", on_click="ignore",
            icon=":material/download:")


def _submit(key: Key) -> None:
    files = st.session_state.get("duties_report_files") or []
    done = st.session_state.get("duties_report_done")
    note = st.session_state.get("duties_report_note", "")
    labels = {"target": key[0], "region": data.region_name(key[1]), "year": key[2]}
    _run(lambda: duty_actions.report(key, done, note, [(f.name, f.getvalue()) for f in files]),
         render("duty_reported", **labels, date=done, files=len(files)))


def _report_form(key: Key, item: Item) -> None:
    with st.form("duties_report_form", clear_on_submit=True):
        st.markdown(f"**{u('report_header')}**")
        today = duty_reports.today(data.settings().time_zone)
        st.date_input(u("report_done"), value=min(today, item.due), max_value=today, key="duties_report_done")
        st.text_area(u("report_note"), key="duties_report_note", max_chars=2000)
        st.file_uploader(u("report_files", mb=data.settings().max_evidence_mb), type=ACCEPT,
                         accept_multiple_files=True, key="duties_report_files")
        st.form_submit_button(u("report_submit"), type="primary", key="duties_report_submit",
                              on_click=_submit, args=(key,))


def _review(key: Key, item: Item) -> None:
    st.markdown(f"**{u('review_header')}**")
    st.text_input(u("review_reason"), key="duties_review_reason", max_chars=500)
    labels = {"target": key[0], "region": data.region_name(key[1]), "year": key[2]}
    left, middle, right = st.columns(3)

    def reason() -> str:
        return str(st.session_state.get("duties_review_reason", ""))

    left.button(u("review_confirm"), key="duties_confirm", type="primary", disabled=item.state != "submitted",
                on_click=lambda: _run(lambda: duty_actions.confirm(key), render("duty_confirmed", **labels)))
    middle.button(u("review_send_back"), key="duties_send_back", disabled=item.state not in ("submitted", *DONE),
                  on_click=lambda: _run(lambda: duty_actions.send_back(key, reason()),
                                        render("duty_sent_back", **labels)))
    right.button(u("review_exempt"), key="duties_exempt", disabled=item.state == "not_applicable",
                 on_click=lambda: _run(lambda: duty_actions.exempt(key, reason()), render("duty_exempted", **labels)))


def today() -> dt.date:
    """The calendar's default date."""
    return duty_reports.today(data.settings().time_zone)
