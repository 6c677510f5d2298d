"""总览 with more laggards than a screen can read: the first rows on screen with a caption saying
how many there are; the download (built on click) has them all."""

from __future__ import annotations

import pandas as pd
import pytest

from targets import store
from targets.config import Settings
from targets.method import board, tracking
from tests.app.conftest import page_test
from ui import data, series, views
from ui.strings import d


def _plan_board(engine, plan: str):
    plans, allocations = store.plans(engine), store.allocations(engine)
    obs = tracking.with_totals(plans, allocations, tracking.observations(store.reports(engine)))
    table = board.board(plans, allocations, obs, None, Settings())
    return table[table["plan"] == plan]


def test_a_long_laggard_list_shows_its_first_rows_and_says_how_many(monkeypatch, demo_engine):
    monkeypatch.setattr("targets.config.TABLE_ROWS_SHOWN", 3)
    at = page_test("overview").run()
    assert not at.exception, at.exception
    everyone = views.laggards(_plan_board(demo_engine, "jl-2022"))
    assert len(everyone) > 3
    box = at.get_by_key("overview_laggards")
    shown = box.dataframe[0].value
    assert shown.reset_index(drop=True).equals(everyone.head(3).reset_index(drop=True))
    assert [c.value for c in box.caption] == [d("table_capped", shown=3, n=len(everyone))]


def test_a_short_laggard_list_has_no_caption(demo_engine):
    at = page_test("overview").run()
    assert not at.exception, at.exception
    box = at.get_by_key("overview_laggards")
    assert len(box.dataframe[0].value) == views.lagging_count(_plan_board(demo_engine, "jl-2022"))
    assert not box.caption


@pytest.mark.parametrize("limit", [0, 1, 5, None])
def test_the_limit_keeps_the_most_behind_rows(demo_engine, limit):
    table = _plan_board(demo_engine, "jl-2022")
    everyone = views.laggards(table)
    assert len(everyone) == views.lagging_count(table)
    assert views.laggards(table, limit=limit).equals(everyone.head(limit) if limit is not None else everyone)


def test_the_laggards_download_builds_every_row(monkeypatch, demo_engine):
    """The button gets a builder (no table is built on a rerun); what it builds is the whole list."""
    from ui import downloads

    built = {}

    def button(frame, name, key):
        built[key] = frame

    monkeypatch.setattr(downloads, "table_button", button)
    monkeypatch.setattr("targets.config.TABLE_ROWS_SHOWN", 3)
    at = page_test("overview").run()
    assert not at.exception, at.exception
    assert callable(built["overview_laggards_download"]) and callable(built["overview_grid_download"])
    assert built["overview_laggards_download"]().equals(views.laggards(_plan_board(demo_engine, "jl-2022")))


def test_the_board_codes_its_text_columns_and_the_tables_show_plain_text(demo_engine):
    page_test("overview").run()  # the store in use: the demo store
    rows = data.plan_status("jl-2022", None)
    assert all(isinstance(rows[c].dtype, pd.CategoricalDtype) for c in data.CODED if c in rows.columns)
    shown = (views.laggards(rows), views.region_detail(rows, "220100"), views.grid_table(rows),
             series.region_rows(rows, str(rows["target"].iloc[0])))
    for table in shown:
        assert not any(isinstance(t, pd.CategoricalDtype) for t in table.dtypes), table.dtypes
    assert views.laggards(rows).equals(views.laggards(_plan_board(demo_engine, "jl-2022")))


def test_coded_text_comes_back_as_the_same_plain_text_with_its_gaps():
    plain = pd.Series(["长春", None, "吉林", "长春"], index=[7, 3, 9, 1], name="region_name", dtype="str")
    back = data.text(pd.DataFrame({"region_name": plain.astype("category")}), "region_name")
    pd.testing.assert_series_equal(back, plain)
    assert data.text(pd.DataFrame({"x": [1]}), "region_name").empty  # no such column: an empty text column
