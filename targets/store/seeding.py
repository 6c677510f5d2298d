"""The shipped plan definitions (data/plans) in the store: seeded once, upgraded by version.

A plan the store does not know is added whole: plan, targets, default allocations, the
document's facts. A plan the store knows at an older definitions `version` (a store made
before versions existed holds version 1) is upgraded in place, keeping what the office did:

- a shipped target the store lacks is added; one the shipped file no longer has is retired (its
  definition and default allocations go; every progress report stays in the history);
- a target in both takes the shipped definition, except the fields the office edited (read from
  the audit log's ``target_edit`` entries); where the office confirmed a target (cleared 存疑),
  every value it confirmed is kept;
- a (target, region) allocation only ever set by the seeding is replaced by the shipped default
  (added, changed or removed); one the office set (a 任务分解表 import or an extended duty) stays;
- the document's own reports are re-read from the shipped file (the old ones are reverted, not
  deleted), and its facts replace the stored facts.

The upgrade is one audited step (``definitions_upgrade``) in the seeding transaction.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from sqlmodel import Session, select

from targets.plans.definitions import Plan, Target
from targets.plans.facts import fact_to_dict
from targets.store.audit import SYSTEM_USER, record
from targets.store.models import (
    AllocationRow,
    AuditRow,
    PlanDefinitionRow,
    PlanRow,
    ReportRow,
    TargetRow,
    UploadRow,
)
from targets.store.plans import EDITABLE, default_allocation, target_from_json, target_to_json
from targets.store.versions import next_versions

CONFIRMED = ("target", "target_max", "deadline", "due")  # what a cleared 存疑 mark vouches for


def seed_plans(session: Session, shipped: tuple[Plan, ...]) -> None:
    """Add the plans the store lacks and upgrade those stored at an older definitions version."""
    known = set(session.exec(select(PlanRow.id)).all())
    versions = {r.plan: r.version for r in session.exec(select(PlanDefinitionRow)).all()}
    for plan in shipped:
        if plan.id not in known:
            add_plan(session, plan)
        elif plan.version > versions.get(plan.id, 1):
            upgrade_plan(session, plan, versions.get(plan.id, 1))


def add_plan(session: Session, plan: Plan) -> None:
    """A new plan with its targets, default allocations, reports and facts."""
    session.add(PlanRow(**_plan_fields(plan)))
    for i, t in enumerate(plan.targets):
        session.add(TargetRow(id=t.id, plan=plan.id, position=i, definition=target_to_json(t)))
    session.flush()
    for t in plan.targets:
        for region, share in default_allocation(t, plan).items():
            session.add(AllocationRow(target=t.id, region=region, share=share, user=SYSTEM_USER))
    _add_document_reports(session, plan)
    _write_definition_row(session, plan)


def upgrade_plan(session: Session, plan: Plan, stored_version: int) -> None:
    """Bring a stored plan to the shipped definitions, keeping the office's edits (module docstring)."""
    row = session.get(PlanRow, plan.id)
    for key, value in _plan_fields(plan).items():
        setattr(row, key, value)
    session.add(row)
    edits = office_edits(session)
    stored = {r.id: r for r in session.exec(select(TargetRow).where(TargetRow.plan == plan.id)).all()}
    retired = sorted(set(stored) - {t.id for t in plan.targets})
    kept: dict[str, list[str]] = {}
    for i, t in enumerate(plan.targets):
        fields = _put_target(session, plan.id, i, t, stored.get(t.id), edits.get(t.id, set()))
        if fields:
            kept[t.id] = fields
    session.flush()
    for target_id in retired:
        _retire(session, stored[target_id])
    reset = [t.id for t in plan.targets if _reseed_allocations(session, plan, t)]
    _revert_document_reports(session, plan)
    _add_document_reports(session, plan)
    _write_definition_row(session, plan)
    summary = {"plan": plan.id, "from": stored_version, "to": plan.version,
               "added": [t.id for t in plan.targets if t.id not in stored], "retired": retired,
               "kept_office_edits": kept, "allocations_reset": reset}
    record(session, SYSTEM_USER, "definitions_upgrade", json.dumps(summary, ensure_ascii=False))


def office_edits(session: Session) -> dict[str, set[str]]:
    """Target id → the fields the office changed (from the audit log's target_edit entries)."""
    result: dict[str, set[str]] = {}
    for detail in session.exec(select(AuditRow.detail).where(AuditRow.action == "target_edit")).all():
        try:
            entry = json.loads(detail)
            result.setdefault(str(entry["id"]), set()).update(entry.get("changes") or {})
        except (ValueError, KeyError, TypeError):
            continue  # an entry this release cannot read keeps nothing
    return result


