"""CSV and XLSX downloads of every tracking view.

Each download calls the JSON route's own function, so it asks the same permissions, applies the
same suppression and carries the same numbers; only the layout is new.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query
from fastapi.responses import Response
from sqlalchemy import select

from termwise.auth.dependencies import AppSettings, DbSession
from termwise.ids import ClassId
from termwise.orgs.auth import OrgsRead
from termwise.orgs.dependencies import ReadableSchool, ReadableTrust
from termwise.orgs.models import School, SchoolClass
from termwise.routing import api_router
from termwise.tracking import exports
from termwise.tracking import router as views
from termwise.tracking.exports import ExportFormat, Table
from termwise.tracking.measures import Flag
from termwise.tracking.router import (
    ERRORS,
    FromPointQuery,
    FromStageQuery,
    OptionalId,
    OthersQuery,
    PlainSubjectQuery,
    PointQuery,
    SubgroupQuery,
    SubjectQuery,
    YearGroupQuery,
)

router = api_router(tags=["tracking"])

FormatQuery = Annotated[
    ExportFormat, Query(description="`csv` (UTF-8, for any spreadsheet) or `xlsx` (Excel).")
]
DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The view as a spreadsheet",
        "content": {
            exports.XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


Handler = TypeVar("Handler", bound=Callable[..., Response])


class Download(Response):
    # Documents the default; the charset is added when the response is sent.
    media_type = "text/csv"


def _download(table: Table, format: ExportFormat, name: Sequence[str | None]) -> Response:
    content, media_type = exports.render(table, format)
    return Download(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{exports.filename(name, format)}"'},
    )


def _route(path: str, name: str, summary: str) -> Callable[[Handler], Handler]:
    return router.get(
        path,
        name=name,
        response_class=Download,
        responses=ERRORS | DOWNLOAD,
        summary=summary,
    )


@_route(
    "/schools/{school_id}/tracking/grid/export",
    "tracking:school-grid-export",
    "Download the whole-school grid: steps down, year groups across, the ARE line per column",
)
def school_grid_export(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    school: ReadableSchool,
    subject: SubjectQuery = "reading",
    point_id: PointQuery = None,
    subgroup: SubgroupQuery = None,
    others: OthersQuery = False,
    target_group_id: OptionalId = None,
    format: FormatQuery = "csv",
) -> Response:
    grid = views.school_grid(
        session=session,
        principal=principal,
        settings=settings,
        school=school,
        subject=subject,
        point_id=point_id,
        subgroup=subgroup,
        others=others,
        target_group_id=target_group_id,
    )
    group = (("not " if others else "") + subgroup.value) if subgroup else None
    name = [school.name, subject, *exports.point_parts(grid.point), group, "grid"]
    return _download(exports.grid(grid), format, name)


@_route(
    "/schools/{school_id}/tracking/flags/export",
    "tracking:school-flags-export",
    "Download pupils with their attainment and progress flag, filtered",
)
def school_flags_export(
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
    format: FormatQuery = "csv",
) -> Response:
    flags = views.school_flags(
        session=session,
        principal=principal,
        school=school,
        subject=subject,
        point_id=point_id,
        from_point_id=from_point_id,
        flag=flag,
        year_group=year_group,
        class_id=class_id,
        subgroup=subgroup,
        target_group_id=target_group_id,
        include_muted=include_muted,
    )
    name = [school.name, subject, *exports.point_parts(flags.point), year_group, "flags"]
    return _download(exports.pupil_flags(flags), format, name)


@_route(
    "/schools/{school_id}/tracking/gaps/export",
    "tracking:school-gaps-export",
    "Download each subgroup against the rest: % at ARE, progress, and the gap",
)
def school_gaps_export(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    school: ReadableSchool,
    subject: PlainSubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
    format: FormatQuery = "csv",
) -> Response:
    table = views.school_gaps(
        session=session,
        principal=principal,
        settings=settings,
        school=school,
        subject=subject,
        point_id=point_id,
        from_point_id=from_point_id,
    )
    name = [school.name, subject, *exports.point_parts(table.point), "gaps"]
    return _download(exports.gaps(table), format, name)


@_route(
    "/schools/{school_id}/tracking/transition/export",
    "tracking:school-transition-export",
    "Download where pupils started (down) against where they are now (across)",
)
def school_transition_export(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    school: ReadableSchool,
    subject: PlainSubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
    year_group: YearGroupQuery = None,
    from_stage: FromStageQuery = None,
    format: FormatQuery = "csv",
) -> Response:
    matrix = views.school_transition(
        session=session,
        principal=principal,
        settings=settings,
        school=school,
        subject=subject,
        point_id=point_id,
        from_point_id=from_point_id,
        year_group=year_group,
        from_stage=from_stage,
    )
    name = [school.name, subject, *exports.point_parts(matrix.point), year_group, "transition"]
    return _download(exports.transition(matrix), format, name)


@_route(
    "/classes/{class_id}/tracking/export",
    "tracking:class-tracker-export",
    "Download a class's pupils placed on the steps at every termly point of the year",
)
def class_tracker_export(
    session: DbSession,
    principal: OrgsRead,
    class_id: ClassId,
    subject: PlainSubjectQuery = "reading",
    format: FormatQuery = "csv",
) -> Response:
    tracker = views.class_tracker(
        session=session, principal=principal, class_id=class_id, subject=subject
    )
    # The tracker has already checked the caller may see this class.
    school_class = session.get(SchoolClass, tracker.class_id)
    class_name = school_class.name if school_class else str(tracker.class_id)
    name = [class_name, subject, tracker.academic_year, "tracker"]
    return _download(exports.class_tracker(tracker), format, name)


@_route(
    "/trusts/{trust_id}/tracking/overview/export",
    "tracking:trust-overview-export",
    "Download each school's headline measures side by side",
)
def trust_overview_export(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    trust: ReadableTrust,
    subject: SubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
    format: FormatQuery = "csv",
) -> Response:
    overview = views.trust_overview(
        session=session,
        principal=principal,
        settings=settings,
        trust=trust,
        subject=subject,
        point_id=point_id,
        from_point_id=from_point_id,
    )
    name = [trust.name, subject, *exports.point_parts(overview.point), "overview"]
    return _download(exports.trust_overview(overview), format, name)


@_route(
    "/trusts/{trust_id}/tracking/flags/export",
    "tracking:trust-flags-export",
    "Download progress flags across the trust, counted per school and year group",
)
def trust_flags_export(
    session: DbSession,
    principal: OrgsRead,
    settings: AppSettings,
    trust: ReadableTrust,
    subject: PlainSubjectQuery = "reading",
    point_id: PointQuery = None,
    from_point_id: FromPointQuery = None,
    format: FormatQuery = "csv",
) -> Response:
    flags = views.trust_flags(
        session=session,
        principal=principal,
        settings=settings,
        trust=trust,
        subject=subject,
        point_id=point_id,
        from_point_id=from_point_id,
    )
    ids = {c.school_id for c in flags.counts}
    names = {
        school_id: school_name
        for school_id, school_name in session.execute(
            select(School.id, School.name).where(School.id.in_(ids))
        )
    }
    name = [trust.name, subject, *exports.point_parts(flags.point), "flags"]
    return _download(exports.trust_flags(flags, names), format, name)
