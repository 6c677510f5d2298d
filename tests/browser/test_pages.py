"""Every page opened by its URL at 1920×1080 and 1280×720: the frame is there, no error box, Chinese renders."""

import subprocess

import pytest

from tests.browser.conftest import shot, wait_idle, wait_rendered
from ui.frame import PAGES, page_file
from ui.strings import PAGE_TITLES, t


def test_a_cjk_font_is_installed():
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no CJK font: Chinese would render as boxes"


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("name", PAGES)
def test_page_opens_by_url_with_the_shared_frame(page, app_url, name, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/{'' if name == 'overview' else page_file(name).stem}")  # the default page lives at /
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text(t("filters")).count() == 1  # the shared filters came with the page
    nav = page.get_by_test_id("stSidebarNav")
    assert nav.get_by_text(PAGE_TITLES["overview"], exact=True).count() == 1  # st.navigation, not folder names
    assert nav.get_by_text("app", exact=True).count() == 0
    wait_rendered(page)  # the widgets drawn, not their loading skeletons (fails if one never goes)
    shot(page, f"page-{name}-{size[0]}")
