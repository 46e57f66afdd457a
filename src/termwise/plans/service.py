"""Reading a plan with its criteria's live figures; checking what is written to it; signing off
its review (freezing the figures) and carrying it forward into the next term."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentPoint
from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import Permission
from termwise.db import utcnow
from termwise.errors import Conflict, FieldError, NotFound, Unprocessable
from termwise.meetings import term
from termwise.monitoring import service as monitoring
from termwise.orgs.models import AcademicYear, School, SchoolClass, TermName
from termwise.plans import rules
from termwise.plans.models import (
    ActionStatus,
    Criterion,
    Plan,
    PlanAction,
    PlanState,
    Priority,
    Rag,
    Review,
    ReviewedCriterion,
)
from termwise.plans.schemas import (
    ActionRead,
    CriterionRead,
    CriterionWrite,
    MyAction,
    PlanRead,
    PlanSummary,
    PriorityRead,
    ReviewedCriterionRead,
    ReviewRead,
    TermMeetings,
)
from termwise.tenancy import Principal, holds_at_school, reaches_school
from termwise.tracking import catalogue, choice
from termwise.tracking.aggregates import Disclosure, point_read
from termwise.tracking.catalogue import CATALOGUE, Better, Evaluator, MeasureError, Value
from termwise.tracking.measures import TERMLY_SLOTS, Subgroup
from termwise.tracking.schemas import PointRead

TERMS = (TermName.autumn, TermName.spring, TermName.summer)
FROZEN = (PlanState.reviewed, PlanState.archived)


# --- who may do what ---------------------------------------------------------------------------


def reads_plans(principal: Principal, school: School) -> bool:
    """Staff of the school (a class teacher too), its governors, and the trust's leaders."""
    return reaches_school(principal, Permission.plans_read, school)


def sees_pupils(principal: Principal, school: School) -> bool:
    return reaches_school(principal, Permission.pupils_read, school)


def edits_plans(principal: Principal, school: School) -> bool:
    return holds_at_school(
        principal, Permission.plans_write, school_id=school.id, trust_id=school.trust_id
    )


def leads(principal: Principal, action: PlanAction, school: School) -> bool:
    """Whether the caller leads the action: named as its lead, or holding its lead role here."""
    if principal.kind == "user" and action.lead_user_id == principal.id:
        return True
    return action.lead_role is not None and any(
        g.label == action.lead_role and g.school_id == school.id for g in principal.grants
    )


# --- finding things ----------------------------------------------------------------------------


def plan_and_school(session: Session, principal: Principal, plan_id: int) -> tuple[Plan, School]:
    found = session.execute(
        select(Plan, School).join(School, School.id == Plan.school_id).where(Plan.id == plan_id)
    ).first()
    if found is None or not reads_plans(principal, found[1]):
        raise NotFound(f"No plan {plan_id} that you can see.")
    return found[0], found[1]


def writable(plan: Plan) -> None:
    if plan.state in FROZEN:
        raise Conflict(
            f"This plan is {plan.state.value}: its review froze it. Carry it forward to plan "
            "next term."
        )


def academic_year(session: Session, code: str) -> AcademicYear:
    year = session.scalar(select(AcademicYear).where(AcademicYear.code == code))
    if year is None:
        raise Unprocessable(
            f"No academic year {code}.",
            errors=[FieldError(pointer="/academic_year", message="unknown", code="unknown")],
        )
    return year


def active_plan_for(session: Session, plan: Plan) -> Plan | None:
    return session.scalar(
        select(Plan).where(
            Plan.school_id == plan.school_id,
            Plan.academic_year_id == plan.academic_year_id,
            Plan.term == plan.term,
            Plan.state == PlanState.active,
            Plan.id != plan.id,
        )
    )


def refuse_second_active(session: Session, plan: Plan) -> None:
    other = active_plan_for(session, plan)
    if other is not None:
        raise Conflict(
            f"Plan {other.id} (“{other.title}”) is already the active plan for this term; "
            "archive it or return it to draft first.",
            errors=[
                FieldError(pointer="/state", message=f"plan {other.id} is active", code="taken")
            ],
        )


