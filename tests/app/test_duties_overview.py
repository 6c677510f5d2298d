"""The overview's duty section: duty items counted apart from the count targets, regions ranked by on-time rate."""

from __future__ import annotations

import datetime as dt

from targets.intake import duty_reports
from targets.messages import DUTY_STATE_LABELS, STATUS_LABELS
from targets.store.accounts import User
from tests.app.accounts_app import table
from tests.app.conftest import page_test
from ui import state
from ui.strings import DUTY_COLUMNS

AS_OF = dt.date(2024, 8, 10)


def _overview(engine):
    at = page_test("overview")
    at.session_state[state.AS_OF] = AS_OF
    at.run()
    assert not at.exception, at.exception
    return at


def test_duty_items_are_counted_apart_from_the_targets(engine):
    at = _overview(engine)
    year = [i for i in duty_reports.items(engine, AS_OF, year=2024)
            if i.target.startswith("jl-2022") and i.region != "JL-CBS"]
    overdue = sum(i.state == "overdue" for i in year)
    shown = {m.label: m.value for m in at.get_by_key("overview_duty_kpi_overdue").metric}
    assert shown == {DUTY_STATE_LABELS["overdue"]: f"{overdue:,}"}
    assert not set(DUTY_STATE_LABELS.values()) & set(STATUS_LABELS.values())  # the two rows never mix labels


def test_regions_are_ranked_by_on_time_rate(engine):
    office = User("office", "admin", ())
    for region in ("220100", "220200"):
        duty_reports.report(engine, office, ("jl-2022-t23", region, 2024), dt.date(2024, 7, 30))
    duty_reports.report(engine, office, ("jl-2022-t17", "220100", 2024), dt.date(2024, 5, 20))
    ranked = table(_overview(engine), "overview_duty_ranking")
    assert list(ranked[DUTY_COLUMNS["region_name"]][:2]) == ["长春", "吉林市"]
    assert list(ranked[DUTY_COLUMNS["on_time"]][:2]) == [2, 1]
    assert set(ranked[DUTY_COLUMNS["fell_due"]][:2]) == {2}
