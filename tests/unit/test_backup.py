"""Backup and restore on both engines: the restored store answers every query as the original did.

Each test runs on a SQLite file and, when TEST_POSTGRES_URL names a server, on PostgreSQL
(`any_url`); restores go into a second, new store of the same engine, and across engines.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import uuid

import pytest
from sqlalchemy import text

from targets import cli, demo, store
from targets.store import accounts, backup
from targets.store.models import ReportIn
from tests.conftest import DEMO_TODAY, SERVER
from tests.unit.workbooks import CUMULATIVE

OFFICE = accounts.operator("tester")
COMPARED = (("reports", "--json", "--all-versions"), ("uploads", "--json"),
            ("status", "--json", "--as-of", "2026-11-01"))


def _run(capsys, monkeypatch, url, *argv):
    monkeypatch.setenv("DATABASE_URL", url)
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _answers(capsys, monkeypatch, url) -> dict:
    answers = {}
    for argv in COMPARED:
        code, out, _ = _run(capsys, monkeypatch, url, *argv)
        assert code == 0
        answers[argv[0]] = json.loads(out)
    return answers


@pytest.fixture
def second_url(any_url, tmp_path):
    """A second, never-opened store on the same engine as `any_url`."""
    if not any_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    import psycopg

    name = f"targets_{uuid.uuid4().hex[:10]}"
    plain = SERVER.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield SERVER.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _filled(url):
    engine = store.make_engine(url)
    store.init_store(engine)
    demo.load_demo(engine, today=DEMO_TODAY)
    accounts.add_user(engine, "admin", "admin", "pass-word-1", [], OFFICE)
    rows = [ReportIn(target=CUMULATIVE, region="220100", date=dt.date(2024, m, 28), value=10.0 * m) for m in (3, 6)]
    store.import_reports(engine, rows, user="a")
    second = store.import_reports(engine, [r.model_copy(update={"value": 1.0}) for r in rows], user="b")
    store.revert_upload(engine, second, OFFICE)
    return engine


def test_a_restored_store_answers_reports_uploads_and_status_exactly(any_url, second_url, tmp_path, capsys,
                                                                     monkeypatch):
    _filled(any_url).dispose()
    before = _answers(capsys, monkeypatch, any_url)
    code, _, err = _run(capsys, monkeypatch, any_url, "backup", "-o", str(tmp_path / "store.backup"))
    assert code == 0 and "已备份" in err

    code, _, err = _run(capsys, monkeypatch, second_url, "restore", str(tmp_path / "store.backup"))
    assert code == 0 and "恢复（" in err
    assert _answers(capsys, monkeypatch, second_url) == before
    other = f"sqlite:///{tmp_path / 'other-engine.db'}"  # the same file restores into SQLite too
    assert _run(capsys, monkeypatch, other, "restore", str(tmp_path / "store.backup"))[0] == 0
    assert _answers(capsys, monkeypatch, other)["reports"] == before["reports"]

    restored = store.make_engine(second_url)  # ids continue after the restored ones
    new = store.import_reports(restored, [ReportIn(target=CUMULATIVE, region="220200", date=dt.date(2024, 3, 28),
                                                   value=5.0)], user="c")
    assert new == max(u["id"] for u in before["uploads"]) + 1
    restored.dispose()


def test_restore_refuses_a_store_that_holds_data(any_url, second_url, tmp_path, capsys, monkeypatch):
    _filled(any_url).dispose()
    assert _run(capsys, monkeypatch, any_url, "backup", "-o", str(tmp_path / "b"))[0] == 0
    code, _, err = _run(capsys, monkeypatch, any_url, "restore", str(tmp_path / "b"))
    assert code == 1 and "不是空的" in err and "account" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("content", [b"", b"not a backup at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_restore_refuses_an_unreadable_backup_with_a_sentence(content, tmp_path, db_url, capsys, monkeypatch):
    path = tmp_path / "broken.backup"
    path.write_bytes(content)
    code, _, err = _run(capsys, monkeypatch, db_url, "restore", str(path))
    assert code == 1 and f"无法读取备份文件 {path}" in err and "Traceback" not in err


def test_restore_refuses_a_sqlite_file_that_is_not_a_backup_and_a_missing_file(tmp_path, db_url, capsys,
                                                                                monkeypatch):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    for path in (other, tmp_path / "missing.backup"):
        code, _, err = _run(capsys, monkeypatch, db_url, "restore", str(path))
        assert code == 1 and "无法读取备份文件" in err


def test_a_backup_taken_while_another_writer_commits_holds_whole_uploads_only(any_url, second_url, tmp_path):
    """Uploads of 40 rows commit in a loop while the backup runs: each upload is in the backup wholly or not at all."""
    engine = store.make_engine(any_url)
    store.init_store(engine)
    demo.load_demo(engine, today=DEMO_TODAY)
    regions = ["220100", "220200", "220300", "220400", "220500"]
    dates = [dt.date(2024, m, 28) for m in range(1, 9)]
    stop = threading.Event()
    written: list[int] = []
    errors: list[BaseException] = []

    def writer() -> None:
        n = 0
        try:
            while not stop.is_set() or n < 3:
                n += 1
                rows = [ReportIn(target=CUMULATIVE, region=r, date=d, value=float(n)) for r in regions for d in dates]
                written.append(store.import_reports(engine, rows, user="w"))
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    while len(written) < 2:
        thread.join(0.01)
    backup.backup(engine, tmp_path / "live.backup")
    stop.set()
    thread.join()
    assert errors == []

    target = store.make_engine(second_url)
    store.init_store(target)
    backup.restore(target, tmp_path / "live.backup")
    with target.connect() as conn:
        uploads = dict(conn.execute(text("SELECT id, rows FROM upload")).all())
        per_upload = dict(conn.execute(text("SELECT upload, COUNT(*) FROM report GROUP BY upload")).all())
    mine = [u for u in uploads if u in written]
    assert mine, "the backup holds at least the uploads committed before it started"
    assert all(per_upload.get(u) == uploads[u] == 40 for u in mine)
    assert set(per_upload) <= set(uploads)
    engine.dispose()
    target.dispose()
