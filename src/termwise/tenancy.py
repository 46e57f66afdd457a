"""Who the caller is and what they may reach: the one place tenancy is decided.

Every repository starts its reads from these filters, so a row outside the caller's trust,
school or class is never loaded, and a route cannot forget the check. A single school or trust
fetched by id is checked by the same rule in Python (``reaches_school``, ``reaches_trust``,
``reaches_class``) before it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import ColumnElement, false, or_, select, true

from termwise.auth.roles import Permission
from termwise.orgs.models import School, SchoolClass


@dataclass(frozen=True)
class Grant:
    """Permissions held at one scope. A school grant knows its trust; a class grant both."""

    label: str
    permissions: frozenset[Permission]
    trust_id: int
    school_id: int | None = None
    class_id: int | None = None

    @property
    def level(self) -> Literal["trust", "school", "class"]:
        if self.class_id is not None:
            return "class"
        return "school" if self.school_id is not None else "trust"


@dataclass(frozen=True)
class Principal:
    kind: Literal["user", "client", "system"]
    id: int | None
    label: str
    is_platform_admin: bool = False
    grants: tuple[Grant, ...] = field(default=())

    @property
    def subject(self) -> str:
        return f"{self.kind}:{self.id}"

    def grants_with(self, permission: Permission) -> list[Grant]:
        return [g for g in self.grants if permission in g.permissions]

    def has(self, permission: Permission) -> bool:
        return self.is_platform_admin or bool(self.grants_with(permission))

    def permissions(self) -> set[Permission]:
        if self.is_platform_admin:
            return set(Permission)
        return {p for g in self.grants for p in g.permissions}


# The command line is run by whoever operates the service: it may do anything.
SYSTEM = Principal(kind="system", id=None, label="termwise command line", is_platform_admin=True)


def school_ids_filter(
    principal: Principal, permission: Permission, school_id: Any
) -> ColumnElement[bool]:
    """``school_id`` lies in a school where the caller holds ``permission`` (class grants reach
    their class's school: a teacher sees the school they teach in)."""
    if principal.is_platform_admin:
        return true()
    grants = principal.grants_with(permission)
    trusts = {g.trust_id for g in grants if g.level == "trust"}
    schools = {g.school_id for g in grants if g.school_id is not None}
    clauses: list[ColumnElement[bool]] = []
    if schools:
        clauses.append(school_id.in_(sorted(schools)))
    if trusts:
        clauses.append(school_id.in_(select(School.id).where(School.trust_id.in_(sorted(trusts)))))
    return or_(*clauses) if clauses else false()


def reaches_school(principal: Principal, permission: Permission, school: School) -> bool:
    """``school_ids_filter``'s rule for one school already in hand: a school fetched by its
    primary key (an identity-map hit, or one short statement) is checked here before it is
    returned."""
    if principal.is_platform_admin:
        return True
    return any(
        (g.level == "trust" and g.trust_id == school.trust_id) or g.school_id == school.id
        for g in principal.grants_with(permission)
    )


def reaches_class(
    principal: Principal, permission: Permission, school_class: SchoolClass, trust_id: int
) -> bool:
    """``class_ids_filter``'s rule for one class in hand, with its school's trust."""
    if principal.is_platform_admin:
        return True
    return any(
        g.class_id == school_class.id
        or (g.level == "school" and g.school_id == school_class.school_id)
        or (g.level == "trust" and g.trust_id == trust_id)
        for g in principal.grants_with(permission)
    )


def enrolment_filter(
    principal: Principal, permission: Permission, school_id: Any, class_id: Any
) -> ColumnElement[bool]:
    """An enrolment the caller reaches: at a school (or trust) where they hold ``permission``
    over the whole school, or in the very class of a class-level grant. A class teacher sees
    their own class's pupils, not the whole school's."""
    if principal.is_platform_admin:
        return true()
    grants = principal.grants_with(permission)
    trusts = {g.trust_id for g in grants if g.level == "trust"}
    schools = {g.school_id for g in grants if g.level == "school"}
    classes = {g.class_id for g in grants if g.class_id is not None}
    clauses: list[ColumnElement[bool]] = []
    if schools:
        clauses.append(school_id.in_(sorted(s for s in schools if s is not None)))
    if trusts:
        clauses.append(school_id.in_(select(School.id).where(School.trust_id.in_(sorted(trusts)))))
    if classes:
        clauses.append(class_id.in_(sorted(classes)))
    return or_(*clauses) if clauses else false()


def trust_ids_filter(
    principal: Principal, permission: Permission, trust_id: Any
) -> ColumnElement[bool]:
    """``trust_id`` is a trust in which the caller holds ``permission`` at any scope."""
    if principal.is_platform_admin:
        return true()
    trusts = {g.trust_id for g in principal.grants_with(permission)}
    return trust_id.in_(sorted(trusts)) if trusts else false()


def reaches_trust(principal: Principal, permission: Permission, trust_id: int) -> bool:
    """``trust_ids_filter``'s rule for one trust."""
    return principal.is_platform_admin or any(
        g.trust_id == trust_id for g in principal.grants_with(permission)
    )


def class_ids_filter(
    principal: Principal, permission: Permission, class_id: Any
) -> ColumnElement[bool]:
    """``class_id`` is a class the caller reaches: every class of a school or trust they hold
    the permission in, or the very class of a class-level grant."""
    if principal.is_platform_admin:
        return true()
    grants = principal.grants_with(permission)
    classes = {g.class_id for g in grants if g.class_id is not None}
    wide = [g for g in grants if g.level != "class"]
    clauses: list[ColumnElement[bool]] = []
    if classes:
        clauses.append(class_id.in_(sorted(classes)))
    if wide:
        widened = Principal(kind=principal.kind, id=principal.id, label="", grants=tuple(wide))
        clauses.append(
            class_id.in_(
                select(SchoolClass.id).where(
                    school_ids_filter(widened, permission, SchoolClass.school_id)
                )
            )
        )
    return or_(*clauses) if clauses else false()


def holds_at_trust(principal: Principal, permission: Permission, trust_id: int) -> bool:
    """Whether the caller holds ``permission`` over the whole trust (not one of its schools)."""
    return principal.is_platform_admin or any(
        g.level == "trust" and g.trust_id == trust_id for g in principal.grants_with(permission)
    )


def holds_at_school(
    principal: Principal, permission: Permission, *, school_id: int, trust_id: int
) -> bool:
    """Whether the caller holds ``permission`` over a whole school (not just one class in it)."""
    if principal.is_platform_admin:
        return True
    return any(
        (g.level == "trust" and g.trust_id == trust_id)
        or (g.level == "school" and g.school_id == school_id)
        for g in principal.grants_with(permission)
    )
