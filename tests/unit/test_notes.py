"""The 说明 of a progress row: kept as written (leading whitespace included), refused when over the limit."""

from __future__ import annotations

import io

import openpyxl
import pytest

from targets import messages, store
from targets.config import NOTE_MAX
from targets.intake import uploads
from targets.store import accounts
from tests.unit.workbooks import TODAY, book, row

OFFICE = accounts.operator("tester")


def _stored_note(engine, note: str) -> str:
    checked = uploads.check(engine, book([row(12, note=note)]), "n.xlsx", OFFICE, today=TODAY)
    assert checked.ok, [i.message for i in checked.issues]
    uploads.commit(engine, checked, OFFICE, accept_warnings=True)
    return store.reports(engine, targets=["jl-2022-t01"], regions=["220100"])["note"].iloc[-1]


@pytest.mark.parametrize("note", ["\t=1+1", "  缩进的说明", "@SUM(1)", "依据：\n第二行"])
def test_the_note_is_stored_as_written(engine, note):
    assert _stored_note(engine, note) == note


def test_trailing_whitespace_is_dropped(engine):
    assert _stored_note(engine, "说明  \n") == "说明"


def test_an_exported_note_never_executes(engine):
    _stored_note(engine, "\t=1+1")
    wb = openpyxl.load_workbook(io.BytesIO(uploads.export(engine)))
    cells = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value == "\t=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_note_at_the_limit_is_kept_whole(engine):
    assert len(_stored_note(engine, "长" * NOTE_MAX)) == NOTE_MAX


def test_a_note_over_the_limit_is_refused_with_the_limit_in_the_sentence(engine):
    checked = uploads.check(engine, book([row(12, note="长" * 5000)]), "n.xlsx", OFFICE, today=TODAY)
    [issue] = checked.errors
    assert issue.code == "note_too_long" and issue.column.endswith("（E列）")
    assert str(NOTE_MAX) in issue.message and "5000" in issue.message
    assert issue.expected == messages.render("expect_note", limit=NOTE_MAX, length=5000)
    assert not checked.rows
