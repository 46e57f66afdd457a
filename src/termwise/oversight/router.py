"""Risk categories over HTTP: a trust leader sets a school's category with a rationale; the
school's leaders and staff read it, with its history and what the data suggests."""

from __future__ import annotations

from datetime import date

from fastapi import Response
from sqlalchemy import select

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.db import utcnow
from termwise.errors import Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.orgs.dependencies import ReadableSchool
from termwise.oversight import categories, schedule
from termwise.oversight.models import SchoolCategory
from termwise.oversight.schemas import (
    CategoryCreate,
    CategoryMeaning,
    CategoryRead,
    CategorySet,
    CategorySign,
    CategorySuggestion,
    SchoolCategories,
)
from termwise.oversight.setup_router import wordings
from termwise.routing import api_router
from termwise.tenancy import holds_at_trust, reaches_school

router = api_router(tags=["oversight"])


def _read(row: SchoolCategory) -> CategoryRead:
    return CategoryRead.model_validate(row, from_attributes=True)


@router.get(
    "/schools/{school_id}/categories",
    name="categories:list",
    response_model=SchoolCategories,
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
    summary="The school's risk category, its history, and what the data suggests beside it",
)
def list_categories(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool
) -> SchoolCategories:
    if not reaches_school(principal, Permission.plans_read, school):
        raise Forbidden("A school's category is for its staff and the trust.")
    history = [
        _read(row)
        for row in session.scalars(
            select(SchoolCategory)
            .where(SchoolCategory.school_id == school.id)
            .order_by(SchoolCategory.decided_on.desc(), SchoolCategory.id.desc())
        )
    ]
    found = categories.signs(session, school)
    return SchoolCategories(
        current=history[0] if history else None,
        history=history,
        suggested=CategorySuggestion(
            code=categories.suggested(found),
            rule=categories.RULE,
            signs=[CategorySign(**vars(s)) for s in found],
        ),
        meanings=[
            CategoryMeaning(**w.model_dump(exclude={"own", "version"}))
            for w in wordings(session, school.trust_id)
        ],
    )


@router.post(
    "/schools/{school_id}/categories",
    name="categories:create",
    status_code=201,
    response_model=CategorySet,
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
    summary="Set the school's category at a school development meeting, with the rationale: "
    "its quality-assurance schedule is regenerated from the category's cadences",
)
def set_category(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    body: CategoryCreate,
    response: Response,
) -> CategorySet:
    if not holds_at_trust(principal, Permission.plans_write, school.trust_id):
        raise Forbidden("The trust's leaders set a school's category, never the school itself.")
    row = SchoolCategory(
        school_id=school.id,
        code=body.code,
        rationale=body.rationale,
        decided_on=body.decided_on,
        decided_by=principal.label,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    scheduled = schedule.regenerate(
        session,
        school.id,
        body.code,
        max(body.decided_on, date.today()),
        schedule.types_for(session, school.trust_id),
    )
    return CategorySet(**_read(row).model_dump(), scheduled=scheduled)
