"""账号与审计 page: admin only; add, disable/enable, reset password; read-only audit log; demo data."""

from __future__ import annotations

import pytest

from targets import messages, store
from targets.errors import NotAllowed
from targets.store import accounts
from tests.app.accounts_app import PASSWORD, audit_actions, log_in, make_user, table
from tests.app.conftest import page_test
from tests.app.workbooks_app import CHANGCHUN, HOSTILE
from ui import notice, state
from ui.strings import ADMIN_LABELS, ROLE_LABELS


@pytest.fixture
def admin_page(engine):
    make_user(engine, "boss", "admin")
    return log_in(page_test("admin"), engine, "boss").run()


def _add(at, name: str, role: str, regions: list[str], password: str = PASSWORD):
    at.text_input(key="admin_new_name").input(name)
    at.selectbox(key="admin_new_role").select(role)
    at.multiselect(key="admin_new_regions").set_value(regions)
    at.text_input(key="admin_new_password").input(password)
    return at.button(key="admin_add_submit").click().run()


@pytest.mark.parametrize("role", [None, "officer", "viewer"])
def test_only_admins_see_the_page(engine, role):
    at = page_test("admin")
    if role:
        make_user(engine, "someone", role, (CHANGCHUN,) if role == "officer" else ())
        log_in(at, engine, "someone")
    at.run()
    assert not at.exception
    assert at.info[0].value == ADMIN_LABELS["admin_only"]
    assert not at.dataframe and not at.button


def test_faked_role_in_session_state_grants_nothing(engine):
    make_user(engine, "alice", "officer", (CHANGCHUN,))
    at = log_in(page_test("admin"), engine, "alice")
    at.session_state["role"] = "admin"
    at.session_state["user"] = "boss"
    at.session_state["auth_user"] = {"name": "boss", "role": "admin"}
    at.run()
    assert at.info[0].value == ADMIN_LABELS["admin_only"]
    assert not at.button


def test_users_table_and_read_only_audit_log(admin_page):
    assert not admin_page.exception
    assert table(admin_page, "admin_users") is not None
    assert "boss" in table(admin_page, "admin_users").to_string()
    assert len(table(admin_page, "admin_audit")) >= 1
    assert not admin_page.data_editor  # nothing on the page edits the log
    assert admin_page.get("download_button")


def test_add_officer_with_regions(admin_page, engine):
    at = _add(admin_page, "carol", "officer", [CHANGCHUN])
    assert not at.exception
    assert accounts.get_user(engine, "carol") == accounts.User("carol", "officer", (CHANGCHUN,))
    assert at.success[0].value == notice.escape(messages.render("user_created", name="carol",
                                                                role=ROLE_LABELS["officer"]))
    assert audit_actions(engine).count("user_add") == 2  # boss (fixture) and carol, once each
    assert "carol" in table(at, "admin_users").to_string()


def test_officer_without_region_is_refused(admin_page, engine):
    at = _add(admin_page, "dave", "officer", [])
    assert at.error[0].value == notice.escape(messages.render("user_officer_needs_region"))
    assert accounts.get_user(engine, "dave") is None


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_refused_and_shown_verbatim(admin_page, engine, name):
    at = _add(admin_page, name, "viewer", [])
    assert not at.exception
    assert at.error[0].value == notice.escape(messages.render("user_invalid_name", name=name))
    assert [u.name for u in accounts.list_users(engine)] == ["boss"]


def test_disable_and_enable(admin_page, engine):
    make_user(engine, "carol", "officer", (CHANGCHUN,))
    at = admin_page.run()
    at.selectbox(key="admin_user").select("carol").run()
    at.button(key="admin_disable").click().run()
    assert not at.exception
    assert accounts.get_user(engine, "carol").disabled
    assert at.success[0].value == notice.escape(messages.render("user_disabled_done", name="carol"))
    at.button(key="admin_enable").click().run()
    assert not accounts.get_user(engine, "carol").disabled
    actions = audit_actions(engine)
    assert actions.count("user_disable") == 1 and actions.count("user_enable") == 1


def test_admin_cannot_disable_itself(admin_page, engine):
    admin_page.selectbox(key="admin_user").select("boss").run()
    at = admin_page.button(key="admin_disable").click().run()
    assert at.error[0].value == notice.escape(messages.render("user_self_disable", name="boss"))
    assert not accounts.get_user(engine, "boss").disabled


def test_reset_password_clears_the_old_one(admin_page, engine):
    make_user(engine, "carol", "officer", (CHANGCHUN,))
    at = admin_page.run()
    at.selectbox(key="admin_user").select("carol").run()
    at.text_input(key="admin_reset_password").input("brand-new-pass")
    at.button(key="admin_reset_submit").click().run()
    assert not at.exception
    assert accounts.authenticate(engine, "carol", "brand-new-pass").name == "carol"
    with pytest.raises(NotAllowed):
        accounts.authenticate(engine, "carol", PASSWORD)
    assert audit_actions(engine).count("user_passwd") == 1


def test_disabled_admin_session_cannot_write(admin_page, engine):
    make_user(engine, "boss2", "admin")
    accounts.set_disabled(engine, "boss", True, by=accounts.get_user(engine, "boss2"))
    at = admin_page.run()
    assert at.info[0].value == ADMIN_LABELS["admin_only"]
    assert state.AUTH_TOKEN not in at.session_state


def test_demo_data_load_and_remove(admin_page, engine):
    at = admin_page.button(key="admin_demo_load").click().run()
    assert not at.exception
    assert store.demo_loaded(engine)
    at.button(key="admin_demo_remove").click().run()
    assert not store.demo_loaded(engine)
    actions = audit_actions(engine)
    assert actions.count("import_demo") == 1 and actions.count("demo_remove") == 1


def test_role_change_ends_the_accounts_sessions(admin_page, engine):
    make_user(engine, "carol", "officer", (CHANGCHUN,))
    token = accounts.start_session(engine, accounts.get_user(engine, "carol"))
    at = admin_page.run()
    at.selectbox(key="admin_user").select("carol").run()
    at.selectbox(key="admin_role_role").select("viewer")
    at.multiselect(key="admin_role_regions").set_value([])
    at.button(key="admin_role_submit").click().run()
    assert not at.exception
    assert accounts.get_user(engine, "carol").role == "viewer"
    assert at.success[0].value == notice.escape(messages.render("user_role_changed", name="carol",
                                                                role=ROLE_LABELS["viewer"]))
    with pytest.raises(NotAllowed):
        accounts.session_user(engine, token)
