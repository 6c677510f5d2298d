"""Trusted-header login end to end: Debian's nginx authenticates (HTTP basic auth) and names the account in
X-Remote-User; the dashboard believes the header only from the proxy's address.

nginx connects to the dashboard from 127.0.0.2 (`proxy_bind`), the one address in `trusted_proxy`, so a
browser that reaches the dashboard directly (from 127.0.0.1) with the same header, even claiming the
proxy's address in X-Forwarded-For, is refused with a sentence, as is an account the store does not
have or has disabled.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy import serve_many
from targets import messages
from tests.browser.conftest import PASSWORD, ROOT, _free_port, _wait_healthy, cli, wait_idle
from ui.strings import LOGIN_LABELS, ROLE_LABELS, t

PROXY_ADDRESS = "127.0.0.2"
HEADER = "X-Remote-User"

pytestmark = pytest.mark.skipif(not Path(serve_many.NGINX).exists(),
                                reason=f"nginx not installed at {serve_many.NGINX}")

CONF = """worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    access_log {prefix}/logs/access.log;
    map $http_upgrade $connection_upgrade {{ default upgrade; "" ""; }}
    server {{
        listen 127.0.0.1:{listen};
        auth_basic "dashboard";
        auth_basic_user_file {prefix}/htpasswd;
        location / {{
            proxy_pass http://127.0.0.1:{port};
            proxy_bind {proxy_address};
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header {header} $remote_user;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1d;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(url through nginx, url of the dashboard itself)."""
    work = tmp_path_factory.mktemp("trusted")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'targets.db'}", "TARGETS_PASSWORD": PASSWORD,
           "TRUSTED_USER_HEADER": HEADER, "TRUSTED_PROXY": PROXY_ADDRESS}
    cli(env, "demo")
    cli(env, "user", "add", "cc", "--role", "officer", "--region", "220100")
    cli(env, "user", "add", "gone", "--role", "viewer")
    cli(env, "user", "disable", "gone")
    port, listen = _free_port(), _free_port()
    prefix = Path(tempfile.mkdtemp(prefix="targets-nginx-trusted-"))  # under /tmp: nginx may run as nobody
    hashed = subprocess.run(["openssl", "passwd", "-apr1", PASSWORD], check=True, capture_output=True,
                            text=True).stdout.strip()
    (prefix / "htpasswd").write_text("".join(f"{name}:{hashed}\n" for name in ("cc", "gone", "stranger")))
    conf = serve_many.prepare_prefix(prefix, CONF.format(prefix=prefix, listen=listen, port=port,
                                                         proxy_address=PROXY_ADDRESS, header=HEADER))
    log = work / "server.log"
    cmd = [sys.executable, "-m", "ui.serve", "--server.headless", "true", "--server.address", "127.0.0.1",
           "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "w") as fh:
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    nginx = serve_many.start_nginx(prefix, conf)
    direct, proxied = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{listen}"
    try:
        _wait_healthy(direct, server)
        yield proxied, direct
    finally:
        for proc in (nginx, server):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        print(f"\n--- streamlit log ---\n{log.read_text()[-3000:]}")
        for item in sorted((prefix / "logs").glob("*.log")):
            print(f"--- {item.name} ---\n{item.read_text(errors='replace')[-2000:]}")
        shutil.rmtree(prefix, ignore_errors=True)


def _open(browser, browser_context_args, url: str, **context):
    ctx = browser.new_context(**browser_context_args, **context)
    page = ctx.new_page()
    page.goto(f"{url}/login")
    wait_idle(page)
    return ctx, page


def test_the_account_the_proxy_names_is_logged_in(browser, browser_context_args, sites):
    proxied, _ = sites
    ctx, page = _open(browser, browser_context_args, proxied,
                      http_credentials={"username": "cc", "password": PASSWORD})
    try:
        role = ROLE_LABELS["officer"]
        expect(page.get_by_test_id("stMain")).to_contain_text(LOGIN_LABELS["logged_in"].format(name="cc", role=role),
                                                              timeout=60_000)
        expect(page.get_by_test_id("stSidebar")).to_contain_text(t("logged_in_as", name="cc", role=role))
        assert page.locator(".st-key-login_name input").count() == 0  # no password asked
    finally:
        ctx.close()


def test_the_same_header_sent_to_the_dashboard_directly_is_refused(browser, browser_context_args, sites):
    _, direct = sites
    forged = {HEADER: "cc", "X-Forwarded-For": PROXY_ADDRESS}  # uvicorn believes this from 127.0.0.1
    ctx, page = _open(browser, browser_context_args, direct, extra_http_headers=forged)
    try:
        sentence = messages.render("trusted_header_not_from_proxy", header=HEADER, peer="127.0.0.1",
                                   proxies=PROXY_ADDRESS)
        expect(page.get_by_test_id("stAlert").filter(has_text=sentence)).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stSidebar")).to_contain_text(t("anonymous"))
        expect(page.locator(".st-key-login_name input")).to_be_visible()
    finally:
        ctx.close()


@pytest.mark.parametrize("name", ["stranger", "gone"])  # unknown to the store; disabled
def test_an_account_the_store_does_not_have_or_has_disabled_is_refused(browser, browser_context_args, sites, name):
    proxied, _ = sites
    ctx, page = _open(browser, browser_context_args, proxied,
                      http_credentials={"username": name, "password": PASSWORD})
    try:
        sentence = messages.render("trusted_user_unknown", name=name)
        expect(page.get_by_test_id("stAlert").filter(has_text=sentence)).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stSidebar")).to_contain_text(t("anonymous"))
    finally:
        ctx.close()
