"""Accounts: names, roles and regions, slow salted hashes (argon2), logins with lock-out, the acting account.

What each role may do is targets.permissions (the one table); account changes are checked there
too (`by` is the account making the change; the command line's operator acts as the office). A
changed password, a disabled account and a changed role end every session of that account. The
role always comes from the stored account, never from anything a browser sends.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from targets import lockout, permissions
from targets.config import Settings
from targets.errors import InvalidInput, NotAllowed
from targets.permissions import ROLES, User
from targets.plans import regions
from targets.store import logins
from targets.store.audit import record
from targets.store.models import UserRow, utcnow
from targets.store.sessions import end_session, end_sessions, session_user, start_session, token_hash

__all__ = ["OPERATOR_NAME", "ROLES", "User", "acting_user", "add_user", "any_accounts", "authenticate",
           "end_session", "get_user", "list_users", "normalise_name", "operator", "session_user",
           "set_disabled", "set_password", "set_role", "start_session", "token_hash"]

NAME_PATTERN = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
MIN_PASSWORD = 8
OPERATOR_NAME = "@shell"  # the command line's operator; '@' is never part of an account name
_hasher = PasswordHasher()


def _user(row: UserRow) -> User:
    return User(row.name, row.role, tuple(json.loads(row.regions)), row.disabled)


def normalise_name(name: str | None) -> str:
    """An account name as stored and compared: NFKC (full-width letters become plain), outer spaces gone."""
    return unicodedata.normalize("NFKC", name or "").strip()


def _checked_name(name: str | None) -> str:
    name = normalise_name(name)
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidInput("user_name_control")
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidInput("user_invalid_name", name=name)
    return name


def operator(shell: str) -> User:
    """The command line's operator (the server's admin shell), as the OS user `shell`."""
    return User(OPERATOR_NAME, "admin", (), shell=shell)


def any_accounts(engine: Engine) -> bool:
    """Whether any account exists (before the first, the command line acts as the office)."""
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(UserRow)).one() > 0


def _region_codes(role: str, given: list[str]) -> list[str]:
    if role not in ROLES:
        raise InvalidInput("user_invalid_role", role=role)
    if role == "officer" and not given:
        raise InvalidInput("user_officer_needs_region")
    resolved = []
    for text in given:  # a code, or a name such as 长春市 / 长春
        found = regions.get(text) or regions.lookup(text)
        if found is None:
            raise InvalidInput("region_not_found", region=text)
        resolved.append(found.code)
    return resolved


def add_user(engine: Engine, name: str, role: str, password: str, region_codes: list[str], by: User) -> User:
    """Create an account; NotAllowed unless `by` manages accounts, InvalidInput for a bad name, role, region or
    password, or a name already taken (compared without case, so no look-alike of an existing account)."""
    permissions.require(by, "manage_accounts")
    name = _checked_name(name)
    codes = _region_codes(role, region_codes)
    _check_password(password)
    with Session(engine) as session:
        taken = {n.casefold() for n in session.exec(select(UserRow.name)).all()}
        if name.casefold() in taken:
            raise InvalidInput("user_exists", name=name)
        session.add(UserRow(name=name, role=role, regions=json.dumps(codes), password_hash=_hasher.hash(password)))
        record(session, by, "user_add", f"name={name} role={role} regions={','.join(codes)}")
        try:
            session.commit()
        except IntegrityError:  # the same name added at the same moment
            raise InvalidInput("user_exists", name=name)
    return User(name, role, tuple(codes))


def _check_password(password: str | None) -> None:
    if not password:
        raise InvalidInput("user_password_missing")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("user_password_short")


def get_user(engine: Engine, name: str) -> User | None:
    """The account called `name` (normalised), or None."""
    with Session(engine) as session:
        row = session.get(UserRow, normalise_name(name))
        return _user(row) if row else None


def list_users(engine: Engine) -> list[User]:
    """Every account, by name."""
    with Session(engine) as session:
        return [_user(r) for r in session.exec(select(UserRow).order_by(UserRow.name)).all()]


def _change(session: Session, name: str) -> UserRow:
    row = session.get(UserRow, normalise_name(name))
    if row is None:
        raise InvalidInput("user_unknown", name=name)
    return row


def set_disabled(engine: Engine, name: str, disabled: bool, by: User) -> None:
    """Disable (ending its sessions) or enable an account; never one's own."""
    permissions.require(by, "manage_accounts")
    with Session(engine) as session:
        row = _change(session, name)
        if disabled and row.name == by.name:
            raise InvalidInput("user_self_disable", name=row.name)
        row.disabled = disabled
        session.add(row)
        if disabled:
            end_sessions(session, row.name)
        record(session, by, "user_disable" if disabled else "user_enable", f"name={row.name}")
        session.commit()


