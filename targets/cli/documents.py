"""Command line: what the documents say beyond targets: `facts` (the figures they report)."""

from __future__ import annotations

import argparse

from targets import store
from targets.cli.output import show
from targets.plans.facts import fact_to_dict


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("facts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_facts)


def cmd_facts(args, engine, settings) -> int:
    """Every figure the documents report (CONTRACTS §2 `facts --json`)."""
    rows = [fact_to_dict(f) for plan in store.plans(engine) for f in plan.facts]
    return show(args, rows, ["plan", "text", "value", "unit", "date", "target"])

