"""Two real dashboard processes on one PostgreSQL store behind Debian's nginx, started by deploy/serve_many.py
with deploy/nginx.conf, the configuration the README's deployment section shows.

A browser keeps to the process that served its first page (a cookie set by nginx is the sticky key): its
websocket and its uploads reach that process. A write made through one process shows in a session on the
other on its next rerun. nginx's access log names the process (upstream) and the key of every request.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy import serve_many
from tests.browser.conftest import PASSWORD, ROOT, _free_port, _wait_healthy, cli, go, login, shot, wait_idle
from tests.unit.workbooks import book
from ui.strings import PAGE_TITLES, UPLOAD_LABELS, t

SERVER = os.environ.get("TEST_POSTGRES_URL")
COOKIE = "targets_route"
LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) '
                      r'upstream=(?P<upstream>\S+) route=(?P<route>\S+)')

pytestmark = [
    pytest.mark.skipif(not Path(serve_many.NGINX).exists(),
                       reason=f"nginx not installed at {serve_many.NGINX} (test.sh installs nginx-light as root)"),
    pytest.mark.skipif(not SERVER, reason="TEST_POSTGRES_URL not set (test.sh starts a PostgreSQL server as root)"),
]


def _access_log(prefix: Path) -> list[dict[str, str]]:
    path = prefix / "logs" / "access.log"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [m.groupdict() for m in map(LOG_LINE.search, lines) if m]


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """(proxy url, env, {backend port: route key that nginx sends there}, nginx prefix)."""
    import psycopg

    name = f"targets_proxy_{uuid.uuid4().hex[:8]}"
    plain = SERVER.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": SERVER.rsplit("/", 1)[0] + f"/{name}", "TARGETS_PASSWORD": PASSWORD}
    cli(env, "demo")
    cli(env, "user", "add", "office", "--role", "admin")
    cli(env, "user", "add", "cc", "--role", "officer", "--region", "220100")
    ports = [_free_port(), _free_port()]
    listen = _free_port()
    prefix = Path(tempfile.mkdtemp(prefix="targets-nginx-test-"))  # under /tmp: nginx may run as nobody
    out = tmp_path_factory.mktemp("proxy") / "serve_many.log"
    cmd = [sys.executable, "-m", "deploy.serve_many", "--ports", ",".join(map(str, ports)),
           "--listen", f"127.0.0.1:{listen}", "--prefix", str(prefix),
           "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(out, "w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{listen}"
    try:
        for port in ports:
            _wait_healthy(f"http://127.0.0.1:{port}", proc)
        _wait_healthy(url, proc)
        yield url, env, _route_keys(url, prefix, ports), prefix
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        print(f"\n--- serve_many ---\n{out.read_text()[-2000:]}")
        for log in sorted((prefix / "logs").glob("*.log")):
            print(f"--- {log.name} ---\n{log.read_text(errors='replace')[-3000:]}")
        shutil.rmtree(prefix, ignore_errors=True)
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _route_keys(url: str, prefix: Path, ports: list[int]) -> dict[int, str]:
    """One sticky key per backend, learnt by asking nginx with candidate keys and reading where they went."""
    for i in range(64):
        req = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"{COOKIE}=probe{i}"})
        with urllib.request.urlopen(req, timeout=10) as reply:
            assert reply.status == 200
    keys: dict[int, str] = {}
    for hit in _access_log(prefix):
        if hit["route"].startswith("probe"):
            keys.setdefault(int(hit["upstream"].rsplit(":", 1)[1]), hit["route"])
    assert sorted(keys) == sorted(ports), f"64 keys all went to {sorted(keys)}: the hash does not spread"
    return keys


@pytest.fixture(scope="module")
def app_url(proxy) -> str:
    return proxy[0]


def _session(browser, browser_context_args, url: str, key: str | None):
    """A new browser (own cookies); with `key`, pinned to that key's process."""
    context = browser.new_context(**browser_context_args)
    if key:
        context.add_cookies([{"name": COOKIE, "value": key, "url": url}])
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.external_requests = []
    page.on("request", lambda r: page.external_requests.append(r.url)
            if not r.url.startswith((url, "data:", "blob:")) else None)
    return context, page


def _clean(page) -> None:
    assert not page.external_requests, page.external_requests
    assert not [e for e in page.console_errors if "status of 404" not in e], page.console_errors
    assert page.locator('[data-testid="stException"], [data-testid="stErrorElementStack"]').count() == 0


def _wait_for_websocket(prefix: Path, key: str) -> list[dict[str, str]]:
    """The access log's lines for `key` once its websocket (/_stcore/stream, 101) is logged, i.e. closed."""
    deadline = time.monotonic() + 30
    while True:
        hits = [h for h in _access_log(prefix) if h["route"] == key]
        if any(h["path"] == "/_stcore/stream" and h["status"] == "101" for h in hits) or time.monotonic() > deadline:
            return hits
        time.sleep(0.2)


def _upstreams(prefix: Path, key: str, path: str = "") -> set[str]:
    """The app processes that served this browser's requests (Streamlit's /static/ files come from nginx)."""
    return {h["upstream"] for h in _access_log(prefix)
            if h["route"] == key and h["path"].startswith(path) and not h["path"].startswith("/static/")}


