"""Settings: one declared table (name, type, default, what it accepts, help), read with pydantic-settings.

Each setting is declared once, as a field of `Settings`; `SETTINGS` is that table read back (for
the README meta-test and the sentences that name a setting). Values come from upper-case environment
variables (`MAX_ROWS=60000`) over `.streamlit/secrets.toml` (the app passes st.secrets as a mapping)
over the defaults. `Settings(...)` itself reads nothing, so default arguments and tests never see the
environment; `Settings.from_env()` is the one place it is read, once, by the command line and by
ui.data. A bad value is an InvalidInput naming the setting and what it accepts, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from targets import clock, messages
from targets.errors import InvalidInput

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
PLANS_DIR = DATA_DIR / "plans"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'targets.db'}"
TABLE_ROWS_SHOWN = 200  # rows of a long table drawn on a page (most important first); its download has all
NOTE_MAX = 2000  # characters of a progress row's 说明; a longer note is refused, never cut

# What a value must look like, by kind; each kind has a sentence `setting_accepts_<kind>` in messages.
Accepts = Literal["url", "fraction", "count", "number", "switch", "time_zone", "text"]


def _setting(default: object, accepts: Accepts, help: str, **constraints: Any) -> Any:
    """One row of the table: the default, the kind of value it accepts, its help, its bounds."""
    return Field(default, description=help, json_schema_extra={"accepts": accepts}, **constraints)


class Settings(BaseSettings):
    """Every setting of the product; frozen once resolved."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", case_sensitive=False, env_ignore_empty=True)

    database_url: str = _setting(DEFAULT_DATABASE_URL, "url", "SQLAlchemy URL of the store (DATABASE_URL).",
                                 pattern=r"^[A-Za-z][A-Za-z0-9+.-]*://")
    on_track_pace: float = _setting(0.95, "fraction", "Pace at or above which a target is on track (inclusive).",
                                    gt=0, le=1)
    behind_pace: float = _setting(0.80, "fraction", "Pace at or above which a target is behind, below it off track.",
                                  gt=0, le=1)
    forecast_window_months: int = _setting(6, "count", "Months of recent reports the forecast projects forward.",
                                           ge=1, le=120)
    anonymous_read: bool = _setting(True, "switch", "Visitors who are not logged in may read the dashboard.")
    session_minutes: int = _setting(480, "count", "Minutes a login stays valid (across reloads, tabs and "
                                    "app processes: an HttpOnly cookie holds its token).", ge=1)
    trusted_user_header: str = _setting("", "text", "Request header naming the account that the reverse proxy "
                                        "authenticated (e.g. X-Remote-User); empty: not used.")
    trusted_proxy: str = _setting("", "text", "Address(es), comma-separated, the trusted header is accepted "
                                  "from (the reverse proxy); from any other address it is ignored.")
    lockout_attempts: int = _setting(5, "count", "Failed logins in a row that lock an account.", ge=1)
    lockout_minutes: int = _setting(15, "count", "Minutes an account stays locked after too many failures.", ge=1)
    login_source_attempts: int = _setting(20, "count", "Failed logins from one client address within the window "
                                          "that lock it.", ge=1)
    login_source_minutes: int = _setting(15, "count", "Window and lock time, in minutes, of the per-address "
                                         "login limit.", ge=1)
    max_upload_mb: int = _setting(10, "count", "Largest accepted workbook, in megabytes.", ge=1)
    max_rows: int = _setting(50_000, "count", "Most data rows accepted in one workbook.", ge=1)
    max_unzipped_mb: int = _setting(200, "count", "Largest total size the parts of a workbook may inflate to.",
                                    ge=1)
    allocation_warn_factor: float = _setting(10.0, "number",
                                             "Warn when a value exceeds this multiple of its allocation.", gt=0)
    time_zone: str = _setting(clock.DEFAULT_TIME_ZONE, "time_zone",
                              "IANA time zone of 'today' and of every time shown (Asia/Shanghai is UTC+8).")
    # -- duties and supervision --
    duty_soon_days: int = _setting(14, "count", "Days before a duty's due date from which it is due soon.",
                                   ge=1, le=366)
    max_evidence_mb: int = _setting(10, "count", "Largest accepted evidence file of a duty report, in megabytes.", ge=1)
    smtp_host: str = _setting("", "text", "Intranet SMTP server for chase notices; empty: never send e-mail.")
    smtp_port: int = _setting(25, "count", "Port of the SMTP server.", ge=1, le=65535)
    smtp_sender: str = _setting("", "text", "Sender address of chase notices.")
    smtp_starttls: bool = _setting(False, "switch", "Upgrade the SMTP connection with STARTTLS.")
    smtp_user: str = _setting("", "text", "SMTP login name (empty: no login).")
    smtp_password: str = _setting("", "text", "SMTP password (only from the environment or secrets).", repr=False)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Only the values passed in: the environment is read in from_env(), once, not at every
        # Settings() (several are default arguments, built at import time).
        return (init_settings,)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        clock.zone(value)
        return value

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> Settings:
        if self.behind_pace > self.on_track_pace:
            raise InvalidInput("setting_thresholds", behind=self.behind_pace, on_track=self.on_track_pace)
        return self

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Settings:
        """Settings from a mapping of names, lower or upper case; InvalidInput names a bad value."""
        given: dict[str, Any] = {str(k).lower(): v for k, v in values.items() if v is not None and v != ""}
        try:
            return cls(**{k: v for k, v in given.items() if k in cls.model_fields})
        except ValidationError as exc:
            raise _invalid(exc) from None

    @classmethod
    def from_env(cls, extra: Mapping[str, object] | None = None) -> Settings:
        """Settings from the environment over `extra` (st.secrets) over the defaults."""
        extra = extra or {}
        merged = {str(k).lower(): v for k, v in extra.items()}
        merged.update(_environment(extra))
        return cls.from_mapping(merged)


