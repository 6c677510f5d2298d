"""ui.peer: the connection's own address reaches the app, and a client cannot name one itself."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from ui import peer


def _seen(scope: dict) -> dict[str, str]:
    """The headers the wrapped app receives for `scope`."""
    seen = {}

    async def app(scope, receive, send):
        seen.update({k.decode(): v.decode() for k, v in scope["headers"]})

    call = peer.wrap(app)(scope, None, None)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # a browser test may leave a loop running here
        pool.submit(asyncio.run, call).result()
    return seen


@pytest.mark.parametrize("kind", ["http", "websocket"])
def test_the_tcp_peer_is_recorded_and_a_forged_one_is_dropped(kind):
    headers = [(b"x-targets-peer", b"0000 10.0.0.5"), (b"x-forwarded-for", b"10.0.0.5")]
    seen = _seen({"type": kind, "client": ("127.0.0.1", 40000), "headers": headers})
    assert peer.address(seen) == "127.0.0.1"  # not what X-Forwarded-For or the forged header claim
    assert seen["x-forwarded-for"] == "10.0.0.5"


@pytest.mark.parametrize("headers", [{}, {"X-Targets-Peer": "10.0.0.5"}, {"x-targets-peer": "0123abcd 10.0.0.5"}])
def test_an_address_this_process_did_not_record_is_not_believed(headers):
    assert peer.address(headers) is None
