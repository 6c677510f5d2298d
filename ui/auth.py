"""Who is logged in: the session token lives in session state and in the login cookie; the account is
re-read from the store.

A tab without a token takes it from the login cookie (ui.cookies sets it after a login), so a reload
or a new tab stays logged in until the session ends; in trusted-header mode the account named by
the reverse proxy is used (targets.store.sessions.trusted_user says when it is believed).

The role is never taken from session state: every call looks the token up on the server and
reloads the account, so editing session state cannot grant a role or a region.
"""

from __future__ import annotations

import streamlit as st

from targets.errors import NotAllowed
from targets.store import accounts, sessions
from targets.store.accounts import User
from ui import cookies, data, notice, peer, state


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


def _cookie_token() -> str | None:
    """The login cookie's token, taken into this tab's session state."""
    token = (st.context.cookies or {}).get(sessions.COOKIE)
    if token and not state.get(state.LOGGED_OUT):
        state.put(state.AUTH_TOKEN, token)
        return token
    return None


def _header_user(show_refusal: bool = False) -> User | None:
    """The account the reverse proxy names (trusted-header mode); a refused header is shown as its sentence.

    The peer is the connection's own address as the server recorded it (ui.peer), not
    st.context.ip_address, which X-Forwarded-For can set and which hides 127.0.0.1.
    """
    headers = dict(st.context.headers or {})
    try:
        return sessions.trusted_user(data.get_engine(), data.settings(), peer.address(headers), headers)
    except NotAllowed as exc:
        if show_refusal:
            notice.error(exc)
        return None


def current_user() -> User | None:
    """The logged-in account, or None (anonymous, expired or disabled)."""
    token = state.get(state.AUTH_TOKEN) or _cookie_token()
    if not token:
        return _header_user(show_refusal=True) or _oidc_user()
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
    token = accounts.start_session(engine, user, data.settings())
    state.put(state.AUTH_TOKEN, token)
    state.put(state.COOKIE_CALL, ("POST", sessions.issue_ticket(engine, token)))  # never the token itself
    st.session_state.pop(state.LOGGED_OUT, None)
    return user


def logout() -> None:
    """End the session."""
    accounts.end_session(data.get_engine(), state.get(state.AUTH_TOKEN))
    st.session_state.pop(state.AUTH_TOKEN, None)
    state.put(state.COOKIE_CALL, ("DELETE", ""))
    state.put(state.LOGGED_OUT, True)  # this tab's connection still carries the old cookie


def send_cookie() -> None:
    """After a login or logout, the tab's one call that sets or clears the login cookie (ui.cookies)."""
    call = st.session_state.pop(state.COOKIE_CALL, None)
    if call:
        st.iframe(cookies.script(*call), height=1)  # our own fixed script (ui.cookies), never user content


def require_user() -> User:
    """The logged-in account for a write, re-checked on the server; NotAllowed if none."""
    token = state.get(state.AUTH_TOKEN) or _cookie_token()
    other = None if token else (_header_user() or _oidc_user())
    return other or accounts.session_user(data.get_engine(), token)
