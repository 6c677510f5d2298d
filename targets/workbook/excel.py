"""The workbook contract (CONTRACTS §3): xlsx bytes → raw rows, tolerant in layout.

The header names, sheet names and value words below are the contract users see, so they are
Chinese. In a bounded child process (targets.workbook.sandbox) the container is checked first
(targets.workbook.container: sizes, bombs, each sheet's real extent), then python-calamine reads
the chosen sheet. Meaning (targets, regions, values) is judged in targets.intake.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from targets.config import Settings
from targets.errors import UnreadableFile
from targets.workbook.container import refuse_format
from targets.workbook.sandbox import Reader
from targets.workbook.sheet_scan import SheetScan

SHEET = "进展填报"
ALLOCATION_SHEET = "任务分解"
INSTRUCTIONS_SHEET = "填报说明"
OPTIONS_SHEET = "选项"
HEADERS = {
    "target": "指标编号",
    "target_name": "指标名称",
    "region_code": "地区代码",
    "region": "地区",
    "date": "截止日期",
    "value": "累计完成值",
    "note": "说明",
}
ALLOCATION_HEADERS = {
    "target": "指标编号",
    "target_name": "指标名称",
    "region_code": "地区代码",
    "region": "地区",
    "share": "分解值",
}
# each group: one of its headers must be present
KEEP_LEADING = "note"  # free text whose leading whitespace is part of it (only trailing space is dropped)
PROGRESS_REQUIRED = (("target",), ("region_code", "region"), ("date",), ("value",))
ALLOCATION_REQUIRED = (("target",), ("region_code", "region"), ("share",))
YES_WORDS = frozenset({"是", "已完成"})
NO_WORDS = frozenset({"否", "未完成"})
MILESTONE_CHOICES = ("是", "否", "已完成", "未完成")  # the template's dropdown
HEADER_SEARCH_ROWS = 10
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), re.compile(r"^(\d{4})年(\d{1,2})月?$"))
_LABEL = re.compile(r"（([A-Z]{1,3})列）$")


class RawRow(NamedTuple):
    """One data row as found: spreadsheet row number, raw cell values by header key.
    A named tuple: read-only, and one per upload row is cheap to make."""

    number: int
    cells: dict[str, object]
    percent: frozenset[str] = frozenset()
    formula_missing: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RawSheet:
    name: str
    header_row: int | None
    columns: dict[str, int]  # header key → column number (1-based)
    missing: tuple[str, ...]  # header names absent when no header row was found
    rows: tuple[RawRow, ...]
    headers: dict[str, str]

    def label(self, key: str) -> str:
        """The header text and column letter of a key, e.g. 指标编号（A列）."""
        name = self.headers.get(key, key)
        col = self.columns.get(key)
        return f"{name}（{get_column_letter(col)}列）" if col else name


def label_column(label: str) -> str | None:
    """The column letter of an issue's column label (指标编号（A列） → A), or None."""
    m = _LABEL.search(label)
    return m[1] if m else None


def normalise_header(value: object) -> str:
    """Header text without spaces (full-width too), NFKC-folded, without a trailing *."""
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    return text.rstrip("*")


