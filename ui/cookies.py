"""The login cookie: a Starlette route the server adds (ui.serve), and the tab's one call to it after a login.

Streamlit cannot set a cookie, so after a login the tab posts a one-time ticket (good for a minute,
only its hash in the store: targets.store.sessions.issue_ticket) to `/_targets/session` from a
same-origin script; the route exchanges it for the session's token and answers with an HttpOnly,
SameSite=Strict cookie for the session's remaining lifetime (Secure over HTTPS). The token itself
never appears in the page, and a ticket read from it later is already used up.
Every later connection of that browser (a reload, a new tab, another app process behind the proxy)
sends it, and ui.auth reads it from `st.context.cookies`. DELETE on the same path clears it (logout);
the store has already forgotten the token by then, which is what ends the login everywhere.
A request whose Origin is not the server itself is refused (no other site can plant a login).

The route finds the store exactly as the pages do: ui.data's settings (DATABASE_URL, else
.streamlit/secrets.toml as Streamlit reads it, else the default) and its engine, shared by the process.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from targets.errors import TargetsError
from targets.store import sessions
from ui import data

PATH = "/_targets/session"


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


def _redeem(ticket: str) -> tuple[str, int]:
    return sessions.redeem_ticket(data.get_engine(), ticket)


async def session_cookie(request: Request) -> Response:
    """POST a ticket: set the cookie if the ticket is fresh and its session live; DELETE: clear it."""
    if not _same_origin(request):
        return Response(status_code=403)
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    response = Response(status_code=204)
    if request.method == "DELETE":
        response.delete_cookie(sessions.COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
        return response
    ticket = (await request.body()).decode("ascii", "replace")[:200]
    try:
        token, seconds = await run_in_threadpool(_redeem, ticket)  # the store is not read on the event loop
    except TargetsError:  # no such live session (or a bad setting, which every page shows as its sentence)
        return Response(status_code=403)
    response.set_cookie(sessions.COOKIE, token, max_age=seconds, path="/", secure=secure, httponly=True,
                        samesite="strict")
    return response


ROUTES = [Route(PATH, session_cookie, methods=["POST", "DELETE"])]


def script(method: str, ticket: str = "") -> str:
    """The tab's one call to the route (rendered in a zero-height component after a login or logout)."""
    body = f", body: {json.dumps(ticket)}" if ticket else ""
    return ("<script>fetch(window.parent.location.origin + " + json.dumps(PATH)
            + f", {{method: {json.dumps(method)}, credentials: 'same-origin'{body}}});</script>")
