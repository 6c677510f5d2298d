"""Demo progress (示例数据): realistic monthly reports per region, generated deterministically.

Demo rows live in uploads whose source is ``demo``; they are shown only while no real upload is
in force, are marked 示例数据 wherever shown, and `remove_demo` deletes them in one step.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

from sqlalchemy import Engine

from targets import clock, messages, store
from targets.method.burndown import planned_series
from targets.method.status import add_months, baseline_of, due_date, expected_at, periods
from targets.method.tracking import Cell, cells, contributors, region_spec
from targets.plans.definitions import Plan
from targets.store.models import ReportIn

DEMO_USER = "demo"
DEMO_SHARE_OF_PERIOD = 0.6  # each plan's demo data stops at 60% of its period


def demo_end(cell: Cell, today: dt.date) -> dt.date:
    """The last month end a plan's demo data reaches: 60% into the plan, never after today."""
    plan_targets = cell.plan.targets
    start = min(t.start for t in plan_targets)
    end = max(t.deadline for t in plan_targets)
    point = start + (end - start) * DEMO_SHARE_OF_PERIOD
    point = min(point, today)
    return dt.date(point.year, point.month, 1) - dt.timedelta(days=1)


def _rng(*keys: str) -> random.Random:
    return random.Random(zlib.crc32("|".join(keys).encode()))


def cell_rows(cell: Cell, today: dt.date) -> list[ReportIn]:
    """The demo reports of one (target, region)."""
    rng = _rng(cell.target.id, cell.region)
    if rng.random() < 0.08:  # some regions have not reported yet
        return []
    end = demo_end(cell, today)
    spec = cell.spec
    speed = rng.choice([0.55, 0.75, 0.85, 0.92, 1.0, 1.05, 1.15, 1.3])
    rows: list[ReportIn] = []
    if spec.rule == "yearly_decrease":
        return trend_rows(cell, end, rng)

    def add(day: dt.date, value: float) -> None:
        day = max(day, spec.start)  # never before the target starts (an import would refuse it)
        rows.append(ReportIn(target=cell.target.id, region=cell.region, date=day, value=max(0.0, value),
                             note=messages.DEMO_LABEL))

    if spec.kind in ("cumulative", "count"):
        whole = abs(spec.target) >= 20 or cell.target.unit not in ("%",)
        last = baseline_of(spec)
        for day, planned in planned_series(spec):
            if day > end:
                break
            base = baseline_of(spec)
            value = base + (planned - base) * speed * rng.uniform(0.93, 1.07)
            value = max(last, value) if not spec.comparator == "le" else min(last, value)
            value = round(value) if whole else round(value, 1)
            add(day, value)
            last = value
    elif spec.kind == "rate":
        day = add_months(spec.start, 3) - dt.timedelta(days=1)
        while day <= end:
            base = baseline_of(spec)
            planned = expected_at(spec, day)
            value = base + (planned - base) * speed + rng.uniform(-0.6, 0.6)
            if spec.baseline is None:
                value = spec.target + (speed - 1) * 8 + rng.uniform(-0.5, 0.5)
            add(day, round(min(100.0, value), 1))
            day = add_months(day + dt.timedelta(days=1), 3) - dt.timedelta(days=1)
    elif spec.kind == "milestone":
        finish = spec.start + (spec.deadline - spec.start) * (0.7 / speed)
        for month_end in (d for d, _ in planned_series(spec) if d <= end):
            if month_end.month % 3 == 0 or month_end >= finish:
                add(month_end, 1.0 if month_end >= finish else 0.0)
                if month_end >= finish:
                    break
    else:
        for year in periods(spec):
            due = due_date(spec, year)
            if due > end:
                break
            if rng.random() < min(0.95, 0.7 * speed):
                add(due - dt.timedelta(days=rng.randint(1, 20)), spec.target)
            elif rng.random() < 0.5:
                add(due - dt.timedelta(days=5), 0.0)
    return rows


def trend_rows(cell: Cell, end: dt.date, rng: random.Random) -> list[ReportIn]:
    """A yearly figure that mostly falls (投诉量总体呈下降趋势), reported at each year's end."""
    value, rows = rng.uniform(80, 160), []
    for year in range(cell.spec.start.year, end.year + 1):
        day = dt.date(year, 12, 31)
        if cell.spec.start <= day <= end:
            rows.append(ReportIn(target=cell.target.id, region=cell.region, date=day, value=round(value),
                                 note=messages.DEMO_LABEL))
        value *= rng.uniform(0.82, 1.04)
    return rows


def demo_cells(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]]) -> list[Cell]:
    """The cells demo data is made for: a pooled total is reported as its plan regions' contributions
    (each about an even part, at its own speed), so the total adds up like real reports would."""
    result = []
    for c in cells(plans, allocations):
        units = contributors(c.plan, c.target, allocations)[1:]
        if not units:
            result.append(c)
            continue
        part = c.target.target / len(units)
        result += [Cell(c.plan, c.target, unit, part, region_spec(c.target, part)) for unit in units]
    return result


def load_demo(engine: Engine, today: dt.date | None = None) -> int:
    """Load demo progress unless real uploads exist or demo data is already there; returns rows added."""
    from targets.errors import InvalidInput

    if store.has_real_uploads(engine):
        raise InvalidInput("demo_blocked")
    if store.demo_loaded(engine):
        return 0
    today = today or clock.today()
    facts = store.reports(engine)
    reported = set(zip(facts["target"], facts["region"]))  # real figures from the documents stay alone
    rows = [r for c in demo_cells(store.plans(engine), store.allocations(engine))
            if (c.target.id, c.region) not in reported for r in cell_rows(c, today)]
    store.import_reports(engine, rows, user=DEMO_USER, file=messages.DEMO_LABEL, source="demo")
    return len(rows)
