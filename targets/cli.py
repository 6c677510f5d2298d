"""Command line: argv → the same targets functions the pages call → JSON or sentences, exit code.

`--json` output goes to stdout as one UTF-8 JSON document; sentences for people go to stderr.
Every failure is a sentence (a TargetsError rendered by targets.messages), never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from collections.abc import Callable

from sqlalchemy import Engine

from targets import demo, messages, store
from targets.config import Settings
from targets.errors import InvalidInput, TargetsError
from targets.tracking import status_table

COMMANDS: dict[str, Callable[[argparse.Namespace, Engine, Settings], int]] = {}


def command(name: str):
    """Register a handler for a sub-command."""

    def wrap(fn):
        COMMANDS[name] = fn
        return fn

    return wrap


def emit(data: object) -> None:
    """Write one JSON document to stdout."""
    print(json.dumps(data, ensure_ascii=False, default=_json_default))


def show(args: argparse.Namespace, rows: list[dict], columns: list[str]) -> int:
    """`--json`: the rows as one JSON document; otherwise a tab-separated table of `columns`."""
    if getattr(args, "json", False):
        emit(rows)
        return 0
    for row in rows:
        print("\t".join("" if row.get(c) is None else str(row[c]) for c in columns))
    return 0


def say(text: str) -> None:
    """A sentence for people, on stderr."""
    print(text, file=sys.stderr)


def _json_default(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def clean(value: object) -> object:
    """JSON-safe scalar: NaN/NaT → None, numpy → Python, dates → ISO."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (dt.date, dt.datetime)):
        return clean(value.item())
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        if value != value:  # pandas NaT / NA
            return None
    except (TypeError, ValueError):
        return None
    return value


def parse_date(text: str | None) -> dt.date | None:
    """An ISO date argument, or InvalidInput."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("bad_date_argument", value=text)


class Parser(argparse.ArgumentParser):
    """argparse that reports a wrong command line as a Chinese sentence and exit code 1."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        say(messages.render("bad_arguments", problem=message))
        raise SystemExit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m targets", description=messages.APP_NAME)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("list", "regions", "uploads"):
        sub.add_parser(name).add_argument("--json", action="store_true")
    p = sub.add_parser("status")
    p.add_argument("--json", action="store_true")
    p.add_argument("--as-of")
    p = sub.add_parser("reports")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all-versions", action="store_true")
    p = sub.add_parser("revert")
    p.add_argument("upload_id")
    p.add_argument("--user", required=True)
    p = sub.add_parser("demo")
    p.add_argument("action", nargs="?", choices=("load", "remove"), default="load")
    for extend in EXTENSIONS:
        extend(sub)
    return parser


EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    """Run one command; returns the exit code."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
        sys.stderr.reconfigure(encoding="utf-8")
    _load_extensions()
    args = build_parser().parse_args(argv)
    settings = settings or Settings.from_env()
    try:
        engine = store.make_engine(settings.database_url)
        store.init_store(engine)
        return COMMANDS[args.command](args, engine, settings)
    except TargetsError as exc:
        say(str(exc))
        return exc.exit_code


def _load_extensions() -> None:
    import targets.cli_users  # noqa: F401  (registers user commands)
    import targets.cli_workbook  # noqa: F401  (registers workbook commands)


@command("list")
def cmd_list(args, engine, settings) -> int:
    allocs = store.allocations(engine)
    out = []
    for plan in store.plans(engine):
        for t in plan.targets:
            shares = allocs.get(t.id, {})
            out.append({
                "plan": plan.id, "id": t.id, "name": t.name, "unit": t.unit, "kind": t.kind,
                "category": t.category, "baseline": t.baseline, "target": t.target,
                "target_max": t.target_max, "comparator": t.comparator,
                "start": t.start.isoformat(), "deadline": t.deadline.isoformat(),
                "milestones": {str(y): v for y, v in t.milestones}, "due": t.due,
                "per_region": t.per_region, "regions": list(shares) or [plan.region],
                "allocation": shares, "lead": t.lead, "responsible": list(t.responsible),
                "clause": t.clause, "source_file": plan.source_file, "source_quote": t.source_quote,
                "uncertain": t.uncertain, "uncertain_reason": t.uncertain_reason,
                "best_reading": t.best_reading,
            })
    if not args.json:
        out = [{**r, "flag": messages.UNCERTAIN_LABEL if r["uncertain"] else ""} for r in out]
    return show(args, out, ["id", "name", "target", "unit", "deadline", "flag"])


@command("regions")
def cmd_regions(args, engine, settings) -> int:
    rows = [{k: r[k] for k in ("code", "name", "level", "parent", "lon", "lat")} for r in store.region_rows(engine)]
    return show(args, rows, ["code", "name", "level", "parent"])


@command("status")
def cmd_status(args, engine, settings) -> int:
    as_of = parse_date(args.as_of)
    table = status_table(store.plans(engine), store.allocations(engine), store.reports(engine), as_of, settings)
    keys = ["target", "region", "actual", "expected", "completion", "pace", "status", "forecast_date",
            "required_monthly", "recent_monthly", "as_of"]
    rows = [{k: clean(r[k]) for k in keys} for r in table.to_dict("records")]
    if not args.json:
        rows = [{**r, "status": messages.STATUS_LABELS[r["status"]]} for r in rows]
    return show(args, rows, ["target", "region", "status", "actual", "expected", "forecast_date"])


@command("reports")
def cmd_reports(args, engine, settings) -> int:
    df = store.reports(engine, all_versions=args.all_versions)
    keys = ["target", "region", "date", "value", "note", "version", "upload", "user"]
    rows = [{k: clean(r[k]) for k in keys} for r in df.to_dict("records")]
    return show(args, rows, ["target", "region", "date", "value", "version", "user"])


@command("uploads")
def cmd_uploads(args, engine, settings) -> int:
    keys = ["id", "user", "time", "file", "sha256", "rows", "outcome", "reverted", "source"]
    rows = [{k: clean(u[k]) for k in keys} for u in store.uploads(engine)]
    return show(args, rows, ["id", "user", "time", "file", "rows", "outcome", "reverted"])


@command("demo")
def cmd_demo(args, engine, settings) -> int:
    if args.action == "remove":
        say(messages.render("demo_removed", rows=store.remove_demo(engine)))
        return 0
    rows = demo.load_demo(engine)
    say(messages.render("demo_loaded", rows=rows) if rows else messages.render("demo_exists"))
    return 0
