"""An officer reports a duty done with an evidence file in the browser, and the grid cell changes."""

import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import cli, login, shot, wait_idle
from tests.unit import evidence_files as files
from ui.strings import DUTY_STATE_SHORT, PAGE_TITLES, ROLE_LABELS, t, u

DUTY, CC = "jl-2022-t23", "220100"
NAME = "报送“一市一域、一县一业”年度提升计划表"


def _choose(page, key: str, option: str) -> None:
    """Pick an option of a selectbox by typing it (long option lists are virtualised)."""
    page.locator(f".st-key-{key} input").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def _open_duties(page) -> None:
    """Through the sidebar (a reload would start a new session, logged out); the URL changes client-side."""
    wait_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_text(PAGE_TITLES["duties"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/duties"), timeout=30_000)
    wait_idle(page)


def test_an_officer_reports_a_duty_with_a_file_and_the_grid_cell_changes(page, server, tmp_path):
    app_url, env = server
    evidence = tmp_path / "计划表.pdf"
    evidence.write_bytes(files.PDF)
    login(page, app_url, "cc")
    logged_in = t("logged_in_as", name="cc", role=ROLE_LABELS["officer"])
    expect(page.get_by_test_id("stSidebar").get_by_text(logged_in)).to_be_visible(timeout=30_000)
    _open_duties(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(logged_in)).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name=u("tab_grid")).click()
    _choose(page, "duties_year", "2024")
    cell = page.locator(f'.st-key-duties_grid [data-cell="{DUTY}|{CC}"]')
    expect(cell).to_have_text(DUTY_STATE_SHORT["overdue"])
    _choose(page, "duties_cell_duty", NAME)
    form = page.locator(".st-key-duties_report_files")
    form.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(evidence))
    expect(form).to_contain_text("计划表.pdf")
    page.locator(".st-key-duties_report_note textarea").fill("计划表已报省局")
    page.locator(".st-key-duties_report_submit button").click()
    wait_idle(page)
    expect(cell).to_have_text(f"{DUTY_STATE_SHORT['submitted']} 07-31", timeout=30_000)
    expect(page.locator(".st-key-duties_history")).to_have_count(1)
    expect(page.get_by_test_id("stDownloadButton").filter(has_text="计划表.pdf")).to_be_visible()  # still on its tab
    shot(page, "duties-reported")
    rows = json.loads(cli(env, "duties", "--json", "--year", "2024"))
    mine = next(r for r in rows if r["target"] == DUTY and r["region"] == CC)
    assert (mine["state"], mine["done"], mine["evidence"]) == ("submitted", "2024-07-31", 1)
