"""Maturity frameworks and reviews over HTTP."""

from __future__ import annotations

import json
from typing import Annotated, Any

import yaml
from fastapi import Path, Query, Request, Response
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import Permission
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
from termwise.db import utcnow
from termwise.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    refused,
    responses,
)
from termwise.ids import MAX_ID, TrustId
from termwise.maturity import service
from termwise.maturity.definition import FrameworkDefinition, overall, problems
from termwise.maturity.models import Framework, MaturityReview, ReviewArea, ReviewState
from termwise.maturity.schemas import (
    AgreedShape,
    AreaName,
    FrameworkRead,
    HeatCell,
    MaturityOverTime,
    MaturityReviewCreate,
    MaturityReviewRead,
    MaturityReviewSummary,
    MaturityReviewUpdate,
    ReviewAreaUpdate,
    ShapePoint,
    ToPlan,
    TrustHeatMap,
)
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import AcademicYear, School, SchoolClass
from termwise.plans.models import Plan, PlanAction, Priority
from termwise.plans.service import FROZEN
from termwise.routing import api_router
from termwise.tenancy import holds_at_trust, reaches_school

router = api_router(tags=["maturity"])

FrameworkId = Annotated[int, Path(ge=1, le=MAX_ID)]
ReviewId = Annotated[int, Path(ge=1, le=MAX_ID)]
READ = responses(Unauthorized, NotFound, Unprocessable)
WRITE = responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
UPDATE = WRITE | responses(PreconditionFailed, PreconditionRequired)


# --- frameworks -------------------------------------------------------------------------------


def _trust_readable(principal: Any, trust_id: int) -> None:
    if not service.reads_trust(principal, trust_id):
        raise NotFound(f"No trust {trust_id} that you can see.")


@router.get(
    "/trusts/{trust_id}/frameworks",
    name="frameworks:list",
    response_model=list[FrameworkRead],
    responses=READ,
    summary="The frameworks the trust's schools can be reviewed against: Termwise's and its own",
)
def list_frameworks(
    session: DbSession, principal: CurrentPrincipal, trust_id: TrustId
) -> list[FrameworkRead]:
    _trust_readable(principal, trust_id)
    rows = session.scalars(
        select(Framework)
        .where((Framework.trust_id.is_(None)) | (Framework.trust_id == trust_id))
        .order_by(Framework.trust_id.is_(None).desc(), Framework.key, Framework.version.desc())
    )
    return [service.framework_read(session, f) for f in rows]


def _add_framework(
    session: Session, principal: Any, trust_id: int, definition: FrameworkDefinition
) -> Framework:
    if not service.writes_frameworks(principal, trust_id):
        raise Forbidden("Only the trust's leaders add frameworks.")
    found = problems(definition)
    if found:
        raise Unprocessable(
            "The framework is not complete.",
            errors=[FieldError(pointer=p, message=m, code="invalid") for p, m in found],
        )
    latest = session.scalar(
        select(func.max(Framework.version)).where(
            Framework.trust_id == trust_id, Framework.key == definition.key
        )
    )
    framework = Framework(
        trust_id=trust_id,
        key=definition.key,
        version=(latest or 0) + 1,
        name=definition.name,
        definition=definition.model_dump(mode="json"),
        created_by=principal.label,
        created_at=utcnow(),
    )
    session.add(framework)
    session.flush()
    return framework


@router.post(
    "/trusts/{trust_id}/frameworks",
    name="frameworks:create",
    status_code=201,
    response_model=FrameworkRead,
    responses=WRITE,
    summary="Add a framework, or the next version of one: a version in use is never changed",
)
def create_framework(
    session: DbSession, principal: CurrentPrincipal, trust_id: TrustId, body: FrameworkDefinition
) -> FrameworkRead:
    _trust_readable(principal, trust_id)
    return service.framework_read(session, _add_framework(session, principal, trust_id, body))


YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")


