"""Raising attainment plans over HTTP.

Leaders (head teacher, senior leaders, trust leaders) write plans; every member of staff reads
their school's, and updates the actions they lead; governors read with small numbers withheld.
Every update sends the ETag it read in If-Match.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Path, Query, Response
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from termwise.audit.router import AuditEventRead
from termwise.auth.dependencies import AppSettings, CurrentPrincipal, DbSession
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
from termwise.db import VersionedMixin, utcnow
from termwise.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    responses,
)
from termwise.ids import MAX_ID
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import AcademicYear, School
from termwise.plans import exports, service
from termwise.plans.models import (
    ActionStatus,
    Criterion,
    Plan,
    PlanAction,
    PlanState,
    Priority,
    Review,
    ReviewedCriterion,
)
from termwise.plans.schemas import (
    ActionCreate,
    ActionRead,
    ActionUpdate,
    CriterionJudgement,
    CriterionRead,
    CriterionUpdate,
    CriterionWrite,
    MyAction,
    PlanCreate,
    PlanRead,
    PlanSummary,
    PlanUpdate,
    PriorityRead,
    PriorityUpdate,
    PriorityWrite,
    ReviewRead,
    ReviewWrite,
)
from termwise.routing import api_router
from termwise.tenancy import Principal
from termwise.tracking.access import disclosure_for
from termwise.tracking.aggregates import Disclosure
from termwise.tracking.exports import ExportFormat

router = api_router(tags=["plans"])

PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
READ = responses(Unauthorized, NotFound, Unprocessable)
WRITE = responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
UPDATE = responses(
    Unauthorized, Forbidden, NotFound, Conflict, PreconditionFailed, PreconditionRequired,
    Unprocessable,
)  # fmt: skip

Row = TypeVar("Row", bound=VersionedMixin)


def _may_write(principal: Principal, school: School) -> None:
    if not service.edits_plans(principal, school):
        raise Forbidden("Only the school's leaders change its plan (plans:write).")


def _full(
    session: Session, principal: Principal, settings: Any, plan: Plan, school: School
) -> PlanRead:
    disclosure = disclosure_for(principal, school, settings.suppression_threshold)
    return service.read_plan(session, principal, plan, school, disclosure)


def _flush_unique(session: Session, plan: Plan) -> None:
    """The database's own guard against two active plans for a term, raced past the check."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict("Another plan became active for this term at the same moment.") from None


# --- plans -------------------------------------------------------------------------------------


@router.get(
    "/schools/{school_id}/plans",
    name="plans:list",
    response_model=list[PlanSummary],
    responses=READ | responses(Forbidden),
    summary="A school's plans, newest term first",
)
def list_plans(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    academic_year: Annotated[str | None, Query(pattern=r"^\d{4}/\d{2}$")] = None,
    state: PlanState | None = None,
) -> list[PlanSummary]:
    if not service.reads_plans(principal, school):
        raise Forbidden("You may not read this school's plans (plans:read).")
    statement = (
        select(Plan, AcademicYear.code)
        .join(AcademicYear, AcademicYear.id == Plan.academic_year_id)
        .where(Plan.school_id == school.id)
        .order_by(AcademicYear.starts_on.desc(), Plan.term.desc(), Plan.id.desc())
    )
    if academic_year:
        statement = statement.where(AcademicYear.code == academic_year)
    if state:
        statement = statement.where(Plan.state == state)
    rows = session.execute(statement).all()
    names = service.names_of(session, {p.owner_id for p, _ in rows if p.owner_id})
    order = {"autumn": 0, "spring": 1, "summer": 2}
    found = [service.summary(p, year, names) for p, year in rows]
    return sorted(found, key=lambda s: (s.academic_year, order[s.term.value], s.id), reverse=True)


@router.post(
    "/schools/{school_id}/plans",
    name="plans:create",
    status_code=201,
    response_model=PlanRead,
    responses=WRITE | etag_responses(201),
    summary="Start a plan for a term, as a draft",
)
def create_plan(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    school: ReadableSchool,
    body: PlanCreate,
    response: Response,
) -> PlanRead:
    _may_write(principal, school)
    year = service.academic_year(session, body.academic_year)
    service.check_lead(session, school, body.owner_id, "/owner_id")
    plan = Plan(
        school_id=school.id,
        academic_year_id=year.id,
        term=body.term,
        title=body.title or f"{body.term.value.title()} {year.code} plan",
        state=PlanState.draft,
        owner_id=body.owner_id or (principal.id if principal.kind == "user" else None),
        monitoring_group=body.monitoring_group,
        external_support=body.external_support,
        created_by=principal.label,
    )
    session.add(plan)
    session.flush()
    set_etag(response, plan)
    return _full(session, principal, settings, plan, school)


