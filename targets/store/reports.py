"""Versioned progress reports, uploads and reverts.

A report row is never overwritten. Each upload adds rows with version = previous highest + 1 for
their (target, region, date); the current value is the newest version whose upload is not
reverted. Reverting marks the upload reverted, so the versions it replaced become current again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func
from sqlmodel import Session, delete, select, update

from targets import clock, permissions
from targets.errors import InvalidInput, NotFound
from targets.permissions import User
from targets.store import current
from targets.store.audit import SYSTEM_USER, record
from targets.store.current import REPORT_COLUMNS
from targets.store.models import AllocationRow, ReportIn, ReportRow, UploadRow
from targets.store.versions import begin_write, insert_plain, next_versions


def has_real_uploads(engine: Engine) -> bool:
    """Whether any officer upload (not demo, not document facts) is in force."""
    with Session(engine) as session:
        return current.real_uploads_in_force(session)


def demo_loaded(engine: Engine) -> bool:
    """Whether demo progress (示例数据) is in the store."""
    with Session(engine) as session:
        return current.demo_loaded(session)


def demo_in_use(engine: Engine) -> bool:
    """Demo progress is shown only while no real upload is in force: never mixed with real data."""
    with Session(engine) as session:
        return "demo" in current.shown_sources(session)


def reports(engine: Engine, all_versions: bool = False, *, targets: Iterable[str] | None = None,
            regions: Iterable[str] | None = None, upload: int | None = None) -> pd.DataFrame:
    """Stored progress rows; by default each (target, region, date)'s current version only
    (targets.store.current). With `all_versions`, every version with its upload's `reverted`
    flag and whether it is `current`. `targets`, `regions` and `upload` narrow the rows in the
    query itself.
    """
    with Session(engine) as session:
        sources = current.shown_sources(session)
    df = current.current_rows(engine, sources, all_versions=all_versions, targets=targets, regions=regions,
                              upload=upload)
    columns = current.HISTORY_COLUMNS if all_versions else REPORT_COLUMNS
    if df.empty:
        return pd.DataFrame(columns=columns)
    df = df[columns].reset_index(drop=True)
    df["date"] = as_dates(df["date"])
    if all_versions:
        df["reverted"] = df["reverted"].astype(bool)
    return df


def as_dates(stored: pd.Series) -> np.ndarray:
    """Stored dates as datetime.date objects, one object per distinct date (a million rows hold a
    few hundred dates: converting those once, and sharing them, saves seconds and ~30 MB)."""
    codes, uniques = pd.factorize(stored, use_na_sentinel=False)
    days = pd.to_datetime(pd.Series(uniques)).dt.date.to_numpy(dtype=object)
    return days[codes]


def reports_of(engine: Engine, pairs: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """The current rows (as `reports`) of these (target, region) pairs only."""
    wanted = set(pairs)
    if not wanted:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    df = reports(engine, targets={t for t, _ in wanted}, regions={r for _, r in wanted})
    keep = [(t, r) in wanted for t, r in zip(df["target"], df["region"])]
    return df[keep].reset_index(drop=True)


def current_values(engine: Engine, target_ids: Iterable[str]) -> dict[tuple[str, str], dict[dt.date, float]]:
    """(target, region) → {date: current value} for these targets (what an upload would replace)."""
    ids = sorted(set(target_ids))
    if not ids:
        return {}
    history: dict[tuple[str, str], dict[dt.date, float]] = {}
    frame = reports(engine, targets=ids)
    for target, region, day, value in zip(frame["target"], frame["region"], frame["date"], frame["value"]):
        history.setdefault((str(target), str(region)), {})[day] = float(value)
    return history


REPORT_INSERT = ("target", "region", "date", "value", "note", "version", "upload", "user", "created")


def import_reports(engine: Engine, rows: list[ReportIn], *, user: str = "", by: User | None = None,
                   file: str = "", sha256: str = "", source: str = "upload", outcome: str = "committed") -> int:
    """Store validated rows as new versions in one transaction; returns the upload id.

    `by` is the account reporting: NotAllowed (nothing stored) unless it may report every row's
    region. Without it, `user` names a system writer (demo data, the documents' facts).
    """
    if by is not None:
        for region in sorted({r.region for r in rows}):
            permissions.require(by, "report", region=region)
        user = by.name
    created = clock.utcnow()  # everything is prepared before the write lock is taken
    keys = [(r.target, r.region, r.date) for r in rows]
    with Session(engine) as session:
        begin_write(session)  # the write lock: versions below cannot change under us
        upload = UploadRow(user=user, file=file, sha256=sha256, rows=len(rows), source=source, outcome=outcome)
        session.add(upload)
        session.flush()
        versions = next_versions(session, keys)
        uid = upload.id
        insert_plain(session.connection(), ReportRow.__table__, REPORT_INSERT,  # type: ignore[arg-type]
                     [(r.target, r.region, r.date, r.value, r.note, versions[key], uid, user, created)
                      for r, key in zip(rows, keys)])
        record(session, by or user, f"import_{source}", f"upload={upload.id} file={file} rows={len(rows)}")
        session.commit()
        return upload.id


def uploads(engine: Engine) -> list[dict]:
    """Every upload, newest first."""
    with Session(engine) as session:
        rows = session.exec(select(UploadRow).order_by(UploadRow.id.desc())).all()
        return [r.model_dump() for r in rows]


def get_upload(engine: Engine, upload_id: int) -> dict:
    """One upload, or NotFound."""
    with Session(engine) as session:
        row = session.get(UploadRow, upload_id)
        if row is None:
            raise NotFound("upload_not_found", upload=upload_id)
        return row.model_dump()


def _facts(session: Session, row: UploadRow) -> permissions.Upload:
    table = AllocationRow if row.source == "allocation" else ReportRow
    found = session.exec(select(table.region).where(table.upload == row.id).distinct()).all()
    return permissions.Upload(row.id, row.user, row.source, tuple(sorted(found)))


def upload_facts(engine: Engine, upload_id: int) -> permissions.Upload:
    """What the permissions need to decide who may revert an upload (NotFound for an unknown id)."""
    with Session(engine) as session:
        row = session.get(UploadRow, upload_id)
        if row is None:
            raise NotFound("upload_not_found", upload=upload_id)
        return _facts(session, row)


def revert_upload(engine: Engine, upload_id: int, by: User) -> None:
    """Mark an upload reverted: the versions it replaced become current again; nothing is deleted.

    NotFound for an unknown id, NotAllowed unless `by` may revert it (targets.permissions), and
    InvalidInput when it is already reverted (checked in the UPDATE itself: two reverts at once
    leave one reverted upload and one audit entry).
    """
    with Session(engine) as session:
        row = session.get(UploadRow, upload_id)
        if row is None:
            raise NotFound("upload_not_found", upload=upload_id)
        permissions.require(by, "revert", upload=_facts(session, row))
        begin_write(session)
        done = session.exec(update(UploadRow).where(UploadRow.id == upload_id, UploadRow.reverted == False)  # noqa: E712
                            .values(reverted=True))
        if done.rowcount != 1:
            raise InvalidInput("upload_already_reverted", upload=upload_id)
        record(session, by, "revert", f"upload={upload_id}")
        session.commit()


def remove_demo(engine: Engine, user: User | str = SYSTEM_USER) -> int:
    """Delete demo progress (示例数据) and its uploads; returns the number of rows removed."""
    with Session(engine) as session:
        ids = session.exec(select(UploadRow.id).where(UploadRow.source == "demo")).all()
        if not ids:
            return 0
        begin_write(session)
        count = session.exec(select(func.count()).select_from(ReportRow).where(ReportRow.upload.in_(ids))).one()
        session.exec(delete(ReportRow).where(ReportRow.upload.in_(ids)))
        session.exec(delete(UploadRow).where(UploadRow.id.in_(ids)))
        record(session, user, "demo_remove", f"rows={count}")
        session.commit()
        return count
