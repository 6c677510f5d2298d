"""Files the command line reads and writes: size checked before reading, a sentence when a path fails."""

from __future__ import annotations

from pathlib import Path

from targets import messages
from targets.cli.output import say
from targets.config import Settings
from targets.errors import InvalidInput, UnreadableFile
from targets.workbook.container import MB


def read_file(path: str, settings: Settings) -> bytes:
    """A file's bytes, or UnreadableFile; the size is checked before anything is read."""
    try:
        size = Path(path).stat().st_size
        if size > settings.max_upload_mb * MB:
            raise UnreadableFile("file_too_large", file=path, limit=settings.max_upload_mb,
                                 size=f"{size / MB:.1f}")
        return Path(path).read_bytes()
    except OSError:
        raise UnreadableFile("file_unreadable", file=path)


def write_file(path: str, data: bytes) -> None:
    """Write bytes (InvalidInput if the path cannot be written) and say so on stderr."""
    try:
        Path(path).write_bytes(data)
    except OSError:
        raise InvalidInput("file_unwritable", file=path)
    say(messages.render("file_written", file=path))
