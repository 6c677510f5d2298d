"""The status method: every status, every kind, the boundaries, baselines, deadlines, decreasing targets."""

import datetime as dt

import pytest

from targets.method.burndown import forecast, planned_series, remaining
from targets.method.status import Spec, Thresholds, evaluate, expected_at, months_between

D = dt.date
ENTERPRISES = Spec(kind="cumulative", target=300, start=D(2022, 1, 1), deadline=D(2024, 12, 31), baseline=0)


def test_worked_example_300_enterprises_month_18():
    """300 enterprises over 36 months; at month 18 with 120 done → expected 150, pace 0.80, behind."""
    as_of = D(2023, 6, 30)
    obs = [(as_of, 120.0)]
    res = evaluate(ENTERPRISES, obs, as_of)
    assert res.expected == pytest.approx(150)
    assert res.pace == pytest.approx(0.80)
    assert res.status == "behind"  # lower bounds are inclusive
    assert res.completion == pytest.approx(0.40)
    fc = forecast(ENTERPRISES, obs, as_of)
    assert fc.required_monthly == pytest.approx(10.0)
    assert fc.so_far_monthly == pytest.approx(120 / 18)
    assert round(fc.so_far_monthly, 1) == 6.7


@pytest.mark.parametrize(
    "actual, status",
    [
        (300, "done"),
        (301, "done"),
        (150, "on_track"),
        (142.5, "on_track"),  # pace exactly 0.95
        (142.4, "behind"),
        (120, "behind"),  # pace exactly 0.80
        (119.9, "off_track"),
        (0, "off_track"),
    ],
)
def test_cumulative_boundaries(actual, status):
    assert evaluate(ENTERPRISES, [(D(2023, 6, 30), actual)], D(2023, 6, 30)).status == status


def test_no_data_before_anything_reported():
    res = evaluate(ENTERPRISES, [(D(2023, 7, 31), 200.0)], D(2023, 6, 30))
    assert res.status == "no_data"
    assert res.actual is None


@pytest.mark.parametrize("as_of, status", [(D(2024, 12, 31), "off_track"), (D(2025, 1, 1), "overdue")])
def test_overdue_only_after_deadline_day(as_of, status):
    assert evaluate(ENTERPRISES, [(D(2024, 6, 30), 100.0)], as_of).status == status


def test_done_after_deadline_stays_done():
    assert evaluate(ENTERPRISES, [(D(2024, 10, 31), 305.0)], D(2026, 1, 1)).status == "done"


def test_thresholds_are_settings():
    obs = [(D(2023, 6, 30), 120.0)]
    assert evaluate(ENTERPRISES, obs, D(2023, 6, 30), Thresholds(0.75, 0.5)).status == "on_track"


def test_baseline_not_zero():
    """Trademarks from 5000 to 8000 over 2018–2020: at end of 2019 expect 7000; 6600 → pace 0.8."""
    spec = Spec(kind="count", target=8000, start=D(2018, 1, 1), deadline=D(2020, 12, 31), baseline=5000)
    res = evaluate(spec, [(D(2019, 12, 31), 6600.0)], D(2019, 12, 31))
    assert res.expected == pytest.approx(7000)
    assert res.pace == pytest.approx(0.8)
    assert res.status == "behind"


def test_yearly_milestones_shape_the_trajectory():
    spec = Spec(kind="cumulative", target=300, start=D(2022, 1, 1), deadline=D(2024, 12, 31),
                baseline=0, milestones=((2022, 50), (2023, 200)))
    assert expected_at(spec, D(2022, 12, 31)) == pytest.approx(50)
    assert expected_at(spec, D(2023, 6, 30)) == pytest.approx(125)
    assert evaluate(spec, [(D(2022, 12, 31), 48.0)], D(2022, 12, 31)).status == "on_track"


@pytest.mark.parametrize(
    "value, as_of, status",
    [
        (92.0, D(2019, 6, 30), "done"),
        (93.5, D(2019, 6, 30), "done"),
        (89.0, D(2021, 1, 1), "overdue"),
    ],
)
def test_rate_compares_latest_value_with_threshold(value, as_of, status):
    spec = Spec(kind="rate", target=92, start=D(2017, 1, 1), deadline=D(2020, 12, 31), baseline=88)
    assert evaluate(spec, [(D(2019, 6, 30), value)], as_of).status == status


