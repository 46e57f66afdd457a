"""Tracker grids, flags, gaps, transition matrices and overviews.

Every route reads through ``Disclosure``: staff who may see the school's pupils get every
number and the pupils behind it; governors, advisers and dashboard clients get aggregates, and
any aggregate over fewer pupils than the suppression threshold comes back as suppressed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Query, Response
from pydantic import BaseModel
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from termwise.assessment.statutory import StageCode
from termwise.auth.dependencies import AppSettings, DbSession
from termwise.auth.roles import Permission
from termwise.errors import Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.ids import MAX_ID, ClassId
from termwise.orgs import repository as orgs
from termwise.orgs.auth import OrgsRead
from termwise.orgs.dependencies import ReadableSchool, ReadableTrust
from termwise.orgs.models import School
from termwise.routing import api_router
from termwise.tenancy import Principal, enrolment_filter, holds_at_school, school_ids_filter
from termwise.tracking import choice, flags, gaps, grid, overview, transition
from termwise.tracking import class_tracker as tracker
from termwise.tracking.access import (
    aggregates_reader,
    check_target_group,
    disclosure_for,
)
from termwise.tracking.aggregates import Disclosure, point_of, point_read
from termwise.tracking.measures import Cohort, Flag, Subgroup
from termwise.tracking.schemas import (
    ClassTracker,
    GapTable,
    Grid,
    PupilFlags,
    TransitionMatrix,
    TrustFlags,
    TrustOverview,
)

router = api_router(tags=["tracking"])

View = TypeVar("View", bound=Callable[..., BaseModel])


def view(path: str, **options: Any) -> Callable[[View], View]:
    """Register a view as a GET route that answers with its model serialised here. Given the
    model, FastAPI would validate it again, in one more thread-pool hop, before serialising it.
    The view stays a plain function returning its model, which the downloads call."""

    def register(function: View) -> View:
        @functools.wraps(function)
        def endpoint(*args: Any, **kwargs: Any) -> Response:
            body = function(*args, **kwargs).model_dump_json()
            return Response(body, media_type="application/json")

        router.get(path, **options)(endpoint)
        return function

    return register


ERRORS = responses(Unauthorized, Forbidden, NotFound, Unprocessable)
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
SubjectQuery = Annotated[
    str,
    Query(
        max_length=30,
        description="A subject code (`reading`, `writing`, `maths` …) or `combined`: at ARE in "
        "all of reading, writing and maths.",
    ),
]
PlainSubjectQuery = Annotated[str, Query(max_length=30, description="A subject code.")]
PointQuery = Annotated[
    int | None,
    Query(ge=1, le=MAX_ID, description="Default: the trust's latest termly point with results."),
]
FromPointQuery = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_ID,
        description="Progress is measured from here. Default: the termly point before `point_id`.",
    ),
]
FromStageQuery = Annotated[
    StageCode | None,
    Query(
        description="Start from the statutory assessment the year group took when younger "
        "(KS1 for Year 6, say) instead of an earlier point; needs `year_group`."
    ),
]
YearGroupQuery = Annotated[str | None, Query(max_length=3, description="R, Y1 … Y13.")]
SubgroupQuery = Annotated[Subgroup | None, Query(description="Only pupils in this subgroup.")]
OthersQuery = Annotated[
    bool, Query(description="With `subgroup`: the pupils outside it instead (the rest).")
]


@view(
    "/schools/{school_id}/tracking/grid",
    name="tracking:school-grid",
    response_model=Grid,
    responses=ERRORS,
    summary="The whole-school grid: year groups across, steps down, the ARE line per column",
)
def school_grid(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    school: ReadableSchool,
    subject: SubjectQuery = "reading",
    point_id: PointQuery = None,
    subgroup: SubgroupQuery = None,
    others: OthersQuery = False,
    target_group_id: OptionalId = None,
) -> Grid:
    aggregates_reader(principal, school)
    asked = choice.measured(session, school.trust_id, subject, point_id, combined=True)
    check_target_group(session, school, target_group_id)
    disclosure = disclosure_for(principal, school, settings.suppression_threshold)
    if subgroup is not None and disclosure.threshold is not None:
        raise Forbidden("Subgroup grids are for staff who may see pupils' characteristics.")
    cohort = Cohort([school.id], subgroup=subgroup, others=others, target_group_id=target_group_id)
    return grid.school_grid(session, school.id, asked.points, asked.subjects, cohort, disclosure)


@view(
    "/schools/{school_id}/tracking/flags",
    name="tracking:school-flags",
    response_model=PupilFlags,
    responses=ERRORS,
    summary="Pupils with their attainment and progress flag, filtered",
)
def school_flags(
    session: DbSession,
    principal: OrgsRead,
    school: ReadableSchool,
    subject: PlainSubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
    flag: Annotated[list[Flag] | None, Query(description="Only these flags.")] = None,
    year_group: YearGroupQuery = None,
    class_id: OptionalId = None,
    subgroup: SubgroupQuery = None,
    target_group_id: OptionalId = None,
    include_muted: bool = False,
) -> PupilFlags:
    whole_school = holds_at_school(
        principal, Permission.pupils_read, school_id=school.id, trust_id=school.trust_id
    )
    # A class teacher sees the flags of their own class, named by class_id.
    own_class = class_id is not None and _reaches_class(session, principal, class_id)
    if not (whole_school or own_class):
        raise Forbidden("Pupil flags are for staff who may see this school's pupils.")
    asked = choice.measured(session, school.trust_id, subject, point_id, from_point_id)
    check_target_group(session, school, target_group_id)
    points = asked.points
    cohort = Cohort(
        [school.id],
        class_id=class_id,
        year_group=year_group,
        subgroup=subgroup,
        target_group_id=target_group_id,
    )
    items = flags.pupil_flags(
        session, points, asked.subjects, cohort, flags=flag, include_muted=include_muted
    )
    return PupilFlags(
        point=point_of(session, points),
        from_point=point_read(session, points.before),
        items=items,
    )


def _reaches_class(session: Session, principal: Principal, class_id: int) -> bool:
    from termwise.pupils.models import Enrolment

    return bool(
        session.scalar(
            select(
                exists().where(
                    Enrolment.class_id == class_id,
                    enrolment_filter(
                        principal, Permission.pupils_read, Enrolment.school_id, Enrolment.class_id
                    ),
                )
            )
        )
    )


@view(
    "/schools/{school_id}/tracking/gaps",
    name="tracking:school-gaps",
    response_model=GapTable,
    responses=ERRORS,
    summary="Each subgroup against the rest: % at ARE, progress, and the gap",
)
def school_gaps(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    school: ReadableSchool,
    subject: PlainSubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
) -> GapTable:
    aggregates_reader(principal, school)
    asked = choice.measured(session, school.trust_id, subject, point_id, from_point_id)
    disclosure = disclosure_for(principal, school, settings.suppression_threshold)
    return gaps.gap_table(
        session, school.id, asked.points, asked.subjects, Cohort([school.id]), disclosure
    )


@view(
    "/schools/{school_id}/tracking/transition",
    name="tracking:school-transition",
    response_model=TransitionMatrix,
    responses=ERRORS,
    summary="Where pupils started (down) against where they are now (across)",
)
def school_transition(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    school: ReadableSchool,
    subject: PlainSubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
    year_group: YearGroupQuery = None,
    from_stage: FromStageQuery = None,
) -> TransitionMatrix:
    aggregates_reader(principal, school)
    if from_stage is not None:
        if from_point_id is not None:
            raise Unprocessable("Name from_point_id or from_stage, not both.")
        if year_group is None:
            raise Unprocessable(
                "from_stage needs year_group: whose statutory results to start from."
            )
        now = choice.measured(session, school.trust_id, subject, point_id)
        point_id = now.points.point.id
        from_point_id = choice.statutory_point(
            session, school.trust_id, now.points.year, year_group, from_stage
        )
    asked = choice.measured(session, school.trust_id, subject, point_id, from_point_id)
    disclosure = disclosure_for(principal, school, settings.suppression_threshold)
    points, subjects = asked.points, asked.subjects
    if points.before is None:
        raise Unprocessable("This point has no earlier point to start from; name from_point_id.")
    return transition.transition_matrix(
        session,
        school.id,
        points,
        subjects,
        Cohort([school.id], year_group=year_group),
        disclosure,
    )


@view(
    "/classes/{class_id}/tracking",
    name="tracking:class-tracker",
    response_model=ClassTracker,
    responses=ERRORS,
    summary="A class's pupils placed on the steps at every termly point of the year",
)
def class_tracker(
    session: DbSession,
    principal: OrgsRead,
    class_id: ClassId,
    subject: PlainSubjectQuery = "reading",
) -> ClassTracker:
    subjects = choice.subjects(session, subject)
    placed = orgs.get_class(session, principal, class_id)
    school_class = placed.school_class
    # A head or trust leader sees every class; only a class teacher needs the look-up.
    if not holds_at_school(
        principal,
        Permission.pupils_read,
        school_id=school_class.school_id,
        trust_id=placed.trust_id,
    ) and not _reaches_class(session, principal, school_class.id):
        raise Forbidden("The class tracker is for staff who may see this class's pupils.")
    return tracker.class_tracker(
        session,
        school_class.id,
        school_class.school_id,
        placed.trust_id,
        placed.academic_year,
        subjects,
    )


def _trust_schools(session: Session, principal: Principal, trust_id: int) -> list[int]:
    schools = list(
        session.scalars(
            select(School.id).where(
                School.trust_id == trust_id,
                school_ids_filter(principal, Permission.aggregates_read, School.id),
            )
        )
    )
    if not schools:
        raise Forbidden("You may not read this trust's tracking (aggregates:read).")
    return schools


def _trust_disclosure(principal: Principal, trust_id: int, threshold: int) -> Disclosure:
    wide = principal.is_platform_admin or any(
        g.level == "trust" and g.trust_id == trust_id
        for g in principal.grants_with(Permission.pupils_read)
    )
    return Disclosure(threshold=None if wide else threshold, show_pupils=False)


@view(
    "/trusts/{trust_id}/tracking/overview",
    name="tracking:trust-overview",
    response_model=TrustOverview,
    responses=ERRORS,
    summary="Each school's headline measures side by side",
)
def trust_overview(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    trust: ReadableTrust,
    subject: SubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
) -> TrustOverview:
    asked = choice.measured(session, trust.id, subject, point_id, from_point_id, combined=True)
    schools = _trust_schools(session, principal, trust.id)
    disclosure = _trust_disclosure(principal, trust.id, settings.suppression_threshold)
    return overview.trust_overview(
        session, trust.id, schools, asked.points, asked.subjects, disclosure
    )


@view(
    "/trusts/{trust_id}/tracking/flags",
    name="tracking:trust-flags",
    response_model=TrustFlags,
    responses=ERRORS,
    summary="Progress flags across the trust, counted per school and year group",
)
def trust_flags(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    trust: ReadableTrust,
    subject: PlainSubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
) -> TrustFlags:
    asked = choice.measured(session, trust.id, subject, point_id, from_point_id)
    schools = _trust_schools(session, principal, trust.id)
    disclosure = _trust_disclosure(principal, trust.id, settings.suppression_threshold)
    points = asked.points
    return TrustFlags(
        trust_id=trust.id,
        subject=subject,
        point=point_of(session, points),
        from_point=point_read(session, points.before),
        counts=flags.flag_counts(session, points, asked.subjects, Cohort(schools), disclosure),
        suppression_threshold=disclosure.threshold,
    )
