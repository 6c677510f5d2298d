"""Test workbooks built in code: the progress sheet (进展填报) an officer uploads."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

HEADERS = ("指标编号", "地区代码", "截止日期", "累计完成值", "说明")
SHEET = "进展填报"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TARGET = "jl-2022-t01"  # cumulative, 户, a province total each Jilin unit contributes to (no quota)
ALLOCATED = "jl-2022-t08"  # 个, a per-市州 duty: each of the nine 市州 carries 1
CHANGCHUN, JILIN_CITY = "220100", "220200"
NANGUAN = "220102"  # a district of Changchun

HOSTILE = (
    "<script>alert(1)</script>",
    "[x](http://evil)",
    "=cmd|' /C calc'!A0",
    "'; DROP TABLE report; --",
)


def progress(rows: list[tuple], title: str | None = None, sheet: str = SHEET) -> bytes:
    """An .xlsx with an optional title row, the headers, then `rows` (target, region, date, value[, note])."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(list(HEADERS))
    for row in rows:
        ws.append(list(row))
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed as text ('=…), not a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(value: object, date: object = dt.date(2023, 6, 30), region: str = CHANGCHUN,
        target: str = TARGET, note: str = "") -> tuple:
    """One data row with sensible defaults."""
    return (target, region, date, value, note)


ALLOCATION_HEADERS = ("指标编号", "地区代码", "分解值")


def allocation(rows: list[tuple]) -> bytes:
    """A 任务分解表 with (target, region, share) rows."""
    book = Workbook()
    ws = book.active
    ws.title = "任务分解"
    ws.append(list(ALLOCATION_HEADERS))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
