"""Every write a page makes: re-check the session on the server, check the role, write, invalidate.

The account comes from `ui.auth.require_user()` (session token → store) on every call, never from
session state, so a browser that edits its session state cannot write as someone else.
"""

from __future__ import annotations

from targets import store
from targets.errors import InvalidInput, NotAllowed
from targets.intake import uploads
from targets.store import accounts
from targets.store.accounts import User
from ui import auth, data


def _reporter() -> User:
    user = auth.require_user()
    if user.role not in ("admin", "officer"):
        raise NotAllowed("upload_needs_reporter", name=user.name)
    return user


def _admin() -> User:
    user = auth.require_user()
    accounts.require_admin(user)
    return user


def edit_target(target_id: str, **changes: object) -> None:
    """The office confirms or corrects a target (admins only); audited."""
    user = _admin()
    store.edit_target(data.get_engine(), target_id, user.name, **changes)
    data.invalidate()


def extend_duty(target_id: str, region: str) -> float:
    """The office extends a per-region duty to one more unit (admins only); audited."""
    user = _admin()
    share = store.extend_duty(data.get_engine(), target_id, region, user.name)
    data.invalidate()
    return share


def commit_upload(content: bytes, filename: str, accept_warnings: bool) -> int:
    """Check the workbook again as the session's account and commit it in one transaction."""
    user = _reporter()
    engine = data.get_engine()
    checked = uploads.check(engine, content, filename, user, data.settings())
    upload_id = uploads.commit(engine, checked, user, accept_warnings=accept_warnings)
    data.invalidate()
    return upload_id


def revert(upload_id: int) -> None:
    """Revert an upload: admins any officer upload, officers only their own."""
    user = _reporter()
    engine = data.get_engine()
    upload = store.get_upload(engine, upload_id)
    if upload["source"] != "upload":
        raise NotAllowed("revert_source", upload=upload_id)
    if user.role != "admin" and upload["user"] != user.name:
        raise NotAllowed("revert_not_allowed", name=user.name, upload=upload_id)
    store.revert_upload(engine, upload_id, user.name)
    data.invalidate()


def add_user(name: str, role: str, region_codes: list[str], password: str) -> User:
    """Admin: create an account."""
    admin = _admin()
    created = accounts.add_user(data.get_engine(), name.strip(), role, password, list(region_codes), by=admin.name)
    data.invalidate()
    return created


def set_disabled(name: str, disabled: bool) -> None:
    """Admin: disable or enable an account (never the admin's own)."""
    admin = _admin()
    if disabled and name == admin.name:
        raise InvalidInput("user_self_disable", name=name)
    accounts.set_disabled(data.get_engine(), name, disabled, by=admin.name)
    data.invalidate()


def set_password(name: str, password: str) -> None:
    """Admin: reset an account's password (clears its lock-out)."""
    admin = _admin()
    accounts.set_password(data.get_engine(), name, password, by=admin.name)
    data.invalidate()


def import_allocations(content: bytes, filename: str) -> int:
    """Admin: store a changed 任务分解表 as new allocation versions; returns the upload id."""
    admin = _admin()
    upload_id = uploads.import_allocations(data.get_engine(), content, filename, admin)
    data.invalidate()
    return upload_id


def load_demo() -> int:
    """Admin: load demo data (示例数据); returns the rows added."""
    _admin()
    return data.load_demo()


def remove_demo() -> int:
    """Admin: remove demo data; returns the rows removed."""
    admin = _admin()
    return data.remove_demo(admin.name)
