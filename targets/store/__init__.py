"""The store (SQLModel on SQLite or PostgreSQL): the only package that reads or writes the database.

- engine: the engine factory and first setup (tables, regions, plans, the documents' facts)
- models: the tables and the input models that validate rows before they become table rows
- plans: plans, targets and allocations as stored (the office may edit them)
- reports: versioned progress reports, uploads, reverts, demo rows
- accounts: accounts, hashed passwords, lock-out and sessions
- audit: the audit log
- duty_models, duties: the duty workflow (item steps, evidence files, units' contact addresses)
"""

from targets.store import duty_models  # noqa: F401  (its tables are created with the others)
from targets.store.audit import SYSTEM_USER, audit_log, record
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
    uploads,
)

__all__ = [
    "EDITABLE", "REPORT_COLUMNS", "SYSTEM_USER", "allocations", "audit_log", "default_allocation", "demo_in_use",
    "demo_loaded", "edit_target", "get_upload", "has_real_uploads", "import_reports", "init_store", "make_engine",
    "next_versions", "plans", "record", "region_rows", "remove_demo", "reports", "revert_upload", "target_from_json",
    "target_to_json", "uploads",
]
