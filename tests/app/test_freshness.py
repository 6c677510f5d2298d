"""Freshness by data version: a write from another process shows on the next rerun, nothing is cleared.

The dashboard's caches are keyed on the store's data version (ui.data), so these tests forbid
every cache clear while they run: what they see can only come from the version changing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pandas as pd
import pytest

from targets import messages, store
from targets.method import tracking
from targets.method.tracking import status_table
from tests.app.accounts_app import PASSWORD, make_user
from tests.app.conftest import ROOT, page_test
from tests.unit.workbooks import book
from ui import data

DUTY = "jl-2022-t08"  # 个, each of the nine 市州 carries 1
NINE = ["220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400"]


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


def test_after_uploads_and_a_revert_the_page_redoes_only_the_changed_cells(engine, no_clearing, monkeypatch):
    """Each write re-reads and recomputes only the (target, region) pairs it touched, and the page
    still shows exactly what a fresh process computes from the whole store."""
    from targets.config import Settings
    from targets.method import board as board_module
    from targets.store.models import ReportIn
    from tests.app.accounts_app import OFFICE

    def rows(*items):
        return [ReportIn(target=t, region=r, date=d, value=v) for t, r, d, v in items]

    store.import_reports(engine, rows((DUTY, "220100", dt.date(2024, 6, 30), 1)), by=OFFICE)
    whole, full_reads = [], []
    real_board, real_reports = board_module.board, store.reports
    monkeypatch.setattr(data.board, "board",
                        lambda *a, **k: (whole.append(1) if k.get("only") is None and len(a) < 7 else None)
                        or real_board(*a, **k))
    monkeypatch.setattr(data.store, "reports", lambda *a, **k: (full_reads.append(1) if not k else None)
                        or real_reports(*a, **k))
    at = page_test("overview").run()
    assert not at.exception, at.exception
    assert (len(whole), len(full_reads)) == (1, 1)
    as_of = data.plan_as_of("jl-2022")  # the overview's date: every write below keeps it
    upload = store.import_reports(engine, rows(("jl-2022-t01", "220200", dt.date(2024, 6, 30), 40),
                                               (DUTY, "220300", dt.date(2024, 6, 30), 1)), by=OFFICE)
    writes = [lambda: store.import_reports(engine, rows((DUTY, "220400", dt.date(2024, 6, 30), 1)), by=OFFICE),
              lambda: store.revert_upload(engine, upload, OFFICE)]
    for write in [lambda: None, *writes]:
        write()
        at.run()
        assert not at.exception, at.exception
        plans, allocations = store.plans(engine), store.allocations(engine)
        fresh = real_board(plans, allocations, tracking.with_totals(plans, allocations,
                           tracking.observations(real_reports(engine))), as_of, Settings())
        shown = data.status(as_of)  # what the page drew
        pd.testing.assert_frame_equal(shown.reset_index(drop=True), fresh.reset_index(drop=True))
    assert (len(whole), len(full_reads)) == (1, 1)  # never the whole store again


def test_the_status_table_cannot_be_changed_by_a_page(demo_engine):
    table = data.status(None)
    table["status"] = "done"  # a page that writes into what it was given
    assert (data.status(None)["status"] != "done").any()


def test_after_uploads_and_a_revert_the_what_if_basis_is_redone_for_the_changed_cells_only(engine, no_clearing,
                                                                                           monkeypatch):
    """The what-if page's basis (each case's latest report and recent pace) is built in full once; each
    write rebuilds the rows of the cells it reached, and the result equals a full build from the store."""
    from targets.config import Settings
    from targets.method import board as board_module
    from targets.method import whatif
    from targets.store.models import ReportIn
    from tests.app.accounts_app import OFFICE

    def rows(*items):
        return [ReportIn(target=t, region=r, date=d, value=v) for t, r, d, v in items]

    sizes = []
    real_basis = whatif.basis

    def counting(cases, as_of, window):
        cases = list(cases)
        sizes.append(len(cases))
        return real_basis(cases, as_of, window)

    monkeypatch.setattr(whatif, "basis", counting)
    store.import_reports(engine, rows((DUTY, "220100", dt.date(2024, 6, 30), 1)), by=OFFICE)
    at = page_test("whatif").run()
    assert not at.exception, at.exception
    whole = sizes[0]
    assert sizes == [whole] and whole > 50
    as_of, window = data.plan_as_of("jl-2022"), Settings().forecast_window_months
    upload = store.import_reports(engine, rows(("jl-2022-t01", "220200", dt.date(2024, 6, 30), 40),
                                               (DUTY, "220300", dt.date(2024, 6, 30), 1)), by=OFFICE)
    writes = [lambda: store.import_reports(engine, rows((DUTY, "220400", dt.date(2024, 6, 30), 1)), by=OFFICE),
              lambda: store.revert_upload(engine, upload, OFFICE)]
    for write in [lambda: None, *writes]:
        write()
        at.run()
        assert not at.exception, at.exception
        plans, allocations = store.plans(engine), store.allocations(engine)
        obs = tracking.with_totals(plans, allocations, tracking.observations(store.reports(engine)))
        fresh = board_module.board(plans, allocations, obs, as_of, Settings())
        targets = {t.id: t for p in plans for t in p.targets}
        expected = real_basis(whatif.cases(fresh, targets, obs), as_of, window)
        pd.testing.assert_frame_equal(data.whatif_basis(as_of, window).reset_index(drop=True), expected)
    assert max(sizes[1:]) < 10 and len(sizes) == 4  # two, one and two cells: never the whole store again
