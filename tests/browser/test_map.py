"""The map draws from local outlines (WebGL pixels, not just a canvas) and no request leaves the machine."""

import io
import re

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


def test_hovering_a_region_shows_its_name_and_tip_and_the_selected_region_is_outlined(page, app_url):
    """The tooltip reads the region's name and tip from the feature's properties (sent once, not
    twice), and the region chosen in the selectbox is drawn with a black outline of its own layer."""
    from ui.strings import d

    deck = _open_map(page, app_url)
    box = deck.bounding_box()
    tooltip = page.locator(".deck-tooltip")
    for fx, fy in ((0.5, 0.5), (0.4, 0.45), (0.6, 0.55), (0.5, 0.4), (0.3, 0.6)):
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy, steps=5)
        try:  # deck.gl shows the tooltip once it has picked the feature under the pointer
            expect(tooltip.first).to_contain_text(re.compile(r"\S"), timeout=3000)
            break
        except AssertionError:
            continue
    text = tooltip.first.inner_text()
    assert "{" not in text and "}" not in text, text  # every placeholder filled
    assert text.split("\n")[0].strip() and len(text.split("\n")) >= 2, text  # a name, then its tip
    shot(page, "map-tooltip")
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    before = _black_pixels(deck.screenshot())
    page.locator(".st-key-map_region").click()
    page.get_by_role("option", name="长春").first.click()
    wait_idle(page)
    page.wait_for_timeout(1500)
    expect(page.get_by_text(d("map_region_header", name="长春"))).to_be_visible()
    assert _black_pixels(deck.screenshot()) > before + 200  # the black outline of 长春
    shot(page, "map-selected")


def _black_pixels(png: bytes) -> int:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in img.get_flattened_data() if max(r, g, b) < 40)


def test_a_click_on_the_national_map_selects_the_province_and_keeps_the_colours(page, app_url):
    """deck.gl counts a press as a click only within 250 ms, and a browser without GPU (software
    WebGL, as here) draws the pick inside that press: with the outlines pickable a national map's
    pick took longer and the click was lost. The map after the click keeps its colours (the
    selected province outlined in black, nothing greyed)."""
    from ui.strings import d

    deck = _open_map(page, app_url, "?plan=cn-2022")
    box = deck.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5, steps=5)
    tooltip = page.locator(".deck-tooltip").first
    expect(tooltip).to_contain_text(re.compile(r"\S"), timeout=5000)
    name = tooltip.inner_text().split("\n")[0].strip()
    page.mouse.down()
    page.mouse.up()
    wait_idle(page)
    expect(page.get_by_text(d("map_region_header", name=name))).to_be_visible(timeout=30_000)
    shot(page, "map-national-clicked")
