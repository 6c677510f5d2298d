"""The login cookie's one-time tickets (login_ticket): a new table, nothing else changes.

A store upgraded from before migrations already has it (the baseline creates every table the models
declare), so it is created only where it is missing.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect
from sqlmodel import SQLModel

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if "login_ticket" not in inspect(conn).get_table_names():
        SQLModel.metadata.tables["login_ticket"].create(conn)


def downgrade() -> None:
    op.drop_table("login_ticket")
