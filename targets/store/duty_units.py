"""Which units a per-region duty applies to and why, and the office extending it.

By default a duty applies to the units its definition names (jl-2022: the nine 市州 for
"每个地级市"/"各市州"); the office may extend it to another plan region (长白山, 梅河口), which
adds that region's allocation as a new, audited row. Where each region's row came from is the
answer to "why does this duty apply here": the document (seeded), the office's extension, or a
任务分解表 import.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from targets import permissions
from targets.errors import InvalidInput, NotFound
from targets.permissions import User
from targets.plans.definitions import Plan, Target
from targets.store.audit import SYSTEM_USER, record
from targets.store.models import AllocationRow, UploadRow
from targets.store.plans import plans
from targets.store.versions import begin_write, next_allocation_versions


@dataclass(frozen=True)
class Origin:
    """Where a region's current allocation row came from."""

    source: str  # document | office | allocation (a 任务分解表 import)
    user: str
    created: dt.datetime
    upload: int | None = None


def origins(engine: Engine) -> dict[str, dict[str, Origin]]:
    """Target id → region → the origin of its current allocation row (newest version not reverted)."""
    q = (select(AllocationRow.target, AllocationRow.region, AllocationRow.user, AllocationRow.created,
                AllocationRow.upload)
         .outerjoin(UploadRow, UploadRow.id == AllocationRow.upload)
         .where((AllocationRow.upload == None) | (UploadRow.reverted == False))  # noqa: E711,E712
         .order_by(AllocationRow.version, AllocationRow.id))
    result: dict[str, dict[str, Origin]] = {}
    with engine.connect() as conn:
        for target, region, user, created, upload in conn.execute(q).all():
            source = "allocation" if upload is not None else ("document" if user == SYSTEM_USER else "office")
            result.setdefault(target, {})[region] = Origin(source, user, created, upload)
    return result


def _find(engine: Engine, target_id: str) -> tuple[Plan, Target]:
    for plan in plans(engine):
        for t in plan.targets:
            if t.id == target_id:
                return plan, t
    raise NotFound("target_not_found", target=target_id)


def extend_duty(engine: Engine, target_id: str, region: str, by: User) -> float:
    """The office extends a per-region duty to one more plan region; audited. Returns its share.

    InvalidInput when the target is not a per-region duty, the region is not one of its plan's,
    or the duty already applies there; NotAllowed unless `by` may edit targets.
    """
    permissions.require(by, "edit_target")
    plan, t = _find(engine, target_id)
    if not t.per_region or t.allocation_mode not in ("each", "explicit"):
        raise InvalidInput("duty_not_per_region", target=target_id)
    if region not in plan.regions:
        raise InvalidInput("duty_region_not_in_plan", target=target_id, region=region)
    if region in origins(engine).get(target_id, {}):
        raise InvalidInput("duty_region_already", target=target_id, region=region)
    share = t.allocation_each if t.allocation_each is not None else t.target
    with Session(engine) as session:
        begin_write(session)
        version = next_allocation_versions(session, [(target_id, region)])[(target_id, region)]
        session.add(AllocationRow(target=target_id, region=region, share=share, version=version, user=by.name))
        detail = {"id": target_id, "region": region, "share": share}
        record(session, by, "duty_extend", json.dumps(detail, ensure_ascii=False))
        session.commit()
    return share
