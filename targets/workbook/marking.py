"""The uploader's own workbook handed back with each problem cell filled and commented.

openpyxl holds every cell of a workbook as an object, so an untrusted upload is marked in a
bounded child process (targets.workbook.sandbox.Child), never in the server: `marked()` runs
`main()` under the same memory and time limits as the reader. Formulas are replaced by
their saved values; text that a spreadsheet would execute is kept as text (writer.make_safe).
"""

from __future__ import annotations

import io
import sys
from dataclasses import asdict, dataclass

from targets.workbook import sandbox

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
COMMENT_AUTHOR = "targets"


@dataclass(frozen=True)
class Note:
    """One cell's mark: the sheet, the cell (A1), error or warning, and the sentences."""

    sheet: str
    ref: str
    severity: str
    text: str


def marked(data: bytes, notes: list[Note], filename: str) -> bytes:
    """The workbook with the notes marked in it; UnreadableFile if it cannot be done safely."""
    with sandbox.Child(["-c", sandbox.boot("targets.workbook.marking"), str(sandbox.ROOT)]) as child:
        code, out, err = child.exchange({"notes": [asdict(n) for n in notes]}, data, filename)
    sandbox.check_exit(code, err, filename)
    return out


def main(argv: list[str]) -> int:
    """In the child: the limits, then the request from stdin, the marked workbook to stdout."""
    from targets.workbook.sandbox_child import CORRUPT, OUT_OF_MEMORY, read_request

    header, data = read_request(argv)
    try:
        out = mark(data, [Note(**n) for n in header["notes"]])
    except MemoryError:
        return OUT_OF_MEMORY
    except Exception as exc:  # noqa: BLE001  (a file that passed the checks can still trip openpyxl)
        sys.stderr.write(type(exc).__name__)
        return CORRUPT
    sys.stdout.buffer.write(out)
    return 0


def mark(data: bytes, notes: list[Note]) -> bytes:
    """Fill and comment the noted cells, make every text cell safe, save (openpyxl)."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from targets.workbook.writer import make_safe

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_vba=False, rich_text=False)
    for note in notes:
        if note.sheet in wb.sheetnames:
            cell = wb[note.sheet][note.ref]
            colour = WARNING_FILL if note.severity == "warning" else ERROR_FILL
            cell.fill = PatternFill("solid", fgColor=colour)
            cell.comment = Comment(note.text, COMMENT_AUTHOR, width=320, height=160)
    for ws in wb.worksheets:
        # only the cells the file holds: iter_rows() would create every cell of the rectangle
        for cell in list(ws._cells.values()):
            make_safe(cell)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
