"""Accounts: hashing, lock-out, sessions, and who may report where (the command line's exit 3)."""

import datetime as dt

import pytest
from sqlmodel import Session

from targets import permissions
from targets.config import Settings
from targets.errors import InvalidInput, NotAllowed
from targets.store import accounts, sessions
from targets.store.models import SessionRow, UserRow
from tests.unit.hashing import use_cheap_hashes

PASSWORD = "correct horse"
OFFICE = accounts.operator("tester")


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    use_cheap_hashes(monkeypatch)
    yield
    accounts._dummy_hash.cache_clear()


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


@pytest.mark.parametrize("change", [
    lambda e: accounts.set_password(e, "cc_officer", "another-pass-1", by=OFFICE),
    lambda e: accounts.set_disabled(e, "cc_officer", True, by=OFFICE),
    lambda e: accounts.set_role(e, "cc_officer", "viewer", [], by=OFFICE),
], ids=["password", "disable", "role"])
def test_a_change_to_the_account_ends_every_one_of_its_sessions(engine, officer, change):
    tokens = [accounts.start_session(engine, officer) for _ in range(2)]
    bystander = accounts.add_user(engine, "other", "viewer", PASSWORD, [], by=OFFICE)
    kept = accounts.start_session(engine, bystander)
    change(engine)
    for token in tokens:
        with pytest.raises(NotAllowed):
            accounts.session_user(engine, token)
    assert accounts.session_user(engine, kept).name == "other"


def test_role_change_is_audited_and_never_ones_own(engine, officer):
    boss = accounts.add_user(engine, "boss", "admin", PASSWORD, [], by=OFFICE)
    assert accounts.set_role(engine, "cc_officer", "officer", ["220200"], by=boss).regions == ("220200",)
    with pytest.raises(InvalidInput) as err:
        accounts.set_role(engine, "boss", "viewer", [], by=boss)
    assert err.value.code == "user_self_role"


@pytest.mark.parametrize("name, code", [
    ("ad\nmin", "user_name_control"), ("ad\tmin", "user_name_control"), ("ad\x00min", "user_name_control"),
    ("ad\u200bmin", "user_name_control"), ("cc_officer\n", "user_exists"), (" CC_Officer ", "user_exists"),
    ("ｃｃ＿ｏｆｆｉｃｅｒ", "user_exists"),
])
def test_no_look_alike_of_an_account(engine, officer, name, code):
    with pytest.raises(InvalidInput) as err:
        accounts.add_user(engine, name, "admin", PASSWORD, [], by=OFFICE)
    assert err.value.code == code
    assert [u.name for u in accounts.list_users(engine)] == ["cc_officer"]


def test_names_are_normalised_at_login_too(engine, officer):
    assert accounts.authenticate(engine, " ｃｃ_officer\n", PASSWORD).name == "cc_officer"


def test_only_those_who_manage_accounts_change_them(engine, officer):
    with pytest.raises(NotAllowed):
        accounts.add_user(engine, "x", "admin", PASSWORD, [], by=officer)
    with pytest.raises(NotAllowed):
        accounts.set_password(engine, "cc_officer", "another-pass-1", by=None)


def test_the_command_line_refuses_a_locked_account(engine, officer):
    for _ in range(Settings().lockout_attempts):
        with pytest.raises(NotAllowed):
            accounts.authenticate(engine, "cc_officer", "wrong")
    with pytest.raises(NotAllowed) as err:
        accounts.acting_user(engine, "cc_officer")
    assert err.value.code == "user_locked" and "15" in str(err.value)
