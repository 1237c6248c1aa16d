"""Audit rows: written in the caller's transaction, so a change and its record commit together."""
from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from partner_portal.models import AuditLog

from . import clock


def _dump(value: Any) -> str:
    if value is None or value == "":
        return ""
    return value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def record(session: Session, actor, action: str, object_kind: str, object_id: int | None = None, *,
           before: Any = None, after: Any = None, partner_id: int | None = None, customer_id: int | None = None) -> AuditLog:
    row = AuditLog(
        actor_id=getattr(actor, "user_id", None), action=action, object_kind=object_kind, object_id=object_id,
        partner_id=partner_id, customer_id=customer_id, before=_dump(before), after=_dump(after), at=clock.now(),
    )
    session.add(row)
    return row


def snapshot(row, *fields: str) -> dict:
    return {f: getattr(row, f) for f in fields}
