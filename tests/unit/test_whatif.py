"""What-if scenarios: keep the pace of the last N months, pace +x%, deadline moved, uncertain left out.

Every expected date below is worked out by hand in the comment next to it.
"""

import datetime as dt

import pandas as pd
import pytest

from targets.method.status import Spec
from targets.method.whatif import Case, Scenario, by_region, latest_met_date, met_count, moved, project, run

D = dt.date
# 120 units in calendar 2024, from 0.
YEAR = Spec(kind="cumulative", target=120, start=D(2024, 1, 1), deadline=D(2024, 12, 31), baseline=0)
# Jan-Mar 5 a month, Apr-Jun 15 a month: 5, 10, 15, 30, 45, 60 at the month ends.
SPEEDING_UP = [(D(2024, 1, 31), 5.0), (D(2024, 2, 29), 10.0), (D(2024, 3, 31), 15.0),
               (D(2024, 4, 30), 30.0), (D(2024, 5, 31), 45.0), (D(2024, 6, 30), 60.0)]
AS_OF = D(2024, 6, 30)


@pytest.mark.parametrize(
    "scenario, code, when, monthly",
    [
        # last 6 months: (60 - 0) / 6 = 10 a month; 60 left → 6 months after 2024-07-01 → 2024-12-31
        (Scenario(window=6), "on_time", D(2024, 12, 31), 10.0),
        # last 3 months: (60 - 15) / 3 = 15 a month; 60 left → 4 months → 2024-11-01 - 1 day
        (Scenario(window=3), "on_time", D(2024, 10, 31), 15.0),
        # 10 a month + 20% = 12; 60 / 12 = 5 months → 2024-12-01 - 1 day
        (Scenario(window=6, pace_change=0.2), "on_time", D(2024, 11, 30), 12.0),
        # 10 a month - 20% = 8; 60 / 8 = 7.5 months → 2025-02-01 + round(0.5 * 30.44) = 15 days - 1
        (Scenario(window=6, pace_change=-0.2), "late", D(2025, 2, 15), 8.0),
        # -100%: no progress at all
        (Scenario(window=6, pace_change=-1.0), "never", None, 0.0),
    ],
)
def test_pace_scenarios(scenario, code, when, monthly):
    out = project(YEAR, SPEEDING_UP, AS_OF, scenario)
    assert (out.code, out.when) == (code, when)
    assert out.monthly == pytest.approx(monthly)
    assert out.met == (code == "on_time")
    # 60 left over the 6 months from 2024-07-01 to 2025-01-01
    assert out.required == pytest.approx(10.0)


def test_deadline_moved_turns_late_into_on_time():
    slow = Scenario(window=6, pace_change=-0.2)  # projected 2025-02-15, as above
    assert project(YEAR, SPEEDING_UP, AS_OF, slow).code == "late"
    moved_on = project(YEAR, SPEEDING_UP, AS_OF, Scenario(window=6, pace_change=-0.2, deadline_shift=2))
    assert moved_on.deadline == D(2025, 2, 28)
    assert (moved_on.code, moved_on.when) == ("on_time", D(2025, 2, 15))
    # 60 left over the 8 months from 2024-07-01 to 2025-03-01
    assert moved_on.required == pytest.approx(7.5)


def test_deadline_moved_earlier_can_make_a_target_late():
    out = project(YEAR, SPEEDING_UP, AS_OF, Scenario(window=6, deadline_shift=-1))
    assert out.deadline == D(2024, 11, 30)
    assert (out.code, out.when) == ("late", D(2024, 12, 31))


@pytest.mark.parametrize(
    "day, months, expected",
    [(D(2024, 12, 31), 9, D(2025, 9, 30)), (D(2024, 2, 29), 1, D(2024, 3, 31)),
     (D(2024, 6, 15), 2, D(2024, 8, 15)), (D(2024, 12, 31), 0, D(2024, 12, 31)),
     (D(2024, 3, 31), -1, D(2024, 2, 29))],
)
def test_moved_keeps_month_ends(day, months, expected):
    spec = Spec(kind="cumulative", target=1, start=D(2020, 1, 1), deadline=day)
    assert moved(spec, months).deadline == expected


