"""A class's pupils placed on the steps at every termly point of the year."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Select,
    select,
)
from sqlalchemy.orm import Session

from termwise.orgs.models import AcademicYear
from termwise.tracking import choice, measures
from termwise.tracking.aggregates import (
    most_used,
    point_of,
    steps_of,
)
from termwise.tracking.choice import Subjects
from termwise.tracking.measures import Cohort, Shape
from termwise.tracking.schemas import (
    ClassTracker,
    GridRow,
    Placement,
    TrackedPupil,
)


def tracked_pupils(placed: Sequence[Any]) -> list[TrackedPupil]:
    """Placement rows (``measures.placements``, a pupil's rows together, in point order) as
    pupils, each with their step, attainment and flag at every point."""
    pupils: dict[int, TrackedPupil] = {}
    for p in placed:
        pupil = pupils.setdefault(
            p.pupil_id,
            TrackedPupil(
                pupil_id=p.pupil_id,
                first_name=p.first_name,
                last_name=p.last_name,
                year_group=p.year_group,
                placements=[],
            ),
        )
        pupil.placements.append(
            Placement(point_id=p.point_id, step=p.step, attainment=p.attainment, flag=p.flag)
        )
    return list(pupils.values())


@functools.cache
def _tracker_statement(shapes: tuple[Shape, ...]) -> Select[Any]:
    u = measures.placements(shapes).subquery()
    return select(u).order_by(u.c.last_name, u.c.pupil_id, u.c.point_ordinal)


def class_tracker(
    session: Session,
    class_id: int,
    school_id: int,
    trust_id: int,
    academic_year: AcademicYear,
    subject: Subjects,
) -> ClassTracker:
    points = choice.termly_points(session, trust_id, academic_year.id)
    cohort = Cohort([school_id], class_id=class_id)
    pupils: list[TrackedPupil] = []
    rows: list[GridRow] = []
    if points:
        placed = session.execute(
            _tracker_statement(measures.placement_shapes(points, cohort)),
            measures.placement_parameters(points, subject.id, cohort),
        ).all()
        pupils = tracked_pupils(placed)
        scales: dict[int, int] = defaultdict(int)
        for p in placed:
            if p.scale_id is not None and p.step is not None:
                scales[p.scale_id] += 1
        scale_id = most_used(scales)
        if scale_id is not None:
            rows = steps_of(session, scale_id)
    return ClassTracker(
        class_id=class_id,
        subject=subject.code,
        academic_year=academic_year.code,
        points=[point_of(session, p) for p in points],
        rows=rows,
        pupils=pupils,
    )