def check_lead(session: Session, school: School, user_id: int | None, pointer: str) -> None:
    """A lead must hold a role at the school (or its trust, or one of its classes)."""
    if user_id is None:
        return
    in_school_classes = select(SchoolClass.id).where(SchoolClass.school_id == school.id)
    held = session.scalar(
        select(RoleAssignment.id).where(
            RoleAssignment.user_id == user_id,
            (RoleAssignment.school_id == school.id)
            | (RoleAssignment.trust_id == school.trust_id)
            | RoleAssignment.class_id.in_(in_school_classes),
        )
    )
    if held is None:
        raise Unprocessable(
            "The lead must be someone with a role at this school.",
            errors=[FieldError(pointer=pointer, message="no role at this school", code="not_here")],
        )


def check_dates(year: AcademicYear, dates: Sequence[tuple[str, date | None]]) -> None:
    for pointer, day in dates:
        if day is not None and not year.starts_on <= day <= year.ends_on:
            raise Unprocessable(
                f"Dates must fall within the plan's academic year {year.code}.",
                errors=[
                    FieldError(pointer=pointer, message=f"outside {year.code}", code="outside_year")
                ],
            )


def check_criterion(
    session: Session, school: School, body: CriterionWrite, at: str = ""
) -> tuple[float | None, Value | None]:
    """Refuse a binding the catalogue cannot work out, naming the field; the value now (for a
    baseline left blank) when it can."""
    if body.measure is None:
        if body.target is not None or body.subject or body.point_id:
            raise Unprocessable(
                "A qualitative criterion has no measure, subject, point or target.",
                errors=[FieldError(pointer=f"{at}/measure", message="required", code="required")],
            )
        return None, None
    if body.point_id is None:
        raise Unprocessable(
            "A criterion bound to a measure needs the point its target is for.",
            errors=[FieldError(pointer=f"{at}/point_id", message="required", code="required")],
        )
    try:
        bound = _bind(session, school, body, body.point_id)
    except MeasureError as error:
        pointer = {"year_groups": "year_groups"}.get(error.field, error.field)
        raise Unprocessable(
            str(error),
            errors=[FieldError(pointer=f"{at}/{pointer}", message=str(error), code="measure")],
        ) from None
    measure = bound.asked.measure
    for name, value in (("baseline", body.baseline), ("target", body.target)):
        if value is not None and not measure.in_range(value):
            raise Unprocessable(
                f"{name} {value:g} is outside what {measure.code} can be.",
                errors=[FieldError(pointer=f"{at}/{name}", message="out of range", code="range")],
            )
    if body.target is None:
        raise Unprocessable(
            "A bound criterion needs a target.",
            errors=[FieldError(pointer=f"{at}/target", message="required", code="required")],
        )
    now = value_now(session, school, body)
    return (now.value if now else None), now


@dataclass(frozen=True)
class _Binding:
    measure: str | None
    subject: str | None
    year_groups: Sequence[str]
    subgroup: str | Subgroup | None
    target_group_id: int | None
    class_id: int | None


def _binding(criterion: Criterion) -> _Binding:
    return _Binding(
        measure=criterion.measure,
        subject=criterion.subject,
        year_groups=criterion.year_groups.split(),
        subgroup=criterion.subgroup,
        target_group_id=criterion.target_group_id,
        class_id=criterion.class_id,
    )


def _bind(
    session: Session,
    school: School,
    binding: _Binding | CriterionWrite,
    point_id: int | None,
    cache: catalogue.BindCache | None = None,
) -> catalogue.Bound:
    assert binding.measure is not None
    return catalogue.bind(
        session,
        cache=cache,
        school_id=school.id,
        trust_id=school.trust_id,
        code=binding.measure,
        subject=binding.subject or "reading",
        year_groups=binding.year_groups,
        subgroup=Subgroup(binding.subgroup) if binding.subgroup else None,
        target_group_id=binding.target_group_id,
        class_id=binding.class_id,
        point_id=point_id,
    )


