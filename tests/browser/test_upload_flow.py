"""An officer's round trip in the browser: bad file → marked errors, nothing stored → fixed file → overview."""

import datetime as dt
import io
import json

import openpyxl
from playwright.sync_api import expect

from tests.browser.conftest import cli, go, login, shot, wait_idle
from ui.strings import UPLOAD_LABELS

HEADERS = ["指标编号", "地区代码", "截止日期", "累计完成值", "说明"]
FUTURE = (dt.date.today() + dt.timedelta(days=400)).isoformat()


def _workbook(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "进展填报"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _current(env):
    return json.loads(cli(env, "reports", "--json"))


def test_bad_file_then_fixed_file_reaches_the_overview(page, server, tmp_path):
    app_url, env = server
    before = _current(env)
    bad = _workbook(tmp_path / "长春进展.xlsx", [
        ["jl-2022-t99", "220100", "2024-06-30", 10, ""],
        ["jl-2022-t01", "220100", FUTURE, 88, ""],
    ])
    login(page, app_url, "cc")
    go(page, "upload")
    expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_be_attached(timeout=60_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
    wait_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text=UPLOAD_LABELS["blocked"].format(errors=2))).to_be_visible(
        timeout=60_000)
    expect(page.locator(".st-key-upload_confirm")).to_have_count(0)
    with page.expect_download() as download:
        page.locator(".st-key-upload_marked button").click()
    marked = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = marked["进展填报"]
    assert sheet["A2"].comment is not None and "jl-2022-t99" in sheet["A2"].comment.text
    assert sheet["C3"].comment is not None
    shot(page, "upload-errors")
    assert _current(env) == before  # nothing stored

    fixed = _workbook(tmp_path / "长春进展-改.xlsx", [["jl-2022-t01", "长春市", "2024-06-30", "88户", "改正后"]])
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(fixed))
    wait_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text=UPLOAD_LABELS["clean"].format(rows=1))).to_be_visible(
        timeout=60_000)
    page.locator(".st-key-upload_confirm button").click()
    wait_idle(page)
    committed = page.get_by_test_id("stAlert").filter(has_text=UPLOAD_LABELS["committed"].split("：")[0])
    expect(committed).to_be_visible(timeout=60_000)  # the commit reruns the page; slow on a loaded machine
    shot(page, "upload-committed")
    stored = [r for r in _current(env) if r["target"] == "jl-2022-t01" and r["region"] == "220100"]
    assert [(r["date"], r["value"], r["user"]) for r in stored] == [("2024-06-30", 88.0, "cc")]

    page.goto(f"{app_url}/?as_of=2024-06-30")
    wait_idle(page)
    expect(page.locator(".st-key-overview_grid")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("示例数据", exact=False)).to_have_count(0)  # real data replaced the demo
    # 长春's 88 counts towards the province-wide 300 (the plan sets no quota per city)
    status = json.loads(cli(env, "status", "--json", "--as-of", "2024-06-30"))
    total = [r for r in status if r["target"] == "jl-2022-t01"]
    assert len(total) == 1 and round(total[0]["completion"], 4) == round(88 / 300, 4)
    shot(page, "overview-after-upload")