def test_five_reports_over_three_years():
    """5 reports by 2024-12-31 from 2022-01-01; 1 by 2022-12-31, 2 by 2023-06-30."""
    spec = Spec(kind="cumulative", target=5, start=D(2022, 1, 1), deadline=D(2024, 12, 31), baseline=0)
    obs = [(D(2022, 12, 31), 1.0), (D(2023, 6, 30), 2.0)]
    as_of = D(2023, 6, 30)
    # 6 months: (2 - 1) / 6 a month; 3 left → 18 months after 2023-07-01 → 2024-12-31, just in time
    assert project(spec, obs, as_of, Scenario(window=6)).when == D(2024, 12, 31)
    # 12 months: 2 / 18 a month (back to the start); 3 left → 27 months → 2025-10-01 - 1 day
    twelve = project(spec, obs, as_of, Scenario(window=12))
    assert (twelve.code, twelve.when) == ("late", D(2025, 9, 30))
    # + 9 months of deadline: 2025-09-30, met on its last day
    assert project(spec, obs, as_of, Scenario(window=12, deadline_shift=9)).code == "on_time"
    # + 50% pace: 1/6 a month again → 2024-12-31
    assert project(spec, obs, as_of, Scenario(window=12, pace_change=0.5)).when == D(2024, 12, 31)


def test_already_met_stays_met_whatever_the_scenario():
    obs = SPEEDING_UP + [(D(2024, 9, 30), 125.0)]
    for scenario in (Scenario(), Scenario(pace_change=-1.0), Scenario(deadline_shift=-6)):
        out = project(YEAR, obs, D(2024, 9, 30), scenario)
        assert (out.code, out.when, out.met) == ("met", D(2024, 9, 30), True)


def test_past_deadline_unmet_is_overdue_unless_moved_later():
    as_of = D(2025, 1, 31)
    assert project(YEAR, SPEEDING_UP, as_of).code == "overdue"
    # deadline + 3 months = 2025-03-31; 10 a month over 6 months to 2024-06-30; 60 left → 2024-12-31
    # (the projection starts at the latest report, so it is already reached in the past)
    out = project(YEAR, SPEEDING_UP, as_of, Scenario(deadline_shift=3))
    assert (out.code, out.when) == ("on_time", D(2024, 12, 31))


def test_decreasing_target():
    """Accidents from 20 down to at most 8 in 2024; 20, 18, 16 by March: -2 a month, 8 left to cut."""
    spec = Spec(kind="count", target=8, start=D(2024, 1, 1), deadline=D(2024, 12, 31), baseline=20,
                comparator="le")
    obs = [(D(2024, 1, 31), 18.0), (D(2024, 2, 29), 16.0), (D(2024, 3, 31), 14.0)]
    # 3 months back to the start: (14 - 20) / 3 = -2 a month; (8 - 14) / -2 = 3 months → 2024-06-30
    out = project(spec, obs, D(2024, 3, 31), Scenario(window=3))
    assert (out.code, out.when, out.monthly) == ("on_time", D(2024, 6, 30), pytest.approx(-2.0))


def test_no_data_and_milestones():
    assert project(YEAR, [], AS_OF).code == "no_data"
    milestone = Spec(kind="milestone", target=1, start=D(2024, 1, 1), deadline=D(2024, 12, 31))
    assert project(milestone, [(D(2024, 3, 31), 0.0)], AS_OF).code == "not_projectable"
    done = project(milestone, [(D(2024, 3, 31), 0.0), (D(2024, 5, 31), 1.0)], AS_OF)
    assert (done.code, done.when) == ("met", D(2024, 5, 31))


