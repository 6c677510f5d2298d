"""Meeting snapshots: the state of the store frozen under a name for a leadership-group meeting.

A snapshot copies what the status is computed from: every plan and target definition, the
allocations, the current value of every report, each plan's as-of date and the status
thresholds in force. Later uploads, reverts, edits of targets and demo removal do not change it,
and its status is recomputed from the frozen copy by the same method as the live board.
Creating one is for admins (the office) and is audited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pandas as pd
from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from targets import permissions
from targets.config import Settings
from targets.errors import InvalidInput, NotFound
from targets.method.board import State, make_state
from targets.permissions import User
from targets.plans.definitions import Plan
from targets.plans.facts import fact_from_dict, fact_to_dict
from targets.store.audit import record
from targets.store.models import utcnow
from targets.store.plans import allocations, plans, target_from_json, target_to_json
from targets.store.reports import REPORT_COLUMNS, demo_in_use, reports
from targets.store.versions import begin_write

FROZEN_SETTINGS = ("on_track_pace", "behind_pace", "forecast_window_months")
NAME_MAX = 80


class SnapshotRow(SQLModel, table=True):
    """One meeting snapshot: its name, who froze it and when, and the frozen definitions."""

    __tablename__ = "snapshot"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=NAME_MAX)
    as_of: dt.date | None = None  # the date asked for; None: each plan at its newest report
    created: dt.datetime = Field(default_factory=utcnow)
    user: str
    dates: str = "{}"  # JSON: plan id → the as-of date it was frozen at
    plans: str = "[]"  # JSON: the plans with their target definitions
    allocations: str = "{}"  # JSON: target → {region: share}
    settings: str = "{}"  # JSON: the status thresholds in force (FROZEN_SETTINGS)
    demo: bool = False  # the frozen values are demo data (示例数据)
    rows: int = 0


class SnapshotReportRow(SQLModel, table=True):
    """A report's current value as it stood when the snapshot was taken."""

    __tablename__ = "snapshot_report"
    id: int | None = Field(default=None, primary_key=True)
    snapshot: int = Field(foreign_key="snapshot.id", index=True)
    target: str
    region: str
    date: dt.date
    value: float
    note: str = ""
    version: int = 1
    upload: int | None = None
    user: str = ""
    source: str = "upload"


def _plans_json(all_plans: tuple[Plan, ...]) -> str:
    out = []
    for p in all_plans:
        fields = {f.name: getattr(p, f.name) for f in dataclasses.fields(p) if f.name != "targets"}
        fields["issued"] = p.issued.isoformat() if p.issued else None
        fields["regions"] = list(p.regions)
        fields["region_groups"] = [[name, list(codes)] for name, codes in p.region_groups]
        fields["facts"] = [fact_to_dict(f) for f in p.facts]
        out.append({**fields, "targets": [target_to_json(t) for t in p.targets]})
    return json.dumps(out, ensure_ascii=False)


def _plans_from(raw: str) -> tuple[Plan, ...]:
    result = []
    for d in json.loads(raw):
        targets = tuple(target_from_json(t) for t in d.pop("targets"))
        d["issued"] = dt.date.fromisoformat(d["issued"]) if d["issued"] else None
        d["regions"] = tuple(d["regions"])
        d["region_groups"] = tuple((name, tuple(codes)) for name, codes in d.get("region_groups", []))
        d["facts"] = tuple(fact_from_dict(f) for f in d.get("facts", []))
        result.append(Plan(**d, targets=targets))
    return tuple(result)


