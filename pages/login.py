"""登录: account and password (or the organisation's OIDC login when configured), and logout."""

from __future__ import annotations

import streamlit as st

from targets.errors import TargetsError
from targets.messages import render
from ui import auth, frame, notice, state
from ui.strings import LOGIN_LABELS as L
from ui.strings import PAGE_TITLES, ROLE_LABELS

had_session = bool(state.get(state.AUTH_TOKEN))
ctx = frame.page("login")
st.title(PAGE_TITLES["login"])


if ctx.user is not None:
    st.success(notice.escape(L["logged_in"].format(name=ctx.user.name, role=ROLE_LABELS[ctx.user.role])))
    if st.button(L["logout"], key="login_logout"):
        auth.logout()
        if auth.oidc_configured() and getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()
elif auth.oidc_configured():
    st.button(L["oidc"], key="login_oidc", on_click=st.login)
else:
    if had_session:
        st.warning(render("session_expired"))
    with st.form("login_form"):
        name = st.text_input(L["name"], key="login_name", max_chars=64)
        password = st.text_input(L["password"], key="login_password", type="password")
        submitted = st.form_submit_button(L["submit"], key="login_submit", type="primary")
    if submitted:
        try:
            auth.login(name, password)
        except TargetsError as exc:
            notice.error(exc)
        else:
            st.rerun()
    st.caption(L["ask_for_account"])
