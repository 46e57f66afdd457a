from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Select, and_, false, or_, select

from termwise.audit.models import AuditEvent
from termwise.auth.dependencies import Authorize, DbSession
from termwise.auth.roles import Permission
from termwise.errors import Forbidden, Unauthorized, Unprocessable, responses
from termwise.pagination import Page, Pagination, paginate
from termwise.routing import api_router
from termwise.tenancy import Principal, school_ids_filter

router = api_router(tags=["audit"])

AuditRead = Annotated[Principal, Depends(Authorize(Permission.audit_read))]


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    actor_kind: str
    actor_id: int | None
    actor_label: str
    action: str
    entity_type: str
    entity_id: str
    trust_id: int | None
    school_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def readable_events(principal: Principal) -> Select[AuditEvent]:
    """A school's events go to whoever reads that school's audit; trust-wide events (the trust
    itself, its users and clients) only to those holding the permission across the trust."""
    if principal.is_platform_admin:
        return select(AuditEvent)
    trust_wide = sorted(
        {g.trust_id for g in principal.grants_with(Permission.audit_read) if g.level == "trust"}
    )
    return select(AuditEvent).where(
        or_(
            school_ids_filter(principal, Permission.audit_read, AuditEvent.school_id),
            and_(AuditEvent.school_id.is_(None), AuditEvent.trust_id.in_(trust_wide))
            if trust_wide
            else false(),
        )
    )


@router.get(
    "/audit-events",
    name="audit_events:list",
    response_model=Page[AuditEventRead],
    responses=responses(Unauthorized, Forbidden, Unprocessable),
)
def list_audit_events(
    session: DbSession,
    principal: AuditRead,
    page: Pagination,
    entity_type: Annotated[str | None, Query(max_length=60)] = None,
    entity_id: Annotated[str | None, Query(max_length=60)] = None,
) -> Page[AuditEventRead]:
    statement = readable_events(principal)
    if entity_type:
        statement = statement.where(AuditEvent.entity_type == entity_type)
    if entity_id:
        statement = statement.where(AuditEvent.entity_id == entity_id)
    rows, cursor = paginate(
        session, statement, page, id_column=AuditEvent.id, updated_column=AuditEvent.occurred_at
    )
    return Page(items=[AuditEventRead.model_validate(e) for e in rows], next_cursor=cursor)
