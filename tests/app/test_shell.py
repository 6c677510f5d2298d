"""ui.shell: every HTML page the server sends names the server's root and carries the Chinese for Streamlit's UI."""

import asyncio
import concurrent.futures
import json

import pytest

from ui import shell
from ui.strings import STREAMLIT_WORDS

PAGE = b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>"


def _serve(status: int, content_type: bytes, body: bytes, method: str = "GET"):
    """Run the middleware around a one-response ASGI app; returns (start message, body)."""
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    middleware = shell.ShellMiddleware(app)
    call = middleware({"type": "http", "method": method, "path": "/map"}, receive, send)
    # in a thread of its own: the browser tests' sync Playwright leaves an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, call).result()
    return sent[0], b"".join(m.get("body", b"") for m in sent[1:])


@pytest.mark.parametrize("base, root", [(None, "/"), ("", "/"), ("board", "/board/"), ("/a/b/", "/a/b/")])
def test_the_root_follows_the_base_url_path(base, root):
    assert shell.root_path(base) == root
    assert f"window.location.origin + {json.dumps(root)}" in shell.shell_scripts(base)


def test_a_page_gets_the_scripts_first_in_its_head_with_the_right_length():
    start, body = _serve(200, b"text/html; charset=utf-8", PAGE)
    text = body.decode()
    assert text.index("BACKEND_BASE_URL") < text.index("<title>")
    assert STREAMLIT_WORDS["Browse files"] in text and "stFileUploaderDropzoneInstructions" in text
    assert dict(start["headers"])[b"content-length"] == str(len(body)).encode()


@pytest.mark.parametrize("status, content_type, method", [
    (200, b"application/javascript", "GET"),  # the bundle itself
    (304, b"text/html", "GET"),               # not modified: no body to change
    (404, b"text/html", "GET"),
    (200, b"text/html", "HEAD"),
])
def test_other_responses_pass_unchanged(status, content_type, method):
    start, body = _serve(status, content_type, PAGE, method)
    assert body == PAGE and dict(start["headers"])[b"content-length"] == str(len(PAGE)).encode()


def test_a_page_without_a_head_is_left_alone():
    assert shell.inject("<p>x</p>", None) == "<p>x</p>"