@router.post(
    "/trusts/{trust_id}/frameworks/import",
    name="frameworks:import",
    status_code=201,
    response_model=FrameworkRead,
    responses=WRITE,
    summary="Import a framework file (YAML or JSON, as `schemas/framework.schema.json`)",
    openapi_extra={
        "requestBody": {
            "required": True,
            # The same document either way: as YAML (the default) or as JSON.
            "content": {
                "application/yaml": {
                    "schema": {"$ref": "#/components/schemas/FrameworkDefinition"}
                },
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/FrameworkDefinition"}
                },
            },
        }
    },
)
async def import_framework(
    request: Request, session: DbSession, principal: CurrentPrincipal, trust_id: TrustId
) -> FrameworkRead:
    _trust_readable(principal, trust_id)
    raw = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        data = yaml.safe_load(raw) if kind in YAML_TYPES else json.loads(raw)
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as error:
        raise refused(
            "", f"not a readable {'YAML' if kind in YAML_TYPES else 'JSON'} file: {error}"
        ) from None
    try:
        definition = FrameworkDefinition.model_validate(data)
    except ValidationError as error:
        raise Unprocessable(
            "The framework file does not match the framework schema.",
            errors=[
                FieldError(
                    pointer="".join(f"/{part}" for part in e["loc"]),
                    message=e["msg"],
                    code=e["type"],
                )
                for e in error.errors()
            ],
        ) from None
    return service.framework_read(session, _add_framework(session, principal, trust_id, definition))


@router.get(
    "/frameworks/{framework_id}",
    name="frameworks:read",
    response_model=FrameworkRead,
    responses=READ,
)
def read_framework(
    session: DbSession, principal: CurrentPrincipal, framework_id: FrameworkId
) -> FrameworkRead:
    return service.framework_read(session, service.framework_for(session, principal, framework_id))


@router.get(
    "/frameworks/{framework_id}/export",
    name="frameworks:export",
    response_class=Response,
    responses=READ
    | {
        200: {
            "description": "The framework as a file another trust can import",
            # The same document either way: as YAML (the default) or as JSON.
            "content": {
                "application/yaml": {
                    "schema": {"$ref": "#/components/schemas/FrameworkDefinition"}
                },
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/FrameworkDefinition"}
                },
            },
        }
    },
)
def export_framework(
    session: DbSession,
    principal: CurrentPrincipal,
    framework_id: FrameworkId,
    format: Annotated[str, Query(pattern="^(yaml|json)$")] = "yaml",
) -> Response:
    framework = service.framework_for(session, principal, framework_id)
    definition = FrameworkDefinition.model_validate(framework.definition).model_dump(
        mode="json", exclude_none=True
    )
    name = f"{framework.key}-v{framework.version}.{format}"
    if format == "json":
        content, media_type = (
            json.dumps(definition, indent=2, ensure_ascii=False),
            "application/json",
        )
    else:
        content = yaml.safe_dump(definition, sort_keys=False, allow_unicode=True, width=100)
        media_type = "application/yaml"
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --- reviews ----------------------------------------------------------------------------------


@router.post(
    "/schools/{school_id}/maturity-reviews",
    name="maturity_reviews:create",
    status_code=201,
    response_model=MaturityReviewRead,
    responses=WRITE | etag_responses(201),
    summary="Start the school's self-review against a framework",
)
def create_review(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    body: MaturityReviewCreate,
    response: Response,
) -> MaturityReviewRead:
    if not service.school_writes(principal, school):
        raise Forbidden("Only the school's leaders review it (plans:write).")
    framework = session.get(Framework, body.framework_id)
    if framework is None or framework.trust_id not in (None, school.trust_id):
        raise refused("/framework_id", "no such framework for this school's trust", "unknown")
    review = MaturityReview(
        school_id=school.id,
        framework_id=framework.id,
        title=body.title,
        held_on=body.held_on,
        state=ReviewState.draft,
        created_by=principal.label,
    )
    session.add(review)
    session.flush()
    definition = FrameworkDefinition.model_validate(framework.definition)
    session.add_all(ReviewArea(review_id=review.id, area_key=a.key, evidence_links=[])
                    for a in definition.areas)  # fmt: skip
    session.flush()
    set_etag(response, review)
    return service.read(session, principal, review, school)


@router.get(
    "/schools/{school_id}/maturity-reviews",
    name="maturity_reviews:list",
    response_model=list[MaturityReviewSummary],
    responses=READ | responses(Forbidden),
    summary="The school's maturity reviews, newest first",
)
def list_reviews(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool
) -> list[MaturityReviewSummary]:
    if not reaches_school(principal, Permission.plans_read, school):
        raise Forbidden("Reviews are for the school's staff and governors.")
    rows = session.execute(
        select(MaturityReview, Framework)
        .join(Framework, Framework.id == MaturityReview.framework_id)
        .where(MaturityReview.school_id == school.id)
        .order_by(MaturityReview.held_on.desc(), MaturityReview.id.desc())
    )
    return [service.summary(session, r, f) for r, f in rows]


