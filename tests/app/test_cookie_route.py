"""The login cookie's route (ui.cookies) finds the store the way the pages do: secrets.toml included.

A deployment may name its store only in .streamlit/secrets.toml. The route runs in the server
process outside any script, so it is driven here as the server would, in a process of its own
started in a temporary app folder holding that file and no DATABASE_URL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from targets import store
from targets.store import accounts, sessions
from tests.app.conftest import ROOT

CALL = textwrap.dedent("""
    import asyncio, json, sys
    from starlette.applications import Starlette
    from ui import cookies

    async def main():
        sent, body = [], sys.argv[1].encode()
        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}
        async def send(message):
            sent.append(message)
        scope = {"type": "http", "method": "POST", "path": cookies.PATH, "raw_path": cookies.PATH.encode(),
                 "query_string": b"", "scheme": "http", "server": ("127.0.0.1", 8501), "root_path": "",
                 "headers": [(b"host", b"127.0.0.1:8501"), (b"origin", b"http://127.0.0.1:8501")],
                 "http_version": "1.1", "client": ("127.0.0.1", 5000)}
        await Starlette(routes=cookies.ROUTES)(scope, receive, send)
        start = sent[0]
        cookie = [v.decode() for k, v in start["headers"] if k == b"set-cookie"]
        print(json.dumps({"status": start["status"], "cookie": cookie}))

    asyncio.run(main())
""")


def _post(folder, body: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k.lower() != "database_url"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", CALL, body], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_cookie_route_uses_the_store_named_in_secrets_toml(tmp_path):
    db = tmp_path / "secret-store.db"
    engine = store.make_engine(f"sqlite:///{db}")
    store.init_store(engine)
    user = accounts.add_user(engine, "office", "admin", "pass-word-1", [], accounts.operator("tester"))
    token = accounts.start_session(engine, user)
    ticket = sessions.issue_ticket(engine, token)
    engine.dispose()
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f'database_url = "sqlite:///{db}"\n', encoding="utf-8")

    answer = _post(tmp_path, ticket)
    assert answer["status"] == 204, answer
    (cookie,) = answer["cookie"]
    assert cookie.startswith(f"targets_session={token};") and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_the_route_takes_a_ticket_once_and_never_the_session_token(tmp_path):
    db = tmp_path / "store.db"
    engine = store.make_engine(f"sqlite:///{db}")
    store.init_store(engine)
    user = accounts.add_user(engine, "office", "admin", "pass-word-1", [], accounts.operator("tester"))
    token = accounts.start_session(engine, user)
    ticket = sessions.issue_ticket(engine, token)
    engine.dispose()
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'database_url = "sqlite:///{db}"\n', encoding="utf-8")

    assert _post(tmp_path, token)["status"] == 403  # a token read from a page buys no cookie
    assert _post(tmp_path, ticket)["status"] == 204
    assert _post(tmp_path, ticket)["status"] == 403  # used up
    assert _post(tmp_path, "not-a-ticket")["status"] == 403