def test_run_leaves_out_uncertain_and_counts_by_region():
    cases = [
        Case("a", "r1", YEAR, tuple(SPEEDING_UP)),
        Case("b", "r1", YEAR, tuple(SPEEDING_UP[:3])),  # 15 by March, 5 a month: 105 left → 21 months, late
        Case("c", "r2", YEAR, tuple(SPEEDING_UP), uncertain=True),
    ]
    everything = run(cases, AS_OF, Scenario(window=6))
    assert list(everything["code"]) == ["on_time", "late", "on_time"]
    assert met_count(everything) == (2, 3)
    assert by_region(everything) == {"r1": (1, 2), "r2": (1, 1)}
    certain = run(cases, AS_OF, Scenario(window=6, exclude_uncertain=True))
    assert list(certain["target"]) == ["a", "b"]
    assert met_count(certain) == (1, 2)
    assert latest_met_date(everything) == D(2024, 12, 31)


def test_gained_lost_and_same_compare_the_scenario_with_the_baseline():
    from targets.method.whatif import change_counts, compare

    cases = [Case("fast", "r", YEAR, tuple(SPEEDING_UP)),  # on time at 10 a month
             Case("slow", "r", YEAR, tuple((d, v / 2) for d, v in SPEEDING_UP)),  # late at 5 a month
             Case("unsure", "r", YEAR, tuple(SPEEDING_UP), uncertain=True)]
    now = run(cases, AS_OF, Scenario(window=6))
    # four times the pace: slow (90 left at 20 a month, 4.5 months) becomes on time; unsure is left out
    then = run(cases, AS_OF, Scenario(window=6, pace_change=3.0, exclude_uncertain=True))
    faster = compare(now, then)
    assert list(zip(then["target"], faster)) == [("fast", "same"), ("slow", "gained")]
    assert change_counts(faster) == {"gained": 1, "lost": 0, "same": 1}
    # deadlines six months earlier: fast can no longer make it (lost); slow was late already
    then = run(cases, AS_OF, Scenario(window=6, deadline_shift=-6))
    earlier = compare(now, then)
    assert dict(zip(then["target"], earlier)) == {"fast": "lost", "slow": "same", "unsure": "lost"}


def test_summary_counts_on_time_missed_and_unknown_apart():
    import pandas as pd

    from targets.method.whatif import summary
    results = pd.DataFrame({"code": ["on_time", "met", "late", "never", "no_data"],
                            "when": pd.to_datetime(["2024-06-30", "2023-01-31", "2026-01-31", None, None]),
                            "met": [True, True, False, False, False]})
    s = summary(results)
    assert (s.on_time, s.total, s.last_on_time, s.missed, s.unknown) == (2, 5, D(2024, 6, 30), 2, 1)
    assert s.sentence() == ("2/5 项按期完成；按期完成的最后一项在 2024-06-30；2 项按此进度到截止日仍完不成；"
                            "1 项无法推算（未报送，或节点任务、年度任务尚未完成）。")


def _one_by_one(spec, observations, as_of, scenario):
    """The projection stated case by case, as the module docstring defines it: the reference the
    array computation (outcomes) must equal."""
    from targets.method.burndown import forecast
    from targets.method.status import add_months, end_of, is_met, months_between
    from targets.method.whatif import HORIZON_MONTHS, PROJECTABLE_KINDS, Outcome

    spec = moved(spec, scenario.deadline_shift)
    known = sorted(o for o in observations if o[0] <= as_of)
    if not known:
        return Outcome("no_data", spec.deadline, None, None, None, None)
    last_day, actual = known[-1]
    met_days = [d for d, v in known if is_met(spec, v)]
    if spec.kind not in PROJECTABLE_KINDS:
        done = bool(met_days) and (spec.kind == "milestone" or is_met(spec, actual))
        return Outcome("met" if done else "not_projectable", spec.deadline, met_days[0] if done else None, actual,
                       None, None)
    if is_met(spec, actual):
        return Outcome("met", spec.deadline, met_days[0], actual, None, None)
    fc = forecast(spec, known, as_of, scenario.window)
    monthly = None if fc.recent_monthly is None else fc.recent_monthly * (1 + scenario.pace_change)
    remaining = spec.target - actual
    months_left = months_between(end_of(as_of), end_of(spec.deadline))
    required = remaining / months_left if months_left > 0 else None
    if as_of > spec.deadline:
        return Outcome("overdue", spec.deadline, None, actual, monthly, None)
    if not monthly or remaining / monthly <= 0:
        return Outcome("never", spec.deadline, None, actual, monthly, required)
    if remaining / monthly > HORIZON_MONTHS:
        return Outcome("late", spec.deadline, None, actual, monthly, required)
    when = add_months(end_of(last_day), remaining / monthly) - dt.timedelta(days=1)
    return Outcome("on_time" if when <= spec.deadline else "late", spec.deadline, when, actual, monthly, required)