def _environment(secrets: Mapping[str, object]) -> dict[str, object]:
    """The settings the environment gives, without Streamlit's copies of the secrets.

    Reading secrets.toml, Streamlit also puts each top-level text or number into os.environ under its
    own name (`database_url`): read back as the environment, the copy would override the operator's
    real DATABASE_URL, whichever of the two names the process's environment happens to list last.
    """
    copies = {str(k) for k, v in secrets.items() if type(v) in (str, int, float) and os.environ.get(str(k)) == str(v)}
    real = {k: v for k, v in os.environ.items() if k not in copies and v != ""}  # empty is unset
    return {k.lower(): v for k, v in real.items() if k.lower() in Settings.model_fields}


@dataclass(frozen=True)
class Setting:
    """One setting as documented: name, type, default, what it accepts, help."""

    name: str
    type: str
    default: object
    accepts: Accepts
    help: str

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return self.name.upper()


def _table() -> tuple[Setting, ...]:
    rows = []
    for name, field in Settings.model_fields.items():
        accepts = cast(Accepts, cast(dict[str, object], field.json_schema_extra)["accepts"])
        kind = field.annotation.__name__ if isinstance(field.annotation, type) else str(field.annotation)
        rows.append(Setting(name, kind, field.default, accepts, field.description or ""))
    return tuple(rows)


SETTINGS: tuple[Setting, ...] = _table()
BY_NAME = {s.name: s for s in SETTINGS}


def _invalid(exc: ValidationError) -> InvalidInput:
    """The first bad value as a sentence: which setting, the value given, what it accepts."""
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else ""
    setting = BY_NAME.get(name)
    if setting is None:  # every check is on one field (the thresholds' order raises its own sentence)
        return InvalidInput("setting_invalid", name=name, env=name.upper(), value=error.get("input"), accepts="")
    accepts = messages.render(f"setting_accepts_{setting.accepts}", default=setting.default)
    return InvalidInput("setting_invalid", name=name, env=setting.env, value=error.get("input"), accepts=accepts)