def clean_text(value: object) -> str:
    """A cell as text: NFKC, surrounding whitespace removed; whole floats without '.0'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


def is_blank(value: object) -> bool:
    """None, or text with nothing but whitespace."""
    if value is None:
        return True
    return value.__class__ is str and not value.strip()  # type: ignore[union-attr]


def parse_date(value: object) -> dt.date | None:
    """An Excel date, serial number or date text (day or month forms; a month means its last day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
            return parse_date(str(int(value)))
        if float(value).is_integer() and 1 <= value <= 2_958_465:
            day: dt.date = from_excel(int(value)).date()
            return day
        return None
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    for pattern in _DATE_PATTERNS:
        if m := pattern.match(text):
            return _date(int(m[1]), int(m[2]), int(m[3]))
    for pattern in _MONTH_PATTERNS:
        if m := pattern.match(text):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12:
                return _date(year, month, calendar.monthrange(year, month)[1])
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def milestone_word(text: str) -> float | None:
    """是/已完成 → 1, 否/未完成 → 0, anything else None."""
    if text in YES_WORDS:
        return 1.0
    if text in NO_WORDS:
        return 0.0
    return None


def milestone_text(value: float) -> str:
    """The word a milestone value is written as."""
    return "是" if value >= 1 else "否"


def read_sheet(data: bytes, filename: str, settings: Settings = Settings(), *,
               headers: dict[str, str] = HEADERS, required: tuple[tuple[str, ...], ...] = PROGRESS_REQUIRED,
               preferred: str = SHEET) -> RawSheet:
    """Check the file, then read the chosen sheet's rows below its header row; UnreadableFile if refused.

    The checks and the parse run in a bounded child process (targets.workbook.sandbox).
    """
    refuse_format(data, filename, settings)  # name, size and magic bytes: no child needed to refuse
    with Reader() as reader:
        found = reader.read(data, filename, settings, preferred)
    try:
        return _rows(found.scan, found.name, found.grid, found.merged, headers, required, settings, filename)
    except (IndexError, TypeError, ValueError) as exc:  # a grid no well-formed sheet gives
        raise UnreadableFile("workbook_corrupt", file=filename, problem=type(exc).__name__)


def _rows(scan: SheetScan, name: str, grid: list[list[object]], merged: list[Any],
          headers: dict[str, str], required: tuple[tuple[str, ...], ...], settings: Settings,
          filename: str) -> RawSheet:
    header_index, columns, missing = _find_header(grid, headers, required)
    if header_index is None:
        return RawSheet(name, None, {}, missing, (), headers)
    _fill_merged(grid, merged, header_index, set(columns.values()))
    used = set(columns.values())
    formula_missing = scan.cells(scan.formula_missing, header_index + 2, used)
    percent = scan.cells(scan.percent, header_index + 2, used)
    formula_rows = {r for r, _ in formula_missing}
    flagged = {r for r, _ in percent} | formula_rows
    keys = list(columns)
    lines = grid[header_index + 1:]
    # column by column: each used column's cells, text stripped (a note only on the right: its leading
    # spaces and tabs are part of it), then row by row again
    picked = [_stripped([line[c - 1] if c <= len(line) else "" for line in lines], key == KEEP_LEADING)
              for key, c in columns.items()]
    empty = ("",) * len(keys)
    rows: list[RawRow] = []
    for number, values in enumerate(zip(*picked), start=header_index + 2):
        if values == empty and number not in formula_rows:  # calamine: "" when empty
            continue
        if len(rows) >= settings.max_rows:
            raise UnreadableFile("too_many_rows", file=filename, limit=settings.max_rows)
        cells = dict(zip(keys, values))
        if number in flagged:
            rows.append(RawRow(number, cells,
                               frozenset(k for k, c in columns.items() if (number, c) in percent),
                               frozenset(k for k, c in columns.items() if (number, c) in formula_missing)))
        else:
            rows.append(RawRow(number, cells))
    return RawSheet(name, header_index + 1, columns, (), tuple(rows), headers)


def _stripped(cells: list[object], keep_leading: bool) -> list[object]:
    """A column's cells with the whitespace around text removed (only on the right when keep_leading)."""
    if keep_leading:
        return [v.rstrip() if v.__class__ is str else v for v in cells]  # type: ignore[attr-defined]
    return [v.strip() if v.__class__ is str else v for v in cells]  # type: ignore[attr-defined]


def _find_header(grid: list[list[object]], headers: dict[str, str],
                 required: tuple[tuple[str, ...], ...]) -> tuple[int | None, dict[str, int], tuple[str, ...]]:
    by_text = {normalise_header(text): key for key, text in headers.items()}
    best: tuple[int, tuple[str, ...]] = (-1, tuple(headers[g[0]] for g in required))
    for index, line in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(line, start=1):
            key = by_text.get(normalise_header(value)) if isinstance(value, str) else None
            if key is not None and key not in columns:
                columns[key] = col
        absent = tuple("/".join(headers[k] for k in group) for group in required
                       if not any(k in columns for k in group))
        if not absent:
            return index, columns, ()
        if len(required) - len(absent) > best[0]:
            best = (len(required) - len(absent), absent)
    return None, {}, best[1]


def _fill_merged(grid: list[list[object]], merged: list[Any], header_index: int, used: set[int]) -> None:
    """A cell merged down over data rows counts for each row it covers (e.g. one 指标编号 for three)."""
    for (r0, c0), (r1, _c1) in merged:
        if r0 <= header_index or c0 + 1 not in used or r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0 + 1, min(r1, len(grid) - 1) + 1):
            if c0 < len(grid[r]) and is_blank(grid[r][c0]):
                grid[r][c0] = value


# what the writers add around the contract: template context columns and export sheets
TEMPLATE_VERSION = "2"
TEMPLATE_CONTEXT = {"unit": "计量单位", "kind": "指标类型", "share": "任务分解值",
                    "last_date": "上次填报日期", "last_value": "上次填报值"}
EXPORT_SHEETS = {"history": "版本历史", "uploads": "上报记录", "plans": "规划", "targets": "指标"}
HISTORY_HEADERS = {"target": "指标编号", "region": "地区代码", "date": "截止日期", "value": "数值",
                   "note": "说明", "version": "版本", "upload": "上报编号", "user": "填报人", "source": "来源"}
UPLOAD_HEADERS = {"id": "上报编号", "user": "填报人", "time": "时间", "file": "文件名", "sha256": "SHA-256",
                  "rows": "行数", "outcome": "结果", "reverted": "已撤销", "source": "来源"}
PLAN_HEADERS = {"id": "规划编号", "title": "标题", "issuer": "发文机关", "doc_number": "文号",
                "issued": "成文日期", "scope": "范围", "region": "地区代码", "regions": "下辖地区"}
TARGET_HEADERS = {"id": "指标编号", "plan": "规划编号", "name": "指标名称", "kind": "类型", "unit": "计量单位",
                  "baseline": "基数", "target": "目标值", "comparator": "比较", "start": "起始日期",
                  "deadline": "截止日期", "source_quote": "原文", "uncertain": "存疑"}
