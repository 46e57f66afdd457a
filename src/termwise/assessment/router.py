"""Assessment configuration: subjects, scales (shipped and a trust's own) and a trust's
assessment points, which leaders close once a data collection is complete."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from termwise.assessment.models import (
    AssessmentPoint,
    ExpectedProgress,
    Scale,
    ScaleStep,
    Subject,
)
from termwise.assessment.schemas import (
    PointCreate,
    PointRead,
    PointsCreate,
    ScaleCreate,
    ScaleRead,
    StepRead,
    SubjectRead,
)
from termwise.assessment.statutory import is_statutory
from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.db import utcnow
from termwise.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    Unauthorized,
    Unprocessable,
    responses,
)
from termwise.ids import MAX_ID
from termwise.orgs.dependencies import ReadableTrust
from termwise.orgs.models import AcademicYear, Trust
from termwise.routing import api_router
from termwise.tenancy import Principal, trust_ids_filter

router = api_router(tags=["assessment"])
ERRORS = responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
ScaleId = Annotated[int, Path(ge=1, le=MAX_ID)]
PointId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _configures_trust(principal: Principal, trust: Trust) -> None:
    if not principal.is_platform_admin and not any(
        g.level == "trust" and g.trust_id == trust.id
        for g in principal.grants_with(Permission.assessment_configure)
    ):
        raise Forbidden("Only the trust's leaders and data officers configure assessment.")


@router.get("/subjects", name="subjects:list", response_model=list[SubjectRead], responses=ERRORS)
def list_subjects(session: DbSession, _: CurrentPrincipal) -> list[SubjectRead]:
    subjects = session.scalars(select(Subject).order_by(Subject.ordinal))
    return [SubjectRead.model_validate(s) for s in subjects]


def _visible_scales(principal: Principal) -> ColumnElement[bool]:
    return or_(
        Scale.trust_id.is_(None),
        trust_ids_filter(principal, Permission.orgs_read, Scale.trust_id),
    )


def _scale_reads(session: DbSession, scales: list[Scale]) -> list[ScaleRead]:
    ids = [s.id for s in scales]
    steps: dict[int, list[StepRead]] = {i: [] for i in ids}
    for step in session.scalars(
        select(ScaleStep).where(ScaleStep.scale_id.in_(ids)).order_by(ScaleStep.ordinal)
    ):
        steps[step.scale_id].append(StepRead.model_validate(step))
    progress: dict[int, dict[str, float]] = {i: {} for i in ids}
    for row in session.scalars(select(ExpectedProgress).where(ExpectedProgress.scale_id.in_(ids))):
        progress[row.scale_id][row.period] = row.points
    return [
        ScaleRead(
            id=s.id,
            trust_id=s.trust_id,
            code=s.code,
            name=s.name,
            kind=s.kind,
            score_min=s.score_min,
            score_max=s.score_max,
            score_expected=s.score_expected,
            description=s.description,
            steps=steps[s.id],
            expected_progress=progress[s.id],
        )
        for s in scales
    ]


@router.get("/scales", name="scales:list", response_model=list[ScaleRead], responses=ERRORS)
def list_scales(session: DbSession, principal: CurrentPrincipal) -> list[ScaleRead]:
    scales = list(
        session.scalars(select(Scale).where(_visible_scales(principal)).order_by(Scale.id))
    )
    return _scale_reads(session, scales)


@router.get("/scales/{scale_id}", name="scales:read", response_model=ScaleRead, responses=ERRORS)
def read_scale(session: DbSession, principal: CurrentPrincipal, scale_id: ScaleId) -> ScaleRead:
    scale = session.scalar(select(Scale).where(Scale.id == scale_id, _visible_scales(principal)))
    if scale is None:
        raise NotFound(f"No scale {scale_id} that you can see.")
    return _scale_reads(session, [scale])[0]


@router.post(
    "/trusts/{trust_id}/scales",
    name="scales:create",
    status_code=201,
    response_model=ScaleRead,
    responses=ERRORS,
)
def create_scale(
    session: DbSession, principal: CurrentPrincipal, trust: ReadableTrust, body: ScaleCreate
) -> ScaleRead:
    _configures_trust(principal, trust)
    taken = session.scalar(
        select(Scale.id).where(
            Scale.code == body.code, or_(Scale.trust_id.is_(None), Scale.trust_id == trust.id)
        )
    )
    if taken is not None:
        raise Conflict(f"A scale with the code {body.code!r} already exists.")
    scale = Scale(
        trust_id=trust.id,
        code=body.code,
        name=body.name,
        kind=body.kind,
        score_min=body.score_min,
        score_max=body.score_max,
        score_expected=body.score_expected,
        description=body.description,
    )
    session.add(scale)
    session.flush()
    for ordinal, step in enumerate(body.steps, start=1):
        session.add(
            ScaleStep(
                scale_id=scale.id,
                code=step.code,
                label=step.label,
                points=step.points,
                ordinal=ordinal,
            )
        )
    for period, points in (
        ("year", body.expected_points_per_year),
        ("term", body.expected_points_per_year / 3),
    ):
        session.add(ExpectedProgress(scale_id=scale.id, period=period, points=points))
    session.flush()
    return _scale_reads(session, [scale])[0]


def _point_read(point: AssessmentPoint, year: str) -> PointRead:
    return PointRead(
        id=point.id,
        trust_id=point.trust_id,
        academic_year=year,
        code=point.code,
        name=point.name,
        slot=point.slot,
        ordinal=point.ordinal,
        assessed_on=point.assessed_on,
        closed_at=point.closed_at,
        closed_by=point.closed_by,
        statutory=is_statutory(point.code),
    )


@router.get(
    "/trusts/{trust_id}/assessment-points",
    name="assessment_points:list",
    response_model=list[PointRead],
    responses=ERRORS,
)
def list_points(
    session: DbSession,
    trust: ReadableTrust,
    academic_year: Annotated[str | None, Query(pattern=r"^\d{4}/\d{2}$")] = None,
) -> list[PointRead]:
    statement = (
        select(AssessmentPoint, AcademicYear.code)
        .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
        .where(AssessmentPoint.trust_id == trust.id)
        .order_by(AcademicYear.starts_on, AssessmentPoint.assessed_on, AssessmentPoint.ordinal)
    )
    if academic_year:
        statement = statement.where(AcademicYear.code == academic_year)
    return [_point_read(point, year) for point, year in session.execute(statement)]


@router.post(
    "/trusts/{trust_id}/assessment-points",
    name="assessment_points:create",
    status_code=201,
    response_model=PointRead,
    responses=ERRORS,
)
def create_point(
    session: DbSession,
    principal: CurrentPrincipal,
    trust: ReadableTrust,
    body: PointCreate,
) -> PointRead:
    _configures_trust(principal, trust)
    return _add_point(session, trust, body, "")


@router.post(
    "/trusts/{trust_id}/assessment-points/batch",
    name="assessment_points:create_many",
    status_code=201,
    response_model=list[PointRead],
    responses=ERRORS,
    summary="Add several assessment points at once (a year's calendar): all or none",
)
def create_points(
    session: DbSession,
    principal: CurrentPrincipal,
    trust: ReadableTrust,
    body: PointsCreate,
) -> list[PointRead]:
    _configures_trust(principal, trust)
    return [
        _add_point(session, trust, point, f"/points/{i}") for i, point in enumerate(body.points)
    ]


def _add_point(session: Session, trust: Trust, body: PointCreate, at: str) -> PointRead:
    year = session.scalar(select(AcademicYear).where(AcademicYear.code == body.academic_year))
    if year is None:
        raise NotFound(f"No academic year {body.academic_year}.")
    if not year.starts_on <= body.assessed_on <= year.ends_on:
        raise Unprocessable(
            f"assessed_on must fall within {year.code}.",
            errors=[
                FieldError(
                    pointer=f"{at}/assessed_on",
                    message=f"must fall within {year.code}",
                    code="outside_year",
                )
            ],
        )
    exists = session.scalar(
        select(AssessmentPoint.id).where(
            AssessmentPoint.trust_id == trust.id,
            AssessmentPoint.academic_year_id == year.id,
            AssessmentPoint.code == body.code,
        )
    )
    if exists is not None:
        raise Conflict(
            f"{body.academic_year} already has a point {body.code!r}.",
            errors=[FieldError(pointer=f"{at}/code", message="already taken", code="taken")],
        )
    point = AssessmentPoint(
        trust_id=trust.id,
        academic_year_id=year.id,
        code=body.code,
        name=body.name,
        slot=body.slot or body.code,
        ordinal=body.ordinal,
        assessed_on=body.assessed_on,
    )
    session.add(point)
    session.flush()
    return _point_read(point, year.code)


@router.post(
    "/assessment-points/{point_id}/close",
    name="assessment_points:close",
    response_model=PointRead,
    responses=ERRORS,
    summary="Close a point: results then change only by a leader's correction with a reason",
)
def close_point(session: DbSession, principal: CurrentPrincipal, point_id: PointId) -> PointRead:
    # Closing is idempotent (closing a closed point changes nothing), so it needs no If-Match.
    found = session.execute(
        select(AssessmentPoint, AcademicYear.code, Trust)
        .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
        .join(Trust, Trust.id == AssessmentPoint.trust_id)
        .where(
            AssessmentPoint.id == point_id,
            trust_ids_filter(principal, Permission.orgs_read, AssessmentPoint.trust_id),
        )
    ).first()
    if found is None:
        raise NotFound(f"No assessment point {point_id} that you can see.")
    point, year, trust = found
    _configures_trust(principal, trust)
    if point.closed_at is None:
        point.closed_at = utcnow()
        point.closed_by = principal.label
        session.flush()
    return _point_read(point, year)