@router.get(
    "/maturity-reviews/{review_id}",
    name="maturity_reviews:read",
    response_model=MaturityReviewRead,
    responses=READ | etag_responses(),
)
def read_review(
    session: DbSession, principal: CurrentPrincipal, review_id: ReviewId, response: Response
) -> MaturityReviewRead:
    review, school = service.review_for(session, principal, review_id)
    set_etag(response, review)
    return service.read(session, principal, review, school)


@router.get(
    "/me/maturity-challenges",
    name="maturity_reviews:mine_to_challenge",
    response_model=list[MaturityReviewSummary],
    responses=responses(Unauthorized),
    summary="The reviews of other schools I have been asked to challenge, newest first",
)
def my_challenges(session: DbSession, principal: CurrentPrincipal) -> list[MaturityReviewSummary]:
    if principal.kind != "user":
        return []
    rows = session.execute(
        select(MaturityReview, Framework)
        .join(Framework, Framework.id == MaturityReview.framework_id)
        .where(MaturityReview.challenger_id == principal.id)
        .order_by(MaturityReview.held_on.desc(), MaturityReview.id.desc())
    )
    return [service.summary(session, r, f) for r, f in rows]


# Which fields of an area who may write, in which state.
SCHOOL_DRAFT = {"self_score", "evidence", "evidence_links", "key_actions"}
CHALLENGER_SUBMITTED = {"challenge", "challenged_score"}
SCHOOL_CHALLENGED = {"response", "agreed_score"}
SCORES = ("self_score", "challenged_score", "agreed_score")


def _writable(review: MaturityReview, acting: str | None) -> set[str]:
    if acting == "school" and review.state is ReviewState.draft:
        return SCHOOL_DRAFT
    if acting == "challenger" and review.state is ReviewState.submitted:
        return CHALLENGER_SUBMITTED
    if acting == "school" and review.state is ReviewState.challenged:
        return SCHOOL_CHALLENGED
    return set()


def _challenger(session: Session, school: School, email: str) -> User:
    user = session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is None or not user.is_active:
        raise refused("/challenger_email", "nobody with that e-mail can sign in", "unknown")
    elsewhere = session.scalar(
        select(RoleAssignment.id)
        .outerjoin(SchoolClass, SchoolClass.id == RoleAssignment.class_id)
        .where(
            RoleAssignment.user_id == user.id,
            ((RoleAssignment.school_id.is_not(None)) & (RoleAssignment.school_id != school.id))
            | ((SchoolClass.id.is_not(None)) & (SchoolClass.school_id != school.id)),
        )
        .limit(1)
    )
    here = session.scalar(
        select(RoleAssignment.id)
        .outerjoin(SchoolClass, SchoolClass.id == RoleAssignment.class_id)
        .where(
            RoleAssignment.user_id == user.id,
            (RoleAssignment.school_id == school.id) | (SchoolClass.school_id == school.id),
        )
        .limit(1)
    )
    if elsewhere is None or here is not None:
        raise refused(
            "/challenger_email", "the challenger is a peer from another school", "not_a_peer"
        )
    return user


def _apply_areas(
    session: Session,
    review: MaturityReview,
    rows: dict[str, ReviewArea],
    areas: list[ReviewAreaUpdate],
    allowed: set[str],
    levels: list[int],
) -> None:
    for index, change in enumerate(areas):
        row = rows.get(change.area)
        if row is None:
            raise refused(f"/areas/{index}/area", f"the framework has no area {change.area!r}")
        for field, value in change.model_dump(exclude_unset=True, exclude={"area"}).items():
            pointer = f"/areas/{index}/{field}"
            if field not in allowed:
                raise refused(
                    pointer,
                    f"{field} cannot be written in a {review.state.value} review by you",
                    "not_now",
                )
            if field in SCORES and value is not None and value not in levels:
                raise refused(pointer, f"the framework's levels are {levels}", "not_a_level")
            if field == "evidence_links":
                value = value or []
                for number, link in enumerate(value):
                    if not service.evidence_exists(
                        session, review.school_id, link["kind"], link["ref"]
                    ):
                        raise refused(
                            f"{pointer}/{number}/ref",
                            f"no {link['kind']} {link['ref']!r} of this school",
                            "unknown",
                        )
            setattr(row, field, value)


