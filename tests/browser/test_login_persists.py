"""A login survives a reload and a new tab (the HttpOnly cookie, set with a one-time ticket: the token never
appears in the page); logout ends it in every tab."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import login, wait_idle


def test_a_reload_and_a_new_tab_stay_logged_in_and_logout_ends_it_everywhere(page, app_url):
    login(page, app_url, "office")
    cookie = next((c for c in page.context.cookies() if c["name"] == "targets_session"), None)
    for _ in range(100):
        if cookie:
            break
        page.wait_for_timeout(100)
        cookie = next((c for c in page.context.cookies() if c["name"] == "targets_session"), None)
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find("targets_session") == -1  # scripts cannot read it
    # the page set it with a one-time ticket: the token itself is nowhere in the page or its frames
    assert all(cookie["value"] not in frame.content() for frame in page.frames), "session token in the page"

    page.reload()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("office", timeout=60_000)
    other = page.context.new_page()
    other.goto(f"{app_url}/login")
    wait_idle(other)
    expect(other.locator(".st-key-login_logout button")).to_be_visible(timeout=60_000)

    other.locator(".st-key-login_logout button").click()
    other.locator(".st-key-login_name input").wait_for(timeout=60_000)
    page.reload()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).not_to_contain_text("office", timeout=60_000)
    page.goto(f"{app_url}/login")
    wait_idle(page)
    expect(page.locator(".st-key-login_name input")).to_be_visible(timeout=60_000)
    other.close()
