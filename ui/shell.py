"""The page shell the server sends: Streamlit's index.html with two small scripts of the product's own.

1. **The server's root.** On a deep link such as `/map`, Streamlit's frontend first tries `/map` as the
   server's base path (`/map/_stcore/health`, `/map/_stcore/host-config`: two 404s per visit) before the
   real root. The shell names the root (`window.__streamlit.BACKEND_BASE_URL`, the frontend's own setting
   for where the server is), so it asks there first and only there.
2. **Chinese for Streamlit's own English** (the file uploader's `Browse files`, `… per file`, the pickers'
   `Select all`, `No results`, the table toolbar's tooltips): a MutationObserver replaces those texts,
   tooltips and placeholders as they appear, from `ui.strings.STREAMLIT_WORDS` / `STREAMLIT_PATTERNS`.
   The frontend has no locale setting for them in the pinned Streamlit. The uploader's size line, which
   shows Streamlit's ceiling rather than the product's limit named in every upload label, is hidden.

Nothing is fetched: both scripts are inline. `install()` adds the middleware to Streamlit's server before
it starts (ui.serve); the pages do not depend on it.
"""

from __future__ import annotations

import json
from typing import Any

from ui.strings import STREAMLIT_PATTERNS, STREAMLIT_WORDS

Scope = dict[str, Any]

_TRANSLATE = """(function () {
  var words = %(words)s, patterns = %(patterns)s.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  var attrs = ["title", "aria-label", "placeholder"];
  function tr(text) {
    var t = text.trim();
    if (!t) return null;
    if (Object.prototype.hasOwnProperty.call(words, t)) return text.replace(t, words[t]);
    for (var i = 0; i < patterns.length; i++) {
      if (patterns[i][0].test(t)) return text.replace(t, t.replace(patterns[i][0], patterns[i][1]));
    }
    return null;
  }
  function walk(node) {
    if (node.nodeType === 3) {
      var n = tr(node.nodeValue);
      if (n !== null && n !== node.nodeValue) node.nodeValue = n;
      return;
    }
    if (node.nodeType !== 1 || node.tagName === "SCRIPT" || node.tagName === "STYLE") return;
    for (var a = 0; a < attrs.length; a++) {
      var v = node.getAttribute(attrs[a]);
      if (v) { var m = tr(v); if (m !== null && m !== v) node.setAttribute(attrs[a], m); }
    }
    for (var c = node.firstChild; c; c = c.nextSibling) walk(c);
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (ch) {
      if (ch.type === "childList") ch.addedNodes.forEach(walk); else walk(ch.target);
    });
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true,
                                        attributes: true, attributeFilter: attrs});
})();"""


# The uploader's own size line shows Streamlit's ceiling (200MB), not the product's max_upload_mb, which every
# upload label states with the accepted formats (ui.strings): hide it rather than show a wrong limit.
_STYLE = '[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }'


def root_path(base_url_path: str | None) -> str:
    """The server's root path for a `server.baseUrlPath` setting: `/`, or `/board/`."""
    base = (base_url_path or "").strip("/")
    return f"/{base}/" if base else "/"


def shell_scripts(base_url_path: str | None) -> str:
    """The inline scripts put at the top of every page's <head>."""
    root = json.dumps(root_path(base_url_path))
    translate = _TRANSLATE % {"words": json.dumps(STREAMLIT_WORDS, ensure_ascii=False),
                              "patterns": json.dumps([list(p) for p in STREAMLIT_PATTERNS], ensure_ascii=False)}
    return (f"<script>window.__streamlit = {{BACKEND_BASE_URL: window.location.origin + {root}}};</script>"
            f"<script>{translate}</script><style>{_STYLE}</style>")


def inject(html: str, base_url_path: str | None) -> str:
    """The page with the shell's scripts first in its <head> (unchanged when it has no <head>)."""
    marker = "<head>"
    at = html.find(marker)
    if at < 0:
        return html
    at += len(marker)
    return html[:at] + shell_scripts(base_url_path) + html[at:]


class ShellMiddleware:
    """ASGI middleware: every full HTML page (200, not compressed) gets the shell's scripts."""

    def __init__(self, app: Any, base_url_path: str | None = None) -> None:
        self.app = app
        self.base_url_path = base_url_path

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") == "HEAD":
            await self.app(scope, receive, send)
            return
        held: dict[str, Any] = {}

        async def send_page(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and _is_page(message):
                held.update(start=message, body=b"")
                return
            if message["type"] == "http.response.body" and "start" in held:
                held["body"] += message.get("body", b"")
                if message.get("more_body"):
                    return
                body = inject(held["body"].decode("utf-8"), self.base_url_path).encode("utf-8")
                start = held.pop("start")
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, send_page)


def _is_page(start: dict[str, Any]) -> bool:
    headers = {k.lower(): v for k, v in start.get("headers", [])}
    return (start.get("status") == 200 and headers.get(b"content-type", b"").startswith(b"text/html")
            and b"content-encoding" not in headers)


def install() -> None:
    """Add the shell to the middleware of Streamlit's server (call before the server starts)."""
    from starlette.middleware import Middleware
    from streamlit import config
    from streamlit.web.server.starlette import starlette_app

    original = starlette_app.create_streamlit_middleware

    def with_shell() -> list[Middleware]:
        base = config.get_option("server.baseUrlPath")
        return [*original(), Middleware(ShellMiddleware, base_url_path=base)]

    starlette_app.create_streamlit_middleware = with_shell
