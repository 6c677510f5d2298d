"""The chase list (催办清单) and the three-colour notices (三色督办单), pure.

Colours: **red** for overdue items (a duty past its due date with nothing reported, or a target
past its deadline unmet), **yellow** for targets behind their schedule (序时进度: ``behind`` or
``off_track``), **blue** for duties due within the configured number of days. Items awaiting the
office, done, not due or not applicable are not chased. One notice per responsible unit: the
unit's colour is its most severe item's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from targets import messages
from targets.method.duties import Duty, Item, days_late
from targets.plans.definitions import Plan, Target

COLOURS = ("red", "yellow", "blue")  # most severe first
DUTY_COLOURS = {"overdue": "red", "due_soon": "blue"}
TARGET_COLOURS = {"overdue": "red", "off_track": "yellow", "behind": "yellow"}


@dataclass(frozen=True)
class Entry:
    unit: str
    colour: str
    target: str
    name: str
    plan: str
    region: str
    region_name: str
    due: dt.date
    state: str  # a duty state, or a target status
    days: int  # days late (red) or days left (blue); 0 otherwise


@dataclass(frozen=True)
class Notice:
    unit: str
    colour: str
    entries: tuple[Entry, ...]


def unit_of(lead: str, per_region: bool, region: str, plan: Plan, name_of: Callable[[str], str]) -> str:
    """The unit a notice goes to: the region's bureau for a per-region item, else the lead unit
    (the plan region's bureau when the document names none)."""
    if per_region and region != plan.region:
        return messages.render("unit_of_region", region=name_of(region))
    return lead or messages.render("unit_of_region", region=name_of(plan.region))


def duty_entries(duties: Sequence[Duty], items: Iterable[Item], plans: Mapping[str, Plan], as_of: dt.date,
                 name_of: Callable[[str], str]) -> list[Entry]:
    """Overdue (red) and due-soon (blue) duty items as chase entries."""
    by_id = {d.target: d for d in duties}
    result = []
    for item in items:
        colour = DUTY_COLOURS.get(item.state)
        duty = by_id.get(item.target)
        if colour is None or duty is None:
            continue
        plan = plans[duty.plan]
        days = days_late(item, as_of) if colour == "red" else (item.due - as_of).days
        result.append(Entry(unit_of(duty.lead, duty.per_region, item.region, plan, name_of), colour, item.target,
                            duty.name, duty.plan, item.region, name_of(item.region), item.due, item.state, days))
    return result


def target_entries(rows: Iterable[Mapping[str, object]], targets: Mapping[str, Target], plans: Mapping[str, Plan],
                   as_of: dt.date, name_of: Callable[[str], str]) -> list[Entry]:
    """Targets that are counts or rates, behind schedule (yellow) or overdue (red), from status rows
    (target, region, status)."""
    result = []
    for row in rows:
        t = targets.get(str(row["target"]))
        colour = TARGET_COLOURS.get(str(row["status"]))
        if t is None or colour is None or t.kind in ("recurring", "milestone"):
            continue
        plan, region = plans[t.plan], str(row["region"])
        days = max(0, (as_of - t.deadline).days) if colour == "red" else 0
        result.append(Entry(unit_of(t.lead, region != plan.region, region, plan, name_of), colour, t.id, t.name,
                            t.plan, region, name_of(region), t.deadline, str(row["status"]), days))
    return result


def notices(entries: Iterable[Entry]) -> list[Notice]:
    """One notice per unit, most severe units first; entries red, yellow, blue, then by due date."""
    by_unit: dict[str, list[Entry]] = {}
    for e in entries:
        by_unit.setdefault(e.unit, []).append(e)
    result = []
    for unit, found in by_unit.items():
        found.sort(key=lambda e: (COLOURS.index(e.colour), e.due, e.target, e.region))
        result.append(Notice(unit, found[0].colour, tuple(found)))
    result.sort(key=lambda n: (COLOURS.index(n.colour), -len(n.entries), n.unit))
    return result


def counts(notice: Notice) -> dict[str, int]:
    """How many entries of each colour a notice holds."""
    return {c: sum(e.colour == c for e in notice.entries) for c in COLOURS}
