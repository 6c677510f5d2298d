"""The duty item model: due dates each year, states and their boundaries, reports confirmed, sent back, redone."""

from __future__ import annotations

import datetime as dt

import pytest

from targets.method.duties import (
    Duty,
    Event,
    Item,
    day_in,
    fold,
    items_of,
    occurrences,
    on_time_rates,
    order_key,
    state_of,
)

D = dt.date
T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def duty(**kw) -> Duty:
    base = dict(target="x-t01", plan="x", name="报送年度计划表", kind="recurring", due="07-31",
                applies_from=D(2022, 5, 26), deadline=D(2024, 7, 31), first_year=2022, regions=("220100", "220200"))
    return Duty(**{**base, **kw})


def ev(action: str, n: int, done: dt.date | None = None, note: str = "") -> Event:
    return Event(action, T0 + dt.timedelta(hours=n), "u", done, note)


def state(events, as_of, d: Duty | None = None, year: int = 2024, soon: int = 14) -> str:
    occ = next(o for o in occurrences(d or duty()) if o.year == year)
    return state_of(occ, fold(events), as_of, soon)


def test_a_yearly_duty_falls_due_each_year_of_the_plan():
    got = [(o.year, o.due, o.applicable) for o in occurrences(duty())]
    assert got == [(2022, D(2022, 7, 31), True), (2023, D(2023, 7, 31), True), (2024, D(2024, 7, 31), True)]


def test_a_due_day_before_the_plan_was_issued_is_not_applicable_that_year():
    got = [(o.year, o.applicable) for o in occurrences(duty(due="04-30", deadline=D(2024, 4, 30)))]
    assert got == [(2022, False), (2023, True), (2024, True)]
    assert state([], D(2022, 6, 1), duty(due="04-30", deadline=D(2024, 4, 30)), year=2022) == "not_applicable"


def test_a_stated_period_after_issue_moves_the_first_year():
    issued_plus_90 = D(2022, 5, 26) + dt.timedelta(days=90)  # "印发后 90 日起执行": 2022-08-24
    got = [(o.year, o.applicable) for o in occurrences(duty(applies_from=issued_plus_90))]
    assert got == [(2022, False), (2023, True), (2024, True)]


def test_a_window_opens_the_item_early():
    windowed = duty(window="05-01")
    occ = occurrences(windowed)[1]
    assert (occ.opens, occ.due) == (D(2023, 5, 1), D(2023, 7, 31))
    assert state([], D(2023, 4, 30), windowed, 2023) == "not_due"
    assert state([], D(2023, 5, 1), windowed, 2023) == "due_soon"


def test_a_milestone_falls_due_once_on_its_deadline():
    got = occurrences(duty(kind="milestone", due=None, deadline=D(2024, 12, 31)))
    assert [(o.year, o.due) for o in got] == [(2024, D(2024, 12, 31))]


def test_29_february_in_a_common_year_is_the_28th():
    assert day_in(2023, "02-29") == D(2023, 2, 28)
    assert day_in(2024, "02-29") == D(2024, 2, 29)


@pytest.mark.parametrize("as_of, expected", [
    (D(2024, 7, 16), "not_due"),    # 15 days left
    (D(2024, 7, 17), "due_soon"),   # 14 days left: the first day of 临近
    (D(2024, 7, 31), "due_soon"),   # the due day counts in full
    (D(2024, 8, 1), "overdue"),     # the day after
])
def test_due_soon_and_overdue_boundaries_on_the_day(as_of, expected):
    assert state([], as_of) == expected


@pytest.mark.parametrize("done, expected", [
    (D(2024, 7, 31), "done_on_time"),
    (D(2024, 7, 1), "done_on_time"),
    (D(2024, 8, 1), "done_late"),
])
def test_confirmed_reports_are_done_on_time_or_late_by_their_done_date(done, expected):
    assert state([ev("submit", 1, done), ev("confirm", 2)], D(2024, 9, 1)) == expected


def test_a_report_awaits_the_office_until_confirmed():
    assert state([ev("submit", 1, D(2024, 8, 3))], D(2024, 9, 1)) == "submitted"


def test_a_report_counts_only_from_its_done_date():
    events = [ev("submit", 1, D(2024, 7, 20)), ev("confirm", 2)]
    assert state(events, D(2024, 7, 19)) == "due_soon"
    assert state(events, D(2024, 7, 20)) == "done_on_time"


def test_sent_back_then_redone():
    events = [ev("submit", 1, D(2024, 7, 20)), ev("send_back", 2, note="缺少盖章")]
    track = fold(events)
    assert (track.done, track.reason, track.sent_back) == (None, "缺少盖章", 1)
    assert state(events, D(2024, 8, 5)) == "overdue"
    events += [ev("submit", 3, D(2024, 8, 6))]
    assert state(events, D(2024, 8, 10)) == "submitted"
    assert state(events + [ev("confirm", 4)], D(2024, 8, 10)) == "done_late"


def test_confirming_without_an_open_report_changes_nothing():
    assert state([ev("confirm", 1)], D(2024, 8, 5)) == "overdue"


def test_the_office_may_mark_an_item_not_applicable():
    assert state([ev("exempt", 1, note="当年无此任务")], D(2024, 8, 5)) == "not_applicable"


def test_one_item_per_region_and_year():
    found = items_of(duty(), {("220100", 2023): [ev("submit", 1, D(2023, 7, 1))]}, D(2023, 8, 1), 14)
    assert [(i.region, i.year, i.state) for i in found if i.year == 2023] == [
        ("220100", 2023, "submitted"), ("220200", 2023, "overdue")]
    assert len(found) == 6


def _item(region, state, done=None, due=D(2024, 7, 31)) -> Item:
    return Item("x-t01", region, 2024, due, None, state, done, 0)


def test_on_time_rate_counts_reports_dated_by_the_due_day_over_items_fallen_due():
    items = [_item("a", "done_on_time", D(2024, 7, 1)), _item("a", "submitted", D(2024, 7, 30)),
             _item("a", "done_late", D(2024, 8, 9)), _item("a", "overdue"), _item("b", "not_due", due=D(2024, 12, 1)),
             _item("b", "not_applicable")]
    assert on_time_rates(items, D(2024, 9, 1)) == {"a": (2, 4)}


def test_calendar_order_puts_overdue_first():
    items = [_item("a", "not_due"), _item("b", "overdue", due=D(2024, 8, 1)), _item("c", "due_soon")]
    assert [i.region for i in sorted(items, key=order_key)] == ["b", "c", "a"]
