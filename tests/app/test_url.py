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


def _reopen_page(at, name):
    again = page_test(name)
    for key, value in at.query_params.items():
        again.query_params[key] = value
    again.run()
    assert not again.exception, again.exception
    return again


def test_burndown_target_region_and_view_round_trip_through_the_url(engine):
    at = page_test("burndown").run()
    assert not at.exception, at.exception
    at.selectbox(key="burndown_target").set_value("jl-2022-t08").run()
    at.selectbox(key="burndown_region").set_value("220100").run()
    at.segmented_control(key="burndown_view").set_value("up").run()
    assert (at.query_params["target"], at.query_params["target_region"], at.query_params["view"]) == (
        "jl-2022-t08", "220100", "up")
    again = _reopen_page(at, "burndown")
    assert again.selectbox(key="burndown_target").value == "jl-2022-t08"
    assert again.selectbox(key="burndown_region").value == "220100"
    assert again.segmented_control(key="burndown_view").value == "up"


def test_an_unknown_burndown_target_falls_back_with_the_notice(engine):
    at = page_test("burndown")
    at.query_params["target"] = "no-such-target"
    at.query_params["view"] = "sideways"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="burndown_target").value != "no-such-target"
    notice = at.get_by_key("url_notice").info[0].value
    assert "no-such-target" in notice and "sideways" in notice


def test_whatif_sliders_round_trip_through_the_url(engine):
    at = page_test("whatif").run()
    at.slider(key="whatif_window").set_value(12)
    at.slider(key="whatif_pace").set_value(50)
    at.slider(key="whatif_shift").set_value(-3)
    at.toggle(key="whatif_exclude").set_value(True).run()
    assert not at.exception, at.exception
    again = _reopen_page(at, "whatif")
    assert [again.slider(key=k).value for k in ("whatif_window", "whatif_pace", "whatif_shift")] == [12, 50, -3]
    assert again.toggle(key="whatif_exclude").value is True
