"""The reader's child process: workbook bytes on stdin → the chosen sheet's cells on stdout.

Run by targets.workbook.sandbox as `python -I -c BOOT ROOT MEMORY_MB SECONDS`. It caps its own
address space and CPU time first, then does everything that parses the untrusted file: the
container checks and the sheet scan (targets.workbook.container), and python-calamine. A
workbook that makes a parser allocate without bound ends this process only.

The two run at once, on two cores: once the workbook's small parts have named the sheet,
calamine reads it in a forked process (the same limits, its own count of them) while this one
inflates and measures every part. Its answer is taken only when the checks pass; when they
refuse the file it is killed unread, so what a file gets is decided as if the checks ran first.

stdin: a 4-byte length, a JSON header {"file", "preferred", "limits", "max_text"}, the file.
stdout (`framed`): marshal of (sheet name, scan rows, scan columns, formula masks, percent
masks), then marshal of (grid, merged ranges, special cells), where dates and times
travel as (row, column, kind, text); or, with exit code REFUSED, marshal of (message code,
context) of the UnreadableFile the checks raised.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import marshal
import os
import resource
import signal
import sys
from operator import itemgetter
from typing import Any, cast

from targets.errors import UnreadableFile
from targets.workbook.container import Container, PlainLimits, SheetPart, choose_sheet, open_container
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


def framed(head: bytes, body: bytes = b"") -> bytes:
    """A 4-byte length, `head`, then `body`: how a request reaches a child and the reader's answer leaves it."""
    return len(head).to_bytes(4, "big") + head + body


def unframed(raw: bytes) -> tuple[memoryview, memoryview]:
    """(head, body) of what `framed` wrote, without copying either."""
    size, view = int.from_bytes(raw[:4], "big"), memoryview(raw)
    return view[4:4 + size], view[4 + size:]


def read_request(argv: list[str]) -> tuple[dict[str, Any], bytes]:
    """Apply the limits in argv's last two places, then the JSON header and the file from stdin."""
    limit_self(int(argv[-2]), int(argv[-1]))
    head, body = unframed(sys.stdin.buffer.read())
    return json.loads(bytes(head)), bytes(body)


def read(data: bytes, sheet: str) -> tuple[list[list[Any]], list[Any]]:
    """The sheet's rows from A1 (calamine, empty cells as "") and its merged ranges."""
    import python_calamine as pc  # loaded after the checks, in this bounded process only

    with pc.CalamineWorkbook.from_object(io.BytesIO(data)) as book:
        found = book.get_sheet_by_name(sheet)
        return found.to_python(skip_empty_area=False), list(found.merged_cell_ranges or [])


def column(grid: list[list[Any]], index: int) -> list[Any]:
    """The grid's cells in column `index` (0-based), "" (calamine's empty cell) where a row is too short."""
    try:
        return list(map(itemgetter(index), grid))
    except IndexError:  # a ragged grid
        return [line[index] if index < len(line) else "" for line in grid]


def special_cells(grid: list[list[Any]], max_text: int) -> list[tuple[int, int, str, str]] | None:
    """Dates, times and durations moved out of the grid as text; None if a text is too long.

    Column by column: a column's kinds of value are found at C speed, and only a column holding
    a date, time or duration is walked cell by cell (most are text or numbers throughout)."""
    special = []
    texts: dict[object, str] = {}  # the same date in many rows is written once
    for c in range(max(map(len, grid), default=0)):
        cells = column(grid, c)
        kinds = set(map(type, cells))
        if str in kinds:
            strings = cells if len(kinds) == 1 else [v for v in cells if v.__class__ is str]
            if max(map(len, strings)) > max_text:
                return None
        if kinds <= PLAIN:
            continue
        for r, value in enumerate(cells):
            if value.__class__ in PLAIN:
                continue
            if value not in texts:
                texts[value] = repr(value.total_seconds()) if isinstance(value, dt.timedelta) else value.isoformat()
            kind = "timedelta" if isinstance(value, dt.timedelta) else KINDS[value.__class__]
            special.append((r, c, kind, texts[value]))
            grid[r][c] = None
    return special


