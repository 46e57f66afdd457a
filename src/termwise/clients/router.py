"""Routes for a school's or trust's data connections: create, list, rotate, revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Path

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.models import ApiClient, User
from termwise.clients import service
from termwise.clients.schemas import ClientCreate, ClientIssued, ClientRead, ClientRotate
from termwise.errors import Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.ids import MAX_ID
from termwise.orgs.dependencies import ReadableSchool, ReadableTrust
from termwise.orgs.models import Trust
from termwise.routing import api_router

router = api_router(tags=["clients"])

ClientId = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = responses(Unauthorized, Forbidden, NotFound, Unprocessable)
NOT_A_MANAGER = "Only the school's head teacher or its trust's leaders look after its clients."


def _issued(session: DbSession, client: ApiClient, secret: str) -> ClientIssued:
    creator = session.get(User, client.created_by_id) if client.created_by_id else None
    read = service.read(client, creator.email if creator else None)
    return ClientIssued(**read.model_dump(), client_secret=secret)


@router.post(
    "/schools/{school_id}/clients",
    name="clients:create_for_school",
    status_code=201,
    response_model=ClientIssued,
    responses=ERRORS,
    summary="Create an MIS or dashboard client for a school; its secret is shown only here",
)
def create_for_school(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool, body: ClientCreate
) -> ClientIssued:
    if not service.may_manage_school(principal, school):
        raise Forbidden(NOT_A_MANAGER)
    trust = session.get(Trust, school.trust_id)
    assert trust is not None
    client, secret = service.create(session, principal, body, trust=trust, school=school)
    return _issued(session, client, secret)


@router.post(
    "/trusts/{trust_id}/clients",
    name="clients:create_for_trust",
    status_code=201,
    response_model=ClientIssued,
    responses=ERRORS,
    summary="Create a trust-wide dashboard client; its secret is shown only here",
)
def create_for_trust(
    session: DbSession, principal: CurrentPrincipal, trust: ReadableTrust, body: ClientCreate
) -> ClientIssued:
    if not service.may_manage_trust(principal, trust.id):
        raise Forbidden("Only the trust's leaders look after its trust-wide clients.")
    client, secret = service.create(session, principal, body, trust=trust, school=None)
    return _issued(session, client, secret)


@router.get(
    "/schools/{school_id}/clients",
    name="clients:list_for_school",
    response_model=list[ClientRead],
    responses=ERRORS,
    summary="A school's clients, with when each was last used",
)
def list_for_school(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool
) -> list[ClientRead]:
    if not service.may_manage_school(principal, school):
        raise Forbidden(NOT_A_MANAGER)
    return service.reads(session, session.scalars(service.of_school(school.id)).all())


@router.get(
    "/trusts/{trust_id}/clients",
    name="clients:list_for_trust",
    response_model=list[ClientRead],
    responses=ERRORS,
    summary="Every client of a trust and its schools",
)
def list_for_trust(
    session: DbSession, principal: CurrentPrincipal, trust: ReadableTrust
) -> list[ClientRead]:
    if not service.may_manage_trust(principal, trust.id):
        raise Forbidden("Only the trust's leaders see all of its clients.")
    return service.reads(session, session.scalars(service.of_trust(trust.id)).all())


@router.get(
    "/clients/{client_id}",
    name="clients:read",
    response_model=ClientRead,
    responses=ERRORS,
)
def read_client(session: DbSession, principal: CurrentPrincipal, client_id: ClientId) -> ClientRead:
    client = service.get_managed(session, principal, client_id)
    return service.reads(session, [client])[0]


@router.post(
    "/clients/{client_id}/rotate",
    name="clients:rotate",
    response_model=ClientIssued,
    responses=ERRORS,
    summary="Give a client a new secret; the old one works for the grace period chosen",
)
def rotate_client(
    session: DbSession,
    principal: CurrentPrincipal,
    client_id: ClientId,
    body: Annotated[ClientRotate, Body()] = ClientRotate(),
) -> ClientIssued:
    client = service.get_managed(session, principal, client_id)
    if not client.is_active:
        raise Unprocessable("A revoked client cannot be given a new secret; create a new one.")
    secret = service.rotate(session, client, body.grace_hours)
    return _issued(session, client, secret)


@router.post(
    "/clients/{client_id}/revoke",
    name="clients:revoke",
    response_model=ClientRead,
    responses=ERRORS,
    summary="Revoke a client: no more tokens, and the one it holds stops working",
)
def revoke_client(
    session: DbSession, principal: CurrentPrincipal, client_id: ClientId
) -> ClientRead:
    client = service.get_managed(session, principal, client_id)
    service.revoke(session, client)
    return service.reads(session, [client])[0]