@router.get(
    "/plans/{plan_id}",
    name="plans:read",
    response_model=PlanRead,
    responses=READ | etag_responses(),
    summary="A plan with its priorities, actions, criteria (figures live) and review",
)
def read_plan(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    plan_id: PlanId,
    response: Response,
) -> PlanRead:
    plan, school = service.plan_and_school(session, principal, plan_id)
    set_etag(response, plan)
    return _full(session, principal, settings, plan, school)


@router.patch(
    "/plans/{plan_id}",
    name="plans:update",
    response_model=PlanRead,
    responses=UPDATE | etag_responses(),
    summary="Change a plan: its title, owner, monitoring group, or its state",
)
def update_plan(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    plan_id: PlanId,
    body: PlanUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> PlanRead:
    plan, school = service.plan_and_school(session, principal, plan_id)
    _may_write(principal, school)
    check_if_match(if_match, plan)
    changes = body.model_dump(exclude_unset=True)
    state = changes.pop("state", None)
    if plan.state in service.FROZEN and (changes or state not in (None, PlanState.archived)):
        service.writable(plan)
    if "owner_id" in changes:
        service.check_lead(session, school, changes["owner_id"], "/owner_id")
    for field, value in changes.items():
        if value is not None or field in ("monitoring_group", "external_support"):
            setattr(plan, field, value)
    if state is not None and state != plan.state:
        _move(session, plan, PlanState(state))
    _flush_unique(session, plan)
    set_etag(response, plan)
    return _full(session, principal, settings, plan, school)


def _move(session: Session, plan: Plan, state: PlanState) -> None:
    if state is PlanState.reviewed:
        raise Conflict(
            "A plan becomes reviewed when its review is signed off.",
            errors=[FieldError(pointer="/state", message="sign off the review", code="state")],
        )
    if plan.state is PlanState.archived:
        raise Conflict("An archived plan stays archived.")
    if plan.state is PlanState.reviewed and state is not PlanState.archived:
        raise Conflict("A reviewed plan can only be archived.")
    if state is PlanState.active:
        service.refuse_second_active(session, plan)
    plan.state = state


# --- priorities, actions, criteria -------------------------------------------------------------


def _editable_plan(session: Session, principal: Principal, plan_id: int) -> tuple[Plan, School]:
    plan, school = service.plan_and_school(session, principal, plan_id)
    _may_write(principal, school)
    service.writable(plan)
    return plan, school


def _priority_read(p: Priority) -> PriorityRead:
    return PriorityRead(
        id=p.id,
        ordinal=p.ordinal,
        title=p.title,
        theme=p.theme,
        phase=p.phase,
        carried_from_id=p.carried_from_id,
        version=p.version,
    )


@router.post(
    "/plans/{plan_id}/priorities",
    name="priorities:create",
    status_code=201,
    response_model=PriorityRead,
    responses=WRITE,
)
def create_priority(
    session: DbSession, principal: CurrentPrincipal, plan_id: PlanId, body: PriorityWrite
) -> PriorityRead:
    plan, _ = _editable_plan(session, principal, plan_id)
    last = session.scalar(select(func.max(Priority.ordinal)).where(Priority.plan_id == plan.id))
    priority = Priority(
        plan_id=plan.id,
        ordinal=body.ordinal or (last or 0) + 1,
        title=body.title,
        theme=body.theme,
        phase=body.phase,
    )
    session.add(priority)
    session.flush()
    return _priority_read(priority)


def _child(
    session: Session, principal: Principal, model: type[Row], item_id: int, what: str
) -> tuple[Row, Plan, School]:
    row = session.get(model, item_id)
    if row is None:
        raise NotFound(f"No {what} {item_id} that you can see.")
    try:
        plan, school = service.plan_and_school(session, principal, row.plan_id)  # type: ignore[attr-defined]
    except NotFound:
        raise NotFound(f"No {what} {item_id} that you can see.") from None
    return row, plan, school


def _changing(
    session: Session,
    principal: Principal,
    model: type[Row],
    item_id: int,
    what: str,
    if_match: str | None,
) -> tuple[Row, School]:
    """A priority, action or criterion a leader is about to change or remove: readable, the
    plan not frozen, the caller a leader, and the ETag they send current."""
    row, plan, school = _child(session, principal, model, item_id, what)
    _may_write(principal, school)
    service.writable(plan)
    check_if_match(if_match, row)
    return row, school


@router.get(
    "/priorities/{priority_id}",
    name="priorities:read",
    response_model=PriorityRead,
    responses=READ | etag_responses(),
)
def read_priority(
    session: DbSession, principal: CurrentPrincipal, priority_id: ItemId, response: Response
) -> PriorityRead:
    priority, _, _ = _child(session, principal, Priority, priority_id, "priority")
    set_etag(response, priority)
    return _priority_read(priority)


@router.patch(
    "/priorities/{priority_id}",
    name="priorities:update",
    response_model=PriorityRead,
    responses=UPDATE | etag_responses(),
)
def update_priority(
    session: DbSession,
    principal: CurrentPrincipal,
    priority_id: ItemId,
    body: PriorityUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> PriorityRead:
    priority, _school = _changing(session, principal, Priority, priority_id, "priority", if_match)
    for field, value in body.model_dump(exclude_none=True).items():
        setattr(priority, field, value)
    session.flush()
    set_etag(response, priority)
    return _priority_read(priority)


@router.delete(
    "/priorities/{priority_id}",
    name="priorities:delete",
    status_code=204,
    responses=UPDATE,
    summary="Remove a priority with its actions (its criteria stay, under no priority)",
)
def delete_priority(
    session: DbSession, principal: CurrentPrincipal, priority_id: ItemId, if_match: IfMatch = None
) -> Response:
    priority, _school = _changing(session, principal, Priority, priority_id, "priority", if_match)
    for action in session.scalars(select(PlanAction).where(PlanAction.priority_id == priority.id)):
        session.delete(action)
    for criterion in session.scalars(select(Criterion).where(Criterion.priority_id == priority.id)):
        criterion.priority_id = None
    session.delete(priority)
    return Response(status_code=204)


def _action_read(session: Session, action: PlanAction) -> ActionRead:
    names = service.names_of(session, {action.lead_user_id} if action.lead_user_id else set())
    return service.action_read(action, names, date.today())


def _check_priority(session: Session, plan: Plan, priority_id: int | None) -> None:
    """An action or criterion goes under a priority of its own plan."""
    if priority_id is None:
        return
    priority = session.get(Priority, priority_id)
    if priority is None or priority.plan_id != plan.id:
        raise Unprocessable(
            "The priority must be one of this plan's.",
            errors=[_field("/priority_id", "not this plan's", "not_here")],
        )


def _check_action(
    session: Session, plan: Plan, school: School, body: ActionCreate | ActionUpdate
) -> None:
    year = session.get(AcademicYear, plan.academic_year_id)
    assert year is not None
    service.check_dates(year, [("/starts_on", body.starts_on), ("/due_on", body.due_on)])
    service.check_lead(session, school, body.lead_user_id, "/lead_user_id")
    _check_priority(session, plan, body.priority_id)
    if body.status is ActionStatus.dropped and not body.status_reason:
        raise Unprocessable(
            "Say why the action was dropped.",
            errors=[FieldError(pointer="/status_reason", message="required", code="required")],
        )


@router.post(
    "/plans/{plan_id}/actions",
    name="actions:create",
    status_code=201,
    response_model=ActionRead,
    responses=WRITE,
)
def create_action(
    session: DbSession, principal: CurrentPrincipal, plan_id: PlanId, body: ActionCreate
) -> ActionRead:
    plan, school = _editable_plan(session, principal, plan_id)
    _check_action(session, plan, school, body)
    action = PlanAction(plan_id=plan.id, **body.model_dump())
    session.add(action)
    session.flush()
    return _action_read(session, action)


@router.get(
    "/actions/{action_id}",
    name="actions:read",
    response_model=ActionRead,
    responses=READ | etag_responses(),
)
def read_action(
    session: DbSession, principal: CurrentPrincipal, action_id: ItemId, response: Response
) -> ActionRead:
    action, _, _ = _child(session, principal, PlanAction, action_id, "action")
    set_etag(response, action)
    return _action_read(session, action)


LEAD_MAY_CHANGE = {"status", "status_reason"}


@router.patch(
    "/actions/{action_id}",
    name="actions:update",
    response_model=ActionRead,
    responses=UPDATE | etag_responses(),
    summary="Change an action; its lead may change its status",
)
def update_action(
    session: DbSession,
    principal: CurrentPrincipal,
    action_id: ItemId,
    body: ActionUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> ActionRead:
    action, plan, school = _child(session, principal, PlanAction, action_id, "action")
    changes = body.model_dump(exclude_unset=True)
    leader = service.edits_plans(principal, school)
    if not leader and not (
        service.leads(principal, action, school) and set(changes) <= LEAD_MAY_CHANGE
    ):
        raise Forbidden("Leaders change actions; an action's lead may change its status.")
    service.writable(plan)
    check_if_match(if_match, action)
    merged = ActionUpdate.model_validate(
        {"due_on": action.due_on, "starts_on": action.starts_on, **changes}
    )
    if merged.status is None and action.status is ActionStatus.dropped:
        merged.status = ActionStatus.dropped
    if merged.status_reason is None and "status_reason" not in changes:
        merged.status_reason = action.status_reason
    _check_action(session, plan, school, merged)
    if merged.due_on and merged.starts_on and merged.starts_on > merged.due_on:
        raise Unprocessable(
            "The action cannot start after it is due.",
            errors=[FieldError(pointer="/starts_on", message="after due_on", code="order")],
        )
    for field, value in changes.items():
        if value is not None or field not in ("description", "due_on", "status", "priority_id"):
            setattr(action, field, value)
    session.flush()
    set_etag(response, action)
    return _action_read(session, action)


@router.delete("/actions/{action_id}", name="actions:delete", status_code=204, responses=UPDATE)
def delete_action(
    session: DbSession, principal: CurrentPrincipal, action_id: ItemId, if_match: IfMatch = None
) -> Response:
    action, _school = _changing(session, principal, PlanAction, action_id, "action", if_match)
    session.delete(action)
    return Response(status_code=204)


def _criterion_read(
    session: Session, principal: Principal, settings: Any, criterion: Criterion, school: School
) -> CriterionRead:
    disclosure = disclosure_for(principal, school, settings.suppression_threshold)
    return service.read_criterion(session, school, criterion, disclosure)


@router.post(
    "/plans/{plan_id}/success-criteria",
    name="criteria:create",
    status_code=201,
    response_model=CriterionRead,
    responses=WRITE,
    summary="Add a success criterion, bound to a measure (its baseline filled from the data "
    "when left blank) or qualitative",
)
def create_criterion(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    plan_id: PlanId,
    body: CriterionWrite,
) -> CriterionRead:
    plan, school = _editable_plan(session, principal, plan_id)
    _check_priority(session, plan, body.priority_id)
    now, _ = service.check_criterion(session, school, body)
    last = session.scalar(select(func.max(Criterion.ordinal)).where(Criterion.plan_id == plan.id))
    criterion = Criterion(
        plan_id=plan.id,
        priority_id=body.priority_id,
        ordinal=(last or 0) + 1,
        description=body.description,
        measure=body.measure,
        subject=(body.subject or "reading") if body.measure else None,
        year_groups=" ".join(body.year_groups),
        subgroup=body.subgroup.value if body.subgroup else None,
        target_group_id=body.target_group_id,
        class_id=body.class_id,
        point_id=body.point_id,
        baseline=body.baseline if body.baseline is not None else now,
        target=body.target,
        manual_value=body.manual_value,
    )
    session.add(criterion)
    session.flush()
    return _criterion_read(session, principal, settings, criterion, school)


@router.get(
    "/success-criteria/{criterion_id}",
    name="criteria:read",
    response_model=CriterionRead,
    responses=READ | etag_responses(),
)
def read_criterion(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    criterion_id: ItemId,
    response: Response,
) -> CriterionRead:
    criterion, _, school = _child(session, principal, Criterion, criterion_id, "criterion")
    set_etag(response, criterion)
    return _criterion_read(session, principal, settings, criterion, school)


@router.patch(
    "/success-criteria/{criterion_id}",
    name="criteria:update",
    response_model=CriterionRead,
    responses=UPDATE | etag_responses(),
)
def update_criterion(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    criterion_id: ItemId,
    body: CriterionUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> CriterionRead:
    criterion, school = _changing(
        session, principal, Criterion, criterion_id, "criterion", if_match
    )
    changes = body.model_dump(exclude_unset=True)
    if criterion.measure is not None:
        check = CriterionWrite(
            description=changes.get("description") or criterion.description,
            measure=criterion.measure,
            subject=criterion.subject,
            year_groups=criterion.year_groups.split(),
            subgroup=criterion.subgroup,
            target_group_id=criterion.target_group_id,
            class_id=criterion.class_id,
            point_id=changes.get("point_id") or criterion.point_id,
            baseline=changes.get("baseline", criterion.baseline),
            target=changes.get("target", criterion.target),
        )
        service.check_criterion(session, school, check)
    for field, value in changes.items():
        if value is not None or field in ("manual_value", "baseline"):
            setattr(criterion, field, value)
    session.flush()
    set_etag(response, criterion)
    return _criterion_read(session, principal, settings, criterion, school)


@router.delete(
    "/success-criteria/{criterion_id}", name="criteria:delete", status_code=204, responses=UPDATE
)
def delete_criterion(
    session: DbSession,
    principal: CurrentPrincipal,
    criterion_id: ItemId,
    if_match: IfMatch = None,
) -> Response:
    criterion, _school = _changing(
        session, principal, Criterion, criterion_id, "criterion", if_match
    )
    session.delete(criterion)
    return Response(status_code=204)


# --- the review --------------------------------------------------------------------------------


def _review(session: Session, plan: Plan) -> Review:
    review = session.scalar(select(Review).where(Review.plan_id == plan.id))
    if review is None:
        raise NotFound("This plan has no review yet: start one.")
    return review


def _review_read(
    session: Session, principal: Principal, settings: Any, plan: Plan, school: School
) -> ReviewRead:
    read = _full(session, principal, settings, plan, school)
    assert read.review is not None
    return read.review


@router.post(
    "/plans/{plan_id}/review",
    name="reviews:create",
    status_code=201,
    response_model=ReviewRead,
    responses=WRITE,
    summary="Start the termly review of an active plan",
)
def start_review(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    plan_id: PlanId,
) -> ReviewRead:
    plan, school = _editable_plan(session, principal, plan_id)
    if plan.state is not PlanState.active:
        raise Conflict("Only an active plan is reviewed; make it active first.")
    if session.scalar(select(Review.id).where(Review.plan_id == plan.id)) is not None:
        raise Conflict("This plan's review has already been started.")
    session.add(Review(plan_id=plan.id))
    session.flush()
    return _review_read(session, principal, settings, plan, school)


@router.get(
    "/plans/{plan_id}/review",
    name="reviews:read",
    response_model=ReviewRead,
    responses=READ | etag_responses(),
)
def read_review(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    plan_id: PlanId,
    response: Response,
) -> ReviewRead:
    plan, school = service.plan_and_school(session, principal, plan_id)
    review = _review(session, plan)
    set_etag(response, review)
    return _review_read(session, principal, settings, plan, school)


@router.patch(
    "/plans/{plan_id}/review",
    name="reviews:update",
    response_model=ReviewRead,
    responses=UPDATE | etag_responses(),
    summary="Write the review (evidence, successes, barriers, next steps, a RAG per criterion) "
    "and sign it off: its figures, RAGs and pupils are then frozen and the plan reviewed",
)
def update_review(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    plan_id: PlanId,
    body: ReviewWrite,
    response: Response,
    if_match: IfMatch = None,
) -> ReviewRead:
    plan, school = service.plan_and_school(session, principal, plan_id)
    _may_write(principal, school)
    review = _review(session, plan)
    if review.signed_off_at is not None:
        raise Conflict("This review is signed off: it can no longer be changed.")
    check_if_match(if_match, review)
    changes = body.model_dump(exclude_unset=True, exclude={"criteria", "sign_off"})
    for field, value in changes.items():
        setattr(review, field, value)
    if body.criteria:
        _judge(session, principal, plan, school, review, body.criteria)
        # A judgement alone still changes the review, so its ETag moves.
        review.updated_at = utcnow()
    session.flush()
    if body.sign_off:
        service.sign_off(session, principal, plan, school, review)
    set_etag(response, review)
    return _review_read(session, principal, settings, plan, school)


def _judge(
    session: Session,
    principal: Principal,
    plan: Plan,
    school: School,
    review: Review,
    judgements: list[CriterionJudgement],
) -> None:
    """Each criterion's RAG, with a reason where it differs from the one the data suggests."""
    full = Disclosure(threshold=None, show_pupils=True)
    read = service.read_plan(session, principal, plan, school, full)
    assert read.review is not None
    suggested = {c.criterion_id: c.suggested_rag for c in read.review.criteria}
    existing = {
        r.criterion_id: r
        for r in session.scalars(
            select(ReviewedCriterion).where(ReviewedCriterion.review_id == review.id)
        )
    }
    for index, judgement in enumerate(judgements):
        at = f"/criteria/{index}"
        if judgement.criterion_id not in suggested:
            raise Unprocessable(
                "That criterion is not one of this plan's.",
                errors=[_field(f"{at}/criterion_id", "not this plan's", "not_here")],
            )
        hint = suggested[judgement.criterion_id]
        differs = judgement.rag is not None and hint is not None and judgement.rag != hint
        if differs and not judgement.rag_reason:
            raise Unprocessable(
                "Say why your RAG differs from the one the data suggests.",
                errors=[_field(f"{at}/rag_reason", "required", "required")],
            )
        row = existing.get(judgement.criterion_id)
        if row is None:
            row = ReviewedCriterion(review_id=review.id, criterion_id=judgement.criterion_id)
            session.add(row)
        row.rag = judgement.rag
        row.rag_reason = judgement.rag_reason
        row.evidence = judgement.evidence


def _field(pointer: str, message: str, code: str) -> FieldError:
    return FieldError(pointer=pointer, message=message, code=code)


@router.post(
    "/plans/{plan_id}/carry-forward",
    name="plans:carry_forward",
    status_code=201,
    response_model=PlanRead,
    responses=WRITE,
    summary="Make next term's draft plan from a reviewed one: unfinished actions and unmet "
    "criteria carried in",
)
def carry_forward(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    plan_id: PlanId,
) -> PlanRead:
    plan, school = service.plan_and_school(session, principal, plan_id)
    _may_write(principal, school)
    made = service.carry_forward(session, principal, plan, school)
    return _full(session, principal, settings, made, school)


# --- around the plan ---------------------------------------------------------------------------


@router.get(
    "/plans/{plan_id}/history",
    name="plans:history",
    response_model=list[AuditEventRead],
    responses=READ,
    summary="Every change to the plan, its priorities, actions, criteria and review, newest first",
)
def plan_history(
    session: DbSession, principal: CurrentPrincipal, plan_id: PlanId
) -> list[AuditEventRead]:
    plan, school = service.plan_and_school(session, principal, plan_id)
    if not service.edits_plans(principal, school) and not service.sees_pupils(principal, school):
        raise NotFound(f"No plan history {plan_id} that you can see.")
    ids: dict[str, set[str]] = {"plans": {str(plan.id)}}
    for model in (Priority, PlanAction, Criterion, Review):
        ids[model.__tablename__] = {
            str(i) for i in session.scalars(select(model.id).where(model.plan_id == plan.id))
        }
    review = session.scalar(select(Review.id).where(Review.plan_id == plan.id))
    if review is not None:
        ids[ReviewedCriterion.__tablename__] = {
            str(i)
            for i in session.scalars(
                select(ReviewedCriterion.id).where(ReviewedCriterion.review_id == review)
            )
        }
    conditions = [
        (AuditEvent.entity_type == kind) & AuditEvent.entity_id.in_(found)
        for kind, found in ids.items()
        if found
    ]
    events = session.scalars(
        select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.id.desc()).limit(500)
    )
    return [AuditEventRead.model_validate(e) for e in events]


@router.get(
    "/me/actions",
    name="actions:mine",
    response_model=list[MyAction],
    responses=responses(Unauthorized),
    summary="The actions I lead, by name or by role, in plans not yet reviewed",
)
def my_actions(session: DbSession, principal: CurrentPrincipal) -> list[MyAction]:
    return service.my_actions(session, principal)


@router.get(
    "/plans/{plan_id}/export",
    name="plans:export",
    response_class=Response,
    responses=READ
    | {
        200: {
            "description": "The plan's actions and criteria",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    },
    summary="Download the plan's actions and success criteria as CSV or Excel",
)
def export_plan(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    plan_id: PlanId,
    format: Annotated[ExportFormat, Query()] = "csv",
) -> Response:
    plan, school = service.plan_and_school(session, principal, plan_id)
    read = _full(session, principal, settings, plan, school)
    return exports.download(read, school, format)
