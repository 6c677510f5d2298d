"""The engine factory and the store's first setup: tables, regions, plans and the documents' facts.

Setup runs under a lock (an advisory lock on PostgreSQL, a lock file beside a SQLite store), so
twelve processes opening a never-used store at once set it up once; the others wait and find it
done. The schema is created or upgraded through Alembic with that lock held (targets.store.schema):
a store made by an earlier release gets what it lacks there, keeping every row.
"""

from __future__ import annotations

import contextlib
import fcntl
import zlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, event, func, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine, select

from targets.config import PLANS_DIR
from targets.errors import StoreBusy
from targets.plans import regions as region_data
from targets.plans.definitions import load_plans
from targets.store import schema
from targets.store.models import DataVersionRow, RegionRow
from targets.store.seeding import seed_plans
from targets.store.versions import begin_write

# How long a write waits for another writer before it gives up with "正在处理其他上报，请稍候".
# The longest writer is an import of the largest allowed workbook: its rows are prepared before
# the transaction and inserted in one batch (about 1 s for 50,000 rows), so 30 s is ample.
WRITE_WAIT_MS = 30_000
_SETUP_LOCK = zlib.crc32(b"targets.store.setup")  # the PostgreSQL advisory lock's key

def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite files get their folder, WAL and thread sharing."""
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict = {"connect_args": {"check_same_thread": False}}
        if not path:
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "handle_error", _busy)
    return engine


def _sqlite_path(url: str) -> str:
    path = url.split("///", 1)[-1] if "///" in url else ""
    return "" if path == ":memory:" else path


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={WRITE_WAIT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer (a no-op in memory)
    cur.close()


def _busy(context) -> None:
    """A write that waited WRITE_WAIT_MS for another writer becomes StoreBusy (a sentence), not a traceback."""
    error = context.original_exception
    if isinstance(context.sqlalchemy_exception, DBAPIError) and (
            "database is locked" in str(error) or "database table is locked" in str(error)
            or getattr(error, "sqlstate", None) in ("55P03", "40P01")):  # lock_not_available, deadlock
        raise StoreBusy("store_busy") from error


def init_store(engine: Engine, plans_dir: Path = PLANS_DIR) -> None:
    """Create the tables and seed regions, plans, targets, allocations and the documents' facts.

    Idempotent and safe to run from many processes at once (module docstring): definitions
    already in the store (possibly edited by the office) are kept; a plan whose shipped
    definitions carry a newer `version` is upgraded keeping the office's edits
    (targets.store.seeding).
    """
    with _setup_lock(engine):
        schema.upgrade(engine)
        with Session(engine) as session:
            if session.get(DataVersionRow, 1) is None:
                session.add(DataVersionRow(id=1, version=0))
                session.commit()
        with Session(engine) as session:
            begin_write(session)
            if session.exec(select(func.count()).select_from(RegionRow)).one() == 0:
                session.add_all(RegionRow(**_region_fields(r)) for r in region_data.all_regions())
            seed_plans(session, load_plans(plans_dir))
            session.commit()


@contextlib.contextmanager
def _setup_lock(engine: Engine) -> Iterator[None]:
    """Hold the store's setup lock: one process sets a store up at a time."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _SETUP_LOCK})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _SETUP_LOCK})
                conn.commit()
        return
    path = _sqlite_path(str(engine.url)) if engine.dialect.name == "sqlite" else ""
    if not path:
        yield  # an in-memory store belongs to one process
        return
    with open(f"{path}.setup-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _region_fields(r: region_data.Region) -> dict:
    return {"code": r.code, "name": r.name, "short": r.short, "level": r.level,
            "parent": r.parent, "lon": r.lon, "lat": r.lat}
