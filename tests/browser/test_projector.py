"""Projector mode: the overview's key figures fit the first screen and read from the back of the room."""

import pytest
from playwright.sync_api import expect

from targets.method.status import STATUSES
from tests.browser.conftest import shot, wait_idle, wait_rendered

TEXT_SIZES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid="stMain"]'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
    if (r.bottom < 0 || r.top > innerHeight) continue;
    out.push({text: node.textContent.trim().slice(0, 30), size: parseFloat(style.fontSize)});
  }
  return out;
}"""


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_overview_key_figures_fit_the_first_screen(page, app_url, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/?mode=projector")
    wait_idle(page)
    expect(page.get_by_test_id("stHeader")).to_be_hidden()  # no chrome: projector style applied
    for status in STATUSES:
        kpi = page.locator(f".st-key-overview_kpi_{status}")
        expect(kpi).to_be_visible()
        box = kpi.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= size[1], (status, box)
    shot(page, f"projector-overview-{size[0]}")


def test_projector_text_is_large_at_1280x720(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?mode=projector")
    wait_idle(page)
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(page.locator(".st-key-overview_grid")).to_be_visible()
    wait_rendered(page)  # the key figures drawn, not their loading skeletons
    for status in STATUSES:
        expect(page.locator(f".st-key-overview_kpi_{status}")).to_be_visible()
    sizes = page.evaluate(TEXT_SIZES)
    assert len(sizes) > 20
    small = [s for s in sizes if s["size"] < 20]
    assert len(small) <= 0.1 * len(sizes), small  # nearly all visible text at least 20 px


def test_projector_mode_survives_in_the_url(page, app_url):
    page.goto(f"{app_url}/map?mode=projector")
    wait_idle(page)
    assert "mode=projector" in page.url
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
