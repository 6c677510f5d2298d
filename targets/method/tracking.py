"""Which (target, region) pairs are tracked, and their status, forecast and explanation numbers.

Glue between the store's plain data and the pure status/burn-down math: it takes plans,
allocations and a reports DataFrame and returns one row per tracked (target, region).

A target the document sets as one total without shares (allocation mode ``contributions``, e.g.
"在全省范围内为300户企业提供质量提升服务") is tracked once, for the plan's region, until the office
sets shares: its value on a date is the sum of every unit's latest value so far, each plan region
and the plan region itself (the province's own work) reporting its own contribution.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets import clock
from targets.config import Settings
from targets.method.burndown import forecast
from targets.method.status import Spec, Thresholds, as_of_window, check_as_of, evaluate
from targets.plans.definitions import ADDITIVE_KINDS, Plan, Target

Obs = dict[tuple[str, str], list[tuple[dt.date, float]]]
NUMBER_COLUMNS = ["share", "actual", "expected", "completion", "pace", "required_monthly", "recent_monthly",
                  "so_far_monthly"]
STATUS_COLUMNS = [
    "plan", "target", "region", "share", "actual", "expected", "completion", "pace", "status",
    "forecast_date", "required_monthly", "recent_monthly", "so_far_monthly", "last_date", "period",
    "as_of", "rule",
]


@dataclass(frozen=True)
class Cell:
    plan: Plan
    target: Target
    region: str
    share: float | None  # None: a contributor to a pooled total, with no quota of its own
    spec: Spec


def region_spec(t: Target, share: float | None) -> Spec:
    """The target as one region carries it: additive kinds scale baseline and milestones by share."""
    value = t.target if share is None else share
    factor = value / t.target if t.kind in ADDITIVE_KINDS and t.target else 1.0
    baseline = t.baseline * factor if t.baseline is not None and t.kind in ADDITIVE_KINDS else t.baseline
    return Spec(
        kind=t.kind,
        target=value,
        start=t.start,
        deadline=t.deadline,
        baseline=baseline,
        comparator=t.comparator,
        milestones=tuple((y, v * factor) for y, v in t.milestones),
        due=t.due,
        rule=t.rule,
    )


def contributors(plan: Plan, t: Target, allocations: dict[str, dict[str, float]]) -> tuple[str, ...]:
    """The units whose reports add up to a pooled target's total (none once the office sets shares)."""
    if not t.pooled or allocations.get(t.id):
        return ()
    return tuple(dict.fromkeys([plan.region, *plan.regions]))


def summed(series: list[list[tuple[dt.date, float]]]) -> list[tuple[dt.date, float]]:
    """On each report date, the sum over the series of each one's latest value so far."""
    days = sorted({day for pairs in series for day, _ in pairs})
    latest = [0.0] * len(series)
    cursors = [0] * len(series)
    result = []
    for day in days:
        for i, pairs in enumerate(series):
            while cursors[i] < len(pairs) and pairs[cursors[i]][0] <= day:
                latest[i] = pairs[cursors[i]][1]
                cursors[i] += 1
        result.append((day, sum(latest)))
    return result


def pooled(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]],
           targets: set[str] | None = None) -> list[tuple[tuple[str, str], tuple[str, ...]]]:
    """Each pooled target's plan-region cell and the units whose reports add up to it (`targets`:
    of those targets only)."""
    result = []
    for plan in plans:
        for t in plan.targets:
            units = contributors(plan, t, allocations) if targets is None or t.id in targets else ()
            if units:
                result.append(((t.id, plan.region), units))
    return result


def with_totals(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]],
                obs: dict[tuple[str, str], list[tuple[dt.date, float]]],
                ) -> dict[tuple[str, str], list[tuple[dt.date, float]]]:
    """`obs` with each pooled target's plan-region series replaced by the sum of its contributors'.

    Apply once, to observations() of the reports; the input is not changed.
    """
    totals = {cell: summed([obs.get((cell[0], u), []) for u in units]) for cell, units in pooled(plans, allocations)}
    return {**obs, **totals} if totals else obs


