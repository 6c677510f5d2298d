"""Writers at the same time, on both engines: one version per key, one current value, setup once.

Each test runs on a SQLite file and, when TEST_POSTGRES_URL names a server, on a fresh PostgreSQL
database (`any_url`). The writers are threads with their own connections, or separate processes
(`python -m targets import`), as a running dashboard and the command line are.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from targets import store
from targets.errors import StoreBusy
from targets.intake import preview
from targets.store import accounts
from targets.store import engine as engine_module
from targets.store.models import ReportIn, ReportRow
from targets.store.versions import begin_write
from tests.conftest import ROOT
from tests.unit.workbooks import CUMULATIVE, book

OFFICE = accounts.operator("tester")
REGIONS = ["220100", "220200", "220300", "220400", "220500"]
DATES = [dt.date(2024, m, 28) for m in (3, 6, 9, 12)]
KEYS = [(CUMULATIVE, r, d) for r in REGIONS for d in DATES]  # 20 keys


def _rows(value: float) -> list[ReportIn]:
    return [ReportIn(target=t, region=r, date=d, value=value) for t, r, d in KEYS]


@pytest.fixture
def opened(any_url):
    eng = store.make_engine(any_url)
    store.init_store(eng)
    yield eng
    eng.dispose()


def _duplicates(eng) -> int:
    with eng.connect() as conn:
        return conn.execute(text(
            "SELECT COUNT(*) FROM (SELECT target, region, date, version FROM report "
            "GROUP BY target, region, date, version HAVING COUNT(*) > 1) d")).scalar_one()


def test_concurrent_uploads_of_the_same_keys_get_distinct_versions(opened):
    """Six writers × three rounds on the same 20 keys: versions 1…18 for each key, none twice."""
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for round_ in range(3):
                store.import_reports(opened, _rows(100 * round_ + n), user=f"w{n}")
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _duplicates(opened) == 0
    history = store.reports(opened, all_versions=True, targets=[CUMULATIVE])
    mine = history[history["region"].isin(REGIONS) & history["date"].isin(DATES)]
    assert sorted(mine.groupby(["region", "date"])["version"].apply(sorted).map(tuple).unique()) == [
        tuple(range(1, 19))]


def test_dashboard_preview_and_history_agree_on_the_current_value(opened):
    first = store.import_reports(opened, _rows(10), user="a")
    second = store.import_reports(opened, _rows(20), user="b")
    store.import_reports(opened, _rows(30), user="c")
    store.revert_upload(opened, second, OFFICE)  # a reverted middle version changes nothing current
    third = store.import_reports(opened, _rows(40), user="d")
    store.revert_upload(opened, third, OFFICE)  # the newest reverted: the one before is current again
    key = (CUMULATIVE, REGIONS[0])
    shown = store.reports(opened, targets=[CUMULATIVE], regions=[REGIONS[0]])
    assert dict(zip(shown["date"], shown["value"])) == {d: 30.0 for d in DATES}
    assert preview.current_values(opened, [CUMULATIVE])[key] == {d: 30.0 for d in DATES}
    history = store.reports(opened, all_versions=True, targets=[CUMULATIVE], regions=[REGIONS[0]])
    marked = history[history["current"]]
    assert list(marked["value"]) == [30.0] * 4 and set(marked["version"]) == {3}
    assert set(history.loc[history["upload"] == first, "current"]) == {False}
    assert set(history.loc[history["upload"].isin([second, third]), "reverted"]) == {True}


def test_the_store_refuses_a_second_row_with_the_same_version(opened):
    store.import_reports(opened, _rows(1)[:1], user="a")
    t, r, d = KEYS[0]
    with pytest.raises(IntegrityError), Session(opened) as session:
        upload = session.execute(text("SELECT MAX(id) FROM upload")).scalar_one()
        session.execute(text("INSERT INTO report (target, region, date, value, note, version, upload, \"user\", "
                             "created) VALUES (:t, :r, :d, 2, '', 1, :u, 'x', :c)"),
                        {"t": t, "r": r, "d": d, "u": upload, "c": dt.datetime(2024, 1, 1)})
        session.commit()


def test_an_older_store_gets_the_unique_key_with_duplicates_renumbered_newest_current(opened, any_url):
    """A store written by concurrent writers before the key existed: duplicates are renumbered in
    id order on the next start, so the row stored last stays current, and the key is added."""
    with opened.begin() as conn:
        conn.execute(text("DROP INDEX uq_report_key"))
        conn.execute(text("DROP TABLE alembic_version"))  # that release had no migrations
    for value in (5, 6, 7):  # three uploads that all took version 1 (as the race did)
        up = store.import_reports(opened, [], user="old")
        with opened.begin() as conn:
            conn.execute(text("INSERT INTO report (target, region, date, value, note, version, upload, \"user\", "
                              "created) VALUES (:t, :r, :d, :v, '', 1, :u, 'old', :c)"),
                         {"t": KEYS[0][0], "r": KEYS[0][1], "d": KEYS[0][2], "v": value, "u": up,
                          "c": dt.datetime(2024, 1, 1)})
    assert _duplicates(opened) == 1
    again = store.make_engine(any_url)
    store.init_store(again)
    assert _duplicates(again) == 0
    history = store.reports(again, all_versions=True, targets=[KEYS[0][0]], regions=[KEYS[0][1]])
    assert list(history["version"]) == [1, 2, 3] and list(history["value"]) == [5.0, 6.0, 7.0]
    assert list(history.loc[history["current"], "value"]) == [7.0]
    with pytest.raises(IntegrityError), again.begin() as conn:
        conn.execute(text("INSERT INTO report (target, region, date, value, note, version, upload, \"user\", "
                          "created) VALUES (:t, :r, :d, 1, '', 3, 1, 'x', :c)"),
                     {"t": KEYS[0][0], "r": KEYS[0][1], "d": KEYS[0][2], "c": dt.datetime(2024, 1, 1)})
    again.dispose()


def test_every_shown_write_raises_the_data_version(opened):
    seen = [store.data_version(opened)]
    upload = store.import_reports(opened, _rows(1), user="a")
    seen.append(store.data_version(opened))
    store.revert_upload(opened, upload, OFFICE)
    seen.append(store.data_version(opened))
    store.edit_target(opened, CUMULATIVE, OFFICE, target=400.0)
    seen.append(store.data_version(opened))
    accounts.add_user(opened, "viewer1", "viewer", "long-enough-1", [], by=OFFICE)  # not shown data
    seen.append(store.data_version(opened))
    assert seen[1] > seen[0] and seen[2] > seen[1] and seen[3] > seen[2] and seen[4] == seen[3]


def test_twelve_imports_into_a_never_opened_store_all_land(any_url, tmp_path):
    """Twelve processes open a new store at once: it is set up once and every import is stored."""
    files = []
    for n in range(12):
        path = tmp_path / f"进展_{n}.xlsx"
        path.write_bytes(book([[CUMULATIVE, r, d, 10 + n, ""] for _, r, d in KEYS]))
        files.append(path)
    env = {**os.environ, "DATABASE_URL": any_url, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "targets", "import", str(f), "--user", "office"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    assert [code for code, _, _ in results] == [0] * 12, results
    assert not any("Traceback" in err for _, _, err in results)
    eng = store.make_engine(any_url)
    history = store.reports(eng, all_versions=True, targets=[CUMULATIVE])
    assert len(history) == 240 and _duplicates(eng) == 0
    with eng.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM plan")).scalar_one() == len(store.plans(eng))
    eng.dispose()


def _hold_write_lock(eng, seconds: float, held: threading.Event) -> threading.Thread:
    def hold() -> None:
        with Session(eng) as session:
            begin_write(session)
            held.set()
            time.sleep(seconds)
            session.commit()

    thread = threading.Thread(target=hold)
    thread.start()
    return thread


def test_a_login_waits_out_a_long_import_instead_of_failing(tmp_path):
    """A writer holds the write lock for 11 s (beyond the old 10 s busy wait, as a 50,000-row import
    did): a login meanwhile waits and succeeds, it does not fail with "database is locked"."""
    eng = store.make_engine(f"sqlite:///{tmp_path / 't.db'}")
    store.init_store(eng)
    accounts.add_user(eng, "office1", "admin", "long-enough-1", [], by=OFFICE)
    held = threading.Event()
    thread = _hold_write_lock(eng, 11, held)
    held.wait(5)
    user = accounts.authenticate(eng, "office1", "long-enough-1")
    token = accounts.start_session(eng, user)
    thread.join()
    assert user.name == "office1" and accounts.session_user(eng, token).name == "office1"
    eng.dispose()


def test_a_write_that_cannot_get_the_lock_is_a_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "WRITE_WAIT_MS", 200)
    eng = store.make_engine(f"sqlite:///{tmp_path / 't.db'}")
    store.init_store(eng)
    held = threading.Event()
    thread = _hold_write_lock(eng, 2, held)
    held.wait(5)
    with pytest.raises(StoreBusy) as caught:
        store.import_reports(eng, _rows(1), user="a")
    thread.join()
    assert str(caught.value) == "正在处理其他上报，请稍候再试。"
    assert store.reports(eng, targets=[CUMULATIVE]).empty  # nothing stored
    eng.dispose()


def test_next_versions_counts_only_the_keys_asked_and_reverted_versions_too(opened):
    """Versions follow each key's own highest (a reverted upload's included), whatever else is stored;
    a key asked twice gets one answer; the stored dates and times read back as written."""
    first = store.import_reports(opened, _rows(1.0), user="a")
    store.import_reports(opened, [ReportIn(target=CUMULATIVE, region="220100", date=DATES[0], value=2.0)], user="b")
    store.revert_upload(opened, first, OFFICE)
    asked = [(CUMULATIVE, "220100", DATES[0]), (CUMULATIVE, "220200", DATES[1]),
             (CUMULATIVE, "220200", DATES[1]), (CUMULATIVE, "220900", DATES[0])]
    with Session(opened) as session:
        begin_write(session)
        assert store.next_versions(session, asked) == {asked[0]: 3, asked[1]: 2, asked[3]: 1}
        assert store.next_versions(session, []) == {}
        session.rollback()
    stored = store.reports(opened, all_versions=True, targets=[CUMULATIVE])
    assert set(stored["date"]) == set(DATES)
    with opened.connect() as conn:
        created = conn.execute(text("SELECT created FROM report LIMIT 1")).scalar_one()
    with Session(opened) as session:  # the ORM reads what the plain insert wrote
        row = session.get(ReportRow, 1)
        assert isinstance(row.created, dt.datetime) and isinstance(row.date, dt.date)
    assert created is not None
