"""Interventions over HTTP: for the school's staff with pupil access."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import Subject
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
    refused,
    responses,
)
from termwise.ids import MAX_ID
from termwise.interventions import impact, provision
from termwise.interventions.models import Intervention, InterventionPupil
from termwise.interventions.schemas import (
    ImpactRead,
    InterventionBrief,
    InterventionRead,
    InterventionUpdate,
    InterventionWrite,
    ProvisionMap,
)
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import AcademicYear, School
from termwise.orgs.years import current_academic_year
from termwise.pupils import repository as pupils
from termwise.pupils.models import Enrolment
from termwise.routing import api_router
from termwise.tenancy import Principal, reaches_school, school_ids_filter
from termwise.tracking import exports
from termwise.tracking.exports import ExportFormat

router = api_router(tags=["interventions"])

InterventionId = Annotated[int, Path(ge=1, le=MAX_ID)]
READ = responses(Unauthorized, NotFound, Unprocessable)


def _reaches(principal: Principal, school: School) -> bool:
    """Who is in an intervention is pupil data: the school's staff with pupil access."""
    return reaches_school(principal, Permission.pupils_read, school)


def _read(session: Session, intervention: Intervention) -> InterventionRead:
    code = session.scalar(select(Subject.code).where(Subject.id == intervention.subject_id))
    pupils = session.scalars(
        select(InterventionPupil.pupil_id)
        .where(InterventionPupil.intervention_id == intervention.id)
        .order_by(InterventionPupil.pupil_id)
    )
    return InterventionRead(
        id=intervention.id,
        school_id=intervention.school_id,
        name=intervention.name,
        wave=intervention.wave,
        subject=str(code),
        trigger=intervention.trigger,
        staff_role=intervention.staff_role,
        starts_on=intervention.starts_on,
        ends_on=intervention.ends_on,
        sessions_per_week=intervention.sessions_per_week,
        minutes_per_session=intervention.minutes_per_session,
        cost=intervention.cost,
        pupil_ids=list(pupils),
        meeting_action_id=intervention.meeting_action_id,
        notes=intervention.notes,
        updated_at=intervention.updated_at,
    )


def _found(
    session: Session, principal: Principal, intervention_id: int
) -> tuple[Intervention, School]:
    found = session.execute(
        select(Intervention, School)
        .join(School, School.id == Intervention.school_id)
        .where(Intervention.id == intervention_id)
    ).first()
    if found is None or not _reaches(principal, found[1]):
        raise NotFound(f"No intervention {intervention_id} that you can see.")
    return found[0], found[1]


@router.get(
    "/schools/{school_id}/interventions",
    name="interventions:list",
    response_model=list[InterventionRead],
    responses=READ | responses(Forbidden),
    summary="The school's interventions: who is in what, when, and at what cost",
)
def list_interventions(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool
) -> list[InterventionRead]:
    if not _reaches(principal, school):
        raise Forbidden("Interventions are for the school's staff with pupil access.")
    rows = session.scalars(
        select(Intervention)
        .where(Intervention.school_id == school.id)
        .order_by(Intervention.starts_on.desc(), Intervention.id.desc())
    )
    return [_read(session, i) for i in rows]


@router.post(
    "/schools/{school_id}/interventions",
    name="interventions:create",
    status_code=201,
    response_model=InterventionRead,
    responses=READ | responses(Forbidden) | etag_responses(201),
    summary="Start an intervention for some of the school's pupils",
)
def create_intervention(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    body: InterventionWrite,
    response: Response,
) -> InterventionRead:
    if not _reaches(principal, school):
        raise Forbidden("Interventions are for the school's staff with pupil access.")
    if body.ends_on <= body.starts_on:
        raise refused("/ends_on", "an intervention ends after it starts")
    subject_id = session.scalar(select(Subject.id).where(Subject.code == body.subject))
    if subject_id is None:
        raise refused("/subject", f"unknown subject {body.subject!r}")
    here = set(
        session.scalars(
            select(Enrolment.pupil_id).where(
                Enrolment.school_id == school.id, Enrolment.pupil_id.in_(body.pupil_ids)
            )
        )
    )
    for index, pupil_id in enumerate(body.pupil_ids):
        if pupil_id not in here:
            raise refused(f"/pupil_ids/{index}", "the pupil is not at this school")
    fields = body.model_dump(exclude={"subject", "pupil_ids"})
    intervention = Intervention(
        school_id=school.id, subject_id=subject_id, created_by=principal.label, **fields
    )
    session.add(intervention)
    session.flush()
    session.add_all(
        InterventionPupil(intervention_id=intervention.id, pupil_id=p)
        for p in sorted(set(body.pupil_ids))
    )
    session.flush()
    set_etag(response, intervention)
    return _read(session, intervention)


