"""Command line: the store itself (`backup -o FILE`, `restore FILE`, `db upgrade`).

`db upgrade` has nothing of its own to do: every command opens the store through
targets.store.init_store, which brings its schema to this release's (targets.store.schema); this
command opens it and says which revision it is at.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from targets import messages
from targets.cli.output import say
from targets.store import backup, schema


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's commands to the parser."""
    p = sub.add_parser("backup")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore")
    p.add_argument("file")
    p.set_defaults(handler=cmd_restore)
    p = sub.add_parser("db")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade")
    p.set_defaults(handler=cmd_db)


def cmd_backup(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    rows = backup.backup(engine, Path(args.output))
    say(messages.render("backup_written", file=args.output, rows=rows))
    return 0


def cmd_restore(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    rows = backup.restore(engine, Path(args.file))
    say(messages.render("restored", file=args.file, rows=rows))
    return 0


def cmd_db(args, engine, settings) -> int:  # type: ignore[no-untyped-def]
    say(messages.render("db_upgraded", revision=schema.revision(engine)))
    return 0
