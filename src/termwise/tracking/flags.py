"""Pupil flag lists and the trust's flag counts."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import (
    Select,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import Session

from termwise.tracking import measures
from termwise.tracking.aggregates import (
    Disclosure,
)
from termwise.tracking.choice import Points, Subjects
from termwise.tracking.measures import Cohort, Flag, Shape, parameters, pupil_rows, shape
from termwise.tracking.schemas import (
    FlagCount,
    PupilFlag,
)


@functools.cache
def _flags_statement(rows: Shape, by_flag: bool, include_muted: bool) -> Select[Any]:
    r = pupil_rows(rows).subquery()
    statement = select(r).order_by(r.c.year_group_ordinal, r.c.last_name, r.c.pupil_id)
    if by_flag:
        statement = statement.where(r.c.flag.in_(bindparam("flags", expanding=True)))
    if not include_muted:
        statement = statement.where(r.c.muted_reason.is_(None))
    return statement


def pupil_flags(
    session: Session,
    points: Points,
    subject: Subjects,
    cohort: Cohort,
    *,
    flags: list[Flag] | None,
    include_muted: bool,
) -> list[PupilFlag]:
    values = parameters(points, subject.id, cohort)
    if flags:
        values["flags"] = [f.value for f in flags]
    statement = _flags_statement(shape(points, cohort, with_names=True), bool(flags), include_muted)
    return [
        PupilFlag(
            pupil_id=row.pupil_id,
            first_name=row.first_name,
            last_name=row.last_name,
            school_id=row.school_id,
            year_group=row.year_group,
            class_id=row.class_id,
            subject=subject.code,
            step=row.step,
            step_before=row.step_before,
            are_step=row.are_step,
            attainment=row.attainment,
            distance=row.distance,
            gain=row.gain,
            expected_gain=row.expected_gain,
            flag=row.flag,
            rule=f"{measures.RULES} v{row.rule_version or 1}",
            tolerance=row.tolerance,
            muted_reason=row.muted_reason,
            mute_id=row.mute_id,
        )
        for row in session.execute(statement, values)
    ]


@functools.cache
def _flag_counts_statement(rows: Shape) -> Select[Any]:
    r = pupil_rows(rows).subquery()
    return (
        select(r.c.school_id, r.c.year_group, r.c.year_group_ordinal, r.c.flag, func.count())
        .where(r.c.flag.is_not(None))
        .group_by(r.c.school_id, r.c.year_group, r.c.year_group_ordinal, r.c.flag)
        .order_by(r.c.school_id, r.c.year_group_ordinal, r.c.flag)
    )


def flag_counts(
    session: Session, points: Points, subject: Subjects, cohort: Cohort, disclosure: Disclosure
) -> list[FlagCount]:
    groups = session.execute(
        _flag_counts_statement(shape(points, cohort)), parameters(points, subject.id, cohort)
    ).all()
    return [
        FlagCount(
            school_id=school_id,
            year_group=year_group,
            flag=flag,
            count=disclosure.count(count),
            suppressed=disclosure.hides(count),
        )
        for school_id, year_group, _, flag, count in groups
    ]
