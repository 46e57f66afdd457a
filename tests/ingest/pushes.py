"""Arranging data for the push tests through the API itself, as an MIS would."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint
from termwise.db import utcnow
from termwise.orgs.models import AcademicYear
from termwise.orgs.years import current_academic_year
from termwise.pupils.upn import make_upn
from tests.world import World

THIS_YEAR = "2026/27"
LAST_YEAR = "2025/26"


def add_points(db: Session, world: World) -> None:
    """Trust A assesses termly; last year's summer point is closed."""
    years = {y.code: y for y in db.scalars(select(AcademicYear))}
    assert current_academic_year(db).code == THIS_YEAR
    for year, code, on, closed in (
        (THIS_YEAR, "aut", date(2026, 11, 20), False),
        (THIS_YEAR, "spr", date(2027, 3, 25), False),
        (LAST_YEAR, "sum", date(2026, 7, 10), True),
    ):
        db.add(
            AssessmentPoint(
                trust_id=world.trusts["a"],
                academic_year_id=years[year].id,
                code=code,
                name=code.title(),
                slot=code,
                ordinal=1,
                assessed_on=on,
                closed_at=utcnow() if closed else None,
                closed_by="tests" if closed else None,
            )
        )
    db.flush()


def upn(n: int) -> str:
    return make_upn(f"9992101{n:05d}")


def pupil(n: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "upn": upn(n),
        "mis_id": f"MIS{n:04d}",
        "legal_first_name": f"Pupil{n}",
        "legal_last_name": "Testington",
        "date_of_birth": "2019-03-04",
        "gender": "F" if n % 2 else "M",
        "year_group": "R",
        "class": "Class a1_r",
        "characteristics": {"fsm": n % 4 == 0, "sen_status": "none"},
    }
    return values | overrides


def push_pupils(
    client: TestClient,
    world: World,
    pupils: list[dict[str, Any]],
    *,
    who: str = "mis_a1",
    school: str = "a1",
    year: str = THIS_YEAR,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    return client.post(
        f"/api/v1/schools/{world.schools[school]}/pupils/batch",
        json={"academic_year": year, "pupils": pupils},
        params=params,
        headers=world.headers(who) | (headers or {}),
    )


def push_results(
    client: TestClient,
    world: World,
    results: list[dict[str, Any]],
    *,
    who: str = "mis_a1",
    school: str = "a1",
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    reason: str | None = None,
) -> Any:
    body: dict[str, Any] = {"results": results}
    if reason:
        body["correction_reason"] = reason
    return client.post(
        f"/api/v1/schools/{world.schools[school]}/assessments/batch",
        json=body,
        params=params,
        headers=world.headers(who) | (headers or {}),
    )


def result(n: int, value: str, **overrides: Any) -> dict[str, Any]:
    values = {
        "upn": upn(n),
        "subject": "reading",
        "academic_year": THIS_YEAR,
        "point": "aut",
        "result": value,
    }
    return values | overrides
