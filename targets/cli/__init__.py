"""The command line `python -m targets`: argv → the same targets functions the pages call → exit code.

Each module owns one group of commands and adds them to the parser in its `register(sub)`:
core (list, regions, status, reports, uploads, demo), users (user …, revert), workbook (template,
validate, import, export, allocations), documents (facts, duty extend), meeting (snapshot …, brief,
status --snapshot), duties (duties, chase, duty report|confirm|…, contact …), store_admin (backup,
restore, db upgrade). `output` prints: one
JSON document on stdout with `--json`, sentences for people on stderr; `actor` says who a command acts
as. Every failure is a sentence (a TargetsError rendered by targets.messages), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from targets import messages, store
from targets.cli import core, documents, duties, meeting, store_admin, users, workbook
from targets.cli.chinese import ROOT, Parser
from targets.cli.output import say
from targets.config import Settings
from targets.errors import TargetsError

GROUPS = (core, users, workbook, documents, meeting, duties, store_admin)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, each group adding its own commands."""
    parser = Parser(prog=ROOT, description=f"{messages.APP_NAME}\n{messages.CLI_HELP['']}")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    """Run one command; returns the exit code."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]  # hasattr does not narrow TextIO
        sys.stderr.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    args = build_parser().parse_args(argv)
    try:
        settings = settings or Settings.from_env()
        engine = store.make_engine(settings.database_url)
        store.init_store(engine)
        return int(args.handler(args, engine, settings))
    except TargetsError as exc:
        say(str(exc))
        return exc.exit_code
    except BrokenPipeError:  # `… | head`: the reader has what it wanted; end quietly
        _quiet_stdout()
        return 0


def _quiet_stdout() -> None:
    """Point stdout at the null device, so the flush at exit does not fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
    finally:
        os.close(devnull)


__all__ = ["build_parser", "main"]
