"""推演: the scenario changes the outcome exactly as computed by hand.

jl-2022-t02 (5 reports, 2022-01-01 → 2024-12-31, one region: the province) has two reports: 1 by
2022-12-31 and 2 by 2023-06-30 (the as-of date); nothing else in jl-2022 is reported.

* last 6 months: (2 - 1) / 6 a month; 3 left → 18 months after 2023-07-01 → 2024-12-31: on time.
* last 12 months: back to the start, 2 / 18 a month; 3 left → 27 months → 2025-09-30: late.
* 12 months and deadline + 9 months (2025-09-30): on time, on the last day.
* 12 months and pace + 50%: 1/6 a month again → 2024-12-31: on time.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from targets import store
from targets.method.tracking import status_table
from targets.store.models import ReportIn
from tests.app.conftest import page_test
from ui import data
from ui.strings import CHANGE_LABELS_WHATIF, OUTCOME_LABELS_WHATIF, d

D = dt.date


@pytest.fixture
def at(engine):
    store.import_reports(engine, [
        ReportIn(target="jl-2022-t02", region="220000", date=D(2022, 12, 31), value=1),
        ReportIn(target="jl-2022-t02", region="220000", date=D(2023, 6, 30), value=2),
    ], user="test")
    at = page_test("whatif").run()
    assert not at.exception, at.exception
    return at


def _t02(at, engine) -> dict:
    name = next(t.name for p in store.plans(engine) for t in p.targets if t.id == "jl-2022-t02")
    rows = at.get_by_key("whatif_targets").dataframe[0].value
    return rows[rows[d("target")] == name].iloc[0].to_dict()


def _kpis(at) -> dict[str, str]:
    return {m.label: m.value for m in at.get_by_key("whatif_kpis").metric}


def _rows(engine) -> int:
    table = status_table(store.plans(engine), store.allocations(engine), store.reports(engine))
    return int((table["plan"] == "jl-2022").sum())


def test_current_pace_meets_the_deadline_exactly(at, engine):
    row = _t02(at, engine)
    assert (row[d("outcome")], row[d("when")]) == (OUTCOME_LABELS_WHATIF["on_time"], "2024-12-31")
    assert _kpis(at)[d("kpi_met_now")] == d("met_of", met=1, total=_rows(engine))


def test_pace_of_the_last_twelve_months_is_too_slow(at, engine):
    at.slider(key="whatif_window").set_value(12).run()
    row = _t02(at, engine)
    assert (row[d("outcome")], row[d("when")]) == (OUTCOME_LABELS_WHATIF["late"], "2025-09-30")
    assert row[d("change")] == CHANGE_LABELS_WHATIF["lost"]
    kpis = _kpis(at)
    assert kpis[d("kpi_met_scenario")] == d("met_of", met=0, total=_rows(engine))
    assert (kpis[d("kpi_lost")], kpis[d("kpi_gained")]) == ("1", "0")
    assert at.markdown[0].value == f"**{d('scenario', window=12, pace='', shift='', exclude='')}**"


def test_moving_the_deadline_nine_months_rescues_it(at, engine):
    at.slider(key="whatif_window").set_value(12)
    at.slider(key="whatif_shift").set_value(9).run()
    row = _t02(at, engine)
    assert (row[d("outcome")], row[d("when")], row[d("scenario_deadline")]) == (
        OUTCOME_LABELS_WHATIF["on_time"], "2025-09-30", "2025-09-30")


def test_half_as_fast_again_rescues_it(at, engine):
    at.slider(key="whatif_window").set_value(12)
    at.slider(key="whatif_pace").set_value(50).run()
    row = _t02(at, engine)
    assert (row[d("outcome")], row[d("when")]) == (OUTCOME_LABELS_WHATIF["on_time"], "2024-12-31")


def test_leaving_out_uncertain_targets_shrinks_the_count(at, engine):
    at.toggle(key="whatif_exclude").set_value(True).run()
    uncertain = {t.id for p in store.plans(engine) for t in p.targets if t.uncertain}
    table = status_table(store.plans(engine), store.allocations(engine), store.reports(engine))
    kept = int(((table["plan"] == "jl-2022") & ~table["target"].isin(uncertain)).sum())
    assert _kpis(at)[d("kpi_met_scenario")] == d("met_of", met=1, total=kept)
    assert len(at.get_by_key("whatif_targets").dataframe[0].value) == kept


def test_reset_returns_to_the_current_pace(at, engine):
    at.slider(key="whatif_window").set_value(12).run()
    at.button(key="whatif_reset").click().run()
    assert at.slider(key="whatif_window").value == 6
    assert _t02(at, engine)[d("outcome")] == OUTCOME_LABELS_WHATIF["on_time"]


def test_region_filter_narrows_the_scenario(at, engine):
    at.sidebar.multiselect(key="w_filter_region").set_value(["220100"]).run()
    table = status_table(store.plans(engine), store.allocations(engine), store.reports(engine))
    mine = int(((table["plan"] == "jl-2022") & (table["region"] == "220100")).sum())
    assert _kpis(at)[d("kpi_met_now")] == d("met_of", met=0, total=mine)


def test_the_baseline_is_projected_once_per_data_version(engine, monkeypatch):
    """Moving a slider projects the scenario only: the method's own projection is kept per data version,
    and the basis of each window (reports read into arrays) is built once."""
    from targets.method import whatif

    store.import_reports(engine, [ReportIn(target="jl-2022-t02", region="220000", date=D(2023, 6, 30), value=2)],
                         user="test")
    scenarios, windows = [], []
    real_outcomes, real_basis = whatif.outcomes, whatif.basis
    monkeypatch.setattr(whatif, "outcomes", lambda frame, as_of, scenario=whatif.Scenario():
                        scenarios.append(scenario) or real_outcomes(frame, as_of, scenario))
    monkeypatch.setattr(whatif, "basis", lambda cases, as_of, window:
                        windows.append(window) or real_basis(cases, as_of, window))
    at = page_test("whatif").run()
    assert not at.exception, at.exception
    baseline = whatif.baseline(data.settings().forecast_window_months)
    assert scenarios == [baseline]  # the page opens on the method's own projection: projected once
    for months in (12, 9, 12):
        at.slider(key="whatif_window").set_value(months).run()
        assert not at.exception, at.exception
    # the baseline was not projected again, nor the 12 months when the slider came back to them
    assert [s.window for s in scenarios[1:]] == [12, 9]
    at.sidebar.multiselect(key="w_filter_status").set_value(["behind"]).run()
    assert not at.exception, at.exception
    assert len(scenarios) == 3  # a filter change only picks rows of the projected outcomes
    # the cases are read into a basis once: another window only takes the pace again (whatif.rewindowed)
    assert windows == [baseline.window]
    plans = store.plans(engine)
    table = data.status(data.plan_as_of("jl-2022"))
    fresh = real_basis(whatif.cases(table, {t.id: t for p in plans for t in p.targets}, data.observations()),
                       data.plan_as_of("jl-2022"), 9)
    pd.testing.assert_frame_equal(data.whatif_basis(data.plan_as_of("jl-2022"), 9).reset_index(drop=True), fresh)


def test_the_summary_says_how_many_finish_on_time_and_how_many_will_not(engine):
    """One target on time (2024-12-31), one far too slow: the old KPI '最后一项达标 2024-12-31' read as
    'everything is done by then'; the summary says 1 of n on time and 1 that will not finish."""
    store.import_reports(engine, [
        ReportIn(target=t, region="220000", date=day, value=v)
        for t in ("jl-2022-t02", "jl-2022-t03") for day, v in ((D(2022, 12, 31), 1), (D(2023, 6, 30), 2))
    ], user="test")
    at = page_test("whatif").run()
    assert not at.exception, at.exception
    total = _rows(engine)
    kpis = _kpis(at)
    assert d("kpi_last_on_time") in kpis and "最后一项达标" not in kpis
    assert kpis[d("kpi_last_on_time")] == "2024-12-31"
    text = at.markdown[1].value
    assert f"1/{total} 项按期完成" in text
    assert "按期完成的最后一项在 2024-12-31" in text
    assert "1 项按此进度到截止日仍完不成" in text
    assert f"{total - 2} 项无法推算" in text


def test_the_summary_is_right_when_filtered_to_a_region_with_only_late_targets(engine):
    store.import_reports(engine, [
        ReportIn(target="jl-2022-t03", region="220000", date=day, value=v)
        for day, v in ((D(2022, 12, 31), 1), (D(2023, 6, 30), 2))
    ], user="test")
    at = page_test("whatif").run()
    at.sidebar.multiselect(key="w_filter_region").set_value(["220000"]).run()
    assert not at.exception, at.exception
    text = at.markdown[1].value
    assert text.startswith(d("whatif_summary", text="0/"))
    assert "1 项按此进度到截止日仍完不成" in text and "按期完成的最后一项" not in text
    assert _kpis(at)[d("kpi_last_on_time")] == d("kpi_last_on_time_none")


def test_a_long_table_lists_the_most_worrying_rows_and_the_download_has_them_all(engine, monkeypatch):
    """At national scale the table would carry 85,000 rows to the browser on every slider move: it lists
    the first TABLE_ROWS_SHOWN (most worrying first), says how many there are, and the Excel has every row."""
    from ui import downloads, scenarios

    store.import_reports(engine, [
        ReportIn(target=t, region="220000", date=day, value=v)
        for t in ("jl-2022-t02", "jl-2022-t03") for day, v in ((D(2022, 12, 31), 1), (D(2023, 6, 30), 2))
    ], user="test")
    monkeypatch.setattr(scenarios, "TABLE_ROWS_SHOWN", 2)
    builders = {}
    monkeypatch.setattr(downloads, "table_button", lambda frame, name, key: builders.setdefault(key, frame))
    at = page_test("whatif").run()
    assert not at.exception, at.exception
    shown = at.get_by_key("whatif_targets").dataframe[0].value
    total = _rows(engine)
    assert len(shown) == 2
    assert d("table_capped", shown=2, n=total) in [c.value for c in at.caption]
    every = builders["whatif_targets_download"]()
    assert len(every) == total
    assert every.head(2).reset_index(drop=True).equals(shown.reset_index(drop=True))
    # most worrying first: the target that will not finish leads, the on-time one is not above it
    outcomes = list(every[d("outcome")])
    assert outcomes.index(OUTCOME_LABELS_WHATIF["late"]) < outcomes.index(OUTCOME_LABELS_WHATIF["on_time"])
