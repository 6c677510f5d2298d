"""The upload round trip the pages and the command line share: check → preview → commit.

`check` reads and validates a workbook without writing anything; `commit` stores a clean check
in one transaction. Templates, exports and the allocation sheet (任务分解表) live here too.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd
from pydantic import TypeAdapter
from sqlalchemy import Engine

from targets import clock, messages, permissions, store
from targets.config import Settings
from targets.errors import InvalidInput, NotAllowed, WarningsNotAccepted
from targets.intake import preview
from targets.intake.allocations import allocation_template, export_allocations, import_allocations
from targets.intake.exports import export, template
from targets.intake.validate import Issue, parse_rows
from targets.permissions import User
from targets.plans import regions
from targets.store.models import ReportIn
from targets.workbook import excel, marking

__all__ = ["Checked", "Issue", "allocation_template", "check", "commit", "export", "export_allocations",
           "import_allocations", "marked_workbook", "template"]

@dataclass(frozen=True)
class Checked:
    filename: str
    sha256: str
    rows: tuple  # tuple[validate.Reading, ...]: ReportIn fields, validated as ReportIn at commit
    issues: tuple[Issue, ...]
    preview: pd.DataFrame = field(compare=False)  # PREVIEW_COLUMNS; change: new | changed | unchanged

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def forbidden(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "forbidden")

    @property
    def ok(self) -> bool:
        """No errors and nothing forbidden (warnings still need confirming)."""
        return not self.errors and not self.forbidden


def check(engine: Engine, data: bytes, filename: str, user: User | None, settings: Settings = Settings(),
          today: dt.date | None = None) -> Checked:
    """Read and validate an upload; writes nothing. Raises UnreadableFile for refused files."""
    with _no_cycle_collection():
        return _check(engine, data, filename, user, settings, today)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading a sheet makes a few small objects per cell and keeps them all: the cycle collector
    would walk every one of them again each time it ran (most of a large check's time). It is
    paused meanwhile and left as found; any cycle made meanwhile is collected when it runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check(engine: Engine, data: bytes, filename: str, user: User | None, settings: Settings,
           today: dt.date | None) -> Checked:
    sheet = excel.read_sheet(data, filename, settings)
    today = today or clock.today(settings.time_zone)
    found = preview.rules(engine, today)
    parsed, issues = parse_rows(sheet, found, user)
    history = preview.current_values(engine, {p.report.target for p in parsed})
    by_id = {t.id: t for t in found.targets.values()}
    issues += preview.warnings(parsed, sheet.label("value"), sheet.name, history, store.allocations(engine),
                               by_id, settings.allocation_warn_factor)
    if not parsed and not issues:
        issues.append(Issue("warning", "no_rows", sheet.name, None, None, "",
                            messages.render("expect_complete_row")))
    issues.sort(key=lambda i: (i.row or 0, i.severity))
    return Checked(filename, hashlib.sha256(data).hexdigest(), tuple(p.report for p in parsed),
                   tuple(issues), preview.frame(parsed, history, by_id))


REPORT_ROWS = TypeAdapter(list[ReportIn])


def commit(engine: Engine, checked: Checked, user: User | None, accept_warnings: bool = False) -> int:
    """Store a check's rows in one transaction; returns the upload id.

    Refuses (nothing stored) with NotAllowed when the user may not report a row's region,
    InvalidInput on errors, WarningsNotAccepted on warnings not accepted.
    """
    forbidden = [r for r in checked.rows if not permissions.may(user, "report", region=r.region)]
    if checked.forbidden or forbidden:
        if user is None or user.disabled:
            permissions.require(user, "report")  # says: log in first, or the account is disabled
        raise NotAllowed("upload_forbidden", name=user.name if user else "-")
    if checked.errors:
        raise InvalidInput("upload_invalid", count=len(checked.errors))
    if checked.warnings and not accept_warnings:
        raise WarningsNotAccepted("upload_warnings", count=len(checked.warnings))
    if not checked.rows:
        raise InvalidInput("upload_empty")
    outcome = "committed_with_warnings" if checked.warnings else "committed"
    rows = REPORT_ROWS.validate_python(list(checked.rows), from_attributes=True)  # input models, one batch
    return store.import_reports(engine, rows, by=user, file=checked.filename,
                                sha256=checked.sha256, source="upload", outcome=outcome)


def marked_workbook(data: bytes, checked: Checked) -> bytes:
    """The uploader's own workbook with each problem cell filled (red error, yellow warning) and
    commented with its sentence, made in a bounded child process (targets.workbook.marking)."""
    found: dict[tuple[str, str], list[Issue]] = {}
    for issue in checked.issues:
        found.setdefault((issue.sheet, _cell_ref(issue)), []).append(issue)
    notes = [marking.Note(sheet, ref, "warning" if all(i.severity == "warning" for i in issues) else "error",
                          "\n".join(i.message for i in issues))
             for (sheet, ref), issues in found.items()]
    return marking.marked(data, notes, checked.filename)


def _cell_ref(issue: Issue) -> str:
    """Where an issue's mark goes: its cell, else the first cell of its row, else A1."""
    letter = excel.label_column(issue.column or "") or "A"
    return f"{letter}{issue.row or 1}"


def region_name(code: str) -> str:
    """A region's name, or its code when unknown."""
    r = regions.get(code)
    return r.name if r else code
