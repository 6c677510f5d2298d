"""Command line: what the documents say beyond targets: `facts` (reported figures) and `duty extend`."""

from __future__ import annotations

import argparse

from targets import messages, store
from targets.cli.actor import shell_user
from targets.cli.output import say, show
from targets.plans.facts import fact_to_dict
from targets.store import accounts


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("facts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_facts)
    p = sub.add_parser("duty")
    duty_sub = p.add_subparsers(dest="duty_command", required=True)
    extend = duty_sub.add_parser("extend")
    extend.add_argument("target")
    extend.add_argument("region")
    extend.add_argument("--user", required=True)
    p.set_defaults(handler=cmd_duty)


def cmd_facts(args, engine, settings) -> int:
    """Every figure the documents report (CONTRACTS §2 `facts --json`)."""
    rows = [fact_to_dict(f) for plan in store.plans(engine) for f in plan.facts]
    return show(args, rows, ["plan", "text", "value", "unit", "date", "target"])


def cmd_duty(args, engine, settings) -> int:
    """`duty extend TARGET REGION --user NAME`: the office extends a per-region duty (admins only)."""
    user = accounts.acting_user(engine, args.user, shell_user())
    share = store.extend_duty(engine, args.target, args.region, user)
    say(messages.render("duty_extended", target=args.target, region=args.region, share=messages.number(share)))
    return 0
