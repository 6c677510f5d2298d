"""A bookmarked burn-down link opens on the target, region and view it was saved with (ui.query)."""

from __future__ import annotations

from tests.browser.conftest import shot, wait_idle, wait_rendered


def _chosen(box) -> str:
    """The option a selectbox shows (its value sits in the combobox, not in the label)."""
    inputs = box.locator("input")
    values = [inputs.nth(i).input_value() for i in range(inputs.count())]
    return " ".join([box.text_content() or "", *values])


def test_a_bookmarked_burndown_link_reopens_its_target_region_and_view(page, app_url):
    page.goto(f"{app_url}/burndown?target=jl-2022-t08&target_region=220100&view=up")
    wait_idle(page)
    target_box = page.locator(".st-key-burndown_target")
    target_box.wait_for()
    wait_rendered(page)
    # the box's value arrives once the widget's browser module is loaded: wait for it, then read it
    page.wait_for_function(
        "() => [...document.querySelectorAll('.st-key-burndown_target input')].some((el) => el.value)"
        " || (document.querySelector('.st-key-burndown_target')?.textContent || '').includes('一站式服务站')"
    )
    assert "一站式服务站" in _chosen(target_box)
    assert "长春" in _chosen(page.locator(".st-key-burndown_region"))
    # the page writes its widgets' values back into the URL: view=up survives only if the control holds 燃升图
    assert "target=jl-2022-t08" in page.url and "target_region=220100" in page.url and "view=up" in page.url
    assert page.locator(".st-key-url_notice").count() == 0  # nothing refused
    shot(page, "bookmark-burndown")
