"""A write from the command line (another process) shows in a running dashboard on its next rerun.

The server's caches are keyed on the store's data version: nothing is cleared and no ttl has to
pass. The store starts with demo data; the first real upload replaces it everywhere.
"""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.browser.conftest import cli, go, shot, wait_idle
from tests.unit.workbooks import book
from ui.strings import PAGE_TITLES, t


def test_an_import_from_the_command_line_shows_on_the_next_rerun(page, server, tmp_path):
    app_url, env = server
    page.goto(app_url)
    wait_idle(page)
    banner = page.get_by_text(t("demo_banner"))
    expect(banner.first).to_be_visible()
    go(page, "map")  # the session has now read (and cached) the demo state on two pages
    path = tmp_path / "进展.xlsx"
    path.write_bytes(book([["jl-2022-t08", "长春市", dt.date(2024, 6, 30), 1, "计划表已报"]]))
    cli(env, "import", str(path), "--user", "office")
    # the next rerun in the same session: back to the overview (which lives at /)
    page.get_by_test_id("stSidebarNav").get_by_text(PAGE_TITLES["overview"], exact=True).click()
    page.wait_for_url(lambda url: "/map" not in url)
    wait_idle(page)
    expect(page.get_by_text(t("demo_banner"))).to_have_count(0, timeout=30_000)
    shot(page, "freshness-after-import")
