"""What-if scenarios (pure; no database, no UI): which targets and regions would be met, and when.

A scenario changes how the future is projected, never the past:

* **window** - the pace projected forward is the change per month over the last `window` months
  of reports (targets.burndown.forecast's recent pace), from the latest report on;
* **pace_change** - that pace multiplied by (1 + pace_change); 0.2 means 20% faster;
* **deadline_shift** - every deadline moved by this many calendar months (negative = earlier);
* **exclude_uncertain** - targets whose source value is uncertain (存疑) are left out.

For one (target, region) the projected date is ``last report + remaining / monthly pace``; the
target counts as met when it is already met, or when that date is on or before the (moved)
deadline. Milestones and recurring duties have no pace: they count as met only when already done.

Comparing a scenario with the status method's own projection (the baseline), each (target, region)
is ``gained`` (met only under the scenario), ``lost`` (met only without it) or ``same``.

Outcome codes: ``met`` (already met), ``on_time`` (projected by the deadline), ``late`` (projected
after it; a day more than HORIZON_MONTHS after the latest report is not named), ``never`` (no
progress at the pace used), ``overdue`` (deadline passed unmet), ``no_data`` (nothing reported),
``not_projectable`` (milestone or recurring duty not yet done).

The projection is computed for all cases at once: what does not depend on the scenario's pace and
deadline (the latest report, the first day met, the recent pace over a window) is the **basis**, a
frame built once per data version and window; a scenario is then array arithmetic over it
(``outcomes``). ``project`` is the same computation for a single case.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets import messages
from targets.method.burndown import HORIZON_MONTHS, recent_paces
from targets.method.status import (
    STATUSES,
    Spec,
    add_months,
    add_months_days,
    baseline_of,
    end_of,
    is_met,
    known_until,
    months_between,
)
from targets.method.tracking import region_spec
from targets.plans.definitions import Target

CHANGES = ("gained", "lost", "same")
OUTCOMES = ("met", "on_time", "late", "never", "overdue", "no_data", "not_projectable")
MET_OUTCOMES = frozenset({"met", "on_time"})
MISSED_OUTCOMES = frozenset({"late", "never", "overdue"})  # will not be met by the (moved) deadline at this pace
PROJECTABLE_KINDS = frozenset({"cumulative", "count", "rate"})
UNKNOWN_OUTCOMES = frozenset({"no_data", "not_projectable"})  # no pace to project

Observations = tuple[tuple[dt.date, float], ...]


@dataclass(frozen=True)
class Scenario:
    window: int = 6  # months of recent reports whose pace is projected
    pace_change: float = 0.0  # relative change of that pace: 0.2 = +20%
    deadline_shift: int = 0  # calendar months added to every deadline
    exclude_uncertain: bool = False


@dataclass(frozen=True)
class Case:
    """One (target, region) as the scenario sees it: its spec, its reports and the 存疑 flag."""

    target: str
    region: str
    spec: Spec
    observations: Observations = ()
    uncertain: bool = False
    status: str = ""  # the status before the scenario, for the caller's comparison (not used here)


@dataclass(frozen=True)
class Outcome:
    code: str
    deadline: dt.date  # the deadline after the shift
    when: dt.date | None  # the day the target was met or is projected to be met
    actual: float | None
    monthly: float | None  # the pace projected, per month, after the change
    required: float | None  # the pace per month needed to meet the (moved) deadline

    @property
    def met(self) -> bool:
        """True when the target is met or projected to be met by the (moved) deadline."""
        return self.code in MET_OUTCOMES


def moved_day(deadline: dt.date, start: dt.date, months: int) -> dt.date:
    """A deadline moved by `months` calendar months (month ends stay month ends), never before `start`."""
    if not months:
        return deadline
    day = add_months(deadline, months)
    if end_of(deadline).day == 1:  # a month end moves to the target month's end
        day = add_months(end_of(deadline), months) - dt.timedelta(days=1)
    return max(day, start)


def moved(spec: Spec, months: int) -> Spec:
    """The spec with its deadline moved by `months` calendar months (month ends stay month ends)."""
    return dataclasses.replace(spec, deadline=moved_day(spec.deadline, spec.start, months)) if months else spec


FIXED = ("", "met", "no_data", "not_projectable")  # outcomes settled without a pace ("": to be projected)
BASIS_COLUMNS = ("target", "region", "uncertain", "status", "fixed", "first", "goal", "actual", "last_day", "recent",
                 "start", "deadline", "base", "known")


def basis(cases: Iterable[Case], as_of: dt.date, window: int) -> pd.DataFrame:
    """What the projection of each case needs that no scenario's pace or deadline changes (BASIS_COLUMNS).

    ``fixed`` is the outcome when it is settled without a pace (met, no_data, not_projectable; else
    ""), ``first`` the day it was met; ``recent`` is the pace over the last `window` months of
    reports (targets.method.burndown.recent_paces), for the cases that need one; ``known`` is how
    many reports there are by `as_of`. One row per case, in order.
    """
    rows, series = [], []
    for c in cases:
        spec = c.spec
        ordered = sorted(c.observations)
        known = known_until(ordered, as_of)
        fixed, first, actual, last_day = "", None, None, None
        if not known:
            fixed = "no_data"
        else:
            last_day, actual = known[-1]
            if spec.kind not in PROJECTABLE_KINDS:
                met_days = [d for d, v in known if is_met(spec, v)]
                done = bool(met_days) and (spec.kind == "milestone" or is_met(spec, actual))
                fixed, first = ("met", met_days[0]) if done else ("not_projectable", None)
            elif is_met(spec, actual):
                fixed, first = "met", next(d for d, v in known if is_met(spec, v))
        series.append(ordered)
        rows.append((c.target, c.region, c.uncertain, c.status, fixed, first, spec.target, actual, last_day, None,
                     spec.start, spec.deadline, baseline_of(spec), len(known)))
    frame = pd.DataFrame.from_records(rows, columns=BASIS_COLUMNS)
    for column in ("first", "last_day", "start", "deadline"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for column in ("goal", "actual", "recent", "base"):
        frame[column] = frame[column].astype(float)
    frame["uncertain"] = frame["uncertain"].astype(bool)
    # taken row by row per filter: codes, not text (the categories of status and fixed are fixed lists)
    for column in ("target", "region"):
        frame[column] = frame[column].astype("category")
    frame["status"] = pd.Categorical(frame["status"], categories=("", *STATUSES))
    frame["fixed"] = pd.Categorical(frame["fixed"], categories=FIXED)
    return rewindowed(frame, series, window)


def rewindowed(frame: pd.DataFrame, series: Sequence[Sequence[tuple[dt.date, float]]], window: int) -> pd.DataFrame:
    """The basis with its recent pace taken over `window` months instead (`series`: each row's
    date-sorted reports, those it was built from): a window moved costs no pass over the cases."""
    open_ = np.flatnonzero(frame["fixed"].to_numpy(dtype=object) == "")
    recent = np.full(len(frame), np.nan)
    if len(open_):
        recent[open_] = recent_paces(
            _days(frame["start"])[open_], frame["base"].to_numpy(dtype=float)[open_],
            _days(frame["last_day"])[open_], frame["actual"].to_numpy(dtype=float)[open_],
            [series[i] for i in open_.tolist()], frame["known"].to_numpy()[open_].tolist(), window)
    result = frame.copy(deep=False)
    result["recent"] = recent
    return result


def updated_basis(previous: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame | None:
    """`previous` with the rows of `fresh` (the basis of some of its cases built again, with their
    index) put in their place; None when `fresh` has a row `previous` does not have."""
    if fresh.empty:
        return previous
    if not fresh.index.isin(previous.index).all():
        return None
    for column in ("target", "region"):
        values = pd.Categorical(fresh[column].astype(object), categories=previous[column].cat.categories)
        if pd.isna(values).any():
            return None
        fresh[column] = values
    return pd.concat([previous.drop(index=fresh.index), fresh]).sort_index()


def _days(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype="datetime64[s]").astype("datetime64[D]")


def _date(day: np.datetime64) -> dt.date:
    value: dt.date = day.astype("datetime64[D]").astype(dt.date)
    return value


def _moved_days(deadline: np.ndarray, start: np.ndarray, months: int) -> np.ndarray:
    """moved_day() of every (deadline, start), computed once per distinct pair."""
    pairs = np.stack([deadline.astype(np.int64), start.astype(np.int64)], axis=1)
    uniques, inverse = np.unique(pairs, axis=0, return_inverse=True)
    days = [moved_day(_date(np.datetime64(int(d), "D")), _date(np.datetime64(int(s), "D")), months) for d, s in uniques]
    return np.array(days, dtype="datetime64[D]")[inverse.reshape(-1)]


def _months_left(as_of: dt.date, deadline: np.ndarray) -> np.ndarray:
    """Calendar months from the end of `as_of` to the end of each deadline, once per distinct deadline."""
    uniques, inverse = np.unique(deadline, return_inverse=True)
    left = [months_between(end_of(as_of), end_of(_date(d))) for d in uniques]
    return np.array(left, dtype=float)[inverse.reshape(-1)]


OUTCOME_COLUMNS = ("target", "region", "status", "code", "deadline", "when", "actual", "monthly", "required", "met")


def outcomes(frame: pd.DataFrame, as_of: dt.date, scenario: Scenario = Scenario()) -> pd.DataFrame:
    """Every case's outcome under `scenario` (OUTCOME_COLUMNS; ``met``: met or projected by the moved
    deadline), from its basis built with the scenario's window; uncertain cases are left out when asked.

    monthly = recent pace x (1 + pace_change); when = the day after the latest report + remaining /
    monthly months, minus one day (the day it is reached); required = remaining / months from the
    end of `as_of` to the end of the moved deadline.
    """
    if scenario.exclude_uncertain:
        frame = frame[~frame["uncertain"].to_numpy(dtype=bool)]
    if frame.empty:
        return pd.DataFrame(columns=OUTCOME_COLUMNS)
    fixed = frame["fixed"].to_numpy(dtype=object)
    open_ = fixed == ""  # to be projected: the others' outcome is settled (met, no_data, not_projectable)
    deadline = _days(frame["deadline"])
    if scenario.deadline_shift:
        deadline = _moved_days(deadline, _days(frame["start"]), scenario.deadline_shift)
    actual = frame["actual"].to_numpy(dtype=float)
    remaining = frame["goal"].to_numpy(dtype=float) - actual
    monthly = frame["recent"].to_numpy(dtype=float) * (1 + scenario.pace_change)
    months_left = _months_left(as_of, deadline)
    with np.errstate(divide="ignore", invalid="ignore"):
        required = np.where(months_left > 0, remaining / np.where(months_left > 0, months_left, 1.0), np.nan)
        ahead = remaining / monthly  # months from the latest report to the target at that pace
    overdue = open_ & (np.datetime64(as_of, "D") > deadline)
    never = open_ & ~overdue & (np.isnan(monthly) | (monthly == 0) | ~(ahead > 0))
    far = open_ & ~overdue & ~never & (ahead > HORIZON_MONTHS)
    dated = open_ & ~overdue & ~never & ~far
    when = np.where(open_, np.datetime64("NaT", "D"), _days(frame["first"]))
    when[dated] = add_months_days(_days(frame["last_day"])[dated] + 1, ahead[dated]) - 1
    code = fixed.copy()
    code[overdue], code[never], code[far] = "overdue", "never", "late"
    code[dated] = np.where(when[dated] <= deadline[dated], "on_time", "late")
    return pd.DataFrame({
        "target": frame["target"].array, "region": frame["region"].array,  # categorical: codes, not text
        "status": frame["status"].array, "code": pd.Categorical(code, categories=OUTCOMES),
        "deadline": deadline, "when": when,
        "actual": actual, "monthly": np.where(open_, monthly, np.nan),
        "required": np.where(open_ & ~overdue, required, np.nan), "met": np.isin(code, list(MET_OUTCOMES)),
    }, index=frame.index)


def _optional(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def outcome(row: pd.Series) -> Outcome:
    """One row of outcomes() as an Outcome."""
    when = row["when"]
    day = None if pd.isna(when) else pd.Timestamp(when).date()
    return Outcome(str(row["code"]), pd.Timestamp(row["deadline"]).date(), day,
                   _optional(row["actual"]), _optional(row["monthly"]), _optional(row["required"]))


def project(spec: Spec, observations: Iterable[tuple[dt.date, float]], as_of: dt.date,
            scenario: Scenario = Scenario()) -> Outcome:
    """The outcome of one (target, region) at `as_of` under `scenario` (outcomes() for a single case)."""
    case = Case("", "", spec, tuple(observations))
    whole = dataclasses.replace(scenario, exclude_uncertain=False)
    frame = outcomes(basis([case], as_of, scenario.window), as_of, whole)
    return outcome(frame.iloc[0])


def run(cases: Iterable[Case], as_of: dt.date, scenario: Scenario = Scenario()) -> pd.DataFrame:
    """Every case's outcome under `scenario` (outcomes() of the cases' basis at the scenario's window)."""
    return outcomes(basis(cases, as_of, scenario.window), as_of, scenario)


