"""Lock-out arithmetic, pure: which login attempts may have their password checked, and when a lock ends.

Every attempt first draws a number from two atomic counters in the store (targets.store.logins):
the account's failed logins in a row, and its source's failed logins within a window (the source
is whatever the page knows of the client, e.g. its address). The password is checked only when
both numbers are within their limits, so the limit holds however many attempts run in parallel:
numbers are handed out one by one, and the attempt whose number reaches the limit starts the lock.
A success sets the account's counter back to zero and gives the source its number back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from targets.config import Settings

UNKNOWN_SOURCE = "unknown"  # the bucket of attempts whose client the page cannot tell apart
SOURCE_CHARS = 128


@dataclass(frozen=True)
class Limit:
    """At most `attempts` failures, then `minutes` of lock (for a source, also the counting window)."""

    attempts: int
    minutes: int

    def checks(self, number: int | None) -> bool:
        """Whether the attempt that drew `number` may have its password checked (None: no counter)."""
        return number is not None and number <= self.attempts

    def until(self, now: dt.datetime) -> dt.datetime:
        """When a lock that starts at `now` ends."""
        return now + dt.timedelta(minutes=self.minutes)

    def window_start(self, now: dt.datetime) -> dt.datetime:
        """Failures before this moment no longer count for a source."""
        return now - dt.timedelta(minutes=self.minutes)


def account_limit(settings: Settings) -> Limit:
    """Failed logins in a row that lock an account, and for how long."""
    return Limit(max(1, settings.lockout_attempts), settings.lockout_minutes)


def source_limit(settings: Settings) -> Limit:
    """Failed logins from one source within the window that lock the source, and for how long."""
    return Limit(max(1, settings.login_source_attempts), settings.login_source_minutes)


def source_key(source: str | None) -> str:
    """The counter key of a client: its text, trimmed; the shared bucket when the page knows nothing."""
    text = "".join(ch for ch in (source or "") if ch.isprintable()).strip()[:SOURCE_CHARS]
    return text or UNKNOWN_SOURCE
