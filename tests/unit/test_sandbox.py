"""The reader child: the same cells as calamine in process; a crash, a hang, garbage or a memory
error in it is a sentence for the user and the calling process carries on."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import python_calamine as pc
from openpyxl import Workbook, load_workbook

from targets import messages
from targets.config import Settings
from targets.errors import UnreadableFile
from targets.workbook import excel, marking, sandbox
from tests.unit.hostile_workbooks import FAR_ROW, shared_strings_flood, sheet_tail
from tests.unit.workbooks import save


def a_workbook_of_every_kind() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "s"
    ws.append(["text", 1, 2.5, True, dt.date(2024, 6, 30), dt.datetime(2024, 6, 30, 8, 15), dt.time(9, 30),
               None, "=1+1"])
    ws.merge_cells("A3:B4")
    return save(wb)


def in_process(data: bytes, sheet: str) -> tuple[list, list]:
    with pc.CalamineWorkbook.from_object(io.BytesIO(data)) as book:
        found = book.get_sheet_by_name(sheet)
        return found.to_python(skip_empty_area=False), found.merged_cell_ranges or []


def test_the_child_gives_the_cells_calamine_gives_in_process():
    data = a_workbook_of_every_kind()
    with sandbox.Reader() as reader:
        found = reader.read(data, "f.xlsx", Settings(), "s")
    assert (found.grid, [tuple(map(tuple, m)) for m in found.merged]) == in_process(data, "s")


def test_the_checks_refuse_in_the_child_with_the_same_sentence():
    with pytest.raises(UnreadableFile) as err, sandbox.Reader() as reader:
        reader.read(sheet_tail(FAR_ROW), "far.xlsx", Settings(), "s")
    assert err.value.code == "sheet_too_large" and err.value.context["rows"] == 1048576


@pytest.fixture
def child_script(tmp_path):
    """A stand-in script where the reader child runs: returns the argv for Reader."""

    def use(source: str) -> list[str]:
        path = tmp_path / "child.py"
        path.write_text(source)
        return [str(path)]

    return use


def _refused_by_reader(argv: list[str]) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as err, sandbox.Reader(argv) as reader:
        reader.read(a_workbook_of_every_kind(), "f.xlsx", Settings(), "s")
    return err.value


FAILED = messages.render("workbook_reader_failed", file="f.xlsx", memory=sandbox.READER_MEMORY_MB,
                         seconds=sandbox.READER_SECONDS)


@pytest.mark.parametrize("source", [
    "import os\nos.abort()",  # what a failed allocation in Rust does
    "import sys\nsys.stdin.buffer.read()\nsys.stdout.buffer.write(b'not marshal')",
    "import sys\nsys.exit(5)",
])
def test_a_child_that_dies_or_talks_nonsense_is_a_sentence(child_script, source):
    refused = _refused_by_reader(child_script(source))
    assert (refused.code, refused.exit_code, str(refused)) == ("workbook_reader_failed", 2, FAILED)


def test_a_child_that_hangs_is_stopped(child_script, monkeypatch):
    monkeypatch.setattr(sandbox, "READER_SECONDS", 1)
    monkeypatch.setattr(sandbox, "GRACE_SECONDS", 0)
    assert _refused_by_reader(child_script("import time\ntime.sleep(60)")).code == "workbook_reader_failed"


def test_a_file_that_needs_more_memory_than_the_child_has_is_refused_not_fatal(monkeypatch):
    """The checks let the shared-strings flood through (it is valid); a tighter child cannot hold it."""
    monkeypatch.setattr(sandbox, "READER_MEMORY_MB", 300)
    with pytest.raises(UnreadableFile) as err:
        excel.read_sheet(shared_strings_flood(), "flood.xlsx")
    assert err.value.code == "workbook_reader_failed" and "flood.xlsx" in str(err.value)


def test_marking_runs_in_the_child_and_touches_only_the_cells_the_file_holds():
    """A1 and BH100000: a rectangle within the limits that iter_rows() would fill with 6M cells."""
    wb = Workbook()
    wb.active["A1"], wb.active["BH100000"] = "@SUM(1)", 1
    out = marking.marked(save(wb), [marking.Note("Sheet", "A1", "error", "bad")], "f.xlsx")
    ws = load_workbook(io.BytesIO(out))["Sheet"]
    assert ws["A1"].quotePrefix and ws["A1"].value == "@SUM(1)" and ws["A1"].comment.text == "bad"
    assert len(ws._cells) == 2


def test_marking_a_file_openpyxl_cannot_open_is_a_sentence():
    with pytest.raises(UnreadableFile) as err:
        marking.marked(b"PK\x03\x04 not a zip", [], "f.xlsx")
    assert err.value.code == "workbook_corrupt" and "f.xlsx" in str(err.value)


def test_the_reader_child_loads_no_settings_pandas_or_pydantic():
    """The child's 1 GB cap is for the workbook: it gets its limits as plain numbers (targets.workbook.
    container.PlainLimits), so importing it pulls in neither the settings nor what they import."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import targets.workbook.sandbox_child; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'pydantic', 'pydantic_settings', "
            "'numpy', 'targets.config'} | {m for m in sys.modules if m == 'targets.config'}))")
    done = subprocess.run([sys.executable, "-I", "-c", code, str(root)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _read_with_pid(data: bytes) -> tuple[int, sandbox.SheetRead]:
    with sandbox.Reader() as reader:
        pid = reader._process.pid
        return pid, reader.read(data, "f.xlsx", Settings(), "s")


def test_the_next_read_uses_the_spare_child_booted_after_the_last_and_reads_the_same():
    data = a_workbook_of_every_kind()
    _read_with_pid(data)
    waiting = sandbox.SPARES._ready[sandbox.Reader()._command][1]
    assert waiting.poll() is None  # booted and waiting for a request
    pid, found = _read_with_pid(data)
    assert pid == waiting.pid
    assert (found.grid, [tuple(map(tuple, m)) for m in found.merged]) == in_process(data, "s")
    assert sandbox.SPARES._ready[sandbox.Reader()._command][1].pid != pid  # used once, a new one waits


def test_a_spare_that_died_is_not_used_and_the_read_still_answers():
    data = a_workbook_of_every_kind()
    _read_with_pid(data)
    waiting = sandbox.SPARES._ready[sandbox.Reader()._command][1]
    waiting.kill()
    waiting.wait()
    pid, found = _read_with_pid(data)
    assert pid != waiting.pid and found.grid == in_process(data, "s")[0]


def test_a_spare_started_by_another_process_is_left_alone(monkeypatch):
    data = a_workbook_of_every_kind()
    _read_with_pid(data)
    command = sandbox.Reader()._command
    owner, waiting = sandbox.SPARES._ready[command]
    monkeypatch.setattr(sandbox.os, "getpid", lambda: owner + 1)  # as seen from a forked server process
    pid, _ = _read_with_pid(data)
    assert pid != waiting.pid and waiting.poll() is None  # not taken, not killed: the other process's
    monkeypatch.undo()
    sandbox.SPARES._ready[command] = (owner, waiting)  # back to its owner, which clears it at exit
    sandbox.SPARES.clear()
    assert waiting.poll() is not None and not sandbox.SPARES._ready


def test_a_spare_whose_server_process_ended_exits_quietly():
    sandbox.SPARES.prepare(sandbox.Reader()._command)
    _, waiting = sandbox.SPARES._ready.pop(sandbox.Reader()._command)
    waiting.stdin.close()  # what the server process's end does to the pipe
    assert waiting.wait(timeout=10) == 0
    assert waiting.stderr.read() == b""  # no traceback
    waiting.stdout.close()
    waiting.stderr.close()


def test_a_stand_in_reader_keeps_no_spare(child_script):
    argv = child_script("import sys\nsys.stdin.buffer.read()\nsys.exit(5)")
    _refused_by_reader(argv)
    assert sandbox.Reader(argv)._command not in sandbox.SPARES._ready
