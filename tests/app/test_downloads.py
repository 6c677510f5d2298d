"""Downloads: tables as Excel through the one writer (formula text stays text), charts as PNG/SVG offline."""

from __future__ import annotations

import io
import tomllib

import altair as alt
import pandas as pd
from openpyxl import load_workbook

from tests.app.conftest import ROOT
from ui import downloads


def test_excel_keeps_formula_like_text_as_text():
    frame = pd.DataFrame({"name": ["=1+1", "+86 431", "-5", "@SUM(A1)", "plain"], "value": [1.5, None, 3, 4, 5]})
    ws = load_workbook(io.BytesIO(downloads.excel_bytes(frame, "sheet"))).active
    assert [c.value for c in ws[1]] == ["name", "value"]
    cells = [ws.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in cells] == list(frame["name"])
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(row=3, column=2).value is None and ws.cell(row=2, column=2).value == 1.5


def test_charts_render_offline_to_png_and_svg():
    frame = pd.DataFrame({"region": ["a", "b"], "value": [1, 2]})
    chart = alt.Chart(frame).mark_bar().encode(x="region:N", y="value:Q")
    assert downloads.chart_png(chart, width=300).startswith(b"\x89PNG")
    svg = downloads.chart_svg(chart)
    assert svg.lstrip().startswith("<svg") and "http" not in svg.replace("http://www.w3.org", "")


def test_streamlits_own_csv_download_is_off():
    """The table toolbar's CSV export writes cells verbatim (=cmd|…): only the safe Excel export is offered."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
