"""The page shell: a deep link asks only the server's root (no 404), and Streamlit's own English is Chinese."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import go, login, shot, wait_idle
from ui.strings import PAGE_TITLES, STREAMLIT_WORDS


def _server_log(env) -> Path:
    return Path(env["DATABASE_URL"].removeprefix("sqlite:///")).parent / "server.log"


def test_a_deep_link_asks_only_the_root_and_logs_no_404(page, server):
    app_url, env = server
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"{app_url}/map")
    wait_idle(page)
    expect(page.locator(".st-key-map_color")).to_be_visible()  # the map page itself, not the default page
    page.goto(f"{app_url}/burndown?region=220100")
    wait_idle(page)
    assert "/burndown?" in page.url and "region=220100" in page.url  # the page and its query kept
    expect(page.get_by_role("heading", name=PAGE_TITLES["burndown"], exact=True).first).to_be_visible()
    assert missing == []
    assert not [e for e in page.console_errors if "404" in e]
    assert " 404" not in _server_log(env).read_text()


def test_the_upload_widget_speaks_chinese(page, server, tmp_path):
    app_url, _ = server
    login(page, app_url, "cc")
    go(page, "upload")
    zone = page.get_by_test_id("stFileUploaderDropzone")
    expect(zone.get_by_test_id("stBaseButton-secondary")).to_contain_text(STREAMLIT_WORDS["Upload"], timeout=60_000)
    text = zone.inner_text()
    for english in ("Drag and drop", "per file", "Upload", "Browse", "200MB"):  # 200MB: not the product's limit
        assert english not in text, text
    shot(page, "upload-widget-chinese")
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a workbook")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(wrong))
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader).to_contain_text("不接受这种类型的文件", timeout=30_000)
    assert "not allowed" not in uploader.inner_text()
    shot(page, "upload-widget-wrong-type")
