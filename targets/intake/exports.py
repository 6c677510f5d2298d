"""The workbooks the office downloads: per-region progress templates and the full export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from targets import clock, messages, store
from targets.config import Settings
from targets.errors import InvalidInput
from targets.intake import preview
from targets.intake.allocations import allocation_table
from targets.method.tracking import report_cells
from targets.plans import regions
from targets.workbook import excel
from targets.workbook.writer import TemplateRow, table_workbook, template_workbook

PROGRESS_KEYS = ("target", "target_name", "region_code", "region", "date", "value", "note")


def template(engine: Engine, region: str, settings: Settings = Settings(), today: dt.date | None = None) -> bytes:
    """The progress template of one region (a province or plan region gives the office's
    region-wide one), pre-filled with its targets, units, allocations and last reported values."""
    found = regions.get(region) or regions.lookup(region)
    if found is None:
        raise InvalidInput("region_not_found", region=region)
    plans = store.plans(engine)
    tracked = [c for c in report_cells(plans, store.allocations(engine)) if regions.is_within(c.region, found.code)]
    history = preview.current_values(engine, {c.target.id for c in tracked})
    rows = []
    for c in tracked:
        reported = history.get((c.target.id, c.region), {})
        last = max(reported) if reported else None
        last_value: float | str | None  # milestones are written as words
        last_value = reported[last] if last else None
        if last_value is not None and c.target.kind == "milestone":
            last_value = excel.milestone_text(last_value)
        rows.append(TemplateRow(
            target=c.target.id, target_name=c.target.name, region_code=c.region,
            region=_name(c.region), unit=c.target.unit, kind=messages.KIND_LABELS.get(c.target.kind, ""),
            share=c.share, last_date=last, last_value=last_value, milestone=c.target.kind == "milestone"))
    codes = dict.fromkeys([found.code, *(c.region for c in tracked), *(r.code for r in regions.children(found.code))])
    options = [(code, _name(code)) for code in codes]
    return template_workbook(rows, found.code, found.name, options, today or clock.today(settings.time_zone), settings)


def _name(code: str) -> str:
    r = regions.get(code)
    return r.name if r else code


def progress_rows(engine: Engine) -> list[list[object]]:
    """Every current value in the upload format (milestones as 是/否)."""
    names = {t.id: (t.name, t.kind) for p in store.plans(engine) for t in p.targets}
    rows: list[list[object]] = []
    r: Any  # a report row: str target and region, float value (pandas-stubs types each field as any scalar)
    for r in store.reports(engine).itertuples(index=False):
        name, kind = names.get(r.target, ("", ""))
        value = excel.milestone_text(r.value) if kind == "milestone" else float(r.value)
        rows.append([r.target, name, r.region, _name(r.region), r.date, value, r.note or None])
    return rows


def export(engine: Engine) -> bytes:
    """One workbook: 进展填报 (current values, re-importable), version history, uploads, plans,
    targets and allocations."""
    history = store.reports(engine, all_versions=True)
    history_rows = [[getattr(r, k) for k in excel.HISTORY_HEADERS] for r in history.itertuples(index=False)]
    uploads = [[u[k] for k in excel.UPLOAD_HEADERS] for u in store.uploads(engine)]
    plans = store.plans(engine)
    plan_rows = [[getattr(p, k) if k != "regions" else ",".join(p.regions) for k in excel.PLAN_HEADERS]
                 for p in plans]
    target_rows = [[getattr(t, k) for k in excel.TARGET_HEADERS] for p in plans for t in p.targets]
    alloc_headers, alloc_rows = allocation_table(engine)
    return table_workbook([
        (excel.SHEET, [excel.HEADERS[k] for k in PROGRESS_KEYS], progress_rows(engine)),
        (excel.EXPORT_SHEETS["history"], list(excel.HISTORY_HEADERS.values()), history_rows),
        (excel.EXPORT_SHEETS["uploads"], list(excel.UPLOAD_HEADERS.values()), uploads),
        (excel.EXPORT_SHEETS["plans"], list(excel.PLAN_HEADERS.values()), plan_rows),
        (excel.EXPORT_SHEETS["targets"], list(excel.TARGET_HEADERS.values()), target_rows),
        (excel.ALLOCATION_SHEET, alloc_headers, alloc_rows),
    ])