def create_snapshot(engine: Engine, name: str, user: User, settings: Settings, as_of: dt.date | None = None,
                    today: dt.date | None = None) -> dict:
    """Freeze the current state as snapshot `name` (admins only; audited); returns its list entry.

    InvalidInput `snapshot_exists` when the name is taken, `snapshot_name_invalid` when blank or
    too long; NotAllowed for anyone but an admin.
    """
    permissions.require(user, "snapshot")
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise InvalidInput("snapshot_name_invalid", name=name, limit=NAME_MAX)
    if _row(engine, name) is not None:
        raise InvalidInput("snapshot_exists", name=name)
    try:
        with Session(engine) as session:
            begin_write(session)  # no writer can commit while the state is read: one consistent state
            current = current_state(engine, settings, as_of, today)
            frame = current.reports
            row = SnapshotRow(
                name=name, as_of=as_of, user=user.name, demo=current.demo, rows=len(frame),
                dates=json.dumps({k: v.isoformat() for k, v in current.dates.items()}),
                plans=_plans_json(current.plans), allocations=json.dumps(current.allocations, ensure_ascii=False),
                settings=json.dumps({k: getattr(settings, k) for k in FROZEN_SETTINGS}),
            )
            session.add(row)
            session.flush()
            records = [{**{k: _plain(r[k]) for k in REPORT_COLUMNS}, "snapshot": row.id}
                       for r in frame.to_dict("records")]
            if records:
                session.execute(insert(SnapshotReportRow), records)
            record(session, user.name, "snapshot_create",
                   json.dumps({"name": name, "as_of": as_of.isoformat() if as_of else None, "rows": len(records)},
                              ensure_ascii=False))
            session.commit()
            return _entry(row)
    except IntegrityError:  # created by someone else between the check and the commit
        raise InvalidInput("snapshot_exists", name=name)


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def current_state(engine: Engine, settings: Settings, as_of: dt.date | None = None,
                  today: dt.date | None = None) -> State:
    """The live store as a State: each plan at `as_of`, or at its newest report date."""
    return make_state(plans(engine), allocations(engine), reports(engine), settings, as_of,
                      demo=demo_in_use(engine), today=today)


def _row(engine: Engine, name: str) -> SnapshotRow | None:
    with Session(engine) as session:
        return session.exec(select(SnapshotRow).where(SnapshotRow.name == name)).first()


def _entry(row: SnapshotRow) -> dict:
    return {"name": row.name, "as_of": row.as_of, "created": row.created, "user": row.user,
            "dates": {k: dt.date.fromisoformat(v) for k, v in json.loads(row.dates).items()},
            "rows": row.rows, "demo": row.demo}


def snapshots(engine: Engine) -> list[dict]:
    """Every snapshot, oldest first: name, as_of, created, user, dates (per plan), rows, demo."""
    with Session(engine) as session:
        return [_entry(r) for r in session.exec(select(SnapshotRow).order_by(SnapshotRow.id)).all()]


def load_snapshot(engine: Engine, name: str, settings: Settings) -> State:
    """The frozen State of snapshot `name`, or NotFound `snapshot_not_found`."""
    row = _row(engine, name)
    if row is None:
        raise NotFound("snapshot_not_found", name=name)
    with Session(engine) as session:
        cols = [getattr(SnapshotReportRow, c) for c in REPORT_COLUMNS]
        found = session.execute(select(*cols).where(SnapshotReportRow.snapshot == row.id)
                                .order_by(SnapshotReportRow.id)).all()
    frame = pd.DataFrame.from_records([tuple(r) for r in found], columns=REPORT_COLUMNS)
    if not frame.empty:
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frozen = settings.model_copy(update=json.loads(row.settings))
    state = make_state(_plans_from(row.plans), json.loads(row.allocations), frame, frozen, demo=row.demo,
                       name=row.name, created=row.created, user=row.user)
    dates = {k: dt.date.fromisoformat(v) for k, v in json.loads(row.dates).items()}
    return dataclasses.replace(state, dates={**state.dates, **dates})


def previous(engine: Engine, name: str | None = None) -> str | None:
    """The meeting before snapshot `name` (or the newest snapshot, when `name` is None)."""
    names = [s["name"] for s in snapshots(engine)]
    if name is None:
        return names[-1] if names else None
    index = names.index(name) if name in names else len(names)
    return names[index - 1] if index > 0 else None
