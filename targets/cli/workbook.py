"""Command line: workbook commands (`template`, `validate`, `import`, `export`, `allocations`).

Issues go to stderr one per line; nothing but JSON ever goes to stdout. Exit codes follow
CONTRACTS §2: 0 ok, 1 invalid, 2 unreadable, 3 not allowed, 4 warnings not accepted.
"""

from __future__ import annotations

import argparse
import os

from targets import messages, permissions
from targets.cli.actor import acting
from targets.cli.files import read_file, write_file
from targets.cli.output import say
from targets.errors import InvalidInput, NotAllowed
from targets.intake import uploads
from targets.intake.allocations import check_allocations
from targets.intake.validate import Issue


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("template")
    p.add_argument("--region", required=True)
    p.add_argument("-o", "--output", required=True)
    p = sub.add_parser("validate")
    p.add_argument("file")
    p.add_argument("--user", help="check the regions this account may report for (exit 3)")
    p = sub.add_parser("import")
    p.add_argument("file")
    p.add_argument("--user", required=True)
    p.add_argument("--accept-warnings", action="store_true")
    p = sub.add_parser("export")
    p.add_argument("-o", "--output", required=True)
    p = sub.add_parser("allocations")
    alloc = p.add_subparsers(dest="allocations_command", required=True)
    alloc.add_parser("export").add_argument("-o", "--output", required=True)
    alloc.add_parser("template").add_argument("-o", "--output", required=True)
    q = alloc.add_parser("import")
    q.add_argument("file")
    q.add_argument("--user", required=True)
    sub.choices["template"].set_defaults(handler=cmd_template)
    sub.choices["validate"].set_defaults(handler=cmd_validate)
    sub.choices["import"].set_defaults(handler=cmd_import)
    sub.choices["export"].set_defaults(handler=cmd_export)
    sub.choices["allocations"].set_defaults(handler=cmd_allocations)





def report(issues: tuple[Issue, ...] | list[Issue]) -> None:
    """Each issue as one sentence on stderr."""
    for issue in issues:
        say(issue.message)


def cmd_template(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    write_file(args.output, uploads.template(engine, args.region, settings))
    return 0


def cmd_validate(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    user = acting(engine, args.user) if args.user else None
    checked = uploads.check(engine, read_file(args.file, settings), os.path.basename(args.file), user, settings)
    if checked.forbidden:
        report(checked.forbidden)
        return NotAllowed.exit_code
    if checked.errors:
        report(checked.errors)
        return InvalidInput.exit_code
    report(checked.warnings)
    counts = checked.preview["change"].value_counts()
    say(messages.render("upload_valid", rows=len(checked.rows), new=int(counts.get("new", 0)),
                        changed=int(counts.get("changed", 0)), unchanged=int(counts.get("unchanged", 0))))
    return 0


def cmd_import(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    user = acting(engine, args.user)
    checked = uploads.check(engine, read_file(args.file, settings), os.path.basename(args.file), user, settings)
    report(checked.forbidden or checked.errors or checked.warnings)
    upload_id = uploads.commit(engine, checked, user, accept_warnings=args.accept_warnings)
    say(messages.render("upload_committed", rows=len(checked.rows), upload=upload_id))
    return 0


def cmd_export(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    write_file(args.output, uploads.export(engine))
    return 0


def cmd_allocations(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    action = args.allocations_command
    if action == "export":
        write_file(args.output, uploads.export_allocations(engine))
        return 0
    if action == "template":
        write_file(args.output, uploads.allocation_template(engine))
        return 0
    user = acting(engine, args.user)
    permissions.require(user, "import_allocations")  # before reading: the same rule the store enforces
    data = read_file(args.file, settings)
    shares, issues = check_allocations(engine, data, os.path.basename(args.file), settings)
    report(issues)
    upload_id = uploads.import_allocations(engine, data, os.path.basename(args.file), user, settings)
    say(messages.render("allocations_committed", rows=len(shares), upload=upload_id))
    return 0
