"""The entry script: the navigation opens on the overview, and every dashboard page opens from it."""

from __future__ import annotations

import pytest

from targets.messages import STATUS_LABELS
from tests.app.conftest import app_test
from ui import frame
from ui.strings import PAGE_TITLES, d


@pytest.fixture
def at(demo_engine):
    at = app_test().run()
    assert not at.exception, at.exception
    return at


def test_navigation_opens_on_the_overview(at):
    assert at.title[0].value.startswith(PAGE_TITLES["overview"])
    assert {m.label for m in at.metric} >= set(STATUS_LABELS.values()) | {d("total")}


@pytest.mark.parametrize(
    "page, element",
    [("map", "deck_gl_json_chart"), ("burndown", "vega_lite_chart"), ("targets", "dataframe"),
     ("whatif", "dataframe"), ("overview", "html")],
)
def test_every_dashboard_page_opens_from_the_navigation(at, page, element):
    at.switch_page(str(frame.page_file(page).relative_to(frame.ROOT))).run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith(PAGE_TITLES[page])
    assert at.get(element)
    assert at.sidebar.selectbox(key="w_filter_plan").value == "jl-2022"  # the shared filters are there


def test_filters_survive_a_page_switch(at):
    at.sidebar.selectbox(key="w_filter_plan").set_value("zz-2024").run()
    at.switch_page("pages/map.py").run()
    assert at.sidebar.selectbox(key="w_filter_plan").value == "zz-2024"
    assert at.title[0].value.endswith(at.sidebar.selectbox(key="w_filter_plan").format_func("zz-2024"))