def value_now(session: Session, school: School, body: CriterionWrite) -> Value | None:
    assert body.measure is not None and body.point_id is not None
    point = session.get(AssessmentPoint, body.point_id)
    assert point is not None
    at = _measured_point(session, school, point)
    if at is None:
        return None
    try:
        bound = _bind(session, school, body, at)
    except MeasureError:
        return None
    full = Disclosure(threshold=None, show_pupils=True)
    return Evaluator(session, school.id, full).evaluate(bound.asked, bound.points, bound.subjects)


def _measured_point(session: Session, school: School, point: AssessmentPoint) -> int | None:
    """The criterion's own point once it has results at the school; until then the trust's
    latest point with results, if that comes before it."""
    has_results = session.scalar(
        select(Assessment.id)
        .where(Assessment.point_id == point.id, Assessment.school_id == school.id)
        .limit(1)
    )
    if has_results is not None:
        return point.id
    try:
        return choice.latest_point(session, school.trust_id)
    except NotFound:
        return None


# --- reading -----------------------------------------------------------------------------------


@dataclass
class _Figure:
    value: Value | None
    measured_at: int | None
    problem: str | None


@dataclass
class _Reading:
    """What working out a plan's figures looks up once, however many criteria share it."""

    evaluator: Evaluator
    binds: catalogue.BindCache = field(default_factory=catalogue.BindCache)
    measured_points: dict[int, int | None] = field(default_factory=dict)


def _figure(session: Session, school: School, criterion: Criterion, reading: _Reading) -> _Figure:
    if criterion.measure is None or criterion.point_id is None:
        return _Figure(None, None, None)
    if criterion.point_id not in reading.measured_points:
        point = session.get(AssessmentPoint, criterion.point_id)
        reading.measured_points[criterion.point_id] = (
            _measured_point(session, school, point) if point is not None else None
        )
    at = reading.measured_points[criterion.point_id]
    if at is None:
        return _Figure(None, None, "no results yet")
    evaluator = reading.evaluator
    try:
        bound = _bind(session, school, _binding(criterion), at, reading.binds)
    except MeasureError as error:
        return _Figure(None, at, str(error))
    return _Figure(evaluator.evaluate(bound.asked, bound.points, bound.subjects), at, None)


def _frozen_figure(judged: ReviewedCriterion | None, disclosure: Disclosure) -> _Figure:
    """A signed-off criterion's figure as the review froze it, disclosed as a live one is."""
    if judged is None or judged.frozen_cohort is None:
        return _Figure(None, judged.frozen_point_id if judged else None, None)
    ids = [int(i) for i in (judged.frozen_pupil_ids or "").split(",") if i]
    hidden = catalogue.withheld(judged.frozen_cohort, len(ids), disclosure)
    value = Value(
        value=None if hidden else judged.frozen_value,
        cohort=None if hidden else judged.frozen_cohort,
        counted=None if hidden else len(ids),
        pupil_ids=ids if disclosure.show_pupils else None,
        suppressed=hidden,
    )
    return _Figure(value, judged.frozen_point_id, None)


def _lower_is_better(code: str | None) -> bool:
    measure = CATALOGUE.get(code or "")
    return measure is not None and measure.better is Better.down


def _points(session: Session, ids: set[int]) -> dict[int, PointRead]:
    found = session.scalars(select(AssessmentPoint).where(AssessmentPoint.id.in_(ids)))
    reads = {p.id: point_read(session, p) for p in found}
    return {k: v for k, v in reads.items() if v is not None}