def baseline(window_months: int) -> Scenario:
    """The status method's own projection: the recent pace over its configured window, nothing changed."""
    return Scenario(window=window_months)


def cases(table: pd.DataFrame, targets: Mapping[str, Target],
          observations: Mapping[tuple[str, str], Observations]) -> list[Case]:
    """One case per status row (its target as the region carries it, with its reports); rows of
    targets not in `targets` are left out."""
    result = []
    columns = [table[c].to_numpy(dtype=object).tolist() for c in ("target", "region", "share", "uncertain", "status")]
    for target_id, region, share, uncertain, status in zip(*columns):
        target = targets.get(target_id)
        if target is not None:
            result.append(Case(target_id, region, region_spec(target, float(share)),
                               tuple(observations.get((target_id, region), ())), bool(uncertain), status))
    return result


def met_count(results: pd.DataFrame) -> tuple[int, int]:
    """(met, total) over the outcomes."""
    return int(results["met"].sum()), len(results)


def by_region(results: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Region -> (met, total) over its targets, in first-seen order."""
    codes, names = pd.factorize(results["region"])  # first-seen order; a categorical factorises by its codes
    met = np.bincount(codes, weights=results["met"].to_numpy(dtype=float), minlength=len(names))
    size = np.bincount(codes, minlength=len(names))
    return {r: (int(m), int(n)) for r, m, n in zip(names.tolist(), met.tolist(), size.tolist())}


def latest_met_date(results: pd.DataFrame) -> dt.date | None:
    """When the last of the met targets is met: the day every met target is in (None if none)."""
    days = results["when"][results["met"]].dropna()
    return None if days.empty else pd.Timestamp(days.max()).date()


@dataclass(frozen=True)
class Summary:
    """What a scenario says in one line: how many of the cases are met on time, when the last of those
    is met, how many will not be met by their deadline at this pace, and how many cannot be told."""

    on_time: int  # met already or projected by the (moved) deadline
    total: int
    last_on_time: dt.date | None  # the latest day among the on-time cases (None when none has a day)
    missed: int  # late, never or overdue: not met by the deadline at this pace
    unknown: int  # nothing reported, or a milestone or duty not yet done (no pace to project)

    def sentence(self) -> str:
        """'n/m 项按期完成；按期完成的最后一项在 …；k 项按此进度到截止日仍完不成' (clauses only where needed)."""
        parts = [messages.render("whatif_sum_on_time", on_time=self.on_time, total=self.total)]
        if self.last_on_time is not None:
            parts.append(messages.render("whatif_sum_last", date=self.last_on_time))
        parts.append(messages.render("whatif_sum_missed", missed=self.missed))
        if self.unknown:
            parts.append(messages.render("whatif_sum_unknown", unknown=self.unknown))
        return messages.render("clause_sep").join(parts) + "。"


def summary(results: pd.DataFrame) -> Summary:
    """The one-line summary of a scenario's outcomes (see Summary)."""
    codes = results["code"]
    return Summary(on_time=int(results["met"].sum()), total=len(results), last_on_time=latest_met_date(results),
                   missed=int(codes.isin(MISSED_OUTCOMES).sum()), unknown=int(codes.isin(UNKNOWN_OUTCOMES).sum()))


def change(before: Outcome, after: Outcome) -> str:
    """gained (met only after), lost (met only before) or same."""
    if before.met == after.met:
        return "same"
    return "gained" if after.met else "lost"


def compare(now: pd.DataFrame, then: pd.DataFrame) -> pd.Series:
    """For each case of `then`, gained (met only under the scenario), lost (met only without it) or same,
    against its outcome in `now` (same index; every case of `then` must be in `now`)."""
    met = now["met"]
    before = (met if met.index.equals(then.index) else met.reindex(then.index)).to_numpy(dtype=bool)
    after = then["met"].to_numpy(dtype=bool)
    changed = np.select([after & ~before, before & ~after], ["gained", "lost"], "same")
    return pd.Series(pd.Categorical(changed, categories=CHANGES), index=then.index)


def change_counts(changes: pd.Series) -> dict[str, int]:
    """How many cases gained, lost and stayed the same (every change listed, 0 if none)."""
    counts = changes.value_counts()
    return {code: int(counts.get(code, 0)) for code in CHANGES}
