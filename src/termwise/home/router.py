"""A person's home, and a school's page as its leaders' home, over HTTP."""

from __future__ import annotations

from datetime import date

from termwise.auth.dependencies import AppSettings, CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.errors import Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.home import service
from termwise.home.schemas import Home, SchoolHome
from termwise.orgs.dependencies import ReadableSchool
from termwise.routing import api_router
from termwise.tenancy import holds_at_school

router = api_router(tags=["home"])


@router.get(
    "/me/home",
    name="home:read",
    response_model=Home,
    responses=responses(Unauthorized),
    summary="What needs my attention: my schools' headline figures and their change, pupils "
    "newly stuck or falling behind, plan criteria at risk, my actions, the next meeting and "
    "data collection; my classes' flags",
)
def read_home(session: DbSession, principal: CurrentPrincipal, settings: AppSettings) -> Home:
    return service.home(session, principal, settings.suppression_threshold)


@router.get(
    "/schools/{school_id}/home",
    name="home:school",
    response_model=SchoolHome,
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
    summary="What needs attention at one school, as its head teacher's home shows it: for "
    "anyone who leads or oversees the school (governors see the suppressed figures)",
)
def read_school_home(
    session: DbSession, principal: CurrentPrincipal, settings: AppSettings, school: ReadableSchool
) -> SchoolHome:
    # The whole school's pupils and figures: a grant over the school or trust, not one class.
    if not any(
        holds_at_school(principal, permission, school_id=school.id, trust_id=school.trust_id)
        for permission in (Permission.plans_read, Permission.aggregates_read)
    ):
        raise Forbidden("A school's figures are for its leaders, governors and the trust.")
    return service.school_home(
        session, principal, school, settings.suppression_threshold, date.today()
    )