def test_a_new_browser_stays_on_one_process_and_pages_load_through_the_proxy(browser, browser_context_args, proxy):
    url, _env, _keys, prefix = proxy
    context, page = _session(browser, browser_context_args, url, None)
    try:
        page.goto(url)
        wait_idle(page)
        expect(page.locator(".st-key-overview_grid")).to_be_visible(timeout=60_000)
        expect(page.get_by_text(t("demo_banner")).first).to_be_visible()
        go(page, "map")
        shot(page, "proxy-map")
        _clean(page)
        cookie = [c for c in context.cookies() if c["name"] == COOKIE]
        assert len(cookie) == 1 and cookie[0]["httpOnly"], context.cookies()
        key = cookie[0]["value"]
    finally:
        context.close()  # nginx logs the websocket when it closes
    hits = _wait_for_websocket(prefix, key)
    assert any(h["path"] == "/" for h in hits), hits
    static = [h for h in hits if h["path"].startswith("/static/")]
    # Streamlit's browser code comes from nginx itself (no upstream), whole, not from an app process
    assert len(static) > 20 and all(h["upstream"] == "-" and h["status"] in ("200", "304") for h in static), static
    app = [h for h in hits if not h["path"].startswith("/static/")]
    assert len({h["upstream"] for h in app}) == 1, app  # page, app requests and websocket: one process


def test_an_upload_through_one_process_shows_in_a_session_on_the_other(browser, browser_context_args, proxy,
                                                                       tmp_path):
    url, env, keys, prefix = proxy
    port_a, port_b = sorted(keys)
    ctx_b, watcher = _session(browser, browser_context_args, url, keys[port_b])
    ctx_a, officer = _session(browser, browser_context_args, url, keys[port_a])
    try:
        watcher.goto(url)  # a session on process B reads (and caches) the demo state
        wait_idle(watcher)
        expect(watcher.get_by_text(t("demo_banner")).first).to_be_visible(timeout=60_000)
        go(watcher, "map")

        login(officer, url, "cc")  # an officer on process A uploads a workbook
        go(officer, "upload")
        path = tmp_path / "长春进展.xlsx"
        path.write_bytes(book([["jl-2022-t01", "长春市", dt.date(2024, 6, 30), "88户", "经代理上传"]]))
        expect(officer.get_by_test_id("stFileUploaderDropzoneInput")).to_be_attached(timeout=60_000)
        officer.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        wait_idle(officer)
        expect(officer.get_by_test_id("stAlert").filter(has_text=UPLOAD_LABELS["clean"].format(rows=1))).to_be_visible(
            timeout=60_000)
        officer.locator(".st-key-upload_confirm button").click()
        wait_idle(officer)
        committed = officer.get_by_test_id("stAlert").filter(has_text=UPLOAD_LABELS["committed"].split("：")[0])
        expect(committed).to_be_visible(timeout=60_000)
        shot(officer, "proxy-upload-committed")
        # the file went through nginx to process A, and its rows are in the shared store
        assert _upstreams(prefix, keys[port_a], "/_stcore/upload_file") == {f"127.0.0.1:{port_a}"}
        stored = [r for r in json.loads(cli(env, "reports", "--json"))
                  if r["target"] == "jl-2022-t01" and r["region"] == "220100"]
        assert [(r["date"], r["value"], r["user"], r["note"]) for r in stored] == [
            ("2024-06-30", 88.0, "cc", "经代理上传")]

        # the next rerun of the session on process B shows the real data (the demo banner is gone)
        watcher.get_by_test_id("stSidebarNav").get_by_text(PAGE_TITLES["overview"], exact=True).click()
        watcher.wait_for_url(lambda u: "/map" not in u)
        wait_idle(watcher)
        expect(watcher.get_by_text(t("demo_banner"))).to_have_count(0, timeout=30_000)
        shot(watcher, "proxy-other-process-after-upload")
        assert _upstreams(prefix, keys[port_b]) == {f"127.0.0.1:{port_b}"}
        _clean(watcher)
        _clean(officer)
    finally:
        ctx_a.close()
        ctx_b.close()
    for port, key in keys.items():  # each session's websocket ran on its own process
        streams = [h for h in _wait_for_websocket(prefix, key) if h["path"] == "/_stcore/stream"]
        assert streams and {h["upstream"] for h in streams} == {f"127.0.0.1:{port}"}, streams


def test_a_workbook_over_the_limit_reaches_the_app_through_the_proxy_and_is_refused_in_chinese(page, proxy,
                                                                                               tmp_path):
    url, env, _keys, prefix = proxy
    before = cli(env, "reports", "--json")
    big = tmp_path / "超大进展.xlsx"
    big.write_bytes(book([["jl-2022-t01", "长春市", dt.date(2024, 6, 30), 1, ""]]) + b"\0" * (11 * 1024 * 1024))
    login(page, url, "cc")
    go(page, "upload")
    expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_be_attached(timeout=60_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
    wait_idle(page)
    expect(page.get_by_text("超过上限 10 MB", exact=False).first).to_be_visible(timeout=60_000)
    shot(page, "proxy-upload-too-large")
    uploads = [h for h in _access_log(prefix) if h["path"].startswith("/_stcore/upload_file")
               and h["method"] == "PUT"]
    assert uploads and all(h["status"].startswith("2") for h in uploads), uploads  # nginx did not answer 413
    assert cli(env, "reports", "--json") == before
