"""The status method (pure; no database, no UI), in the convention of 完成进度 against 序时进度.

For one target in one region at an as-of date:

* **expected** (序时进度) is the planned value at the as-of date: piecewise linear through the
  baseline at the start, the yearly milestones the document gives (each at 31 December), and the
  target at the deadline; with no milestones, a straight line from baseline to target.
* **pace** = (actual - baseline) / (expected - baseline): 1.0 means exactly on the planned line.
* **status**: ``done`` when the target is met (``ge``: actual >= target; ``le``: actual <= target);
  ``overdue`` when the deadline has passed unmet; otherwise ``on_track`` when pace >= 0.95,
  ``behind`` when 0.80 <= pace < 0.95, ``off_track`` below 0.80 (lower bounds inclusive; both
  thresholds are settings). ``no_data`` when nothing was reported by the as-of date.
* **rates** compare the latest value with the threshold; **milestones** are done (value >= 1) or
  not by their deadline; **recurring** duties are due every calendar year by their ``due`` day,
  and any past year left unmet makes the duty overdue.
* **completion** = actual / target (``le``: target / actual), so 1.0 or more means met.
* **rules** the document sets beyond the latest value: ``every_report`` (稳定在95%以上, 确保不发生…)
  is met only while every report so far meets the target: one report that misses it makes the
  target ``off_track`` (``overdue`` after the deadline), whatever comes later. ``yearly_decrease``
  (总体呈下降趋势, no number) compares each year's last report with the year before's: lower is
  ``done``, not lower is ``behind`` (``overdue`` after the deadline); a single year cannot be
  compared and is ``on_track`` until the deadline.

Dates are whole days: a deadline of 2024-12-31 ends when that day ends, and an as-of date counts
the whole of its day. Months are calendar months (2022-01-01 to 2023-06-30 is exactly 18).

The method answers for as-of dates from one year before a plan's start to ten years after its
deadline (``as_of_window``); any other date is refused with a sentence (``check_as_of``), so a
far date such as 9999-12-31 is never computed with.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from targets.errors import InvalidInput

STATUSES = ("done", "on_track", "behind", "off_track", "overdue", "no_data")
SEVERITY = {"overdue": 0, "off_track": 1, "behind": 2, "no_data": 3, "on_track": 4, "done": 5}
DUTY_KINDS = frozenset({"milestone", "recurring"})  # done or not by a date; the others have a pace


@dataclass(frozen=True)
class Thresholds:
    on_track: float = 0.95
    behind: float = 0.80


@dataclass(frozen=True)
class Spec:
    """What the method needs of one target in one region (values already scaled to the region)."""

    kind: str
    target: float
    start: dt.date
    deadline: dt.date
    baseline: float | None = 0.0
    comparator: str = "ge"
    milestones: tuple[tuple[int, float], ...] = ()
    due: str | None = None
    rule: str = "latest"  # latest | every_report | yearly_decrease (see the module docstring)


@dataclass(frozen=True)
class Result:
    status: str
    actual: float | None
    expected: float | None
    completion: float | None
    pace: float | None
    last_date: dt.date | None
    period: int | None = None  # recurring: the year the status is about


ONE_DAY = dt.timedelta(days=1)
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def end_of(day: dt.date) -> dt.date:
    """The instant a whole day ends, as the next day's date."""
    return day + ONE_DAY


def days_in_month(year: int, month: int) -> int:
    """The length of a calendar month (calendar.monthrange(year, month)[1], without its weekday)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month]


def _years_later(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes 28 February in a common year)."""
    year = day.year + years
    return dt.date(year, day.month, min(day.day, days_in_month(year, day.month)))


WINDOW_YEARS_BEFORE, WINDOW_YEARS_AFTER = 1, 10


def as_of_window(start: dt.date, deadline: dt.date) -> tuple[dt.date, dt.date]:
    """The as-of dates the method answers for: a year before `start` to ten years after `deadline`.

    Parameters are a plan's (or a target's) start and deadline; both bounds are inclusive.
    """
    return _years_later(start, -WINDOW_YEARS_BEFORE), _years_later(deadline, WINDOW_YEARS_AFTER)


def check_as_of(as_of: dt.date, start: dt.date, deadline: dt.date) -> None:
    """Raise InvalidInput("as_of_out_of_range") unless `as_of` lies in as_of_window(start, deadline)."""
    earliest, latest = as_of_window(start, deadline)
    if not earliest <= as_of <= latest:
        raise InvalidInput("as_of_out_of_range", as_of=as_of, earliest=earliest, latest=latest)


def months_between(a: dt.date, b: dt.date) -> float:
    """Calendar months from a to b (fractional days counted against b's month length)."""
    whole = (b.year - a.year) * 12 + (b.month - a.month)
    return whole + (b.day - a.day) / days_in_month(b.year, b.month)


