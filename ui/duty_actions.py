"""Every duty write a page makes: re-check the session on the server, then write.

The account always comes from `ui.auth.require_user()` (session token → store); who may do what is
decided by targets.intake.duty_reports.allowed.
"""

from __future__ import annotations

import datetime as dt

from targets import permissions
from targets.intake import duty_reports, mail
from targets.intake.mail import Sent
from targets.method.agenda import Key
from targets.method.chase import Notice
from targets.permissions import User
from ui import auth, data


def report(key: Key, done: dt.date, note: str, files: list[tuple[str, bytes]]) -> int:
    """An officer (or the office) reports an item done, with evidence files."""
    step = duty_reports.report(data.get_engine(), auth.require_user(), key, done, note, files, data.settings())
    return step


def confirm(key: Key) -> None:
    """The office confirms a reported item."""
    duty_reports.confirm(data.get_engine(), auth.require_user(), key, data.settings())


def send_back(key: Key, reason: str) -> None:
    """The office sends a report back with a reason."""
    duty_reports.send_back(data.get_engine(), auth.require_user(), key, reason, data.settings())


def exempt(key: Key, reason: str) -> None:
    """The office marks an item not applicable."""
    duty_reports.exempt(data.get_engine(), auth.require_user(), key, reason, data.settings())


def evidence_file(evidence_id: int) -> bytes:
    """One evidence file's bytes, for a reader allowed to see it (checked again on every click)."""
    return duty_reports.evidence_file(data.get_engine(), auth.current_user(), evidence_id)[1]


def send_mail(found: list[Notice], as_of: dt.date) -> Sent:
    """Admin: send the notices through the configured intranet SMTP server."""
    user: User = auth.require_user()
    permissions.require(user, "chase")
    return mail.send(data.get_engine(), found, as_of, data.settings(), user.name)
