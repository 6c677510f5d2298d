"""The upload rules of CONTRACTS §3, one workbook per rule: tolerant layout, strict meaning."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl.styles import Font

from targets import store
from targets.errors import InvalidInput, NotAllowed, WarningsNotAccepted
from targets.intake import uploads
from targets.store.accounts import User
from tests.unit.workbooks import (
    ALLOCATED,
    CUMULATIVE,
    HEADER,
    JUNE,
    MILESTONE,
    RATE,
    TODAY,
    book,
    row,
    with_sheet_xml,
)

OFFICE = User("office", "admin", ())


def _percent(wb) -> None:
    wb.active["D2"].number_format = "0.0%"


def _merge_target(wb) -> None:
    wb.active.merge_cells("A2:A3")


def _hide_first(wb) -> None:
    wb.active.title = "封面"
    wb.active.sheet_state = "hidden"
    ws = wb.create_sheet("我的数据")
    ws.append(HEADER)
    ws.append(row(7))


def _other_first(wb) -> None:
    wb.active.title = "进展填报"
    wb.create_sheet("说明页", 0).append(["这里不是数据"])


ACCEPTED = [
    # (case, workbook, expected (target, region, date, value) of every row)
    ("number", book([row(12)]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("numeric_text", book([row("12")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("full_width_digits", book([row("１２")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("thousands_separator", book([row("1,234")]), [(CUMULATIVE, "220100", JUNE, 1234)]),
    ("unit_after_number", book([row("12户")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("unit_and_spaces", book([row(" 12 户 ")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("rate_plain", book([row(92.5, target=RATE, region="211300")]), [(RATE, "211300", JUNE, 92.5)]),
    ("rate_percent_text", book([row("92.5%", target=RATE, region="朝阳市")]), [(RATE, "211300", JUNE, 92.5)]),
    ("rate_percent_cell", book([row(0.925, target=RATE, region="211300")], edit=_percent),
     [(RATE, "211300", JUNE, 92.5)]),
    ("milestone_yes", book([row("是", target=MILESTONE, region="211300")]), [(MILESTONE, "211300", JUNE, 1)]),
    ("milestone_done", book([row("已完成", target=MILESTONE, region="211300")]),
     [(MILESTONE, "211300", JUNE, 1)]),
    ("milestone_no", book([row("否", target=MILESTONE, region="211300")]), [(MILESTONE, "211300", JUNE, 0)]),
    ("milestone_not_done", book([row("未完成", target=MILESTONE, region="211300")]),
     [(MILESTONE, "211300", JUNE, 0)]),
    ("date_iso_text", book([row(date="2024-06-30")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("date_slashes", book([row(date="2024/6/30")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("date_dots", book([row(date="2024.6.30")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("date_chinese", book([row(date="2024年6月30日")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("month_iso", book([row(date="2024-06")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("month_chinese", book([row(date="2024年6月")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("datetime_cell", book([row(date=dt.datetime(2024, 6, 30))]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("region_short_name", book([row(region="长春")]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("region_code_number", book([row(region=220100)]), [(CUMULATIVE, "220100", JUNE, 12)]),
    ("region_code_and_name", book([[CUMULATIVE, "220100", "长春市", JUNE, 5]],
                                  ["指标编号", "地区代码", "地区", "截止日期", "累计完成值"]),
     [(CUMULATIVE, "220100", JUNE, 5)]),
    ("title_rows_merged", book([row(3)], above=[["2024年进展填报表"], ["填报单位：长春市"]],
                               edit=lambda wb: wb.active.merge_cells("A1:E1")),
     [(CUMULATIVE, "220100", JUNE, 3)]),
    ("columns_reordered_and_unknown", book([["x", 4, "长春市", JUNE, CUMULATIVE]],
                                           ["备注栏", "累计完成值", "地区", "截止日期", "指标编号"]),
     [(CUMULATIVE, "220100", JUNE, 4)]),
    ("headers_spaced_fullwidth_star", book([row(6)], [" 指标编号* ", "地　区", "截止日期＊", "累计完成值*", "说明"]),
     [(CUMULATIVE, "220100", JUNE, 6)]),
    ("sheet_by_name_not_first", book([row(8)], edit=_other_first), [(CUMULATIVE, "220100", JUNE, 8)]),
    ("first_visible_sheet", book([row(1)], edit=_hide_first), [(CUMULATIVE, "220100", JUNE, 7)]),
    ("blank_rows_skipped", book([row(1), [None] * 5, ["", " ", None, None, None], row(2, region="吉林市")]),
     [(CUMULATIVE, "220100", JUNE, 1), (CUMULATIVE, "220200", JUNE, 2)]),
    ("template_rows_left_unfilled", book([row(None, date=None), row(9, region="吉林市")]),
     [(CUMULATIVE, "220200", JUNE, 9)]),
    ("merged_target_cell", book([row(1), [None, "吉林市", JUNE, 2, None]], edit=_merge_target),
     [(CUMULATIVE, "220100", JUNE, 1), (CUMULATIVE, "220200", JUNE, 2)]),
    ("same_row_twice", book([row(5), row(5)]), [(CUMULATIVE, "220100", JUNE, 5)]),
    ("formula_with_cached_value", with_sheet_xml(book([row(5)]), b'<c r="D2" t="n"><v>5</v></c>',
                                                 b'<c r="D2"><f>2+3</f><v>5</v></c>'),
     [(CUMULATIVE, "220100", JUNE, 5)]),
    ("bold_header_and_upper_case_id", book([row(4, target=CUMULATIVE.upper())],
                                           edit=lambda wb: setattr(wb.active["A1"], "font", Font(bold=True))),
     [(CUMULATIVE, "220100", JUNE, 4)]),
]


@pytest.mark.parametrize("case, data, expected", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_tolerant_variants_are_accepted_with_the_right_values(engine, case, data, expected):
    checked = uploads.check(engine, data, f"{case}.xlsx", OFFICE, today=TODAY)
    assert checked.errors == () and checked.forbidden == (), [i.message for i in checked.issues]
    got = [(r.target, r.region, r.date, r.value) for r in checked.rows]
    assert got == [(t, reg, d, pytest.approx(v)) for t, reg, d, v in expected]


def _no_cache(data: bytes) -> bytes:
    return with_sheet_xml(data, b'<c r="D2" t="n"><v>12</v></c>', b'<c r="D2"><f>SUM(1,11)</f></c>')


REFUSED = [
    # (case, workbook, issue code, column letter of the marked cell or None)
    ("unknown_target", book([row(target="jl-2022-t99")]), "unknown_target", "A"),
    ("unknown_region", book([row(region="火星市")]), "unknown_region", "B"),
    ("region_outside_plan", book([row(region="北京市")]), "region_not_tracked", "B"),
    ("code_and_name_disagree", book([[CUMULATIVE, "220100", "吉林市", JUNE, 5]],
                                    ["指标编号", "地区代码", "地区", "截止日期", "累计完成值"]),
     "region_mismatch", "C"),
    ("date_after_today", book([row(date=TODAY + dt.timedelta(days=1))]), "date_in_future", "C"),
    ("date_before_start", book([row(date="2021-12-31")]), "date_before_start", "C"),
    ("date_unreadable", book([row(date="上半年")]), "bad_date", "C"),
    ("date_impossible", book([row(date="2024-02-30")]), "bad_date", "C"),
    ("negative_value", book([row(-3)]), "negative_value", "D"),
    ("negative_text", book([row("-3户")]), "negative_value", "D"),
    ("not_a_number", book([row("十二")]), "not_a_number", "D"),
    ("another_unit", book([row("12个")]), "not_a_number", "D"),
    ("milestone_word", book([row("一半", target=MILESTONE, region="211300")]), "bad_milestone", "D"),
    ("formula_without_cached_value", _no_cache(book([row(12)])), "formula_without_value", "D"),
    ("conflicting_duplicate", book([row(5), row(6)]), "conflicting_duplicate", "D"),
    ("partly_filled", book([row(None)]), "partly_filled", "D"),
    ("region_missing", book([row(4, region=None)]), "partly_filled", "B"),
    ("no_header_row", book([row(4)], ["编号", "地方", "日期", "数"]), "missing_headers", None),
    ("header_below_row_10", book([row(4)], above=[["标题"]] * 10), "missing_headers", None),
]


@pytest.mark.parametrize("case, data, code, letter", REFUSED, ids=[c[0] for c in REFUSED])
def test_invalid_workbooks_are_refused_and_change_nothing(engine, case, data, code, letter):
    before = store.reports(engine, all_versions=True)
    checked = uploads.check(engine, data, f"{case}.xlsx", OFFICE, today=TODAY)
    assert [i.code for i in checked.errors] == [code]
    issue = checked.errors[0]
    assert issue.sheet == "进展填报" and issue.message.startswith("工作表“进展填报”")
    if letter:
        assert issue.row is not None and issue.column.endswith(f"（{letter}列）")
        assert str(issue.row) in issue.message and issue.column in issue.message
    with pytest.raises(InvalidInput):
        uploads.commit(engine, checked, OFFICE, accept_warnings=True)
    assert store.reports(engine, all_versions=True).equals(before)


def test_warnings_need_confirming_then_commit_in_one_upload(engine):
    earlier = uploads.check(engine, book([row(20, date="2024-03-31")]), "march.xlsx", OFFICE, today=TODAY)
    uploads.commit(engine, earlier, OFFICE)
    data = book([row(15), row(40, region="吉林市", target=ALLOCATED)])  # 吉林市 carries 1 station
    checked = uploads.check(engine, data, "june.xlsx", OFFICE, today=TODAY)
    assert [i.code for i in checked.warnings] == ["value_decreased", "above_allocation"]
    assert checked.ok and "20" in checked.warnings[0].message
    before = store.reports(engine, all_versions=True)
    with pytest.raises(WarningsNotAccepted):
        uploads.commit(engine, checked, OFFICE)
    assert store.reports(engine, all_versions=True).equals(before)
    upload_id = uploads.commit(engine, checked, OFFICE, accept_warnings=True)
    assert store.get_upload(engine, upload_id)["outcome"] == "committed_with_warnings"
    assert len(store.reports(engine, all_versions=True)) == len(before) + 2


def test_earlier_row_of_the_same_file_counts_as_previous_report(engine):
    data = book([row(15), row(30, date="2024-03-31")])
    checked = uploads.check(engine, data, "f.xlsx", OFFICE, today=TODAY)
    assert [(i.code, i.row) for i in checked.issues] == [("value_decreased", 2)]


def test_preview_marks_new_changed_and_unchanged(engine):
    uploads.commit(engine, uploads.check(engine, book([row(5), row(6, region="吉林市")]), "a.xlsx", OFFICE,
                                         today=TODAY), OFFICE)
    checked = uploads.check(engine, book([row(5), row(7, region="吉林市"), row(1, region="四平市")]), "b.xlsx",
                            OFFICE, today=TODAY)
    assert list(checked.preview["change"]) == ["unchanged", "changed", "new"]
    assert list(checked.preview["previous"].fillna(-1)) == [5, 6, -1]
    assert list(checked.preview.columns) == ["target", "target_name", "region", "region_name", "date",
                                             "value", "previous", "change"]


def test_officer_may_not_report_other_regions(engine):
    officer = User("jilin", "officer", ("220200",))
    data = book([row(5, region="吉林市"), row(5, region="长春市")])
    checked = uploads.check(engine, data, "f.xlsx", officer, today=TODAY)
    assert [(i.code, i.row) for i in checked.forbidden] == [("region_forbidden", 3)]
    assert not checked.ok
    before = store.reports(engine, all_versions=True)
    with pytest.raises(NotAllowed):
        uploads.commit(engine, checked, officer)
    assert store.reports(engine, all_versions=True).equals(before)


def test_every_error_of_a_file_is_reported_at_once(engine):
    data = book([row(target="nope"), row(-1), row(date="2030-01-01", region="吉林市")])
    checked = uploads.check(engine, data, "f.xlsx", OFFICE, today=TODAY)
    assert [(i.code, i.row) for i in checked.errors] == [("unknown_target", 2), ("negative_value", 3),
                                                         ("date_in_future", 4)]


def test_note_is_kept_with_the_row(engine):
    checked = uploads.check(engine, book([row(3, note="见附件=证明")]), "f.xlsx", OFFICE, today=TODAY)
    assert checked.rows[0].note == "见附件=证明"


def test_repeated_cell_texts_are_judged_alike_on_every_row(engine):
    """The same target and region texts and the same date cell on many rows: each good row is read the
    same, each bad one gets its own issue with its own row number, whatever rows came before."""
    rows = [row(1, date="2024-03-31"), row(2, region="长春市", date="2024-04-30"), row(3, region="火星市"),
            row(4, region="火星市", date="2024-05-31"), row(5, date="2099-01-01"), row(6, date="2024-05-31"),
            row(7, date="2099-01-01"), row(8, region=220100, date="2024-06-01")]
    checked = uploads.check(engine, book(rows), "same.xlsx", OFFICE, today=TODAY)
    assert [(r.region, r.date.isoformat(), r.value) for r in checked.rows] == [
        ("220100", "2024-03-31", 1), ("220100", "2024-04-30", 2), ("220100", "2024-05-31", 6),
        ("220100", "2024-06-01", 8)]
    assert [(i.code, i.row) for i in checked.errors] == [
        ("unknown_region", 4), ("unknown_region", 5), ("date_in_future", 6), ("date_in_future", 8)]


def test_a_check_leaves_the_cycle_collector_as_it_found_it(engine):
    import gc

    assert gc.isenabled()
    uploads.check(engine, book([row(12)]), "a.xlsx", OFFICE, today=TODAY)
    assert gc.isenabled()
    gc.disable()
    try:
        uploads.check(engine, book([row(12)]), "a.xlsx", OFFICE, today=TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()
