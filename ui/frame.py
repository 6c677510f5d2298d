"""The frame every page runs first: page config, projector style, login box, shared filters.

Pages live in `pages/`, which Streamlit also treats as its older multipage folder: a first visit
by deep link (e.g. /map) on a fresh server would run the page without the entry script. `page()`
switches the process to the `st.navigation` mode and reruns, so the entry script (app.py) always
draws the navigation, and the frame itself is drawn by the page, so it is there in either mode.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from targets import messages
from targets.errors import TargetsError
from targets.store.accounts import User
from ui import auth, data, filters, notice, query
from ui.strings import APP_TITLE, PAGE_TITLES, ROLE_LABELS, t

ROOT = Path(__file__).resolve().parent.parent
ICON = str(ROOT / "static" / "favicon.png")
# The 指标 page's file is not called targets.py: the page folder comes first on sys.path when a page
# runs, and a pages/targets.py would shadow the `targets` package. Its URL is /indicators.
FILES = {"targets": "indicators"}
PAGES = ("overview", "agenda", "map", "burndown", "targets", "whatif", "duties", "upload", "history", "allocations",
         "admin", "login")
PAGE_ICONS = {
    "overview": ":material/dashboard:", "agenda": ":material/co_present:", "map": ":material/map:",
    "burndown": ":material/trending_down:", "targets": ":material/list_alt:", "whatif": ":material/tune:",
    "duties": ":material/event_available:", "upload": ":material/upload_file:",
    "history": ":material/history:", "allocations": ":material/table_chart:",
    "admin": ":material/admin_panel_settings:", "login": ":material/login:",
}

# The projector stage is laid out for 1280×720 CSS pixels; larger 16:9 screens show the same stage
# scaled up (zoom on the main block only: dropdown menus live outside it and stay where they open),
# so at 1920×1080 the map, charts and every figure are 1.5× larger instead of leaving the lower
# half empty. Charts on the stage have fixed widths: a stretching chart measures the zoomed box.
STAGE_ZOOM = ((1600, 900, 1.25), (1920, 1080, 1.5), (2560, 1440, 2.0))
PROJECTOR_CSS = """
<style>
html { font-size: 22px; }
[data-testid="stMain"] { overflow-x: hidden; }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 0.6rem; padding-bottom: 0.5rem; max-width: 100%; }
[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"],
[data-testid="stCaptionContainer"] p { color: #222 !important; }
h1 { font-size: 1.7rem !important; padding: 0 0 0.3rem 0 !important; }
h2, h3 { font-size: 1.3rem !important; }
.demo-bar { font-size: 0.95rem; background: #FFF3C4; border-left: 0.4rem solid #E69F00; padding: 0 0.5rem; }
</style>
""" + "".join(
    f"<style>@media (min-width: {w}px) and (min-height: {h}px) "
    f'{{ [data-testid="stMainBlockContainer"] {{ zoom: {z}; }} }}</style>'
    for w, h, z in STAGE_ZOOM)


# Streamlit's browser code loads each element type's module the first time such an element
# arrives in a tab, and shows a grey skeleton until it is parsed: switching to the map for the
# first time showed one for the map (0.7 s here, seconds on a slow laptop). Every page asks the
# browser for the meeting pages' modules at the start of its run, so a later switch finds them
# (webgl-device is the chunk deck.gl itself imports when the map first draws).
PRELOADED = ("Metric", "Table", "DataFrame", "Selectbox", "Slider", "ButtonGroup", "DownloadButton",
             "DeckGlJsonChart", "webgl-device", "ArrowVegaLiteChart")
STATIC_JS = Path(st.__file__).resolve().parent / "static" / "static" / "js"
PRELOAD = """<script>(() => {{
  const index = document.querySelector('script[src*="/static/js/index."]');
  if (!index || window.dashPreloaded) return;
  window.dashPreloaded = true;
  for (const name of {files}) {{ import(new URL(name, index.src).href).catch(() => {{}}); }}
}})();</script>"""
HIDDEN = "<style>div:has(> .st-key-frame_preload), .st-key-frame_preload { display: none; }</style>"


@functools.cache
def _preload_files() -> tuple[str, ...]:
    """The preloaded modules' file names, looked up once per process (they are named with a hash that
    changes with each Streamlit release; a glob of the folder on every rerun took 2 ms)."""
    return tuple(sorted(p.name for name in PRELOADED for p in STATIC_JS.glob(f"{name}.*.js")))


def _preload() -> None:
    files = _preload_files()
    if files:  # in a hidden container: it takes no room (and no gap) on a one-screen page
        with st.container(key="frame_preload"):
            st.html(PRELOAD.format(files=json.dumps(files)) + HIDDEN, unsafe_allow_javascript=True)


@dataclass(frozen=True)
class Context:
    filters: filters.Filters
    user: User | None
    demo: bool


def configure(projector: bool = False) -> None:
    """Page config shared by the entry script and every page (wide layout, local icon; in projector
    mode the sidebar starts collapsed)."""
    _ensure_navigation_mode()
    st.set_page_config(page_title=APP_TITLE, page_icon=ICON, layout="wide",
                       initial_sidebar_state="collapsed" if projector else "auto")
    _settings_or_stop()


def _settings_or_stop() -> None:
    # A bad setting (env or secrets) would fail deep in any page: the frame, which every page runs
    # first, is the one place it is shown, as the sentence naming the setting.
    try:
        data.settings()
    except TargetsError as exc:
        notice.error(exc)
        st.stop()


def page_file(name: str) -> Path:
    """The script of page `name`."""
    return ROOT / "pages" / f"{FILES.get(name, name)}.py"


def navigation():
    """The app's pages in order, for st.navigation in app.py."""
    return st.navigation([
        st.Page(str(page_file(name)), title=PAGE_TITLES[name], icon=PAGE_ICONS[name],
                url_path=page_file(name).stem, default=(name == "overview"))
        for name in PAGES
    ])


def _ensure_navigation_mode() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page(name: str) -> Context:
    """Draw the frame for page `name` and return the filters, the user and the demo flag."""
    configure()
    _preload()
    current = filters.render()
    if current.projector:
        configure(projector=True)
        st.html(PROJECTOR_CSS)
    query.show_notice()
    user = auth.current_user()
    auth.send_cookie()
    with st.sidebar:
        st.divider()
        if user:
            st.caption(t("logged_in_as", name=user.name, role=ROLE_LABELS.get(user.role, user.role)))
        else:
            st.caption(t("anonymous"))
    demo = data.demo_in_use()
    if not user and not data.settings().anonymous_read and name != "login":
        st.warning(messages.render("session_expired"))
        st.page_link(str(page_file("login")), label=t("login"))
        st.stop()
    if demo and current.projector:  # one slim line: the meeting still sees the data is demo data
        st.html(f'<div class="demo-bar">{html.escape(t("demo_banner"))}</div>')
    elif demo:
        st.info(t("demo_banner"), icon=":material/science:")
    return Context(current, user, demo)
