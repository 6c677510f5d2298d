"""The store's data version, the write lock it takes, and the next version of each key.

Every write that changes what a page shows (progress, reverts, demo data, definitions,
allocations, duties, snapshots) begins with `begin_write`: it raises the one-row data version
as its first statement, which takes the store's write lock (SQLite's write lock; a row lock on
PostgreSQL) until the transaction ends. So

- writers queue, and what a writer reads after `begin_write` (the highest stored version of a
  key) cannot change under it: `next_versions` never hands two writers the same version (the
  UNIQUE (target, region, date, version) index is the safety net);
- `data_version` is a cheap, indexed read any process can compare: a read cache keyed on it
  shows a write from any process or the command line on the next rerun, with nothing cleared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Engine, func, text
from sqlmodel import Session, select

from targets.store.models import AllocationRow, DataVersionRow, ReportRow

Key = tuple[str, str, dt.date]


def begin_write(session: Session) -> int:
    """Raise the data version as the transaction's first write (takes the write lock); returns it."""
    session.exec(text("UPDATE data_version SET version = version + 1 WHERE id = 1"))  # type: ignore[call-overload]
    return int(session.exec(select(DataVersionRow.version).where(DataVersionRow.id == 1)).one())


def data_version(engine: Engine) -> int:
    """The store's data version: raised by every write a page shows (one indexed read)."""
    with engine.connect() as conn:
        found = conn.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar()
    return int(found or 0)


def next_versions(session: Session, keys: Iterable[Key]) -> dict[Key, int]:
    """The version each (target, region, date) key gets next: 1 + the highest stored (reverted
    included). Call it after `begin_write`, in the same transaction."""
    keys = list(keys)
    wanted = sorted({k[0] for k in keys})
    q = (select(ReportRow.target, ReportRow.region, ReportRow.date, func.max(ReportRow.version))
         .where(ReportRow.target.in_(wanted))
         .group_by(ReportRow.target, ReportRow.region, ReportRow.date))
    highest = {(t, r, _day(d)): v for t, r, d, v in session.exec(q).all()}
    return {k: highest.get(k, 0) + 1 for k in keys}


def next_allocation_versions(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The version each (target, region) allocation gets next; after `begin_write`."""
    keys = list(keys)
    wanted = sorted({k[0] for k in keys})
    q = (select(AllocationRow.target, AllocationRow.region, func.max(AllocationRow.version))
         .where(AllocationRow.target.in_(wanted))
         .group_by(AllocationRow.target, AllocationRow.region))
    highest = {(t, r): v for t, r, v in session.exec(q).all()}
    return {k: highest.get(k, 0) + 1 for k in keys}


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
