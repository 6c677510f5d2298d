"""Burn-down, burn-up and forecast (pure): how much remains, how fast it moved, when it will be met.

The forecast projects the recent pace (the change over the last `window` months of reports, or
since the start when the reports are younger than that) from the latest report to the target.
The monthly pace still required is what remains divided by the months left to the deadline.
A day further than HORIZON_MONTHS after the latest report is not named (a pace of a millionth a
month projects past any calendar).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from targets.method.status import (
    Spec,
    add_months,
    add_months_days,
    baseline_of,
    end_of,
    expected_at,
    is_met,
    known_until,
    months_between,
    months_between_days,
)

HORIZON_MONTHS = 1200  # a hundred years: a projected day further than this is not named


@dataclass(frozen=True)
class Forecast:
    so_far_monthly: float | None  # (actual - baseline) / months since start
    recent_monthly: float | None  # change per month over the recent window
    required_monthly: float | None  # (target - actual) / months left; None once met or past deadline
    months_left: float  # calendar months from the as-of date to the end of the deadline
    forecast_date: dt.date | None  # when the recent pace reaches the target (first met date if met)


def _known(observations: list[tuple[dt.date, float]], as_of: dt.date) -> list[tuple[dt.date, float]]:
    return known_until(sorted(observations), as_of)


def paces(spec: Spec, known: list[tuple[dt.date, float]], window: int) -> tuple[float | None, float | None]:
    """(so far, recent) monthly paces from the date-sorted reports up to the as-of date (at least one).

    so far = (actual - baseline) / months since the start; recent = the change over the last `window`
    months of reports (from the newest report that ended by then, else from the start), or so far
    when that span is empty.
    """
    last_day, actual = known[-1]
    base = baseline_of(spec)
    elapsed = months_between(spec.start, end_of(last_day))
    so_far = (actual - base) / elapsed if elapsed > 0 else None
    cutoff = add_months(end_of(last_day), -window) if window else end_of(last_day)
    older = known_until(known[:-1], cutoff - dt.timedelta(days=1))  # reports that ended by the cutoff
    d0, v0 = (end_of(older[-1][0]), older[-1][1]) if older else (spec.start, base)
    span = months_between(d0, end_of(last_day))
    return so_far, (actual - v0) / span if span > 0 else so_far


def recent_paces(starts: np.ndarray, bases: np.ndarray, last_days: np.ndarray, actuals: np.ndarray,
                 series: Sequence[Sequence[tuple[dt.date, float]]], counts: Sequence[int], window: int) -> np.ndarray:
    """paces()'s recent pace of many cases at once (NaN where it has none).

    Case i has the date-sorted reports `series[i]`, of which the first `counts[i]` (at least one)
    are known by the as-of date, the newest of them on `last_days[i]` (datetime64[D]) with value
    `actuals[i]`; its spec starts on `starts[i]` from `bases[i]` (baseline_of). The search for the
    report at the window's cutoff is a bisection per case; the month arithmetic is over arrays.
    """
    last_end = last_days + 1
    cutoff = add_months_days(last_end, -window) if window else last_end
    d0, v0 = starts.copy(), bases.astype(float).copy()
    thresholds = (cutoff - 1).astype(object)  # dt.date: the reports that ended by the cutoff
    found, days, values = [], [], []
    for i, (obs, threshold, n) in enumerate(zip(series, thresholds, counts)):
        k = bisect.bisect_right(obs, (threshold, math.inf), 0, n - 1)
        if k:
            found.append(i)
            days.append(obs[k - 1][0])
            values.append(obs[k - 1][1])
    if found:
        d0[found] = np.array(days, dtype="datetime64[D]") + 1
        v0[found] = values
    with np.errstate(divide="ignore", invalid="ignore"):
        elapsed = months_between_days(starts, last_end)
        so_far = np.where(elapsed > 0, (actuals - bases) / np.where(elapsed > 0, elapsed, 1.0), np.nan)
        span = months_between_days(d0, last_end)
        result: np.ndarray = np.where(span > 0, (actuals - v0) / np.where(span > 0, span, 1.0), so_far)
    return result


def forecast(
    spec: Spec, observations: list[tuple[dt.date, float]], as_of: dt.date, window: int = 6
) -> Forecast:
    """Paces so far, recently and still required, and the projected date the target is met."""
    months_left = max(0.0, months_between(end_of(as_of), end_of(spec.deadline)))
    known = _known(observations, as_of)
    if not known or spec.kind in ("milestone", "recurring"):
        met = [d for d, v in known if is_met(spec, v)] if spec.kind == "milestone" else []
        return Forecast(None, None, None, months_left, met[0] if met else None)
    last_day, actual = known[-1]
    so_far, recent = paces(spec, known, window)
    if is_met(spec, actual):
        first = next(d for d, v in known if is_met(spec, v))
        return Forecast(so_far, recent, None, months_left, first)
    remaining = spec.target - actual
    required = remaining / months_left if months_left > 0 else None
    when = None
    if recent and 0 < remaining / recent <= HORIZON_MONTHS:
        when = add_months(end_of(last_day), remaining / recent) - dt.timedelta(days=1)
    return Forecast(so_far, recent, required, months_left, when)


def _month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    days, year, month = [], start.year, start.month
    while True:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last > end:
            break
        days.append(last)
        year, month = nxt.year, nxt.month
    return days


def planned_series(spec: Spec) -> list[tuple[dt.date, float]]:
    """The planned cumulative value at each month end from start to deadline (序时进度 line)."""
    days = [d for d in _month_ends(spec.start, spec.deadline) if d >= spec.start]
    if not days or days[-1] != spec.deadline:
        days.append(spec.deadline)
    return [(d, expected_at(spec, d)) for d in days]


def forecast_series(
    spec: Spec, observations: list[tuple[dt.date, float]], as_of: dt.date, window: int = 6
) -> list[tuple[dt.date, float]]:
    """The projected line from the latest report to the target (or to the deadline if sooner)."""
    known = _known(observations, as_of)
    fc = forecast(spec, observations, as_of, window)
    if not known or fc.recent_monthly is None or is_met(spec, known[-1][1]):
        return []
    last_day, actual = known[-1]
    end = fc.forecast_date or spec.deadline
    end = min(end, add_months(spec.deadline, 24))
    months = months_between(end_of(last_day), end_of(end))
    return [(last_day, actual), (end, actual + fc.recent_monthly * months)]


def remaining(spec: Spec, value: float) -> float:
    """How much is still to do (burn-down); 0 once met."""
    gap = value - spec.target if spec.comparator == "le" else spec.target - value
    return max(0.0, gap)


def summed(obs_by_region: list[list[tuple[dt.date, float]]]) -> list[tuple[dt.date, float]]:
    """On each report date, the sum over regions of each region's latest value so far (a whole target)."""
    days = sorted({day for obs in obs_by_region for day, _ in obs})
    latest = [0.0] * len(obs_by_region)
    cursors = [0] * len(obs_by_region)
    result = []
    for day in days:
        for i, obs in enumerate(obs_by_region):
            while cursors[i] < len(obs) and obs[cursors[i]][0] <= day:
                latest[i] = obs[cursors[i]][1]
                cursors[i] += 1
        result.append((day, sum(latest)))
    return result
