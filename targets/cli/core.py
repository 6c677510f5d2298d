"""Command line: reading commands (`list`, `regions`, `status`, `reports`, `uploads`) and `demo`."""

from __future__ import annotations

import argparse
from typing import Any

from targets import clock, demo, messages, store
from targets.cli.actor import shell_user
from targets.cli.output import clean, parse_date, say, show
from targets.method.tracking import contributors, status_table
from targets.store import accounts


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser."""
    for name, handler in (("list", cmd_list), ("regions", cmd_regions), ("uploads", cmd_uploads)):
        sub.add_parser(name).set_defaults(handler=handler)
    p = sub.add_parser("status")
    p.add_argument("--as-of")
    p.set_defaults(handler=cmd_status)
    p = sub.add_parser("reports")
    p.add_argument("--all-versions", action="store_true")
    p.set_defaults(handler=cmd_reports)
    p = sub.add_parser("demo")
    p.add_argument("action", nargs="?", choices=("load", "remove"), default="load")
    p.set_defaults(handler=cmd_demo)
    for name in ("list", "regions", "uploads", "status", "reports"):
        sub.choices[name].add_argument("--json", action="store_true")


def cmd_list(args, engine, settings) -> int:
    allocs = store.allocations(engine)
    out = [target_row(plan, t, allocs) for plan in store.plans(engine) for t in plan.targets]
    if not args.json:
        out = [{**r, "flag": messages.UNCERTAIN_LABEL if r["uncertain"] else ""} for r in out]
    return show(args, out, ["id", "name", "target", "unit", "deadline", "flag"])


def target_row(plan, t, allocs: dict[str, dict[str, float]]) -> dict:
    """One target as `list --json` prints it (CONTRACTS §2)."""
    shares = allocs.get(t.id, {})
    return {
        "plan": plan.id, "id": t.id, "name": t.name, "unit": t.unit, "kind": t.kind,
        "category": t.category, "baseline": t.baseline,
        "target": None if t.rule == "yearly_decrease" else t.target,
        "target_max": t.target_max, "comparator": t.comparator, "rule": t.rule,
        "start": t.start.isoformat(), "deadline": t.deadline.isoformat(),
        "milestones": {str(y): v for y, v in t.milestones}, "due": t.due,
        "per_region": t.per_region, "regions": list(shares) or [plan.region],
        "contributors": list(contributors(plan, t, allocs)[1:]),
        "allocation": shares, "lead": t.lead, "responsible": list(t.responsible),
        "clause": t.clause, "source_file": plan.source_file, "source_quote": t.source_quote,
        "uncertain": t.uncertain, "uncertain_reason": t.uncertain_reason,
        "best_reading": t.best_reading, "inferred": dict(t.inferred), "stated": dict(t.stated),
    }


def cmd_regions(args, engine, settings) -> int:
    rows = [{k: r[k] for k in ("code", "name", "level", "parent", "lon", "lat")} for r in store.region_rows(engine)]
    return show(args, rows, ["code", "name", "level", "parent"])


def cmd_status(args, engine, settings) -> int:
    as_of = parse_date(args.as_of)
    table = status_table(store.plans(engine), store.allocations(engine), store.reports(engine), as_of, settings)
    return show_status(args, table)


def show_status(args, table) -> int:
    """Print a status table as `status` does (meeting snapshots print theirs the same way)."""
    keys = ["target", "region", "actual", "expected", "completion", "pace", "status", "forecast_date",
            "required_monthly", "recent_monthly", "as_of"]
    rows: list[dict[str, Any]] = [{k: clean(r[k]) for k in keys} for r in table.to_dict("records")]
    if not args.json:
        rows = [{**r, "status": messages.STATUS_LABELS[r["status"]]} for r in rows]
    return show(args, rows, ["target", "region", "status", "actual", "expected", "forecast_date"])


def cmd_reports(args, engine, settings) -> int:
    df = store.reports(engine, all_versions=args.all_versions)
    keys = ["target", "region", "date", "value", "note", "version", "upload", "user"]
    rows = [{k: clean(r[k]) for k in keys} for r in df.to_dict("records")]
    return show(args, rows, ["target", "region", "date", "value", "version", "user"])


def cmd_uploads(args, engine, settings) -> int:
    keys = ["id", "user", "time", "file", "sha256", "rows", "outcome", "reverted", "source"]
    uploads = store.uploads(engine)
    rows = [{k: clean(u[k]) for k in keys} for u in uploads]
    if not args.json:  # people read local time; --json keeps the stored instant
        rows = [{**r, "time": clock.shown(u["time"], settings.time_zone)} for r, u in zip(rows, uploads)]
    return show(args, rows, ["id", "user", "time", "file", "rows", "outcome", "reverted"])


def cmd_demo(args, engine, settings) -> int:
    if args.action == "remove":
        say(messages.render("demo_removed", rows=store.remove_demo(engine, accounts.operator(shell_user()))))
        return 0
    rows = demo.load_demo(engine, clock.today(settings.time_zone))
    say(messages.render("demo_loaded", rows=rows) if rows else messages.render("demo_exists"))
    return 0
