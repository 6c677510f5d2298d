"""质量强市目标进度看板's domain package: no Streamlit, usable from tests and `python -m targets`.

Modules, by the one-way flow of the data:

- definitions, regions: the plans' targets (data/plans) and the region codes and outlines (data/regions)
- excel, workbook_parts, values, validate, preview, uploads: workbook bytes → checked rows → a commit
- store, models, accounts: the versioned store (SQLModel), accounts, roles and the audit log
- status, burndown, tracking, whatif: the status method, burn-down and forecast, scenarios (pure)
- messages, errors, config: every sentence, the error family, the settings table
- cli (with cli_users, cli_workbook): the command line
"""

__all__ = [
    "accounts", "burndown", "cli", "config", "definitions", "demo", "errors", "excel", "messages", "models",
    "preview", "regions", "status", "store", "tracking", "uploads", "validate", "whatif",
]
