"""What changed between two marks of the store, and the board redone from it (targets.store.changes,
targets.method.board.updated): the same answer as reading everything again."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from targets import store
from targets.config import Settings
from targets.method import board, tracking
from targets.store import changes
from targets.store.models import ReportIn
from tests.app.accounts_app import OFFICE

POOLED = "jl-2022-t01"  # 300 户 over the province: every unit's reports add up
DUTY = "jl-2022-t08"  # each 市州 carries its own


def _rows(*items: tuple[str, str, dt.date, float]) -> list[ReportIn]:
    return [ReportIn(target=t, region=r, date=d, value=v) for t, r, d, v in items]


def _grouped(engine):
    plans, allocations = store.plans(engine), store.allocations(engine)
    reports = store.reports(engine)
    raw = tracking.observations(reports)
    return plans, allocations, reports, raw, tracking.with_totals(plans, allocations, raw)


def test_the_first_real_upload_over_demo_data_changes_everything(demo_engine):
    before = store.mark(demo_engine)
    store.import_reports(demo_engine, _rows((DUTY, "220100", dt.date(2024, 6, 30), 1)), by=OFFICE)
    assert store.changed_pairs(demo_engine, before, store.mark(demo_engine)) is None  # demo rows are gone


def test_an_import_and_a_revert_name_their_pairs(engine):
    store.import_reports(engine, _rows((DUTY, "220100", dt.date(2024, 6, 30), 1)), by=OFFICE)
    first = store.mark(engine)
    upload = store.import_reports(engine, _rows((POOLED, "220200", dt.date(2024, 6, 30), 40),
                                                (POOLED, "220200", dt.date(2024, 9, 30), 55),
                                                (DUTY, "220300", dt.date(2024, 6, 30), 1)), by=OFFICE)
    second = store.mark(engine)
    assert store.changed_pairs(engine, first, second) == {(POOLED, "220200"), (DUTY, "220300")}
    assert store.changed_pairs(engine, second, second) == frozenset()
    store.revert_upload(engine, upload, OFFICE)
    assert store.changed_pairs(engine, second, store.mark(engine)) == {(POOLED, "220200"), (DUTY, "220300")}


def test_removing_rows_changes_everything(demo_engine):
    before = store.mark(demo_engine)
    store.remove_demo(demo_engine)
    assert store.changed_pairs(demo_engine, before, store.mark(demo_engine)) is None


@pytest.mark.parametrize("as_of", [None, dt.date(2024, 9, 30), dt.date(2025, 3, 31)])
def test_the_board_redone_for_the_changed_pairs_equals_the_whole_board(engine, as_of):
    settings = Settings()
    store.import_reports(engine, _rows((DUTY, "220100", dt.date(2024, 6, 30), 1),
                                       (POOLED, "220100", dt.date(2024, 3, 31), 20)), by=OFFICE)
    plans, allocations, reports, raw, obs = _grouped(engine)
    previous = board.board(plans, allocations, obs, as_of, settings)
    mark = store.mark(engine)
    # a later date moves the plan's as-of date when none is given: every cell is redone then
    upload = store.import_reports(engine, _rows((POOLED, "220200", dt.date(2024, 6, 30), 40),
                                                (POOLED, "220100", dt.date(2024, 3, 31), 25),
                                                (DUTY, "220300", dt.date(2024, 6, 30), 1)), by=OFFICE)
    for step in ("import", "revert"):
        if step == "revert":
            store.revert_upload(engine, upload, OFFICE)
        now = store.mark(engine)
        pairs = store.changed_pairs(engine, mark, now)
        assert pairs
        fresh = store.reports_of(engine, pairs)
        new_raw, new_obs = tracking.updated_observations(plans, allocations, raw, obs, fresh, pairs)
        whole = _grouped(engine)
        assert new_raw == whole[3] and new_obs == whole[4]
        redone = board.updated(previous, plans, allocations, new_obs, pairs, as_of, settings)
        pd.testing.assert_frame_equal(redone, board.board(plans, allocations, whole[4], as_of, settings))
        replaced = tracking.replaced_reports(reports, fresh, pairs)
        key = ["target", "region", "date"]
        pd.testing.assert_frame_equal(replaced.sort_values(key, ignore_index=True),
                                      whole[2].sort_values(key, ignore_index=True), check_dtype=False)
        previous, raw, obs, reports, mark = redone, new_raw, new_obs, replaced, now


def test_a_total_is_redone_when_one_contributor_reports(engine):
    settings = Settings()
    store.import_reports(engine, _rows((POOLED, "220100", dt.date(2024, 6, 30), 20)), by=OFFICE)
    plans, allocations, _, raw, obs = _grouped(engine)
    previous = board.board(plans, allocations, obs, dt.date(2024, 9, 30), settings)
    mark = store.mark(engine)
    store.import_reports(engine, _rows((POOLED, "220200", dt.date(2024, 6, 30), 30)), by=OFFICE)
    pairs = store.changed_pairs(engine, mark, store.mark(engine))
    assert pairs == {(POOLED, "220200")}
    _, new_obs = tracking.updated_observations(plans, allocations, raw, obs, store.reports_of(engine, pairs),
                                               pairs)
    redone = board.updated(previous, plans, allocations, new_obs, pairs, dt.date(2024, 9, 30), settings)
    total = redone[(redone["target"] == POOLED) & (redone["region"] == "220000")]
    assert total["actual"].tolist() == [50.0]  # the province's total: 20 + 30


def test_the_allocation_mark_moves_with_every_allocation_change(engine):
    from sqlmodel import Session

    from targets.store.models import AllocationRow

    before = store.allocation_mark(engine)
    store.import_reports(engine, _rows((DUTY, "220100", dt.date(2024, 6, 30), 1)), by=OFFICE)
    assert store.allocation_mark(engine) == before  # progress leaves the allocations alone
    with Session(engine) as session:
        session.add(AllocationRow(target=DUTY, region="220100", share=2, version=99, user="office"))
        session.commit()
    assert store.allocation_mark(engine) != before


def test_the_last_dates_kept_up_to_date_equal_those_of_every_series():
    import random

    rng = random.Random(7)
    days = [dt.date(2024, m, 28) for m in range(1, 13)]

    def series():
        return sorted((d, 1.0) for d in rng.sample(days, rng.randint(0, 4)))

    keys = [(f"t{t}", f"r{r}") for t in range(4) for r in range(6)]
    before = {k: series() for k in keys}
    last = tracking.last_dates(before)
    for _ in range(200):
        changed = set(rng.sample(keys, rng.randint(1, 5)))
        after = dict(before) | {k: series() for k in changed}
        for k in [k for k in changed if rng.random() < 0.2]:
            after.pop(k)  # a series gone (its only upload reverted)
        last = tracking.updated_last_dates(last, before, after, changed)
        assert last == tracking.last_dates(after)
        before = after


def test_the_duty_mark_moves_with_every_duty_step(engine):
    from targets.store import duties as stored

    before = store.mark(engine), changes.duty_mark(engine)
    stored.add_event(engine, "office", ("jl-2022-t07", "220100", 2024), "submit", done=dt.date(2024, 5, 1))
    assert store.mark(engine) == before[0]  # the progress rows did not move
    assert changes.duty_mark(engine) != before[1]
