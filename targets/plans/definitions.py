"""Target definitions: load data/plans/*.yaml into frozen Plan and Target values, refusing bad files.

A wrong definition file is refused with the file, the target and the field named (InvalidInput
code `definition_invalid`). Every value the text does not state carries an inference mark
(`inferred: {field: damaged | silent | plan_period}`); `stated: {field: words}` names the source
words that do state a field. A plan's `version` says which release of its definitions the file
is (see targets.store.upgrade for how a newer version reaches an existing store).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from targets.errors import InvalidInput
from targets.plans.facts import REASONS, Fact, load_facts
from targets.plans.reader import Reader, bad

KINDS = ("cumulative", "count", "rate", "milestone", "recurring")
COMPARATORS = ("ge", "le", "range")
SCOPES = ("national", "province", "city")
LEVELS = ("province", "prefecture", "county")
ALLOCATION_MODES = ("none", "each", "even", "explicit", "contributions")
ADDITIVE_KINDS = ("cumulative", "count")
# latest: the newest report decides; every_report: every report must meet it (稳定在…, 确保不发生…);
# yearly_decrease: each year's value must be lower than the year before (总体呈下降趋势), no number.
RULES = ("latest", "every_report", "yearly_decrease")
INFERABLE = ("start", "deadline", "due", "target", "target_max", "comparator", "unit", "milestones",
             "allocation", "regions", "lead", "responsible")


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
    regions: tuple[str, ...] = ()  # the units a per-region duty applies to by default (() = all plan regions)
    rule: str = "latest"
    stated: tuple[tuple[str, str], ...] = ()  # field → the source words that state it
    inferred: tuple[tuple[str, str], ...] = ()  # field → damaged | silent | plan_period

    @property
    def decreasing(self) -> bool:
        """True when a lower value is better (comparator `le`)."""
        return self.comparator == "le"

    @property
    def pooled(self) -> bool:
        """True when the target is tracked as one total that every region contributes to."""
        return self.allocation_mode == "contributions"

    def inference(self, field_name: str) -> str:
        """The reason a field's value is inferred (damaged, silent, plan_period), or ''."""
        return dict(self.inferred).get(field_name, "")


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
    version: int = 1
    region_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    facts: tuple[Fact, ...] = field(default=(), compare=False)


def load_plans(directory: Path) -> tuple[Plan, ...]:
    """Every plan in `directory` (*.yaml, sorted by name); raises InvalidInput naming file/target/field."""
    plans = tuple(load_plan_file(p) for p in sorted(directory.glob("*.yaml")))
    seen: dict[str, str] = {}
    for plan in plans:
        for t in plan.targets:
            if t.id in seen:
                raise bad(plan.source_file, t.id, "id", f"duplicate of {seen[t.id]}")
            seen[t.id] = plan.id
    for plan in plans:
        for i, fact in enumerate(plan.facts, start=1):
            if fact.target is not None and fact.target not in seen:
                raise bad(plan.source_file, f"facts[{i}]", "target", f"no target {fact.target}")
    return plans


def load_plan_file(path: Path) -> Plan:
    """One plan file; raises InvalidInput naming the file, the target and the field."""
    name = path.name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InvalidInput("definition_unreadable", file=name, problem=str(exc).splitlines()[0])
    if not isinstance(doc, dict) or not isinstance(doc.get("plan"), dict):
        raise bad(name, "-", "plan", "missing")
    p = Reader(name, "-", doc["plan"])
    plan_id = p.text("id")
    regions = tuple(str(r) for r in p.get("regions", []) or [])
    groups = _groups(p, regions)
    raw_targets = doc.get("targets")
    if not isinstance(raw_targets, list):
        raise bad(name, "-", "targets", "missing or not a list")
    targets = tuple(_target(name, plan_id, raw, regions, dict(groups)) for raw in raw_targets)
    version = p.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise bad(name, "-", "version", f"'{version}' is not a whole number of at least 1")
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
        version=version,
        region_groups=groups,
        facts=load_facts(name, plan_id, p.text("region"), doc.get("facts")),
    )


