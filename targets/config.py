"""Settings: one table of names, defaults and help; resolved once from a mapping (env or secrets)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
PLANS_DIR = DATA_DIR / "plans"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'targets.db'}"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", DEFAULT_DATABASE_URL, "SQLAlchemy URL of the store (DATABASE_URL)."),
    Setting("on_track_pace", 0.95, "Pace at or above which a target is on track (inclusive)."),
    Setting("behind_pace", 0.80, "Pace at or above which a target is behind, below it off track."),
    Setting("forecast_window_months", 6, "Months of recent reports the forecast projects forward."),
    Setting("anonymous_read", True, "Visitors who are not logged in may read the dashboard."),
    Setting("session_minutes", 480, "Minutes a login stays valid."),
    Setting("lockout_attempts", 5, "Failed logins in a row that lock an account."),
    Setting("lockout_minutes", 15, "Minutes an account stays locked after too many failures."),
    Setting("max_upload_mb", 10, "Largest accepted workbook, in megabytes."),
    Setting("max_rows", 50_000, "Most data rows accepted in one workbook."),
    Setting("max_unzipped_mb", 200, "Largest total size the parts of a workbook may inflate to."),
    Setting("allocation_warn_factor", 10, "Warn when a value exceeds this multiple of its allocation."),
    # -- duties and supervision --
    Setting("duty_soon_days", 14, "Days before a duty's due date from which it is due soon (blue notice)."),
    Setting("max_evidence_mb", 10, "Largest accepted evidence file of a duty report, in megabytes."),
    Setting("smtp_host", "", "Intranet SMTP server for chase notices; empty: never send e-mail."),
    Setting("smtp_port", 25, "Port of the SMTP server."),
    Setting("smtp_sender", "", "Sender address of chase notices."),
    Setting("smtp_starttls", False, "Upgrade the SMTP connection with STARTTLS."),
    Setting("smtp_user", "", "SMTP login name (empty: no login)."),
    Setting("smtp_password", "", "SMTP password (only from the environment or secrets)."),
)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    on_track_pace: float = 0.95
    behind_pace: float = 0.80
    forecast_window_months: int = 6
    anonymous_read: bool = True
    session_minutes: int = 480
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    max_upload_mb: int = 10
    max_rows: int = 50_000
    max_unzipped_mb: int = 200
    allocation_warn_factor: float = 10
    duty_soon_days: int = 14
    max_evidence_mb: int = 10
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_sender: str = ""
    smtp_starttls: bool = False
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Settings:
        """Build settings from a mapping of lower-case names (or their upper-case env names)."""
        kwargs: dict[str, object] = {}
        for f in fields(cls):
            raw = values.get(f.name, values.get(f.name.upper()))
            if raw is None or raw == "":
                continue
            kwargs[f.name] = _coerce(raw, type(f.default))
        return cls(**kwargs)

    @classmethod
    def from_env(cls, extra: Mapping[str, object] | None = None) -> Settings:
        """Settings from `extra` (e.g. st.secrets) overridden by the environment."""
        merged: dict[str, object] = dict(extra or {})
        for f in fields(cls):
            env = os.environ.get(f.name.upper())
            if env:
                merged[f.name] = env
        return cls.from_mapping(merged)


def _coerce(raw: object, kind: type) -> object:
    if kind is bool and isinstance(raw, str):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)
