"""What an upload would change: current values of the file's targets, warnings, and the preview.

A previous report is the current value of the same (target, region) at the latest date before
a row's date, from the store or from the same file (the file's value wins for the same date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine

from targets import messages, store
from targets.intake.validate import DECREASE_KINDS, Issue, Parsed, Rules
from targets.plans import regions
from targets.plans.definitions import Target

PREVIEW_COLUMNS = ["target", "target_name", "region", "region_name", "date", "value", "previous", "change"]
History = dict[tuple[str, str], dict[dt.date, float]]


def rules(engine: Engine, today: dt.date) -> Rules:
    """The store's targets, plan regions and tracked regions, as validation needs them."""
    allocations = store.allocations(engine)
    targets, plan_region, tracked = {}, {}, {}
    for plan in store.plans(engine):
        for t in plan.targets:
            targets[t.id.lower()] = t
            plan_region[t.id] = plan.region
            tracked[t.id] = tuple(allocations.get(t.id) or (plan.region,))
    return Rules(targets, plan_region, tracked, today)


def current_values(engine: Engine, target_ids: Iterable[str]) -> History:
    """Current value of every stored (target, region, date) of these targets (targets.store.current)."""
    return store.current_values(engine, target_ids)


def warnings(parsed: list[Parsed], value_label: str, sheet: str, history: History,
             allocations: dict[str, dict[str, float]], targets: dict[str, Target],
             factor: float) -> list[Issue]:
    """Values lower than the previous report, and values above factor × the region's allocation."""
    issues: list[Issue] = []
    groups: dict[tuple[str, str], list[Parsed]] = {}
    for p in parsed:
        groups.setdefault((p.report.target, p.report.region), []).append(p)
    for key, rows in groups.items():
        target = targets[key[0]]
        if rows[0].kind in DECREASE_KINDS and not target.decreasing:
            previous = _previous(history.get(key, {}), rows)
            issues.extend(_decrease(p, previous[p.report.date], value_label, sheet) for p in rows
                          if _decreased(p, previous[p.report.date]))
        share = allocations.get(key[0], {}).get(key[1])
        if share and share > 0:
            issues.extend(_above(p, share, factor, value_label, sheet) for p in rows
                          if p.report.value > factor * share)
    return sorted(issues, key=lambda i: i.row or 0)


def _previous(stored: dict[dt.date, float], rows: list[Parsed]) -> dict[dt.date, tuple[dt.date, float] | None]:
    """Each date of the timeline (stored, overridden by the file) → the report just before it."""
    timeline = dict(stored)
    timeline.update({p.report.date: p.report.value for p in rows})
    result: dict[dt.date, tuple[dt.date, float] | None] = {}
    last: tuple[dt.date, float] | None = None
    for day in sorted(timeline):
        result[day] = last
        last = (day, timeline[day])
    return result


def _decreased(p: Parsed, before: tuple[dt.date, float] | None) -> bool:
    if before is None or before[1] <= p.report.value + 1e-9:
        return False
    # a duty due every year counts afresh each year
    return not (p.kind == "recurring" and before[0].year != p.report.date.year)


def _decrease(p: Parsed, before: tuple[dt.date, float] | None, label: str, sheet: str) -> Issue:
    day, previous = before or (p.report.date, 0.0)
    return Issue("warning", "value_decreased", sheet, p.number, label, f"{p.report.value:g}",
                 messages.render("expect_not_below", previous=f"{previous:g}", date=day.isoformat()))


def _above(p: Parsed, share: float, factor: float, label: str, sheet: str) -> Issue:
    return Issue("warning", "above_allocation", sheet, p.number, label, f"{p.report.value:g}",
                 messages.render("expect_within_allocation", allocation=f"{share:g}",
                                 factor=f"{factor:g}", limit=f"{factor * share:g}"))


def frame(parsed: list[Parsed], history: History, targets: dict[str, Target]) -> pd.DataFrame:
    """One row per upload row: its value, the current value at the same key, and the change."""
    rows = []
    names: dict[str, str] = {}  # a region's name, looked up once per region
    for p in parsed:
        r = p.report
        previous = history.get((r.target, r.region), {}).get(r.date)
        if previous is None:
            change = "new"
        else:
            change = "unchanged" if abs(previous - r.value) <= 1e-9 else "changed"
        if r.region not in names:
            region = regions.get(r.region)
            names[r.region] = region.name if region else r.region
        rows.append((r.target, targets[r.target].name, r.region, names[r.region], r.date, r.value, previous, change))
    return pd.DataFrame(rows, columns=PREVIEW_COLUMNS)
