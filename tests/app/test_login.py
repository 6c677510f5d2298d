"""登录 page: password login through the form, failures as sentences, lock-out, expiry, logout."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from targets import messages, store
from targets.config import Settings
from targets.errors import NotAllowed
from targets.store import accounts
from targets.store.models import SessionRow, utcnow
from tests.app.accounts_app import OFFICE, PASSWORD, log_in, make_user
from tests.app.conftest import page_test
from ui import notice, state
from ui.strings import LOGIN_LABELS, ROLE_LABELS


def _submit(at, name: str, password: str):
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button(key="login_submit").click().run()


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _failed() -> list[str]:
    """The one sentence every login failure shows (unknown, wrong, locked, disabled)."""
    s = Settings()
    return [notice.escape(messages.render("login_failed", attempts=s.lockout_attempts, minutes=s.lockout_minutes))]


def test_login_with_the_right_password_starts_a_session(engine):
    make_user(engine, "alice", "officer", ("220100",))
    at = _submit(page_test("login").run(), "alice", PASSWORD)
    assert not at.exception
    token = at.session_state[state.AUTH_TOKEN]
    assert accounts.session_user(engine, token).name == "alice"
    assert at.success[0].value == notice.escape(LOGIN_LABELS["logged_in"].format(name="alice",
                                                                                  role=ROLE_LABELS["officer"]))
    assert at.button(key="login_logout")
    assert [a["action"] for a in store.audit_log(engine)].count("login") == 1


def test_wrong_password_shows_the_sentence_and_no_session(engine):
    make_user(engine, "alice", "officer", ("220100",))
    at = _submit(page_test("login").run(), "alice", "not-the-password")
    assert not at.exception
    assert _errors(at) == _failed()
    assert state.AUTH_TOKEN not in at.session_state


def test_unknown_account_reads_like_a_wrong_password(engine):
    at = _submit(page_test("login").run(), "nobody", PASSWORD)
    assert _errors(at) == _failed()


def test_disabled_account_cannot_log_in(engine):
    make_user(engine, "alice", "officer", ("220100",))
    accounts.set_disabled(engine, "alice", True, by=OFFICE)
    at = _submit(page_test("login").run(), "alice", PASSWORD)
    assert _errors(at) == _failed()  # a disabled account does not confirm its password
    assert state.AUTH_TOKEN not in at.session_state


def test_five_failures_lock_the_account_even_for_the_right_password(engine):
    make_user(engine, "alice", "officer", ("220100",))
    at = page_test("login").run()
    for _ in range(5):
        at = _submit(at, "alice", "wrong-password")
    at = _submit(at, "alice", PASSWORD)
    assert _errors(at) == _failed()
    assert state.AUTH_TOKEN not in at.session_state


def test_expired_session_asks_to_log_in_again(engine):
    make_user(engine, "alice", "officer", ("220100",))
    at = log_in(page_test("login"), engine, "alice")
    with Session(engine) as session:
        for row in session.exec(select(SessionRow)).all():
            row.expires = utcnow() - dt.timedelta(minutes=1)
            session.add(row)
        session.commit()
    at.run()
    assert not at.exception
    assert at.warning[0].value == messages.render("session_expired")
    assert at.text_input(key="login_name")
    assert state.AUTH_TOKEN not in at.session_state


def test_logout_ends_the_session_on_the_server(engine):
    make_user(engine, "alice", "officer", ("220100",))
    at = log_in(page_test("login"), engine, "alice").run()
    token = at.session_state[state.AUTH_TOKEN]
    at.button(key="login_logout").click().run()
    assert not at.exception
    assert state.AUTH_TOKEN not in at.session_state
    assert at.text_input(key="login_name")
    with pytest.raises(NotAllowed):
        accounts.session_user(engine, token)


def test_hostile_account_name_is_shown_as_text(engine):
    at = _submit(page_test("login").run(), "[x](http://evil)", PASSWORD)
    assert not at.exception
    assert _errors(at) == _failed()


def test_oidc_button_replaces_the_form_when_configured(engine):
    at = page_test("login")
    at.secrets["auth"] = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "http://localhost/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert at.button(key="login_oidc")
    assert not at.text_input


def test_the_login_form_says_whom_to_ask_for_an_account(engine):
    at = page_test("login").run()
    assert not at.exception
    assert LOGIN_LABELS["ask_for_account"] in [c.value for c in at.caption]
