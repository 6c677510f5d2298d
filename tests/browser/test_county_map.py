"""The county map of a whole country: the browser reads the counties' outlines from the app's served
file once, and each rerun only recolours them (targets.plans.regions.SERVED_URL, ui.maps.Served).

The server's store holds a national plan over every mainland county (benchmarks/generate.py, one
target, twelve monthly reports per county).
"""

from __future__ import annotations

import io
import math
import os

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import expect

from benchmarks import generate
from targets.plans import regions
from tests.browser.conftest import PASSWORD, running, shot, wait_idle

# The page's map box in normal mode (pages/map.py): the view is fitted to it, centred in the canvas
HEIGHT, WIDTH = 480, 470


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("county")
    generate.build(work / "targets.db", targets=1, months=12)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'targets.db'}", "TARGETS_PASSWORD": PASSWORD}
    with running(work, env) as url:
        yield url, env


def _pixel(box: dict, lon: float, lat: float) -> tuple[float, float]:
    """Where (lon, lat) is drawn on the page: Web Mercator at the view the page fits to its map box."""
    from ui import mapview

    codes = generate.counties()
    start = mapview.view(tuple(codes) + regions.NATIONAL_EXTRAS, HEIGHT, True, WIDTH)
    scale = 512 * 2 ** start.zoom / (2 * math.pi)
    merc = lambda degrees: math.log(math.tan(math.pi / 4 + math.radians(degrees) / 2))  # noqa: E731
    x = scale * math.radians(lon - start.longitude)
    y = -scale * (merc(lat) - merc(start.latitude))
    return box["x"] + box["width"] / 2 + x, box["y"] + box["height"] / 2 + y


def _tooltip_at(page, box: dict, code: str) -> str:
    region = regions.get(code)
    page.mouse.move(*_pixel(box, region.label_lon, region.label_lat), steps=4)
    tooltip = page.locator(".deck-tooltip").first
    expect(tooltip).to_be_visible(timeout=5000)
    return tooltip.inner_text().strip()


def _changed_pixels(a: bytes, b: bytes) -> int:
    diff = ImageChops.difference(Image.open(io.BytesIO(a)).convert("RGB"), Image.open(io.BytesIO(b)).convert("RGB"))
    return sum(1 for px in diff.get_flattened_data() if max(px) > 30)


def test_the_county_map_reads_its_outlines_once_and_recolours_them_per_rerun(page, app_url):
    from ui.strings import d

    fetched = []
    page.on("requestfinished", lambda r: fetched.append(r.url) if regions.SERVED_URL in r.url else None)
    with page.expect_response(lambda r: regions.SERVED_URL in r.url, timeout=60_000) as response:
        page.goto(f"{app_url}/map?plan={generate.PLAN_ID}")
    assert response.value.status == 200 and response.value.url == f"{app_url}/{regions.SERVED_URL}"
    wait_idle(page)
    deck = page.get_by_test_id("stDeckGlJsonChart")
    expect(deck.locator("canvas").first).to_be_attached(timeout=30_000)
    page.wait_for_timeout(2500)  # deck.gl parses the file and draws
    box = deck.bounding_box()
    by_completion = deck.screenshot()
    shot(page, "map-counties")

    # the counties are drawn from the file, each by its own colour: 若羌 (the largest) names itself
    assert _tooltip_at(page, box, "652824") == regions.get("652824").name
    # Taiwan is the grey province of the territories layer, its counties in the file are filtered out
    assert _tooltip_at(page, box, "710000") == regions.get("710000").name

    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.locator(".st-key-map_color").get_by_text(d("color_status"), exact=True).click()
    wait_idle(page)
    page.wait_for_timeout(2000)
    by_status = deck.screenshot()
    shot(page, "map-counties-status")
    assert _changed_pixels(by_completion, by_status) > 20_000  # every county recoloured, same outlines
    assert fetched == [f"{app_url}/{regions.SERVED_URL}"]  # the rerun sent colours, not the file again

    # a click on a county opens its detail beside the map and outlines it; the counties keep their colours
    # (Streamlit's own selection highlight would grey every county whose colour it cannot read). The chart
    # drawn afresh after a click reads the file again, from the browser's cache.
    for code in ("652824", "632801"):  # 若羌, then 格尔木: each click is taken, the second too
        assert _tooltip_at(page, box, code) == regions.get(code).name  # pointed at, as a user does, then pressed
        page.mouse.down()
        page.mouse.up()
        wait_idle(page)
        expect(page.get_by_text(d("map_region_header", name=regions.label(code))), code).to_be_visible(timeout=30_000)
        page.mouse.move(box["x"] + 2, box["y"] + 2)
        page.wait_for_timeout(2000)
        selected = deck.screenshot()
        assert 50 < _changed_pixels(by_status, selected) < 5_000  # its black outline, nothing else
    shot(page, "map-counties-selected")
