"""Plans, targets and allocations as the store holds them (seeded from data/plans, edited by the office)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from targets import permissions
from targets.errors import InvalidInput, NotFound
from targets.permissions import User
from targets.plans.definitions import Plan, Reported, Target, valid_due
from targets.plans.facts import fact_from_dict
from targets.store.audit import record
from targets.store.models import (
    AllocationRow,
    PlanDefinitionRow,
    PlanRow,
    RegionRow,
    TargetRow,
    UploadRow,
)
from targets.store.versions import begin_write, next_allocation_versions


def default_allocation(t: Target, plan: Plan) -> dict[str, float]:
    """The region shares a definition implies: each (over the duty's regions) / even split / explicit;
    none and contributions (one total, no shares) → {}."""
    if t.allocation_mode == "each":
        value = t.allocation_each if t.allocation_each is not None else t.target
        return {code: value for code in t.regions or plan.regions}
    if t.allocation_mode == "even" and plan.regions:
        return {code: t.target / len(plan.regions) for code in plan.regions}
    if t.allocation_mode == "explicit":
        return dict(t.allocation_shares)
    return {}


def target_to_json(t: Target) -> str:
    """A definition as JSON (dates as ISO text)."""
    return json.dumps(dataclasses.asdict(t), ensure_ascii=False, default=str)


def target_from_json(raw: str) -> Target:
    """The inverse of target_to_json."""
    d = json.loads(raw)
    for key in ("start", "deadline"):
        d[key] = dt.date.fromisoformat(d[key])
    d["milestones"] = tuple((int(y), float(v)) for y, v in d["milestones"])
    d["allocation_shares"] = tuple((str(c), float(v)) for c, v in d["allocation_shares"])
    d["responsible"] = tuple(d["responsible"])
    d["reported"] = tuple(
        Reported(r["region"], dt.date.fromisoformat(r["date"]), r["value"], r["note"]) for r in d["reported"]
    )
    d["regions"] = tuple(d.get("regions") or ())  # definitions stored before version 2 lack the newer fields
    for key in ("stated", "inferred"):
        d[key] = tuple((str(k), str(v)) for k, v in d.get(key) or ())
    return Target(**d)


def plans(engine: Engine) -> tuple[Plan, ...]:
    """Every plan with its targets, as the store holds them."""
    with Session(engine) as session:
        rows = session.exec(select(TargetRow).order_by(TargetRow.plan, TargetRow.position)).all()
        by_plan: dict[str, list[Target]] = {}
        for row in rows:
            by_plan.setdefault(row.plan, []).append(target_from_json(row.definition))
        extra = {row.plan: row for row in session.exec(select(PlanDefinitionRow)).all()}
        result = []
        for p in session.exec(select(PlanRow).order_by(PlanRow.id)).all():
            fields = p.model_dump()
            fields["regions"] = tuple(json.loads(p.regions))
            fields.update(_definition_fields(extra.get(p.id)))
            result.append(Plan(**fields, targets=tuple(by_plan.get(p.id, []))))
    return tuple(result)


def _definition_fields(row: PlanDefinitionRow | None) -> dict:
    """The plan-level data of a definitions release (a store without it holds version 1)."""
    if row is None:
        return {"version": 1}
    groups = tuple((str(name), tuple(codes)) for name, codes in json.loads(row.region_groups))
    facts = tuple(fact_from_dict(f) for f in json.loads(row.facts))
    return {"version": row.version, "region_groups": groups, "facts": facts}


EDITABLE = ("target", "target_max", "deadline", "due", "uncertain", "best_reading")


def edit_target(engine: Engine, target_id: str, by: User, **changes: Any) -> Target:
    """Confirm or correct a target's definition (e.g. a value the damaged source leaves open).

    NotAllowed unless `by` may edit targets. Only the EDITABLE fields change; the verbatim quote
    stays as printed. The change is audited with the old and new values.
    """
    permissions.require(by, "edit_target")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput("target_field_not_editable", field=", ".join(sorted(unknown)))
    with Session(engine) as session:
        row = session.get(TargetRow, target_id)
        if row is None:
            raise NotFound("target_not_found", target=target_id)
        old = target_from_json(row.definition)
        new = dataclasses.replace(old, **changes)
        if new.start > new.deadline:
            raise InvalidInput("target_deadline_before_start", target=target_id)
        if new.kind == "recurring" and not valid_due(new.due):
            raise InvalidInput("target_due_invalid", target=target_id, due=new.due)
        begin_write(session)
        row.definition = target_to_json(new)
        session.add(row)
        diff = {k: [str(getattr(old, k)), str(getattr(new, k))] for k in changes if getattr(old, k) != getattr(new, k)}
        record(session, by, "target_edit", json.dumps({"id": target_id, "changes": diff}, ensure_ascii=False))
        session.commit()
        return new


def import_allocations(engine: Engine, shares: list[tuple[str, str, float]], by: User, *,
                       file: str = "", sha256: str = "") -> int:
    """Store (target, region, share) rows as new allocation versions in one transaction, recorded as
    an upload with source "allocation"; returns the upload id. NotAllowed unless `by` may import."""
    permissions.require(by, "import_allocations")
    with Session(engine) as session:
        begin_write(session)
        upload = UploadRow(user=by.name, file=file, sha256=sha256, rows=len(shares), source="allocation",
                           outcome="committed")
        session.add(upload)
        session.flush()
        versions = next_allocation_versions(session, [(t, r) for t, r, _ in shares])
        session.add_all(AllocationRow(target=t, region=r, share=share, version=versions[(t, r)],
                                      upload=upload.id, user=by.name) for t, r, share in shares)
        record(session, by, "import_allocation", f"upload={upload.id} file={file}")
        session.commit()
        return upload.id or 0


def allocations(engine: Engine) -> dict[str, dict[str, float]]:
    """Current allocation: target id → {region code: share} (newest version not reverted)."""
    q = (select(AllocationRow.target, AllocationRow.region, AllocationRow.share)
         .outerjoin(UploadRow, UploadRow.id == AllocationRow.upload)
         .where((AllocationRow.upload == None) | (UploadRow.reverted == False))  # noqa: E711,E712
         .order_by(AllocationRow.version, AllocationRow.id))
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    result: dict[str, dict[str, float]] = {}
    for target, region, share in rows:
        result.setdefault(target, {})[region] = share
    return result


def region_rows(engine: Engine) -> list[dict]:
    """Every region the store knows."""
    with Session(engine) as session:
        return [r.model_dump() for r in session.exec(select(RegionRow).order_by(RegionRow.code)).all()]
