"""The map draws from local outlines (WebGL pixels, not just a canvas) and no request leaves the machine."""

import io

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_idle

WEBGL_OK = """() => { const c = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
  return !!(c && (c.getContext('webgl2') || c.getContext('webgl'))); }"""


def _coloured_pixels(png: bytes) -> int:
    """Pixels that are neither white/grey background nor black text: the choropleth fill."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in img.get_flattened_data() if max(r, g, b) - min(r, g, b) > 40)


def _open_map(page, app_url, query=""):
    page.goto(f"{app_url}/map{query}")
    wait_idle(page)
    deck = page.get_by_test_id("stDeckGlJsonChart")
    expect(deck).to_be_visible(timeout=30_000)
    expect(deck.locator("canvas").first).to_be_attached()
    page.wait_for_timeout(1500)  # deck.gl draws after the script finished
    return deck


def test_province_map_draws_offline(page, app_url):
    deck = _open_map(page, app_url)
    assert page.evaluate(WEBGL_OK), "deck.gl canvas has no WebGL context"
    assert _coloured_pixels(deck.screenshot()) > 5000
    shot(page, "map-jilin")


def _drawn_pixels(png: bytes) -> int:
    """Pixels that are not the white background: outlines, fills (grey where nothing is reported), lines."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in img.get_flattened_data() if min(r, g, b) < 235)


def test_national_map_draws_offline(page, app_url):
    deck = _open_map(page, app_url, "?plan=cn-2022")  # the national plan is not split by province: grey map
    assert _drawn_pixels(deck.screenshot()) > 20000
    shot(page, "map-national")


def test_city_map_draws_counties(page, app_url):
    deck = _open_map(page, app_url, "?plan=cy-2017")
    assert _coloured_pixels(deck.screenshot()) > 2000
    shot(page, "map-chaoyang")


def test_status_colouring_states_the_region_rule(page, app_url):
    from targets.messages import REGION_METHOD
    from ui.strings import d

    for query, name in (("", "map-status"), ("?mode=projector", "map-status-projector")):
        _open_map(page, app_url, query)
        page.locator(".st-key-map_color").get_by_text(d("color_status"), exact=True).click()
        wait_idle(page)
        rule = REGION_METHOD if not query else d("map_rule_short")
        expect(page.locator(".st-key-map_method")).to_contain_text(rule[:20])
        page.wait_for_timeout(1500)
        shot(page, name)