def test_rate_below_threshold_graded_by_pace():
    spec = Spec(kind="rate", target=92, start=D(2017, 1, 1), deadline=D(2020, 12, 31), baseline=88)
    res = evaluate(spec, [(D(2018, 12, 31), 89.0)], D(2018, 12, 31))  # expected 90 → pace 0.5
    assert res.pace == pytest.approx(0.5)
    assert res.status == "off_track"


@pytest.mark.parametrize(
    "value, as_of, status",
    [
        (2.3, D(2019, 6, 30), "on_track"),  # 3.0 → 2.0 over 48 months: expected 2.375 at month 30
        (2.47, D(2019, 6, 30), "behind"),  # pace 0.53 / 0.625 = 0.848
        (2.6, D(2019, 6, 30), "off_track"),
        (1.9, D(2019, 6, 30), "done"),
        (2.2, D(2021, 3, 1), "overdue"),
    ],
)
def test_decreasing_is_better(value, as_of, status):
    spec = Spec(kind="rate", target=2.0, start=D(2017, 1, 1), deadline=D(2020, 12, 31), baseline=3.0,
                comparator="le")
    assert evaluate(spec, [(D(2019, 6, 30), value)], as_of).status == status


@pytest.mark.parametrize(
    "obs, as_of, status",
    [
        ([(D(2022, 9, 1), 1.0)], D(2022, 12, 1), "done"),
        ([(D(2022, 9, 1), 0.0)], D(2022, 12, 1), "on_track"),
        ([(D(2022, 9, 1), 0.0)], D(2023, 1, 1), "overdue"),
        ([], D(2023, 1, 1), "no_data"),
    ],
)
def test_milestone_done_or_not_by_its_date(obs, as_of, status):
    spec = Spec(kind="milestone", target=1, start=D(2022, 5, 26), deadline=D(2022, 12, 31), baseline=0)
    assert evaluate(spec, obs, as_of).status == status


RECURRING = Spec(kind="recurring", target=1, start=D(2022, 1, 1), deadline=D(2024, 12, 31), due="09-30")


@pytest.mark.parametrize(
    "obs, as_of, status, period",
    [
        ([(D(2022, 9, 1), 1.0)], D(2022, 12, 31), "on_track", 2023),
        ([(D(2022, 9, 1), 1.0)], D(2023, 10, 1), "overdue", 2023),
        ([(D(2022, 9, 1), 1.0), (D(2023, 9, 1), 1.0), (D(2024, 9, 1), 1.0)], D(2024, 10, 1), "done", 2024),
        ([(D(2022, 9, 1), 0.0)], D(2022, 9, 15), "on_track", 2022),
        ([(D(2023, 9, 1), 1.0)], D(2023, 9, 2), "overdue", 2022),  # 2022 was never done
    ],
)
def test_recurring_duty_due_every_year(obs, as_of, status, period):
    res = evaluate(RECURRING, obs, as_of)
    assert (res.status, res.period) == (status, period)


def test_months_are_calendar_months():
    assert months_between(D(2022, 1, 1), D(2023, 7, 1)) == 18
    assert months_between(D(2022, 1, 1), D(2025, 1, 1)) == 36


def test_forecast_projects_recent_pace():
    obs = [(D(2022, 12, 31), 60.0), (D(2023, 6, 30), 120.0)]  # 10 a month over the last 6 months
    fc = forecast(ENTERPRISES, obs, D(2023, 6, 30), window=6)
    assert fc.recent_monthly == pytest.approx(10)
    assert fc.forecast_date == D(2024, 12, 31)


def test_forecast_none_when_not_moving():
    obs = [(D(2022, 12, 31), 60.0), (D(2023, 6, 30), 60.0)]
    assert forecast(ENTERPRISES, obs, D(2023, 6, 30), window=6).forecast_date is None


