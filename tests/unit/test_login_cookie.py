"""The login that survives a reload: the cookie's token rules and the trusted-header mode."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from targets.config import Settings
from targets.errors import NotAllowed
from targets.store import accounts, sessions
from targets.store.models import LoginTicketRow, utcnow

OFFICE = accounts.operator("tester")


@pytest.fixture
def admin(engine):
    return accounts.add_user(engine, "admin", "admin", "pass-word-1", [], OFFICE)


def test_the_cookie_lives_as_long_as_the_session_and_ends_with_it(engine, admin):
    token = accounts.start_session(engine, admin, Settings(session_minutes=30))
    assert 29 * 60 < sessions.remaining_seconds(engine, token) <= 30 * 60
    accounts.end_session(engine, token)
    with pytest.raises(NotAllowed):
        sessions.remaining_seconds(engine, token)


def test_a_ticket_is_exchanged_once_for_its_session_token(engine, admin):
    token = accounts.start_session(engine, admin, Settings(session_minutes=30))
    ticket = sessions.issue_ticket(engine, token)
    got, seconds = sessions.redeem_ticket(engine, ticket)
    assert got == token and 29 * 60 < seconds <= 30 * 60
    with pytest.raises(NotAllowed):
        sessions.redeem_ticket(engine, ticket)


def test_the_store_holds_neither_the_ticket_nor_the_token_in_clear(engine, admin):
    token = accounts.start_session(engine, admin)
    ticket = sessions.issue_ticket(engine, token)
    with Session(engine) as session:
        (row,) = session.exec(select(LoginTicketRow)).all()
    assert row.ticket_hash == sessions.token_hash(ticket)
    assert token not in row.sealed and token.encode().hex() not in row.sealed and ticket not in row.sealed


def test_an_expired_ticket_or_one_whose_session_ended_buys_nothing(engine, admin, monkeypatch):
    token = accounts.start_session(engine, admin)
    stale = sessions.issue_ticket(engine, token)
    later = utcnow() + dt.timedelta(seconds=sessions.TICKET_SECONDS + 1)
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
    with pytest.raises(NotAllowed):
        sessions.redeem_ticket(engine, stale)
    monkeypatch.undo()
    ended = sessions.issue_ticket(engine, token)
    accounts.end_session(engine, token)
    with pytest.raises(NotAllowed):
        sessions.redeem_ticket(engine, ended)
    with pytest.raises(NotAllowed):
        sessions.redeem_ticket(engine, "never-issued")


@pytest.mark.parametrize("change", ["password", "disable"])
def test_a_password_change_or_disabling_ends_every_cookie_of_the_account(engine, admin, change):
    tokens = [accounts.start_session(engine, admin) for _ in range(2)]  # two browsers
    if change == "password":
        accounts.set_password(engine, "admin", "another-pass-2", OFFICE)
    else:
        accounts.set_disabled(engine, "admin", True, accounts.operator("root"))
    for token in tokens:
        with pytest.raises(NotAllowed):
            accounts.session_user(engine, token)


HEADER = Settings(trusted_user_header="X-Remote-User", trusted_proxy="10.0.0.5, 10.0.0.6")


@pytest.mark.parametrize(("settings", "peer", "headers", "expected"), [
    (HEADER, "10.0.0.5", {"x-remote-user": "admin"}, "admin"),
    (HEADER, "10.0.0.6", {"X-Remote-User": " admin "}, "admin"),
    (HEADER, "10.0.0.5", {}, None),  # the proxy named nobody: anonymous
    (HEADER, "10.0.0.7", {}, None),
    (Settings(trusted_proxy="10.0.0.5"), "10.0.0.5", {"x-remote-user": "admin"}, None),  # mode off
])
def test_the_trusted_header_is_believed_from_the_proxy(engine, admin, settings, peer, headers, expected):
    user = sessions.trusted_user(engine, settings, peer, headers)
    assert (user.name if user else None) == expected


@pytest.mark.parametrize(("settings", "peer", "headers", "code"), [
    (HEADER, "10.0.0.7", {"x-remote-user": "admin"}, "trusted_header_not_from_proxy"),  # anyone could send it
    (HEADER, None, {"x-remote-user": "admin"}, "trusted_header_not_from_proxy"),  # the server cannot tell
    (Settings(trusted_user_header="X-Remote-User"), "10.0.0.5", {"x-remote-user": "admin"},
     "trusted_header_not_from_proxy"),  # no proxy configured
    (HEADER, "10.0.0.5", {"x-remote-user": "nobody"}, "trusted_user_unknown"),
])
def test_a_trusted_header_from_elsewhere_or_for_no_account_is_refused_with_a_sentence(engine, admin, settings,
                                                                                      peer, headers, code):
    with pytest.raises(NotAllowed) as refused:
        sessions.trusted_user(engine, settings, peer, headers)
    assert refused.value.code == code
    sentence = str(refused.value)  # names what was refused and why
    named = ["X-Remote-User", peer or "?"] if code.endswith("proxy") else ["nobody"]
    assert all(part in sentence for part in named), sentence


def test_the_trusted_header_never_names_a_disabled_account(engine, admin):
    accounts.set_disabled(engine, "admin", True, accounts.operator("root"))
    with pytest.raises(NotAllowed) as refused:
        sessions.trusted_user(engine, HEADER, "10.0.0.5", {"x-remote-user": "admin"})
    assert refused.value.code == "trusted_user_unknown"
