"""The clock: 'today' is the configured zone's date (Asia/Shanghai), not the server's."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from targets import clock
from targets.config import Settings
from targets.intake import uploads
from targets.store.accounts import User
from tests.conftest import ROOT
from tests.unit.workbooks import CUMULATIVE, book, row

LATE_UTC = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)  # 07:30 on 2 March in Shanghai
OFFICE = User("office", "admin", ())


@pytest.fixture
def late_evening_utc(monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: LATE_UTC)


@pytest.mark.parametrize(("zone", "day"), [
    ("Asia/Shanghai", dt.date(2026, 3, 2)),
    ("UTC", dt.date(2026, 3, 1)),
    ("America/New_York", dt.date(2026, 3, 1)),
])
def test_today_is_the_date_in_the_configured_zone(late_evening_utc, zone, day):
    assert clock.today(zone) == day


def test_the_default_zone_is_shanghai(late_evening_utc):
    assert clock.today() == dt.date(2026, 3, 2)
    assert clock.now().utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize(("stored", "shown"), [
    (dt.datetime(2026, 3, 1, 23, 30), "2026-03-02 07:30:00"),  # SQLite hands back naive UTC
    (LATE_UTC, "2026-03-02 07:30:00"),
    (None, ""),
    ("x", "x"),
])
def test_times_are_shown_in_utc_plus_8(stored, shown):
    assert clock.shown(stored) == shown


def test_an_unknown_zone_is_a_value_error():
    with pytest.raises(ValueError):
        clock.zone("Nowhere/City")


def test_a_report_dated_today_in_shanghai_is_not_in_the_future(engine, late_evening_utc):
    data = book([row(12, target=CUMULATIVE, date=dt.date(2026, 3, 2))])
    checked = uploads.check(engine, data, "p.xlsx", OFFICE, Settings())
    assert "date_in_future" not in {i.code for i in checked.issues}
    in_utc = uploads.check(engine, data, "p.xlsx", OFFICE, Settings(time_zone="UTC"))
    assert "date_in_future" in {i.code for i in in_utc.issues}


SYSTEM_CLOCK = re.compile(  # clock.utcnow() is the clock itself
    r"\bdate\.today\(|\bdatetime\.now\(|(?<!clock\.)\butcnow\(\)|\btime\.time\(|timedelta\(hours=8\)")


def test_only_the_clock_reads_the_system_clock():
    product = [p for folder in ("targets", "ui", "pages") for p in (ROOT / folder).rglob("*.py")]
    readers = {str(p.relative_to(ROOT)) for p in product
               if SYSTEM_CLOCK.search(re.sub(r'""".*?"""', "", p.read_text(encoding="utf-8"), flags=re.S))}
    # utcnow() here is targets.clock.utcnow (re-exported by the store models for the accounts)
    assert readers <= {"targets/clock.py", "targets/store/accounts.py", "targets/store/models.py",
                       "targets/store/sessions.py"}, readers
