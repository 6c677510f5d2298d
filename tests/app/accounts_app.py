"""Accounts and sessions for AppTests: create users in the test store, log an AppTest in."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from targets import store
from targets.store import accounts
from ui import state

PASSWORD = "correct-horse-9"
OFFICE = accounts.operator("tester")  # the operator who sets the test accounts up


def make_user(engine, name: str, role: str, regions: tuple[str, ...] = ()) -> accounts.User:
    """An account in the test store (password PASSWORD)."""
    return accounts.add_user(engine, name, role, PASSWORD, list(regions), by=OFFICE)


def log_in(at: AppTest, engine, name: str) -> AppTest:
    """Start a real session for `name` and hand its token to the AppTest (as the login page does)."""
    user = accounts.get_user(engine, name)
    at.session_state[state.AUTH_TOKEN] = accounts.start_session(engine, user)
    return at


def report_count(engine) -> int:
    """Every stored report version, all uploads, reverted included."""
    return len(store.reports(engine, all_versions=True))


def audit_actions(engine) -> list[str]:
    """Audit actions, oldest first."""
    return [entry["action"] for entry in reversed(store.audit_log(engine))]


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The dataframe inside the container with this key."""
    return at.get_by_key(key).dataframe[0].value


def has_key(at: AppTest, key: str) -> bool:
    """Whether any element or container with this key is on the page."""
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True
