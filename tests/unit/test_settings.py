"""Settings (CONTRACTS §1): one declared table, env over secrets over defaults, a bad value is a sentence."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import openpyxl
import pytest

from targets import cli, messages
from targets.config import SETTINGS, Settings
from targets.errors import InvalidInput
from targets.intake import uploads
from targets.workbook import excel
from tests.conftest import ROOT
from tests.unit.workbooks import TODAY

BAD_VALUES = [
    ("MAX_ROWS", "abc", "max_rows"),
    ("MAX_ROWS", "2.5", "max_rows"),
    ("MAX_ROWS", "0", "max_rows"),
    ("ANONYMOUS_READ", "maybe", "anonymous_read"),
    ("ON_TRACK_PACE", "1.5", "on_track_pace"),
    ("ALLOCATION_WARN_FACTOR", "-1", "allocation_warn_factor"),
    ("TIME_ZONE", "Mars/Olympus", "time_zone"),
    ("TIME_ZONE", "../../etc/passwd", "time_zone"),
    ("DATABASE_URL", "targets.db", "database_url"),
]


@pytest.mark.parametrize(("env", "value", "name"), BAD_VALUES)
def test_a_bad_value_is_exit_1_with_a_sentence_naming_the_setting(capsys, db_url, monkeypatch, env, value, name):
    monkeypatch.setenv(env, value)
    assert cli.main(["status", "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert name in err and env in err and value in err and "应为" in err


def test_a_bad_value_from_python_m_targets_is_no_traceback(db_url):
    env = {**os.environ, "MAX_ROWS": "abc"}
    done = subprocess.run([sys.executable, "-m", "targets", "list"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "max_rows" in done.stderr
    assert done.stdout == ""


def test_a_fractional_warn_factor_is_accepted(capsys, engine, monkeypatch):
    monkeypatch.setenv("ALLOCATION_WARN_FACTOR", "2.5")
    assert Settings.from_env().allocation_warn_factor == 2.5
    assert cli.main(["status", "--json"]) == 0


def test_thresholds_out_of_order_are_a_sentence(monkeypatch):
    monkeypatch.setenv("BEHIND_PACE", "0.99")
    with pytest.raises(InvalidInput) as err:
        Settings.from_env()
    assert err.value.code == "setting_thresholds"
    assert "behind_pace" in str(err.value) and "on_track_pace" in str(err.value)


def test_environment_wins_over_secrets_which_win_over_defaults(monkeypatch):
    monkeypatch.setenv("MAX_ROWS", "7")
    monkeypatch.setenv("LOCKOUT_MINUTES", "")  # empty is unset, as before
    got = Settings.from_env({"max_rows": 9, "SESSION_MINUTES": 30, "lockout_minutes": 20, "connections": {}})
    assert (got.max_rows, got.session_minutes, got.lockout_minutes) == (7, 30, 20)
    assert got.behind_pace == Settings().behind_pace


def test_building_settings_reads_no_environment(monkeypatch):
    monkeypatch.setenv("MAX_ROWS", "7")
    assert Settings().max_rows == 50_000
    assert Settings(max_rows=3).max_rows == 3


def test_a_bad_secret_is_the_same_sentence():
    with pytest.raises(InvalidInput) as err:
        Settings.from_env({"lockout_attempts": "five"})
    assert "lockout_attempts" in str(err.value) and "five" in str(err.value)


def test_the_table_declares_type_default_and_help_of_every_setting():
    assert [s.name for s in SETTINGS] == list(Settings.model_fields)
    defaults = Settings()
    for s in SETTINGS:
        assert s.help and s.type in {"str", "int", "float", "bool"}, s
        assert getattr(defaults, s.name) == s.default
        assert messages.MESSAGES[f"setting_accepts_{s.accepts}"]
    assert defaults.time_zone == "Asia/Shanghai"


LIMIT_IN_TEXT = re.compile(r"\d\s*(MB|万行|倍)")


def _texts() -> list[str]:
    from ui import strings

    tables = [v for v in vars(strings).values() if isinstance(v, dict)]
    return [t for table in [messages.MESSAGES, *tables] for t in table.values() if isinstance(t, str)]


def test_no_text_writes_a_limit_that_a_setting_owns():
    assert not [t for t in _texts() if LIMIT_IN_TEXT.search(t)]


def test_the_template_instructions_show_the_limits_in_force(engine):
    settings = Settings(max_upload_mb=3, max_rows=1234, allocation_warn_factor=2.5)
    data = uploads.template(engine, "220100", settings, today=TODAY)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[excel.INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert "3 MB" in text and "1,234" in text and " 2.5 " in text
    assert "10 MB" not in text and "{" not in text


def test_the_environment_wins_over_streamlits_copy_of_a_secret(monkeypatch):
    """Streamlit copies each top-level secret into os.environ under its own name (`database_url`):
    the operator's DATABASE_URL must still win over secrets.toml, and a secret alone still applies."""
    secrets = {"database_url": "sqlite:///secret.db", "session_minutes": 5}
    monkeypatch.setenv("DATABASE_URL", "sqlite:///env.db")
    monkeypatch.setenv("database_url", "sqlite:///secret.db")  # what st.secrets put there
    monkeypatch.setenv("session_minutes", "5")
    resolved = Settings.from_env(secrets)
    assert (resolved.database_url, resolved.session_minutes) == ("sqlite:///env.db", 5)
    monkeypatch.delenv("DATABASE_URL")
    assert Settings.from_env(secrets).database_url == "sqlite:///secret.db"
