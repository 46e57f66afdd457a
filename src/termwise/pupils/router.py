from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from sqlalchemy import Select, or_, select

from termwise.assessment.models import Assessment, AssessmentPoint, Subject
from termwise.auth.dependencies import DbSession
from termwise.auth.roles import Permission
from termwise.errors import Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.ids import MAX_ID
from termwise.orgs.models import AcademicYear, YearGroup
from termwise.orgs.years import current_academic_year
from termwise.pagination import Page, Pagination, encode_cursor, paginate
from termwise.pupils import repository
from termwise.pupils.auth import PupilsRead
from termwise.pupils.models import Enrolment, Pupil, PupilCharacteristics, SenStatus
from termwise.pupils.names import search_name
from termwise.pupils.schemas import AssessmentRead, PupilDetail, PupilRead
from termwise.pupils.upn import normalise, upn_kind
from termwise.routing import api_router
from termwise.tenancy import Principal

router = api_router(tags=["pupils"])

READ_ERRORS = responses(Unauthorized, Forbidden, NotFound, Unprocessable)
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
YearQuery = Annotated[
    str | None,
    Query(pattern=r"^\d{4}/\d{2}$", description="Academic year, e.g. 2025/26; default: this year."),
]


def _year_id(session: DbSession, code: str | None) -> int:
    if code is None:
        return current_academic_year(session).id
    year_id = session.scalar(select(AcademicYear.id).where(AcademicYear.code == code))
    if year_id is None:
        raise NotFound(f"No academic year {code}.")
    return year_id


def _search_terms(q: str) -> list[str]:
    return search_name(q).split()


@router.get("/pupils", name="pupils:list", response_model=Page[PupilRead], responses=READ_ERRORS)
def list_pupils(
    session: DbSession,
    principal: PupilsRead,
    page: Pagination,
    academic_year: YearQuery = None,
    school_id: IdFilter = None,
    class_id: IdFilter = None,
    year_group: Annotated[str | None, Query(max_length=3)] = None,
    upn: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Name or UPN; accents and case ignored.")
    ] = None,
    disadvantaged: bool | None = None,
    sen: Annotated[SenStatus | None, Query(description="SEN status in that year.")] = None,
    eal: bool | None = None,
) -> Page[PupilRead]:
    year_id = _year_id(session, academic_year)
    statement = repository.readable_pupils(principal)
    placed = select(Enrolment.pupil_id).where(Enrolment.academic_year_id == year_id)
    if school_id is not None:
        placed = placed.where(Enrolment.school_id == school_id)
    if class_id is not None:
        placed = placed.where(Enrolment.class_id == class_id)
    if year_group is not None:
        placed = placed.join(YearGroup, YearGroup.id == Enrolment.year_group_id).where(
            YearGroup.code == year_group
        )
    statement = statement.where(Pupil.id.in_(placed))
    if upn:
        statement = statement.where(Pupil.upn == normalise(upn))
    if q:
        for term in _search_terms(q):
            statement = statement.where(
                or_(Pupil.search_name.contains(term, autoescape=True), Pupil.upn == term.upper())
            )
    statement = _characteristic_filters(principal, statement, year_id, disadvantaged, sen, eal)
    rows, cursor = paginate(
        session, statement, page, id_column=Pupil.id, updated_column=Pupil.updated_at
    )
    return Page(items=_reads(session, principal, rows, year_id), next_cursor=cursor)


def _characteristic_filters(
    principal: Principal,
    statement: Select[Pupil],
    year_id: int,
    disadvantaged: bool | None,
    sen: SenStatus | None,
    eal: bool | None,
) -> Select[Pupil]:
    if disadvantaged is None and sen is None and eal is None:
        return statement
    if not principal.has(Permission.characteristics_read):
        raise Forbidden("Your role may not filter pupils by their characteristics.")
    traits = select(PupilCharacteristics.pupil_id).where(
        PupilCharacteristics.academic_year_id == year_id
    )
    if disadvantaged is not None:
        flags = or_(
            PupilCharacteristics.ever6_fsm.is_(True),
            PupilCharacteristics.fsm.is_(True),
            PupilCharacteristics.looked_after.is_(True),
            PupilCharacteristics.pupil_premium.is_(True),
        )
        traits = traits.where(flags if disadvantaged else ~flags)
    if sen is not None:
        traits = traits.where(PupilCharacteristics.sen_status == sen)
    if eal is not None:
        traits = traits.where(PupilCharacteristics.eal.is_(eal))
    return statement.where(Pupil.id.in_(traits))


