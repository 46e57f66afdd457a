"""Writes an audit event for every insert, update and delete of an audited model.

It hooks the session's flush, so no service can write without leaving a trace, and a write with
no known actor fails instead of going unattributed.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from termwise.audit.models import AuditEvent
from termwise.db import Base, utcnow
from termwise.orgs.models import School, SchoolClass, Trust
from termwise.tenancy import Principal

PRINCIPAL_KEY = "principal"
REDACTED = "[redacted]"


class UnattributedWrite(RuntimeError):
    """An audited row was written by a session that does not say who is writing."""


def act_as(session: Session, principal: Principal) -> None:
    """Name who every write made through this session is attributed to."""
    session.info[PRINCIPAL_KEY] = principal


def _json_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _columns(obj: Base) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs]


def _redacted(obj: Base) -> frozenset[str]:
    redacted: frozenset[str] = getattr(obj, "__audit_redacted__", frozenset())
    return redacted


def _snapshot(obj: Base, keys: list[str]) -> dict[str, Any]:
    redacted = _redacted(obj)
    return {k: REDACTED if k in redacted else _json_value(getattr(obj, k)) for k in keys}


def _changes(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    redacted = _redacted(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes() or key in {"version", "updated_at"}:
            continue
        old = history.deleted[0] if history.deleted else None
        before[key] = REDACTED if key in redacted else _json_value(old)
        after[key] = REDACTED if key in redacted else _json_value(getattr(obj, key))
    return before, after


def _scope(session: Session, obj: Base) -> tuple[int | None, int | None]:
    if isinstance(obj, Trust):
        return obj.id, None
    if isinstance(obj, School):
        return obj.trust_id, obj.id
    trust_id = getattr(obj, "trust_id", None)
    school_id = getattr(obj, "school_id", None)
    class_id = getattr(obj, "class_id", None)
    if school_id is None and class_id is not None:
        school_id = session.connection().scalar(
            select(SchoolClass.school_id).where(SchoolClass.id == class_id)
        )
    return trust_id, school_id


@event.listens_for(Session, "after_flush")
def _record(session: Session, _flush: UOWTransaction) -> None:
    rows: list[dict[str, Any]] = []
    changed = [("create", o) for o in session.new] + [("update", o) for o in session.dirty]
    changed += [("delete", o) for o in session.deleted]
    for action, obj in changed:
        if not getattr(obj, "__audited__", False):
            continue
        if action == "create" or action == "delete":
            snapshot = _snapshot(obj, _columns(obj))
            before, after = (None, snapshot) if action == "create" else (snapshot, None)
        else:
            if not session.is_modified(obj, include_collections=False):
                continue
            before, after = _changes(obj)
            if not after:
                continue
        principal = session.info.get(PRINCIPAL_KEY)
        if not isinstance(principal, Principal):
            raise UnattributedWrite(f"{type(obj).__name__} written without an actor")
        trust_id, school_id = _scope(session, obj)
        rows.append(
            {
                "occurred_at": utcnow(),
                "actor_kind": principal.kind,
                "actor_id": principal.id,
                "actor_label": principal.label,
                "action": action,
                "entity_type": type(obj).__tablename__,
                "entity_id": ",".join(
                    str(v) for v in inspect(obj).mapper.primary_key_from_instance(obj)
                ),
                "trust_id": trust_id,
                "school_id": school_id,
                "before": before,
                "after": after,
            }
        )
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


def record_event(
    session: Session,
    *,
    action: str,
    entity_type: str,
    entity_id: str,
    trust_id: int | None,
    school_id: int | None,
    after: dict[str, Any] | None,
    before: dict[str, Any] | None = None,
) -> None:
    """One audit event for a write that bypasses the ORM (a bulk load), by the session's actor."""
    principal = session.info.get(PRINCIPAL_KEY)
    if not isinstance(principal, Principal):
        raise UnattributedWrite(f"{entity_type} written without an actor")
    session.execute(
        insert(AuditEvent),
        [
            {
                "occurred_at": utcnow(),
                "actor_kind": principal.kind,
                "actor_id": principal.id,
                "actor_label": principal.label,
                "action": action,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "trust_id": trust_id,
                "school_id": school_id,
                "before": before,
                "after": after,
            }
        ],
    )