def set_password(engine: Engine, name: str, password: str, by: User) -> None:
    """Replace an account's password, clear its lock-out and end its sessions."""
    permissions.require(by, "manage_accounts")
    _check_password(password)
    with Session(engine) as session:
        row = _change(session, name)
        row.password_hash, row.failed_logins, row.locked_until = _hasher.hash(password), 0, None
        session.add(row)
        end_sessions(session, row.name)
        record(session, by, "user_passwd", f"name={row.name}")
        session.commit()


def set_role(engine: Engine, name: str, role: str, region_codes: list[str], by: User) -> User:
    """Give an account another role (and regions) and end its sessions; never one's own."""
    permissions.require(by, "manage_accounts")
    codes = _region_codes(role, region_codes)
    with Session(engine) as session:
        row = _change(session, name)
        if row.name == by.name:
            raise InvalidInput("user_self_role", name=row.name)
        row.role, row.regions = role, json.dumps(codes)
        session.add(row)
        end_sessions(session, row.name)
        record(session, by, "user_role", f"name={row.name} role={role} regions={','.join(codes)}")
        session.commit()
        return _user(row)


@functools.cache
def _dummy_hash() -> str:
    """A hash no password matches: checked instead of a real one, so every failure costs the same."""
    return _hasher.hash(secrets.token_hex(16))


def _verify(password_hash: str, password: str | None) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def authenticate(engine: Engine, name: str, password: str, settings: Settings = Settings(),
                 source: str | None = None) -> User:
    """The account if the password is right; otherwise NotAllowed("login_failed"), the one sentence for
    every cause (unknown name, wrong password, locked or disabled account, too many failures from the
    source), after the same work (one argon2 check), so that a failure tells nothing about the account.
    """
    name, key, now = normalise_name(name), lockout.source_key(source), utcnow()
    per_account, per_source = lockout.account_limit(settings), lockout.source_limit(settings)
    source_ok = per_source.checks(logins.draw_source(engine, key, now, per_source))
    account_ok = source_ok and per_account.checks(logins.draw_account(engine, name, now, per_account))
    with Session(engine) as session:
        row = session.get(UserRow, name)
        checkable = account_ok and row is not None and not row.disabled
        right = _verify(row.password_hash if checkable and row else _dummy_hash(), password)
        if checkable and right and row is not None:
            user = _user(row)
        else:
            record(session, name if NAME_PATTERN.fullmatch(name) else "-", "login_failed", f"source={key}")
            session.commit()
            raise NotAllowed("login_failed", attempts=per_account.attempts, minutes=per_account.minutes)
    logins.account_succeeded(engine, name)
    logins.source_succeeded(engine, key, per_source)
    return user


def acting_user(engine: Engine, name: str, shell: str = "") -> User:
    """The account a command acts as (run by the OS user `shell`); before any account exists, the office.

    NotAllowed for an unknown, disabled or locked account: the command line refuses what a page would.
    """
    if not any_accounts(engine):
        return User(normalise_name(name) or OPERATOR_NAME, "admin", (), shell=shell)
    with Session(engine) as session:
        row = session.get(UserRow, normalise_name(name))
    if row is None:
        raise NotAllowed("user_unknown", name=name)
    if row.disabled:
        raise NotAllowed("user_disabled", name=row.name)
    now = utcnow()
    if row.locked_until is not None and row.locked_until > now:
        minutes = math.ceil((row.locked_until - now).total_seconds() / 60)
        raise NotAllowed("user_locked", name=row.name, minutes=minutes)
    return dataclasses.replace(_user(row), shell=shell)
