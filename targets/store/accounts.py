"""Accounts and roles: slow salted hashes (argon2), lock-out, and who may report or change what.

Roles: ``admin`` (the office: everything), ``officer`` (reports for its own regions and the regions
below them; reads everything), ``viewer`` (reads only). The role always comes from the stored
account, never from anything a browser sends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from targets.config import Settings
from targets.errors import InvalidInput, NotAllowed
from targets.plans import regions
from targets.store import record
from targets.store.models import SessionRow, UserRow, utcnow

ROLES = ("admin", "officer", "viewer")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
MIN_PASSWORD = 8
_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    role: str
    regions: tuple[str, ...]
    disabled: bool = False


def _user(row: UserRow) -> User:
    return User(row.name, row.role, tuple(json.loads(row.regions)), row.disabled)


def any_accounts(engine: Engine) -> bool:
    """Whether any account exists (before the first, the command line acts as the office)."""
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(UserRow)).one() > 0


def add_user(engine: Engine, name: str, role: str, password: str, region_codes: list[str], by: str) -> User:
    """Create an account; raises InvalidInput for a bad name, role, region or password."""
    if not NAME_PATTERN.match(name or ""):
        raise InvalidInput("user_invalid_name", name=name)
    if role not in ROLES:
        raise InvalidInput("user_invalid_role", role=role)
    if role == "officer" and not region_codes:
        raise InvalidInput("user_officer_needs_region")
    resolved = []
    for given in region_codes:  # a code, or a name such as 长春市 / 长春
        found = regions.get(given) or regions.lookup(given)
        if found is None:
            raise InvalidInput("region_not_found", region=given)
        resolved.append(found.code)
    region_codes = resolved
    _check_password(password)
    with Session(engine) as session:
        if session.get(UserRow, name) is not None:
            raise InvalidInput("user_exists", name=name)
        session.add(UserRow(name=name, role=role, regions=json.dumps(region_codes),
                            password_hash=_hasher.hash(password)))
        record(session, by, "user_add", f"name={name} role={role} regions={','.join(region_codes)}")
        session.commit()
    return User(name, role, tuple(region_codes))


def _check_password(password: str | None) -> None:
    if not password:
        raise InvalidInput("user_password_missing")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("user_password_short")


def get_user(engine: Engine, name: str) -> User | None:
    """The account called `name`, or None."""
    with Session(engine) as session:
        row = session.get(UserRow, name)
        return _user(row) if row else None


def list_users(engine: Engine) -> list[User]:
    """Every account, by name."""
    with Session(engine) as session:
        return [_user(r) for r in session.exec(select(UserRow).order_by(UserRow.name)).all()]


def set_disabled(engine: Engine, name: str, disabled: bool, by: str) -> None:
    """Disable (or enable) an account."""
    with Session(engine) as session:
        row = session.get(UserRow, name)
        if row is None:
            raise InvalidInput("user_unknown", name=name)
        row.disabled = disabled
        session.add(row)
        record(session, by, "user_disable" if disabled else "user_enable", f"name={name}")
        session.commit()


def set_password(engine: Engine, name: str, password: str, by: str) -> None:
    """Replace an account's password (and clear its lock-out)."""
    _check_password(password)
    with Session(engine) as session:
        row = session.get(UserRow, name)
        if row is None:
            raise InvalidInput("user_unknown", name=name)
        row.password_hash, row.failed_logins, row.locked_until = _hasher.hash(password), 0, None
        session.add(row)
        record(session, by, "user_passwd", f"name={name}")
        session.commit()


def authenticate(engine: Engine, name: str, password: str, settings: Settings = Settings()) -> User:
    """The account if the password is right; NotAllowed for wrong, disabled or locked accounts."""
    now = utcnow()
    with Session(engine) as session:
        row = session.get(UserRow, name)
        if row is None:
            _hasher.hash(password or "x")  # same cost whether or not the name exists
            raise NotAllowed("login_failed")
        if row.locked_until and row.locked_until > now:
            raise NotAllowed("login_locked", minutes=settings.lockout_minutes)
        try:
            _hasher.verify(row.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            row.failed_logins += 1
            if row.failed_logins >= settings.lockout_attempts:
                row.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
                row.failed_logins = 0
            session.add(row)
            record(session, name, "login_failed", "")
            session.commit()
            raise NotAllowed("login_failed")
        if row.disabled:
            raise NotAllowed("user_disabled", name=name)
        row.failed_logins, row.locked_until = 0, None
        session.add(row)
        session.commit()
        return _user(row)


def may_report(user: User, region: str) -> bool:
    """Admins report anywhere; officers for their regions and those below; viewers nowhere."""
    if user.disabled:
        return False
    if user.role == "admin":
        return True
    if user.role != "officer":
        return False
    return any(regions.is_within(region, own) for own in user.regions)


def acting_user(engine: Engine, name: str) -> User:
    """The account a command acts as; before any account exists, the office itself (admin)."""
    if not any_accounts(engine):
        return User(name, "admin", ())
    user = get_user(engine, name)
    if user is None or user.disabled:
        raise NotAllowed("user_not_allowed", name=name)
    return user


def require_admin(user: User) -> None:
    """NotAllowed unless the user is an enabled admin."""
    if user.role != "admin" or user.disabled:
        raise NotAllowed("user_not_allowed", name=user.name)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(engine: Engine, user: User, settings: Settings = Settings()) -> str:
    """A new random session token for a logged-in user (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(minutes=settings.session_minutes)
    with Session(engine) as session:
        session.add(SessionRow(token_hash=_token_hash(token), user=user.name, expires=expires))
        record(session, user.name, "login", "")
        session.commit()
    return token


def session_user(engine: Engine, token: str | None) -> User:
    """The account behind a session token, re-read from the store; NotAllowed when expired or unknown."""
    if not token:
        raise NotAllowed("session_expired")
    with Session(engine) as session:
        row = session.get(SessionRow, _token_hash(token))
        if row is None or row.expires <= utcnow():
            raise NotAllowed("session_expired")
        account = session.get(UserRow, row.user)
        if account is None or account.disabled:
            raise NotAllowed("user_disabled", name=row.user)
        return _user(account)


def end_session(engine: Engine, token: str | None) -> None:
    """Log out: forget the session."""
    if not token:
        return
    with Session(engine) as session:
        row = session.get(SessionRow, _token_hash(token))
        if row is not None:
            session.delete(row)
            session.commit()
