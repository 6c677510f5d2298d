"""Normal mode at 1280×720 with the sidebar open: download labels are not cut and a date figure
stays on one line."""

from __future__ import annotations

from tests.browser.conftest import shot, wait_idle, wait_rendered

CUT = """(sel) => [...document.querySelectorAll(sel)].filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => el.textContent.trim())"""
LINES = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].map((el) => {
  const size = parseFloat(getComputedStyle(el).fontSize);
  return [el.textContent.trim(), Math.round(el.getBoundingClientRect().height / (size * 1.25))];
})"""


def test_map_download_labels_are_whole(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/map")
    wait_idle(page)
    buttons = page.locator(".st-key-map_download_png, .st-key-map_download_svg")
    buttons.first.wait_for()
    assert buttons.count() == 2
    shot(page, "normal-map-1280")
    assert page.evaluate(CUT, '[class*="st-key-map_download"] button *') == []


def test_forecast_date_stays_on_one_line(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/burndown")
    wait_idle(page)
    # the five figures arrive with the script's last delta: wait for all of them, not the first
    page.wait_for_function("""() => document.querySelectorAll('[data-testid="stMetricValue"]').length === 5""")
    wait_rendered(page)
    lines = page.evaluate(LINES)
    assert len(lines) == 5 and all(n <= 1 for _, n in lines), lines