@router.get(
    "/interventions/{intervention_id}",
    name="interventions:read",
    response_model=InterventionRead,
    responses=READ | etag_responses(),
)
def read_intervention(
    session: DbSession,
    principal: CurrentPrincipal,
    intervention_id: InterventionId,
    response: Response,
) -> InterventionRead:
    intervention, _ = _found(session, principal, intervention_id)
    set_etag(response, intervention)
    return _read(session, intervention)


@router.patch(
    "/interventions/{intervention_id}",
    name="interventions:update",
    response_model=InterventionRead,
    responses=READ | responses(PreconditionFailed, PreconditionRequired) | etag_responses(),
)
def update_intervention(
    session: DbSession,
    principal: CurrentPrincipal,
    intervention_id: InterventionId,
    body: InterventionUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> InterventionRead:
    intervention, _ = _found(session, principal, intervention_id)
    check_if_match(if_match, intervention)
    changes = body.model_dump(exclude_unset=True)
    ends = changes.get("ends_on") or intervention.ends_on
    if ends <= intervention.starts_on:
        raise refused("/ends_on", "ends_on must be after the start")
    for field, value in changes.items():
        if value is not None or field in ("cost", "notes"):
            setattr(intervention, field, value)
    session.flush()
    set_etag(response, intervention)
    return _read(session, intervention)


@router.get(
    "/interventions/{intervention_id}/impact",
    name="interventions:impact",
    response_model=ImpactRead,
    responses=READ,
    summary="Its pupils' progress against what was expected and against similar pupils not in it",
)
def intervention_impact(
    session: DbSession,
    principal: CurrentPrincipal,
    intervention_id: InterventionId,
    match: Annotated[
        list[str] | None,
        Query(description="Also match similar pupils on `disadvantaged` and/or `sen`."),
    ] = None,
    min_comparison: Annotated[int, Query(ge=2, le=100)] = impact.DEFAULT_MINIMUM,
) -> ImpactRead:
    intervention, school = _found(session, principal, intervention_id)
    wanted = frozenset(match or [])
    if not wanted <= {"disadvantaged", "sen"}:
        raise refused("/query/match", "match on disadvantaged or sen")
    return ImpactRead(
        **impact.measure(
            session, intervention, school.trust_id, match=wanted, minimum=min_comparison
        )
    )


@router.get(
    "/pupils/{pupil_id}/interventions",
    name="interventions:of_pupil",
    response_model=list[InterventionBrief],
    responses=READ,
    summary="The interventions a pupil has been in, newest first, at schools where you may see "
    "pupils",
)
def pupil_interventions(
    session: DbSession,
    principal: CurrentPrincipal,
    pupil_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> list[InterventionBrief]:
    pupil = pupils.get_pupil(session, principal, pupil_id)
    where = school_ids_filter(principal, Permission.pupils_read, Intervention.school_id)
    return provision.briefs_by_pupil(session, [pupil.id], where).get(pupil.id, [])


YearQuery = Annotated[
    str | None,
    Query(pattern=r"^\d{4}/\d{2}$", description="e.g. 2026/27; default: the current year."),
]


def _year(session: Session, code: str | None) -> AcademicYear:
    if code is None:
        return current_academic_year(session)
    year = session.scalar(select(AcademicYear).where(AcademicYear.code == code))
    if year is None:
        raise refused("/query/academic_year", f"no academic year {code}")
    return year


@router.get(
    "/schools/{school_id}/provision-map",
    name="interventions:provision_map",
    response_model=ProvisionMap,
    responses=READ | responses(Forbidden),
    summary="The school's provision map: every intervention of a year, who is in it, its cost "
    "and its impact",
)
def provision_map(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    academic_year: YearQuery = None,
) -> ProvisionMap:
    if not _reaches(principal, school):
        raise Forbidden("Interventions are for the school's staff with pupil access.")
    return provision.provision_map(session, school, _year(session, academic_year))


@router.get(
    "/schools/{school_id}/provision-map/export",
    name="interventions:provision_map_export",
    response_class=Response,
    responses=READ
    | responses(Forbidden)
    | {
        200: {
            "description": "A row for each pupil in each intervention",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                exports.XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
    summary="Download the provision map as CSV or Excel",
)
def export_provision_map(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    academic_year: YearQuery = None,
    format: Annotated[ExportFormat, Query()] = "csv",
) -> Response:
    found = provision_map(session, principal, school, academic_year)
    content, media_type = exports.render(provision.table(school, found), format)
    name = exports.filename([school.name, "provision map", found.academic_year], format)
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
