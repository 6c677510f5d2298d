"""Backup and restore of the whole store, while the app runs.

A backup is one SQLite file holding every table at one instant, whatever the store's engine:

- SQLite: the online backup API (sqlite3.Connection.backup) copies the database in one step under a
  read transaction, so writers that commit meanwhile are either wholly in it or not at all (WAL
  lets them go on; they never wait for the backup).
- PostgreSQL: every table read in one REPEATABLE READ, READ ONLY transaction (one snapshot of the
  whole store, as pg_dump takes it) and written to the same kind of SQLite file. pg_dump is not
  used: its client must match the server's major version, its file restores only into PostgreSQL,
  and a deployment may not have it. The SQLite file restores into either engine and can be opened
  with any SQLite tool.

Restore refuses a file that is not such a backup, a backup from a newer schema, and a target that
holds anything beyond the shipped definitions a new store is seeded with (uploads, reports,
accounts, …). A backup from an older schema is upgraded (on a copy) first. Restore replaces the
seeded rows and writes every row in one transaction, keeps ids (so upload ids, versions and the
audit log read the same), moves PostgreSQL's id sequences past them, and raises the data version
so every app process reloads.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, func, insert, select, text
from sqlalchemy.exc import DatabaseError
from sqlmodel import SQLModel

from targets.errors import InvalidInput
from targets.store import schema
from targets.store.engine import make_engine

BATCH = 5_000
# Tables that a new store's setup fills (regions and the shipped definitions); any other row makes a target non-empty.
SEEDED = {"region", "plan", "target", "allocation", "plan_definition", "data_version", "audit"}


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)  # parents before children


def backup(engine: Engine, path: Path) -> int:
    """Write a consistent backup of the whole store to `path`; returns the rows written."""
    path = Path(path)
    folder = path.parent if path.parent.exists() else None  # beside the backup, so the final move is a rename
    fd, scratch = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite", dir=folder)
    os.close(fd)
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, Path(scratch))
        else:
            _logical_backup(engine, Path(scratch))
        rows = _count(Path(scratch))
        shutil.move(scratch, path)
    except OSError as exc:
        raise InvalidInput("backup_unwritable", file=str(path), problem=exc.strerror or str(exc)) from None
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
    return rows


def _sqlite_backup(engine: Engine, scratch: Path) -> None:
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(scratch)
        try:
            raw.driver_connection.backup(target)  # pages=-1: the whole database in one step
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            target.close()
    finally:
        raw.close()


def _logical_backup(engine: Engine, scratch: Path) -> None:
    out = make_engine(f"sqlite:///{scratch}")
    try:
        schema.upgrade(out)  # the current schema, stamped
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as source, out.begin() as dest:
            source.execute(text("SET TRANSACTION READ ONLY"))
            revision = source.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            dest.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
            for table in _tables():
                _copy(source, dest, table)
        with out.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    finally:
        out.dispose()


def _copy(source: Connection, dest: Connection, table: Table) -> int:
    result = source.execution_options(stream_results=True).execute(select(table).order_by(*table.primary_key))
    copied = 0
    for chunk in result.mappings().partitions(BATCH):
        dest.execute(insert(table), [dict(row) for row in chunk])
        copied += len(chunk)
    return copied


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return sum(conn.execute(f'SELECT COUNT(*) FROM "{t.name}"').fetchone()[0] for t in _tables())  # noqa: S608


def restore(engine: Engine, path: Path) -> int:
    """Restore a backup into an empty store (module docstring); returns the rows restored."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="restore-") as folder:
        copy = Path(folder) / "backup.sqlite"
        try:
            with open(path, "rb") as handle:
                if handle.read(16) != b"SQLite format 3\x00":
                    raise InvalidInput("backup_unreadable", file=str(path))
            shutil.copyfile(path, copy)
        except OSError:
            raise InvalidInput("backup_unreadable", file=str(path)) from None
        source_engine = make_engine(f"sqlite:///{copy}")
        try:
            _readable(source_engine, path)
            schema.upgrade(source_engine)  # an older backup is brought to this release's schema
            return _load(source_engine, engine)
        except DatabaseError:
            raise InvalidInput("backup_unreadable", file=str(path)) from None
        finally:
            source_engine.dispose()


def _readable(source: Engine, path: Path) -> None:
    try:
        found = schema.revision(source)
        with source.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except DatabaseError:
        raise InvalidInput("backup_unreadable", file=str(path)) from None
    if "report" not in names or "upload" not in names:
        raise InvalidInput("backup_unreadable", file=str(path))
    if found is not None and found not in schema.known():
        raise InvalidInput("backup_too_new", file=str(path), revision=found)


def _load(source: Engine, target: Engine) -> int:
    rows = 0
    with source.connect() as read, target.begin() as write:
        restored_version = read.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar() or 0
        current = write.execute(text("UPDATE data_version SET version = version + 1 WHERE id = 1 "
                                     "RETURNING version")).scalar() or 0  # the write lock, first
        for table in _tables():
            if table.name in SEEDED:
                continue
            held = write.execute(select(func.count()).select_from(table)).scalar_one()
            if held:
                raise InvalidInput("restore_not_empty", table=table.name, rows=held)
        for table in reversed(_tables()):
            write.execute(table.delete())
        for table in _tables():
            rows += _copy(read, write, table)
        write.execute(text("UPDATE data_version SET version = :v WHERE id = 1"),
                      {"v": max(int(restored_version), int(current)) + 1})
        if target.dialect.name == "postgresql":
            _move_sequences(write)
    return rows


def _move_sequences(conn: Connection) -> None:
    """Each serial id's sequence continues after the restored ids."""
    for table in _tables():
        column = table.columns.get("id")
        if column is None or not column.autoincrement or column.type.python_type is not int:
            continue
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608 (table names from the models)
            f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))
