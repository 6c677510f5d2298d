"""The atomic login counters: failed logins of an account (in a row) and of a source (within a window).

Each attempt draws its number with one UPDATE … SET n = n + 1 … RETURNING n (an upsert for a
source), in a short transaction of its own, before the slow password hash runs: the database
serialises the increments (a row lock on PostgreSQL, the write lock on SQLite), so N parallel
attempts draw 1…N and no failure is lost. targets.lockout decides what the numbers allow.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, Table, and_, case, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from targets.lockout import Limit
from targets.store.models import LoginSourceRow, UserRow

ACCOUNT: Table = UserRow.__table__  # type: ignore[attr-defined]
SOURCE: Table = LoginSourceRow.__table__  # type: ignore[attr-defined]


def draw_account(engine: Engine, name: str, now: dt.datetime, limit: Limit) -> int | None:
    """Count one attempt for the account; its number in the current run, or None for no such account.

    A lock that has ended starts a new run; the attempt that reaches the limit starts the lock
    (later ones count but do not extend it, so nobody can keep an account locked for ever).
    """
    c = ACCOUNT.c
    with engine.begin() as conn:
        conn.execute(update(ACCOUNT).where(c.name == name, c.locked_until <= now)
                     .values(failed_logins=0, locked_until=None))
        reached = c.failed_logins + 1 == limit.attempts
        number = conn.execute(
            update(ACCOUNT).where(c.name == name)
            .values(failed_logins=c.failed_logins + 1,
                    locked_until=case((reached, limit.until(now)), else_=c.locked_until))
            .returning(c.failed_logins)
        ).scalar_one_or_none()
    return number


def account_succeeded(engine: Engine, name: str) -> None:
    """A right password: the account's run of failures (and any lock it started) ends."""
    with engine.begin() as conn:
        conn.execute(update(ACCOUNT).where(ACCOUNT.c.name == name).values(failed_logins=0, locked_until=None))


def draw_source(engine: Engine, source: str, now: dt.datetime, limit: Limit) -> int:
    """Count one attempt for the source; its number within the current window."""
    c = SOURCE.c
    with engine.begin() as conn:
        ended = or_(c.locked_until <= now, and_(c.locked_until.is_(None), c.since <= limit.window_start(now)))
        conn.execute(update(SOURCE).where(c.source == source, ended)
                     .values(failures=0, since=now, locked_until=None))
        first = limit.until(now) if limit.attempts <= 1 else None
        insert = _insert(engine).values(source=source, failures=1, since=now, locked_until=first)
        reached = c.failures + 1 == limit.attempts
        number = conn.execute(insert.on_conflict_do_update(
            index_elements=[c.source],
            set_={"failures": c.failures + 1,
                  "locked_until": case((reached, limit.until(now)), else_=c.locked_until)},
        ).returning(c.failures)).scalar_one()
    return int(number)


def source_succeeded(engine: Engine, source: str, limit: Limit) -> None:
    """A right password: the source gets its number back (it was not a failure)."""
    c = SOURCE.c
    with engine.begin() as conn:
        conn.execute(update(SOURCE).where(c.source == source, c.failures > 0).values(
            failures=c.failures - 1,
            locked_until=case((c.failures - 1 < limit.attempts, None), else_=c.locked_until)))


def _insert(engine: Engine):  # type: ignore[no-untyped-def]
    """INSERT with ON CONFLICT for the engine's dialect (both speak it)."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(SOURCE)
