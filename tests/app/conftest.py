"""AppTest fixtures: each test gets its own store and clean Streamlit caches."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(autouse=True)
def clean_caches(db_url):
    """Caches survive across AppTests in one process: clear them around every test."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def no_clearing(clean_caches):
    """Any cache clear during the test fails it (undone before the fixtures' own clearing): what the
    test sees after a write can only come from the data version moving."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a cache was cleared")

    saved = st.cache_data.clear, st.cache_resource.clear
    st.cache_data.clear = st.cache_resource.clear = refuse
    yield
    st.cache_data.clear, st.cache_resource.clear = saved


@pytest.fixture(autouse=True)
def no_deprecations():
    """Streamlit only logs deprecations (its loggers don't propagate): fail on any."""
    handler = _Collect()
    logger = logging.getLogger("streamlit.deprecation_util")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    assert not handler.messages, handler.messages


def page_test(name: str) -> AppTest:
    """An AppTest of one page file, run standalone (the page draws its own frame)."""
    from ui.frame import page_file

    return AppTest.from_file(str(page_file(name)), default_timeout=60)


def app_test() -> AppTest:
    """An AppTest of the entry script (navigation + default page)."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
