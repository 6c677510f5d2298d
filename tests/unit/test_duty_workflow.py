"""The duty workflow on a real store: items per region, report with evidence, confirm, send back, rights."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from targets import store
from targets.errors import InvalidInput, NotAllowed
from targets.intake import duty_reports as duties
from targets.intake import uploads
from targets.store import accounts
from tests.unit import evidence_files as files
from tests.unit.workbooks import book

PLAN_DUTY = "jl-2022-t23"  # 各地级市每年7月底前报送年度提升计划表 (per region)
CHANGCHUN, JILIN = "220100", "220200"
KEY = (PLAN_DUTY, CHANGCHUN, 2024)
NINE = ["220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400"]


def user(engine, name, role, regions=()):
    return accounts.add_user(engine, name, role, "password-123", list(regions), by=accounts.operator("tester"))


@pytest.fixture
def people(engine):
    return {"office": user(engine, "office", "admin"), "cc": user(engine, "cc", "officer", [CHANGCHUN]),
            "jl": user(engine, "jl", "officer", [JILIN]), "boss": user(engine, "boss", "viewer")}


def state(engine, key=KEY):
    return duties.item(engine, key).state


def test_a_per_region_duty_makes_one_item_per_applicable_region(engine):
    found = [i for i in duties.items(engine, dt.date(2024, 7, 20), year=2024) if i.target == PLAN_DUTY]
    assert sorted(i.region for i in found) == NINE  # the 9 市州, not 长白山 or 梅河口
    assert {(i.due, i.state) for i in found} == {(dt.date(2024, 7, 31), "due_soon")}


def test_a_provincial_duty_is_one_item_of_the_province(engine):
    found = [i for i in duties.items(engine, dt.date(2024, 7, 20)) if i.target == "jl-2022-t16"]
    assert sorted((i.region, i.year, i.state) for i in found) == [
        ("220000", 2022, "not_applicable"), ("220000", 2023, "overdue"), ("220000", 2024, "overdue")]


def test_an_officer_reports_with_evidence_and_the_office_confirms(engine, people):
    duties.report(engine, people["cc"], KEY, dt.date(2024, 7, 30), "已报送省局", [("计划表.pdf", files.PDF)])
    item = duties.item(engine, KEY)
    assert (item.state, item.done, item.evidence, item.note) == ("submitted", dt.date(2024, 7, 30), 1, "已报送省局")
    duties.confirm(engine, people["office"], KEY)
    assert state(engine) == "done_on_time"
    actions = [a["action"] for a in reversed(store.audit_log(engine))]
    assert actions[-2:] == ["duty_submit", "duty_confirm"]
    detail = json.loads(store.audit_log(engine)[1]["detail"])
    assert detail["files"][0].startswith("计划表.pdf ")


def test_sent_back_with_a_reason_then_redone_late(engine, people):
    duties.report(engine, people["cc"], KEY, dt.date(2024, 7, 30))
    with pytest.raises(InvalidInput):
        duties.send_back(engine, people["office"], KEY, "  ")
    duties.send_back(engine, people["office"], KEY, "缺少盖章件")
    item = duties.item(engine, KEY)
    assert (item.state, item.reason, item.sent_back) == ("overdue", "缺少盖章件", 1)
    duties.report(engine, people["cc"], KEY, dt.date(2024, 8, 9), "补交盖章件", [("盖章件.png", files.PNG)])
    duties.confirm(engine, people["office"], KEY)
    assert duties.item(engine, KEY).state == "done_late"
    assert [e.action for e in duties.history(engine, KEY)] == ["submit", "send_back", "submit", "confirm"]


def test_a_closed_item_takes_no_new_report(engine, people):
    duties.report(engine, people["cc"], KEY, dt.date(2024, 7, 30))
    duties.confirm(engine, people["office"], KEY)
    with pytest.raises(InvalidInput) as caught:
        duties.report(engine, people["cc"], KEY, dt.date(2024, 7, 29))
    assert caught.value.code == "duty_already_closed"


def test_confirm_needs_a_report(engine, people):
    with pytest.raises(InvalidInput) as caught:
        duties.confirm(engine, people["office"], KEY)
    assert caught.value.code == "duty_nothing_to_confirm"


def test_a_done_date_after_today_is_refused(engine, people):
    with pytest.raises(InvalidInput):
        duties.report(engine, people["cc"], KEY, duties.today() + dt.timedelta(days=1))


def test_an_officer_cannot_report_another_region(engine, people):
    with pytest.raises(NotAllowed):
        duties.report(engine, people["cc"], (PLAN_DUTY, JILIN, 2024), dt.date(2024, 7, 30))
    with pytest.raises(NotAllowed):
        duties.report(engine, people["boss"], KEY, dt.date(2024, 7, 30))
    assert state(engine, (PLAN_DUTY, JILIN, 2024)) == "overdue"


def test_only_the_office_confirms_or_sends_back(engine, people):
    duties.report(engine, people["cc"], KEY, dt.date(2024, 7, 30))
    with pytest.raises(NotAllowed):
        duties.confirm(engine, people["cc"], KEY)
    with pytest.raises(NotAllowed):
        duties.send_back(engine, people["cc"], KEY, "自己退回")


def test_an_officer_cannot_see_another_region_s_evidence(engine, people):
    duties.report(engine, people["cc"], KEY, dt.date(2024, 7, 30), "", [("计划表.pdf", files.PDF)])
    evidence_id = duties.evidence_list(engine, people["cc"], KEY)[0]["id"]
    meta, content = duties.evidence_file(engine, people["office"], evidence_id)
    assert (meta["filename"], content) == ("计划表.pdf", files.PDF)
    assert duties.evidence_file(engine, people["boss"], evidence_id)[1] == files.PDF
    with pytest.raises(NotAllowed):
        duties.evidence_list(engine, people["jl"], KEY)
    with pytest.raises(NotAllowed):
        duties.evidence_file(engine, people["jl"], evidence_id)
    with pytest.raises(NotAllowed):
        duties.evidence_file(engine, None, evidence_id)


def test_a_refused_file_stores_nothing(engine, people):
    with pytest.raises(InvalidInput):
        duties.report(engine, people["cc"], KEY, dt.date(2024, 7, 30), "", [("a.pdf", files.PDF), ("b.pdf", files.EXE)])
    assert state(engine) == "overdue"
    assert duties.history(engine, KEY) == []


def test_a_duty_row_of_the_progress_workbook_is_a_report(engine, people):
    data = book([[PLAN_DUTY, "长春市", "2024-07-28", "已完成", "计划表已报"]])
    checked = uploads.check(engine, data, "进展.xlsx", people["cc"], today=dt.date(2024, 12, 31))
    assert checked.ok, checked.issues
    uploads.commit(engine, checked, people["cc"], accept_warnings=True)
    item = duties.item(engine, KEY)
    assert (item.state, item.done) == ("submitted", dt.date(2024, 7, 28))
    assert duties.history(engine, KEY)[0].source == "workbook"
    duties.confirm(engine, people["office"], KEY)
    assert state(engine) == "done_on_time"


def test_the_office_marks_an_item_not_applicable(engine, people):
    duties.exempt(engine, people["office"], KEY, "该市当年无产业园区")
    item = duties.item(engine, KEY)
    assert (item.state, item.reason) == ("not_applicable", "该市当年无产业园区")