def _groups(p: Reader, regions: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Named lists of plan regions (e.g. 市州: the nine prefectures without 长白山 and 梅河口)."""
    groups = []
    for group, codes in p.mapping("region_groups").items():
        members = tuple(str(c) for c in codes or [])
        if not members or any(c not in regions for c in members):
            raise p.fail(f"region_groups.{group}", "must list plan regions only")
        groups.append((str(group), members))
    return tuple(groups)


def _target(file: str, plan_id: str, raw: object, regions: tuple[str, ...],
            groups: dict[str, tuple[str, ...]]) -> Target:
    if not isinstance(raw, dict):
        raise bad(file, "?", "targets", "each target must be a mapping")
    r = Reader(file, str(raw.get("id", "?")), raw)
    kind = r.choice("kind", KINDS)
    rule = r.choice("rule", RULES, "latest")
    start, deadline = r.date("start"), r.date("deadline")
    if start > deadline:
        raise r.fail("deadline", "before start")
    alloc = Reader(file, r.target_id, r.get("allocation") or {"mode": "none"}, prefix="allocation.")
    mode = alloc.choice("mode", ALLOCATION_MODES)
    shares = tuple((str(k), alloc.number_of(k, v)) for k, v in (alloc.get("shares") or {}).items())
    for code, _ in shares:
        if code not in regions:
            raise alloc.fail("shares", f"region {code} not in plan regions")
    if mode == "contributions" and kind not in ADDITIVE_KINDS:
        raise alloc.fail("mode", "contributions only add up for cumulative and count targets")
    due = r.get("due")
    if kind == "recurring" and not valid_due(due):
        raise r.fail("due", "recurring targets need due as MM-DD")
    milestones = tuple(
        sorted((int(y), r.number_of(f"milestones.{y}", v)) for y, v in (r.get("milestones") or {}).items())
    )
    stated, inferred = r.marks("stated", INFERABLE), r.marks("inferred", INFERABLE, REASONS)
    both = set(dict(stated)) & set(dict(inferred))
    if both:
        raise r.fail("inferred", f"{', '.join(sorted(both))} is both stated and inferred")
    return Target(
        id=r.text("id"),
        plan=plan_id,
        name=r.text("name"),
        category=r.text("category", ""),
        kind=kind,
        unit=r.text("unit", ""),
        baseline=r.number("baseline", optional=True),
        target=_target_value(r, rule),
        target_max=r.number("target_max", optional=True),
        comparator=r.choice("comparator", COMPARATORS),
        start=start,
        deadline=deadline,
        milestones=milestones,
        due=str(due) if due else None,
        per_region=bool(r.get("per_region", False)),
        allocation_mode=mode,
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
        regions=_duty_regions(r, regions, groups),
        rule=rule,
        stated=stated,
        inferred=inferred,
    )


def _target_value(r: Reader, rule: str) -> float:
    """The target number; a trend (yearly_decrease) has none and gets 0 (never compared)."""
    if rule == "yearly_decrease":
        if r.get("target") is not None:
            raise r.fail("target", "a yearly_decrease target has no number (leave it null)")
        return 0.0
    return r.number("target") or 0.0


def _duty_regions(r: Reader, regions: tuple[str, ...], groups: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The units a per-region duty applies to: a group name, a list of plan regions, or all."""
    raw = r.get("regions")
    if raw is None:
        return ()
    if not r.get("per_region"):
        raise r.fail("regions", "only a per_region duty names the regions it applies to")
    if isinstance(raw, str):
        if raw not in groups:
            raise r.fail("regions", f"no region group '{raw}'")
        return groups[raw]
    codes = tuple(str(c) for c in raw)
    if not codes or any(c not in regions for c in codes):
        raise r.fail("regions", "must list plan regions only")
    return codes


def _reported(r: Reader, item: object) -> Reported:
    if not isinstance(item, dict):
        raise r.fail("reported", "each entry must be a mapping")
    sub = Reader(r.file, r.target_id, item, prefix="reported.")
    return Reported(sub.text("region"), sub.date("date"), sub.number("value"), sub.text("note", ""))


def valid_due(due: object) -> bool:
    try:
        dt.date(2000, *(int(x) for x in str(due).split("-")))
    except (TypeError, ValueError):
        return False
    return True
