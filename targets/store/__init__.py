"""The store (SQLModel on SQLite or PostgreSQL): the only package that reads or writes the database.

- engine: the engine factory and first setup (tables, regions, plans, the documents' facts)
- models: the tables and the input models that validate rows before they become table rows
- plans: plans, targets and allocations as stored (the office may edit them)
- seeding: the shipped definitions added to the store, and upgraded by their version
- duty_units: which units a per-region duty applies to and why; the office extending it
- reports: versioned progress reports, uploads, reverts, demo rows
- accounts: accounts, hashed passwords, logins and the acting account
- logins: the atomic lock-out counters (per account, per source)
- sessions: login sessions
- audit: the audit log
- snapshots: meeting snapshots (the state frozen for a meeting)
- duty_models, duties: the duty workflow (item steps, evidence files, units' contact addresses)
"""

from targets.store import duty_models  # noqa: F401  (its tables are created with the others)
from targets.store.audit import SYSTEM_USER, audit_log, record
from targets.store.duty_units import Origin, extend_duty
from targets.store.duty_units import origins as allocation_origins
from targets.store.engine import init_store, make_engine
from targets.store.plans import (
    EDITABLE,
    allocations,
    default_allocation,
    edit_target,
    plans,
    region_rows,
    target_from_json,
    target_to_json,
)
from targets.store.reports import (
    REPORT_COLUMNS,
    demo_in_use,
    demo_loaded,
    get_upload,
    has_real_uploads,
    import_reports,
    next_versions,
    remove_demo,
    reports,
    revert_upload,
    upload_facts,
    uploads,
)
from targets.store.snapshots import create_snapshot, current_state, load_snapshot, previous, snapshots

__all__ = [
    "EDITABLE", "REPORT_COLUMNS", "SYSTEM_USER", "Origin", "allocation_origins", "allocations",
    "extend_duty", "audit_log", "default_allocation", "demo_in_use",
    "demo_loaded", "edit_target", "get_upload", "has_real_uploads", "import_reports", "init_store", "make_engine",
    "next_versions", "plans", "record", "region_rows", "remove_demo", "reports", "revert_upload", "target_from_json",
    "target_to_json", "upload_facts", "uploads", "create_snapshot", "current_state", "load_snapshot", "previous",
    "snapshots",
]
