"""Who is logged in: the session token lives in session state, the account is re-read from the store.

The role is never taken from session state: every call looks the token up on the server and
reloads the account, so editing session state cannot grant a role or a region.
"""

from __future__ import annotations

import streamlit as st

from targets import accounts
from targets.accounts import User
from targets.errors import NotAllowed
from ui import data, state


def current_user() -> User | None:
    """The logged-in account, or None (anonymous, expired or disabled)."""
    token = state.get(state.AUTH_TOKEN)
    if not token:
        return None
    try:
        return accounts.session_user(data.get_engine(), token)
    except NotAllowed:
        st.session_state.pop(state.AUTH_TOKEN, None)
        return None


def login(name: str, password: str) -> User:
    """Check the password and start a session; NotAllowed on failure."""
    engine = data.get_engine()
    user = accounts.authenticate(engine, name.strip(), password, data.settings())
    state.put(state.AUTH_TOKEN, accounts.start_session(engine, user, data.settings()))
    data.invalidate()
    return user


def logout() -> None:
    """End the session."""
    accounts.end_session(data.get_engine(), state.get(state.AUTH_TOKEN))
    st.session_state.pop(state.AUTH_TOKEN, None)


def require_user() -> User:
    """The logged-in account for a write, re-checked on the server; NotAllowed if none."""
    return accounts.session_user(data.get_engine(), state.get(state.AUTH_TOKEN))