def criterion_read(
    criterion: Criterion, figure: _Figure, points: dict[int, PointRead]
) -> CriterionRead:
    measure = CATALOGUE.get(criterion.measure or "")
    value = figure.value
    lower = _lower_is_better(criterion.measure)
    return CriterionRead(
        id=criterion.id,
        priority_id=criterion.priority_id,
        ordinal=criterion.ordinal,
        description=criterion.description,
        measure=criterion.measure,
        measure_name=measure.name if measure else None,
        unit=measure.unit.value if measure else None,
        better=measure.better.value if measure else None,
        subject=criterion.subject,
        year_groups=criterion.year_groups.split(),
        subgroup=criterion.subgroup,
        target_group_id=criterion.target_group_id,
        class_id=criterion.class_id,
        point=points.get(criterion.point_id) if criterion.point_id else None,
        baseline=criterion.baseline,
        target=criterion.target,
        manual_value=criterion.manual_value,
        current_value=value.value if value else None,
        predicted_value=value.predicted if value else None,
        cohort=value.cohort if value else None,
        pupil_ids=value.pupil_ids if value else None,
        suppressed=value.suppressed if value else False,
        measured_at=points.get(figure.measured_at) if figure.measured_at else None,
        trajectory=rules.trajectory(
            value.value if value else None,
            value.predicted if value else None,
            criterion.baseline,
            criterion.target,
            lower_is_better=lower,
        )
        if measure
        else "not_known",
        problem=figure.problem,
        carried_from_id=criterion.carried_from_id,
        version=criterion.version,
    )


def read_criterion(
    session: Session, school: School, criterion: Criterion, disclosure: Disclosure
) -> CriterionRead:
    """One criterion as ``read_plan`` shows it, without working out its plan's others."""
    review = session.scalar(select(Review).where(Review.plan_id == criterion.plan_id))
    if review is not None and review.signed_off_at is not None:
        figure = _frozen_figure(_reviewed(session, review).get(criterion.id), disclosure)
    else:
        figure = _figure(
            session, school, criterion, _Reading(Evaluator(session, school.id, disclosure))
        )
    points = _points(session, {i for i in (criterion.point_id, figure.measured_at) if i})
    return criterion_read(criterion, figure, points)


def action_read(action: PlanAction, names: dict[int, str], today: date) -> ActionRead:
    return ActionRead(
        id=action.id,
        plan_id=action.plan_id,
        priority_id=action.priority_id,
        description=action.description,
        lead_user_id=action.lead_user_id,
        lead_name=names.get(action.lead_user_id) if action.lead_user_id else None,
        lead_role=action.lead_role,
        starts_on=action.starts_on,
        due_on=action.due_on,
        resources=action.resources,
        cost=action.cost,
        cpd=action.cpd,
        monitoring=action.monitoring,
        status=action.status,
        status_reason=action.status_reason,
        overdue=is_overdue(action, today),
        carried_from_id=action.carried_from_id,
        version=action.version,
    )


def is_overdue(action: PlanAction, today: date) -> bool:
    return action.due_on < today and action.status not in (ActionStatus.done, ActionStatus.dropped)


