"""Download buttons: tables as Excel, charts as PNG/SVG, all made offline and only when clicked.

The files are built by callables that Streamlit runs when the button is pressed, so a rerun
never pays for an export. Excel text starting with = + - @ (or a tab/carriage return) is written
as text with a quote prefix, so a cell can never become a formula (CONTRACTS §3).
"""

from __future__ import annotations

import io

import altair as alt
import pandas as pd
import streamlit as st
import vl_convert
from openpyxl import Workbook
from openpyxl.styles import Font

from ui.strings import d

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_value(value: object) -> object:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalar → Python
    return value


def excel_bytes(frame: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    """An .xlsx of `frame` (header row bold); risky leading characters kept as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31] or "Sheet1"
    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(frame.itertuples(index=False), start=2):
        for c, raw in enumerate(row, start=1):
            value = _cell_value(raw)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith(RISKY_START):
                cell.data_type = "s"
                cell.quotePrefix = True
    for c, name in enumerate(frame.columns, start=1):
        width = max([len(str(name))] + [len(str(v)) for v in frame.iloc[:200, c - 1]]) if len(frame) else 8
        ws.column_dimensions[ws.cell(1, c).column_letter].width = min(60, max(8, width * 1.6))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_button(frame: pd.DataFrame, name: str, key: str) -> None:
    """A download button for `frame` as `<name>.xlsx` (built on click)."""
    st.download_button(d("download_excel"), data=lambda: excel_bytes(frame, name),
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


def chart_buttons(chart: alt.TopLevelMixin, name: str, key: str, width: int | None = None) -> None:
    """PNG and SVG download buttons side by side (built on click); `width` fixes a stretching chart."""
    left, right, _ = st.columns([1, 1, 3])
    with left:
        st.download_button(d("download_png"), data=lambda: chart_png(chart, width), file_name=f"{name}.png",
                           mime="image/png", key=f"{key}_png", on_click="ignore", icon=":material/image:",
                           type="tertiary")
    with right:
        st.download_button(d("download_svg"), data=lambda: chart_svg(chart, width), file_name=f"{name}.svg",
                           mime="image/svg+xml", key=f"{key}_svg", on_click="ignore", icon=":material/image:",
                           type="tertiary")

