"""Every workbook the product writes: templates, exports, marked uploads (openpyxl).

One rule for all of them (CONTRACTS §3): text starting with = + - @ tab or CR is written as a
text cell with Excel's quotePrefix (the apostrophe Excel, WPS and LibreOffice show in the
formula bar), so no spreadsheet executes it and the text reads back unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from targets import messages
from targets.config import Settings
from targets.workbook.excel import (
    HEADERS,
    INSTRUCTIONS_SHEET,
    MILESTONE_CHOICES,
    OPTIONS_SHEET,
    SHEET,
    TEMPLATE_CONTEXT,
    TEMPLATE_VERSION,
)

UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
TEMPLATE_KEYS = ("target", "target_name", "region_code", "region", "unit", "kind", "share",
                 "last_date", "last_value", "date", "value", "note")
REQUIRED_KEYS = ("target", "region_code", "region", "date", "value")
INPUT_KEYS = ("date", "value", "note")
BLANK_ROWS = 200
HEADER_ROW = 3


def is_unsafe(value: object) -> bool:
    """Text a spreadsheet would execute (or turn into a formula) if written as is."""
    return isinstance(value, str) and value.startswith(UNSAFE_START)


def make_safe(cell) -> None:  # type: ignore[no-untyped-def]
    """Force a cell holding unsafe text to be a plain text cell with quotePrefix."""
    if is_unsafe(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_only_cell(ws, value: object):  # type: ignore[no-untyped-def]
    """A write-only cell with the safety rule applied and dates formatted."""
    cell = WriteOnlyCell(ws, value=_plain(value))
    make_safe(cell)
    if isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = DATE_FORMAT
    return cell


def _plain(value: object) -> Any:  # a cell value openpyxl accepts
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, dt.date)):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, (bool, int, float, str, dt.date, dt.datetime)):
        return value
    return str(value)


def table_workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """A workbook of plain tables: (sheet name, header texts, rows), streamed (write-only)."""
    wb = Workbook(write_only=True)
    for name, headers, rows in sheets:
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        ws.append([write_only_cell(ws, h) for h in headers])
        for row in rows:
            ws.append([write_only_cell(ws, v) for v in row])
    return _bytes(wb)


@dataclass(frozen=True)
class TemplateRow:
    target: str
    target_name: str
    region_code: str
    region: str
    unit: str
    kind: str
    share: float | None
    last_date: dt.date | None
    last_value: object
    milestone: bool


def template_workbook(rows: Sequence[TemplateRow], region_code: str, region_name: str,
                      region_options: Sequence[tuple[str, str]], today: dt.date,
                      settings: Settings = Settings()) -> bytes:
    """The progress template: title, protected header, pre-filled rows, dropdowns, instructions."""
    wb = Workbook()
    ws: Any = wb.active  # openpyxl's stubs type it as optional and as any kind of sheet
    ws.title = SHEET
    columns = {key: i for i, key in enumerate(TEMPLATE_KEYS, start=1)}
    _title(ws, messages.render("template_title", region=region_name), len(TEMPLATE_KEYS))
    for key, col in columns.items():
        text = HEADERS.get(key) or TEMPLATE_CONTEXT[key]
        cell = ws.cell(HEADER_ROW, col, f"{text}*" if key in REQUIRED_KEYS else text)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = 28 if key in ("target_name", "note") else 14
    last = HEADER_ROW + len(rows) + BLANK_ROWS
    for i, row in enumerate(rows, start=HEADER_ROW + 1):
        for key, col in columns.items():
            make_safe(ws.cell(i, col, _plain(getattr(row, key, None))))
    for r in range(HEADER_ROW + 1, last + 1):
        for key, col in columns.items():
            cell = ws.cell(r, col)
            cell.protection = Protection(locked=False)
            if key in ("date", "last_date"):
                cell.number_format = DATE_FORMAT
            if key in INPUT_KEYS:
                cell.fill = INPUT_FILL
    _options(wb, rows, region_options)
    _validations(ws, columns, rows, last, len(region_options))
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False  # still allowed
    ws.protection.sort = ws.protection.autoFilter = False
    _instructions(wb, region_code, region_name, today, settings)
    wb.custom_doc_props.append(  # type: ignore[attr-defined]  # in openpyxl 3.1, not yet in its stubs
        StringProperty(name="targets_template_version", value=TEMPLATE_VERSION))
    wb.custom_doc_props.append(  # type: ignore[attr-defined]
        StringProperty(name="targets_template_region", value=region_code))
    return _bytes(wb)


def _title(ws, title: str, width: int) -> None:  # type: ignore[no-untyped-def]
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, 1, messages.render("template_hint")).alignment = Alignment(wrap_text=False)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)


def _options(wb: Workbook, rows: Sequence[TemplateRow], region_options: Sequence[tuple[str, str]]) -> None:
    ws = wb.create_sheet(OPTIONS_SHEET)
    ws.append([HEADERS["target"], HEADERS["region"], HEADERS["region_code"]])
    targets = list(dict.fromkeys(r.target for r in rows))
    for i in range(max(len(targets), len(region_options))):
        code, name = region_options[i] if i < len(region_options) else ("", "")
        values = [targets[i] if i < len(targets) else None, name or None, code or None]
        ws.append(values)
        for cell in ws[ws.max_row]:
            make_safe(cell)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _validations(ws, columns: dict[str, int], rows: Sequence[TemplateRow], last: int,  # type: ignore[no-untyped-def]
                 n_regions: int) -> None:
    first = HEADER_ROW + 1

    def area(key: str, start: int = first, end: int = last) -> str:
        letter = get_column_letter(columns[key])
        return f"{letter}{start}:{letter}{end}"

    n_targets = max(len({r.target for r in rows}), 1)
    lists = (("target", f"{OPTIONS_SHEET}!$A$2:$A${n_targets + 1}"),
             ("region", f"{OPTIONS_SHEET}!$B$2:$B${max(n_regions, 1) + 1}"),
             ("region_code", f"{OPTIONS_SHEET}!$C$2:$C${max(n_regions, 1) + 1}"))
    for key, source in lists:
        dv = DataValidation(type="list", formula1=source, allow_blank=True, errorStyle="stop",
                            error=messages.render("template_pick_from_list"))
        dv.add(area(key))
        ws.add_data_validation(dv)
    date_dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                             formula2="DATE(2100,12,31)", allow_blank=True, errorStyle="warning",
                             error=messages.render("expect_date"))
    date_dv.add(area("date"))
    ws.add_data_validation(date_dv)
    number_dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               errorStyle="warning", error=messages.expect_number(""))
    milestone_dv = DataValidation(type="list", formula1=f'"{",".join(MILESTONE_CHOICES)}"', allow_blank=True,
                                  errorStyle="stop", error=messages.render("expect_milestone"))
    for i, row in enumerate(rows, start=first):
        (milestone_dv if row.milestone else number_dv).add(area("value", i, i))
    number_dv.add(area("value", first + len(rows), last))
    for dv in (number_dv, milestone_dv):
        if dv.sqref:
            ws.add_data_validation(dv)


def _instructions(wb: Workbook, region_code: str, region_name: str, today: dt.date, settings: Settings) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    text = messages.render("template_help", version=TEMPLATE_VERSION, region=region_name, region_code=region_code,
                           today=today.isoformat(), factor=settings.allocation_warn_factor,
                           max_upload_mb=settings.max_upload_mb, max_rows=settings.max_rows)
    for line in text.split("\n"):
        make_safe(ws.cell(ws.max_row + 1 if ws.max_row > 1 or ws["A1"].value else 1, 1, line))
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
