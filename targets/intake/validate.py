"""Raw workbook rows → Issues (errors, warnings, forbidden) and validated ReportIn rows.

Strict in meaning (CONTRACTS §3): every rule yields an Issue naming sheet, row, column, the value
found and what is expected; all issues are returned at once, nothing is raised for a bad row.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from targets import messages, permissions
from targets.config import NOTE_MAX
from targets.permissions import User
from targets.plans import regions
from targets.plans.definitions import Target
from targets.workbook.excel import RawRow, RawSheet, clean_text, is_blank, parse_date
from targets.workbook.values import parse_number

DECREASE_KINDS = ("cumulative", "count", "milestone", "recurring")
_ONLY_TEXT = {str}


@dataclass(frozen=True)
class Issue:
    severity: str  # "error" | "warning" | "forbidden"
    code: str  # English code; messages.MESSAGES holds its sentence
    sheet: str
    row: int | None  # spreadsheet row number (1-based)
    column: str | None  # header text and letter, e.g. 指标编号（A列）
    value: str  # the value found, as text
    expected: str  # what is expected, in Chinese

    @property
    def message(self) -> str:
        """One sentence naming sheet, row, column, the value found and what is expected."""
        if self.row is None:
            where = messages.render("issue_where_sheet", sheet=self.sheet)
        elif self.column is None:
            where = messages.render("issue_where_row", sheet=self.sheet, row=self.row)
        else:
            where = messages.render("issue_where_cell", sheet=self.sheet, row=self.row, column=self.column)
        found = "issue_found" if self.value else "issue_found_blank"
        return where + messages.render(self.code) + messages.render(found, value=self.value,
                                                                     expected=self.expected)


@dataclass(frozen=True)
class Rules:
    """What validation needs from the store, as plain data."""

    targets: dict[str, Target]
    plan_region: dict[str, str]  # target id → its plan's region
    tracked: dict[str, tuple[str, ...]]  # target id → regions it is tracked for
    today: dt.date


class Reading(NamedTuple):
    """One parsed progress row (the fields of targets.models.ReportIn, validated as such at commit).
    A named tuple: read-only, and one of them per upload row is cheap to make."""

    target: str
    region: str
    date: dt.date
    value: float
    note: str = ""


class Parsed(NamedTuple):
    number: int
    report: Reading
    kind: str


class RowIssues:
    """Issue factory bound to one row of one sheet."""

    __slots__ = ("issues", "raw", "sheet")

    def __init__(self, sheet: RawSheet, raw: RawRow) -> None:
        self.sheet = sheet
        self.raw = raw
        self.issues: list[Issue] = []

    def add(self, code: str, key: str | None, expected: str, severity: str = "error",
            value: object = None) -> None:
        found = self.raw.cells.get(key, "") if key and value is None else value
        self.issues.append(Issue(severity, code, self.sheet.name, self.raw.number,
                                 self.sheet.label(key) if key else None, shown(found), expected))


def shown(value: object) -> str:
    """A raw cell as the text an issue quotes."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return clean_text(value)


def sheet_issues(sheet: RawSheet) -> list[Issue]:
    """File-level problems: no header row."""
    if sheet.header_row is not None:
        return []
    return [Issue("error", "missing_headers", sheet.name, None, None, "",
                  messages.render("expect_headers", headers="、".join(sheet.missing)))]


