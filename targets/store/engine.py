"""The engine factory and the store's first setup: tables, regions, plans and the documents' facts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, event, func, text
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine, select

from targets.config import PLANS_DIR
from targets.plans import regions as region_data
from targets.plans.definitions import load_plans
from targets.store.models import RegionRow
from targets.store.seeding import seed_plans


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

    Idempotent: definitions already in the store (possibly edited by the office) are kept; a plan
    whose shipped definitions carry a newer `version` is upgraded keeping the office's edits
    (targets.store.seeding).
    """
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        ix = text("CREATE INDEX IF NOT EXISTS ix_report_key ON report (target, region, date, version)")
        session.exec(ix)
        if session.exec(select(func.count()).select_from(RegionRow)).one() == 0:
            session.add_all(RegionRow(**_region_fields(r)) for r in region_data.all_regions())
        seed_plans(session, load_plans(plans_dir))
        session.commit()


def _region_fields(r: region_data.Region) -> dict:
    return {"code": r.code, "name": r.name, "short": r.short, "level": r.level,
            "parent": r.parent, "lon": r.lon, "lat": r.lat}
