"""Alerts that may carry text a user typed: markdown-escaped, so it shows verbatim and never as markup.

Streamlit alerts render markdown; a file name or account name such as `[x](http://evil)` would
become a link. Every alert that can contain user text goes through here.
"""

from __future__ import annotations

import re

import streamlit as st

from targets.errors import TargetsError

_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~$:!{}()])")


def escape(text: object) -> str:
    """Text with every markdown-significant character backslash-escaped (renders verbatim)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def error(exc: TargetsError | str) -> None:
    """Show a failure sentence (a TargetsError renders its message) as an error alert."""
    st.error(escape(exc))


def success(text: str) -> None:
    """Show a success sentence."""
    st.success(escape(text))


FLASH = "notice_flash"


def flash(text: str) -> None:
    """Keep a success sentence for the next run (the page reruns so every table shows the write)."""
    st.session_state[FLASH] = text


def show_flash() -> None:
    """Show (once) the sentence a write left for this run."""
    text = st.session_state.pop(FLASH, None)
    if text:
        success(str(text))
