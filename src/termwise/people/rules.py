"""Who may grant which role where: within their own scope, and never above their own rank."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from termwise.auth.roles import ROLE_RANK, Permission, Role
from termwise.errors import FieldError, Forbidden, NotFound, Unprocessable
from termwise.orgs.models import School, SchoolClass, Trust
from termwise.people.schemas import Scope
from termwise.tenancy import Principal

MANAGE = Permission.people_manage


@dataclass(frozen=True)
class Place:
    """A scope with the trust (and school) it lies in, and a name to show."""

    trust_id: int
    school_id: int | None
    class_id: int | None
    name: str

    def columns(self) -> dict[str, int | None]:
        if self.class_id is not None:
            return {"trust_id": None, "school_id": None, "class_id": self.class_id}
        if self.school_id is not None:
            return {"trust_id": None, "school_id": self.school_id, "class_id": None}
        return {"trust_id": self.trust_id, "school_id": None, "class_id": None}


def resolve(session: Session, scope: Scope) -> Place:
    given = [n for n in ("trust_id", "school_id", "class_id") if getattr(scope, n) is not None]
    if len(given) != 1:
        raise Unprocessable(
            "Name exactly one of trust_id, school_id or class_id: where the role is held.",
            errors=[FieldError(pointer="/school_id", message="exactly one scope", code="scope")],
        )
    if scope.class_id is not None:
        school_class = session.get(SchoolClass, scope.class_id)
        school = session.get(School, school_class.school_id) if school_class else None
        if school_class is None or school is None:
            raise NotFound(f"No class {scope.class_id}.")
        return Place(
            school.trust_id, school.id, school_class.id, f"{school_class.name}, {school.name}"
        )
    if scope.school_id is not None:
        found = session.get(School, scope.school_id)
        if found is None:
            raise NotFound(f"No school {scope.school_id}.")
        return Place(found.trust_id, found.id, None, found.name)
    trust = session.get(Trust, scope.trust_id)
    if trust is None:
        raise NotFound(f"No trust {scope.trust_id}.")
    return Place(trust.id, None, None, trust.name)


def highest_rank_over(principal: Principal, place: Place) -> int:
    """The most senior role the caller may grant at ``place``: 0 when none."""
    if principal.is_platform_admin:
        return max(ROLE_RANK.values())
    best = 0
    for grant in principal.grants_with(MANAGE):
        covers = (grant.level == "trust" and grant.trust_id == place.trust_id) or (
            grant.level == "school"
            and place.school_id is not None
            and grant.school_id == place.school_id
        )
        if covers:
            best = max(best, ROLE_RANK[Role(grant.label)])
    return best


def reaches(principal: Principal, place: Place) -> bool:
    return highest_rank_over(principal, place) > 0


def check_may_grant(principal: Principal, role: Role, place: Place) -> None:
    most = highest_rank_over(principal, place)
    if most == 0:
        if _sees(principal, place):
            raise Forbidden(f"You do not manage people at {place.name}.")
        raise NotFound("No such place among those you manage people in.")
    if ROLE_RANK[role] > most:
        raise Forbidden(
            f"You may not grant {role.value.replace('_', ' ')}: it is above your own role."
        )


def _sees(principal: Principal, place: Place) -> bool:
    return any(g.trust_id == place.trust_id for g in principal.grants)
