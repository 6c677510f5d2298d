"""Login sessions: a random token per login, only its hash stored; every session of an account can end at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

from sqlalchemy import Engine
from sqlmodel import Session, col, delete

from targets.config import Settings
from targets.errors import NotAllowed
from targets.permissions import User
from targets.store.audit import record
from targets.store.models import SessionRow, UserRow, utcnow


def token_hash(token: str) -> str:
    """What the store keeps of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(engine: Engine, user: User, settings: Settings = Settings()) -> str:
    """A new random session token for a logged-in user (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(minutes=settings.session_minutes)
    with Session(engine) as session:
        session.add(SessionRow(token_hash=token_hash(token), user=user.name, expires=expires))
        record(session, user, "login", "")
        session.commit()
    return token


def session_user(engine: Engine, token: str | None) -> User:
    """The account behind a session token, re-read from the store; NotAllowed when expired or unknown."""
    if not token:
        raise NotAllowed("session_expired")
    with Session(engine) as session:
        row = session.get(SessionRow, token_hash(token))
        if row is None or row.expires <= utcnow():
            raise NotAllowed("session_expired")
        account = session.get(UserRow, row.user)
        if account is None or account.disabled:
            raise NotAllowed("user_disabled", name=row.user)
        return User(account.name, account.role, tuple(json.loads(account.regions)), account.disabled)


def end_session(engine: Engine, token: str | None) -> None:
    """Log out: forget the session."""
    if not token:
        return
    with Session(engine) as session:
        row = session.get(SessionRow, token_hash(token))
        if row is not None:
            session.delete(row)
            session.commit()


def end_sessions(session: Session, name: str) -> None:
    """Inside the caller's transaction: end every session of the account (password, role or access changed)."""
    session.exec(delete(SessionRow).where(col(SessionRow.user) == name))
