"""Browser tests: a real `streamlit run` on a free port, driven by Playwright in Debian's headless Chromium.

The server gets its own SQLite store (demo data plus two accounts). Every page test records requests
and fails on any that leave 127.0.0.1, on console errors, and on Streamlit exception boxes.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "screenshots"  # pytest-playwright wipes test-results/ at each run
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
PASSWORD = "browser-pass-1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} not healthy after {timeout}s")


def cli(env: dict, *args: str) -> str:
    """Run `python -m targets …` against the server's store; returns stdout."""
    done = subprocess.run([sys.executable, "-m", "targets", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


@contextlib.contextmanager
def running(work: Path, env: dict) -> Iterator[str]:
    """A dashboard (`python -m ui.serve`, as run.sh starts it) on a free port for the store in env;
    yields its URL, prints the end of its log when it stops."""
    port = _free_port()
    log = work / "server.log"
    cmd = [sys.executable, "-m", "ui.serve", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(url, env) of a running dashboard, one per test module with its own store.

    The store has demo data and two accounts: `office` (admin) and `cc` (officer for 长春).
    """
    work = tmp_path_factory.mktemp("server")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'targets.db'}", "TARGETS_PASSWORD": PASSWORD}
    cli(env, "demo")
    cli(env, "user", "add", "office", "--role", "admin")
    cli(env, "user", "add", "cc", "--role", "officer", "--region", "220100")
    with running(work, env) as url:
        yield url, env


@pytest.fixture(scope="module")
def app_url(server) -> str:
    return server[0]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}, "locale": "zh-CN"}


@pytest.fixture
def page(page, app_url):
    """Playwright's page, guarded: no request leaves 127.0.0.1, no console error, no exception box."""
    page.console_errors, page.external_requests = [], []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on("request", lambda r: page.external_requests.append(r.url)
            if not r.url.startswith((app_url, "data:", "blob:")) else None)
    yield page
    assert not page.external_requests, page.external_requests
    errors = [e for e in page.console_errors if "status of 404" not in e]
    assert not errors, errors
    assert page.locator('[data-testid="stException"], [data-testid="stErrorElementStack"]').count() == 0


def wait_idle(page, timeout: int = 60_000) -> None:
    """Wait until the script finished running and the app is connected."""
    page.wait_for_selector(IDLE, timeout=timeout)


SKELETONS = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]'


def wait_rendered(page, timeout: int = 30_000) -> None:
    """Wait until no grey loading skeleton is left (a fresh tab loads the widgets' browser modules first)."""
    page.wait_for_function(f"() => !document.querySelector('{SKELETONS}')", timeout=timeout)


def shot(page, name: str) -> Path:
    """Save a screenshot under test-results/screenshots (look at them)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def go(page, name: str) -> None:
    """Switch page through the sidebar navigation (same session: a full reload starts a new one)."""
    from ui.strings import PAGE_TITLES

    page.get_by_test_id("stSidebarNav").get_by_text(PAGE_TITLES[name], exact=True).click()
    page.wait_for_url(re.compile(rf"/{name}(\?.*)?$"))  # the page may keep its filters in the query
    wait_idle(page)


def login(page, app_url: str, name: str) -> None:
    """Log in through the login page. The login lasts (a cookie) across reloads and new tabs of the page's
    browser context until logout; someone already logged in there is logged out first."""
    page.goto(f"{app_url}/login")
    wait_idle(page)
    if page.locator(".st-key-login_logout button").count():
        page.locator(".st-key-login_logout button").click()
        page.locator(".st-key-login_name input").wait_for(timeout=60_000)
    page.locator(".st-key-login_name input").fill(name)
    page.locator(".st-key-login_password input").fill(PASSWORD)
    page.locator(".st-key-login_submit button").click()
    wait_idle(page)
    # On a loaded machine the login rerun can finish after the page went idle once: wait until the
    # sidebar names the account, so the next navigation happens in a logged-in session.
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stSidebar")).to_contain_text(name, timeout=60_000)
