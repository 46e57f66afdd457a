"""The tracking measures, worked out by the database: one row per pupil on roll, and every
grid, gap table and flag list is a GROUP BY or a filter over those rows.

The rules (also in the README, "Tracking measures"):

- **Attainment** at a point compares the pupil's step with the age-related expectation (ARE)
  for their year group, subject and the point's slot, on the result's own scale: ``below``,
  ``at`` or ``above``, with the distance in steps. A score scale has no steps: a score at or
  over the scale's expected score is ``at``, under it ``below``. No result, or a recorded
  absence, is ``missing``; a result on a scale with no expectation for that year group is
  ``no_expectation``.
- **Expected gain** between two points is how far the ARE itself moved for the pupil (from
  their year group then to their year group now), so a pupil who keeps pace with expectations
  makes exactly the expected progress; when a scale has no expectations it is the scale's
  expected progress per term times the terms between the points.
- **Progress flag** (rule ``progress-flags/1``, with the scale's tolerance in points), first
  match wins: ``missing`` (no step result at either point), ``not_comparable`` (the two results
  are on different scales), ``no_expectation``, ``stuck`` (no step gained while progress was
  expected), ``falling_behind`` (below ARE now and the gap to ARE widened), ``slow`` (gain below
  the expected gain less the tolerance), ``accelerated`` (gain above the expected gain plus the
  tolerance), otherwise ``expected``. Attainment and progress are separate columns: a pupil
  below ARE who made the expected progress is ``below`` and ``expected``.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from termwise.assessment.models import (
    Assessment,
    Expectation,
    ExpectedProgress,
    Scale,
    ScaleStep,
)
from termwise.orgs.models import YearGroup
from termwise.pupils.models import Enrolment, Gender, Pupil, PupilCharacteristics
from termwise.tracking.models import FlagMute, FlagRule, Prediction, TargetGroupMember

if TYPE_CHECKING:
    from termwise.tracking.choice import Points

RULES = "progress-flags/1"
TERMLY_SLOTS = ("aut", "spr", "sum")
CORE_SUBJECTS = ("reading", "writing", "maths")


class Flag(enum.StrEnum):
    accelerated = "accelerated"
    expected = "expected"
    slow = "slow"
    stuck = "stuck"
    falling_behind = "falling_behind"
    missing = "missing"
    not_comparable = "not_comparable"
    no_expectation = "no_expectation"


# The flags that ask for someone to act, in the order a list of them is read.
CONCERNS = (Flag.stuck, Flag.falling_behind, Flag.slow)


class Attainment(enum.StrEnum):
    above = "above"
    at = "at"
    below = "below"
    missing = "missing"
    no_expectation = "no_expectation"


class Subgroup(enum.StrEnum):
    disadvantaged = "disadvantaged"
    girls = "girls"
    boys = "boys"
    sen = "sen"
    eal = "eal"
    looked_after = "looked_after"
    more_able = "more_able"


@dataclass(frozen=True)
class Cohort:
    """Whose rows: enrolments at these schools in the point's year, optionally narrowed."""

    school_ids: list[int]
    class_id: int | None = None
    year_group: str | None = None
    subgroup: Subgroup | None = None
    # True: the pupils outside the subgroup instead.
    others: bool = False
    target_group_id: int | None = None


@dataclass(frozen=True)
class Shape:
    """What changes the text of ``pupil_rows``' statement. Everything else (subject, points,
    schools, class, year group, target group) is a bound parameter, so every request of one
    shape runs one statement object, built once: SQLAlchemy then finds its compiled SQL by a
    cache key the statement has already worked out."""

    progress: bool
    by_terms: bool
    with_names: bool
    by_class: bool
    by_year_group: bool
    by_target_group: bool
    subgroup: Subgroup | None
    others: bool


def shape(points: Points, cohort: Cohort, *, with_names: bool = False) -> Shape:
    return Shape(
        progress=points.before is not None,
        by_terms=points.terms_between is not None,
        with_names=with_names,
        by_class=cohort.class_id is not None,
        by_year_group=cohort.year_group is not None,
        by_target_group=cohort.target_group_id is not None,
        subgroup=cohort.subgroup,
        others=cohort.others,
    )


