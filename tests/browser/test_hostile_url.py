"""A hostile bookmark on a real server: each dashboard page opens with a one-line notice, no error box,
and the address bar drops the refused values."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_idle
from ui.frame import page_file

HOSTILE = "?as_of=9999-12-31&plan=no-such-plan&region=999999&window=999&mode=" + "x" * 5000


@pytest.mark.parametrize("name", ["overview", "map", "burndown", "targets", "whatif"])
def test_a_hostile_url_falls_back_to_the_defaults(page, app_url, name):
    path = "" if name == "overview" else page_file(name).stem
    page.goto(f"{app_url}/{path}{HOSTILE}")
    wait_idle(page)
    expect(page.locator(".st-key-url_notice [data-testid='stAlert']")).to_have_count(1)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "9999" not in page.url and "999999" not in page.url and len(page.url) < 300
    shot(page, f"hostile-url-{name}")
