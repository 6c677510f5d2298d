"""The address a connection really came from, for the trusted-header login (targets.store.sessions.trusted_user).

Streamlit's own `st.context.ip_address` cannot say it: its server (uvicorn) replaces the peer by the
last address of X-Forwarded-For whenever the peer is 127.0.0.1, so any local client names itself
with that header, and Streamlit then reports 127.0.0.1 itself as no address at all. So the server
started by ui.serve wraps the whole ASGI app, outside uvicorn's rewriting: every request and
websocket gets the TCP peer in HEADER, tagged with a key drawn when the process starts. A client
cannot forge it: a header of that name that it sends is dropped, and without the key a value is
not believed (a server started without ui.serve has no address to offer, so the mode stays off).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

HEADER = "x-targets-peer"
_KEY = secrets.token_hex(16)  # drawn once per process; never leaves the server


def wrap(app):  # type: ignore[no-untyped-def]
    """An ASGI app that passes every connection on to `app` with its TCP peer in HEADER."""
    name = HEADER.encode()

    async def with_peer(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client")
            headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != name]
            if client:
                headers.append((name, f"{_KEY} {client[0]}".encode("latin-1")))
            scope = {**scope, "headers": headers}
        return await app(scope, receive, send)

    return with_peer


def install() -> None:
    """Wrap what uvicorn serves (its X-Forwarded-For handling included) once the app is loaded."""
    import uvicorn

    load = uvicorn.Config.load
    if getattr(load, "wraps_peer", False):
        return

    def loaded(self):  # type: ignore[no-untyped-def]
        load(self)
        self.loaded_app = wrap(self.loaded_app)

    loaded.wraps_peer = True  # type: ignore[attr-defined]
    uvicorn.Config.load = loaded  # type: ignore[method-assign]


def address(headers: Mapping[str, str]) -> str | None:
    """The peer this process recorded for the connection, or None (not recorded here, or forged)."""
    value = next((v for k, v in headers.items() if k.lower() == HEADER), "")
    key, _, host = value.partition(" ")
    return host if host and secrets.compare_digest(key, _KEY) else None
