"""Settings from .streamlit/secrets.toml in a real server started in its own app folder: DATABASE_URL in the
environment still names the store, the secrets' other settings apply, and the login cookie's route agrees
with the pages (the login survives a reload, for the lifetime secrets.toml gives).

Streamlit reads secrets.toml from the working folder and copies each top-level value into the process's
environment; the pages and the cookie route must still resolve one store by one rule.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, ROOT, _free_port, _wait_healthy, cli, login, wait_idle

MINUTES = 7


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app")
    real, decoy = folder / "real.db", folder / "decoy.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{real}", "TARGETS_PASSWORD": PASSWORD,
           "PYTHONPATH": str(ROOT)}
    cli(env, "user", "add", "office", "--role", "admin")  # only the environment's store has the account
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "secrets.toml").write_text(
        f'database_url = "sqlite:///{decoy}"\nsession_minutes = {MINUTES}\n', encoding="utf-8")
    port = _free_port()
    log = folder / "server.log"
    cmd = [sys.executable, "-m", "ui.serve", "--server.headless", "true", "--server.address", "127.0.0.1",
           "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        print(f"\n--- streamlit log ---\n{log.read_text()[-3000:]}")


def test_the_environment_names_the_store_and_secrets_set_the_login_lifetime(page, app_url):
    login(page, app_url, "office")  # the account exists only in DATABASE_URL's store, not in the secrets' one
    cookie = None
    for _ in range(100):
        cookie = next((c for c in page.context.cookies() if c["name"] == "targets_session"), None)
        if cookie:
            break
        page.wait_for_timeout(100)
    assert cookie, "the cookie route did not find the login's session"
    assert (MINUTES - 1) * 60 < cookie["expires"] - time.time() <= MINUTES * 60  # session_minutes from secrets
    page.reload()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("office", timeout=60_000)
