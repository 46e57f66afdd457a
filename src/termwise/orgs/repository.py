"""Reads of the organisation, each starting from what the caller may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session, selectinload

from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import Permission, Role
from termwise.errors import NotFound
from termwise.orgs.models import AcademicYear, School, SchoolClass, Trust, YearGroup
from termwise.tenancy import (
    Principal,
    class_ids_filter,
    reaches_class,
    reaches_school,
    reaches_trust,
    school_ids_filter,
    trust_ids_filter,
)


def readable_trusts(principal: Principal) -> Select[Trust]:
    return select(Trust).where(trust_ids_filter(principal, Permission.orgs_read, Trust.id))


def readable_schools(principal: Principal) -> Select[School]:
    return select(School).where(school_ids_filter(principal, Permission.orgs_read, School.id))


def readable_classes(principal: Principal) -> Select[SchoolClass]:
    return (
        select(SchoolClass)
        .where(class_ids_filter(principal, Permission.orgs_read, SchoolClass.id))
        .options(selectinload(SchoolClass.year_groups), selectinload(SchoolClass.academic_year))
    )


# A class with its academic year and its school's trust: what a view of one class starts from.
_PLACED_CLASS = (
    select(SchoolClass, AcademicYear, School.trust_id)
    .join(AcademicYear, AcademicYear.id == SchoolClass.academic_year_id)
    .join(School, School.id == SchoolClass.school_id)
    .where(SchoolClass.id == bindparam("class_id", type_=Integer))
)


@dataclass(frozen=True)
class PlacedClass:
    school_class: SchoolClass
    academic_year: AcademicYear
    trust_id: int


def get_class(session: Session, principal: Principal, class_id: int) -> PlacedClass:
    """The class (its year, its school's trust), in one statement, if the caller reaches it."""
    found = session.execute(_PLACED_CLASS, {"class_id": class_id}).one_or_none()
    if found is None or not reaches_class(principal, Permission.orgs_read, found[0], found[2]):
        raise NotFound(f"No class {class_id} that you can see.")
    return PlacedClass(*found)


def get_trust(session: Session, principal: Principal, trust_id: int) -> Trust:
    trust = session.get(Trust, trust_id)
    if trust is None or not reaches_trust(principal, Permission.orgs_read, trust.id):
        raise NotFound(f"No trust {trust_id} that you can see.")
    return trust


def get_school(session: Session, principal: Principal, school_id: int) -> School:
    school = session.get(School, school_id)
    if school is None or not reaches_school(principal, Permission.orgs_read, school):
        raise NotFound(f"No school {school_id} that you can see.")
    return school


def academic_years(session: Session) -> list[AcademicYear]:
    statement = (
        select(AcademicYear)
        .options(selectinload(AcademicYear.half_terms))
        .order_by(AcademicYear.starts_on)
    )
    return list(session.scalars(statement))


def class_teachers(session: Session, class_ids: list[int]) -> dict[int, list[str]]:
    """Class id → its teachers' names, for one page of classes in one query."""
    rows = session.execute(
        select(RoleAssignment.class_id, User.full_name)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.class_id.in_(class_ids),
            RoleAssignment.role == Role.class_teacher,
            User.is_active.is_(True),
        )
        .order_by(User.full_name)
    ).all()
    teachers: dict[int, list[str]] = {class_id: [] for class_id in class_ids}
    for class_id, name in rows:
        if class_id is not None:
            teachers[class_id].append(name)
    return teachers


def year_groups(session: Session) -> list[YearGroup]:
    return list(session.scalars(select(YearGroup).order_by(YearGroup.ordinal)))
