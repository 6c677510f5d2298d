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
after it), ``never`` (no progress at the pace used), ``overdue`` (deadline passed unmet),
``no_data`` (nothing reported), ``not_projectable`` (milestone or recurring duty not yet done).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from targets import messages
from targets.method.burndown import forecast
from targets.method.status import Spec, add_months, end_of, is_met, months_between
from targets.method.tracking import region_spec
from targets.plans.definitions import Target

CHANGES = ("gained", "lost", "same")
OUTCOMES = ("met", "on_time", "late", "never", "overdue", "no_data", "not_projectable")
MET_OUTCOMES = frozenset({"met", "on_time"})
MISSED_OUTCOMES = frozenset({"late", "never", "overdue"})  # will not be met by the (moved) deadline at this pace
PROJECTABLE_KINDS = frozenset({"cumulative", "count", "rate"})

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


def moved(spec: Spec, months: int) -> Spec:
    """The spec with its deadline moved by `months` calendar months (month ends stay month ends)."""
    if not months:
        return spec
    deadline = add_months(spec.deadline, months)
    if end_of(spec.deadline).day == 1:  # a month end moves to the target month's end
        deadline = add_months(end_of(spec.deadline), months) - dt.timedelta(days=1)
    return dataclasses.replace(spec, deadline=max(deadline, spec.start))


def project(spec: Spec, observations: Iterable[tuple[dt.date, float]], as_of: dt.date,
            scenario: Scenario = Scenario()) -> Outcome:
    """The outcome of one (target, region) at `as_of` under `scenario`.

    monthly = recent pace over `window` months x (1 + pace_change); when = the day after the
    latest report + remaining / monthly months, minus one day (the day it is reached);
    required = remaining / months from the end of `as_of` to the end of the moved deadline.
    """
    spec = moved(spec, scenario.deadline_shift)
    known = sorted(o for o in observations if o[0] <= as_of)
    if not known:
        return Outcome("no_data", spec.deadline, None, None, None, None)
    last_day, actual = known[-1]
    met_days = [d for d, v in known if is_met(spec, v)]
    if spec.kind not in PROJECTABLE_KINDS:
        done = bool(met_days) and (spec.kind == "milestone" or is_met(spec, actual))
        return Outcome("met" if done else "not_projectable", spec.deadline,
                       met_days[0] if done else None, actual, None, None)
    if is_met(spec, actual):
        first = next(d for d, v in known if is_met(spec, v))
        return Outcome("met", spec.deadline, first, actual, None, None)
    fc = forecast(spec, known, as_of, scenario.window)
    monthly = None if fc.recent_monthly is None else fc.recent_monthly * (1 + scenario.pace_change)
    remaining = spec.target - actual
    months_left = months_between(end_of(as_of), end_of(spec.deadline))
    required = remaining / months_left if months_left > 0 else None
    if as_of > spec.deadline:
        return Outcome("overdue", spec.deadline, None, actual, monthly, None)
    if not monthly or remaining / monthly <= 0:
        return Outcome("never", spec.deadline, None, actual, monthly, required)
    when = add_months(end_of(last_day), remaining / monthly) - dt.timedelta(days=1)
    code = "on_time" if when <= spec.deadline else "late"
    return Outcome(code, spec.deadline, when, actual, monthly, required)


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


def run(cases: Iterable[Case], as_of: dt.date, scenario: Scenario = Scenario()) -> list[tuple[Case, Outcome]]:
    """Every case's outcome under `scenario`, leaving out uncertain targets when asked."""
    return [(c, project(c.spec, c.observations, as_of, scenario))
            for c in cases if not (scenario.exclude_uncertain and c.uncertain)]


def met_count(results: Iterable[tuple[Case, Outcome]]) -> tuple[int, int]:
    """(met, total) over the results."""
    outcomes = [o for _, o in results]
    return sum(o.met for o in outcomes), len(outcomes)


def by_region(results: Iterable[tuple[Case, Outcome]]) -> dict[str, tuple[int, int]]:
    """Region -> (met, total) over its targets, in first-seen order."""
    counts: dict[str, list[int]] = {}
    for case, outcome in results:
        pair = counts.setdefault(case.region, [0, 0])
        pair[0] += outcome.met
        pair[1] += 1
    return {region: (m, n) for region, (m, n) in counts.items()}


def latest_met_date(results: Iterable[tuple[Case, Outcome]]) -> dt.date | None:
    """When the last of the met targets is met: the day every met target is in (None if none)."""
    days = [o.when for _, o in results if o.met and o.when]
    return max(days) if days else None


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


def summary(results: Iterable[tuple[Case, Outcome]]) -> Summary:
    """The one-line summary of a scenario's results (see Summary)."""
    outcomes = [o for _, o in results]
    days = [o.when for o in outcomes if o.met and o.when]
    return Summary(on_time=sum(o.met for o in outcomes), total=len(outcomes), last_on_time=max(days) if days else None,
                   missed=sum(o.code in MISSED_OUTCOMES for o in outcomes),
                   unknown=sum(o.code in ("no_data", "not_projectable") for o in outcomes))


def change(before: Outcome, after: Outcome) -> str:
    """gained (met only after), lost (met only before) or same."""
    if before.met == after.met:
        return "same"
    return "gained" if after.met else "lost"


def compare(now: Iterable[tuple[Case, Outcome]],
            then: Iterable[tuple[Case, Outcome]]) -> list[tuple[Case, Outcome, Outcome, str]]:
    """Each case of `then` with its outcome in `now`, its outcome in `then` and the change.

    A case left out of `then` (exclude_uncertain) is left out here too; every case of `then` must be in `now`.
    """
    before = {(c.target, c.region): o for c, o in now}
    return [(c, before[(c.target, c.region)], o, change(before[(c.target, c.region)], o)) for c, o in then]


def change_counts(compared: Iterable[tuple[Case, Outcome, Outcome, str]]) -> dict[str, int]:
    """How many cases gained, lost and stayed the same (every change listed, 0 if none)."""
    counts = dict.fromkeys(CHANGES, 0)
    for *_, code in compared:
        counts[code] += 1
    return counts
