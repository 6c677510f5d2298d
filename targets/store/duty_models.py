"""Tables of the duty workflow: each step of an item (report, confirm, send back, exempt) and its evidence files."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from targets.store.models import utcnow


class DutyEventRow(SQLModel, table=True):
    """One step of a (duty, region, year) item; append-only, like the audit log."""

    __tablename__ = "duty_event"
    id: int | None = Field(default=None, primary_key=True)
    target: str = Field(index=True)
    region: str
    year: int
    action: str  # submit | confirm | send_back | exempt
    done: dt.date | None = None  # submit: the day the duty was done
    note: str = ""  # submit: the officer's note; send_back / exempt: the reason
    user: str
    time: dt.datetime = Field(default_factory=utcnow)
    source: str = "page"  # page | cli


class EvidenceRow(SQLModel, table=True):
    """An evidence file of a report, kept in the store (never executed, never rendered)."""

    __tablename__ = "duty_evidence"
    id: int | None = Field(default=None, primary_key=True)
    event: int = Field(foreign_key="duty_event.id", index=True)
    target: str
    region: str
    year: int
    filename: str
    kind: str  # pdf | png | jpeg | gif | webp | docx | xlsx
    size: int
    sha256: str
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    user: str
    time: dt.datetime = Field(default_factory=utcnow)


class ContactRow(SQLModel, table=True):
    """The intranet e-mail address a responsible unit's chase notices go to."""

    __tablename__ = "duty_contact"
    unit: str = Field(primary_key=True)
    email: str
    user: str = ""
    time: dt.datetime = Field(default_factory=utcnow)
