"""Command line: accounts (`user add|list|disable|enable|passwd`) and `revert`."""

from __future__ import annotations

import argparse
import getpass
import os

from targets import messages, store
from targets.cli.output import say, show
from targets.errors import NotAllowed, NotFound
from targets.store import accounts


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("user")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add")
    add.add_argument("name")
    add.add_argument("--role", required=True)
    add.add_argument("--region", action="extend", nargs="+", default=[])  # --region A B or --region A --region B
    lst = user_sub.add_parser("list")
    lst.add_argument("--json", action="store_true")
    for name in ("disable", "enable", "passwd"):
        user_sub.add_parser(name).add_argument("name")
    p = sub.add_parser("revert")
    p.add_argument("upload_id")
    p.add_argument("--user", required=True)
    sub.choices["user"].set_defaults(handler=cmd_user)
    sub.choices["revert"].set_defaults(handler=cmd_revert)



def _password() -> str:
    password = os.environ.get("TARGETS_PASSWORD")
    if password:
        return password
    if os.isatty(0):
        return getpass.getpass(messages.render("password_prompt"))
    return ""


def cmd_user(args, engine, settings) -> int:
    by = os.environ.get("USER", "cli")
    action = args.user_command
    if action == "add":
        user = accounts.add_user(engine, args.name, args.role, _password(), args.region, by)
        say(messages.render("user_created", name=user.name, role=user.role))
    elif action == "list":
        rows = [{"name": u.name, "role": u.role, "regions": list(u.regions), "disabled": u.disabled}
                for u in accounts.list_users(engine)]
        return show(args, rows, ["name", "role", "regions", "disabled"])
    elif action in ("disable", "enable"):
        accounts.set_disabled(engine, args.name, action == "disable", by)
        say(f"{args.name}: {action}d")
    else:
        accounts.set_password(engine, args.name, _password(), by)
        say(messages.render("user_password_changed", name=args.name))
    return 0


def cmd_revert(args, engine, settings) -> int:
    if not args.upload_id.isdigit():
        raise NotFound("upload_not_found", upload=args.upload_id)
    upload_id = int(args.upload_id)
    upload = store.get_upload(engine, upload_id)
    user = accounts.acting_user(engine, args.user)
    if user.role != "admin" and not (user.role == "officer" and upload["user"] == user.name):
        raise NotAllowed("user_not_allowed", name=user.name)
    store.revert_upload(engine, upload_id, user.name)
    say(messages.render("reverted", upload=upload_id))
    return 0
