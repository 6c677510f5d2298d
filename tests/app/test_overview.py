"""总览: KPI counts, the region × target grid, the laggard list and its explanations; filters narrow all."""

from __future__ import annotations

import datetime as dt

import pytest

from targets import messages, store
from targets.method.tracking import status_table
from targets.store.models import ReportIn
from tests.app.conftest import page_test
from ui.strings import STATUS_SHORT, d

D = dt.date


def _counts(engine, plan: str) -> dict[str, int]:
    table = status_table(store.plans(engine), store.allocations(engine), store.reports(engine))
    return table[table["plan"] == plan]["status"].value_counts().to_dict()


def _kpis(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def at(demo_engine):
    at = page_test("overview").run()
    assert not at.exception, at.exception
    return at


def test_kpis_count_every_status_of_the_plan(at, demo_engine):
    counts = _counts(demo_engine, "jl-2022")
    shown = _kpis(at)
    for status, label in messages.STATUS_LABELS.items():
        assert shown[label] == f"{counts.get(status, 0):,}"
    assert shown[d("total")] == f"{sum(counts.values()):,}"


def test_plan_filter_changes_every_figure(at, demo_engine):
    at.sidebar.selectbox(key="w_filter_plan").set_value("zz-2024").run()
    assert not at.exception
    counts = _counts(demo_engine, "zz-2024")
    assert _kpis(at)[d("total")] == str(sum(counts.values()))
    # zz-2024 is not allocated to its districts: no grid, a sentence instead
    assert d("grid_none") in [c.value for c in at.get_by_key("overview_grid").caption]


def test_grid_puts_laggards_first_and_region_filter_narrows_it(at):
    body = at.get_by_key("overview_grid").get("html")[0].proto.body
    rows = [cell.split("</th>")[0] for cell in body.split("<tr><th>")[2:]]
    assert len(rows) == 9  # the nine 市州 carry jl-2022's per-region duties; 长白山 and 梅河口 carry none
    assert "长春" in rows and "长白山" not in rows
    at.sidebar.multiselect(key="w_filter_region").set_value(["220100", "220200"]).run()
    body = at.get_by_key("overview_grid").get("html")[0].proto.body
    rows = [cell.split("</th>")[0] for cell in body.split("<tr><th>")[2:]]
    assert sorted(rows) == sorted(["长春", "吉林市"])


def test_status_filter_leaves_only_that_status(at):
    at.sidebar.multiselect(key="w_filter_status").set_value(["off_track"]).run()
    shown = _kpis(at)
    assert shown[messages.STATUS_LABELS["on_track"]] == "0"
    assert shown[messages.STATUS_LABELS["off_track"]] == shown[d("total")]
    body = at.get_by_key("overview_grid").get("html")[0].proto.body
    assert STATUS_SHORT["off_track"] in body and STATUS_SHORT["on_track"] not in body


def test_projector_mode_renders_the_laggards_as_an_html_table(at):
    at.sidebar.toggle(key="w_filter_projector").set_value(True).run()
    assert not at.exception
    box = at.get_by_key("overview_laggards")
    assert len(box.table) == 1 and len(box.dataframe) == 0
    shown = box.table[0].value
    assert len(shown) == 5  # beside the grid on one screen (tests/browser/test_projector_fit.py)
    assert d("explanation") not in shown.columns  # the side column has room for region, target, status
    assert not at.get_by_key("overview_duty_line").get("html") == []  # duty counts as one line


def test_explanation_carries_the_numbers(engine):
    """jl-2022-t02: 5 reports over 2022-2024 (36 months); 2 by 2023-06-30, month 18.

    Expected 2.5 (50%), actual 2, pace 2/2.5 = 80% (behind, bound inclusive), 40% of the target,
    3 left over 18 months = 1/6 a month; at 2/18 a month the 3 left take 27 months → 2025-09-30.
    """
    store.import_reports(engine, [ReportIn(target="jl-2022-t02", region="220000", date=D(2023, 6, 30), value=2)],
                         user="test")
    at = page_test("overview").run()
    assert not at.exception, at.exception
    assert at.caption[0].value == d("as_of_caption", date=D(2023, 6, 30))
    t02 = next(t for p in store.plans(engine) for t in p.targets if t.id == "jl-2022-t02")
    laggards = at.get_by_key("overview_laggards").dataframe[0].value
    row = laggards[laggards[d("target")] == t02.name].iloc[0]
    expected = messages.explain(
        {"status": "behind", "as_of": D(2023, 6, 30), "actual": 2.0, "expected": 2.5, "pace": 0.8,
         "completion": 0.4, "required_monthly": 3 / 18, "forecast_date": D(2025, 9, 30)},
        t02.unit, "cumulative", 5.0,
    )
    assert row[d("explanation")] == expected
    assert row[d("status")] == messages.STATUS_LABELS["behind"]
