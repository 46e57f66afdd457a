"""Tenancy's rules in Python (for one school or trust in hand) reach exactly the rows its SQL
filters reach, for every principal of the test world and every permission."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth import service
from termwise.auth.roles import Permission
from termwise.orgs.models import School, SchoolClass, Trust
from termwise.tenancy import (
    SYSTEM,
    Principal,
    class_ids_filter,
    reaches_class,
    reaches_school,
    reaches_trust,
    school_ids_filter,
    trust_ids_filter,
)
from tests.world import World


def _principals(db: Session, world: World) -> list[Principal]:
    found = [service.load_principal(db, f"user:{user_id}") for user_id in world.users.values()]
    found += [
        service.load_principal(db, f"client:{client_id}") for client_id in world.clients.values()
    ]
    return [p for p in found if p is not None] + [SYSTEM]


@pytest.mark.parametrize("permission", list(Permission))
def test_reaches_school_trust_and_class_agree_with_the_sql_filters(
    db: Session, world: World, permission: Permission
) -> None:
    schools = list(db.scalars(select(School)))
    trusts = list(db.scalars(select(Trust)))
    classes = list(db.execute(select(SchoolClass, School.trust_id).join(School)).all())
    principals = _principals(db, world)
    assert len(principals) > 5
    for principal in principals:
        by_sql = set(
            db.scalars(select(School.id).where(school_ids_filter(principal, permission, School.id)))
        )
        in_python = {s.id for s in schools if reaches_school(principal, permission, s)}
        assert in_python == by_sql, principal.label
        by_sql = set(
            db.scalars(select(Trust.id).where(trust_ids_filter(principal, permission, Trust.id)))
        )
        in_python = {t.id for t in trusts if reaches_trust(principal, permission, t.id)}
        assert in_python == by_sql, principal.label
        by_sql = set(
            db.scalars(
                select(SchoolClass.id).where(
                    class_ids_filter(principal, permission, SchoolClass.id)
                )
            )
        )
        in_python = {
            c.id for c, trust_id in classes if reaches_class(principal, permission, c, trust_id)
        }
        assert in_python == by_sql, principal.label
