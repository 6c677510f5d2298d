"""Who a command acts as: the operating-system user running it, and the named account it acts for."""

from __future__ import annotations

import getpass
import os

from sqlalchemy import Engine

from targets.store import accounts


def shell_user() -> str:
    """The operating-system user running this command (from the process, not from $USER)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # no pwd module (Windows), or a uid without a name
        return getpass.getuser()


def acting(engine: Engine, name: str) -> accounts.User:
    """The named account a command acts as, refused when unknown, disabled or locked."""
    return accounts.acting_user(engine, name, shell=shell_user())
