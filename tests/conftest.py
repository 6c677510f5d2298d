"""Shared fixtures: a real store in a temporary SQLite file, seeded from data/plans."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest

from targets import store
from targets.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DEMO_TODAY = dt.date(2026, 11, 1)
SERVER = os.environ.get("TEST_POSTGRES_URL")  # a PostgreSQL server (test.sh starts one when run as root)


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite store for this test, also exported as DATABASE_URL for the app and the CLI."""
    url = f"sqlite:///{tmp_path / 'targets.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def engine(db_url):
    """The seeded store (plans, targets, allocations, regions, the documents' facts)."""
    eng = store.make_engine(db_url)
    store.init_store(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url)


@pytest.fixture
def demo_engine(engine):
    """The seeded store with demo progress loaded."""
    from targets import demo

    demo.load_demo(engine, today=DEMO_TODAY)
    return engine


@pytest.fixture
def pg_url(monkeypatch) -> str:
    """A fresh, empty PostgreSQL database for this test (skipped without TEST_POSTGRES_URL), as DATABASE_URL."""
    if not SERVER:
        pytest.skip("TEST_POSTGRES_URL not set (test.sh sets it when run as root)")
    import psycopg

    name = f"targets_{uuid.uuid4().hex[:10]}"
    plain = SERVER.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request, tmp_path, monkeypatch) -> str:
    """A never-opened store on each engine: a SQLite file, and a PostgreSQL database when a server is given."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    url = f"sqlite:///{tmp_path / 'targets.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url
