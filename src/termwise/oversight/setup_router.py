"""A trust's own oversight set-up over HTTP: its wording of the risk categories and its
quality-assurance activity types with their cadences. Termwise's defaults stand until the trust
changes them (version 0); a change to a type reschedules the future of every categorised
school."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.concurrency import IfMatch, check_version, etag_responses, set_etag
from termwise.errors import (
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    responses,
)
from termwise.ids import TrustId
from termwise.oversight import categories, schedule
from termwise.oversight.models import CategoryWording, QaActivityType
from termwise.oversight.schemas import (
    Cadences,
    CategoryWordingRead,
    CategoryWordingUpdate,
    Code,
    QaActivityTypeRead,
    QaActivityTypeSaved,
    QaActivityTypeUpdate,
)
from termwise.routing import api_router
from termwise.tenancy import Principal, holds_at_trust

router = api_router(tags=["oversight"])

TypeKey = Annotated[str, Path(pattern="^[a-z][a-z0-9_]{1,39}$")]
READ = responses(Unauthorized, NotFound, Unprocessable)
WRITE = READ | responses(Forbidden, PreconditionFailed, PreconditionRequired) | etag_responses()


def _readable(principal: Principal, trust_id: int) -> None:
    if not holds_at_trust(principal, Permission.plans_read, trust_id):
        raise NotFound(f"No trust {trust_id} that you can see as a whole.")


def _writable(principal: Principal, trust_id: int) -> None:
    _readable(principal, trust_id)
    if not holds_at_trust(principal, Permission.plans_write, trust_id):
        raise Forbidden("The trust's leaders keep its oversight set-up.")


def wordings(session: Session, trust_id: int) -> list[CategoryWordingRead]:
    """Each category in the trust's own words, or the defaults where it has none."""
    own = {
        w.code: w
        for w in session.scalars(
            select(CategoryWording).where(CategoryWording.trust_id == trust_id)
        )
    }
    return [wording_read(code, own.get(code)) for code in categories.CODES]


def wording_row(session: Session, trust_id: int, code: str) -> CategoryWording | None:
    return session.scalar(
        select(CategoryWording).where(
            CategoryWording.trust_id == trust_id, CategoryWording.code == code
        )
    )


def wording_read(code: str, row: CategoryWording | None) -> CategoryWordingRead:
    if row is not None:
        return CategoryWordingRead(code=code, descriptor=row.descriptor,
                                   expectation=row.expectation, intervention=row.intervention,
                                   own=True, version=row.version)  # fmt: skip
    default = categories.DEFAULTS[code]
    return CategoryWordingRead(code=code, descriptor=default.descriptor,
                               expectation=default.expectation,
                               intervention=default.intervention, own=False, version=0)  # fmt: skip


@router.get(
    "/trusts/{trust_id}/category-wordings",
    name="category_wordings:list",
    response_model=list[CategoryWordingRead],
    responses=READ,
    summary="What each risk category means in this trust: its own words, or the defaults",
)
def list_wordings(
    session: DbSession, principal: CurrentPrincipal, trust_id: TrustId
) -> list[CategoryWordingRead]:
    _readable(principal, trust_id)
    return [wording_read(code, wording_row(session, trust_id, code)) for code in categories.CODES]


@router.get(
    "/trusts/{trust_id}/category-wordings/{category_code}",
    name="category_wordings:read",
    response_model=CategoryWordingRead,
    responses=READ | etag_responses(),
)
def readwording_row(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: TrustId,
    category_code: Code,
    response: Response,
) -> CategoryWordingRead:
    _readable(principal, trust_id)
    found = wording_read(category_code, wording_row(session, trust_id, category_code))
    response.headers["ETag"] = f'"{found.version}"'
    return found


@router.put(
    "/trusts/{trust_id}/category-wordings/{category_code}",
    name="category_wordings:update",
    response_model=CategoryWordingRead,
    responses=WRITE,
    summary="Reword a category: its descriptor, what the trust expects of such a school, and "
    "how the trust intervenes",
)
def updatewording_row(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: TrustId,
    category_code: Code,
    body: CategoryWordingUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> CategoryWordingRead:
    _writable(principal, trust_id)
    row = wording_row(session, trust_id, category_code)
    check_version(if_match, row.version if row else 0)
    if row is None:
        row = CategoryWording(trust_id=trust_id, code=category_code, **body.model_dump())
        session.add(row)
    else:
        for field, value in body.model_dump().items():
            setattr(row, field, value)
    session.flush()
    set_etag(response, row)
    return wording_read(category_code, row)


def _types_read(session: Session, trust_id: int) -> dict[str, QaActivityTypeRead]:
    """Every type of the trust, each with its version (0 for a default it has not changed):
    two statements however many types there are."""
    own = {
        row.key: row
        for row in session.scalars(
            select(QaActivityType).where(QaActivityType.trust_id == trust_id)
        )
    }
    return {
        key: QaActivityTypeRead(
            key=key,
            name=kind.name,
            owner_role=kind.owner_role,
            audience=kind.audience,
            cadence=Cadences.model_validate(kind.cadence),
            own=key in own,
            version=own[key].version if key in own else 0,
        )
        for key, kind in schedule.types_for(session, trust_id).items()
    }


def _type_read(session: Session, trust_id: int, key: str) -> QaActivityTypeRead:
    found = _types_read(session, trust_id).get(key)
    if found is None:
        raise NotFound(f"No activity type '{key}' in this trust.")
    return found


def _type_row(session: Session, trust_id: int, key: str) -> QaActivityType | None:
    return session.scalar(
        select(QaActivityType).where(QaActivityType.trust_id == trust_id, QaActivityType.key == key)
    )


@router.get(
    "/trusts/{trust_id}/qa-activity-types",
    name="qa_types:list",
    response_model=list[QaActivityTypeRead],
    responses=READ,
    summary="The trust's quality-assurance activity types, with owner, report audience and "
    "the cadence for each category",
)
def list_types(
    session: DbSession, principal: CurrentPrincipal, trust_id: TrustId
) -> list[QaActivityTypeRead]:
    _readable(principal, trust_id)
    return list(_types_read(session, trust_id).values())


@router.get(
    "/trusts/{trust_id}/qa-activity-types/{type_key}",
    name="qa_types:read",
    response_model=QaActivityTypeRead,
    responses=READ | etag_responses(),
)
def read_type(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: TrustId,
    type_key: TypeKey,
    response: Response,
) -> QaActivityTypeRead:
    _readable(principal, trust_id)
    found = _type_read(session, trust_id, type_key)
    response.headers["ETag"] = f'"{found.version}"'
    return found


@router.put(
    "/trusts/{trust_id}/qa-activity-types/{type_key}",
    name="qa_types:update",
    response_model=QaActivityTypeSaved,
    responses=WRITE,
    summary='Change an activity type, or add one under a new key (send If-Match: "0"): the '
    "future schedule of every categorised school is made again from the new cadences",
)
def update_type(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: TrustId,
    type_key: TypeKey,
    body: QaActivityTypeUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> QaActivityTypeSaved:
    _writable(principal, trust_id)
    row = _type_row(session, trust_id, type_key)
    check_version(if_match, row.version if row else 0)
    values = body.model_dump()
    if row is None:
        row = QaActivityType(trust_id=trust_id, key=type_key, **values)
        session.add(row)
    else:
        for field, value in values.items():
            setattr(row, field, value)
    session.flush()
    rescheduled = schedule.reschedule_trust(session, trust_id, date.today())
    set_etag(response, row)
    return QaActivityTypeSaved(
        **_type_read(session, trust_id, type_key).model_dump(), rescheduled=rescheduled
    )
