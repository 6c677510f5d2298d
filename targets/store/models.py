"""SQLModel tables of the store, and the input models that validate before rows are built."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from targets.clock import utcnow  # the one clock (accounts imports it from here)
from targets.config import NOTE_MAX


class RegionRow(SQLModel, table=True):
    __tablename__ = "region"
    code: str = Field(primary_key=True, max_length=16)
    name: str
    short: str = ""
    level: str
    parent: str = ""
    lon: float | None = None
    lat: float | None = None


class PlanRow(SQLModel, table=True):
    __tablename__ = "plan"
    id: str = Field(primary_key=True)
    title: str
    issuer: str = ""
    doc_number: str = ""
    issued: dt.date | None = None
    scope: str
    region: str
    region_level: str
    regions: str = "[]"  # JSON list of region codes
    source_file: str = ""
    kind: str = "plan"
    note: str = ""


class TargetRow(SQLModel, table=True):
    __tablename__ = "target"
    id: str = Field(primary_key=True)
    plan: str = Field(foreign_key="plan.id", index=True)
    position: int = 0
    definition: str  # JSON of targets.definitions.Target (the loaded YAML, edits by the office)


class AllocationRow(SQLModel, table=True):
    """A region's share of a target; versioned like reports (newest non-reverted version is current)."""

    __tablename__ = "allocation"
    __table_args__ = (Index("uq_allocation_key", "target", "region", "version", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    target: str = Field(foreign_key="target.id", index=True)
    region: str
    share: float
    version: int = 1
    upload: int | None = Field(default=None, foreign_key="upload.id")
    user: str = ""
    created: dt.datetime = Field(default_factory=utcnow)


class UserRow(SQLModel, table=True):
    __tablename__ = "account"
    name: str = Field(primary_key=True)
    role: str
    regions: str = "[]"  # JSON list of region codes an officer may report for
    password_hash: str = ""
    disabled: bool = False
    failed_logins: int = 0
    locked_until: dt.datetime | None = None
    created: dt.datetime = Field(default_factory=utcnow)


class UploadRow(SQLModel, table=True):
    __tablename__ = "upload"
    id: int | None = Field(default=None, primary_key=True)
    user: str
    time: dt.datetime = Field(default_factory=utcnow)
    file: str = ""
    sha256: str = ""
    rows: int = 0
    outcome: str = "committed"
    reverted: bool = False
    source: str = "upload"  # upload | demo | document | allocation


class ReportRow(SQLModel, table=True):
    __tablename__ = "report"
    __table_args__ = (Index("uq_report_key", "target", "region", "date", "version", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    target: str = Field(index=True)
    region: str
    date: dt.date
    value: float
    note: str = ""
    version: int = 1
    upload: int = Field(foreign_key="upload.id", index=True)
    user: str = ""
    created: dt.datetime = Field(default_factory=utcnow)


class DataVersionRow(SQLModel, table=True):
    """One row: the store's data version, raised by every write a page shows (targets.store.versions)."""

    __tablename__ = "data_version"
    id: int = Field(default=1, primary_key=True)
    version: int = 0


class AuditRow(SQLModel, table=True):
    """Append-only log of every write: who, when, what."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    time: dt.datetime = Field(default_factory=utcnow)
    user: str
    action: str
    detail: str = ""


class ReportIn(BaseModel):
    """One validated progress row, ready to be stored."""

    target: str = PydField(min_length=1)
    region: str = PydField(min_length=1)
    date: dt.date
    value: float = PydField(ge=0)
    note: str = PydField(default="", max_length=NOTE_MAX)  # refused when longer: a cut note loses evidence


class LoginSourceRow(SQLModel, table=True):
    """Failed logins per client source (e.g. its address) within a window: the per-source rate limit."""

    __tablename__ = "login_source"
    source: str = Field(primary_key=True, max_length=128)
    failures: int = 0
    since: dt.datetime = Field(default_factory=utcnow)  # start of the counting window
    locked_until: dt.datetime | None = None


class SessionRow(SQLModel, table=True):
    """A login session: only the hash of its random token is stored."""

    __tablename__ = "login_session"
    token_hash: str = Field(primary_key=True)
    user: str = Field(foreign_key="account.name")
    created: dt.datetime = Field(default_factory=utcnow)
    expires: dt.datetime


class LoginTicketRow(SQLModel, table=True):
    """A one-time ticket for the login cookie: its hash, the session token sealed with it, a short life."""

    __tablename__ = "login_ticket"
    ticket_hash: str = Field(primary_key=True)
    sealed: str  # the session token, readable only with the ticket itself (targets.store.sessions)
    expires: dt.datetime


class PlanDefinitionRow(SQLModel, table=True):
    """Which release (`version`) of a plan's shipped definitions the store holds, and the plan-level
    data the first release had no column for: named region groups and the document's facts (JSON).

    A store made before definitions were versioned has no row here: it holds version 1.
    """

    __tablename__ = "plan_definition"
    plan: str = Field(primary_key=True, foreign_key="plan.id")
    version: int = 1
    region_groups: str = "[]"  # JSON list of [name, [region codes]]
    facts: str = "[]"  # JSON list of targets.plans.facts.fact_to_dict
    applied: dt.datetime = Field(default_factory=utcnow)
