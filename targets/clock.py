"""The clock: the current instant, and today's date and local times in the configured time zone.

The server may run in UTC while every user reads Beijing time: at 07:30 in Shanghai the server's
own `date.today()` is still yesterday, so a report dated today would be refused as "in the
future". Every date comparison and every time shown to a person goes through here, with the zone
from the `time_zone` setting. `utcnow` is the one call to the system clock; tests replace it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Asia/Shanghai"
SHOWN = "%Y-%m-%d %H:%M:%S"


def utcnow() -> dt.datetime:
    """The current instant, timezone-aware, in UTC (what the store records)."""
    return dt.datetime.now(dt.UTC)


@lru_cache(maxsize=8)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`; ValueError if there is none of that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # ValueError: a malformed key such as "../x"
        raise ValueError(f"unknown time zone {name!r}") from exc


def now(time_zone: str = DEFAULT_TIME_ZONE) -> dt.datetime:
    """The current time in `time_zone`, timezone-aware."""
    return utcnow().astimezone(zone(time_zone))


def today(time_zone: str = DEFAULT_TIME_ZONE) -> dt.date:
    """Today's date in `time_zone` (not the server's): the date every 'not after today' rule uses."""
    return now(time_zone).date()


def local(instant: dt.datetime, time_zone: str = DEFAULT_TIME_ZONE) -> dt.datetime:
    """A stored instant in `time_zone`; a naive value is taken as UTC (SQLite drops the zone)."""
    aware = instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone(time_zone))


def shown(value: object, time_zone: str = DEFAULT_TIME_ZONE) -> str:
    """A stored instant as people read it: local time to the second; other values as text."""
    if isinstance(value, dt.datetime) and value == value:  # pandas NaT is a datetime unequal to itself
        return local(value, time_zone).strftime(SHOWN)
    return "" if value is None or value != value else str(value)