def test_forecast_of_a_pace_too_slow_for_any_calendar_names_no_day():
    """A millionth of an enterprise a month: 300 left would take 3e8 months (past year 9999, which
    raised OverflowError and took the whole status board down); beyond a hundred years no day is named."""
    obs = [(D(2022, 6, 30), 0.0), (D(2023, 6, 30), 0.000012)]
    fc = forecast(ENTERPRISES, obs, D(2023, 6, 30), window=12)
    assert fc.recent_monthly == pytest.approx(0.000001)
    assert fc.forecast_date is None
    # 1,200 months exactly is still named: 1.2 left at 0.001 a month from 2023-07-01
    obs = [(D(2022, 6, 30), 298.8 - 0.012), (D(2023, 6, 30), 298.8)]
    assert forecast(ENTERPRISES, obs, D(2023, 6, 30), window=12).forecast_date == D(2123, 6, 30)


def test_forecast_of_met_target_is_the_day_it_was_met():
    obs = [(D(2024, 3, 31), 290.0), (D(2024, 5, 31), 310.0)]
    assert forecast(ENTERPRISES, obs, D(2024, 6, 30)).forecast_date == D(2024, 5, 31)


def test_planned_series_ends_at_target_and_remaining_burns_down():
    series = planned_series(ENTERPRISES)
    assert series[0][0] == D(2022, 1, 31) and series[-1] == (D(2024, 12, 31), 300)
    assert len(series) == 36
    assert remaining(ENTERPRISES, 120) == 180
    assert remaining(ENTERPRISES, 400) == 0


STABLE = Spec(kind="rate", target=95, start=D(2017, 10, 30), deadline=D(2020, 12, 31), baseline=None,
              rule="every_report")  # 处理完结率稳定在95%以上
NEVER = Spec(kind="count", target=0, start=D(2017, 10, 30), deadline=D(2020, 12, 31), baseline=None,
             comparator="le", rule="every_report")  # 确保不发生区域性、系统性的质量安全问题
FALLING = Spec(kind="count", target=0, start=D(2017, 10, 30), deadline=D(2020, 12, 31), baseline=None,
               comparator="le", rule="yearly_decrease")  # 投诉量总体呈下降趋势


@pytest.mark.parametrize(
    "spec, obs, as_of, status",
    [
        (STABLE, [(D(2018, 12, 31), 96.0), (D(2019, 12, 31), 97.0)], D(2020, 6, 30), "done"),
        (STABLE, [(D(2018, 12, 31), 93.0), (D(2019, 12, 31), 97.0)], D(2020, 6, 30), "off_track"),  # one miss
        (STABLE, [(D(2018, 12, 31), 93.0), (D(2019, 12, 31), 97.0)], D(2021, 1, 1), "overdue"),
        (NEVER, [(D(2018, 12, 31), 0.0), (D(2019, 12, 31), 0.0)], D(2020, 6, 30), "done"),
        (NEVER, [(D(2018, 12, 31), 1.0), (D(2019, 12, 31), 0.0)], D(2020, 6, 30), "off_track"),  # not hidden
        (FALLING, [(D(2018, 12, 31), 120.0), (D(2019, 12, 31), 100.0)], D(2020, 6, 30), "done"),
        (FALLING, [(D(2018, 12, 31), 120.0), (D(2019, 12, 31), 130.0)], D(2020, 6, 30), "behind"),
        (FALLING, [(D(2018, 12, 31), 120.0), (D(2019, 12, 31), 130.0)], D(2021, 1, 1), "overdue"),
        (FALLING, [(D(2018, 6, 30), 140.0), (D(2018, 12, 31), 120.0)], D(2019, 6, 30), "on_track"),  # one year
        (FALLING, [], D(2019, 6, 30), "no_data"),
    ],
)
def test_rules_the_documents_set_beyond_the_latest_value(spec, obs, as_of, status):
    assert evaluate(spec, obs, as_of).status == status


@pytest.mark.parametrize(
    "as_of, refused",
    [
        (D(2021, 1, 1), False),  # a year before the start: the first day answered
        (D(2020, 12, 31), True),
        (D(2034, 12, 31), False),  # ten years after the deadline: the last day answered
        (D(2035, 1, 1), True),
        (D(9999, 12, 31), True),  # the far dates a URL can carry
        (D(1, 1, 1), True),
    ],
)
def test_the_method_answers_only_within_its_window(as_of, refused):
    from targets.errors import InvalidInput
    from targets.method.status import as_of_window, check_as_of

    assert as_of_window(ENTERPRISES.start, ENTERPRISES.deadline) == (D(2021, 1, 1), D(2034, 12, 31))
    if refused:
        with pytest.raises(InvalidInput) as caught:
            check_as_of(as_of, ENTERPRISES.start, ENTERPRISES.deadline)
        assert caught.value.code == "as_of_out_of_range" and str(as_of) in str(caught.value)
    else:
        check_as_of(as_of, ENTERPRISES.start, ENTERPRISES.deadline)


