"""燃尽图: the explanation and KPIs carry the hand-computed numbers; lines, burn-up, sums, timelines, filters."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import pytest
from streamlit import dataframe_util

from targets import messages, store
from targets.method.tracking import status_table
from targets.store.models import ReportIn
from tests.app.conftest import page_test
from ui.strings import d

D = dt.date


def _chart_frames(at, key: str) -> list[pd.DataFrame]:
    charts = at.get_by_key(key).get("vega_lite_chart") or at.get_by_key(key).get("arrow_vega_lite_chart")
    return [dataframe_util.convert_arrow_bytes_to_pandas_df(ds.data.data)
            for chart in charts for ds in chart.proto.datasets]


def _series(at, key: str = "burndown_chart") -> pd.DataFrame:
    return next(f for f in _chart_frames(at, key) if "series" in f.columns)


@pytest.fixture
def two_reports(engine):
    """jl-2022-t02 (5 reports, 2022-01-01 to 2024-12-31): 2 by 2023-06-30, nothing else reported."""
    store.import_reports(engine, [ReportIn(target="jl-2022-t02", region="220000", date=D(2023, 6, 30), value=2)],
                         user="test")
    at = page_test("burndown")
    at.session_state["selected_target"] = "jl-2022-t02"
    at.run()
    assert not at.exception, at.exception
    return at


def test_explanation_and_kpis_carry_the_numbers(two_reports, engine):
    """Month 18 of 36: expected 2.5 (50%), actual 2, pace 80%, 40% of 5; 3 left over 18 months = 0.17 a
    month; recent pace 2/18 = 0.11 a month → 27 months after 2023-07-01 → 2025-09-30.
    Reports are whole: paces below one a month read 不足1份."""
    at = two_reports
    assert at.selectbox(key="burndown_target").value == "jl-2022-t02"
    unit = next(t.unit for p in store.plans(engine) for t in p.targets if t.id == "jl-2022-t02")
    expected = messages.explain(
        {"status": "behind", "as_of": D(2023, 6, 30), "actual": 2.0, "expected": 2.5, "pace": 0.8,
         "completion": 0.4, "required_monthly": 3 / 18, "forecast_date": D(2025, 9, 30)}, unit, "cumulative", 5.0)
    body = at.get_by_key("burndown_explanation").get("html")[0].proto.body
    assert html.escape(expected) in body
    assert messages.STATUS_LABELS["behind"] in body
    kpis = {m.label: m.value for m in at.get_by_key("burndown_kpis").metric}
    assert kpis == {d("kpi_remaining"): f"3{unit}", d("kpi_months_left"): "18", d("kpi_required"): f"不足1{unit}",
                    d("kpi_recent"): f"不足1{unit}", d("kpi_forecast"): "2025-09-30"}


def test_burn_down_lines(two_reports):
    frame = _series(two_reports)
    actual = frame[frame["series"] == d("series_actual")]
    assert list(actual["value"]) == [5.0, 3.0]  # 5 to do at the start, 3 left after 2
    planned = frame[frame["series"] == d("series_planned")]
    assert planned["value"].iloc[-1] == 0.0 and planned["value"].iloc[0] == pytest.approx(5 - 5 / 36)
    forecast = frame[frame["series"] == d("series_forecast")]
    assert forecast["value"].iloc[0] == 3.0  # from the latest report …
    # … at 2/18 a month down to 0 on 2025-09-30, after the deadline
    assert forecast["value"].iloc[-1] == pytest.approx(0.0)
    assert pd.Timestamp(forecast["date"].iloc[-1]).date() == D(2025, 9, 30)


def test_burn_up_shows_amounts_and_the_target(two_reports):
    at = two_reports
    at.segmented_control(key="burndown_view").set_value("up").run()
    frame = _series(at)
    assert list(frame[frame["series"] == d("series_actual")]["value"]) == [0.0, 2.0]
    targets = [f for f in _chart_frames(at, "burndown_chart") if "label" in f.columns and "value" in f.columns]
    assert any(list(f["value"]) == [5.0] for f in targets)


def test_a_province_total_burns_down_the_sum_of_every_contribution(demo_engine):
    at = page_test("burndown")
    at.session_state["selected_target"] = "jl-2022-t01"
    at.run()
    assert at.selectbox(key="burndown_region").value == "220000"  # tracked whole: no region has a quota
    current = store.reports(demo_engine)
    latest = current[current["target"] == "jl-2022-t01"].sort_values("date").groupby("region")["value"].last()
    assert len(latest) > 5  # the demo reports contributions from the regions, not a province figure
    actual = _series(at)[lambda f: f["series"] == d("series_actual")]
    assert actual["value"].iloc[-1] == pytest.approx(300 - latest.sum())


def test_all_regions_sum_the_latest_values(demo_engine):
    at = page_test("burndown")
    at.session_state["filter_plan"] = "cy-2017"
    at.session_state["selected_target"] = "cy-2017-t16"  # 每个县区1个以上: 7 counties
    at.run()
    assert at.selectbox(key="burndown_region").value == "all"
    table = status_table(store.plans(demo_engine), store.allocations(demo_engine), store.reports(demo_engine))
    rows = table[table["target"] == "cy-2017-t16"]
    frame = _series(at)
    actual = frame[frame["series"] == d("series_actual")]
    assert actual["value"].iloc[-1] == pytest.approx(7 - rows["actual"].fillna(0).sum())
    multiples = _series(at, "burndown_multiples")
    assert multiples["region"].nunique() == len(rows) == 7


def test_one_region_uses_its_share(demo_engine):
    at = page_test("burndown")
    at.session_state["filter_plan"] = "cy-2017"
    at.session_state["selected_target"] = "cy-2017-t16"
    at.run()
    at.selectbox(key="burndown_region").set_value("211302").run()
    table = status_table(store.plans(demo_engine), store.allocations(demo_engine), store.reports(demo_engine))
    row = table[(table["target"] == "cy-2017-t16") & (table["region"] == "211302")].iloc[0]
    frame = _series(at)
    actual = frame[frame["series"] == d("series_actual")]
    assert actual["value"].iloc[0] == pytest.approx(row["share"])  # 1 to do at the start
    done = 0 if pd.isna(row["actual"]) else row["actual"]
    assert actual["value"].iloc[-1] == pytest.approx(row["share"] - done)


def test_recurring_duties_show_a_timeline(demo_engine):
    at = page_test("burndown")
    at.session_state["selected_target"] = "jl-2022-t23"
    at.run()
    assert not at.exception
    events = next(f for f in _chart_frames(at, "burndown_timeline") if "state" in f.columns)
    assert set(events["state"]) <= {d("event_done"), d("event_missed"), d("event_open")}
    assert events["region"].nunique() == 9  # the nine 市州 (长白山 and 梅河口 are not 地级市)
    with pytest.raises(KeyError):
        at.get_by_key("burndown_kpis")


def test_category_filter_narrows_the_targets(demo_engine):
    at = page_test("burndown").run()
    at.sidebar.multiselect(key="w_filter_category").set_value(["人才培养"]).run()
    plan = next(p for p in store.plans(demo_engine) if p.id == "jl-2022")
    wanted = {t.id for t in plan.targets if t.category == "人才培养"}
    assert set(at.selectbox(key="burndown_target").options) <= {t.name for t in plan.targets if t.id in wanted}
    assert at.selectbox(key="burndown_target").value in wanted


@pytest.mark.parametrize("up", [True, False])
def test_the_small_multiples_are_each_drawn_regions_planned_and_actual_lines(demo_engine, monkeypatch, up):
    """Each small multiple is its region's own burn-down (series.burn, series.lines) without the forecast,
    for the MULTIPLES_MAX most lagging regions: built from the region's spec and reports alone, it must
    say what the region's full burn-down says."""
    from ui import data, series, views
    from ui.filters import Filters

    monkeypatch.setattr(series, "MULTIPLES_MAX", 3)
    table = views.status_rows(Filters(plan="cy-2017"))
    target = next(t for p in data.plans() if p.id == "cy-2017" for t in p.targets if t.id == "cy-2017-t16")
    as_of = D(2024, 6, 30)
    grid = series.small_multiples(target, table, as_of, up)
    rows = table[table["target"] == target.id]
    drawn = series.multiples_regions(rows, target.id)
    assert len(rows) == 7 and len(drawn) == 3 and list(grid["region"].unique()) == list(drawn.values())
    paces = dict(zip(rows["region"], rows["pace"].fillna(float("-inf"))))
    assert max(paces[r] for r in drawn) <= min(p for r, p in paces.items() if r not in drawn)
    assert d("series_forecast") not in set(grid["series"])
    for region, name in drawn.items():
        full = series.lines(series.burn(target, table, region, as_of), as_of, up)
        expected = full[full["series"] != d("series_forecast")].reset_index(drop=True)
        got = grid[grid["region"] == name].drop(columns="region").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected)
        assert set(got["series"]) == {d("series_planned"), d("series_actual")}
