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
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Date, Engine, MetaData, String, Table, func, insert, text
from sqlmodel import Session, select

from targets.store.models import AllocationRow, DataVersionRow, ReportRow

Key = tuple[str, str, dt.date]

# the keys an import asks about, in a temporary table of the writer's own connection: the highest
# stored version is then looked up per key through uq_report_key, however big the store is
_KEYS = Table("version_keys", MetaData(), Column("target", String, nullable=False),
              Column("region", String, nullable=False), Column("date", Date, nullable=False),
              prefixes=["TEMPORARY"])


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
    included). Call it after `begin_write`, in the same transaction.

    The keys go into a temporary table joined to the reports on their unique index, so the work
    is proportional to the keys, not to the history of their targets."""
    keys = list(keys)
    distinct = list(dict.fromkeys(keys))
    if not distinct:
        return {}
    conn = session.connection()
    conn.execute(text("DROP TABLE IF EXISTS version_keys"))
    _KEYS.create(conn)
    insert_plain(conn, _KEYS, ("target", "region", "date"), distinct)
    if conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE version_keys"))  # a plan for the real number of keys
    reports: Table = ReportRow.__table__  # type: ignore[attr-defined]
    k, r = _KEYS.c, reports.c
    q = (select(k.target, k.region, k.date, func.max(r.version))
         .select_from(_KEYS.join(reports, (r.target == k.target) & (r.region == k.region) & (r.date == k.date)))
         .group_by(k.target, k.region, k.date))
    highest = {(t, reg, _day(d)): v for t, reg, d, v in conn.execute(q).all()}
    conn.execute(text("DROP TABLE version_keys"))
    return {key: highest.get(key, 0) + 1 for key in keys}


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


def insert_plain(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert plain tuples (values in `columns` order) with one driver executemany.

    The statement is compiled once and each column's bind conversion (dates and times as SQLite
    stores them; nothing on PostgreSQL) runs once per distinct value, not once per cell as
    SQLAlchemy's per-row parameter processing does; the values stored are the same.
    """
    if not rows:
        return
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    values = [list(column) for column in zip(*rows)]
    for i, name in enumerate(columns):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            done = {v: process(v) for v in set(values[i])}
            values[i] = [done[v] for v in values[i]]
    if compiled.positional:
        order = [list(columns).index(name) for name in compiled.positiontup or ()]
        params: list[Any] = list(zip(*(values[i] for i in order)))
    else:
        params = [dict(zip(columns, row)) for row in zip(*values)]
    conn.exec_driver_sql(compiled.string, params)
