"""Logins under attack: atomic lock-out counters (threads, SQLite and PostgreSQL), one sentence for every
failure after the same work, and a limit per source as well as per account."""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid

import pytest
from sqlmodel import Session

from targets import lockout, store
from targets.config import Settings
from targets.errors import NotAllowed
from targets.store import accounts
from targets.store.models import LoginSourceRow, UserRow, utcnow
from tests.unit.hashing import use_cheap_hashes

PASSWORD = "correct-horse-9"
OFFICE = accounts.operator("tester")
PARALLEL = 24
SERVER = os.environ.get("TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    use_cheap_hashes(monkeypatch)
    yield
    accounts._dummy_hash.cache_clear()


def _account(engine, name: str = "alice") -> None:
    accounts.add_user(engine, name, "officer", PASSWORD, ["220100"], by=OFFICE)


def _row(engine, name: str = "alice") -> UserRow:
    with Session(engine) as session:
        return session.get(UserRow, name)


def _attempt(engine, name: str, password: str, settings: Settings, source: str | None = None) -> str:
    try:
        return accounts.authenticate(engine, name, password, settings, source=source).name
    except NotAllowed as exc:
        return str(exc)


def _parallel(engine, settings: Settings, count: int = PARALLEL) -> list[str]:
    results: list[str] = []
    threads = [threading.Thread(target=lambda i=i: results.append(
        _attempt(engine, "alice", "wrong-password", settings, source=f"10.0.0.{i}"))) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def pg_engine():
    if not SERVER:
        pytest.skip("TEST_POSTGRES_URL not set (test.sh sets it when run as root)")
    import psycopg

    name = f"targets_{uuid.uuid4().hex[:10]}"
    plain = SERVER.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    engine = store.make_engine(SERVER.rsplit("/", 1)[0] + f"/{name}")
    store.init_store(engine)
    yield engine
    engine.dispose()
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request, engine):
    return engine if request.param == "sqlite" else request.getfixturevalue("pg_engine")


def test_parallel_wrong_passwords_are_each_counted(any_engine):
    _account(any_engine)
    _parallel(any_engine, Settings(lockout_attempts=1000, login_source_attempts=1000))
    assert _row(any_engine).failed_logins == PARALLEL


def test_the_limit_holds_in_parallel_and_only_that_many_passwords_are_checked(any_engine, monkeypatch):
    _account(any_engine)
    real_hash = _row(any_engine).password_hash
    checked: list[str] = []
    verify = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda h, p: checked.append(h) or verify(h, p))
    settings = Settings(lockout_attempts=5, login_source_attempts=1000)
    _parallel(any_engine, settings)
    assert len(checked) == PARALLEL  # every attempt costs one hash…
    assert checked.count(real_hash) <= settings.lockout_attempts  # …but only five met the real one
    assert _row(any_engine).failed_logins == PARALLEL
    assert _attempt(any_engine, "alice", PASSWORD, settings) != "alice"  # locked, even for the right password


def _sentence(settings: Settings) -> str:
    return str(NotAllowed("login_failed", attempts=settings.lockout_attempts, minutes=settings.lockout_minutes))


@pytest.mark.parametrize("case", ["unknown", "wrong", "locked", "disabled", "source_locked"])
def test_every_failure_reads_the_same_after_one_hash(engine, monkeypatch, case):
    _account(engine)
    settings = Settings(lockout_attempts=3, login_source_attempts=3)
    name, password, source = "alice", PASSWORD, "10.1.1.1"
    if case == "unknown":
        name = "nobody"
    elif case == "wrong":
        password = "wrong-password"
    elif case == "locked":
        for i in range(3):
            _attempt(engine, "alice", "wrong-password", settings, source=f"10.2.2.{i}")
    elif case == "disabled":
        accounts.set_disabled(engine, "alice", True, by=OFFICE)
    else:
        for _ in range(3):
            _attempt(engine, "nobody", "x", settings, source=source)
    calls: list[str] = []
    verify = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda h, p: calls.append(h) or verify(h, p))
    assert _attempt(engine, name, password, settings, source=source) == _sentence(settings)
    assert len(calls) == 1


def test_a_source_is_limited_across_accounts_and_other_sources_are_not(engine):
    _account(engine)
    _account(engine, "bob")
    settings = Settings(lockout_attempts=5, login_source_attempts=4)
    for name in ("bob", "carol", "dave", "erin"):
        _attempt(engine, name, "wrong-password", settings, source="10.9.9.9")
    assert _attempt(engine, "alice", PASSWORD, settings, source="10.9.9.9") == _sentence(settings)
    assert _row(engine).failed_logins == 0  # a locked source does not count against the account
    assert _attempt(engine, "alice", PASSWORD, settings, source="10.8.8.8") == "alice"


def test_a_success_ends_the_run_and_gives_the_source_its_number_back(engine):
    _account(engine)
    settings = Settings(lockout_attempts=3, login_source_attempts=3)
    for _ in range(2):
        _attempt(engine, "alice", "wrong-password", settings, source="10.3.3.3")
    assert _attempt(engine, "alice", PASSWORD, settings, source="10.3.3.3") == "alice"
    assert _row(engine).failed_logins == 0
    with Session(engine) as session:
        assert session.get(LoginSourceRow, "10.3.3.3").failures == 2


def test_an_ended_lock_starts_a_new_run(engine):
    _account(engine)
    settings = Settings(lockout_attempts=2)
    for _ in range(2):
        _attempt(engine, "alice", "wrong-password", settings)
    with Session(engine) as session:
        row = session.get(UserRow, "alice")
        assert row.locked_until is not None
        row.locked_until = utcnow() - dt.timedelta(seconds=1)
        session.add(row)
        session.commit()
    assert _attempt(engine, "alice", PASSWORD, settings) == "alice"


def test_attempts_while_locked_do_not_extend_the_lock(engine):
    _account(engine)
    settings = Settings(lockout_attempts=2, login_source_attempts=1000)
    for _ in range(2):
        _attempt(engine, "alice", "wrong-password", settings)
    until = _row(engine).locked_until
    for _ in range(3):
        _attempt(engine, "alice", "wrong-password", settings)
    assert _row(engine).locked_until == until


@pytest.mark.parametrize("given, key", [
    ("10.0.0.1", "10.0.0.1"), (None, lockout.UNKNOWN_SOURCE), ("", lockout.UNKNOWN_SOURCE),
    (" 10.0.0.1\n", "10.0.0.1"), ("x" * 500, "x" * lockout.SOURCE_CHARS),
])
def test_source_keys(given, key):
    assert lockout.source_key(given) == key


@pytest.mark.parametrize("number, checked", [(None, False), (1, True), (5, True), (6, False)])
def test_which_numbers_are_checked(number, checked):
    assert lockout.Limit(5, 15).checks(number) is checked
