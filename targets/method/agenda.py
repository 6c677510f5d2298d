"""The duties of the loaded plans and their items: glue between plain plan data and targets.method.duties.

Pure: it takes plans, allocations, progress rows and recorded events and returns Duty and Item
values. Who owes a duty is decided in one place, `duty_regions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from targets.method.chase import unit_of
from targets.method.duties import DUTY_KINDS, Duty, Event, Item, items_of, occurrence_of, order_key
from targets.plans import regions as region_data
from targets.plans.definitions import Plan, Target, valid_due

Key = tuple[str, str, int]  # (target, region, year)
ITEM_COLUMNS = ["target", "plan", "name", "kind", "lead", "unit", "region", "region_name", "year", "due", "opens",
                "state", "done", "evidence", "note", "reason", "sent_back", "uncertain", "inferred", "per_region"]


@dataclass(frozen=True)
class ProgressRow:
    """A progress-workbook row of a duty target (the current version)."""

    target: str
    region: str
    date: dt.date
    value: float
    time: dt.datetime
    user: str = ""
    source: str = "upload"


def duty_regions(t: Target, plan: Plan, allocation: Mapping[str, float]) -> tuple[str, ...]:
    """Who owes a duty: each region of the plan, or the plan's own region (its lead unit).

    A per-region duty (每个地级市 / 各市州 / 各县区) is owed by the allocated regions that are
    administrative units at the plan's tracked level: reporting units of their own without an
    administrative code of that level (长白山, 梅河口 under the provincial plan) owe the
    per-市州 duties only where the transcription allocates them explicitly. Any other duty is
    owed by the plan's own region. This is the one rule; point it at the transcription's.
    """
    if not t.per_region:
        return (plan.region,)
    codes = [c for c in plan.regions if c in allocation] if allocation else list(plan.regions)
    explicit = t.allocation_mode == "explicit"
    units = [c for c in codes if explicit or _unit_at_level(c, plan.region_level)]
    return tuple(units) or (plan.region,)


def _unit_at_level(code: str, level: str) -> bool:
    region = region_data.get(code)
    return region is not None and region.level == level and code.isdigit()


def duty_of(t: Target, plan: Plan, allocation: Mapping[str, float]) -> Duty:
    """One recurring or milestone target as a Duty.

    It applies from its start, and never before the plan was issued, nor before a `first_year`
    the transcription states; a `window` ("MM-DD", the day the window opens) is read where the
    definition has one.
    """
    applies = max(t.start, plan.issued or t.start)
    first_year = getattr(t, "first_year", None)
    if isinstance(first_year, int):
        applies = max(applies, dt.date(first_year, 1, 1))
    window = getattr(t, "window", None)
    inferred = getattr(t, "inferred", None) or {}
    return Duty(
        target=t.id, plan=plan.id, name=t.name, kind=t.kind, due=t.due if t.kind == "recurring" else None,
        applies_from=applies, deadline=t.deadline, first_year=(plan.issued or t.start).year,
        regions=duty_regions(t, plan, allocation), per_region=t.per_region, lead=t.lead,
        responsible=t.responsible, window=window if window and valid_due(window) else None,
        uncertain=t.uncertain, inferred=tuple(sorted(dict(inferred).items())),
    )


def duties_of(plans: Iterable[Plan], allocations: Mapping[str, Mapping[str, float]]) -> list[Duty]:
    """Every duty (recurring and milestone targets) of the plans, in plan order."""
    return [duty_of(t, p, allocations.get(t.id, {})) for p in plans for t in p.targets if t.kind in DUTY_KINDS]


def _met(t_value: float, value: float) -> bool:
    return value >= t_value if t_value > 0 else value > 0


def progress_events(duties: Sequence[Duty], targets: Mapping[str, Target],
                    rows: Iterable[ProgressRow]) -> dict[Key, list[Event]]:
    """Progress rows of duty targets as reports: a row that meets the target (已完成, or the count
    due) is a report of that year's item, done on the row's date (a milestone's only item)."""
    by_id = {d.target: d for d in duties}
    result: dict[Key, list[Event]] = {}
    for row in rows:
        duty, target = by_id.get(row.target), targets.get(row.target)
        if duty is None or target is None or row.region not in duty.regions:
            continue
        if not _met(target.target, row.value):
            continue
        year = duty.deadline.year if duty.kind == "milestone" else row.date.year
        if occurrence_of(duty, year) is None:
            continue
        event = Event("submit", row.time, row.user, row.date, "", 0, row.source)
        result.setdefault((row.target, row.region, year), []).append(event)
    for events in result.values():  # the earliest done date of a year is the one that counts
        events.sort(key=lambda e: (e.done or dt.date.max), reverse=True)
    return result


def merge(*histories: Mapping[Key, Sequence[Event]]) -> dict[Key, list[Event]]:
    """Several event maps as one (each item's events in recorded order)."""
    merged: dict[Key, list[Event]] = {}
    for history in histories:
        for key, events in history.items():
            merged.setdefault(key, []).extend(events)
    return {k: sorted(v, key=lambda e: e.time) for k, v in merged.items()}


def all_items(duties: Sequence[Duty], history: Mapping[Key, Sequence[Event]], as_of: dt.date,
              soon_days: int, year: int | None = None) -> list[Item]:
    """Every item of every duty (one year, or all), in calendar order (overdue first)."""
    by_duty: dict[str, dict[tuple[str, int], Sequence[Event]]] = {}
    for (target, region, y), events in history.items():
        by_duty.setdefault(target, {})[(region, y)] = events
    items = [i for d in duties for i in items_of(d, by_duty.get(d.target, {}), as_of, soon_days, year)]
    return sorted(items, key=order_key)


def find(duties: Sequence[Duty], target: str) -> Duty | None:
    """The duty of target `target`, or None."""
    return next((d for d in duties if d.target == target), None)


def full_name(code: str) -> str:
    """A region's full name (长春市), or its code when unknown."""
    found = region_data.get(code)
    return found.name if found else code


def short_name(code: str) -> str:
    """A region's name on screens (长春; regions.label), or its code when unknown."""
    return region_data.label(code)


def item_rows(duties: Sequence[Duty], items: Iterable[Item], plans: Iterable[Plan]) -> list[dict[str, object]]:
    """Items as plain rows (ITEM_COLUMNS) with their duty's name, plan, lead and responsible unit."""
    by_id = {d.target: d for d in duties}
    by_plan = {p.id: p for p in plans}
    rows = []
    for i in items:
        d = by_id[i.target]
        unit = unit_of(d.lead, d.per_region, i.region, by_plan[d.plan], full_name)
        rows.append({"target": i.target, "plan": d.plan, "name": d.name, "kind": d.kind, "lead": d.lead,
                     "unit": unit, "region": i.region, "region_name": short_name(i.region), "year": i.year,
                     "due": i.due, "opens": i.opens, "state": i.state, "done": i.done, "evidence": i.evidence,
                     "note": i.note, "reason": i.reason, "sent_back": i.sent_back, "uncertain": d.uncertain,
                     "inferred": dict(d.inferred), "per_region": d.per_region})
    return rows
