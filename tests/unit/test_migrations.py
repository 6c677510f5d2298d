"""Schema migrations (Alembic): a store made by an earlier release is upgraded keeping every row.

The fixture `store_ee8c31c.sql.gz` is an SQL dump of a store made by the release at commit ee8c31c
(its own code: setup, the demo progress, one account); `store_ee8c31c.reports.json.gz` is what that
release printed for `reports --json --all-versions` on it.
"""

from __future__ import annotations

import gzip
import json
import sqlite3

from sqlalchemy import inspect, text

from targets import cli, store
from targets.store import schema
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def _old_store(path) -> str:
    conn = sqlite3.connect(path)
    conn.executescript(gzip.open(FIXTURES / "store_ee8c31c.sql.gz", "rt", encoding="utf-8").read())
    conn.close()
    return f"sqlite:///{path}"


def _run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_previous_release_store_is_upgraded_keeping_every_report(tmp_path, monkeypatch, capsys):
    url = _old_store(tmp_path / "old.db")
    monkeypatch.setenv("DATABASE_URL", url)
    engine = store.make_engine(url)
    assert schema.revision(engine) is None and "data_version" not in inspect(engine).get_table_names()

    code, _, err = _run(capsys, "db", "upgrade")
    assert code == 0 and schema.head() in err

    assert schema.revision(engine) == schema.head()
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("report")}
    assert indexes["uq_report_key"]["unique"]
    code, out, _ = _run(capsys, "reports", "--json", "--all-versions")
    before = json.loads(gzip.open(FIXTURES / "store_ee8c31c.reports.json.gz", "rt", encoding="utf-8").read())
    assert code == 0 and json.loads(out) == before and len(before) > 2000
    code, out, _ = _run(capsys, "user", "list", "--json")
    assert [u["name"] for u in json.loads(out)] == ["admin"]


def test_duplicate_versions_left_by_old_writers_are_renumbered_newest_last(tmp_path):
    url = _old_store(tmp_path / "old.db")
    with sqlite3.connect(tmp_path / "old.db") as conn:
        target, region, day, version = conn.execute(
            "SELECT target, region, date, version FROM report ORDER BY id LIMIT 1").fetchone()
        conn.execute("INSERT INTO report (target, region, date, value, note, version, upload, user, created) "
                     "SELECT target, region, date, value + 1, note, version, upload, user, created "
                     "FROM report WHERE id = (SELECT MIN(id) FROM report)")
    engine = store.make_engine(url)
    store.init_store(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT version, value FROM report WHERE target = :t AND region = :r "
                                 "AND date = :d ORDER BY id"), {"t": target, "r": region, "d": day}).all()
    assert [v for v, _ in rows] == [version, version + 1]


def test_a_new_store_is_created_at_the_newest_revision_and_opens_again(any_url):
    engine = store.make_engine(any_url)
    store.init_store(engine)
    assert schema.revision(engine) == schema.head()
    store.init_store(engine)  # the second opening runs no revision
    assert schema.revision(engine) == schema.head()
    engine.dispose()


def test_a_store_of_the_release_before_migrations_is_stamped_without_change(any_url):
    """A store with every table but no Alembic version (the release before this one) only gets its stamp."""
    engine = store.make_engine(any_url)
    store.init_store(engine)
    store.import_reports(engine, [], user="x")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        uploads = conn.execute(text("SELECT COUNT(*) FROM upload")).scalar_one()
    store.init_store(engine)
    assert schema.revision(engine) == schema.head()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM upload")).scalar_one() == uploads == 1
    engine.dispose()


def _old_store_on(url: str, tmp_path) -> None:
    """The previous release's store on another engine: its tables, columns, indexes and rows copied from
    the SQLite dump (reflected, so nothing of the current schema leaks in), id sequences moved past the rows."""
    from sqlalchemy import Integer, MetaData, create_engine

    source = create_engine(_old_store(tmp_path / "old.db"))
    old = MetaData()
    old.reflect(source)
    for table in old.tables.values():
        for column in table.columns:
            column.type = column.type.as_generic()  # SQLite's DATETIME as the engine's own date-time type
    target = create_engine(url)
    old.create_all(target)
    with source.connect() as read, target.begin() as write:
        for table in old.sorted_tables:
            rows = [dict(r._mapping) for r in read.execute(table.select())]
            if rows:
                write.execute(table.insert(), rows)
            if "id" in table.c and isinstance(table.c.id.type, Integer) and rows:
                write.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                   f"(SELECT MAX(id) FROM \"{table.name}\"))"))
    source.dispose()
    target.dispose()


def test_the_previous_release_store_on_postgresql_is_upgraded_keeping_every_report(pg_url, tmp_path, capsys):
    _old_store_on(pg_url, tmp_path)
    engine = store.make_engine(pg_url)
    assert schema.revision(engine) is None and "data_version" not in inspect(engine).get_table_names()

    code, _, err = _run(capsys, "db", "upgrade")
    assert code == 0 and schema.head() in err
    assert schema.revision(engine) == schema.head()
    assert {ix["name"]: ix for ix in inspect(engine).get_indexes("report")}["uq_report_key"]["unique"]
    code, out, _ = _run(capsys, "reports", "--json", "--all-versions")
    before = json.loads(gzip.open(FIXTURES / "store_ee8c31c.reports.json.gz", "rt", encoding="utf-8").read())
    assert code == 0 and json.loads(out) == before and len(before) > 2000
    store.import_reports(engine, [], user="admin")  # the upgraded store takes new writes (ids continue)
    engine.dispose()
