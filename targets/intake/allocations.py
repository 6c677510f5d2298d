"""The allocation sheet (任务分解表): each region's share of a target, exported and imported.

Same reading and validation rules as progress uploads; admins only. An import adds a new
version of every (target, region) it names, recorded as an upload with source "allocation".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Engine

from targets import clock, messages, permissions, store
from targets.config import Settings
from targets.errors import InvalidInput
from targets.intake import preview
from targets.intake.validate import Issue, RegionResolver, RowIssues, Rules, clean_text, sheet_issues
from targets.permissions import User
from targets.plans import regions
from targets.workbook import excel
from targets.workbook.values import parse_number
from targets.workbook.writer import table_workbook

ALLOCATION_KEYS = ("target", "target_name", "region_code", "region", "share")


@dataclass(frozen=True)
class Share:
    number: int
    target: str
    region: str
    share: float


def allocation_table(engine: Engine, fill: bool = False) -> tuple[list[str], list[list[object]]]:
    """Header texts and rows of the current allocation; with fill, every plan region of every
    target, blank where none is set (the template)."""
    current = store.allocations(engine)
    rows: list[list[object]] = []
    for plan in store.plans(engine):
        for t in plan.targets:
            shares = current.get(t.id, {})
            codes = list(dict.fromkeys([*plan.regions, *shares])) if fill else list(shares)
            for code in codes or ([plan.region] if fill else []):
                r = regions.get(code)
                rows.append([t.id, t.name, code, r.name if r else code, shares.get(code)])
    return [excel.ALLOCATION_HEADERS[k] for k in ALLOCATION_KEYS], rows


def export_allocations(engine: Engine) -> bytes:
    """The current allocation as a 任务分解 workbook (re-importable)."""
    headers, rows = allocation_table(engine)
    return table_workbook([(excel.ALLOCATION_SHEET, headers, rows)])


def allocation_template(engine: Engine) -> bytes:
    """Every target × plan region, with the current share where one is set."""
    headers, rows = allocation_table(engine, fill=True)
    return table_workbook([(excel.ALLOCATION_SHEET, headers, rows)])


def check_allocations(engine: Engine, data: bytes, filename: str,
                      settings: Settings = Settings()) -> tuple[list[Share], list[Issue]]:
    """Read and validate an allocation workbook; writes nothing. UnreadableFile for refused files."""
    sheet = excel.read_sheet(data, filename, settings, headers=excel.ALLOCATION_HEADERS,
                             required=excel.ALLOCATION_REQUIRED, preferred=excel.ALLOCATION_SHEET)
    rules = preview.rules(engine, clock.today(settings.time_zone))
    resolver = RegionResolver(rules)
    issues = sheet_issues(sheet)
    shares: list[Share] = []
    seen: dict[tuple[str, str], tuple[int, float]] = {}
    for raw in sheet.rows:
        row = RowIssues(sheet, raw)
        share = _share(row, rules, resolver)
        if share is not None:
            key = (share.target, share.region)
            if key in seen and abs(seen[key][1] - share.share) > 1e-9:
                row.add("conflicting_duplicate", "share",
                        messages.render("expect_same_as_row", row=seen[key][0], value=f"{seen[key][1]:g}"))
            elif key not in seen:
                seen[key] = (raw.number, share.share)
                shares.append(share)
        issues.extend(row.issues)
    return shares, issues


def _share(row: RowIssues, rules: Rules, resolver: RegionResolver) -> Share | None:
    cells, sheet = row.raw.cells, row.sheet
    if excel.is_blank(cells.get("share")):
        return None  # a template row left unfilled
    for key in sorted(row.raw.formula_missing):
        row.add("formula_without_value", key, messages.render("expect_cached_value"))
    region_keys = [k for k in ("region_code", "region") if k in sheet.columns]
    region_text = next((cells[k] for k in region_keys if not excel.is_blank(cells.get(k))), None)
    if row.issues or excel.is_blank(cells.get("target")) or region_text is None:
        if not row.issues:
            key = "target" if excel.is_blank(cells.get("target")) else region_keys[0]
            row.add("partly_filled", key, messages.render("expect_complete_row"))
        return None
    target = rules.targets.get(clean_text(cells["target"]).lower())
    if target is None:
        row.add("unknown_target", "target", messages.render("expect_target"))
        return None
    code, problem = resolver.resolve(region_text, target.id)
    if problem:
        key = next(k for k in region_keys if not excel.is_blank(cells.get(k)))
        plan_region = regions.get(rules.plan_region[target.id])
        name = plan_region.name if plan_region else rules.plan_region[target.id]
        row.add(problem, key, messages.render("expect_region_in_plan", region=name))
        return None
    value, bad = parse_number(cells["share"], target, "share" in row.raw.percent)
    if target.kind == "milestone" and bad:
        value, bad = parse_number(cells["share"], _as_count(target), False)
    if bad or value is None:
        row.add(bad or "not_a_number", "share", messages.render("expect_share"))
        return None
    return Share(row.raw.number, target.id, code or "", value)


def _as_count(target):  # type: ignore[no-untyped-def]
    """A milestone's share is a plain number (1 = the region carries it)."""
    from dataclasses import replace

    return replace(target, kind="count")


def import_allocations(engine: Engine, data: bytes, filename: str, user: User,
                       settings: Settings = Settings()) -> int:
    """Store a valid allocation workbook as new versions in one transaction; returns the upload id.

    NotAllowed unless the user may import allocations; InvalidInput when any row is wrong (nothing stored).
    """
    permissions.require(user, "import_allocations")
    shares, issues = check_allocations(engine, data, filename, settings)
    if issues:
        raise InvalidInput("upload_invalid", count=len(issues))
    if not shares:
        raise InvalidInput("upload_empty")
    return store.import_allocations(engine, [(s.target, s.region, s.share) for s in shares], user,
                                    file=filename, sha256=hashlib.sha256(data).hexdigest())
