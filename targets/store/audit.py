"""The audit log: one entry per write, appended inside the writer's transaction."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from targets.store.models import (
    AuditRow,
)

SYSTEM_USER = "system"


def record(session: Session, user: str, action: str, detail: str = "") -> None:
    """Append one audit entry inside the caller's transaction."""
    session.add(AuditRow(user=user, action=action, detail=detail))


def audit_log(engine: Engine) -> list[dict]:
    """Every audit entry, newest first."""
    with Session(engine) as session:
        return [r.model_dump() for r in session.exec(select(AuditRow).order_by(AuditRow.id.desc())).all()]
