"""Every write a page makes: re-check the session on the server, then write through the store.

The account comes from `ui.auth.require_user()` (session token → store) on every call, never from
session state, so a browser that edits its session state cannot write as someone else. Who may do
what is decided by targets.permissions, enforced by the store's write functions; nothing here
decides it again.
"""

from __future__ import annotations

from targets import permissions, store
from targets.intake import uploads
from targets.permissions import User
from targets.store import accounts
from ui import auth, data


def edit_target(target_id: str, **changes: object) -> None:
    """The office confirms or corrects a target; audited."""
    store.edit_target(data.get_engine(), target_id, auth.require_user(), **changes)


def extend_duty(target_id: str, region: str) -> float:
    """The office extends a per-region duty to one more unit (admins only); audited."""
    share = store.extend_duty(data.get_engine(), target_id, region, auth.require_user())
    return share


def commit_upload(content: bytes, filename: str, accept_warnings: bool) -> int:
    """Check the workbook again as the session's account and commit it in one transaction."""
    user = auth.require_user()
    engine = data.get_engine()
    checked = uploads.check(engine, content, filename, user, data.settings())
    upload_id = uploads.commit(engine, checked, user, accept_warnings=accept_warnings)
    return upload_id


def revert(upload_id: int) -> None:
    """Revert an upload (the store says who may)."""
    store.revert_upload(data.get_engine(), upload_id, auth.require_user())


def add_user(name: str, role: str, region_codes: list[str], password: str) -> User:
    """Create an account."""
    created = accounts.add_user(data.get_engine(), name, role, password, list(region_codes), by=auth.require_user())
    return created


def set_disabled(name: str, disabled: bool) -> None:
    """Disable (never one's own) or enable an account."""
    accounts.set_disabled(data.get_engine(), name, disabled, by=auth.require_user())


def set_password(name: str, password: str) -> None:
    """Reset an account's password (clears its lock-out, ends its sessions)."""
    accounts.set_password(data.get_engine(), name, password, by=auth.require_user())


def set_role(name: str, role: str, region_codes: list[str]) -> User:
    """Give an account another role and regions (ends its sessions); never one's own."""
    changed = accounts.set_role(data.get_engine(), name, role, list(region_codes), by=auth.require_user())
    return changed


def import_allocations(content: bytes, filename: str) -> int:
    """Store a changed 任务分解表 as new allocation versions; returns the upload id."""
    upload_id = uploads.import_allocations(data.get_engine(), content, filename, auth.require_user())
    return upload_id


def _demo_manager() -> User:
    user = auth.require_user()
    permissions.require(user, "manage_demo")  # demo data has no account of its own in the store
    return user


def load_demo() -> int:
    """Load demo data (示例数据); returns the rows added."""
    _demo_manager()
    return data.load_demo()


def remove_demo() -> int:
    """Remove demo data; returns the rows removed."""
    return data.remove_demo(_demo_manager().name)
