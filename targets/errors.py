"""The one error family the domain raises; each error carries a message code and a CLI exit code."""

from __future__ import annotations


class TargetsError(Exception):
    """A failure a user must read as a sentence: `code` keys targets.messages, `context` fills it."""

    exit_code = 1

    def __init__(self, code: str, **context: object) -> None:
        super().__init__(code)
        self.code = code
        self.context = context

    def __str__(self) -> str:
        from targets import messages

        return messages.render(self.code, **self.context)


class InvalidInput(TargetsError):
    """Input that breaks a rule (a definition file, an upload, a command argument)."""

    exit_code = 1


class UnreadableFile(TargetsError):
    """A file that cannot be read as a workbook at all."""

    exit_code = 2


class NotAllowed(TargetsError):
    """The user may not do this (role, region, disabled account)."""

    exit_code = 3


class WarningsNotAccepted(TargetsError):
    """An upload with warnings, committed only after the user accepts them."""

    exit_code = 4


class NotFound(TargetsError):
    """An id that names nothing in the store."""

    exit_code = 1


class StoreBusy(TargetsError):
    """Another writer held the store's write lock longer than a write waits: try again shortly."""

    exit_code = 1
