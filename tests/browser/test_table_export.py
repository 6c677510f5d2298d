"""No table offers an executable cell (CONTRACTS §3): Streamlit's own CSV download is off, the offered
Excel export writes formula-like text as text.

Text that a spreadsheet would execute (`=cmd|' /C calc'!A0`, `=HYPERLINK(…)`, `@SUM(1)`) reaches the
tables through an upload's file name and its 说明; anyone who can read the history sees them.
"""

from __future__ import annotations

import io
import re

import openpyxl
from playwright.sync_api import expect

from targets.workbook.writer import UNSAFE_START
from tests.browser.conftest import cli, go, login, shot, wait_idle
from ui.strings import STREAMLIT_WORDS

HEADERS = ["指标编号", "地区代码", "截止日期", "累计完成值", "说明"]
FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://127.0.0.2/x","点击")', "@SUM(1)", "+1+1", "-1+1"]
# Streamlit's own toolbar labels, in English or as the page shell puts them (ui.shell, STREAMLIT_WORDS)
CSV = re.compile(f"Download as CSV|{re.escape(STREAMLIT_WORDS['Download as CSV'])}")
SEARCH = re.compile(f"Search|{re.escape(STREAMLIT_WORDS['Search'])}")


def _hostile_upload(tmp_path, env) -> str:
    name = "=HYPERLINK(1,2)+@SUM(1).xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "进展填报"
    ws.append(HEADERS)
    for i, text in enumerate(FORMULAS):
        ws.append(["jl-2022-t01", "220100", f"2024-0{i + 1}-28", 10 + i, text])
        ws.cell(ws.max_row, 5).data_type = "s"  # typed as text in Excel ('=…), not a formula
    wb.save(tmp_path / name)
    cli(env, "import", str(tmp_path / name), "--user", "office", "--accept-warnings")
    return name


def _toolbar_of(page, key: str):
    """Hover the table in container `key` so its toolbar shows; returns the toolbar."""
    page.locator(f".st-key-{key} [data-testid='stDataFrame']").first.hover()
    toolbar = page.locator(f".st-key-{key} [data-testid='stElementToolbar']").first
    expect(toolbar.get_by_role("button", name=SEARCH)).to_be_visible()  # the toolbar is there
    return toolbar


def test_the_history_table_has_no_csv_download_and_its_export_is_safe(page, server, tmp_path):
    app_url, env = server
    _hostile_upload(tmp_path, env)
    login(page, app_url, "office")
    go(page, "history")
    toolbar = _toolbar_of(page, "history_uploads")
    expect(toolbar.get_by_role("button", name=CSV)).to_have_count(0)
    shot(page, "history-toolbar")

    with page.expect_download() as download:
        page.locator(".st-key-history_export button").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    risky = [c for ws in book for line in ws.iter_rows() for c in line
             if isinstance(c.value, str) and c.value.startswith(UNSAFE_START)]
    assert {c.value for c in risky} >= set(FORMULAS)  # the texts are kept verbatim …
    assert all(c.data_type == "s" for c in risky)  # … and none is a formula


def test_dashboard_tables_have_no_csv_download(page, app_url):
    page.goto(f"{app_url}/indicators")
    wait_idle(page)
    toolbar = _toolbar_of(page, "targets_list")
    expect(toolbar.get_by_role("button", name=CSV)).to_have_count(0)