def _move(
    session: Session, principal: Any, review: MaturityReview, rows: dict[str, ReviewArea],
    to: ReviewState, acting: str | None, levels: list[int],
) -> None:  # fmt: skip
    now = utcnow()
    if review.state is ReviewState.draft and to is ReviewState.submitted and acting == "school":
        missing = [key for key, row in rows.items() if row.self_score is None]
        if review.challenger_id is None or missing:
            why = "name a challenger first" if review.challenger_id is None else (
                f"score every area first: {', '.join(missing)}"
            )  # fmt: skip
            raise refused("/move_to", why, "incomplete")
        review.submitted_at = now
    elif (
        review.state is ReviewState.submitted
        and to is ReviewState.challenged
        and acting == "challenger"
    ):
        for row in rows.values():
            if row.challenged_score is None:
                row.challenged_score = row.self_score
        review.challenged_at = now
    elif review.state is ReviewState.challenged and to is ReviewState.agreed and acting == "school":
        for row in rows.values():
            if row.agreed_score is None:
                row.agreed_score = row.challenged_score
        scores = [row.agreed_score for row in rows.values() if row.agreed_score is not None]
        review.overall = overall(scores)
        review.agreed_at = now
        review.agreed_by = principal.label
    else:
        raise Conflict(f"A {review.state.value} review cannot move to {to.value} by you.")
    review.state = to


