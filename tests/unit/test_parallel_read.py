"""The reader child parses with calamine beside the container checks (a fork), and takes its
answer only when the checks pass: what a file gets is what it got with the checks first."""

from __future__ import annotations

import marshal
import os

import pytest
from openpyxl import Workbook

from targets.errors import UnreadableFile
from targets.workbook import container, sandbox, sandbox_child
from targets.workbook.container import PlainLimits
from tests.unit.hostile_workbooks import FAR_ROW, sheet_tail
from tests.unit.test_sandbox import a_workbook_of_every_kind
from tests.unit.workbooks import save

LIMITS = {"max_upload_mb": 10, "max_rows": 5000, "max_unzipped_mb": 50}


def header(preferred: str = "s") -> dict:
    return {"file": "f.xlsx", "preferred": preferred, "limits": LIMITS, "max_text": sandbox.MAX_TEXT}


def test_the_sheets_are_named_before_any_part_is_inflated(monkeypatch):
    order = []
    inflate = container._inflate_all
    monkeypatch.setattr(container, "_inflate_all", lambda *a: order.append("inflate") or inflate(*a))
    found = container.open_container(a_workbook_of_every_kind(), "f.xlsx", PlainLimits(**LIMITS),
                                     lambda sheets: order.append([s.name for s in sheets]))
    assert order == [["s"], "inflate"] and found.sheets[0].name == "s"


def test_the_fork_answers_what_calamine_answers_in_this_process():
    data = a_workbook_of_every_kind()
    parse = sandbox_child.Parse()
    parse.start(data, "s", sandbox.MAX_TEXT)
    assert parse._pid not in (0, os.getpid())  # a process of its own
    assert parse.answer(data, "s", sandbox.MAX_TEXT) == sandbox_child._parsed(data, "s", sandbox.MAX_TEXT)
    assert parse._pid == 0  # reaped


def test_a_refused_file_kills_the_fork_unread(monkeypatch):
    started, stopped = [], []
    start, stop = sandbox_child.Parse.start, sandbox_child.Parse.stop
    monkeypatch.setattr(sandbox_child.Parse, "start", lambda self, *a: (start(self, *a), started.append(self._pid)))
    monkeypatch.setattr(sandbox_child.Parse, "stop", lambda self: (stopped.append(self._pid), stop(self)))
    with pytest.raises(UnreadableFile) as err:
        sandbox_child.checked_read(header(), sheet_tail(FAR_ROW))
    assert err.value.code == "sheet_too_large"
    assert started and stopped == started
    with pytest.raises(ChildProcessError):  # killed and reaped: no child is left behind
        os.waitpid(started[0], os.WNOHANG)


def test_another_sheet_than_the_fork_read_is_read_here_and_the_fork_killed():
    data = a_workbook_of_every_kind()
    parse = sandbox_child.Parse()
    parse.start(data, "other", sandbox.MAX_TEXT)
    pid = parse._pid
    assert parse.answer(data, "s", sandbox.MAX_TEXT) == sandbox_child._parsed(data, "s", sandbox.MAX_TEXT)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def sheet_read(payload: bytes) -> str:
    """The sheet name the child's answer names (its framed head)."""
    return marshal.loads(sandbox_child.unframed(payload)[0])[0]


def test_the_preferred_sheet_hidden_or_not_else_the_first_visible_one_is_read():
    wb = Workbook()
    wb.active.title = "first"
    wb.active.append(["a"])
    wanted = wb.create_sheet("s")
    wanted.append(["b"])
    wanted.sheet_state = "hidden"
    for preferred, name in (("s", "s"), ("absent", "first")):
        code, payload = sandbox_child.checked_read(header(preferred), save(wb))
        assert code == 0 and sheet_read(payload) == name