def add_months(day: dt.date, months: float) -> dt.date:
    """The date `months` calendar months after `day` (fraction as days of a 30.44-day month)."""
    whole = int(months)
    index = day.month - 1 + whole
    year, month = day.year + index // 12, index % 12 + 1
    base = dt.date(year, month, min(day.day, days_in_month(year, month)))
    if months == whole:  # whole months (a forecast window): no fraction of a month to add
        return base
    return base + dt.timedelta(days=round((months - whole) * 30.44))


def _month_parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(months since 1970-01, 0-based day of month, days in that month) of datetime64[D] values."""
    months = days.astype("datetime64[M]")
    first = months.astype("datetime64[D]")
    length = ((months + 1).astype("datetime64[D]") - first).astype(np.int64)
    return months.astype(np.int64), (days - first).astype(np.int64), length


def months_between_days(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """months_between() of datetime64[D] arrays, element by element (the same arithmetic)."""
    month_a, day_a, _ = _month_parts(a)
    month_b, day_b, length_b = _month_parts(b)
    result: np.ndarray = (month_b - month_a) + (day_b - day_a) / length_b
    return result


def add_months_days(days: np.ndarray, months: np.ndarray | float) -> np.ndarray:
    """add_months() of a datetime64[D] array, element by element (the same arithmetic: whole months
    toward zero, the day kept within the month, the fraction as days rounded half to even)."""
    months = np.asarray(months, dtype=float)
    whole = np.trunc(months).astype(np.int64)
    month, day, _ = _month_parts(days)
    target_month, _, length = _month_parts((month + whole).astype("datetime64[M]").astype("datetime64[D]"))
    first = target_month.astype("datetime64[M]").astype("datetime64[D]")
    result: np.ndarray = first + np.minimum(day, length - 1) + np.rint((months - whole) * 30.44).astype(np.int64)
    return result


def baseline_of(spec: Spec) -> float:
    """The start value; an unknown baseline counts as 0 for counts and as the target for rates."""
    if spec.baseline is not None:
        return spec.baseline
    return spec.target if spec.kind == "rate" else 0.0


def trajectory(spec: Spec) -> list[tuple[dt.date, float]]:
    """The planned line as (end-of-day date, value) points: start, yearly milestones, deadline."""
    points = [(spec.start, baseline_of(spec))]
    for year, value in spec.milestones:
        point = end_of(dt.date(year, 12, 31))
        if spec.start < point < end_of(spec.deadline):
            points.append((point, value))
    points.append((end_of(spec.deadline), spec.target))
    return points


def expected_at(spec: Spec, as_of: dt.date) -> float:
    """序时进度: the planned value at the end of `as_of`, interpolated linearly in months."""
    t = end_of(as_of)
    points = trajectory(spec)
    if t <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:]):
        if t <= d1:
            span = months_between(d0, d1)
            return v1 if span <= 0 else v0 + (v1 - v0) * months_between(d0, t) / span
    return points[-1][1]


def is_met(spec: Spec, value: float) -> bool:
    """Whether `value` meets the target (``le``: at most; ``ge``/``range``: at least)."""
    return value <= spec.target if spec.comparator == "le" else value >= spec.target


def completion_of(spec: Spec, actual: float) -> float | None:
    """actual / target (``le``: target / actual); None where the ratio has no meaning."""
    if spec.comparator == "le":
        return None if actual <= 0 else spec.target / actual
    return None if spec.target == 0 else actual / spec.target


def pace_of(spec: Spec, actual: float, expected: float) -> float:
    """(actual - baseline) / (expected - baseline); 1.0 when nothing is expected yet and nothing lost."""
    base = baseline_of(spec)
    if expected == base:
        behind = actual < base if spec.comparator != "le" else actual > base
        return 0.0 if behind else 1.0
    return (actual - base) / (expected - base)


def grade(pace: float, thresholds: Thresholds) -> str:
    """on_track / behind / off_track by pace; lower bounds inclusive."""
    if pace >= thresholds.on_track:
        return "on_track"
    if pace >= thresholds.behind:
        return "behind"
    return "off_track"


def known_until(observations: list[tuple[dt.date, float]], as_of: dt.date) -> list[tuple[dt.date, float]]:
    """The (date, value) pairs on or before `as_of`, in date order (input sorted by date)."""
    return observations[: bisect.bisect_right(observations, (as_of, math.inf))]


def latest(observations: list[tuple[dt.date, float]], as_of: dt.date) -> tuple[dt.date, float] | None:
    """The newest (date, value) on or before `as_of` (input sorted by date)."""
    known = known_until(observations, as_of)
    return known[-1] if known else None


def evaluate(
    spec: Spec,
    observations: list[tuple[dt.date, float]],
    as_of: dt.date,
    thresholds: Thresholds = Thresholds(),
) -> Result:
    """The status of one target in one region at `as_of` from its (date, value) pairs sorted by date."""
    if spec.kind == "recurring":
        return _evaluate_recurring(spec, observations, as_of)
    if spec.rule == "yearly_decrease":
        return _evaluate_decrease(spec, observations, as_of)
    last = latest(observations, as_of)
    if last is None:
        return Result("no_data", None, expected_at(spec, as_of), None, None, None)
    day, actual = last
    expected = expected_at(spec, as_of)
    completion = completion_of(spec, actual)
    if spec.rule == "every_report" and not all(is_met(spec, v) for _, v in known_until(observations, as_of)):
        status = "overdue" if as_of > spec.deadline else "off_track"
        return Result(status, actual, expected, completion, None, day)
    if is_met(spec, actual):
        return Result("done", actual, expected, completion, None, day)
    if as_of > spec.deadline:
        return Result("overdue", actual, expected, completion, None, day)
    if spec.kind == "milestone":
        return Result("on_track", actual, expected, completion, None, day)
    pace = pace_of(spec, actual, expected)
    return Result(grade(pace, thresholds), actual, expected, completion, pace, day)


def _evaluate_decrease(spec: Spec, observations: list[tuple[dt.date, float]], as_of: dt.date) -> Result:
    """yearly_decrease: the newest year's last value against the year before's last value."""
    yearly: dict[int, tuple[dt.date, float]] = {}
    for day, value in known_until(observations, as_of):
        yearly[day.year] = (day, value)
    if not yearly:
        return Result("no_data", None, None, None, None, None)
    years = sorted(yearly)
    day, actual = yearly[years[-1]]
    if len(years) < 2:
        return Result("overdue" if as_of > spec.deadline else "on_track", actual, None, None, None, day)
    before = yearly[years[-2]][1]
    if actual < before:
        return Result("done", actual, before, None, None, day)
    return Result("overdue" if as_of > spec.deadline else "behind", actual, before, None, None, day)


def due_date(spec: Spec, year: int) -> dt.date:
    """The day a recurring duty is due in `year`."""
    month, day = (int(x) for x in (spec.due or "12-31").split("-"))
    return dt.date(year, month, min(day, days_in_month(year, month)))


def periods(spec: Spec) -> list[int]:
    """The calendar years in which a recurring duty falls due within [start, deadline]."""
    years = range(spec.start.year, spec.deadline.year + 1)
    return [y for y in years if spec.start <= due_date(spec, y) <= spec.deadline]


def _in_year(known: list[tuple[dt.date, float]], year: int) -> tuple[dt.date, float] | None:
    """The newest report dated in `year` (input sorted by date), or None."""
    in_year = [o for o in known if o[0].year == year]
    return in_year[-1] if in_year else None


def _evaluate_recurring(spec: Spec, observations: list[tuple[dt.date, float]], as_of: dt.date) -> Result:
    known = known_until(observations, as_of)
    if not known:
        return Result("no_data", None, spec.target, None, None, None)
    last_day = known[-1][0]

    def value_in(year: int) -> float:
        report = _in_year(known, year)
        return report[1] if report else 0.0

    all_years = periods(spec)
    for year in all_years:
        if due_date(spec, year) < as_of and not is_met(spec, value_in(year)):
            actual = value_in(year)
            return Result("overdue", actual, spec.target, completion_of(spec, actual), None, last_day, year)
    upcoming = [y for y in all_years if due_date(spec, y) >= as_of]
    year = upcoming[0] if upcoming else (all_years[-1] if all_years else as_of.year)
    actual = value_in(year)
    completion = completion_of(spec, actual)
    if not upcoming or (upcoming == [year] and is_met(spec, actual)):
        return Result("done", actual, spec.target, completion, None, last_day, year)
    return Result("on_track", actual, spec.target, completion, None, last_day, year)


@dataclass(frozen=True)
class DutyEvent:
    due: dt.date
    day: dt.date  # a milestone met: the first report that met it; otherwise the due date
    state: str  # done (met by then), missed (due date passed unmet), open (not yet due)


def duty_events(spec: Spec, observations: list[tuple[dt.date, float]], as_of: dt.date) -> list[DutyEvent]:
    """Each due date of a duty and its state at `as_of` (input sorted by date).

    A milestone has one due date, its deadline, met by any report that meets it. A recurring duty
    is due each year of periods(spec), met by that year's newest report (as in evaluate).
    """
    known = known_until(observations, as_of)
    events = []
    if spec.kind == "milestone":
        met = [o for o in known if is_met(spec, o[1])]
        dues = [(spec.deadline, met[0] if met else None)]
    else:
        reports = [(due_date(spec, y), _in_year(known, y)) for y in periods(spec)]
        dues = [(due, r if r is not None and is_met(spec, r[1]) else None) for due, r in reports]
    for due, hit in dues:
        state = "done" if hit else ("missed" if due < as_of else "open")
        day = hit[0] if hit and spec.kind == "milestone" else due
        events.append(DutyEvent(due, day, state))
    return events


def worst(statuses: list[str]) -> str:
    """The status of a group: done only when all are done, else the most severe one."""
    if not statuses:
        return "no_data"
    return min(statuses, key=lambda s: SEVERITY[s])
