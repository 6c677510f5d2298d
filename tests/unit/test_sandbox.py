"""The reader child: the same cells as calamine in process; a crash, a hang, garbage or a memory
error in it is a sentence for the user and the calling process carries on."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import python_calamine as pc
from openpyxl import Workbook, load_workbook

from targets import messages
from targets.errors import UnreadableFile
from targets.workbook import excel, marking, sandbox
from tests.unit.hostile_workbooks import shared_strings_flood
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
        grid, merged = reader.read(data, "s", "f.xlsx")
    assert (grid, [tuple(map(tuple, m)) for m in merged]) == in_process(data, "s")


@pytest.fixture
def child_script(tmp_path, monkeypatch):
    """Put a stand-in script where the reader child runs."""

    def use(source: str) -> None:
        path = tmp_path / "child.py"
        path.write_text(source)
        monkeypatch.setattr(sandbox, "CHILD", path)

    return use


def _refused_by_reader() -> UnreadableFile:
    with pytest.raises(UnreadableFile) as err, sandbox.Reader() as reader:
        reader.read(a_workbook_of_every_kind(), "s", "f.xlsx")
    return err.value


FAILED = messages.render("workbook_reader_failed", file="f.xlsx", memory=sandbox.READER_MEMORY_MB,
                         seconds=sandbox.READER_SECONDS)


@pytest.mark.parametrize("source", [
    "import os\nos.abort()",  # what a failed allocation in Rust does
    "import sys\nsys.stdin.buffer.read()\nsys.stdout.buffer.write(b'not marshal')",
    "import sys\nsys.exit(5)",
])
def test_a_child_that_dies_or_talks_nonsense_is_a_sentence(child_script, source):
    child_script(source)
    refused = _refused_by_reader()
    assert (refused.code, refused.exit_code, str(refused)) == ("workbook_reader_failed", 2, FAILED)


def test_a_child_that_hangs_is_stopped(child_script, monkeypatch):
    child_script("import time\ntime.sleep(60)")
    monkeypatch.setattr(sandbox, "READER_SECONDS", 1)
    monkeypatch.setattr(sandbox, "GRACE_SECONDS", 0)
    assert _refused_by_reader().code == "workbook_reader_failed"


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