@router.patch(
    "/maturity-reviews/{review_id}",
    name="maturity_reviews:update",
    response_model=MaturityReviewRead,
    responses=UPDATE | etag_responses(),
    summary="Write the review as its state allows, and move it on: the school scores it, the "
    "peer challenges it, the school responds and agrees it",
)
def update_review(
    session: DbSession,
    principal: CurrentPrincipal,
    review_id: ReviewId,
    body: MaturityReviewUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> MaturityReviewRead:
    review, school = service.review_for(session, principal, review_id)
    check_if_match(if_match, review)
    if review.state is ReviewState.agreed:
        raise Conflict("An agreed review never changes: start a new review to move on.")
    acting = (
        "school"
        if service.school_writes(principal, school)
        else "challenger"
        if service.is_challenger(principal, review)
        else None
    )
    if acting is None:
        raise Forbidden("Only the school's leaders and the review's challenger write it.")
    framework = session.get(Framework, review.framework_id)
    assert framework is not None
    levels = FrameworkDefinition.model_validate(framework.definition).level_values()
    rows = service.areas_of(session, review)
    changes = body.model_dump(exclude_unset=True)
    if ("title" in changes or "challenger_email" in changes) and (
        acting != "school" or review.state is not ReviewState.draft
    ):
        field = "title" if "title" in changes else "challenger_email"
        raise refused(f"/{field}", "the school changes this while the review is a draft", "not_now")
    if body.title:
        review.title = body.title
    if "challenger_email" in changes:
        review.challenger_id = (
            _challenger(session, school, body.challenger_email).id
            if body.challenger_email
            else None
        )
    if body.areas:
        _apply_areas(session, review, rows, body.areas, _writable(review, acting), levels)
    if body.move_to is not None and body.move_to is not review.state:
        _move(session, principal, review, rows, body.move_to, acting, levels)
    # The review is one document: any change to it is a new version (and ETag).
    review.updated_at = utcnow()
    session.flush()
    set_etag(response, review)
    return service.read(session, principal, review, school)


@router.post(
    "/maturity-reviews/{review_id}/areas/{area}/to-plan",
    name="maturity_reviews:to_plan",
    status_code=201,
    response_model=dict[str, int],
    responses=WRITE,
    summary="Send an area's key actions into the school's plan as an action",
)
def to_plan(
    session: DbSession,
    principal: CurrentPrincipal,
    review_id: ReviewId,
    area: Annotated[str, Path(max_length=40)],
    body: ToPlan,
) -> dict[str, int]:
    review, school = service.review_for(session, principal, review_id)
    if not service.school_writes(principal, school):
        raise Forbidden("Only the school's leaders change its plan.")
    row = service.areas_of(session, review).get(area)
    if row is None:
        raise NotFound(f"The review has no area {area!r}.")
    if not row.key_actions:
        raise refused("/key_actions", "the area has no key actions to send", "empty")
    plan = session.get(Plan, body.plan_id)
    if plan is None or plan.school_id != school.id:
        raise refused("/plan_id", "no such plan of this school", "unknown")
    if plan.state in FROZEN:
        raise Conflict(f"The plan is {plan.state.value}: carry it forward to add actions.")
    priority = session.get(Priority, body.priority_id)
    if priority is None or priority.plan_id != plan.id:
        raise refused("/priority_id", "no such priority of this plan", "unknown")
    year = session.get(AcademicYear, plan.academic_year_id)
    assert year is not None
    if not year.starts_on <= body.due_on <= year.ends_on:
        raise refused("/due_on", f"outside {year.code}", "outside_year")
    framework = session.get(Framework, review.framework_id)
    assert framework is not None
    name = next(
        a.name
        for a in FrameworkDefinition.model_validate(framework.definition).areas
        if a.key == area
    )
    action = PlanAction(
        plan_id=plan.id,
        priority_id=priority.id,
        description=f"{name}: {row.key_actions}",
        due_on=body.due_on,
        monitoring=f"Maturity review “{review.title}”",
    )
    session.add(action)
    session.flush()
    return {"action_id": action.id}


# --- the shift over time ----------------------------------------------------------------------


def _shapes(
    session: Session, reviews: list[tuple[MaturityReview, Framework]]
) -> list[MaturityOverTime]:
    by_key: dict[str, MaturityOverTime] = {}
    for review, framework in reviews:
        definition = FrameworkDefinition.model_validate(framework.definition)
        names = {a.key: a.name for a in definition.areas}
        rows = service.areas_of(session, review)
        shape = by_key.setdefault(
            framework.key,
            MaturityOverTime(
                framework_key=framework.key,
                framework_name=framework.name,
                levels=service.levels_of(definition),
                reviews=[],
            ),
        )
        shape.reviews.append(
            AgreedShape(
                review_id=review.id,
                title=review.title,
                held_on=review.held_on,
                overall=review.overall,
                scores=[
                    ShapePoint(area=key, name=names[key], score=rows[key].agreed_score or 0)
                    for key in names
                    if key in rows and rows[key].agreed_score is not None
                ],
            )
        )
    return list(by_key.values())


@router.get(
    "/schools/{school_id}/maturity",
    name="maturity:school",
    response_model=list[MaturityOverTime],
    responses=READ | responses(Forbidden),
    summary="Every agreed review's scores per area, oldest first, for each framework",
)
def school_maturity(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool
) -> list[MaturityOverTime]:
    if not reaches_school(principal, Permission.plans_read, school):
        raise Forbidden("Reviews are for the school's staff and governors.")
    rows = session.execute(
        select(MaturityReview, Framework)
        .join(Framework, Framework.id == MaturityReview.framework_id)
        .where(MaturityReview.school_id == school.id, MaturityReview.state == ReviewState.agreed)
        .order_by(MaturityReview.held_on, MaturityReview.id)
    )
    return _shapes(session, [(r, f) for r, f in rows])


@router.get(
    "/trusts/{trust_id}/maturity",
    name="maturity:trust",
    response_model=TrustHeatMap,
    responses=READ,
    summary="Areas by schools: each school's latest agreed review against a framework",
)
def trust_maturity(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: TrustId,
    framework: Annotated[
        str, Query(max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    ] = "teaching_school",
) -> TrustHeatMap:
    if not holds_at_trust(principal, Permission.plans_read, trust_id):
        raise NotFound(f"No trust {trust_id} that you can see as a whole.")
    versions = session.scalars(
        select(Framework)
        .where(
            Framework.key == framework,
            (Framework.trust_id.is_(None)) | (Framework.trust_id == trust_id),
        )
        .order_by(Framework.version.desc())
    ).all()
    if not versions:
        raise refused("/query/framework", f"no framework {framework!r} in this trust", "unknown")
    latest = FrameworkDefinition.model_validate(versions[0].definition)
    schools = session.scalars(
        select(School).where(School.trust_id == trust_id).order_by(School.name)
    ).all()
    cells = []
    for school in schools:
        review = session.scalar(
            select(MaturityReview)
            .where(
                MaturityReview.school_id == school.id,
                MaturityReview.state == ReviewState.agreed,
                MaturityReview.framework_id.in_([v.id for v in versions]),
            )
            .order_by(MaturityReview.held_on.desc(), MaturityReview.id.desc())
            .limit(1)
        )
        rows = service.areas_of(session, review) if review else {}
        cells.append(
            HeatCell(
                school_id=school.id,
                school_name=school.name,
                review_id=review.id if review else None,
                held_on=review.held_on if review else None,
                scores={k: r.agreed_score for k, r in rows.items() if r.agreed_score is not None},
                overall=review.overall if review else None,
            )
        )
    return TrustHeatMap(
        framework_key=framework,
        framework_name=versions[0].name,
        areas=[AreaName(key=a.key, name=a.name) for a in latest.areas],
        levels=service.levels_of(latest),
        schools=cells,
    )
