"""The store's schema through Alembic: a new store is created at the newest revision, an older one upgraded.

- a new store (no tables): the models' tables are created and stamped with the newest revision;
- a store made by a release before migrations (tables, no Alembic version): every revision runs,
  the baseline first (targets/store/migrations/versions/baseline.py says what it adds);
- a store with a version: the revisions after it run.

Each path runs in one transaction on one connection, and the caller (targets.store.engine) holds the
store's setup lock, so two processes never migrate the same store at once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlmodel import SQLModel

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this release knows."""
    return str(ScriptDirectory.from_config(_config()).get_current_head())


def known() -> set[str]:
    """Every revision this release knows."""
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def revision(engine: Engine) -> str | None:
    """The store's revision (None for a store made before migrations, or no store at all)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the store to the newest revision (module docstring); call with the setup lock held."""
    with engine.begin() as conn:
        config = _config(conn)
        if MigrationContext.configure(conn).get_current_revision() is None and not inspect(conn).get_table_names():
            SQLModel.metadata.create_all(conn)
            command.stamp(config, "head")
        else:
            command.upgrade(config, "head")
