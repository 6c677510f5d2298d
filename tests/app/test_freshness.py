"""Freshness by data version: a write from another process shows on the next rerun, nothing is cleared.

The dashboard's caches are keyed on the store's data version (ui.data), so these tests forbid
every cache clear while they run: what they see can only come from the version changing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import streamlit as st

from targets import messages, store
from targets.method.tracking import status_table
from tests.app.accounts_app import PASSWORD, make_user
from tests.app.conftest import ROOT, page_test
from tests.unit.workbooks import book
from ui import data

DUTY = "jl-2022-t08"  # 个, each of the nine 市州 carries 1
NINE = ["220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400"]


@pytest.fixture
def no_clearing(clean_caches):
    """Any cache clear during the test fails it (undone before the fixtures' own clearing)."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a cache was cleared")

    saved = st.cache_data.clear, st.cache_resource.clear
    st.cache_data.clear = st.cache_resource.clear = refuse
    yield
    st.cache_data.clear, st.cache_resource.clear = saved


def _kpis(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _no_data(engine) -> int:
    table = status_table(store.plans(engine), store.allocations(engine), store.reports(engine))
    return int((table[table["plan"] == "jl-2022"]["status"] == "no_data").sum())


def test_an_import_from_the_command_line_shows_on_the_next_rerun(engine, db_url, tmp_path, no_clearing):
    at = page_test("overview").run()
    assert not at.exception, at.exception
    label = messages.STATUS_LABELS["no_data"]
    before = _no_data(engine)
    assert _kpis(at)[label] == f"{before:,}"
    path = tmp_path / "进展.xlsx"
    path.write_bytes(book([[DUTY, code, dt.date(2024, 6, 30), 1, ""] for code in NINE]))
    done = subprocess.run([sys.executable, "-m", "targets", "import", str(path), "--user", "office"], cwd=ROOT,
                          env={**os.environ, "DATABASE_URL": db_url}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    after = _no_data(engine)
    assert after == before - 9
    at.run()
    assert not at.exception, at.exception
    assert _kpis(at)[label] == f"{after:,}"


def test_a_login_leaves_every_cache_in_place(engine, no_clearing, monkeypatch):
    """Logging in recomputes nothing: the overview after it reuses the status table from before it."""
    make_user(engine, "alice", "officer", ("220100",))
    computed = []
    real = data.board.board
    monkeypatch.setattr(data.board, "board", lambda *a, **k: computed.append(1) or real(*a, **k))
    overview = page_test("overview").run()
    assert not overview.exception, overview.exception
    assert len(computed) == 1
    login = page_test("login").run()
    login.text_input(key="login_name").input("alice")
    login.text_input(key="login_password").input(PASSWORD)
    login.button(key="login_submit").click().run()
    assert not login.exception, login.exception
    assert login.session_state["auth_token"]
    overview.run()
    assert not overview.exception, overview.exception
    assert len(computed) == 1


def test_cached_frames_cannot_be_changed_by_a_page(demo_engine):
    frame = data.reports()
    frame["value"] = 0.0  # a page that writes into what it was given
    assert data.reports()["value"].sum() > 0
    with pytest.raises(TypeError):
        data.observations()[("x", "y")] = []  # type: ignore[index]
