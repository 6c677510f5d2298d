"""The duty workflow on PostgreSQL: item steps, evidence bytes (bytea) and times round-trip unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from targets import store
from targets.intake import duty_reports
from targets.store.accounts import User
from tests.conftest import SERVER
from tests.unit import evidence_files as files

pytestmark = pytest.mark.skipif(not SERVER, reason="TEST_POSTGRES_URL not set (test.sh sets it when run as root)")
KEY = ("jl-2022-t23", "220100", 2024)


def test_report_with_evidence_and_confirm_on_postgres(pg_url):
    engine = store.make_engine(pg_url)
    store.init_store(engine)
    office = User("office", "admin", ())
    duty_reports.report(engine, office, KEY, dt.date(2024, 7, 30), "已报送", [("计划表.docx", files.docx())])
    duty_reports.confirm(engine, office, KEY)
    item = duty_reports.item(engine, KEY)
    assert (item.state, item.done, item.evidence) == ("done_on_time", dt.date(2024, 7, 30), 1)
    (meta,) = duty_reports.evidence_list(engine, office, KEY)
    content = duty_reports.evidence_file(engine, office, int(meta["id"]))[1]
    assert content[:2] == b"PK" and len(content) == meta["size"]
    assert [e.action for e in duty_reports.history(engine, KEY)] == ["submit", "confirm"]
    engine.dispose()
