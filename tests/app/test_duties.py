"""督办 page: the calendar (overdue first, the officer's own first, filters), the grid of a year, one cell's
history and evidence, reporting with a file, the office's confirm and send back, the chase list."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st

from targets import messages
from targets.intake import duty_reports
from targets.store import accounts
from tests.app.accounts_app import has_key, log_in, make_user, table
from tests.app.conftest import page_test
from tests.unit import evidence_files as files
from ui import notice, state
from ui.strings import DUTY_COLUMNS, DUTY_STATE_SHORT, u

AS_OF = dt.date(2024, 7, 20)
DUTY, CC, JL = "jl-2022-t23", "220100", "220200"
KEY = (DUTY, CC, 2024)


def _page(engine, name: str | None = None, as_of: dt.date = AS_OF, **session):
    st.cache_data.clear()  # the tests write to the store directly, past ui.data's invalidate()
    at = page_test("duties")
    if name:
        log_in(at, engine, name)
    for k, v in session.items():
        at.session_state[k] = v
    at.run()
    at.date_input(key="duties_as_of").set_value(as_of).run()
    assert not at.exception, at.exception
    return at


def _cell_html(at) -> str:
    return at.get_by_key("duties_grid").get("html")[0].proto.body


def _open_cell(at, region: str = CC):
    at.selectbox(key="duties_year").select(2024).run()
    at.selectbox(key="duties_cell_duty").select(DUTY).run()
    at.selectbox(key="duties_cell_region").select(region).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def people(engine):
    make_user(engine, "office", "admin")
    make_user(engine, "cc", "officer", (CC,))
    make_user(engine, "jl", "officer", (JL,))
    return engine


def test_the_calendar_lists_overdue_items_first_then_this_month_and_next(engine):
    at = _page(engine)
    rows = table(at, "duties_calendar")
    states = list(rows[DUTY_COLUMNS["state"]])
    labels = messages.DUTY_STATE_LABELS
    assert states[0] == labels["overdue"] and labels["due_soon"] in states
    first_soon = states.index(labels["due_soon"])
    assert set(states[:first_soon]) == {labels["overdue"]}
    soon = rows[rows[DUTY_COLUMNS["state"]] == labels["due_soon"]]
    assert all(dt.date(2024, 7, 1) <= d <= dt.date(2024, 8, 31) for d in soon[DUTY_COLUMNS["due"]])


def test_uncertain_duties_are_marked_in_the_calendar(engine):
    names = set(table(_page(engine), "duties_calendar")[DUTY_COLUMNS["name"]])
    assert u("marked", name="报送“一市一域、一县一业”年度提升计划表", mark=messages.UNCERTAIN_LABEL) in names


def test_an_officer_sees_their_own_items_first(people):
    at = _page(people, "cc")
    rows = table(at, "duties_calendar")
    mine = list(rows[DUTY_COLUMNS["mine"]])
    assert mine[0] and mine == sorted(mine, reverse=True)
    assert set(rows[mine.count(True) - 1:][DUTY_COLUMNS["region_name"]][:1]) == {"长春"}


def test_the_calendar_follows_the_region_and_lead_filters(engine):
    at = _page(engine, None, **{state.REGION: [JL]})
    assert set(table(at, "duties_calendar")[DUTY_COLUMNS["region_name"]]) == {"吉林市"}


def test_the_grid_shows_each_region_s_state_and_date_done(people):
    at = _page(people)
    at.selectbox(key="duties_year").select(2024).run()
    html = _cell_html(at)
    assert f'data-cell="{DUTY}|{CC}"' in html and "220581" not in html and "JL-CBS" not in html
    cc = accounts.get_user(people, "cc")
    duty_reports.report(people, cc, KEY, dt.date(2024, 7, 16))
    at = _page(people)
    at.selectbox(key="duties_year").select(2024).run()
    cell = _cell_html(at).split(f'data-cell="{DUTY}|{CC}"')[1].split("</td>")[0]
    assert cell.endswith(f"{DUTY_STATE_SHORT['submitted']} 07-16")


def test_an_officer_reports_with_a_file_and_the_cell_changes(people):
    at = _open_cell(_page(people, "cc"))
    assert has_key(at, "duties_report_submit") and not has_key(at, "duties_confirm")
    at.date_input(key="duties_report_done").set_value(dt.date(2024, 7, 18))
    at.text_area(key="duties_report_note").input("计划表已报省局")
    at.file_uploader(key="duties_report_files").upload("计划表.pdf", files.PDF, "application/pdf")
    at.button(key="duties_report_submit").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == notice.escape(messages.render(
        "duty_reported", target=DUTY, region="长春", year=2024, date=dt.date(2024, 7, 18), files=1))
    assert duty_reports.item(people, KEY).state == "submitted"
    assert f"{DUTY_STATE_SHORT['submitted']} 07-18" in _cell_html(at)
    assert has_key(at, "duties_history")
    evidence = duty_reports.evidence_list(people, accounts.get_user(people, "cc"), KEY)
    assert has_key(at, f"duties_evidence_{evidence[0]['id']}")


def test_a_wrong_file_is_refused_with_a_sentence_and_nothing_changes(people):
    at = _open_cell(_page(people, "cc"))
    at.file_uploader(key="duties_report_files").upload("报告.pdf", files.EXE, "application/pdf")
    at.button(key="duties_report_submit").click().run()
    assert at.error[0].value == notice.escape(messages.render("evidence_wrong_type", file="报告.pdf"))
    assert duty_reports.item(people, KEY).state == "overdue"


def test_the_office_confirms_and_sends_back(people):
    duty_reports.report(people, accounts.get_user(people, "cc"), KEY, dt.date(2024, 8, 2))
    at = _open_cell(_page(people, "office", as_of=dt.date(2024, 8, 10)))
    at.button(key="duties_send_back").click().run()
    assert at.error[0].value == notice.escape(messages.render("duty_reason_missing"))
    at.text_input(key="duties_review_reason").input("缺少盖章件").run()
    at.button(key="duties_send_back").click().run()
    assert duty_reports.item(people, KEY).state == "overdue"
    assert notice.escape(u("cell_reason", reason="缺少盖章件")) in [c.value for c in at.caption]
    duty_reports.report(people, accounts.get_user(people, "cc"), KEY, dt.date(2024, 8, 3))
    at = _open_cell(_page(people, "office", as_of=dt.date(2024, 8, 10)))
    at.button(key="duties_confirm").click().run()
    assert duty_reports.item(people, KEY).state == "done_late"
    assert at.button(key="duties_confirm").disabled


def test_another_region_s_officer_sees_no_evidence_and_no_form(people):
    duty_reports.report(people, accounts.get_user(people, "cc"), KEY, dt.date(2024, 7, 18), "",
                        [("计划表.pdf", files.PDF)])
    at = _open_cell(_page(people, "jl"))
    assert not has_key(at, "duties_report_submit")
    assert u("evidence_hidden") in [c.value for c in at.caption]
    assert not has_key(at, f"duties_evidence_{_evidence_id(people)}")
    assert has_key(_open_cell(_page(people, "office")), f"duties_evidence_{_evidence_id(people)}")


def test_anonymous_visitors_see_the_history_but_neither_forms_nor_files(people):
    duty_reports.report(people, accounts.get_user(people, "cc"), KEY, dt.date(2024, 7, 18), "",
                        [("计划表.pdf", files.PDF)])
    at = _open_cell(_page(people))
    assert has_key(at, "duties_history") and not has_key(at, "duties_report_submit")
    assert not has_key(at, f"duties_evidence_{_evidence_id(people)}")


def test_the_chase_tab_has_one_notice_per_unit_and_its_downloads(people):
    at = _page(people, "office")
    assert has_key(at, "duties_chase_docx") and has_key(at, "duties_chase_xlsx")
    first = at.get_by_key("duties_notice_0")
    assert messages.render("chase_signature") in first.code[0].value
    assert u("chase_no_mail") in [c.value for c in at.caption]
    assert not has_key(at, "duties_mail_send")


def _evidence_id(engine) -> int:
    return int(duty_reports.evidence_list(engine, accounts.get_user(engine, "office"), KEY)[0]["id"])