def names_of(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def summary(plan: Plan, year: str, names: dict[int, str]) -> PlanSummary:
    return PlanSummary(
        id=plan.id,
        school_id=plan.school_id,
        academic_year=year,
        term=plan.term,
        title=plan.title,
        state=plan.state,
        owner_id=plan.owner_id,
        owner_name=names.get(plan.owner_id) if plan.owner_id else None,
        carried_from_id=plan.carried_from_id,
        updated_at=plan.updated_at,
    )


def read_plan(
    session: Session,
    principal: Principal,
    plan: Plan,
    school: School,
    disclosure: Disclosure,
    evaluator: Evaluator | None = None,
) -> PlanRead:
    """The plan with its figures; pass the ``evaluator`` a page already uses for the school to
    share its reads."""
    priorities = list(
        session.scalars(
            select(Priority)
            .where(Priority.plan_id == plan.id)
            .order_by(Priority.ordinal, Priority.id)
        )
    )
    actions = list(
        session.scalars(
            select(PlanAction)
            .where(PlanAction.plan_id == plan.id)
            .order_by(PlanAction.due_on, PlanAction.id)
        )
    )
    criteria = list(
        session.scalars(
            select(Criterion)
            .where(Criterion.plan_id == plan.id)
            .order_by(Criterion.ordinal, Criterion.id)
        )
    )
    review = session.scalar(select(Review).where(Review.plan_id == plan.id))
    frozen = review is not None and review.signed_off_at is not None
    evaluator = evaluator or Evaluator(session, school.id, disclosure)
    reading = _Reading(evaluator, evaluator.binds)
    judged = _reviewed(session, review)
    figures = {
        c.id: (
            _frozen_figure(judged.get(c.id), disclosure)
            if frozen
            else _figure(session, school, c, reading)
        )
        for c in criteria
    }
    point_ids = {c.point_id for c in criteria if c.point_id}
    point_ids |= {f.measured_at for f in figures.values() if f.measured_at}
    point_ids |= {j.frozen_point_id for j in judged.values() if j.frozen_point_id}
    points = _points(session, point_ids)
    year = session.get(AcademicYear, plan.academic_year_id)
    assert year is not None
    names = names_of(
        session, {a.lead_user_id for a in actions if a.lead_user_id} | {plan.owner_id or 0}
    )
    today = date.today()
    implementation = monitoring.outcomes_by_priority(session, [p.id for p in priorities])
    return PlanRead(
        **summary(plan, year.code, names).model_dump(),
        monitoring_group=plan.monitoring_group,
        external_support=plan.external_support,
        amber_share=plan.amber_share,
        priorities=[
            PriorityRead(
                id=p.id,
                ordinal=p.ordinal,
                title=p.title,
                theme=p.theme,
                phase=p.phase,
                carried_from_id=p.carried_from_id,
                implementation=implementation.get(p.id),
                version=p.version,
            )
            for p in priorities
        ],
        actions=[action_read(a, names, today) for a in actions],
        criteria=[criterion_read(c, figures[c.id], points) for c in criteria],
        review=(
            review_read(
                review,
                plan,
                criteria,
                figures,
                judged,
                points,
                disclosure,
                term.summary(
                    session,
                    school.trust_id,
                    school.id,
                    plan.academic_year_id,
                    plan.term,
                    show_pupils=disclosure.show_pupils,
                ),
            )
            if review
            else None
        ),
        may_edit=edits_plans(principal, school) and plan.state not in FROZEN,
        suppression_threshold=disclosure.threshold,
    )


def _reviewed(session: Session, review: Review | None) -> dict[int, ReviewedCriterion]:
    if review is None:
        return {}
    return {
        r.criterion_id: r
        for r in session.scalars(
            select(ReviewedCriterion).where(ReviewedCriterion.review_id == review.id)
        )
    }


def review_read(
    review: Review,
    plan: Plan,
    criteria: list[Criterion],
    figures: dict[int, _Figure],
    judged: dict[int, ReviewedCriterion],
    points: dict[int, PointRead],
    disclosure: Disclosure,
    meetings: TermMeetings,
) -> ReviewRead:
    frozen = review.signed_off_at is not None
    rows = []
    for c in criteria:
        j = judged.get(c.id)
        if frozen and j is not None:
            ids = [int(i) for i in (j.frozen_pupil_ids or "").split(",") if i]
            cohort = j.frozen_cohort
            hidden = cohort is not None and catalogue.withheld(cohort, len(ids), disclosure)
            value, shown_cohort = (None, None) if hidden else (j.frozen_value, cohort)
            measured_at = j.frozen_point_id
            pupil_ids = ids if disclosure.show_pupils else None
            suggested = j.suggested_rag
        else:
            figure = figures.get(c.id)
            live = figure.value if figure else None
            value = live.value if live else None
            shown_cohort = live.cohort if live else None
            hidden = live.suppressed if live else False
            measured_at = figure.measured_at if figure else None
            pupil_ids = live.pupil_ids if live else None
            suggested = _suggested(c, value, plan)
        rows.append(
            ReviewedCriterionRead(
                criterion_id=c.id,
                value=value,
                cohort=shown_cohort,
                pupil_ids=pupil_ids,
                suppressed=hidden,
                measured_at=points.get(measured_at) if measured_at else None,
                suggested_rag=suggested,
                rag=j.rag if j else None,
                rag_reason=j.rag_reason if j else None,
                evidence=j.evidence if j else None,
                frozen=frozen,
                version=j.version if j else 0,
            )
        )
    return ReviewRead(
        id=review.id,
        evidence=review.evidence,
        successes=review.successes,
        barriers=review.barriers,
        next_steps=review.next_steps,
        attendees=review.attendees,
        minutes=review.minutes,
        signed_off_at=review.signed_off_at,
        signed_off_by=review.signed_off_by,
        criteria=rows,
        prompts=rules.REVIEW_PROMPTS,
        meetings=meetings,
        version=review.version,
    )


def _suggested(criterion: Criterion, value: float | None, plan: Plan) -> Rag | None:
    if criterion.measure is None:
        return None
    return rules.suggested_rag(
        value,
        criterion.baseline,
        criterion.target,
        lower_is_better=_lower_is_better(criterion.measure),
        amber_share=plan.amber_share,
    )


# --- the review: sign-off and carry-forward ----------------------------------------------------


def sign_off(
    session: Session, principal: Principal, plan: Plan, school: School, review: Review
) -> None:
    """Freeze every criterion's figure as it stands, with the pupils behind it, and mark the
    plan reviewed. Later results never change what the review recorded."""
    full = Disclosure(threshold=None, show_pupils=True)
    reading = _Reading(Evaluator(session, school.id, full))
    judged = _reviewed(session, review)
    criteria = session.scalars(select(Criterion).where(Criterion.plan_id == plan.id))
    for c in criteria:
        j = judged.get(c.id)
        if j is None:
            j = ReviewedCriterion(review_id=review.id, criterion_id=c.id)
            session.add(j)
        figure = _figure(session, school, c, reading)
        value = figure.value
        j.frozen_value = value.value if value else None
        j.frozen_cohort = value.cohort if value else None
        j.frozen_pupil_ids = ",".join(str(i) for i in value.pupil_ids or []) if value else None
        j.frozen_point_id = figure.measured_at
        j.suggested_rag = _suggested(c, j.frozen_value, plan)
        if j.rag is None:
            j.rag = j.suggested_rag
    review.signed_off_at = utcnow()
    review.signed_off_by = principal.label
    plan.state = PlanState.reviewed
    session.flush()


def next_term(session: Session, plan: Plan) -> tuple[AcademicYear, TermName]:
    year = session.get(AcademicYear, plan.academic_year_id)
    assert year is not None
    index = TERMS.index(plan.term)
    if index < 2:
        return year, TERMS[index + 1]
    following = session.scalar(
        select(AcademicYear)
        .where(AcademicYear.starts_on > year.starts_on)
        .order_by(AcademicYear.starts_on)
    )
    if following is None:
        raise Unprocessable(f"There is no academic year after {year.code} to plan for.")
    return following, TermName.autumn


def next_point(session: Session, trust_id: int, point_id: int | None) -> int | None:
    """The trust's next termly point after this one, for a criterion carried forward."""
    if point_id is None:
        return None
    point = session.get(AssessmentPoint, point_id)
    year = session.get(AcademicYear, point.academic_year_id) if point else None
    if point is None or year is None:
        return point_id
    later = session.scalar(
        select(AssessmentPoint.id)
        .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
        .where(
            AssessmentPoint.trust_id == trust_id,
            AssessmentPoint.slot.in_(TERMLY_SLOTS),
            (AcademicYear.starts_on > year.starts_on)
            | (
                (AcademicYear.starts_on == year.starts_on)
                & (AssessmentPoint.ordinal > point.ordinal)
            ),
        )
        .order_by(AcademicYear.starts_on, AssessmentPoint.ordinal)
        .limit(1)
    )
    return later if later is not None else point_id


def carry_forward(session: Session, principal: Principal, plan: Plan, school: School) -> Plan:
    """Next term's draft plan: the priorities, the unfinished actions and the unmet criteria
    (re-pointed to the next assessment point, the frozen value as their new baseline), each
    linked to where it came from."""
    if plan.state is not PlanState.reviewed:
        raise Conflict("Only a plan whose review is signed off can be carried forward.")
    already = session.scalar(select(Plan).where(Plan.carried_from_id == plan.id))
    if already is not None:
        raise Conflict(f"This plan was already carried forward into plan {already.id}.")
    year, term = next_term(session, plan)
    made = Plan(
        school_id=plan.school_id,
        academic_year_id=year.id,
        term=term,
        title=f"{term.value.title()} {year.code} plan",
        state=PlanState.draft,
        owner_id=plan.owner_id,
        monitoring_group=plan.monitoring_group,
        external_support=plan.external_support,
        amber_share=plan.amber_share,
        carried_from_id=plan.id,
        created_by=principal.label,
    )
    session.add(made)
    session.flush()
    new_priority: dict[int, int] = {}
    for p in session.scalars(select(Priority).where(Priority.plan_id == plan.id)):
        copy = Priority(plan_id=made.id, ordinal=p.ordinal, title=p.title, theme=p.theme,
                        phase=p.phase, carried_from_id=p.id)  # fmt: skip
        session.add(copy)
        session.flush()
        new_priority[p.id] = copy.id
    unfinished = session.scalars(
        select(PlanAction).where(
            PlanAction.plan_id == plan.id,
            PlanAction.status.not_in((ActionStatus.done, ActionStatus.dropped)),
        )
    )
    for a in unfinished:
        session.add(
            PlanAction(
                plan_id=made.id,
                priority_id=new_priority[a.priority_id],
                description=a.description,
                lead_user_id=a.lead_user_id,
                lead_role=a.lead_role,
                starts_on=None,
                due_on=max(a.due_on, year.starts_on) if a.due_on <= year.ends_on else year.ends_on,
                resources=a.resources,
                cost=a.cost,
                cpd=a.cpd,
                monitoring=a.monitoring,
                status=a.status,
                status_reason=a.status_reason,
                carried_from_id=a.id,
            )
        )
    review = session.scalar(select(Review).where(Review.plan_id == plan.id))
    judged = _reviewed(session, review)
    for c in session.scalars(select(Criterion).where(Criterion.plan_id == plan.id)):
        j = judged.get(c.id)
        if j is not None and j.rag is Rag.green:
            continue
        session.add(
            Criterion(
                plan_id=made.id,
                priority_id=new_priority.get(c.priority_id) if c.priority_id else None,
                ordinal=c.ordinal,
                description=c.description,
                measure=c.measure,
                subject=c.subject,
                year_groups=c.year_groups,
                subgroup=c.subgroup,
                target_group_id=c.target_group_id,
                class_id=c.class_id,
                point_id=next_point(session, school.trust_id, c.point_id),
                baseline=j.frozen_value if j and j.frozen_value is not None else c.baseline,
                target=c.target,
                manual_value=c.manual_value,
                carried_from_id=c.id,
            )
        )
    session.flush()
    return made


# --- my actions --------------------------------------------------------------------------------


def my_actions(session: Session, principal: Principal) -> list[MyAction]:
    """The actions the caller leads, by name or by a role they hold at the school, in plans not
    yet reviewed, soonest due first."""
    if principal.kind != "user":
        return []
    roles_here = {(g.label, g.school_id) for g in principal.grants if g.school_id is not None}
    mine = PlanAction.lead_user_id == principal.id
    by_role = [
        (PlanAction.lead_role == role) & (Plan.school_id == school_id)
        for role, school_id in roles_here
    ]
    rows = session.execute(
        select(PlanAction, Plan, School)
        .join(Plan, Plan.id == PlanAction.plan_id)
        .join(School, School.id == Plan.school_id)
        .where(
            Plan.state.in_((PlanState.draft, PlanState.active)),
            or_(mine, *by_role),
        )
        .order_by(PlanAction.due_on, PlanAction.id)
    ).all()
    names = names_of(session, {a.lead_user_id for a, _, _ in rows if a.lead_user_id})
    today = date.today()
    return [
        MyAction(
            **action_read(action, names, today).model_dump(),
            school_id=school.id,
            school_name=school.name,
            plan_title=plan.title,
        )
        for action, plan, school in rows
    ]
