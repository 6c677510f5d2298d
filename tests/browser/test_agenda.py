"""Agenda mode in a real browser at 1280×720: the arrow key steps through the items, each with its URL,
and every visible text is at least 20 px."""

from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_idle, wait_rendered
from tests.browser.test_projector import TEXT_SIZES


def test_agenda_steps_through_its_items_at_1280x720(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/agenda")
    wait_idle(page)
    expect(page.locator(".st-key-overview_kpi_done, .st-key-agenda_kpi_done")).to_be_visible()
    seen = []
    for step in range(6):
        wait_idle(page)
        wait_rendered(page)  # a fresh tab loads the buttons' module last: until then the arrow key has no button
        item = page.url.split("item=")[-1].split("&")[0]
        seen.append(item)
        sizes = page.evaluate(TEXT_SIZES)
        small = [s for s in sizes if s["size"] < 20]
        assert sizes and not small, (item, small)
        shot(page, f"agenda-{step}")
        page.locator(".st-key-agenda_head").click(position={"x": 5, "y": 5})  # focus the page, not a widget
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(prev) => !location.href.includes('item=' + prev + '&') && "
                               "!location.href.endsWith('item=' + prev)", arg=item, timeout=30_000)
    assert seen[0] == "counts" and len(set(seen)) == len(seen)


def test_an_item_url_reopens_that_item(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/agenda?item=laggards")
    wait_idle(page)
    expect(page.locator(".st-key-agenda_item_laggards")).to_be_visible()
    assert "item=laggards" in page.url
