"""The command line speaks Chinese: argparse's own messages, help and headings; `user add` in any order."""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from targets import cli, messages
from targets.cli.chinese import translate

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
CODES = (  # what may stay in Latin letters: the program, commands, options, quoted values, role codes
    r"python -m targets(?: [a-z][a-z-]*)*", r"-{1,2}[A-Za-z][\w-]*", r"'[^']*'", r"\{[^}]*\}", r"TARGETS_PASSWORD",
    r"\b(?:admin|officer|viewer|load|remove)\b",
)


def english_left(text: str) -> str:
    """The Latin letters left once the codes are taken out."""
    for pattern in CODES:
        text = re.sub(pattern, "", text)
    return "".join(re.findall(r"[A-Za-z]+", text))


def run(capsys, *argv):
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse: a wrong command line, or -h
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["user", "add", "cc_officer", "--role", "officer", "--region", "220100"],
    ["user", "add", "--role", "officer", "--region", "220100", "cc_officer"],
    ["user", "add", "--region", "220100", "--role", "officer", "cc_officer"],
    ["user", "add", "--role", "officer", "cc_officer", "--region", "长春市"],
])
def test_user_add_takes_the_options_in_any_order(capsys, db_url, monkeypatch, argv):
    monkeypatch.setenv("TARGETS_PASSWORD", "s3cret-pass")
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    assert err.strip() == messages.render("user_created", name="cc_officer", role=messages.ROLE_LABELS["officer"])
    users = json.loads(run(capsys, "user", "list", "--json")[1])
    assert users == [{"name": "cc_officer", "role": "officer", "regions": ["220100"], "disabled": False}]


def test_user_add_after_several_regions_takes_the_last_non_region_as_the_name(capsys, db_url, monkeypatch):
    monkeypatch.setenv("TARGETS_PASSWORD", "s3cret-pass")
    assert run(capsys, "user", "add", "--role", "officer", "--region", "220100", "220200", "two")[0] == 0
    users = json.loads(run(capsys, "user", "list", "--json")[1])
    assert users[0]["name"] == "two" and users[0]["regions"] == ["220100", "220200"]


def test_user_add_without_a_name_is_a_chinese_sentence_and_creates_nothing(capsys, db_url, monkeypatch):
    monkeypatch.setenv("TARGETS_PASSWORD", "s3cret-pass")
    code, _, err = run(capsys, "user", "add", "--role", "officer", "--region", "220100", "220200")
    assert code == 1 and err.strip() == messages.render("user_name_missing")
    assert json.loads(run(capsys, "user", "list", "--json")[1]) == []


@pytest.mark.parametrize("argv", [
    ["user", "add", "cc", "--role", "officer", "--wrong", "220100"],   # unrecognized arguments
    ["user", "add", "cc"],                                             # the following arguments are required
    ["lst"],                                                           # invalid choice
    ["demo", "bogus"],                                                 # invalid choice of a positional
    ["template", "--region"],                                          # expected one argument
    ["user"],                                                          # a command group without its command
])
def test_a_wrong_command_line_is_a_chinese_sentence(capsys, db_url, argv):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    usage, sentence = err.strip().splitlines()
    assert usage.startswith(messages.CLI_WORDS["usage"])
    assert sentence.startswith(messages.render("bad_arguments", problem="", prog="")[:6])
    assert CJK.search(sentence)
    assert english_left(usage + sentence) == "", err
    assert "usage" not in err and "argument" not in err and "required" not in err


def test_help_is_chinese_and_lists_the_roles(capsys):
    code, out, _ = run(capsys, "user", "add", "-h")
    assert code == 0
    for word in ("usage", "positional arguments", "options:", "show this help"):
        assert word not in out
    assert out.startswith(messages.CLI_WORDS["usage"])
    for role, label in messages.ROLE_LABELS.items():
        assert re.search(rf"{role}\s+{label}{re.escape(messages.ROLE_DUTIES[role])}", out)
    assert "TARGETS_PASSWORD" in out
    assert english_left(out) == "", out


def _commands(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _commands(sub)


def test_every_command_and_option_has_a_chinese_help():
    for parser in _commands(cli.build_parser()):
        assert parser.description and CJK.search(parser.description), parser.prog
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):  # each command's line in the list
                for choice in action._choices_actions:
                    assert choice.help and CJK.search(choice.help), (parser.prog, choice.dest)
            else:
                assert action.help and CJK.search(action.help), (parser.prog, action.dest)


@pytest.mark.parametrize("english, chinese", [
    ("the following arguments are required: 账号, --role", "缺少必填参数 账号、--role"),
    ("unrecognized arguments: --wrong x", "无法识别的参数 --wrong x"),
    ("argument --role: expected one argument", "参数 --role：需要一个取值"),
    ("argument 命令: invalid choice: 'lst' (choose from 'list', 'regions')",
     "参数 命令：取值 'lst' 无效，可选 'list'、'regions'"),
    ("argument --year: invalid int value: 'x'", "参数 --year：取值 'x' 无效"),
    ("ambiguous option: --a could match --as-of, --all", "选项 --a 不明确，可能是 --as-of、--all"),
    ("argument --x: not allowed with argument --y", "参数 --x：不能与参数 --y 同时使用"),
])
def test_argparse_messages_translate(english, chinese):
    assert translate(english) == chinese


def test_piping_into_head_ends_quietly(db_url):
    env = {**os.environ, "DATABASE_URL": db_url}
    done = subprocess.run(f"{sys.executable} -m targets list --json | head -c 20", shell=True, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert len(done.stdout) == 20
    assert done.stderr == ""
