"""Who is logged in: the session token lives in session state, the account is re-read from the store.

The role is never taken from session state: every call looks the token up on the server and
reloads the account, so editing session state cannot grant a role or a region.
"""

from __future__ import annotations

import streamlit as st

from targets.errors import NotAllowed
from targets.store import accounts
from targets.store.accounts import User
from ui import data, state


def oidc_configured() -> bool:
    """Whether an OIDC identity provider is set up in .streamlit/secrets.toml ([auth])."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def _oidc_user() -> User | None:
    """The account named by the identity provider's verified e-mail (or user name), if it exists."""
    if not oidc_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    name = st.user.get("email") or st.user.get("preferred_username")
    account = accounts.get_user(data.get_engine(), str(name)) if name else None
    return account if account and not account.disabled else None


def current_user() -> User | None:
    """The logged-in account, or None (anonymous, expired or disabled)."""
    token = state.get(state.AUTH_TOKEN)
    if not token:
        return _oidc_user()
    try:
        return accounts.session_user(data.get_engine(), token)
    except NotAllowed:
        st.session_state.pop(state.AUTH_TOKEN, None)
        return None


def client_source() -> str | None:
    """What the server knows of the client for the per-source login limit: its address, if any."""
    return st.context.ip_address


def login(name: str, password: str) -> User:
    """Check the password and start a session; NotAllowed (one sentence for every cause) on failure."""
    engine = data.get_engine()
    user = accounts.authenticate(engine, name, password, data.settings(), source=client_source())
    state.put(state.AUTH_TOKEN, accounts.start_session(engine, user, data.settings()))
    return user


def logout() -> None:
    """End the session."""
    accounts.end_session(data.get_engine(), state.get(state.AUTH_TOKEN))
    st.session_state.pop(state.AUTH_TOKEN, None)


def require_user() -> User:
    """The logged-in account for a write, re-checked on the server; NotAllowed if none."""
    token = state.get(state.AUTH_TOKEN)
    oidc = None if token else _oidc_user()
    return oidc or accounts.session_user(data.get_engine(), token)
