"""Reading a sheet in a child process bounded in memory and time, so no workbook ends the server.

python-calamine allocates in Rust, where a failed allocation aborts the whole process (the
web server with it) instead of raising. The parse therefore runs in sandbox_child.py, a small
script that caps its own address space (READER_MEMORY_MB) and CPU time before it loads the
parser; the parent waits at most READER_SECONDS. A crash, a memory error or a timeout becomes
UnreadableFile with a sentence; only the grid comes back (marshal: plain values, no code).

The child is started before the container checks run (`Reader()`), so its start-up overlaps
them; it is sent the file only once the checks have passed, and is stopped otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import marshal
import subprocess
import sys
from pathlib import Path
from types import TracebackType

from targets.errors import UnreadableFile
from targets.workbook import sandbox_child as child

READER_MEMORY_MB = 1024
READER_SECONDS = 60
GRACE_SECONDS = 5  # beyond the child's own CPU limit, for start-up and handing back the grid
MAX_TEXT = 32_767  # Excel's own limit for one cell
CHILD = Path(child.__file__)
_REBUILD = {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat,
            "time": dt.time.fromisoformat, "timedelta": lambda text: dt.timedelta(seconds=float(text))}

Grid = list[list[object]]
Merged = list[tuple[tuple[int, int], tuple[int, int]]]


class Reader:
    """A reader child, started now and used once: `with Reader() as r: r.read(...)`."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Reader:
        command = [sys.executable, "-I", str(CHILD), str(READER_MEMORY_MB), str(READER_SECONDS)]
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE)
        except OSError:
            self._process = None  # read() says so with a sentence
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()

    def read(self, data: bytes, sheet: str, filename: str) -> tuple[Grid, Merged]:
        """The sheet's rows from A1 and its merged ranges; UnreadableFile if the child fails."""
        process = self._process
        if process is None:
            raise _failed(filename)
        header = json.dumps({"sheet": sheet, "max_text": MAX_TEXT}).encode()
        try:
            out, err = process.communicate(len(header).to_bytes(4, "big") + header + data,
                                           timeout=READER_SECONDS + GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise _failed(filename)
        except OSError:  # the child died before it took the file
            process.wait()
            raise _failed(filename)
        return _result(process.returncode, out, err, filename)


def _result(code: int, out: bytes, err: bytes, filename: str) -> tuple[Grid, Merged]:
    if code == child.CORRUPT:
        raise UnreadableFile("workbook_corrupt", file=filename, problem=err.decode(errors="replace")[:80])
    if code == child.TEXT_TOO_LONG:
        raise UnreadableFile("cell_text_too_long", file=filename, limit=MAX_TEXT)
    if code != 0:
        raise _failed(filename)
    try:
        grid, merged, special = marshal.loads(out)
    except (EOFError, ValueError, TypeError):
        raise _failed(filename)
    for row, col, kind, text in special:
        grid[row][col] = _REBUILD[kind](text)
    return grid, merged


def _failed(filename: str) -> UnreadableFile:
    return UnreadableFile("workbook_reader_failed", file=filename, memory=READER_MEMORY_MB,
                          seconds=READER_SECONDS)
