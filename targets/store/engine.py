"""The engine factory and the store's first setup: tables, regions, plans and the documents' facts."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from sqlalchemy import Engine, event, func, text
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine, select

from targets.config import PLANS_DIR
from targets.plans import regions as region_data
from targets.plans.definitions import Plan, load_plans
from targets.store.audit import SYSTEM_USER
from targets.store.models import (
    AllocationRow,
    PlanRow,
    RegionRow,
    ReportRow,
    TargetRow,
    UploadRow,
)
from targets.store.plans import default_allocation, target_to_json


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite files get their folder, WAL and thread sharing."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict = {"connect_args": {"check_same_thread": False}}
        if not path or path == ":memory:":
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def init_store(engine: Engine, plans_dir: Path = PLANS_DIR) -> None:
    """Create the tables and seed regions, plans, targets, allocations and the documents' facts.

    Idempotent: definitions already in the store (possibly edited by the office) are kept.
    """
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        ix = text("CREATE INDEX IF NOT EXISTS ix_report_key ON report (target, region, date, version)")
        session.exec(ix)
        if session.exec(select(func.count()).select_from(RegionRow)).one() == 0:
            session.add_all(RegionRow(**_region_fields(r)) for r in region_data.all_regions())
        known = set(session.exec(select(PlanRow.id)).all())
        for plan in load_plans(plans_dir):
            if plan.id not in known:
                _add_plan(session, plan)
        session.commit()


def _region_fields(r: region_data.Region) -> dict:
    return {"code": r.code, "name": r.name, "short": r.short, "level": r.level,
            "parent": r.parent, "lon": r.lon, "lat": r.lat}


def _add_plan(session: Session, plan: Plan) -> None:
    fields = {f.name: getattr(plan, f.name) for f in dataclasses.fields(plan) if f.name != "targets"}
    fields["regions"] = json.dumps(list(plan.regions))
    session.add(PlanRow(**fields))
    for i, t in enumerate(plan.targets):
        session.add(TargetRow(id=t.id, plan=plan.id, position=i, definition=target_to_json(t)))
    session.flush()
    for t in plan.targets:
        for region, share in default_allocation(t, plan).items():
            session.add(AllocationRow(target=t.id, region=region, share=share, user=SYSTEM_USER))
    facts = [(t.id, r) for t in plan.targets for r in t.reported]
    if facts:
        upload = UploadRow(user=SYSTEM_USER, file=plan.source_file, rows=len(facts), source="document")
        session.add(upload)
        session.flush()
        for target_id, r in facts:
            session.add(ReportRow(target=target_id, region=r.region, date=r.date, value=r.value,
                                  note=r.note, upload=upload.id, user=SYSTEM_USER))
