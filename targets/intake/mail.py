"""Chase notices by e-mail through the configured intranet SMTP server; never unless asked, never by default.

Each unit with a registered address gets its notice as the message text, with the .docx attached.
Nothing is sent when `smtp_host` is empty. Each message sent is audited.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import Engine

from targets import messages
from targets.config import Settings
from targets.errors import InvalidInput, TargetsError
from targets.intake.chase_list import notice_text, notices_docx
from targets.method.chase import Notice
from targets.store import duties as stored

ADDRESS = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+$")
DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


@dataclass(frozen=True)
class Sent:
    sent: tuple[str, ...]  # units
    missing: tuple[str, ...]  # units without an address


def set_contact(engine: Engine, unit: str, email: str, user: str) -> None:
    """Register the address a unit's notices go to; InvalidInput for an address that is not one."""
    if not ADDRESS.match(email.strip()):
        raise InvalidInput("contact_invalid", email=email)
    stored.set_contact(engine, unit.strip(), email.strip(), user)


def message(notice: Notice, as_of: dt.date, sender: str, to: str) -> EmailMessage:
    """One unit's notice as an e-mail: the text, with the .docx attached."""
    msg = EmailMessage()
    msg["Subject"] = messages.render("chase_subject", title=messages.CHASE_TITLES[notice.colour], unit=notice.unit,
                                     count=len(notice.entries), as_of=as_of.isoformat())
    msg["From"], msg["To"] = sender, to
    msg.set_content(notice_text(notice, as_of))
    name = f"{messages.CHASE_TITLES[notice.colour]}-{notice.unit}-{as_of.isoformat()}.docx"
    msg.add_attachment(notices_docx([notice], as_of), maintype=DOCX[0], subtype=DOCX[1], filename=name)
    return msg


def send(engine: Engine, found: Sequence[Notice], as_of: dt.date, settings: Settings, user: str) -> Sent:
    """Send every notice whose unit has an address; stops at the first failure with a sentence."""
    if not settings.smtp_host:
        raise InvalidInput("mail_not_configured")
    book = stored.contacts(engine)
    ready = [n for n in found if n.unit in book]
    missing = tuple(n.unit for n in found if n.unit not in book)
    sent: list[str] = []
    current = ("", "")
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            for notice in ready:
                current = (notice.unit, book[notice.unit])
                smtp.send_message(message(notice, as_of, settings.smtp_sender or settings.smtp_user, current[1]))
                stored.log_sent(engine, user, notice.unit, current[1], len(notice.entries))
                sent.append(notice.unit)
    except (OSError, smtplib.SMTPException) as exc:
        raise TargetsError("mail_failed", unit=current[0] or settings.smtp_host, email=current[1] or "-",
                           problem=type(exc).__name__)
    return Sent(tuple(sent), missing)
