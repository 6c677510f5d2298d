"""Hostile and unlucky URLs: every page falls back to its defaults with a one-line notice, never an error box.

Each case opens a dashboard page with query values a bookmark or a hand-edited link could carry
(far and malformed dates, unknown codes, repeated parameters, very long strings, slider numbers out
of range); the page must run, say which values it did not use, and use the defaults for them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from targets import clock, store
from targets.config import Settings
from targets.method import tracking
from targets.plans.definitions import load_plans
from tests.app.conftest import page_test
from ui import notice, query, state

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("overview", "map", "burndown", "targets", "whatif")
LONG = "9" * 10_000

CASES = {  # case → (query parameters, the parameters refused)
    "far_future_date": ({"as_of": "9999-12-31"}, {"as_of"}),
    "far_past_date": ({"as_of": "0001-01-01"}, {"as_of"}),
    "malformed_date": ({"as_of": "2024-13-45"}, {"as_of"}),
    "unknown_plan": ({"plan": "no-such-plan"}, {"plan"}),
    "unknown_region_beside_a_known_one": ({"region": ["999999", "220100"]}, {"region"}),
    "repeated_plan": ({"plan": ["jl-2022", "cn-2022"]}, {"plan"}),
    "repeated_date": ({"as_of": ["2023-06-30", "2023-07-31"]}, {"as_of"}),
    "very_long_strings": ({"plan": LONG, "region": LONG, "as_of": LONG}, {"plan", "region", "as_of"}),
    "unknown_status_mode_and_flag": ({"status": "<b>x</b>", "mode": "evil", "hide_uncertain": "yes"},
                                     {"status", "mode", "hide_uncertain"}),
}
SLIDER_CASES = {
    "window_too_large": ({"window": "999"}, {"window"}),
    "pace_too_low": ({"pace": "-1000"}, {"pace"}),
    "pace_off_step": ({"pace": "7"}, {"pace"}),
    "shift_not_a_number": ({"shift": "abc"}, {"shift"}),
    "shift_huge": ({"shift": LONG}, {"shift"}),
    "exclude_unknown": ({"exclude": "maybe"}, {"exclude"}),
}


def _default_as_of(engine) -> dt.date:
    plan = next(p for p in store.plans(engine) if p.id == state.DEFAULT_PLAN)
    today = clock.today(Settings().time_zone)  # the app's today, in its zone (not the machine's)
    return tracking.plan_as_of(plan, tracking.observations(store.reports(engine)), today)


def _open(name: str, params: dict):
    at = page_test(name)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _no_notice(at) -> bool:
    try:
        at.get_by_key("url_notice")
    except KeyError:
        return True
    return False


def _assert_notice(at, params: dict, refused: set[str], engine) -> None:
    reading = query.parse({k: [v] if isinstance(v, str) else v for k, v in params.items()},
                          store.plans(engine), state.DEFAULT_PLAN)
    assert {r.param for r in reading.rejected} == refused
    box = at.get_by_key("url_notice")
    assert [i.value for i in box.info] == [notice.escape(query.sentence(reading.rejected))]
    assert len(box.info[0].value) < 400  # one line, however long the value was


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", PAGES)
def test_hostile_filter_values_fall_back_to_the_defaults(engine, name, case):
    params, refused = CASES[case]
    at = _open(name, params)
    assert not at.exception, at.exception
    assert not at.error
    _assert_notice(at, params, refused, engine)
    assert at.session_state[state.PLAN] == state.DEFAULT_PLAN
    assert at.session_state[state.AS_OF] == _default_as_of(engine)
    expected_regions = ["220100"] if case == "unknown_region_beside_a_known_one" else []
    assert at.session_state[state.REGION] == expected_regions
    assert at.session_state[state.STATUS] == [] and at.session_state[state.PROJECTOR] is False
    assert at.session_state[state.HIDE_UNCERTAIN] is False
    # the URL now says what is shown: no refused value is left in it
    assert "as_of" not in at.query_params
    assert all(len(v) <= query.MAX_LENGTH for vs in at.query_params.values() for v in
               ([vs] if isinstance(vs, str) else vs))


@pytest.mark.parametrize("case", SLIDER_CASES)
def test_hostile_slider_values_fall_back_to_the_defaults(engine, case):
    params, refused = SLIDER_CASES[case]
    at = _open("whatif", params)
    assert not at.exception, at.exception
    _assert_notice(at, params, refused, engine)
    assert at.slider(key="whatif_window").value == Settings().forecast_window_months
    assert at.slider(key="whatif_pace").value == 0 and at.slider(key="whatif_shift").value == 0
    assert at.toggle(key="whatif_exclude").value is False
    assert not set(params) & set(at.query_params)


def test_good_slider_values_are_taken_and_kept_in_the_url(engine):
    at = _open("whatif", {"window": "12", "pace": "20", "shift": "-3", "exclude": "1"})
    assert not at.exception and _no_notice(at)
    assert [at.slider(key=k).value for k in ("whatif_window", "whatif_pace", "whatif_shift")] == [12, 20, -3]
    assert at.toggle(key="whatif_exclude").value is True
    assert {k: at.query_params[k] for k in ("window", "pace", "shift", "exclude")} == {
        "window": "12", "pace": "20", "shift": "-3", "exclude": "1"}


def test_a_good_url_shows_no_notice(engine):
    at = _open("overview", {"plan": "jl-2022", "region": "220100", "as_of": "2023-06-30", "mode": "normal"})
    assert not at.exception and _no_notice(at)
    assert at.session_state[state.AS_OF] == dt.date(2023, 6, 30)


PLANS = load_plans(ROOT / "data" / "plans")


@pytest.mark.parametrize(
    "params, values, refused",
    [
        ({"plan": ["cn-2022"]}, {state.PLAN: "cn-2022"}, []),
        ({"plan": ["cn-2022", "cn-2022"]}, {state.PLAN: "cn-2022"}, []),  # the same value twice is one
        ({"plan": ["cn-2022"], "region": ["220100"]}, {state.PLAN: "cn-2022", state.REGION: []},
         [("region", "unknown")]),  # regions are checked against the plan the URL chose
        ({"region": ["220100", "220100", ""]}, {state.REGION: ["220100"]}, []),
        ({"as_of": ["2023-06-30"]}, {state.AS_OF: dt.date(2023, 6, 30)}, []),
        ({"as_of": ["2021-01-01"]}, {state.AS_OF: dt.date(2021, 1, 1)}, []),  # a year before jl-2022 starts
        ({"as_of": ["2020-12-31"]}, {}, [("as_of", "out_of_range")]),
        ({"as_of": ["30.6.2023"]}, {}, [("as_of", "malformed")]),
        ({"mode": ["projector"]}, {state.PROJECTOR: True}, []),
        ({"window": ["24"], "pace": ["-50"], "shift": ["+3"]},
         {"whatif_window": 24, "whatif_pace": -50, "whatif_shift": 3}, []),
        ({"window": ["0"]}, {}, [("window", "out_of_range")]),
        ({"window": ["１２"]}, {}, [("window", "malformed")]),  # full-width digits are not read as numbers
        ({"shift": ["--3"]}, {}, [("shift", "malformed")]),
        ({"region": ["220100"] * 400}, {state.REGION: []}, [("region", "too_many")]),
    ],
)
def test_the_query_schema(params, values, refused):
    reading = query.parse(params, PLANS, state.DEFAULT_PLAN)
    assert reading.values == values
    assert [(r.param, r.reason) for r in reading.rejected] == refused