def _put_target(session: Session, plan_id: str, position: int, shipped: Target, row: TargetRow | None,
                edited: set[str]) -> list[str]:
    """Write the shipped definition over the stored one, keeping office-edited fields; returns them."""
    if row is None:
        session.add(TargetRow(id=shipped.id, plan=plan_id, position=position, definition=target_to_json(shipped)))
        return []
    old = target_from_json(row.definition)
    keep = set(edited) | (set(CONFIRMED) if "uncertain" in edited else set())
    kept = sorted(k for k in keep if k in EDITABLE and getattr(old, k) != getattr(shipped, k))
    merged = dataclasses.replace(shipped, **{k: getattr(old, k) for k in kept})
    if merged.start > merged.deadline:  # an office deadline before a newly shipped start: the start gives way
        merged = dataclasses.replace(merged, start=min(shipped.start, merged.deadline))
    row.position, row.definition = position, target_to_json(merged)
    session.add(row)
    return kept


def _retire(session: Session, row: TargetRow) -> None:
    for alloc in session.exec(select(AllocationRow).where(AllocationRow.target == row.id)).all():
        session.delete(alloc)
    session.flush()
    session.delete(row)


def _is_seeded(rows: list[AllocationRow]) -> bool:
    return all(r.user == SYSTEM_USER and r.upload is None for r in rows)


def _reseed_allocations(session: Session, plan: Plan, t: Target) -> bool:
    """Replace the seeding's own allocation rows of `t` by the shipped default; True if any changed."""
    wanted = default_allocation(t, plan)
    by_region: dict[str, list[AllocationRow]] = {}
    for alloc in session.exec(select(AllocationRow).where(AllocationRow.target == t.id)).all():
        by_region.setdefault(alloc.region, []).append(alloc)
    changed = False
    for region in sorted(set(by_region) | set(wanted)):
        rows, share = by_region.get(region, []), wanted.get(region)
        if not _is_seeded(rows) or [r.share for r in rows] == ([] if share is None else [share]):
            continue  # set by the office, or already the shipped default
        for alloc in rows:
            session.delete(alloc)
        session.flush()  # the old rows go before the new one takes version 1 (uq_allocation_key)
        if share is not None:
            session.add(AllocationRow(target=t.id, region=region, share=share, user=SYSTEM_USER))
        changed = True
    return changed


def _document_uploads(session: Session, plan: Plan) -> list[UploadRow]:
    q = select(UploadRow).where(UploadRow.source == "document", UploadRow.file == plan.source_file,
                                UploadRow.reverted == False)  # noqa: E712
    return list(session.exec(q).all())


def _revert_document_reports(session: Session, plan: Plan) -> None:
    for upload in _document_uploads(session, plan):
        upload.reverted = True
        session.add(upload)


def _add_document_reports(session: Session, plan: Plan) -> None:
    facts = [(t.id, r) for t in plan.targets for r in t.reported]
    if not facts:
        return
    upload = UploadRow(user=SYSTEM_USER, file=plan.source_file, rows=len(facts), source="document")
    session.add(upload)
    session.flush()
    versions = next_versions(session, [(target_id, r.region, r.date) for target_id, r in facts])
    for target_id, r in facts:
        session.add(ReportRow(target=target_id, region=r.region, date=r.date, value=r.value, note=r.note,
                              version=versions[(target_id, r.region, r.date)], upload=upload.id or 0,
                              user=SYSTEM_USER))


def _plan_fields(plan: Plan) -> dict[str, Any]:
    skip = ("targets", "version", "region_groups", "facts")
    fields = {f.name: getattr(plan, f.name) for f in dataclasses.fields(plan) if f.name not in skip}
    fields["regions"] = json.dumps(list(plan.regions))
    return fields


def _write_definition_row(session: Session, plan: Plan) -> None:
    row = session.get(PlanDefinitionRow, plan.id) or PlanDefinitionRow(plan=plan.id)
    row.version = plan.version
    row.region_groups = json.dumps([[name, list(codes)] for name, codes in plan.region_groups], ensure_ascii=False)
    row.facts = json.dumps([fact_to_dict(f) for f in plan.facts], ensure_ascii=False)
    session.add(row)
