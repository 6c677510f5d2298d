"""No grey loading skeleton waits for a download when the meeting switches pages: the map's and charts'
browser modules are fetched while the first page runs (ui.frame), not when the map first arrives.

React shows an element's skeleton for at least one render even when its module is in the browser's cache
(React.lazy resolves it asynchronously); on a slow machine that render can be seen. What the product
controls, and this test checks, is that the switch fetches nothing: the modules came with the first page."""

from __future__ import annotations

import re

from tests.browser.conftest import go, wait_idle, wait_rendered

MODULES = ("DeckGlJsonChart", "webgl-device", "ArrowVegaLiteChart", "ButtonGroup")
FETCHED = ("() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())"
           ".filter((n) => n.endsWith('.js'))")


def _settled(page, quiet_ms: int = 1500, timeout_ms: int = 60_000) -> list[str]:
    """The scripts fetched so far, once no new one has arrived for quiet_ms (the preload's modules and the
    chunks they import are all in)."""
    names, quiet = page.evaluate(FETCHED), 0
    for _ in range(timeout_ms // 250):
        page.wait_for_timeout(250)
        now = page.evaluate(FETCHED)
        quiet = quiet + 250 if now == names else 0
        names = now
        if quiet >= quiet_ms and set(MODULES) <= _modules(names):
            return names
    return names


def _modules(names: list[str]) -> set[str]:
    return {m for m in MODULES for n in names if re.fullmatch(rf"{m}\.[^/]*\.js", n)}


def test_the_map_and_chart_modules_are_fetched_on_the_first_page_not_on_the_switch(page, app_url):
    page.add_init_script("performance.setResourceTimingBufferSize(5000)")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    wait_idle(page)
    wait_rendered(page)
    before = _settled(page)
    assert not page.locator('[data-testid="stDeckGlJsonChart"]').count()   # the overview has no map
    assert _modules(before) == set(MODULES)
    go(page, "map")
    wait_rendered(page)
    assert page.locator('[data-testid="stDeckGlJsonChart"] canvas').count()
    go(page, "burndown")
    wait_rendered(page)
    assert page.evaluate(FETCHED) == before   # the switches fetched no module