def test_a_leap_day_window_ends_on_the_last_day_of_february():
    from targets.method.status import as_of_window

    assert as_of_window(D(2024, 2, 29), D(2024, 2, 29)) == (D(2023, 2, 28), D(2034, 2, 28))


def test_the_status_table_refuses_a_far_as_of_date(engine):
    from targets import store
    from targets.errors import InvalidInput
    from targets.method.tracking import status_table

    with pytest.raises(InvalidInput, match="9999-12-31"):
        status_table(store.plans(engine), store.allocations(engine), store.reports(engine), D(9999, 12, 31))


@pytest.mark.parametrize(
    "obs, as_of, events",
    [
        # 2022 met (by the year's newest report), 2023 reported 0 and past due, 2024 not yet due
        ([(D(2022, 9, 1), 1.0), (D(2023, 9, 1), 0.0)], D(2024, 6, 30),
         [("2022-09-30", "done"), ("2023-09-30", "missed"), ("2024-09-30", "open")]),
        # a year's newest report decides, as in evaluate: 1 then 0 in 2022 is not met
        ([(D(2022, 3, 1), 1.0), (D(2022, 8, 1), 0.0)], D(2022, 10, 1),
         [("2022-09-30", "missed"), ("2023-09-30", "open"), ("2024-09-30", "open")]),
        # reports after the as-of date are not known yet
        ([(D(2022, 9, 1), 1.0)], D(2022, 8, 31),
         [("2022-09-30", "open"), ("2023-09-30", "open"), ("2024-09-30", "open")]),
    ],
)
def test_recurring_duty_events_agree_with_the_status(obs, as_of, events):
    from targets.method.status import duty_events

    got = duty_events(RECURRING, obs, as_of)
    assert [(str(e.due), e.state) for e in got] == events
    assert all(e.day == e.due for e in got)
    missed = any(e.state == "missed" for e in got)
    assert (evaluate(RECURRING, obs, as_of).status == "overdue") == missed


@pytest.mark.parametrize(
    "obs, as_of, state, day",
    [
        ([(D(2022, 6, 30), 0.0), (D(2022, 10, 31), 1.0)], D(2023, 3, 31), "done", D(2022, 10, 31)),
        ([(D(2022, 6, 30), 0.0)], D(2023, 3, 31), "missed", D(2022, 12, 31)),
        ([(D(2022, 6, 30), 0.0)], D(2022, 7, 31), "open", D(2022, 12, 31)),
    ],
)
def test_a_milestone_has_one_event_on_the_day_it_was_met(obs, as_of, state, day):
    from targets.method.status import duty_events

    spec = Spec(kind="milestone", target=1, start=D(2022, 5, 26), deadline=D(2022, 12, 31), baseline=0)
    (event,) = duty_events(spec, obs, as_of)
    assert (event.due, event.state, event.day) == (D(2022, 12, 31), state, day)


def test_the_month_arithmetic_over_arrays_is_the_scalar_arithmetic():
    """months_between_days and add_months_days (what the what-if page computes 85,000 cases with) give
    exactly months_between and add_months, month ends, leap days and fractions included."""
    import random

    import numpy as np

    from targets.method.status import add_months, add_months_days, months_between_days

    rng = random.Random(7)
    a = [D(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 3000)) for _ in range(3000)]
    b = [D(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 3000)) for _ in range(3000)]
    a += [D(2024, 1, 31), D(2024, 2, 29), D(2023, 12, 31)]
    b += [D(2024, 2, 29), D(2025, 2, 28), D(2024, 3, 1)]
    months = [rng.choice([0, 1, -6, 12, 0.5, 2.7, 0.0164, 119.99, 1200]) for _ in a]
    days_a, days_b = np.array(a, dtype="datetime64[D]"), np.array(b, dtype="datetime64[D]")
    assert months_between_days(days_a, days_b).tolist() == [months_between(x, y) for x, y in zip(a, b)]
    assert add_months_days(days_a, np.array(months)).astype(object).tolist() == [
        add_months(x, m) for x, m in zip(a, months)]
