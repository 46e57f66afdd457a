"""The transition matrix: where pupils started (down) against where they are now (across)."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from sqlalchemy import (
    Select,
    func,
    select,
)
from sqlalchemy.orm import Session

from termwise.tracking.aggregates import (
    Disclosure,
    dialect_of,
    ids_of,
    most_used,
    point_of,
    point_read,
    steps_of,
)
from termwise.tracking.choice import Points, Subjects
from termwise.tracking.measures import Cohort, Shape, parameters, pupil_rows, shape
from termwise.tracking.schemas import (
    TransitionCell,
    TransitionMatrix,
)


@functools.cache
def _transition_statement(rows: Shape, dialect: str) -> Select[Any]:
    r = pupil_rows(rows).subquery()
    return (
        select(
            r.c.scale_before_id,
            r.c.step_before,
            r.c.scale_id,
            r.c.step,
            func.count(),
            ids_of(dialect, r.c.pupil_id),
        )
        .where(r.c.step_before.is_not(None), r.c.step.is_not(None))
        .group_by(r.c.scale_before_id, r.c.step_before, r.c.scale_id, r.c.step)
    )


def transition_matrix(
    session: Session,
    school_id: int,
    points: Points,
    subject: Subjects,
    cohort: Cohort,
    disclosure: Disclosure,
) -> TransitionMatrix:
    assert points.before is not None
    groups = session.execute(
        _transition_statement(shape(points, cohort), dialect_of(session)),
        parameters(points, subject.id, cohort),
    ).all()
    from_scales: dict[int, int] = defaultdict(int)
    to_scales: dict[int, int] = defaultdict(int)
    for g in groups:
        from_scales[g.scale_before_id] += g[4]
        to_scales[g.scale_id] += g[4]
    from_scale = most_used(from_scales)
    to_scale = most_used(to_scales)
    before = point_read(session, points.before)
    assert before is not None
    return TransitionMatrix(
        school_id=school_id,
        subject=subject.code,
        year_group=cohort.year_group,
        from_point=before,
        point=point_of(session, points),
        from_rows=steps_of(session, from_scale) if from_scale else [],
        to_columns=list(reversed(steps_of(session, to_scale))) if to_scale else [],
        cells=[
            TransitionCell(
                from_row=g.step_before,
                to_row=g.step,
                count=disclosure.count(g[4]),
                pupil_ids=disclosure.pupils(g[5]),
                suppressed=disclosure.hides(g[4]),
            )
            for g in groups
            if g.scale_before_id == from_scale and g.scale_id == to_scale
        ],
        suppression_threshold=disclosure.threshold,
    )
