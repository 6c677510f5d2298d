"""Baseline: the schema of the first release with migrations.

A new store gets this schema from the models directly (targets.store.schema stamps it), so this
revision's upgrade only ever runs on a store made by an earlier release, which had no Alembic
version. Those releases differ from the baseline in what they lack, never in a column's meaning:
the data version table and its row, and the UNIQUE (target, region, date, version) and
(target, region, version) indexes, which are created after renumbering any duplicate versions that
older concurrent writers left (in id order, so the newest row stays current). Later schema changes
are revisions of their own after this one (op.add_column and the like), never edits here.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Each versioned table's unique key, as the baseline has it.
UNIQUE_KEYS = {
    "report": ("uq_report_key", ("target", "region", "date", "version")),
    "allocation": ("uq_allocation_key", ("target", "region", "version")),
}


def upgrade() -> None:
    conn = op.get_bind()
    present = set(inspect(conn).get_table_names())
    missing = [t for t in SQLModel.metadata.sorted_tables if t.name not in present]
    SQLModel.metadata.create_all(conn, tables=missing)
    if conn.execute(text("SELECT COUNT(*) FROM data_version")).scalar_one() == 0:
        conn.execute(text("INSERT INTO data_version (id, version) VALUES (1, 0)"))
    for table, (name, columns) in UNIQUE_KEYS.items():
        if name in {ix["name"] for ix in inspect(conn).get_indexes(table)}:
            continue
        conn.execute(text("UPDATE data_version SET version = version + 1 WHERE id = 1"))
        group = ", ".join(columns[:-1])
        duplicated = conn.execute(text(  # names from UNIQUE_KEYS, never input
            f"SELECT DISTINCT {group} FROM {table} GROUP BY {', '.join(columns)} HAVING COUNT(*) > 1")).all()
        for key in duplicated:
            match = " AND ".join(f"{c} = :k{i}" for i, c in enumerate(columns[:-1]))
            params = {f"k{i}": v for i, v in enumerate(key)}
            ids = conn.execute(text(f"SELECT id FROM {table} WHERE {match} ORDER BY version, id"),
                               params).scalars().all()
            conn.execute(text(f"UPDATE {table} SET version = :v WHERE id = :id"),
                         [{"v": n, "id": row_id} for n, row_id in enumerate(ids, start=1)])
        conn.execute(text(f"CREATE UNIQUE INDEX {name} ON {table} ({', '.join(columns)})"))
    conn.execute(text("DROP INDEX IF EXISTS ix_report_key"))  # the older non-unique index on the same key


def downgrade() -> None:
    raise NotImplementedError("the baseline is the oldest schema the store knows")
