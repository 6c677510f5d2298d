"""Untrusted workbooks are parsed in child processes bounded in memory and time, never in the server.

python-calamine allocates in Rust, where a failed allocation aborts the whole process (the
web server with it) instead of raising, and openpyxl holds every cell as an object. Both
therefore run in a child that caps its own address space (READER_MEMORY_MB) and CPU time
before it loads a parser (sandbox_child.limit_self); the parent waits at most READER_SECONDS
plus a grace. A crash, a memory error or a timeout becomes UnreadableFile with a sentence.

- Reader: sandbox_child.py, which runs the container checks and the sheet scan beside
  python-calamine (forked, taken only when the checks pass), so the server process never parses
  the untrusted file. Its answer comes back as marshal (plain values only), a refusal as the
  message code and its context.
- Child: any such process (targets.workbook.marking's too).
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import marshal
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from targets.config import Settings
from targets.errors import UnreadableFile
from targets.workbook import sandbox_child as child
from targets.workbook.sheet_scan import SheetScan

READER_MEMORY_MB = 1024
READER_SECONDS = 60
GRACE_SECONDS = 5  # beyond the child's own CPU limit, for start-up and handing back the result
MAX_TEXT = 32_767  # Excel's own limit for one cell
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
    to apply to itself. With `spare`, a child of the same command is started when this one is
    done, to wait booted for the next exchange (see Spares).
    """

    def __init__(self, argv: list[str], spare: bool = False) -> None:
        self.argv = argv
        self.spare = spare
        self._command = (sys.executable, "-I", *argv, str(READER_MEMORY_MB), str(READER_SECONDS))
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Child:
        self._process = (self.spare and SPARES.take(self._command)) or _start(self._command)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._process is not None and self._process.poll() is None:
            _kill(self._process)
            self._process.communicate()
        if self.spare:
            SPARES.prepare(self._command)

    def exchange(self, header: dict[str, object], data: bytes, filename: str) -> tuple[int, bytes, bytes]:
        """Send a JSON header and the file; the child's exit code, stdout and stderr."""
        process = self._process
        if process is None:
            raise failed(filename)
        try:
            out, err = process.communicate(child.framed(json.dumps(header).encode(), data),
                                           timeout=READER_SECONDS + GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.communicate()
            raise failed(filename)
        return process.returncode, out, err


def _start(command: tuple[str, ...]) -> subprocess.Popen[bytes] | None:
    """A child started, or None when it cannot be (exchange() says so with a sentence)."""
    try:
        # a session of its own: the child and the parse it forks are killed together
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError:
        return None


class Spares:
    """At most one booted child per command, waiting for its request on stdin.

    Starting the interpreter and importing the reader takes about 40 ms; a spare started after one
    exchange has done that by the next, so an upload's check does not wait for it. A spare has
    applied its limits already (CPU time counts only work it does) and is used once. It belongs to
    the process that started it: a forked server process starts its own. One left over when this
    process ends is killed, and one whose server process dies ends at the end of its stdin.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready: dict[tuple[str, ...], tuple[int, subprocess.Popen[bytes]]] = {}
        atexit.register(self.clear)

    def take(self, command: tuple[str, ...]) -> subprocess.Popen[bytes] | None:
        """The spare for `command` if one is waiting alive, else None."""
        with self._lock:
            owner, process = self._ready.pop(command, (0, None))
        if process is None or owner != os.getpid():
            return None  # none, or a spare of the process this one was forked from: its own to use
        if process.poll() is not None:
            process.communicate()
            return None
        return process

    def prepare(self, command: tuple[str, ...]) -> None:
        """Start a spare for `command` unless one is waiting."""
        with self._lock:
            if self._ready.get(command, (0,))[0] == os.getpid():
                return
        process = _start(command)
        if process is None:
            return
        with self._lock:
            if self._ready.get(command, (0,))[0] != os.getpid():
                self._ready[command] = (os.getpid(), process)
                return
        _kill(process)  # another thread's spare came first
        process.communicate()

    def clear(self) -> None:
        """Kill every spare this process started."""
        with self._lock:
            ready, self._ready = self._ready, {}
        for owner, process in ready.values():
            if owner == os.getpid() and process.poll() is None:
                _kill(process)
                process.communicate()


SPARES = Spares()


@dataclass(frozen=True)
class SheetRead:
    """What the reader child found: the chosen sheet, its scan, its rows from A1, merged ranges."""

    name: str
    scan: SheetScan
    grid: Grid
    merged: Merged


class Reader(Child):
    """The reader child: `with Reader() as r: found = r.read(data, filename, settings, preferred)`.

    It runs the container checks and the sheet scan beside calamine, all in the child (see
    sandbox_child); the server process never parses the untrusted file.
    """

    def __init__(self, argv: list[str] | None = None) -> None:
        # the product's reader keeps a spare booted (Spares); a stand-in argv (a test's) starts fresh each time
        super().__init__(argv or ["-c", boot("targets.workbook.sandbox_child"), str(ROOT)], spare=argv is None)

    def __enter__(self) -> Reader:
        super().__enter__()
        return self

    def read(self, data: bytes, filename: str, settings: Settings, preferred: str) -> SheetRead:
        """The chosen sheet as read in the child; UnreadableFile if refused or if the child fails."""
        limits = {"max_upload_mb": settings.max_upload_mb, "max_rows": settings.max_rows,
                  "max_unzipped_mb": settings.max_unzipped_mb}
        header = {"file": filename, "preferred": preferred, "limits": limits, "max_text": MAX_TEXT}
        code, out, err = self.exchange(header, data, filename)
        if code == child.REFUSED:
            raise _refusal(out, filename)
        if code == child.TEXT_TOO_LONG:
            raise UnreadableFile("cell_text_too_long", file=filename, limit=MAX_TEXT)
        check_exit(code, err, filename)
        try:
            head, body = child.unframed(out)
            name, rows, columns, formula_missing, percent = marshal.loads(head)
            grid, merged, special = marshal.loads(body)
            rebuilt: dict[tuple[str, str], object] = {}  # the same date in many rows is rebuilt once
            for row, col, kind, text in special:
                seen = (kind, text)
                grid[row][col] = rebuilt[seen] if seen in rebuilt else rebuilt.setdefault(seen, _REBUILD[kind](text))
        except (EOFError, ValueError, TypeError, KeyError, IndexError):
            raise failed(filename)
        return SheetRead(name, SheetScan(rows, columns, formula_missing, percent), grid, merged)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill a child and whatever it forked (its session's process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()


def boot(module: str) -> str:
    """`python -I -c` code that puts the product on sys.path (argv[1]) and runs module.main."""
    return f"import sys; sys.path.insert(0, sys.argv[1]); from {module} import main; sys.exit(main(sys.argv))"


def _refusal(out: bytes, filename: str) -> UnreadableFile:
    """The UnreadableFile the child's checks raised, rebuilt from its code and context."""
    try:
        code, context = marshal.loads(out)
        return UnreadableFile(str(code), **{str(k): v for k, v in dict(context).items()})
    except (EOFError, ValueError, TypeError):
        return failed(filename)


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
