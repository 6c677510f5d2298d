"""The chase list: colours, one notice per unit, its ready text, the .docx and the workbook, for a known store."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pytest

from targets import messages
from targets.intake import chase_list, duty_reports, uploads
from targets.method.chase import Entry, notices
from targets.store import accounts
from tests.unit.workbooks import book

AS_OF = dt.date(2024, 7, 20)
CC = "220100"
CC_UNIT = messages.render("unit_of_region", region="长春市")
PER_REGION = ("jl-2022-t17", "jl-2022-t23", "jl-2022-t07", "jl-2022-t26")


def entry(colour: str, unit: str = "甲单位", target: str = "t1", due: dt.date = dt.date(2024, 7, 31), days: int = 0):
    return Entry(unit, colour, target, f"事项{target}", "p", CC, "长春市", due, "overdue", days)


def test_one_notice_per_unit_with_its_most_severe_colour_first():
    found = notices([entry("blue"), entry("red", target="t2", due=dt.date(2024, 5, 1)), entry("blue", unit="乙单位")])
    assert [(n.unit, n.colour, [e.target for e in n.entries]) for n in found] == [
        ("甲单位", "red", ["t2", "t1"]), ("乙单位", "blue", ["t1"])]


@pytest.fixture
def known(engine):
    """长春 has done every per-region duty of 2022 and 2023 (t17, from 2023: 2023 and 2024's) and is behind
    on jl-2022-t08 (no service station yet; jl-2022-t01 is a province-wide total, 长春 has no quota of it)."""
    office = accounts.add_user(engine, "office", "admin", "password-123", [], by=accounts.operator("tester"))
    cc = accounts.add_user(engine, "cc", "officer", "password-123", [CC], by=accounts.operator("tester"))
    for target in PER_REGION:
        for year in (2023, 2024) if target == "jl-2022-t17" else (2022, 2023):
            key = (target, CC, year)
            duty_reports.report(engine, cc, key, duty_reports.item(engine, key).due)
            duty_reports.confirm(engine, office, key)
    checked = uploads.check(engine, book([["jl-2022-t08", "长春市", "2024-06-30", 0, ""]]), "p.xlsx", cc,
                            today=AS_OF)
    uploads.commit(engine, checked, cc, accept_warnings=True)
    return engine


def _cc(found):
    return next(n for n in found if n.unit == CC_UNIT)


def test_the_known_store_s_notice_for_changchun(known):
    notice = _cc(chase_list.chase(known, AS_OF))
    assert notice.colour == "yellow"
    assert [(e.colour, e.target, e.due) for e in notice.entries] == [
        ("yellow", "jl-2022-t08", dt.date(2024, 12, 31)), ("blue", "jl-2022-t23", dt.date(2024, 7, 31))]
    r = messages.render
    expected = "\n".join([
        messages.CHASE_TITLES["yellow"], "", r("chase_opening", unit=CC_UNIT, as_of="2024-07-20"),
        r("chase_section_yellow", number="一", count=1),
        r("chase_line_yellow", n=1, name="各市州建成质量基础设施一站式服务站", region="长春市", target="jl-2022-t08",
          due="2024-12-31", status=messages.STATUS_LABELS["off_track"]),
        r("chase_section_blue", number="二", count=1),
        r("chase_line_blue", n=1, name="报送“一市一域、一县一业”年度提升计划表", region="长春市", target="jl-2022-t23",
          due="2024-07-31", days=11),
        "", r("chase_closing"), r("chase_signature"), "2024-07-20",
    ])
    assert chase_list.notice_text(notice, AS_OF) == expected


def test_the_chase_workbook_lists_every_item(known):
    found = chase_list.chase(known, AS_OF)
    sheet = openpyxl.load_workbook(io.BytesIO(chase_list.chase_workbook(found, AS_OF)))[messages.CHASE_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == messages.CHASE_HEADERS
    assert len(rows) - 1 == sum(len(n.entries) for n in found)
    mine = [r for r in rows[1:] if r[0] == CC_UNIT]
    assert [(r[1], r[2], r[6].date()) for r in mine] == [
        (messages.COLOUR_LABELS["yellow"], "jl-2022-t08", dt.date(2024, 12, 31)),
        (messages.COLOUR_LABELS["blue"], "jl-2022-t23", dt.date(2024, 7, 31))]


def test_the_notices_docx_has_one_page_per_unit(known):
    found = chase_list.chase(known, AS_OF)[:3]
    document = docx.Document(io.BytesIO(chase_list.notices_docx(found, AS_OF)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count(messages.render("chase_signature")) == 3
    assert all(n.unit in text for n in found)


def test_done_and_awaiting_items_are_not_chased(known):
    cc = accounts.get_user(known, "cc")
    duty_reports.report(known, cc, ("jl-2022-t23", CC, 2024), dt.date(2024, 7, 19))
    notice = _cc(chase_list.chase(known, AS_OF))
    assert [e.target for e in notice.entries] == ["jl-2022-t08"]


def test_json_has_the_contract_fields(known):
    rows = chase_list.as_json(chase_list.chase(known, AS_OF))
    assert all({"unit", "colour", "items"} <= set(r) for r in rows)
    assert all({"target", "region", "due"} <= set(i) for r in rows for i in r["items"])
    assert {r["colour"] for r in rows} <= {"red", "yellow", "blue"}
