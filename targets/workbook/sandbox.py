"""Untrusted workbooks are parsed in child processes bounded in memory and time, never in the server.

python-calamine allocates in Rust, where a failed allocation aborts the whole process (the
web server with it) instead of raising, and openpyxl holds every cell as an object. Both
therefore run in a child that caps its own address space (READER_MEMORY_MB) and CPU time
before it loads a parser (sandbox_child.limit_self); the parent waits at most READER_SECONDS
plus a grace. A crash, a memory error or a timeout becomes UnreadableFile with a sentence.

- Reader: python-calamine in sandbox_child.py (standard library and calamine only), started
  before the container checks run so its start-up overlaps them; it is sent the file only once
  the checks have passed, and is stopped otherwise. The grid comes back as marshal (plain values).
- Child: any such process, e.g. targets.workbook.marking's.
"""

from __future__ import annotations

import datetime as dt
import json
import marshal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from targets.errors import UnreadableFile
from targets.workbook import sandbox_child as child

READER_MEMORY_MB = 1024
READER_SECONDS = 60
GRACE_SECONDS = 5  # beyond the child's own CPU limit, for start-up and handing back the result
MAX_TEXT = 32_767  # Excel's own limit for one cell
CHILD = Path(child.__file__)
ROOT = Path(__file__).resolve().parents[2]  # where the targets package lives, for children that import it


def _duration(text: str) -> dt.timedelta:
    return dt.timedelta(seconds=float(text))


_REBUILD: dict[str, Callable[[str], object]] = {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat,
                                                "time": dt.time.fromisoformat, "timedelta": _duration}

Grid = list[list[object]]
Merged = list[tuple[tuple[int, int], tuple[int, int]]]


class Child:
    """One bounded child process: `with Child(argv) as c: code, out, err = c.exchange(header, data, file)`.

    argv follows the interpreter and `-I`; the memory and time limits are appended for the child
    to apply to itself.
    """

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Child:
        command = [sys.executable, "-I", *self.argv, str(READER_MEMORY_MB), str(READER_SECONDS)]
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE)
        except OSError:
            self._process = None  # exchange() says so with a sentence
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()

    def exchange(self, header: dict[str, object], data: bytes, filename: str) -> tuple[int, bytes, bytes]:
        """Send a JSON header and the file; the child's exit code, stdout and stderr."""
        process = self._process
        if process is None:
            raise failed(filename)
        head = json.dumps(header).encode()
        try:
            out, err = process.communicate(len(head).to_bytes(4, "big") + head + data,
                                           timeout=READER_SECONDS + GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise failed(filename)
        return process.returncode, out, err


class Reader(Child):
    """The calamine child: `with Reader() as r: grid, merged = r.read(data, sheet, filename)`."""

    def __init__(self) -> None:
        super().__init__([str(CHILD)])

    def __enter__(self) -> Reader:
        super().__enter__()
        return self

    def read(self, data: bytes, sheet: str, filename: str) -> tuple[Grid, Merged]:
        """The sheet's rows from A1 and its merged ranges; UnreadableFile if the child fails."""
        code, out, err = self.exchange({"sheet": sheet, "max_text": MAX_TEXT}, data, filename)
        if code == child.TEXT_TOO_LONG:
            raise UnreadableFile("cell_text_too_long", file=filename, limit=MAX_TEXT)
        check_exit(code, err, filename)
        try:
            grid, merged, special = marshal.loads(out)
            for row, col, kind, text in special:
                grid[row][col] = _REBUILD[kind](text)
        except (EOFError, ValueError, TypeError, KeyError, IndexError):
            raise failed(filename)
        return grid, merged


def check_exit(code: int, err: bytes, filename: str) -> None:
    """UnreadableFile unless a child ended well: corrupt when its parser refused the file."""
    if code == child.CORRUPT:
        raise UnreadableFile("workbook_corrupt", file=filename, problem=err.decode(errors="replace")[:80])
    if code != 0:
        raise failed(filename)


def failed(filename: str) -> UnreadableFile:
    """The sentence for a child that died, ran out of memory or time, or answered nonsense."""
    return UnreadableFile("workbook_reader_failed", file=filename, memory=READER_MEMORY_MB,
                          seconds=READER_SECONDS)
