"""Command line: the leadership-group meeting (`snapshot create|list`, `brief`, `status --snapshot`)."""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path

from targets import messages, store
from targets.brief.export import write_brief
from targets.cli import core
from targets.cli.output import clean, parse_date, say, show
from targets.method.board import state_board
from targets.store import accounts


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser (after core: `status` gains `--snapshot`)."""
    p = sub.add_parser("snapshot")
    snap = p.add_subparsers(dest="snapshot_command", required=True)
    create = snap.add_parser("create")
    create.add_argument("name")
    create.add_argument("--as-of")
    create.add_argument("--user", default=os.environ.get("USER", "cli"))
    snap.add_parser("list").add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_snapshot)
    p = sub.add_parser("brief")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--plan")
    p.add_argument("--as-of")
    p.add_argument("--snapshot")
    p.set_defaults(handler=cmd_brief)
    status = sub.choices["status"]
    status.add_argument("--snapshot")
    status.set_defaults(handler=cmd_status)


def cmd_snapshot(args, engine, settings) -> int:
    if args.snapshot_command == "list":
        rows = [{k: clean(s[k]) for k in ("name", "as_of", "created", "user", "rows", "demo")}
                for s in store.snapshots(engine)]
        return show(args, rows, ["name", "as_of", "created", "user", "rows"])
    user = accounts.acting_user(engine, args.user)
    entry = store.create_snapshot(engine, args.name, user, settings, parse_date(args.as_of))
    dates = "，".join(messages.render("snapshot_plan_date", plan=p, date=d) for p, d in entry["dates"].items())
    say(messages.render("snapshot_created", name=entry["name"], rows=entry["rows"], plan_dates=dates))
    return 0


def cmd_status(args, engine, settings) -> int:
    if not args.snapshot:
        return core.cmd_status(args, engine, settings)
    state = store.load_snapshot(engine, args.snapshot, settings)
    if args.as_of:
        state = dataclasses.replace(state, dates=dict.fromkeys(state.dates, parse_date(args.as_of)))
    return core.show_status(args, state_board(state))


def cmd_brief(args, engine, settings) -> int:
    path = write_brief(engine, settings, Path(args.output), args.plan, parse_date(args.as_of), args.snapshot)
    say(messages.render("brief_written", file=path))
    return 0
