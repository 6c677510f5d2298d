"""Start the dashboard: `python -m ui.serve [streamlit options]`, i.e. `streamlit run app.py` with
`st.navigation` in force from the very first request.

Streamlit takes a `pages/` folder beside the entry script for its older multipage mechanism until
some script calls `st.navigation`; a first visit by deep link would then skip app.py. Setting the
flag before the server starts avoids that detour (ui.frame also recovers from it when the app is
started with plain `streamlit run app.py`). The page shell of ui/shell.py is added here too.

The server also gets the login cookie's route (ui.cookies), placed before Streamlit's own routes, and
records each connection's own address for the trusted-header login (ui.peer).
"""

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from ui import peer, shell

APP = Path(__file__).resolve().parent.parent / "app.py"


def _add_cookie_route() -> None:
    """Streamlit's Starlette app is built from create_streamlit_routes: put the cookie route first."""
    from streamlit.web.server.starlette import starlette_app

    from ui import cookies

    streamlit_routes = starlette_app.create_streamlit_routes

    def routes(runtime):  # type: ignore[no-untyped-def]
        return [*cookies.ROUTES, *streamlit_routes(runtime)]

    starlette_app.create_streamlit_routes = routes


if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    shell.install()  # deep links ask the server's root only; Streamlit's own English in Chinese (ui/shell.py)
    _add_cookie_route()
    peer.install()  # the connection's own address, for the trusted-header login (ui/peer.py)
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())
