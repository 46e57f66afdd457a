from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
from termwise.errors import (
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    responses,
)
from termwise.ids import TrustFilter
from termwise.orgs import repository
from termwise.orgs.auth import OrgsRead
from termwise.orgs.dependencies import ReadableSchool, ReadableTrust
from termwise.orgs.models import School, SchoolClass, Trust
from termwise.orgs.schemas import (
    AcademicYearRead,
    ClassRead,
    SchoolRead,
    SchoolUpdate,
    TrustRead,
    YearGroupRead,
)
from termwise.pagination import Page, Pagination, paginate
from termwise.routing import api_router
from termwise.tenancy import holds_at_school

router = api_router(tags=["organisation"])

READ_ERRORS = responses(Unauthorized, Forbidden, NotFound, Unprocessable)
READ_WITH_ETAG = READ_ERRORS | etag_responses()


@router.get("/trusts", name="trusts:list", response_model=Page[TrustRead], responses=READ_ERRORS)
def list_trusts(session: DbSession, principal: OrgsRead, page: Pagination) -> Page[TrustRead]:
    rows, cursor = paginate(
        session,
        repository.readable_trusts(principal),
        page,
        id_column=Trust.id,
        updated_column=Trust.updated_at,
    )
    return Page(items=[TrustRead.model_validate(t) for t in rows], next_cursor=cursor)


@router.get(
    "/trusts/{trust_id}", name="trusts:read", response_model=TrustRead, responses=READ_WITH_ETAG
)
def read_trust(trust: ReadableTrust, response: Response) -> TrustRead:
    set_etag(response, trust)
    return TrustRead.model_validate(trust)


@router.get("/schools", name="schools:list", response_model=Page[SchoolRead], responses=READ_ERRORS)
def list_schools(
    session: DbSession,
    principal: OrgsRead,
    page: Pagination,
    trust_id: TrustFilter = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name or URN.")] = None,
) -> Page[SchoolRead]:
    statement = repository.readable_schools(principal)
    if trust_id is not None:
        statement = statement.where(School.trust_id == trust_id)
    if q:
        pattern = f"%{q.strip().lower()}%"
        statement = statement.where(School.name.ilike(pattern) | School.urn.like(pattern))
    rows, cursor = paginate(
        session, statement, page, id_column=School.id, updated_column=School.updated_at
    )
    return Page(items=[SchoolRead.model_validate(s) for s in rows], next_cursor=cursor)


@router.get(
    "/schools/{school_id}", name="schools:read", response_model=SchoolRead, responses=READ_WITH_ETAG
)
def read_school(school: ReadableSchool, response: Response) -> SchoolRead:
    set_etag(response, school)
    return SchoolRead.model_validate(school)


@router.patch(
    "/schools/{school_id}",
    name="schools:update",
    response_model=SchoolRead,
    responses=responses(
        Unauthorized, Forbidden, NotFound, PreconditionFailed, PreconditionRequired, Unprocessable
    )
    | etag_responses(),
)
def update_school(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    body: SchoolUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> SchoolRead:
    if not holds_at_school(
        principal, Permission.orgs_write, school_id=school.id, trust_id=school.trust_id
    ):
        raise Forbidden("Only the school's leaders or its trust may change its details.")
    check_if_match(if_match, school)
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(school, field, value)
    session.flush()
    set_etag(response, school)
    return SchoolRead.model_validate(school)


@router.get(
    "/schools/{school_id}/classes",
    name="classes:list",
    response_model=Page[ClassRead],
    responses=READ_ERRORS,
)
def list_classes(
    session: DbSession,
    principal: OrgsRead,
    school: ReadableSchool,
    page: Pagination,
    academic_year: Annotated[
        str | None, Query(pattern=r"^\d{4}/\d{2}$", description="e.g. 2025/26")
    ] = None,
) -> Page[ClassRead]:
    statement = repository.readable_classes(principal).where(SchoolClass.school_id == school.id)
    if academic_year:
        statement = statement.where(SchoolClass.academic_year.has(code=academic_year))
    rows, cursor = paginate(
        session, statement, page, id_column=SchoolClass.id, updated_column=SchoolClass.updated_at
    )
    teachers = repository.class_teachers(session, [c.id for c in rows])
    items = [
        ClassRead(
            id=c.id,
            school_id=c.school_id,
            academic_year=c.academic_year.code,
            name=c.name,
            year_groups=[y.code for y in c.year_groups],
            teachers=teachers[c.id],
            updated_at=c.updated_at,
        )
        for c in rows
    ]
    return Page(items=items, next_cursor=cursor)


reference_router = api_router(tags=["reference"])


@reference_router.get(
    "/academic-years",
    name="academic_years:list",
    response_model=list[AcademicYearRead],
    responses=responses(Unauthorized),
)
def list_academic_years(
    session: DbSession,
    _: CurrentPrincipal,
    current: Annotated[bool, Query(description="Only the year that contains today.")] = False,
) -> list[AcademicYearRead]:
    years = repository.academic_years(session)
    return [AcademicYearRead.model_validate(y) for y in years if y.is_current or not current]


@reference_router.get(
    "/year-groups",
    name="year_groups:list",
    response_model=list[YearGroupRead],
    responses=responses(Unauthorized),
)
def list_year_groups(session: DbSession, _: CurrentPrincipal) -> list[YearGroupRead]:
    return [YearGroupRead.model_validate(y) for y in repository.year_groups(session)]
