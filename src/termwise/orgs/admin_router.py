"""Setting a trust up: a platform administrator creates it, its leaders edit it and add its
schools, by hand or from the DfE register."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
from termwise.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    responses,
)
from termwise.orgs.dependencies import ReadableTrust
from termwise.orgs.models import School, Trust
from termwise.orgs.register import import_register
from termwise.orgs.schemas import (
    RegisterImport,
    SchoolCreate,
    SchoolRead,
    TrustCreate,
    TrustRead,
    TrustUpdate,
)
from termwise.routing import api_router
from termwise.tenancy import Principal

router = api_router(tags=["organisation"])

WRITE_ERRORS = responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)


def leads_trust(principal: Principal, trust_id: int) -> bool:
    """orgs:write held over the whole trust (a head teacher's school grant is not enough)."""
    return principal.is_platform_admin or any(
        g.level == "trust" and g.trust_id == trust_id
        for g in principal.grants_with(Permission.orgs_write)
    )


def _refuse_if_taken(
    session: Session,
    model: type[Trust] | type[School],
    checks: dict[str, str | None],
    own_id: int | None = None,
) -> None:
    for field, value in checks.items():
        if value is None:
            continue
        column = getattr(model, field)
        row: Trust | School | None = session.scalar(select(model).where(column == value))  # type: ignore[assignment]
        if row is not None and row.id != own_id:
            what = "trust" if model is Trust else "school"
            raise Conflict(
                f"The {field.upper() if field != 'name' else 'name'} {value!r} is already held by "
                f"the {what} '{row.name}'.",
                errors=[FieldError(pointer=f"/{field}", message="already taken", code="taken")],
            )


@router.post(
    "/trusts",
    name="trusts:create",
    status_code=201,
    response_model=TrustRead,
    responses=WRITE_ERRORS,
    summary="Create a trust (platform administrators)",
)
def create_trust(session: DbSession, principal: CurrentPrincipal, body: TrustCreate) -> TrustRead:
    if not principal.is_platform_admin:
        raise Forbidden("Only a platform administrator creates trusts.")
    _refuse_if_taken(session, Trust, {"name": body.name})
    trust = Trust(name=body.name, reference=body.reference)
    session.add(trust)
    session.flush()
    return TrustRead.model_validate(trust)


@router.patch(
    "/trusts/{trust_id}",
    name="trusts:update",
    response_model=TrustRead,
    responses=responses(
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PreconditionFailed,
        PreconditionRequired,
        Unprocessable,
    )
    | etag_responses(),
)
def update_trust(
    session: DbSession,
    principal: CurrentPrincipal,
    trust: ReadableTrust,
    body: TrustUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> TrustRead:
    if not leads_trust(principal, trust.id):
        raise Forbidden("Only the trust's leaders may change its details.")
    check_if_match(if_match, trust)
    changes = body.model_dump(exclude_unset=True)
    _refuse_if_taken(session, Trust, {"name": changes.get("name")}, own_id=trust.id)
    for field, value in changes.items():
        if value is not None or field in ("reference", "retention_years"):
            setattr(trust, field, value)
    session.flush()
    set_etag(response, trust)
    return TrustRead.model_validate(trust)


@router.post(
    "/trusts/{trust_id}/schools",
    name="schools:create",
    status_code=201,
    response_model=SchoolRead,
    responses=WRITE_ERRORS,
    summary="Add a school to a trust",
)
def create_school(
    session: DbSession, principal: CurrentPrincipal, trust: ReadableTrust, body: SchoolCreate
) -> SchoolRead:
    if not leads_trust(principal, trust.id):
        raise Forbidden("Only the trust's leaders may add its schools.")
    _refuse_if_taken(session, School, {"urn": body.urn, "laestab": body.laestab})
    school = School(trust_id=trust.id, **body.model_dump())
    session.add(school)
    session.flush()
    return SchoolRead.model_validate(school)


@router.post(
    "/trusts/{trust_id}/schools/import",
    name="schools:import_register",
    response_model=RegisterImport,
    responses=WRITE_ERRORS,
    summary="Add or update a trust's schools from a DfE register (GIAS) CSV download",
    description=(
        "Takes the CSV that Get Information about Schools exports (UTF-8 or Windows-1252, `,` "
        "or `;`). Needs the columns URN, LA (code), EstablishmentNumber, EstablishmentName, "
        "EstablishmentStatus (name) and PhaseOfEducation (name); others are ignored. Closed "
        "schools are skipped with a reason; any row in error refuses the whole file."
    ),
)
def import_schools(
    session: DbSession,
    principal: CurrentPrincipal,
    trust: ReadableTrust,
    file: Annotated[UploadFile, File(description="The register's CSV download.")],
) -> RegisterImport:
    if not leads_trust(principal, trust.id):
        raise Forbidden("Only the trust's leaders may add its schools.")
    data = file.file.read()
    return import_register(session, trust, data)
