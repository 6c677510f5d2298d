"""Target definitions: load data/plans/*.yaml into frozen Plan and Target values, refusing bad files.

A wrong definition file is refused with the file, the target and the field named (InvalidInput
code `definition_invalid`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

import yaml

from targets.errors import InvalidInput

KINDS = ("cumulative", "count", "rate", "milestone", "recurring")
COMPARATORS = ("ge", "le", "range")
SCOPES = ("national", "province", "city")
LEVELS = ("province", "prefecture", "county")
ALLOCATION_MODES = ("none", "each", "even", "explicit")
ADDITIVE_KINDS = ("cumulative", "count")


@dataclass(frozen=True)
class Reported:
    region: str
    date: dt.date
    value: float
    note: str = ""


@dataclass(frozen=True)
class Target:
    id: str
    plan: str
    name: str
    category: str
    kind: str
    unit: str
    baseline: float | None
    target: float
    target_max: float | None
    comparator: str
    start: dt.date
    deadline: dt.date
    milestones: tuple[tuple[int, float], ...] = ()
    due: str | None = None
    per_region: bool = False
    allocation_mode: str = "none"
    allocation_each: float | None = None
    allocation_shares: tuple[tuple[str, float], ...] = ()
    lead: str = ""
    responsible: tuple[str, ...] = ()
    clause: str = ""
    source_quote: str = ""
    uncertain: bool = False
    uncertain_reason: str = ""
    best_reading: str = ""
    reported: tuple[Reported, ...] = ()

    @property
    def decreasing(self) -> bool:
        """True when a lower value is better (comparator `le`)."""
        return self.comparator == "le"


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    issuer: str
    doc_number: str
    issued: dt.date | None
    scope: str
    region: str
    region_level: str
    regions: tuple[str, ...]
    source_file: str
    kind: str = "plan"
    note: str = ""
    targets: tuple[Target, ...] = field(default=(), compare=False)


def load_plans(directory: Path) -> tuple[Plan, ...]:
    """Every plan in `directory` (*.yaml, sorted by name); raises InvalidInput naming file/target/field."""
    plans = tuple(load_plan_file(p) for p in sorted(directory.glob("*.yaml")))
    seen: dict[str, str] = {}
    for plan in plans:
        for t in plan.targets:
            if t.id in seen:
                raise _bad(plan.source_file, t.id, "id", f"duplicate of {seen[t.id]}")
            seen[t.id] = plan.id
    return plans


def load_plan_file(path: Path) -> Plan:
    """One plan file; raises InvalidInput naming the file, the target and the field."""
    name = path.name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InvalidInput("definition_unreadable", file=name, problem=str(exc).splitlines()[0])
    if not isinstance(doc, dict) or not isinstance(doc.get("plan"), dict):
        raise _bad(name, "-", "plan", "missing")
    p = _Reader(name, "-", doc["plan"])
    plan_id = p.text("id")
    regions = tuple(str(r) for r in p.get("regions", []) or [])
    raw_targets = doc.get("targets")
    if not isinstance(raw_targets, list):
        raise _bad(name, "-", "targets", "missing or not a list")
    targets = tuple(_target(name, plan_id, raw, regions) for raw in raw_targets)
    return Plan(
        id=plan_id,
        title=p.text("title"),
        issuer=p.text("issuer", ""),
        doc_number=p.text("doc_number", ""),
        issued=p.date("issued", optional=True),
        scope=p.choice("scope", SCOPES),
        region=p.text("region"),
        region_level=p.choice("region_level", LEVELS),
        regions=regions,
        source_file=p.text("source_file", ""),
        kind=p.text("kind", "plan"),
        note=p.text("note", ""),
        targets=targets,
    )


def _target(file: str, plan_id: str, raw: object, regions: tuple[str, ...]) -> Target:
    if not isinstance(raw, dict):
        raise _bad(file, "?", "targets", "each target must be a mapping")
    r = _Reader(file, str(raw.get("id", "?")), raw)
    kind = r.choice("kind", KINDS)
    start, deadline = r.date("start"), r.date("deadline")
    if start > deadline:
        raise _bad(file, r.target_id, "deadline", "before start")
    alloc = _Reader(file, r.target_id, r.get("allocation") or {"mode": "none"})
    shares = tuple((str(k), alloc.number_of(k, v)) for k, v in (alloc.get("shares") or {}).items())
    for code, _ in shares:
        if code not in regions:
            raise _bad(file, r.target_id, "allocation.shares", f"region {code} not in plan regions")
    due = r.get("due")
    if kind == "recurring" and not valid_due(due):
        raise _bad(file, r.target_id, "due", "recurring targets need due as MM-DD")
    milestones = tuple(
        sorted((int(y), r.number_of(f"milestones.{y}", v)) for y, v in (r.get("milestones") or {}).items())
    )
    return Target(
        id=r.text("id"),
        plan=plan_id,
        name=r.text("name"),
        category=r.text("category", ""),
        kind=kind,
        unit=r.text("unit", ""),
        baseline=r.number("baseline", optional=True),
        target=r.number("target"),
        target_max=r.number("target_max", optional=True),
        comparator=r.choice("comparator", COMPARATORS),
        start=start,
        deadline=deadline,
        milestones=milestones,
        due=str(due) if due else None,
        per_region=bool(r.get("per_region", False)),
        allocation_mode=alloc.choice("mode", ALLOCATION_MODES),
        allocation_each=alloc.number("each", optional=True),
        allocation_shares=shares,
        lead=r.text("lead", ""),
        responsible=tuple(str(x) for x in r.get("responsible") or []),
        clause=r.text("clause", ""),
        source_quote=r.text("source_quote"),
        uncertain=bool(r.get("uncertain", False)),
        uncertain_reason=r.text("uncertain_reason", ""),
        best_reading=r.text("best_reading", ""),
        reported=tuple(_reported(r, item) for item in r.get("reported") or []),
    )


def _reported(r: _Reader, item: object) -> Reported:
    if not isinstance(item, dict):
        raise _bad(r.file, r.target_id, "reported", "each entry must be a mapping")
    sub = _Reader(r.file, r.target_id, item, prefix="reported.")
    return Reported(sub.text("region"), sub.date("date"), sub.number("value"), sub.text("note", ""))


def valid_due(due: object) -> bool:
    try:
        dt.date(2000, *(int(x) for x in str(due).split("-")))
    except (TypeError, ValueError):
        return False
    return True


def _bad(file: str, target: str, field_name: str, problem: str) -> InvalidInput:
    return InvalidInput("definition_invalid", file=file, target=target, field=field_name, problem=problem)


_MISSING = object()


class _Reader:
    """Typed field access on one mapping, raising errors that name file, target and field."""

    def __init__(self, file: str, target_id: str, data: object, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise _bad(file, target_id, prefix.rstrip(".") or "-", "must be a mapping")
        self.file, self.target_id, self.data, self.prefix = file, target_id, data, prefix

    def get(self, key: str, default: object = None) -> Any:  # whatever the YAML holds
        return self.data.get(key, default)

    def _required(self, key: str, default: object) -> object:
        value = self.data.get(key, default)
        if value is _MISSING or value is None and default is _MISSING:
            raise _bad(self.file, self.target_id, self.prefix + key, "missing")
        return value

    def text(self, key: str, default: object = _MISSING) -> str:
        value = self._required(key, default)
        return "" if value is None else str(value).strip()

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise _bad(self.file, self.target_id, self.prefix + key, f"'{value}' not one of {', '.join(allowed)}")
        return value

    @overload
    def number(self, key: str, optional: Literal[False] = False) -> float: ...
    @overload
    def number(self, key: str, optional: bool) -> float | None: ...

    def number(self, key: str, optional: bool = False) -> float | None:
        value = self.data.get(key)
        if value is None:
            if optional:
                return None
            raise _bad(self.file, self.target_id, self.prefix + key, "missing")
        return self.number_of(key, value)

    def number_of(self, key: object, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _bad(self.file, self.target_id, self.prefix + str(key), f"'{value}' is not a number")
        return float(value)

    @overload
    def date(self, key: str, optional: Literal[False] = False) -> dt.date: ...
    @overload
    def date(self, key: str, optional: bool) -> dt.date | None: ...

    def date(self, key: str, optional: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise _bad(self.file, self.target_id, self.prefix + key, f"'{value}' is not an ISO date")
