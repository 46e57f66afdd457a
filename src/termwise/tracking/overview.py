"""The trust overview: every school's headline figures side by side."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import (
    Select,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from termwise.orgs.models import School
from termwise.tracking.aggregates import (
    AT_OR_ABOVE,
    GOOD_PROGRESS,
    JUDGED,
    Disclosure,
    count_if,
    point_of,
    point_read,
)
from termwise.tracking.choice import Points, Subjects
from termwise.tracking.grid import combined_parameters, combined_rows
from termwise.tracking.measures import (
    Attainment,
    Cohort,
    Flag,
    Shape,
    parameters,
    pupil_rows,
    shape,
)
from termwise.tracking.schemas import (
    SchoolHeadline,
    TrustOverview,
)


@functools.cache
def _overview_statement(rows: Shape, combined: bool) -> Select[Any]:
    if combined:
        p = combined_rows(rows).subquery()
        return select(
            p.c.school_id,
            func.count(),
            count_if(p.c.band == "all_three"),
            literal(0),
            literal(0),
            literal(0),
            literal(0),
            count_if(p.c.band == "missing"),
        ).group_by(p.c.school_id)
    r = pupil_rows(rows).subquery()
    return select(
        r.c.school_id,
        func.count(),
        count_if(r.c.attainment.in_(AT_OR_ABOVE)),
        count_if(r.c.flag.in_(JUDGED)),
        count_if(r.c.flag.in_(GOOD_PROGRESS)),
        count_if(r.c.flag == Flag.stuck.value),
        count_if(r.c.flag == Flag.falling_behind.value),
        count_if(r.c.attainment == Attainment.missing.value),
    ).group_by(r.c.school_id)


def trust_overview(
    session: Session,
    trust_id: int,
    school_ids: list[int],
    points: Points,
    subject: Subjects,
    disclosure: Disclosure,
) -> TrustOverview:
    cohort = Cohort(school_ids)
    combined = subject.code == "combined"
    values = (
        combined_parameters(points, subject, cohort)
        if combined
        else parameters(points, subject.id, cohort)
    )
    statement = _overview_statement(shape(points, cohort), combined)
    figures = {row[0]: row[1:] for row in session.execute(statement, values)}
    names = dict(
        session.execute(
            select(School.id, School.name).where(School.id.in_(school_ids)).order_by(School.name)
        ).all()
    )
    headlines = []
    for school_id, name in names.items():
        cohort_size, at, judged, good, stuck, behind, missing = figures.get(
            school_id, (0, 0, 0, 0, 0, 0, 0)
        )
        hidden = disclosure.hides(cohort_size)
        progress = not combined
        headlines.append(
            SchoolHeadline(
                school_id=school_id,
                school_name=name,
                cohort=None if hidden else cohort_size,
                percent_at_or_above=disclosure.percent(at, cohort_size),
                percent_expected_or_better=(
                    disclosure.percent(good, judged) if progress and not hidden else None
                ),
                stuck=disclosure.count(stuck) if progress and not hidden else None,
                falling_behind=disclosure.count(behind) if progress and not hidden else None,
                missing=None if hidden else disclosure.count(missing),
                suppressed=hidden,
            )
        )
    return TrustOverview(
        trust_id=trust_id,
        subject=subject.code,
        point=point_of(session, points),
        from_point=point_read(session, points.before),
        schools=headlines,
        suppression_threshold=disclosure.threshold,
    )