def updated_observations(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]], raw: Obs, obs: Obs,
                         fresh: pd.DataFrame, pairs: frozenset[tuple[str, str]]) -> tuple[Obs, Obs]:
    """(raw, with totals) after the reports of `pairs` became `fresh` (their current rows now), from
    `raw` = observations() and `obs` = with_totals() before: only those pairs' series and their
    targets' totals are redone."""
    series = observations(fresh)
    new_raw, new_obs = dict(raw), dict(obs)  # a copy, then the few pairs out (not a filtered rebuild)
    for key in pairs:
        new_raw.pop(key, None)
        new_obs.pop(key, None)
    new_raw.update(series)
    new_obs.update(series)
    for cell, units in pooled(plans, allocations, {t for t, _ in pairs}):
        new_obs[cell] = summed([new_raw.get((cell[0], u), []) for u in units])
    return new_raw, new_obs


def replaced_reports(reports: pd.DataFrame, fresh: pd.DataFrame, pairs: frozenset[tuple[str, str]]) -> pd.DataFrame:
    """`reports` with the rows of `pairs` replaced by `fresh` (their current rows now)."""
    near = reports["target"].isin({t for t, _ in pairs}) & reports["region"].isin({r for _, r in pairs})
    hit = [(t, r) in pairs for t, r in zip(reports.loc[near, "target"], reports.loc[near, "region"])]
    drop = reports.index[near.to_numpy()][hit] if hit else reports.index[:0]
    kept = reports.drop(index=drop)
    return pd.concat([kept, fresh[reports.columns]], ignore_index=True) if len(fresh) else kept.reset_index(drop=True)


def affected(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]],
             pairs: frozenset[tuple[str, str]]) -> set[tuple[str, str]]:
    """The tracked cells whose status may move when the reports of `pairs` change: those pairs
    and, for a pooled target, its plan-region total."""
    return set(pairs) | {cell for cell, _ in pooled(plans, allocations, {t for t, _ in pairs})}


def cells(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]],
          only: set[tuple[str, str]] | None = None) -> list[Cell]:
    """Every tracked (target, region): allocated regions, or the plan's own region when unallocated
    (`only`: those of them alone, in the same order)."""
    result = []
    touched = None if only is None else {t for t, _ in only}
    for plan in plans:
        order = {code: i for i, code in enumerate(plan.regions)}
        for t in plan.targets:
            if touched is not None and t.id not in touched:
                continue
            shares = allocations.get(t.id) or {plan.region: t.target}
            wanted = shares if only is None else [c for c in shares if (t.id, c) in only]
            # the plan's regions in its order, then any others by code
            ordered = sorted((c for c in wanted if c in order), key=order.__getitem__)
            ordered += sorted(c for c in wanted if c not in order)
            specs: dict[float, Spec] = {}  # regions with equal shares carry the same (immutable) spec
            for region in ordered:
                share = shares[region]
                spec = specs.get(share)
                if spec is None:
                    spec = specs[share] = region_spec(t, share)
                result.append(Cell(plan, t, region, share, spec))
    return result


def observations(reports: pd.DataFrame) -> dict[tuple[str, str], list[tuple[dt.date, float]]]:
    """Reports grouped as (target, region) → [(date, value)] sorted by date."""
    if reports.empty:
        return {}
    frame = reports[["target", "region", "date", "value"]].sort_values(["target", "region", "date"], kind="stable")
    # series boundaries from integer codes: a million Python strings per column cost ~120 MB at the peak
    targets, regions = pd.factorize(frame["target"])[0], pd.factorize(frame["region"])[0]
    n = len(frame)
    change = np.ones(n, dtype=bool)
    change[1:] = (targets[1:] != targets[:-1]) | (regions[1:] != regions[:-1])
    starts = np.flatnonzero(change)
    keys = zip(frame["target"].iloc[starts].tolist(), frame["region"].iloc[starts].tolist())
    bounds = starts.tolist()
    # every (date, value) pair made once, each series a slice of them (slicing arrays per series cost more)
    pairs = list(zip(frame["date"].tolist(), frame["value"].to_numpy(dtype=float).tolist()))
    return {key: pairs[a:b] for key, a, b in zip(keys, bounds, [*bounds[1:], n])}


def report_cells(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]]) -> list[Cell]:
    """Every (target, region) a template asks for: the tracked cells and, for a pooled target,
    one cell per contributing plan region (share None: it carries no quota of its own)."""
    result = cells(plans, allocations)
    for plan in plans:
        for t in plan.targets:
            for region in contributors(plan, t, allocations)[1:]:
                result.append(Cell(plan, t, region, None, region_spec(t, None)))
    return result


def plan_period(plans: tuple[Plan, ...]) -> tuple[dt.date, dt.date]:
    """(earliest start, latest deadline) of the plans' targets."""
    targets = [t for p in plans for t in p.targets]
    return min(t.start for t in targets), max(t.deadline for t in targets)