class Parse:
    """calamine's read of one sheet in a forked process: `start`, then `answer` or `stop`.

    The fork's exit code is this module's (0, CORRUPT, TEXT_TOO_LONG, OUT_OF_MEMORY); its stdout
    (a pipe) carries marshal of (grid, merged ranges, special cells), or the exception's name.
    """

    def __init__(self) -> None:
        self.sheet: str | None = None
        self._pid, self._pipe = 0, -1

    def start(self, data: bytes, sheet: str, max_text: int) -> None:
        """Fork and read `sheet`; where the fork fails, `answer` reads in this process instead."""
        self.sheet = sheet
        try:
            pipe, out = os.pipe()
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # the fork: read, write the answer, end without running this process's exit code
            os.close(pipe)
            code, payload = _parsed(data, sheet, max_text)
            with os.fdopen(out, "wb") as stream:
                stream.write(payload)
            os._exit(code)
        os.close(out)
        self._pid, self._pipe = pid, pipe

    def answer(self, data: bytes, sheet: str, max_text: int) -> tuple[int, bytes]:
        """(exit code, payload) of the read of `sheet`: the fork's when it read that sheet."""
        if not self._pid or sheet != self.sheet:
            self.stop()
            return _parsed(data, sheet, max_text)
        with os.fdopen(self._pipe, "rb") as stream:
            payload = stream.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        code = os.waitstatus_to_exitcode(status)
        return (code, payload) if code >= 0 else (OUT_OF_MEMORY, b"")  # killed: an abort in Rust, the limits

    def stop(self) -> None:
        """Kill the fork unread (the checks refused the file, or another sheet is read)."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._pipe)
            self._pid = 0


def _parsed(data: bytes, sheet: str, max_text: int) -> tuple[int, bytes]:
    """calamine's read of `sheet` as (exit code, payload) (Parse's protocol)."""
    try:
        grid, merged = read(data, sheet)
        special = special_cells(grid, max_text)
    except MemoryError:
        return OUT_OF_MEMORY, b""
    except Exception as exc:  # noqa: BLE001  (a malformed workbook may fail anywhere in a parser)
        return CORRUPT, type(exc).__name__.encode()
    if special is None:
        return TEXT_TOO_LONG, b""
    ranges = [(tuple(start), tuple(end)) for start, end in merged]
    return 0, marshal.dumps((grid, ranges, special))


def checked_read(header: dict[str, Any], data: bytes) -> tuple[int, bytes]:
    """The container checks beside calamine's read: (0, the answer for stdout), or (exit code, detail)."""
    filename, preferred, max_text = header["file"], header["preferred"], int(header["max_text"])
    parse = Parse()

    def meanwhile(sheets: list[SheetPart]) -> None:
        try:
            parse.start(data, choose_sheet(Container(sheets, {}), preferred, filename).name, max_text)
        except UnreadableFile:
            pass  # no sheet to read: the checks say so once they have run

    try:
        container = open_container(data, filename, PlainLimits(**header["limits"]), meanwhile)
        part = choose_sheet(container, preferred, filename)
    except BaseException:
        parse.stop()
        raise
    scan = container.scans.get(part.path, SheetScan())
    code, payload = parse.answer(data, part.name, max_text)
    if code != 0:
        return code, payload
    head = marshal.dumps((part.name, scan.rows, scan.columns, scan.formula_missing, scan.percent))
    return 0, framed(head, payload)  # the fork's payload passed on as it came


def main(argv: list[str]) -> int:
    gc.disable()  # a short life making a few objects per cell, none in a cycle: no collector passes over them
    stdin = cast(io.BufferedReader, sys.stdin.buffer)
    if not stdin.peek(1):  # closed before a request came: a spare whose server process ended
        return 0
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
    code, payload = answer  # the answer on stdout; else calamine's exit code, and for CORRUPT its exception's name
    (sys.stdout if code == 0 else sys.stderr).buffer.write(payload)
    return code
