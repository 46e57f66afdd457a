"""A person's home over HTTP."""

from __future__ import annotations

from termwise.auth.dependencies import AppSettings, CurrentPrincipal, DbSession
from termwise.errors import Unauthorized, responses
from termwise.home import service
from termwise.home.schemas import Home
from termwise.routing import api_router

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
