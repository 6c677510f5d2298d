"""The reader's child process: workbook bytes on stdin → the chosen sheet's cells on stdout.

Run by targets.workbook.sandbox as `python -I -c BOOT ROOT MEMORY_MB SECONDS`. It caps its own
address space and CPU time first, then does everything that parses the untrusted file: the
container checks and the sheet scan (targets.workbook.container), and only if they pass,
python-calamine. A workbook that makes a parser allocate without bound ends this process only.

stdin: a 4-byte length, a JSON header {"file", "preferred", "limits", "max_text"}, the file.
stdout (marshal): (sheet name, scan rows, scan columns, formula masks, percent masks, grid,
merged ranges, special cells), where dates and times travel as (row, column, kind, text); or,
with exit code REFUSED, (message code, context) of the UnreadableFile the checks raised.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import marshal
import resource
import sys
from typing import Any

from targets.errors import UnreadableFile
from targets.workbook.container import PlainLimits, choose_sheet, open_container
from targets.workbook.sheet_scan import SheetScan

CORRUPT, TEXT_TOO_LONG, OUT_OF_MEMORY, REFUSED = 3, 4, 5, 6
KINDS = {dt.datetime: "datetime", dt.date: "date", dt.time: "time"}
PLAIN = frozenset({str, float, int, bool})


def limit_self(memory_mb: int, seconds: int) -> None:
    """Cap this process's address space and CPU time (never above a limit it inherited)."""
    for kind, wanted in ((resource.RLIMIT_AS, memory_mb * 1024 * 1024), (resource.RLIMIT_CPU, seconds)):
        _soft, hard = resource.getrlimit(kind)
        value = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(kind, (value, value))


def read_request(argv: list[str]) -> tuple[dict[str, Any], bytes]:
    """Apply the limits in argv's last two places, then the JSON header and the file from stdin."""
    limit_self(int(argv[-2]), int(argv[-1]))
    raw = sys.stdin.buffer.read()
    size = int.from_bytes(raw[:4], "big")
    return json.loads(raw[4:4 + size]), raw[4 + size:]


def read(data: bytes, sheet: str) -> tuple[list[list[Any]], list[Any]]:
    """The sheet's rows from A1 (calamine, empty cells as "") and its merged ranges."""
    import python_calamine as pc  # loaded after the checks, in this bounded process only

    with pc.CalamineWorkbook.from_object(io.BytesIO(data)) as book:
        found = book.get_sheet_by_name(sheet)
        return found.to_python(skip_empty_area=False), list(found.merged_cell_ranges or [])


def special_cells(grid: list[list[Any]], max_text: int) -> list[tuple[int, int, str, str]] | None:
    """Dates, times and durations moved out of the grid as text; None if a text is too long."""
    special = []
    for r, line in enumerate(grid):
        for c, value in enumerate(line):
            if value.__class__ in PLAIN:
                if value.__class__ is str and len(value) > max_text:
                    return None
                continue
            if isinstance(value, dt.timedelta):
                special.append((r, c, "timedelta", repr(value.total_seconds())))
            else:
                special.append((r, c, KINDS[value.__class__], value.isoformat()))
            line[c] = None
    return special


def checked_read(header: dict[str, Any], data: bytes) -> tuple[Any, ...] | int:
    """The container checks, then calamine: the answer for stdout, or TEXT_TOO_LONG."""
    container = open_container(data, header["file"], PlainLimits(**header["limits"]))
    part = choose_sheet(container, header["preferred"], header["file"])
    scan = container.scans.get(part.path, SheetScan())
    grid, merged = read(data, part.name)
    special = special_cells(grid, int(header["max_text"]))
    if special is None:
        return TEXT_TOO_LONG
    ranges = [(tuple(start), tuple(end)) for start, end in merged]
    return part.name, scan.rows, scan.columns, scan.formula_missing, scan.percent, grid, ranges, special


def main(argv: list[str]) -> int:
    gc.disable()  # a short life making a few objects per cell, none in a cycle: no collector passes over them
    header, data = read_request(argv)
    try:
        answer = checked_read(header, data)
    except UnreadableFile as refused:
        sys.stdout.buffer.write(marshal.dumps((refused.code, refused.context)))
        return REFUSED
    except MemoryError:
        return OUT_OF_MEMORY
    except Exception as exc:  # noqa: BLE001  (a malformed workbook may fail anywhere in a parser)
        sys.stderr.write(type(exc).__name__)
        return CORRUPT
    if isinstance(answer, int):
        return answer
    sys.stdout.buffer.write(marshal.dumps(answer))
    return 0
