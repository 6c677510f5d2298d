"""Login sessions: a random token per login, only its hash stored; every session of an account can end at once.

The token is what the browser keeps (an HttpOnly, SameSite=Strict cookie named COOKIE, for the
session's remaining lifetime), so a login survives a reload, a new tab and any app process; logout,
a password change and disabling the account delete the stored hash, which ends it everywhere.
The page never carries the token to the cookie route: it carries a one-time ticket (`issue_ticket`),
good for a minute, that the route exchanges for the token (`redeem_ticket`).
An intranet whose reverse proxy authenticates users may name the account in a header instead
(`trusted_user`): it is believed only from the configured proxy addresses, and a header from anywhere
else, or naming no active account, is refused with a sentence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Mapping

from sqlalchemy import Engine
from sqlmodel import Session, col, delete

from targets.config import Settings
from targets.errors import NotAllowed
from targets.permissions import User
from targets.store.audit import record
from targets.store.models import LoginTicketRow, SessionRow, UserRow, utcnow


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


COOKIE = "targets_session"


def remaining_seconds(engine: Engine, token: str | None) -> int:
    """Seconds the session behind `token` stays valid (the cookie's lifetime); NotAllowed when it has ended."""
    session_user(engine, token)
    with Session(engine) as session:
        row = session.get(SessionRow, token_hash(token or ""))
        return max(1, int((row.expires - utcnow()).total_seconds())) if row else 0


TICKET_SECONDS = 60  # a ticket is exchanged by the tab's next request, within moments of the login


def _pad(ticket: str, size: int) -> bytes:
    """The ticket's keystream (SHA-256 in counter mode): the ticket is random and serves once."""
    blocks = (hashlib.sha256(ticket.encode() + bytes([i])).digest() for i in range(size // 32 + 1))
    return b"".join(blocks)[:size]


def issue_ticket(engine: Engine, token: str) -> str:
    """A one-time, short-lived ticket for the cookie route to exchange for `token` (the store keeps its
    hash and the token sealed with it, so neither the store nor the page holds the token in clear)."""
    ticket = secrets.token_urlsafe(32)
    raw = token.encode()
    sealed = bytes(a ^ b for a, b in zip(raw, _pad(ticket, len(raw)), strict=True)).hex()
    with Session(engine) as session:
        session.exec(delete(LoginTicketRow).where(col(LoginTicketRow.expires) <= utcnow()))  # stale ones
        session.add(LoginTicketRow(ticket_hash=token_hash(ticket), sealed=sealed,
                                   expires=utcnow() + dt.timedelta(seconds=TICKET_SECONDS)))
        session.commit()
    return ticket


def redeem_ticket(engine: Engine, ticket: str) -> tuple[str, int]:
    """(session token, seconds it stays valid) for a ticket, which is used up; NotAllowed if the ticket is
    unknown, used, expired or its session has ended."""
    key = token_hash(ticket)
    with Session(engine) as session:
        row = session.get(LoginTicketRow, key)
        found = (row.sealed, row.expires) if row else None
        # single use: of two requests with one ticket only the one whose DELETE removed the row goes on
        used = session.exec(delete(LoginTicketRow).where(col(LoginTicketRow.ticket_hash) == key))
        session.commit()
    if found is None or used.rowcount != 1 or found[1] <= utcnow():
        raise NotAllowed("session_expired")
    sealed = bytes.fromhex(found[0])
    token = bytes(a ^ b for a, b in zip(sealed, _pad(ticket, len(sealed)), strict=True)).decode("ascii", "replace")
    return token, remaining_seconds(engine, token)


def trusted_user(engine: Engine, settings: Settings, peer: str | None, headers: Mapping[str, str]) -> User | None:
    """The account the reverse proxy named in the trusted header, if the request came from the proxy.

    None when the mode is off or the request carries no such header. NotAllowed, with the sentence
    to show, when the header came from an address that is not a configured proxy (anyone could send
    it; `peer` None: the server could not tell where it came from) or names an account that is
    unknown or disabled.
    """
    if not settings.trusted_user_header:
        return None
    wanted = settings.trusted_user_header.lower()
    name = next((v for k, v in headers.items() if k.lower() == wanted), "").strip()
    if not name:
        return None
    proxies = {a.strip() for a in settings.trusted_proxy.split(",") if a.strip()}
    if peer is None or peer not in proxies:
        raise NotAllowed("trusted_header_not_from_proxy", header=settings.trusted_user_header,
                         peer=peer or "?", proxies=settings.trusted_proxy or "?")
    with Session(engine) as session:
        account = session.get(UserRow, name)
        if account is None or account.disabled:
            raise NotAllowed("trusted_user_unknown", name=name)
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
