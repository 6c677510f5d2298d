"""Which (target, region) pairs are tracked, and their status, forecast and explanation numbers.

Glue between the store's plain data and the pure status/burn-down math: it takes plans,
allocations and a reports DataFrame and returns one row per tracked (target, region).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets import clock
from targets.config import Settings
from targets.method.burndown import forecast
from targets.method.status import Spec, Thresholds, evaluate
from targets.plans.definitions import ADDITIVE_KINDS, Plan, Target

STATUS_COLUMNS = [
    "plan", "target", "region", "share", "actual", "expected", "completion", "pace", "status",
    "forecast_date", "required_monthly", "recent_monthly", "so_far_monthly", "last_date", "period",
    "as_of",
]


@dataclass(frozen=True)
class Cell:
    plan: Plan
    target: Target
    region: str
    share: float
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
    )


def cells(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]]) -> list[Cell]:
    """Every tracked (target, region): allocated regions, or the plan's own region when unallocated."""
    result = []
    for plan in plans:
        for t in plan.targets:
            shares = allocations.get(t.id) or {plan.region: t.target}
            order = {code: i for i, code in enumerate(plan.regions)}
            for region in sorted(shares, key=lambda c: (order.get(c, len(order)), c)):
                share = shares[region]
                result.append(Cell(plan, t, region, share, region_spec(t, share)))
    return result


def observations(reports: pd.DataFrame) -> dict[tuple[str, str], list[tuple[dt.date, float]]]:
    """Reports grouped as (target, region) → [(date, value)] sorted by date."""
    if reports.empty:
        return {}
    frame = reports.sort_values(["target", "region", "date"], kind="stable")
    targets = frame["target"].to_numpy(dtype=object)
    regions = frame["region"].to_numpy(dtype=object)
    dates = frame["date"].to_numpy(dtype=object)
    values = frame["value"].to_numpy(dtype=float).tolist()
    n = len(frame)
    change = np.ones(n, dtype=bool)
    change[1:] = (targets[1:] != targets[:-1]) | (regions[1:] != regions[:-1])
    starts = np.flatnonzero(change).tolist()
    ends = starts[1:] + [n]
    return {
        (targets[a], regions[a]): list(zip(dates[a:b].tolist(), values[a:b]))
        for a, b in zip(starts, ends)
    }


def plan_as_of(plan: Plan, obs: dict[tuple[str, str], list[tuple[dt.date, float]]], today: dt.date) -> dt.date:
    """A plan's data as-of date: its newest report date, or today when it has none."""
    ids = {t.id for t in plan.targets}
    dates = [pairs[-1][0] for (target, _), pairs in obs.items() if target in ids and pairs]
    return max(dates) if dates else today


def status_table(
    plans: tuple[Plan, ...],
    allocations: dict[str, dict[str, float]],
    reports: pd.DataFrame,
    as_of: dt.date | None = None,
    settings: Settings = Settings(),
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per tracked (target, region) with status and forecast (STATUS_COLUMNS), from reports."""
    return status_of(plans, allocations, observations(reports), as_of, settings, today)


def status_of(
    plans: tuple[Plan, ...],
    allocations: dict[str, dict[str, float]],
    obs: dict[tuple[str, str], list[tuple[dt.date, float]]],
    as_of: dt.date | None = None,
    settings: Settings = Settings(),
    today: dt.date | None = None,
) -> pd.DataFrame:
    """status_table from reports already grouped by observations().

    `as_of` None uses each plan's newest report date (the data as-of date of that plan).
    """
    today = today or clock.today(settings.time_zone)
    thresholds = Thresholds(settings.on_track_pace, settings.behind_pace)
    plan_dates = {p.id: as_of or plan_as_of(p, obs, today) for p in plans}
    rows = []
    for cell in cells(plans, allocations):
        day = plan_dates[cell.plan.id]
        pairs = obs.get((cell.target.id, cell.region), [])
        res = evaluate(cell.spec, pairs, day, thresholds)
        fc = forecast(cell.spec, pairs, day, settings.forecast_window_months)
        rows.append({
            "plan": cell.plan.id, "target": cell.target.id, "region": cell.region, "share": cell.share,
            "actual": res.actual, "expected": res.expected, "completion": res.completion,
            "pace": res.pace, "status": res.status, "forecast_date": fc.forecast_date,
            "required_monthly": fc.required_monthly, "recent_monthly": fc.recent_monthly,
            "so_far_monthly": fc.so_far_monthly, "last_date": res.last_date, "period": res.period,
            "as_of": day,
        })
    table = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    table["period"] = table["period"].astype("Int64")  # a year, or missing (not a float)
    return table
