"""Who may read a school's tracking, and how much of it: one rule for every view and measure."""

from __future__ import annotations

from sqlalchemy.orm import Session

from termwise.auth.roles import Permission
from termwise.errors import Forbidden, NotFound
from termwise.orgs.models import School
from termwise.tenancy import Principal, holds_at_school
from termwise.tracking.aggregates import Disclosure
from termwise.tracking.models import TargetGroup


def aggregates_reader(principal: Principal, school: School) -> None:
    if not holds_at_school(
        principal, Permission.aggregates_read, school_id=school.id, trust_id=school.trust_id
    ) and not teaches_at(principal, school):
        raise Forbidden("You may not read this school's tracking (aggregates:read).")


def teaches_at(principal: Principal, school: School) -> bool:
    return any(g.school_id == school.id for g in principal.grants_with(Permission.aggregates_read))


def disclosure_for(principal: Principal, school: School, threshold: int) -> Disclosure:
    sees_pupils = holds_at_school(
        principal, Permission.pupils_read, school_id=school.id, trust_id=school.trust_id
    )
    if sees_pupils or (teaches_at(principal, school) and principal.has(Permission.pupils_read)):
        return Disclosure(threshold=None, show_pupils=sees_pupils)
    return Disclosure(threshold=threshold, show_pupils=False)


def check_target_group(session: Session, school: School, target_group_id: int | None) -> None:
    if target_group_id is None:
        return
    group = session.get(TargetGroup, target_group_id)
    if group is None or group.school_id != school.id:
        raise NotFound(f"No target group {target_group_id} at this school.")
