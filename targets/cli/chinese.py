"""argparse in Chinese: usage, help headings, every command's and option's help, and argparse's own errors.

`Parser` is the parser class of every command group (argparse gives each subcommand its parent's class),
so a group's `register(sub)` adds plain `add_parser(name)` / `add_argument(...)` calls and gets the help,
the placeholders and the error sentences from the tables in targets.messages (`CLI_HELP`, `CLI_ARG_HELP`,
`CLI_METAVARS`, `CLI_WORDS`). A wrong command line prints the usage and one Chinese sentence, exit 1.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from typing import Any, NoReturn

from targets import messages
from targets.cli.output import say

ROOT = "python -m targets"
WORDS = messages.CLI_WORDS
ROLE_COMMANDS = ("user", "user add", "user role")  # their help lists the roles and what each may do
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def command_key(prog: str) -> str:
    """`python -m targets user add` → `user add` (the key of the help tables)."""
    return prog.removeprefix(ROOT).strip()


def roles_text() -> str:
    """The roles, their Chinese names and what each may do, one a line."""
    lines = [WORDS["roles"]]
    lines += [f"  {code:<8} {messages.ROLE_LABELS[code]}{duty}" for code, duty in messages.ROLE_DUTIES.items()]
    return "\n".join([*lines, WORDS["password"]])


def _lookup(table: dict[str, str], key: str, dest: str) -> str | None:
    """The most specific entry: `user add region`, then `user region`, then `region`."""
    for scope in (key, key.split(" ")[0] if key else ""):
        if scope and f"{scope} {dest}" in table:
            return table[f"{scope} {dest}"]
    return table.get(dest)


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Chinese usage prefix; help lines wrapped by display width (a Chinese character is two columns)."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, WORDS["usage"] if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if _CJK.search(text):
            return textwrap.wrap(text, max(width // 2, 16))
        return super()._split_lines(text, width)


class SubParsers(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Subcommands with their Chinese one-line help (listed in the parent's help) and description."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        key = command_key(f"{self._prog_prefix} {name}")
        text = messages.CLI_HELP.get(key)
        kwargs.setdefault("help", text)
        kwargs.setdefault("description", text)
        if key in ROLE_COMMANDS:
            kwargs.setdefault("epilog", roles_text())
        return super().add_parser(name, **kwargs)


class Parser(argparse.ArgumentParser):
    """argparse speaking Chinese; a wrong command line is a Chinese sentence and exit code 1."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", SubParsers)
        self._positionals.title = WORDS["positionals"]
        self._optionals.title = WORDS["options"]
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=WORDS["help"])

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("title", WORDS["commands"])
        kwargs.setdefault("metavar", WORDS["commands"])
        return super().add_subparsers(**kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        key = command_key(self.prog)
        text = _lookup(messages.CLI_ARG_HELP, key, action.dest)
        if text and action.help is not argparse.SUPPRESS:
            action.help = text
        metavar = _lookup(messages.CLI_METAVARS, key, action.dest)
        if metavar and action.metavar is None and action.nargs != 0:
            action.metavar = metavar
        return action

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        say(messages.render("bad_arguments", problem=translate(message), prog=self.prog))
        raise SystemExit(1)


_LISTS = ("args", "choices", "matches")
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), code) for pattern, code in (
        (r"the following arguments are required: (?P<args>.+)", "required"),
        (r"one of the arguments (?P<args>.+) is required", "one_required"),
        (r"unrecognized arguments: (?P<args>.+)", "unrecognized"),
        (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", "invalid_choice"),
        (r"invalid \S+ value: (?P<value>.+)", "invalid_type"),
        (r"expected one argument", "expected_one"),
        (r"expected at most one argument", "expected_at_most_one"),
        (r"expected at least one argument", "expected_at_least_one"),
        (r"not allowed with argument (?P<other>.+)", "not_allowed_with"),
        (r"ignored explicit argument (?P<value>.+)", "ignored_explicit"),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "ambiguous"),
        (r"unexpected option string: (?P<option>.+)", "unexpected_option"),
        (r"argument (?P<name>.+?): (?P<problem>.+)", "argument"),
    )
)


def translate(message: str) -> str:
    """One of argparse's English error messages in Chinese (codes, option names and values kept)."""
    for pattern, code in _PATTERNS:
        match = pattern.fullmatch(message.strip())
        if match is None:
            continue
        parts = match.groupdict()
        if code == "argument":
            parts["problem"] = translate(parts["problem"])
        for name in _LISTS:
            if name in parts:
                parts[name] = messages.LIST_SEP.join(p.strip() for p in re.split(r",\s*", parts[name]))
        return WORDS[code].format(**parts)
    return WORDS["other"].format(raw=message)
