"""No grey loading skeleton when the meeting switches pages: the map's and charts' browser modules
are loaded while the first page runs (ui.frame), not when the map first arrives."""

from __future__ import annotations

from tests.browser.conftest import go, wait_idle

SKELETONS = ("() => document.querySelectorAll("
             "'[data-testid=\"stSkeleton\"], [data-testid=\"stSkeletonElement\"]').length")


def test_switching_to_the_map_and_the_burndown_shows_no_skeleton(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    wait_idle(page)
    page.wait_for_function(SKELETONS.replace("=> ", "=> !"))
    for name in ("map", "burndown"):
        go(page, name)
        assert page.evaluate(SKELETONS) == 0, name
