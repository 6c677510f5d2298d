"""质量强市目标进度看板's domain package: no Streamlit, usable from tests and `python -m targets`.

Subpackages, by the one-way flow of the data (import-linter contracts in pyproject.toml enforce it):

- plans: what the documents say (targets with their quotes, regions)
- workbook: Excel bytes read and written, knowing nothing of the store
- intake: check → preview → commit of uploads, templates and exports
- store: the database (engine, tables, reports and versions, accounts, audit)
- method: the status method, burn-down, forecast, what-if (pure, never the store)
- cli: the command line, one module per command group

Modules: config (settings), clock (today and local time in the configured zone), errors (the error
family), messages (every sentence), demo (示例数据).
"""

__all__ = ["cli", "clock", "config", "demo", "errors", "intake", "messages", "method", "plans", "store", "workbook"]
