"""What the dashboard keeps from one data version to the next equals a full read of the store.

After each upload (touching a duty target or not), a revert and a duty step, the duty items, the
chase list, the plan's as-of date and the current reports that ui.data hands out are compared
with what the domain computes from the whole store; the duty list is read again only when the
write reached a duty target or a duty step.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from targets import clock, store
from targets.intake import chase_list, duty_reports
from targets.method import agenda, tracking
from targets.store import duties as stored
from targets.store.models import ReportIn
from tests.app.accounts_app import OFFICE
from ui import data

PLAN = "jl-2022"
POOLED = "jl-2022-t01"  # a count target: no duty
DUTY = "jl-2022-t07"  # a yearly duty of each 市州
COUNT = "jl-2022-t08"  # a count each 市州 carries
AS_OF = dt.date(2024, 12, 31)


def _upload(engine, *items: tuple[str, str, dt.date, float]) -> int:
    return store.import_reports(engine, [ReportIn(target=t, region=r, date=d, value=v) for t, r, d, v in items],
                                by=OFFICE)


def _full_duty_items(engine, load) -> pd.DataFrame:
    duties, history = load(engine)
    items = agenda.all_items(duties, history, AS_OF, data.settings().duty_soon_days)
    return pd.DataFrame(agenda.item_rows(duties, items, store.plans(engine)), columns=agenda.ITEM_COLUMNS)


def _assert_as_a_full_read(engine, load) -> None:
    pd.testing.assert_frame_equal(data.duty_items(AS_OF), _full_duty_items(engine, load))
    assert data.chase(AS_OF) == chase_list.chase(engine, AS_OF, data.settings())
    plans, allocations = store.plans(engine), store.allocations(engine)
    obs = tracking.with_totals(plans, allocations, tracking.observations(store.reports(engine)))
    plan = next(p for p in plans if p.id == PLAN)
    assert data.plan_as_of(PLAN) == tracking.plan_as_of(plan, obs, clock.today(data.settings().time_zone))
    key = ["target", "region", "date"]
    pd.testing.assert_frame_equal(data.reports().sort_values(key, ignore_index=True),
                                  store.reports(engine).sort_values(key, ignore_index=True), check_dtype=False)


def test_each_write_redoes_only_what_it_reached_and_equals_a_full_read(engine, no_clearing, monkeypatch):
    loads = []
    real_load = duty_reports.load
    monkeypatch.setattr(data.duty_reports, "load", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    _upload(engine, (DUTY, "220100", dt.date(2024, 6, 30), 1), (POOLED, "220100", dt.date(2024, 3, 31), 20))
    data.observations()  # the dashboard's current reports, built once
    _assert_as_a_full_read(engine, real_load)
    later = _upload(engine, (POOLED, "220200", dt.date(2024, 9, 30), 40))  # a newer date: the as-of date moves
    duty = _upload(engine, (DUTY, "220300", dt.date(2024, 6, 30), 1))
    steps = [
        (lambda: None, 0),
        (lambda: _upload(engine, (POOLED, "220300", dt.date(2024, 6, 30), 30)), 0),  # no duty target
        (lambda: _upload(engine, (DUTY, "220400", dt.date(2024, 6, 30), 1)), 1),
        (lambda: store.revert_upload(engine, duty, OFFICE), 1),
        (lambda: store.revert_upload(engine, later, OFFICE), 0),  # the as-of date moves back
        (lambda: stored.add_event(engine, "office", (DUTY, "220500", 2024), "submit", done=dt.date(2024, 5, 1)), 1),
    ]
    data.duty_items(AS_OF)
    for number, (write, reads) in enumerate(steps):
        write()
        before = len(loads)
        _assert_as_a_full_read(engine, real_load)
        assert (number, len(loads) - before) == (number, 1 + reads)  # the comparison's full read, the page's own


def test_a_plan_date_moves_with_a_newer_report_and_back_with_its_revert(engine, no_clearing):
    _upload(engine, (POOLED, "220100", dt.date(2024, 3, 31), 20))
    assert data.plan_as_of(PLAN) == dt.date(2024, 3, 31)
    upload = _upload(engine, (POOLED, "220200", dt.date(2024, 9, 30), 40))
    assert data.plan_as_of(PLAN) == dt.date(2024, 9, 30)
    store.revert_upload(engine, upload, OFFICE)
    assert data.plan_as_of(PLAN) == dt.date(2024, 3, 31)


def test_reports_asked_for_after_several_writes_equal_a_full_read(engine, no_clearing):
    """The current reports are built only when a page asks for them, from the writes in between."""
    _upload(engine, (POOLED, "220100", dt.date(2024, 3, 31), 20), (COUNT, "220100", dt.date(2024, 3, 31), 1))
    data.reports()
    first = _upload(engine, (POOLED, "220100", dt.date(2024, 3, 31), 25), (POOLED, "220200", dt.date(2024, 3, 31), 5))
    data.observations()  # a page that shows statuses only: the frame is left unbuilt
    _upload(engine, (POOLED, "220100", dt.date(2024, 3, 31), 30), (COUNT, "220300", dt.date(2024, 6, 30), 1))
    data.observations()
    store.revert_upload(engine, first, OFFICE)
    data.observations()
    key = ["target", "region", "date"]
    pd.testing.assert_frame_equal(data.reports().sort_values(key, ignore_index=True),
                                  store.reports(engine).sort_values(key, ignore_index=True), check_dtype=False)


def test_a_target_edit_shows_on_the_board_and_in_the_duties(engine, no_clearing):
    _upload(engine, (COUNT, "220100", dt.date(2024, 6, 30), 1), (DUTY, "220100", dt.date(2024, 6, 30), 1))
    data.status(AS_OF)
    data.duty_items(AS_OF)
    store.edit_target(engine, COUNT, OFFICE, deadline=dt.date(2024, 10, 31))  # past at AS_OF: overdue
    store.edit_target(engine, DUTY, OFFICE, due="10-31")
    plans, allocations = store.plans(engine), store.allocations(engine)
    obs = tracking.with_totals(plans, allocations, tracking.observations(store.reports(engine)))
    fresh = data.board.board(plans, allocations, obs, AS_OF, data.settings())
    pd.testing.assert_frame_equal(data.status(AS_OF).reset_index(drop=True), fresh.reset_index(drop=True))
    pd.testing.assert_frame_equal(data.duty_items(AS_OF), _full_duty_items(engine, duty_reports.load))
