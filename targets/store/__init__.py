"""The store (SQLModel on SQLite or PostgreSQL): the only package that reads or writes the database.

- engine: the engine factory and first setup (schema, regions, plans, the documents' facts), under a lock
- schema, migrations/: the schema through Alembic (a baseline revision; a new store is stamped, an older
  one upgraded keeping every row)
- backup: a consistent backup of the whole store while the app runs, and restore into an empty store
- models: the tables and the input models that validate rows before they become table rows
- plans: plans, targets and allocations as stored (the office may edit them)
- seeding: the shipped definitions added to the store, and upgraded by their version
- duty_units: which units a per-region duty applies to and why; the office extending it
- current: which value is current (the one rule, one query) and which sources are on show
- changes: which (target, region) pairs changed between two marks of the report tables
- versions: the data version every shown write raises (its write lock), the next version of a key
- reports: versioned progress reports, uploads, reverts, demo rows
- accounts: accounts, hashed passwords, logins and the acting account
- logins: the atomic lock-out counters (per account, per source)
- sessions: login sessions (the token the login cookie holds; the trusted proxy header)
- audit: the audit log
- snapshots: meeting snapshots (the state frozen for a meeting)
- duty_models, duties: the duty workflow (item steps, evidence files, units' contact addresses)
"""

from targets.store import duty_models  # noqa: F401  (its tables are created with the others)
from targets.store.audit import SYSTEM_USER, audit_log, record
from targets.store.changes import Mark, allocation_mark, changed_pairs, mark
from targets.store.current import HISTORY_COLUMNS, REPORT_COLUMNS
from targets.store.duty_units import Origin, extend_duty
from targets.store.duty_units import origins as allocation_origins
from targets.store.engine import init_store, make_engine
from targets.store.plans import (
    EDITABLE,
    allocations,
    default_allocation,
    edit_target,
    import_allocations,
    plans,
    region_rows,
    target_from_json,
    target_to_json,
)
from targets.store.reports import (
    current_values,
    demo_in_use,
    demo_loaded,
    get_upload,
    has_real_uploads,
    import_reports,
    remove_demo,
    reports,
    reports_of,
    revert_upload,
    upload_facts,
    uploads,
)
from targets.store.snapshots import create_snapshot, current_state, load_snapshot, previous, snapshots
from targets.store.versions import data_version, next_versions

__all__ = [
    "EDITABLE", "HISTORY_COLUMNS", "Mark", "Origin", "REPORT_COLUMNS", "SYSTEM_USER", "allocation_origins",
    "allocation_mark", "allocations", "audit_log", "changed_pairs", "create_snapshot", "current_state",
    "current_values", "data_version",
    "default_allocation", "demo_in_use", "demo_loaded", "edit_target", "extend_duty", "get_upload",
    "has_real_uploads", "import_allocations", "import_reports", "init_store", "load_snapshot", "make_engine",
    "mark", "next_versions", "plans", "previous", "record", "region_rows", "remove_demo", "reports", "reports_of",
    "revert_upload", "snapshots", "target_from_json", "target_to_json", "upload_facts", "uploads",
]
