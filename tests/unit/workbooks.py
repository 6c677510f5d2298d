"""Workbooks built in code for the upload tests: one small builder, no committed binaries."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence

from openpyxl import Workbook

HEADER = ["指标编号", "地区", "截止日期", "累计完成值", "说明"]
TODAY = dt.date(2024, 12, 31)
CUMULATIVE = "jl-2022-t01"  # 户, a province total every region contributes to (no quota), starts 2022-01-01
ALLOCATED = "jl-2022-t08"  # 个, a per-市州 duty: each of the nine 市州 carries 1
RATE = "cy-2017-t01"  # %, plan region 朝阳市 (211300)
MILESTONE = "cy-2017-t24"
JUNE = dt.date(2024, 6, 30)


def book(rows: Sequence[Sequence[object]], header: Sequence[object] | None = HEADER, *,
         sheet: str = "进展填报", above: Sequence[Sequence[object]] = (),
         edit: Callable[..., None] | None = None) -> bytes:
    """A one-sheet workbook: rows `above` the header (titles), the header, then the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for line in above:
        ws.append(list(line))
    if header is not None:
        ws.append(list(header))
    for line in rows:
        ws.append(list(line))
    if edit is not None:
        edit(wb)
    return save(wb)


def save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(value: object = 12, *, target: str = CUMULATIVE, region: object = "长春市",
        date: object = JUNE, note: object = None) -> list[object]:
    return [target, region, date, value, note]


def rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """The same workbook with each part passed through `change(name, content)`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)))
    return out.getvalue()


def with_sheet_xml(data: bytes, old: bytes, new: bytes) -> bytes:
    """Replace text in the first worksheet's XML (e.g. to drop a formula's cached value)."""
    return rezip(data, lambda name, content: content.replace(old, new)
                 if name == "xl/worksheets/sheet1.xml" else content)