def plan_window(plans: tuple[Plan, ...]) -> tuple[dt.date, dt.date]:
    """The as-of dates the status method answers for these plans (status.as_of_window of their period)."""
    return as_of_window(*plan_period(plans))


def plan_as_of(plan: Plan, obs: dict[tuple[str, str], list[tuple[dt.date, float]]], today: dt.date,
               last: dict[str, Counter[dt.date]] | None = None) -> dt.date:
    """A plan's data as-of date: its newest report date, or today when it has none (`last`:
    last_dates(obs), kept up to date, read instead of every series)."""
    ids = {t.id for t in plan.targets}
    if last is not None:
        dates = [max(last[t]) for t in ids if last.get(t)]
    else:
        dates = [pairs[-1][0] for (target, _), pairs in obs.items() if target in ids and pairs]
    return max(dates) if dates else today


def last_dates(obs: Obs) -> dict[str, Counter[dt.date]]:
    """Per target, how many of its series end on each date (the newest is what plan_as_of reads)."""
    result: dict[str, Counter[dt.date]] = {}
    for (target, _), pairs in obs.items():
        if pairs:
            result.setdefault(target, Counter())[pairs[-1][0]] += 1
    return result


def updated_last_dates(last: dict[str, Counter[dt.date]], before: Obs, after: Obs,
                       keys: set[tuple[str, str]]) -> dict[str, Counter[dt.date]]:
    """last_dates(after) from last = last_dates(before), when only the series of `keys` differ."""
    result = dict(last)
    copied: set[str] = set()
    for key in keys:
        old, new = before.get(key), after.get(key)
        target = key[0]
        if target not in copied:
            result[target] = Counter(result.get(target, ()))
            copied.add(target)
        if old:
            result[target][old[-1][0]] -= 1
        if new:
            result[target][new[-1][0]] += 1
    for target in copied:
        result[target] = +result[target]  # dates no series ends on any more drop out
        if not result[target]:
            del result[target]
    return result


def status_table(
    plans: tuple[Plan, ...],
    allocations: dict[str, dict[str, float]],
    reports: pd.DataFrame,
    as_of: dt.date | None = None,
    settings: Settings = Settings(),
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per tracked (target, region) with status and forecast (STATUS_COLUMNS), from reports."""
    obs = with_totals(plans, allocations, observations(reports))
    return status_of(plans, allocations, obs, as_of, settings, today)


def status_of(
    plans: tuple[Plan, ...],
    allocations: dict[str, dict[str, float]],
    obs: dict[tuple[str, str], list[tuple[dt.date, float]]],
    as_of: dt.date | None = None,
    settings: Settings = Settings(),
    today: dt.date | None = None,
    only: set[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """status_table from reports already grouped by observations() and summed by with_totals().

    `as_of` None uses each plan's newest report date (the data as-of date of that plan). A given
    `as_of` outside plan_window(plans) raises InvalidInput("as_of_out_of_range"). `only`: the
    rows of those (target, region) cells alone, in the same order.
    """
    if as_of is not None and any(p.targets for p in plans):
        check_as_of(as_of, *plan_period(tuple(p for p in plans if p.targets)))
    today = today or clock.today(settings.time_zone)
    thresholds = Thresholds(settings.on_track_pace, settings.behind_pace)
    last = last_dates(obs) if as_of is None else None  # one pass for every plan's date
    plan_dates = {p.id: as_of or plan_as_of(p, obs, today, last) for p in plans}
    rows = []
    for cell in cells(plans, allocations, only):
        day = plan_dates[cell.plan.id]
        pairs = obs.get((cell.target.id, cell.region), [])
        res = evaluate(cell.spec, pairs, day, thresholds)
        fc = forecast(cell.spec, pairs, day, settings.forecast_window_months)
        rows.append((
            cell.plan.id, cell.target.id, cell.region, cell.share, res.actual, res.expected, res.completion,
            res.pace, res.status, fc.forecast_date, fc.required_monthly, fc.recent_monthly, fc.so_far_monthly,
            res.last_date, res.period, day, cell.target.rule,
        ))  # in STATUS_COLUMNS order
    table = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    # the same column types whatever the values (a column of None would otherwise be object)
    table = table.astype({c: float for c in NUMBER_COLUMNS})
    table["period"] = table["period"].astype("Int64")  # a year, or missing (not a float)
    return table
