"""Settings on the pages: a bad value is the sentence naming it, on every page; limits shown come from settings."""

from __future__ import annotations

import pytest

from targets.config import Settings
from targets.errors import InvalidInput
from tests.app.accounts_app import log_in, make_user
from tests.app.conftest import app_test, page_test
from tests.app.workbooks_app import CHANGCHUN
from ui import notice
from ui.strings import UPLOAD_LABELS


def _sentence(**env: str) -> str:
    with pytest.raises(InvalidInput) as err:
        Settings.from_env(env)
    return str(err.value)


@pytest.mark.parametrize("start", [app_test, lambda: page_test("map"), lambda: page_test("upload")])
def test_a_bad_setting_is_a_sentence_not_a_traceback(engine, monkeypatch, start):
    monkeypatch.setenv("MAX_ROWS", "abc")
    at = start().run()
    assert not at.exception
    assert [e.value for e in at.error] == [notice.escape(_sentence(MAX_ROWS="abc"))]


def test_a_bad_secret_is_shown_the_same_way(engine):
    at = page_test("overview")
    at.secrets["time_zone"] = "Mars/Olympus"
    at.run()
    assert not at.exception
    assert at.error[0].value == notice.escape(_sentence(time_zone="Mars/Olympus"))


def test_the_upload_limit_shown_is_the_setting(engine, monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_MB", "7")
    make_user(engine, "alice", "officer", (CHANGCHUN,))
    at = log_in(page_test("upload"), engine, "alice").run()
    assert not at.exception
    assert at.get("file_uploader")[0].label == UPLOAD_LABELS["file"].format(mb=7)
