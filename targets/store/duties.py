"""The duty workflow as stored: append-only item steps, their evidence files, units' contact addresses.

Every write is one transaction with its audit entry. Nothing here decides whether a step is
allowed (targets.intake.duty_reports does, with the item's state): this module only keeps them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from targets import clock
from targets.errors import NotFound
from targets.method.agenda import Key, ProgressRow
from targets.method.duties import Event
from targets.store.audit import record
from targets.store.duty_models import ContactRow, DutyEventRow, EvidenceRow
from targets.store.models import UploadRow
from targets.store.reports import reports
from targets.store.versions import begin_write


@dataclass(frozen=True)
class StoredFile:
    """An evidence file that passed targets.intake.evidence."""

    filename: str
    kind: str
    sha256: str
    content: bytes


EVIDENCE_FIELDS = ("id", "event", "target", "region", "year", "filename", "kind", "size", "sha256", "user", "time")


def add_event(engine: Engine, user: str, key: Key, action: str, *, done: dt.date | None = None, note: str = "",
              source: str = "page", files: Sequence[StoredFile] = ()) -> int:
    """Append one step of an item (with its evidence files) and its audit entry; returns its id."""
    target, region, year = key
    with Session(engine) as session:
        begin_write(session)
        row = DutyEventRow(target=target, region=region, year=year, action=action, done=done,
                           note=note[:2000], user=user, source=source)
        session.add(row)
        session.flush()
        for f in files:
            session.add(EvidenceRow(event=row.id, target=target, region=region, year=year, filename=f.filename,
                                    kind=f.kind, size=len(f.content), sha256=f.sha256, content=f.content,
                                    user=user))
        detail = {"target": target, "region": region, "year": year, "event": row.id,
                  "done": done.isoformat() if done else None, "note": note[:200],
                  "files": [f"{f.filename} {f.sha256[:12]}" for f in files]}
        record(session, user, f"duty_{action}", json.dumps(detail, ensure_ascii=False))
        session.commit()
        return int(row.id)


def events(engine: Engine) -> dict[Key, list[Event]]:
    """Every recorded step, by item, in recorded order (with the evidence count of each report)."""
    with Session(engine) as session:
        counts = dict(session.exec(select(EvidenceRow.event, func.count()).group_by(EvidenceRow.event)).all())
        rows = session.exec(select(DutyEventRow).order_by(DutyEventRow.id)).all()
        result: dict[Key, list[Event]] = {}
        for r in rows:
            event = Event(r.action, _aware(r.time), r.user, r.done, r.note, int(counts.get(r.id, 0)), r.source)
            result.setdefault((r.target, r.region, r.year), []).append(event)
    return result


def _aware(value: dt.datetime) -> dt.datetime:
    """Stored times as UTC-aware (SQLite hands them back naive)."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def progress_rows(engine: Engine, target_ids: Iterable[str]) -> list[ProgressRow]:
    """The current progress rows of the duty targets, with the time of the upload they came in."""
    frame = reports(engine, targets=list(target_ids))
    if frame.empty:
        return []
    ids = {int(u) for u in frame["upload"]}
    with Session(engine) as session:
        times = dict(session.exec(select(UploadRow.id, UploadRow.time).where(UploadRow.id.in_(ids))).all())
    return [ProgressRow(r["target"], r["region"], r["date"], float(r["value"]), _aware(times[int(r["upload"])]),
                        r["user"], _source(r["source"])) for r in frame.to_dict("records")]


def _source(upload_source: str) -> str:
    return "workbook" if upload_source == "upload" else upload_source


def evidence_list(engine: Engine, key: Key) -> list[dict[str, object]]:
    """The evidence files of one item (without their content), oldest first."""
    target, region, year = key
    cols = [getattr(EvidenceRow, f) for f in EVIDENCE_FIELDS]
    with Session(engine) as session:
        rows = session.exec(select(*cols).where(
            EvidenceRow.target == target, EvidenceRow.region == region, EvidenceRow.year == year,
        ).order_by(EvidenceRow.id)).all()
    return [dict(zip(EVIDENCE_FIELDS, r)) for r in rows]


def evidence_file(engine: Engine, evidence_id: int) -> tuple[dict[str, object], bytes]:
    """One evidence file: (its description, its bytes); NotFound when there is none."""
    with Session(engine) as session:
        row = session.get(EvidenceRow, evidence_id)
        if row is None:
            raise NotFound("evidence_not_found", evidence=evidence_id)
        return {f: getattr(row, f) for f in EVIDENCE_FIELDS}, bytes(row.content)


def set_contact(engine: Engine, unit: str, email: str, user: str) -> None:
    """Set (or replace) the address a unit's chase notices are sent to; audited."""
    with Session(engine) as session:
        begin_write(session)
        row = session.get(ContactRow, unit) or ContactRow(unit=unit, email=email)
        row.email, row.user, row.time = email, user, clock.utcnow()
        session.add(row)
        record(session, user, "duty_contact", json.dumps({"unit": unit, "email": email}, ensure_ascii=False))
        session.commit()


def contacts(engine: Engine) -> dict[str, str]:
    """Unit → e-mail address."""
    with Session(engine) as session:
        return {r.unit: r.email for r in session.exec(select(ContactRow).order_by(ContactRow.unit)).all()}


def log_sent(engine: Engine, user: str, unit: str, email: str, items: int) -> None:
    """Audit one chase notice sent by e-mail."""
    with Session(engine) as session:
        begin_write(session)
        detail = {"unit": unit, "email": email, "items": items}
        record(session, user, "duty_chase_sent", json.dumps(detail, ensure_ascii=False))
        session.commit()
