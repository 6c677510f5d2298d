"""Download buttons: tables as Excel, charts as PNG/SVG, all made offline and only when clicked.

The files are built by callables that Streamlit runs when the button is pressed, so a rerun
never pays for an export. Tables go through targets.workbook_writer, which writes text starting
with = + - @ (or a tab/carriage return) as text with a quote prefix (CONTRACTS §3).
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st
import vl_convert

from targets.workbook.writer import table_workbook
from ui.strings import d

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_bytes(frame: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    """An .xlsx of `frame` through the product's one workbook writer (unsafe text kept as text)."""
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    return table_workbook([(sheet[:31] or "Sheet1", [str(c) for c in frame.columns], rows)])


def table_button(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, key: str) -> None:
    """A download button for `frame` as `<name>.xlsx` (built on click; `frame` may be a function
    that builds the table, for a table too long to build on every rerun)."""
    build = frame if callable(frame) else (lambda: frame)
    st.download_button(d("download_excel"), data=lambda: excel_bytes(build(), name),
                       file_name=f"{name}.xlsx", mime=XLSX, key=key, on_click="ignore",
                       icon=":material/download:", type="tertiary")


def _spec(chart: alt.TopLevelMixin, width: int | None) -> str:
    """The chart's Vega-Lite JSON, with a fixed width when the screen version stretches."""
    return (chart.properties(width=width) if width else chart).to_json()


def chart_png(chart: alt.TopLevelMixin, width: int | None = None) -> bytes:
    """The chart as PNG (2× scale), rendered offline by vl-convert."""
    return vl_convert.vegalite_to_png(_spec(chart, width), scale=2)


def chart_svg(chart: alt.TopLevelMixin, width: int | None = None) -> str:
    """The chart as SVG, rendered offline by vl-convert."""
    return vl_convert.vegalite_to_svg(_spec(chart, width))


def chart_buttons(chart: alt.TopLevelMixin | Callable[[], alt.TopLevelMixin], name: str, key: str,
                  width: int | None = None) -> None:
    """PNG and SVG download buttons side by side, built on click; `chart` may be a builder function
    (for charts that are costly to build, such as the static map); `width` fixes a stretching chart."""
    build = (lambda: chart) if isinstance(chart, alt.TopLevelMixin) else chart
    # a row that takes each button's own width: fixed column shares cut the labels in a narrow column
    row = st.container(horizontal=True, gap="small")
    left = right = row
    with left:
        st.download_button(d("download_png"), data=lambda: chart_png(build(), width), file_name=f"{name}.png",
                           mime="image/png", key=f"{key}_png", on_click="ignore", icon=":material/image:",
                           type="tertiary")
    with right:
        st.download_button(d("download_svg"), data=lambda: chart_svg(build(), width), file_name=f"{name}.svg",
                           mime="image/svg+xml", key=f"{key}_svg", on_click="ignore", icon=":material/image:",
                           type="tertiary")
