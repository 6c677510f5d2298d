"""Shared fixtures: a real store in a temporary SQLite file, seeded from data/plans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from targets import store
from targets.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DEMO_TODAY = dt.date(2026, 11, 1)


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
