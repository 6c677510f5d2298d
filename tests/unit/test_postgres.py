"""The same store on PostgreSQL (the scale-out engine): DATABASE_URL postgresql+psycopg:// works unchanged.

Runs when TEST_POSTGRES_URL names a server (test.sh starts a throwaway one when run as root).
"""

import datetime as dt
import json

import pytest

from targets import cli, demo, store
from targets.store import accounts
from targets.store.models import ReportIn
from tests.conftest import SERVER

OFFICE = accounts.operator("tester")
pytestmark = pytest.mark.skipif(not SERVER, reason="TEST_POSTGRES_URL not set (test.sh sets it when run as root)")


def test_versioning_and_revert_on_postgres(pg_url):
    engine = store.make_engine(pg_url)
    store.init_store(engine)
    row = {"target": "jl-2022-t01", "region": "220100", "date": dt.date(2023, 6, 30)}
    store.import_reports(engine, [ReportIn(**row, value=10)], user="a")
    second = store.import_reports(engine, [ReportIn(**row, value=12)], user="b")
    assert list(store.reports(engine).query("target == 'jl-2022-t01'")["value"]) == [12]
    store.revert_upload(engine, second, OFFICE)
    assert list(store.reports(engine).query("target == 'jl-2022-t01'")["value"]) == [10]
    engine.dispose()


def test_command_line_on_postgres(pg_url, capsys):
    assert cli.main(["demo"]) == 0
    capsys.readouterr()
    assert cli.main(["status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) > 150 and {r["status"] for r in rows} >= {"done", "on_track"}


def test_demo_rows_match_sqlite(pg_url, tmp_path):
    pg = store.make_engine(pg_url)
    lite = store.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    for engine in (pg, lite):
        store.init_store(engine)
        demo.load_demo(engine, today=dt.date(2026, 11, 1))
    a, b = store.reports(pg), store.reports(lite)
    assert len(a) == len(b) and a["value"].sum() == pytest.approx(b["value"].sum())