def _reads(
    session: DbSession, principal: Principal, pupils: list[Pupil], year_id: int
) -> list[PupilRead]:
    ids = [p.id for p in pupils]
    placed = repository.enrolments(session, principal, ids, year_id)
    traits = (
        repository.characteristics(session, ids, year_id)
        if principal.has(Permission.characteristics_read)
        else {}
    )
    return [
        PupilRead(
            **_identity(p),
            enrolment=next(iter(placed[p.id]), None),
            characteristics=next(iter(traits.get(p.id, [])), None),
        )
        for p in pupils
    ]


def _identity(p: Pupil) -> dict[str, object]:
    return {
        "id": p.id,
        "upn": p.upn,
        "upn_kind": upn_kind(p.upn) if p.upn else None,
        "legal_first_name": p.legal_first_name,
        "legal_last_name": p.legal_last_name,
        "preferred_first_name": p.preferred_first_name,
        "preferred_last_name": p.preferred_last_name,
        "date_of_birth": p.date_of_birth,
        "gender": p.gender,
        "updated_at": p.updated_at,
    }


@router.get(
    "/pupils/{pupil_id}", name="pupils:read", response_model=PupilDetail, responses=READ_ERRORS
)
def read_pupil(
    session: DbSession,
    principal: PupilsRead,
    pupil_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> PupilDetail:
    pupil = repository.get_pupil(session, principal, pupil_id)
    history = repository.enrolments(session, principal, [pupil.id], None)[pupil.id]
    current_year = current_academic_year(session).code
    current = next((e for e in history if e.academic_year == current_year), None)
    traits = None
    if principal.has(Permission.characteristics_read):
        traits = repository.characteristics(session, [pupil.id], None)[pupil.id]
    return PupilDetail(
        **_identity(pupil),
        enrolment=current,
        characteristics=next((t for t in traits or [] if t.academic_year == current_year), None),
        enrolments=history,
        characteristics_by_year=traits,
    )


@router.get(
    "/assessments",
    name="assessments:list",
    response_model=Page[AssessmentRead],
    responses=READ_ERRORS,
)
def list_assessments(
    session: DbSession,
    principal: PupilsRead,
    page: Pagination,
    pupil_id: IdFilter = None,
    school_id: IdFilter = None,
    subject: Annotated[str | None, Query(max_length=30)] = None,
    academic_year: Annotated[str | None, Query(pattern=r"^\d{4}/\d{2}$")] = None,
    point: Annotated[str | None, Query(max_length=20)] = None,
) -> Page[AssessmentRead]:
    statement = repository.readable_assessments(principal)
    if pupil_id is not None:
        statement = statement.where(Assessment.pupil_id == pupil_id)
    if school_id is not None:
        statement = statement.where(Assessment.school_id == school_id)
    if subject:
        statement = statement.where(Subject.code == subject)
    if academic_year:
        statement = statement.where(AcademicYear.code == academic_year)
    if point:
        statement = statement.where(AssessmentPoint.code == point)
    if page.after_id is not None:
        statement = statement.where(Assessment.id > page.after_id)
    if page.updated_since is not None:
        statement = statement.where(Assessment.recorded_at >= page.updated_since)
    rows = session.execute(statement.order_by(Assessment.id).limit(page.limit + 1)).all()
    items = [repository.assessment_read(tuple(r)) for r in rows[: page.limit]]
    cursor = encode_cursor(items[-1].id) if len(rows) > page.limit and items else None
    return Page(items=items, next_cursor=cursor)
