"""The audit log: one entry per write, appended inside the writer's transaction.

An entry names the account that acted; when it acted from the command line, the detail also
names the operating-system user who ran the command (`os_user=…`), beside the named account.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from targets.permissions import User
from targets.store.models import (
    AuditRow,
)

SYSTEM_USER = "system"


def record(session: Session, user: User | str, action: str, detail: str = "") -> None:
    """Append one audit entry inside the caller's transaction (an account, or a system writer's name)."""
    if isinstance(user, User):
        if user.shell:
            detail = f"{detail} os_user={user.shell}".strip()
        user = user.name
    session.add(AuditRow(user=user, action=action, detail=detail))


def audit_log(engine: Engine) -> list[dict]:
    """Every audit entry, newest first."""
    with Session(engine) as session:
        return [r.model_dump() for r in session.exec(select(AuditRow).order_by(AuditRow.id.desc())).all()]
