"""账号与审计: accounts (add, disable/enable, reset password), the read-only audit log, demo data."""

from __future__ import annotations

import streamlit as st

from targets import permissions
from targets.errors import TargetsError
from targets.messages import render
from targets.permissions import ROLES
from ui import actions, downloads, frame, notice, records
from ui.strings import ADMIN_LABELS as L
from ui.strings import PAGE_TITLES, ROLE_LABELS

ctx = frame.page("admin")
st.title(PAGE_TITLES["admin"])
if not permissions.may(ctx.user, "manage_accounts"):
    st.info(L["admin_only"])
    st.stop()
notice.show_flash()


def _done(sentence: str) -> None:
    notice.flash(sentence)
    st.rerun()


def _users() -> None:
    st.subheader(L["users_header"])
    with st.container(key="admin_users"):
        st.dataframe(records.users_table(), hide_index=True)


def _add_user() -> None:
    st.subheader(L["add_header"])
    with st.form("admin_add_form", clear_on_submit=False):
        name = st.text_input(L["name"], key="admin_new_name", max_chars=64)
        role = st.selectbox(L["role"], ROLES, format_func=ROLE_LABELS.get, key="admin_new_role", index=1)
        codes = st.multiselect(L["regions"], records.plan_regions(), format_func=records.region_label,
                               key="admin_new_regions")
        password = st.text_input(L["password"], type="password", key="admin_new_password")
        submitted = st.form_submit_button(L["add_submit"], key="admin_add_submit", type="primary")
    if submitted:
        created = actions.add_user(name, role, codes, password)
        _done(render("user_created", name=created.name, role=ROLE_LABELS[created.role]))


def _manage() -> None:
    st.subheader(L["manage_header"])
    name = st.selectbox(L["user"], records.user_names(), index=None, key="admin_user")
    account = records.user(name) if name else None
    if account is None:
        return
    left, right = st.columns(2)
    if account.disabled:
        if left.button(L["enable"], key="admin_enable", icon=":material/lock_open:"):
            actions.set_disabled(account.name, False)
            _done(render("user_enabled", name=account.name))
    elif left.button(L["disable"], key="admin_disable", icon=":material/block:"):
        actions.set_disabled(account.name, True)
        _done(render("user_disabled_done", name=account.name))
    with right.form("admin_password_form", clear_on_submit=True):
        password = st.text_input(L["new_password"], type="password", key="admin_reset_password")
        if st.form_submit_button(L["reset"], key="admin_reset_submit"):
            actions.set_password(account.name, password)
            _done(render("user_password_changed", name=account.name))
    _role(account)


def _role(account) -> None:
    with st.form("admin_role_form"):
        st.caption(L["role_change"])
        role = st.selectbox(L["role"], ROLES, index=ROLES.index(account.role), format_func=ROLE_LABELS.get,
                            key="admin_role_role")
        codes = st.multiselect(L["regions"], records.plan_regions(), default=list(account.regions),
                               format_func=records.region_label, key="admin_role_regions")
        if st.form_submit_button(L["role_submit"], key="admin_role_submit"):
            changed = actions.set_role(account.name, role, codes)
            _done(render("user_role_changed", name=changed.name, role=ROLE_LABELS[changed.role]))


def _audit() -> None:
    st.subheader(L["audit_header"])
    table = records.audit_table()
    with st.container(key="admin_audit"):
        st.dataframe(table, hide_index=True)
    st.download_button(
        L["audit_download"], data=lambda: downloads.excel_bytes(table, L["audit_sheet"]),
        file_name=L["audit_file"], mime=downloads.XLSX, key="admin_audit_download", on_click="ignore",
        icon=":material/download:",
    )


def _demo() -> None:
    st.subheader(L["demo_header"])
    left, right = st.columns(2)
    if left.button(L["demo_load"], key="admin_demo_load", icon=":material/science:"):
        rows = actions.load_demo()
        _done(render("demo_loaded", rows=rows) if rows else render("demo_exists"))
    if right.button(L["demo_remove"], key="admin_demo_remove", icon=":material/delete:"):
        _done(render("demo_removed", rows=actions.remove_demo()))


for section in (_users, _add_user, _manage, _demo, _audit):
    try:
        section()
    except TargetsError as exc:
        notice.error(exc)
