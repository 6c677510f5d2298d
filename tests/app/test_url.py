"""The URL keeps the view: a bookmark reopens what was shown, after every change (ui.filters, ui.query)."""

from __future__ import annotations

from tests.app.conftest import page_test
from ui import state


def _reopen(at):
    """A new session opened from the URL the last one left (a bookmark)."""
    again = page_test("overview")
    for key, value in at.query_params.items():
        again.query_params[key] = value
    again.run()
    assert not again.exception, again.exception
    return again


def test_two_regions_removed_one_at_a_time_round_trip_through_the_url(engine):
    at = page_test("overview")
    at.query_params["region"] = ["220100", "220200"]
    at.run()
    assert at.session_state[state.REGION] == ["220100", "220200"]

    at.sidebar.multiselect(key="w_filter_region").set_value(["220200"]).run()  # the first one goes
    assert at.query_params["region"] == "220200"
    assert _reopen(at).session_state[state.REGION] == ["220200"]

    at.sidebar.multiselect(key="w_filter_region").set_value([]).run()  # then the second
    assert "region" not in at.query_params
    assert _reopen(at).session_state[state.REGION] == []


def test_the_order_of_several_values_is_kept(engine):
    at = page_test("overview")
    at.query_params["status"] = ["overdue", "behind"]
    at.run()
    at.sidebar.multiselect(key="w_filter_status").set_value(["behind", "overdue"]).run()
    assert at.query_params["status"] == ["behind", "overdue"]
