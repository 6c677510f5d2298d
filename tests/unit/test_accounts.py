"""Accounts: hashing, lock-out, sessions, and who may report where (the command line's exit 3)."""

import datetime as dt

import pytest
from sqlmodel import Session

from targets import permissions
from targets.config import Settings
from targets.errors import InvalidInput, NotAllowed
from targets.store import accounts, sessions
from targets.store.models import SessionRow, UserRow

PASSWORD = "correct horse"
OFFICE = accounts.operator("tester")


@pytest.fixture
def officer(engine):
    return accounts.add_user(engine, "cc_officer", "officer", PASSWORD, ["220100"], by=OFFICE)


def test_password_is_stored_only_as_a_slow_salted_hash(engine, officer):
    with Session(engine) as s:
        stored = s.get(UserRow, "cc_officer").password_hash
    assert PASSWORD not in stored and stored.startswith("$argon2")


@pytest.mark.parametrize(
    "name, role, regions, password, code",
    [
        ("bad name!", "officer", ["220100"], PASSWORD, "user_invalid_name"),
        ("x", "boss", [], PASSWORD, "user_invalid_role"),
        ("x", "officer", [], PASSWORD, "user_officer_needs_region"),
        ("x", "officer", ["999999"], PASSWORD, "region_not_found"),
        ("x", "viewer", [], "short", "user_password_short"),
        ("x", "viewer", [], "", "user_password_missing"),
    ],
)
def test_invalid_accounts_are_refused(engine, name, role, regions, password, code):
    with pytest.raises(InvalidInput) as err:
        accounts.add_user(engine, name, role, password, regions, by=OFFICE)
    assert err.value.code == code


@pytest.mark.parametrize(
    "region, allowed",
    [("220100", True), ("220104", True), ("220200", False), ("220000", False), ("JL-CBS", False)],
)
def test_officer_reports_for_own_region_and_below(officer, region, allowed):
    assert permissions.may(officer, "report", region=region) is allowed


def test_roles(engine):
    admin = accounts.add_user(engine, "office", "admin", PASSWORD, [], by=OFFICE)
    viewer = accounts.add_user(engine, "screen", "viewer", PASSWORD, [], by=OFFICE)
    assert permissions.may(admin, "report", region="220200")
    assert not permissions.may(viewer, "report", region="220100")


def test_wrong_password_and_lockout(engine, officer):
    settings = Settings(lockout_attempts=3, lockout_minutes=15)
    for _ in range(3):
        with pytest.raises(NotAllowed) as err:
            accounts.authenticate(engine, "cc_officer", "wrong", settings)
        assert err.value.code == "login_failed"
    with pytest.raises(NotAllowed) as err:
        accounts.authenticate(engine, "cc_officer", PASSWORD, settings)
    assert err.value.code == "login_failed"  # locked reads like every other failure


def test_disabled_account_cannot_log_in_or_use_its_session(engine, officer):
    token = accounts.start_session(engine, accounts.authenticate(engine, "cc_officer", PASSWORD))
    accounts.set_disabled(engine, "cc_officer", True, by=OFFICE)
    with pytest.raises(NotAllowed):
        accounts.authenticate(engine, "cc_officer", PASSWORD)
    with pytest.raises(NotAllowed):
        accounts.session_user(engine, token)


def test_sessions_expire_and_role_comes_from_the_store(engine, officer):
    token = accounts.start_session(engine, officer)
    assert accounts.session_user(engine, token).role == "officer"
    with Session(engine) as s:
        row = s.get(SessionRow, sessions.token_hash(token))
        row.expires = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        s.add(row)
        s.commit()
    with pytest.raises(NotAllowed) as err:
        accounts.session_user(engine, token)
    assert err.value.code == "session_expired"
    with pytest.raises(NotAllowed):
        accounts.session_user(engine, "forged-token")


def test_command_line_acts_as_office_until_the_first_account(engine):
    assert accounts.acting_user(engine, "anyone").role == "admin"
    accounts.add_user(engine, "office", "admin", PASSWORD, [], by=OFFICE)
    with pytest.raises(NotAllowed) as err:
        accounts.acting_user(engine, "anyone")
    assert err.value.code == "user_unknown"


def test_officer_regions_may_be_given_by_name(engine):
    user = accounts.add_user(engine, "jl", "officer", PASSWORD, ["长春市", "延边"], by=OFFICE)
    assert user.regions == ("220100", "222400")
