"""Creating, rotating and revoking machine clients, with the rules on who may."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from termwise import security
from termwise.auth.models import ApiClient, User
from termwise.auth.roles import CLIENT_KIND_PERMISSIONS, ClientKind, Permission
from termwise.clients.schemas import ClientCreate, ClientRead
from termwise.db import utcnow
from termwise.errors import FieldError, NotFound, Unprocessable
from termwise.orgs.models import School, Trust
from termwise.tenancy import Principal, holds_at_school

MANAGE = Permission.clients_manage


def may_manage_school(principal: Principal, school: School) -> bool:
    return holds_at_school(principal, MANAGE, school_id=school.id, trust_id=school.trust_id)


def may_manage_trust(principal: Principal, trust_id: int) -> bool:
    """Trust-level clients are a trust leader's: a grant over the whole trust."""
    return principal.is_platform_admin or any(
        g.level == "trust" and g.trust_id == trust_id for g in principal.grants_with(MANAGE)
    )


def may_manage(principal: Principal, client: ApiClient, school: School | None) -> bool:
    if school is not None:
        return may_manage_school(principal, school)
    return may_manage_trust(principal, client.trust_id)


def create(
    session: Session,
    principal: Principal,
    body: ClientCreate,
    *,
    trust: Trust,
    school: School | None,
) -> tuple[ApiClient, str]:
    if body.kind == ClientKind.mis and school is None:
        raise Unprocessable(
            "An MIS client writes one school's pupils: create it for that school.",
            errors=[
                FieldError(pointer="/kind", message="must be dashboard", code="mis_needs_school")
            ],
        )
    allowed = CLIENT_KIND_PERMISSIONS[body.kind]
    scopes = set(body.scopes) if body.scopes is not None else set(allowed)
    beyond = sorted(p.value for p in scopes - allowed)
    if beyond:
        raise Unprocessable(
            f"A {body.kind.value} client may not be given {', '.join(beyond)}.",
            errors=[
                FieldError(
                    pointer="/scopes",
                    message=f"not allowed for a {body.kind.value} client: {', '.join(beyond)}",
                    code="scope_not_allowed",
                )
            ],
        )
    secret = security.new_secret()
    client = ApiClient(
        client_id=f"{body.kind.value}-{secrets.token_hex(8)}",
        name=body.name,
        kind=body.kind,
        trust_id=trust.id,
        school_id=school.id if school else None,
        scopes=" ".join(sorted(p.value for p in scopes)),
        secret_digest=security.secret_digest(secret),
        created_by_id=principal.id if principal.kind == "user" else None,
    )
    session.add(client)
    session.flush()
    return client, secret


def rotate(session: Session, client: ApiClient, grace_hours: int) -> str:
    """A new secret; the old one keeps working for ``grace_hours`` (none when 0)."""
    secret = security.new_secret()
    client.previous_secret_digest = client.secret_digest if grace_hours else None
    client.previous_valid_until = utcnow() + timedelta(hours=grace_hours) if grace_hours else None
    client.secret_digest = security.secret_digest(secret)
    session.flush()
    return secret


def revoke(session: Session, client: ApiClient) -> None:
    """No more tokens, and a token it holds is refused on its next request (the principal is
    read fresh on each one and an inactive client has none)."""
    if client.revoked_at is None:
        client.is_active = False
        client.revoked_at = utcnow()
        client.previous_secret_digest = None
        client.previous_valid_until = None
        session.flush()


def get_managed(session: Session, principal: Principal, client_id: int) -> ApiClient:
    client = session.get(ApiClient, client_id)
    school = session.get(School, client.school_id) if client and client.school_id else None
    if client is None or not may_manage(principal, client, school):
        raise NotFound(f"No client {client_id} that you look after.")
    return client


def of_school(school_id: int) -> Select[ApiClient]:
    return select(ApiClient).where(ApiClient.school_id == school_id).order_by(ApiClient.id)


def of_trust(trust_id: int) -> Select[ApiClient]:
    return select(ApiClient).where(ApiClient.trust_id == trust_id).order_by(ApiClient.id)


def reads(session: Session, clients: Sequence[ApiClient]) -> list[ClientRead]:
    creators = {c.created_by_id for c in clients if c.created_by_id is not None}
    emails = dict(session.execute(select(User.id, User.email).where(User.id.in_(creators))).all())
    return [read(c, emails.get(c.created_by_id) if c.created_by_id else None) for c in clients]


def read(client: ApiClient, created_by: str | None) -> ClientRead:
    now = utcnow()
    grace = client.previous_valid_until
    return ClientRead(
        id=client.id,
        client_id=client.client_id,
        name=client.name,
        kind=client.kind,
        trust_id=client.trust_id,
        school_id=client.school_id,
        scopes=client.scopes.split(),
        is_active=client.is_active,
        created_at=client.created_at,
        created_by=created_by,
        last_used_at=client.last_used_at,
        previous_secret_valid_until=grace if grace is not None and grace > now else None,
        revoked_at=client.revoked_at,
    )
