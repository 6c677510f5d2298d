"""Command line: accounts (`user add|list|disable|enable|passwd|role`) and `revert`.

The command line is the operator's tool, like a server's admin shell: whoever can run it on the
server can manage accounts (`user …` acts as the operator). Commands that act as a named account
(`--user NAME`) are refused for unknown, disabled or locked accounts, as the pages refuse them,
and every write records the operating-system user beside the named account in the audit log.
"""

from __future__ import annotations

import argparse
import getpass
import os

from targets import messages, store
from targets.cli.actor import acting, shell_user
from targets.cli.output import say, show
from targets.errors import InvalidInput, NotFound
from targets.plans import regions
from targets.store import accounts


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("user")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    for name in ("add", "role"):
        q = user_sub.add_parser(name)
        q.add_argument("name", nargs="?")  # may also come after the --region codes: see _name_and_regions
        q.add_argument("--role", required=True)
        q.add_argument("--region", action="extend", nargs="+", default=[])  # --region A B or --region A --region B
    lst = user_sub.add_parser("list")
    lst.add_argument("--json", action="store_true")
    for name in ("disable", "enable", "passwd"):
        user_sub.add_parser(name).add_argument("name")
    p = sub.add_parser("revert")
    p.add_argument("upload_id")
    p.add_argument("--user", required=True)
    sub.choices["user"].set_defaults(handler=cmd_user)
    sub.choices["revert"].set_defaults(handler=cmd_revert)


def _name_and_regions(args: argparse.Namespace) -> tuple[str, list[str]]:
    """The account name and its regions in any order of the options.

    `--region` takes one or more values, so in `user add --role officer --region 220100 cc` it also takes the
    name; the last of its values is the name when no name stands elsewhere and that value is not a region.
    """
    given = list(args.region)
    if args.name is not None:
        return args.name, given
    if given and not (regions.get(given[-1]) or regions.lookup(given[-1])):
        return given[-1], given[:-1]
    raise InvalidInput("user_name_missing")


def _role(code: str) -> str:
    return messages.ROLE_LABELS.get(code, code)


def _password() -> str:
    password = os.environ.get("TARGETS_PASSWORD")
    if password:
        return password
    if os.isatty(0):
        return getpass.getpass(messages.render("password_prompt"))
    return ""


def cmd_user(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    by = accounts.operator(shell_user())
    action = args.user_command
    if action == "list":
        users = accounts.list_users(engine)
        rows: list[dict] = [{"name": u.name, "role": u.role, "regions": list(u.regions), "disabled": u.disabled}
                            for u in users]
        if not args.json:  # people read the role's name, the regions as a list, a mark for a disabled account
            rows = [{"name": u.name, "role": _role(u.role), "regions": messages.LIST_SEP.join(u.regions),
                     "disabled": messages.CLI_WORDS["disabled"] if u.disabled else ""} for u in users]
        return show(args, rows, ["name", "role", "regions", "disabled"])
    if action == "add":
        name, given = _name_and_regions(args)
        user = accounts.add_user(engine, name, args.role, _password(), given, by)
        say(messages.render("user_created", name=user.name, role=_role(user.role)))
    elif action == "role":
        name, given = _name_and_regions(args)
        user = accounts.set_role(engine, name, args.role, given, by)
        say(messages.render("user_role_changed", name=user.name, role=_role(user.role)))
    elif action == "disable":
        accounts.set_disabled(engine, args.name, True, by)
        say(messages.render("user_disabled_done", name=accounts.normalise_name(args.name)))
    elif action == "enable":
        accounts.set_disabled(engine, args.name, False, by)
        say(messages.render("user_enabled", name=accounts.normalise_name(args.name)))
    else:
        accounts.set_password(engine, args.name, _password(), by)
        say(messages.render("user_password_changed", name=accounts.normalise_name(args.name)))
    return 0


def cmd_revert(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    if not args.upload_id.isdigit():
        raise NotFound("upload_not_found", upload=args.upload_id)
    store.revert_upload(engine, int(args.upload_id), acting(engine, args.user))
    say(messages.render("reverted", upload=int(args.upload_id)))
    return 0