def parameters(points: Points, subject: int, cohort: Cohort, key: str = "") -> dict[str, Any]:
    """This request's values for the parameters of ``pupil_rows(shape, key)``."""
    values: dict[str, Any] = {
        "subject": subject,
        "point": points.point.id,
        "slot": points.point.slot,
        "year": points.point.academic_year_id,
        "schools": list(cohort.school_ids),
    }
    if points.before is not None:
        values |= {
            "before": points.before.id,
            "before_slot": points.before.slot,
            "years_between": points.years_between,
            "terms_between": points.terms_between,
        }
    if cohort.class_id is not None:
        values["class"] = cohort.class_id
    if cohort.year_group is not None:
        values["year_group"] = cohort.year_group
    if cohort.target_group_id is not None:
        values["target_group"] = cohort.target_group_id
    return {name + key: value for name, value in values.items()}


class _Parameters:
    """The bound parameters of one ``pupil_rows`` statement; ``key`` tells apart several
    copies of it in one query (one per subject of the combined grid, one per point of a class
    tracker)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, name: str, type_: Any = Integer, *, expanding: bool = False) -> Any:
        return bindparam(name + self.key, type_=type_, expanding=expanding)


@functools.cache
def pupil_rows(shape: Shape, key: str = "") -> Select[Any]:
    """One row per pupil of the cohort with their result, attainment and progress flag. Bind
    ``parameters(points, subject, cohort, key)`` when running it."""
    p = _Parameters(key)
    subject = p("subject")
    e = aliased(Enrolment, name="e")
    yg = aliased(YearGroup, name="yg")
    pc = aliased(PupilCharacteristics, name="pc")
    now = aliased(Assessment, name="now")
    step_now = aliased(ScaleStep, name="step_now")
    scale_now = aliased(Scale, name="scale_now")
    x_now = aliased(Expectation, name="x_now")
    are_now = aliased(ScaleStep, name="are_now")

    attainment = case(
        (
            and_(now.step_id.is_not(None), are_now.id.is_not(None)),
            case(
                (step_now.ordinal < are_now.ordinal, Attainment.below.value),
                (step_now.ordinal == are_now.ordinal, Attainment.at.value),
                else_=Attainment.above.value,
            ),
        ),
        (
            and_(now.score.is_not(None), scale_now.score_expected.is_not(None)),
            case(
                (now.score < scale_now.score_expected, Attainment.below.value),
                else_=Attainment.at.value,
            ),
        ),
        (
            or_(now.step_id.is_not(None), now.score.is_not(None)),
            Attainment.no_expectation.value,
        ),
        else_=Attainment.missing.value,
    ).label("attainment")

    disadvantaged = or_(
        pc.ever6_fsm.is_(True),
        pc.fsm.is_(True),
        pc.looked_after.is_(True),
        pc.pupil_premium.is_(True),
    )
    columns: list[ColumnElement[Any]] = [
        e.pupil_id.label("pupil_id"),
        e.school_id.label("school_id"),
        e.class_id.label("class_id"),
        yg.code.label("year_group"),
        yg.ordinal.label("year_group_ordinal"),
        now.scale_id.label("scale_id"),
        step_now.code.label("step"),
        step_now.ordinal.label("step_ordinal"),
        now.score.label("score"),
        now.non_result.label("non_result"),
        are_now.code.label("are_step"),
        attainment,
        (step_now.ordinal - are_now.ordinal).label("distance"),
        func.coalesce(disadvantaged, False).label("disadvantaged"),
        func.coalesce(pc.sen_status.in_(("sen_support", "ehc_plan")), False).label("sen"),
        func.coalesce(pc.eal, False).label("eal"),
        func.coalesce(pc.looked_after, False).label("looked_after"),
        func.coalesce(pc.more_able, False).label("more_able"),
    ]
    statement = (
        select()
        .select_from(e)
        .join(yg, yg.id == e.year_group_id)
        .join(Pupil, Pupil.id == e.pupil_id)
        .outerjoin(pc, and_(pc.pupil_id == e.pupil_id, pc.academic_year_id == e.academic_year_id))
        .outerjoin(
            now,
            and_(now.pupil_id == e.pupil_id, now.subject_id == subject, now.point_id == p("point")),
        )
        .outerjoin(step_now, step_now.id == now.step_id)
        .outerjoin(scale_now, scale_now.id == now.scale_id)
        .outerjoin(
            x_now,
            and_(
                x_now.scale_id == now.scale_id,
                x_now.subject_id == subject,
                x_now.year_group_id == e.year_group_id,
                x_now.slot == p("slot", String),
            ),
        )
        .outerjoin(are_now, are_now.id == x_now.step_id)
        .where(
            e.academic_year_id == p("year"),
            e.school_id.in_(p("schools", expanding=True)),
        )
    )
    columns.append(Pupil.gender.label("gender"))
    if shape.with_names:
        columns += [
            func.coalesce(Pupil.preferred_first_name, Pupil.legal_first_name).label("first_name"),
            func.coalesce(Pupil.preferred_last_name, Pupil.legal_last_name).label("last_name"),
        ]
    if shape.progress:
        statement, progress = _with_progress(statement, shape, p, e, yg, (now, step_now, are_now))
        columns += progress
        # At most one mute per pupil, subject and point (a unique key): the join adds no rows.
        muted = aliased(FlagMute, name="muted")
        statement = statement.outerjoin(
            muted,
            and_(
                muted.pupil_id == e.pupil_id,
                muted.subject_id == subject,
                muted.point_id == p("point"),
            ),
        )
        columns += [muted.reason.label("muted_reason"), muted.id.label("mute_id")]
    else:
        columns += [
            null().label(name)
            for name in (
                "step_before",
                "scale_before_id",
                "gain",
                "expected_gain",
                "flag",
                "tolerance",
            )
        ]
        columns += [
            null().label("rule_version"),
            null().label("muted_reason"),
            null().label("mute_id"),
        ]
    columns.append(_prediction(p, e, yg))
    statement = statement.add_columns(*columns)
    return _narrowed(statement, shape, p, e, yg, pc, disadvantaged)


def _with_progress(
    statement: Select[Any],
    shape: Shape,
    p: _Parameters,
    e: type[Enrolment],
    yg: type[YearGroup],
    measured: tuple[type[Assessment], type[ScaleStep], type[ScaleStep]],
) -> tuple[Select[Any], list[ColumnElement[Any]]]:
    """Join the earlier result and its ARE, and work out gain, expected gain and the flag."""
    now, step_now, are_now = measured
    subject = p("subject")
    before = aliased(Assessment, name="before")
    step_before = aliased(ScaleStep, name="step_before")
    yg_before = aliased(YearGroup, name="yg_before")
    x_before = aliased(Expectation, name="x_before")
    are_before = aliased(ScaleStep, name="are_before")
    rule = aliased(FlagRule, name="rule")
    progress = aliased(ExpectedProgress, name="per_term")
    default_rule = aliased(FlagRule, name="default_rule")
    statement = (
        statement.outerjoin(
            before,
            and_(
                before.pupil_id == e.pupil_id,
                before.subject_id == subject,
                before.point_id == p("before"),
            ),
        )
        .outerjoin(step_before, step_before.id == before.step_id)
        .outerjoin(yg_before, yg_before.ordinal == yg.ordinal - p("years_between"))
        .outerjoin(
            x_before,
            and_(
                # The ARE then on the scale of the result now: how far the ARE moved for the
                # pupil does not depend on whether they have an earlier result.
                x_before.scale_id == now.scale_id,
                x_before.subject_id == subject,
                x_before.year_group_id == yg_before.id,
                x_before.slot == p("before_slot", String),
            ),
        )
        .outerjoin(are_before, are_before.id == x_before.step_id)
        .outerjoin(rule, rule.scale_id == now.scale_id)
        .outerjoin(default_rule, default_rule.scale_id.is_(None))
        .outerjoin(progress, and_(progress.scale_id == now.scale_id, progress.period == "term"))
    )
    # Points on two different scales cannot be subtracted: such a pair has no gain to report.
    other_scale = now.scale_id != before.scale_id
    gain = case((other_scale, null()), else_=step_now.points - step_before.points)
    by_terms = progress.points * p("terms_between") if shape.by_terms else null()
    expected = case(
        (other_scale, null()), else_=func.coalesce(are_now.points - are_before.points, by_terms)
    )
    tolerance = func.coalesce(rule.tolerance, default_rule.tolerance, 0.0)
    below_now = step_now.ordinal < are_now.ordinal
    flag = case(
        (or_(now.step_id.is_(None), before.step_id.is_(None)), Flag.missing.value),
        (other_scale, Flag.not_comparable.value),
        (expected.is_(None), Flag.no_expectation.value),
        (and_(gain <= 0, expected > 0), Flag.stuck.value),
        (and_(below_now, gain < expected), Flag.falling_behind.value),
        (gain < expected - tolerance, Flag.slow.value),
        (gain > expected + tolerance, Flag.accelerated.value),
        else_=Flag.expected.value,
    )
    columns: list[ColumnElement[Any]] = [
        step_before.code.label("step_before"),
        before.scale_id.label("scale_before_id"),
        cast(gain, Float).label("gain"),
        cast(expected, Float).label("expected_gain"),
        flag.label("flag"),
        cast(tolerance, Float).label("tolerance"),
        func.coalesce(rule.version, default_rule.version).label("rule_version"),
    ]
    return statement, columns


def _prediction(p: _Parameters, e: type[Enrolment], yg: type[YearGroup]) -> ColumnElement[Any]:
    """Whether the teacher predicts the pupil ends the year at or above the summer ARE."""
    predicted = aliased(ScaleStep, name="predicted")
    summer_are = aliased(ScaleStep, name="summer_are")
    return (
        select(case((predicted.ordinal >= summer_are.ordinal, literal(1)), else_=literal(0)))
        .select_from(Prediction)
        .join(predicted, predicted.id == Prediction.step_id)
        .join(
            Expectation,
            and_(
                Expectation.scale_id == predicted.scale_id,
                Expectation.subject_id == p("subject"),
                Expectation.year_group_id == yg.id,
                Expectation.slot == "sum",
            ),
        )
        .join(summer_are, summer_are.id == Expectation.step_id)
        .where(
            Prediction.pupil_id == e.pupil_id,
            Prediction.subject_id == p("subject"),
            Prediction.academic_year_id == p("year"),
        )
        .correlate_except(Prediction, predicted, Expectation, summer_are)
        .scalar_subquery()
        .label("predicted_at")
    )


def _narrowed(
    statement: Select[Any],
    shape: Shape,
    p: _Parameters,
    e: type[Enrolment],
    yg: type[YearGroup],
    pc: type[PupilCharacteristics],
    disadvantaged: ColumnElement[bool],
) -> Select[Any]:
    if shape.by_class:
        statement = statement.where(e.class_id == p("class"))
    if shape.by_year_group:
        statement = statement.where(yg.code == p("year_group", String))
    if shape.by_target_group:
        statement = statement.where(
            exists().where(
                TargetGroupMember.group_id == p("target_group"),
                TargetGroupMember.pupil_id == e.pupil_id,
            )
        )
    if shape.subgroup is not None:
        member = func.coalesce(subgroup_condition(shape.subgroup, pc, disadvantaged), False)
        statement = statement.where(~member if shape.others else member)
    return statement


def subgroup_condition(
    subgroup: Subgroup,
    pc: type[PupilCharacteristics],
    disadvantaged: ColumnElement[bool],
) -> ColumnElement[bool]:
    match subgroup:
        case Subgroup.disadvantaged:
            return disadvantaged
        case Subgroup.girls:
            return Pupil.gender == Gender.female
        case Subgroup.boys:
            return Pupil.gender == Gender.male
        case Subgroup.sen:
            return pc.sen_status.in_(("sen_support", "ehc_plan"))
        case Subgroup.eal:
            return pc.eal.is_(True)
        case Subgroup.looked_after:
            return pc.looked_after.is_(True)
        case Subgroup.more_able:
            return pc.more_able.is_(True)


@functools.cache
def placements(shapes: tuple[Shape, ...]) -> CompoundSelect[Any]:
    """Each pupil's step, attainment and flag at several points (a class tracker, a target
    group's term): one ``UNION ALL`` of ``pupil_rows``, one per point. Bind
    ``placement_parameters``."""
    parts = []
    for index, rows in enumerate(shapes):
        r = pupil_rows(rows, key=f"_at{index}").subquery()
        parts.append(
            select(
                bindparam(f"point_id_at{index}", type_=Integer).label("point_id"),
                bindparam(f"point_ordinal_at{index}", type_=Integer).label("point_ordinal"),
                r.c.pupil_id,
                r.c.first_name,
                r.c.last_name,
                r.c.year_group,
                r.c.scale_id,
                r.c.step,
                r.c.attainment,
                r.c.flag,
            )
        )
    return union_all(*parts)


def placement_shapes(points: list[Points], cohort: Cohort) -> tuple[Shape, ...]:
    return tuple(shape(p, cohort, with_names=True) for p in points)


def placement_parameters(points: list[Points], subject: int, cohort: Cohort) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for index, p in enumerate(points):
        values |= parameters(p, subject, cohort, key=f"_at{index}")
        values |= {f"point_id_at{index}": p.point.id, f"point_ordinal_at{index}": p.point.ordinal}
    return values