class RegionResolver:
    """Region text → code, preferring the target's tracked regions, then its plan's area."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._cache: dict[tuple[object, str], tuple[str | None, str | None]] = {}
        self._targets: dict[object, Target | None] = {}
        # the same target and region texts again (most rows): the target and code they gave without an issue
        self.places: dict[tuple[str, ...], tuple[Target, str]] = {}
        self.days: dict[tuple[type, object], dt.date | None] = {}  # a date cell → parse_date's answer

    def target(self, raw: object) -> Target | None:
        """The target a cell names (ids compare case-insensitively), or None."""
        if raw not in self._targets:
            self._targets[raw] = self.rules.targets.get(clean_text(raw).lower())
        return self._targets[raw]

    def resolve(self, raw: object, target: str) -> tuple[str | None, str | None]:
        """A region cell (code or name) → (code, None) or (None, error code)."""
        key = (raw, target)
        if key not in self._cache:
            self._cache[key] = self._resolve(clean_text(raw), target)
        return self._cache[key]

    def _resolve(self, text: str, target: str) -> tuple[str | None, str | None]:
        norm = "".join(text.split()).upper()
        tracked = [c for c in self.rules.tracked.get(target, ()) if _names(c) and norm in _names(c)]
        if len(tracked) == 1:
            return tracked[0], None
        found = regions.lookup(text, within=self.rules.plan_region[target])
        if found is not None:
            return found.code, None
        if regions.lookup(text) is not None:
            return None, "region_not_tracked"
        return None, "unknown_region"


def _names(code: str) -> set[str]:
    r = regions.get(code)
    if r is None:
        return set()
    return {unicodedata.normalize("NFKC", n).upper() for n in (r.code, r.name, r.short, *r.aliases) if n}


def parse_rows(sheet: RawSheet, rules: Rules, user: User | None) -> tuple[list[Parsed], list[Issue]]:
    """Every row checked on its own and against earlier rows: the rows that pass, and all issues."""
    issues = sheet_issues(sheet)
    resolver = RegionResolver(rules)
    seen: dict[tuple[str, str, dt.date], tuple[int, float]] = {}
    allowed: dict[str, bool] = {}
    parsed: list[Parsed] = []
    region_keys: list[str] = [k for k in ("region_code", "region") if k in sheet.columns]
    core = [k for k in ("target", "region_code", "region", "date", "value") if k in sheet.columns]
    # the row's required cells, and its target and region cells, as tuples (a sheet without them has no rows)
    core_keys, place_keys = itemgetter(*core, "target"), itemgetter("target", *region_keys, "target")
    for raw in sheet.rows:
        row = RowIssues(sheet, raw)
        result = _parse_row(row, rules, resolver, region_keys, core_keys, place_keys)
        if result is not None:
            key = (result.report.target, result.report.region, result.report.date)
            if key[1] not in allowed:
                allowed[key[1]] = user is None or permissions.may(user, "report", region=key[1])
            if not allowed[key[1]]:
                row.add("region_forbidden", _region_key(sheet, raw), _allowed_text(user), "forbidden")  # type: ignore[arg-type]  # refused only with a user
            elif key in seen and abs(seen[key][1] - result.report.value) > 1e-9:
                first, value = seen[key]
                row.add("conflicting_duplicate", "value",
                        messages.render("expect_same_as_row", row=first, value=f"{value:g}"))
            elif key not in seen:
                seen[key] = (raw.number, result.report.value)
                parsed.append(result)
        issues.extend(row.issues)
    return parsed, issues


def _region_key(sheet: RawSheet, raw: RawRow) -> str:
    code_col = "region_code" in sheet.columns and not is_blank(raw.cells.get("region_code"))
    return "region_code" if code_col else "region"


def _allowed_text(user: User) -> str:
    names = [r.name for r in (regions.get(c) for c in user.regions) if r is not None]
    return messages.render("expect_own_regions", user=user.name, regions="、".join(names) or "-")


def _parse_row(row: RowIssues, rules: Rules, resolver: RegionResolver, region_keys: list[str],
               core_keys: Callable[[dict[str, object]], tuple[object, ...]],
               place_keys: Callable[[dict[str, object]], tuple[str, ...]]) -> Parsed | None:
    raw = row.raw
    if raw.formula_missing:
        for key in sorted(raw.formula_missing):
            row.add("formula_without_value", key, messages.render("expect_cached_value"))
        return None
    cells = raw.cells
    if "" in core_keys(cells) and _incomplete(row, region_keys):  # text comes stripped
        return None
    texts = place_keys(cells)
    target: Target | None
    region: str | None
    # a cached place is keyed by text cells only, so a hit is text too (no number equals a text)
    place = resolver.places.get(texts)
    if place is not None:
        target, region = place
    else:
        target = resolver.target(cells["target"])
        if target is None:
            row.add("unknown_target", "target", messages.render("expect_target"))
        region = _region(row, target, region_keys, resolver) if target else None
        if target is not None and region is not None and set(map(type, texts)) == _ONLY_TEXT:
            resolver.places[texts] = (target, region)
    day = _day(row, target, rules.today, resolver.days)
    value, code = parse_number(cells["value"], target, "value" in raw.percent) if target else (None, None)
    if code and target is not None:
        row.add(code, "value", _expected_value(target))
    if target is None or region is None or day is None or value is None:
        return None
    note = _note(row)
    if note is None:
        return None
    # Every field was parsed and checked above; the commit validates the rows as ReportIn in one batch.
    return Parsed(raw.number, Reading(target.id, region, day, value, note), target.kind)


def _note(row: RowIssues) -> str | None:
    """The 说明 as written (leading spaces and tabs kept: exports neutralise formulas); None when too long."""
    raw = row.raw.cells.get("note")
    if raw.__class__ is str:
        note = raw.rstrip()  # type: ignore[union-attr]  # blank text gives ""
    else:
        note = "" if raw is None else shown(raw)
    if len(note) <= NOTE_MAX:
        return note
    row.add("note_too_long", "note", messages.render("expect_note", limit=NOTE_MAX, length=len(note)),
            value=note[:20] + "…")
    return None


def _incomplete(row: RowIssues, region_keys: list[str]) -> bool:
    """True when a row cannot be read: left unfilled (skipped) or partly filled (an issue)."""
    cells = row.raw.cells
    blank = {k for k, v in cells.items() if is_blank(v)}
    if all(k in blank or k not in cells for k in ("date", "value", "note")):
        return True  # a template row left unfilled: target and region pre-filled, nothing reported
    missing: list[str] = [k for k in ("target", "date", "value") if k in blank]
    if all(k in blank for k in region_keys):
        missing.insert(1, region_keys[0])
    if missing:
        row.add("partly_filled", missing[0], messages.render("expect_complete_row"))
    return bool(missing)


def _region(row: RowIssues, target: Target, keys: list[str], resolver: RegionResolver) -> str | None:
    codes: dict[str, str] = {}
    for key in keys:
        value = row.raw.cells.get(key)
        if is_blank(value):
            continue
        code, problem = resolver.resolve(value, target.id)
        if problem:
            expected = "expect_region_in_plan" if problem == "region_not_tracked" else "expect_region"
            row.add(problem, key, messages.render(expected, region=_region_name(target, resolver)))
            return None
        codes[key] = code or ""
    if len(set(codes.values())) > 1:
        name = regions.get(codes["region_code"])
        row.add("region_mismatch", "region",
                messages.render("expect_region_match", region=name.name if name else codes["region_code"]))
        return None
    return next(iter(codes.values()))


def _region_name(target: Target, resolver: RegionResolver) -> str:
    r = regions.get(resolver.rules.plan_region[target.id])
    return r.name if r else resolver.rules.plan_region[target.id]


def _day(row: RowIssues, target: Target | None, today: dt.date,
         parsed: dict[tuple[type, object], dt.date | None]) -> dt.date | None:
    cell = row.raw.cells["date"]
    seen = (cell.__class__, cell)
    day = parsed[seen] if seen in parsed else parsed.setdefault(seen, parse_date(cell))
    if day is None:
        row.add("bad_date", "date", messages.render("expect_date"))
    elif day > today:
        row.add("date_in_future", "date", messages.render("expect_not_after", today=today.isoformat()))
    elif target is not None and day < target.start:
        row.add("date_before_start", "date", messages.render("expect_not_before", start=target.start.isoformat()))
    else:
        return day
    return None


def _expected_value(target: Target) -> str:
    if target.kind == "milestone":
        return messages.render("expect_milestone")
    if target.kind == "rate":
        return messages.render("expect_rate")
    return messages.expect_number(target.unit)