def test_all_cases_at_once_equal_the_method_case_by_case():
    """2,000 random cases (every kind, both directions, uneven reports, far and past deadlines) under
    random scenarios: outcomes() over the whole frame gives exactly the case-by-case outcome."""
    import random

    from targets.method.whatif import basis as basis_of
    from targets.method.whatif import outcome, outcomes

    rng = random.Random(20261202)
    cases = []
    for i in range(2000):
        kind = rng.choice(["cumulative", "count", "rate", "milestone", "recurring"])
        start = D(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        deadline = start + dt.timedelta(days=rng.randrange(30, 2000))
        comparator = rng.choice(["ge", "ge", "le"])
        target = 1.0 if kind == "milestone" else rng.choice([1, 8, 92.5, 300, 1e6])
        spec = Spec(kind=kind, target=target, start=start, deadline=deadline, comparator=comparator,
                    baseline=rng.choice([0.0, None, target / 2]))
        days = sorted({start + dt.timedelta(days=rng.randrange(0, 1500)) for _ in range(rng.randrange(0, 8))})
        scale = target * rng.choice([0.001, 0.3, 1.2, 1e-9])
        obs = tuple((day, round(rng.uniform(0, 1.5) * scale, rng.choice([0, 2, 6]))) for day in days)
        cases.append(Case(f"t{i}", f"r{i % 37}", spec, obs, uncertain=rng.random() < 0.2))
    for _ in range(6):
        as_of = D(2021, 6, 30) + dt.timedelta(days=rng.randrange(0, 1800))
        scenario = Scenario(window=rng.choice([0, 1, 3, 6, 12, 24]), pace_change=rng.choice([0, 0.2, -0.5, -1, 3]),
                            deadline_shift=rng.choice([0, 0, -6, 1, 13]), exclude_uncertain=rng.random() < 0.5)
        frame = outcomes(basis_of(cases, as_of, scenario.window), as_of, scenario)
        kept = [c for c in cases if not (scenario.exclude_uncertain and c.uncertain)]
        assert list(frame["target"]) == [c.target for c in kept]
        for case, (_, row) in zip(kept, frame.iterrows()):
            expected = _one_by_one(case.spec, case.observations, as_of, scenario)
            got = outcome(row)
            assert (got.code, got.deadline, got.when) == (expected.code, expected.deadline, expected.when), case
            for field in ("actual", "monthly", "required"):
                want = getattr(expected, field)
                assert getattr(got, field) == (None if want is None else pytest.approx(want)), (case, field)
            assert row["met"] == expected.met


def test_summary_of_a_national_programme_groups_its_thousands():
    from targets.method.whatif import Summary

    text = Summary(on_time=31971, total=85350, last_on_time=None, missed=53379, unknown=0).sentence()
    assert text == "31,971/85,350 项按期完成；53,379 项按此进度到截止日仍完不成。"


def test_by_region_counts_a_categorical_region_column_in_first_seen_order():
    regions = pd.Categorical(["r2", "r1", "r2", "r1", "r2"], categories=["r0", "r1", "r2", "r3"])
    results = pd.DataFrame({"region": regions, "met": [True, False, True, True, False]})
    assert list(by_region(results).items()) == [("r2", (2, 3)), ("r1", (1, 2))]  # r0, r3: no rows, not listed
    assert by_region(results.iloc[:0]) == {}
