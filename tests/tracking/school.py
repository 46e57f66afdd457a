"""A school of our own for the tracking tests: School A2 of trust A, with an MIS client that
pushes its pupils and results through the API, a governor, a class teacher, two classes and
the autumn and summer points of this year.

School A2 has no pupils in the shared world, so every number a test reads back is one the test
put there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise import security
from termwise.auth.models import ApiClient, RoleAssignment, User
from termwise.auth.roles import CLIENT_KIND_PERMISSIONS, ClientKind, Role
from termwise.orgs.models import SchoolClass, YearGroup
from termwise.orgs.years import current_academic_year
from termwise.pupils.upn import make_upn
from tests.world import TEST_KEY, World

THIS_YEAR = "2026/27"
CLASSES = {"Y3": "3 Oak", "Y4": "4 Elm"}


@dataclass
class School:
    """School A2 as the tracking tests use it."""

    world: World
    id: int
    trust_id: int
    # Who may call, as a JWT subject ("client:7", "user:12"): the world's and our own.
    subjects: dict[str, str] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    points: dict[str, int] = field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        if who not in self.subjects:
            return self.world.headers(who)
        token, _ = security.sign_access_token(self.subjects[who], TEST_KEY, timedelta(minutes=5))
        return {"Authorization": f"Bearer {token}"}

    def url(self, what: str) -> str:
        return f"/api/v1/schools/{self.id}/tracking/{what}"

    def get(self, client: TestClient, who: str, what: str, **params: Any) -> Any:
        return client.get(self.url(what), params=params, headers=self.headers(who))

    def read(self, client: TestClient, who: str, what: str, **params: Any) -> Any:
        response = self.get(client, who, what, **params)
        assert response.status_code == 200, response.text
        return response.json()

    def push_pupils(self, client: TestClient, pupils: list[dict[str, Any]]) -> None:
        response = client.post(
            f"/api/v1/schools/{self.id}/pupils/batch",
            json={"academic_year": THIS_YEAR, "pupils": pupils},
            headers=self.headers("mis_a2"),
        )
        assert response.status_code == 200, response.text
        assert response.json()["rejected"] == 0, response.text

    def push_results(self, client: TestClient, results: list[dict[str, Any]]) -> None:
        response = client.post(
            f"/api/v1/schools/{self.id}/assessments/batch",
            json={"results": results},
            headers=self.headers("mis_a2"),
        )
        assert response.status_code == 200, response.text
        assert response.json()["rejected"] == 0, response.text


def school_a2(db: Session, client: TestClient, world: World) -> School:
    """Set School A2 up: its MIS client, governor and class teacher, classes and points."""
    school = School(world=world, id=world.schools["a2"], trust_id=world.trusts["a"])
    year = current_academic_year(db)
    assert year.code == THIS_YEAR
    year_groups = {y.code: y for y in db.scalars(select(YearGroup))}
    for year_group, name in CLASSES.items():
        school_class = SchoolClass(
            school_id=school.id,
            academic_year_id=year.id,
            name=name,
            year_groups=[year_groups[year_group]],
        )
        db.add(school_class)
        db.flush()
        school.classes[year_group] = school_class.id
    mis = ApiClient(
        client_id="test-mis_a2",
        name="Client mis_a2",
        secret_digest=security.secret_digest(security.new_secret()),
        kind=ClientKind.mis,
        trust_id=school.trust_id,
        school_id=school.id,
        scopes=" ".join(p.value for p in CLIENT_KIND_PERMISSIONS[ClientKind.mis]),
    )
    db.add(mis)
    db.flush()
    school.subjects["mis_a2"] = f"client:{mis.id}"
    for key, role, scope in (
        ("governor_a2", Role.governor, {"school_id": school.id}),
        ("teacher_a2_y3", Role.class_teacher, {"class_id": school.classes["Y3"]}),
    ):
        user = User(
            email=f"{key.replace('_', '.')}@tests.example",
            full_name=key.replace("_", " ").title(),
            password_hash=None,
            is_platform_admin=False,
            is_active=True,
        )
        db.add(user)
        db.flush()
        db.add(RoleAssignment(user_id=user.id, role=role, **scope))
        db.flush()
        school.subjects[key] = f"user:{user.id}"
    for code, ordinal, on in (("aut", 1, "2026-11-20"), ("sum", 3, "2027-07-09")):
        response = client.post(
            f"/api/v1/trusts/{school.trust_id}/assessment-points",
            json={
                "academic_year": THIS_YEAR,
                "code": code,
                "name": code.title(),
                "ordinal": ordinal,
                "assessed_on": on,
            },
            headers=world.headers("data_officer_a"),
        )
        assert response.status_code == 201, response.text
        school.points[code] = response.json()["id"]
    return school


def upn(n: int) -> str:
    return make_upn(f"9993201{n:05d}")


def pupil(
    n: int,
    first: str,
    last: str,
    gender: str,
    year_group: str,
    **characteristics: Any,
) -> dict[str, Any]:
    return {
        "upn": upn(n),
        "mis_id": f"TRK{n:04d}",
        "legal_first_name": first,
        "legal_last_name": last,
        "date_of_birth": "2018-05-06" if year_group == "Y3" else "2017-05-06",
        "gender": gender,
        "year_group": year_group,
        "class": CLASSES[year_group],
        "characteristics": {"fsm": False, "sen_status": "none", "eal": False} | characteristics,
    }


def result(
    n: int, subject: str, point: str, value: str, scale: str | None = None
) -> dict[str, Any]:
    row = {
        "upn": upn(n),
        "subject": subject,
        "academic_year": THIS_YEAR,
        "point": point,
        "result": value,
    }
    if scale is not None:
        row["scale"] = scale
    return row
