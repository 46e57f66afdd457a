"""The catalogue of measures over HTTP: what there is, and one measure's figure for a cohort."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from termwise.auth.dependencies import AppSettings, CurrentPrincipal, DbSession
from termwise.errors import FieldError, NotFound, Unprocessable
from termwise.orgs.auth import OrgsRead
from termwise.orgs.dependencies import ReadableSchool
from termwise.routing import api_router
from termwise.tracking import catalogue
from termwise.tracking.access import aggregates_reader, disclosure_for
from termwise.tracking.aggregates import point_of, point_read
from termwise.tracking.catalogue import CATALOGUE, Evaluator, MeasureError
from termwise.tracking.measures import Subgroup
from termwise.tracking.router import ERRORS, FromPointQuery, OptionalId, PointQuery, SubjectQuery
from termwise.tracking.schemas import MeasureInfo, MeasureRead

router = api_router(tags=["measures"])


def measure_info(measure: catalogue.Measure) -> MeasureInfo:
    return MeasureInfo(
        code=measure.code,
        name=measure.name,
        unit=measure.unit.value,
        better=measure.better.value,
        rule=measure.rule,
        needs=sorted(n.value for n in measure.needs),
        takes_combined=measure.combined,
        low=measure.low,
        high=measure.high,
    )


@router.get(
    "/measures",
    name="measures:list",
    response_model=list[MeasureInfo],
    responses=ERRORS,
    summary="The catalogue: every measure plans, meetings and dashboards can bind to",
)
def list_measures(_: CurrentPrincipal) -> list[MeasureInfo]:
    return [measure_info(m) for m in CATALOGUE.values()]


def refused(error: MeasureError, where: str = "/query") -> Unprocessable:
    return Unprocessable(
        str(error),
        errors=[FieldError(pointer=f"{where}/{error.field}", message=str(error), code="measure")],
    )


@router.get(
    "/schools/{school_id}/measures/{code}",
    name="measures:read",
    response_model=MeasureRead,
    responses=ERRORS,
    summary="One measure for a cohort of the school, a subject and a point, with its pupils",
)
def read_measure(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    school: ReadableSchool,
    code: Annotated[str, Path(max_length=40, pattern=r"^[a-z_]+$")],
    subject: SubjectQuery = "reading",
    year_group: Annotated[
        list[str] | None, Query(max_length=14, description="Repeat for several: R, Y1 … Y13.")
    ] = None,
    subgroup: Annotated[Subgroup | None, Query()] = None,
    target_group_id: OptionalId = None,
    class_id: OptionalId = None,
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
) -> MeasureRead:
    aggregates_reader(principal, school)
    if code not in CATALOGUE:
        raise NotFound(f"No measure {code!r}; GET /api/v1/measures lists them.")
    try:
        bound = catalogue.bind(
            session,
            school_id=school.id,
            trust_id=school.trust_id,
            code=code,
            subject=subject,
            year_groups=[y for y in year_group or [] if y],
            subgroup=subgroup,
            target_group_id=target_group_id,
            class_id=class_id,
            point_id=point_id,
            from_point_id=from_point_id,
        )
    except MeasureError as error:
        raise refused(error) from None
    disclosure = disclosure_for(principal, school, settings.suppression_threshold)
    value = Evaluator(session, school.id, disclosure).evaluate(
        bound.asked, bound.points, bound.subjects
    )
    measure = bound.asked.measure
    return MeasureRead(
        code=measure.code,
        name=measure.name,
        unit=measure.unit.value,
        better=measure.better.value,
        school_id=school.id,
        subject=bound.asked.subject,
        year_groups=list(bound.asked.year_groups),
        subgroup=bound.asked.subgroup,
        target_group_id=bound.asked.target_group_id,
        class_id=bound.asked.class_id,
        point=point_of(session, bound.points),
        from_point=point_read(session, bound.points.before),
        value=value.value,
        predicted_value=value.predicted,
        cohort=value.cohort,
        counted=value.counted,
        pupil_ids=value.pupil_ids,
        suppressed=value.suppressed,
        suppression_threshold=disclosure.threshold,
        rule=catalogue.rule_of(measure),
    )
