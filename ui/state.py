"""Session-state keys (UI state only: filters, selections, the login token, a pending upload)."""

from __future__ import annotations

import streamlit as st

PLAN = "filter_plan"
CATEGORY = "filter_category"
LEAD = "filter_lead"
REGION = "filter_region"
STATUS = "filter_status"
AS_OF = "filter_as_of"
HIDE_UNCERTAIN = "filter_hide_uncertain"
PROJECTOR = "filter_projector"
TARGET = "selected_target"
AUTH_TOKEN = "auth_token"
LOGGED_OUT = "auth_logged_out"  # logged out in this tab: the cookie it connected with is not taken again
COOKIE_CALL = "auth_cookie_call"  # ("POST", token) after a login, ("DELETE", "") after a logout: sent once
PENDING_UPLOAD = "pending_upload"
URL_SEEDED = "url_seeded"  # the URL's values were read (once per session)
URL_REJECTED = "url_rejected"  # the URL values refused on that read, for the one-line notice

DEFAULT_PLAN = "jl-2022"


def get(key: str, default: object = None) -> object:
    """A session value with a default (pages run standalone, so nothing is assumed set)."""
    return st.session_state.get(key, default)


def put(key: str, value: object) -> None:
    """Set a session value."""
    st.session_state[key] = value
