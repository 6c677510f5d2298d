"""The store's schema history (Alembic): `env.py` runs the revisions in `versions/` on the connection it is given.

targets.store.schema drives it; nothing here is run from a shell with `alembic` itself.
"""
