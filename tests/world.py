"""A small world of two trusts for tests: every role, each kind of client, one of everything.

Trust A (Ashdown) has schools A1 and A2; trust B (Beacon) has school B1. Names in the tests
say whose each thing is: ``head_a1`` is the head teacher of school A1.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from termwise import security
from termwise.assessment.models import AssessmentPoint, Scale, ScaleKind
from termwise.auth.models import ApiClient, RoleAssignment, User
from termwise.auth.roles import CLIENT_KIND_PERMISSIONS, ClientKind, Role
from termwise.ingest.models import ImportJob, JobStatus
from termwise.orgs.models import Phase, School, SchoolClass, Trust, YearGroup
from termwise.orgs.years import current_academic_year
from termwise.pupils.models import Enrolment, Gender, Pupil
from termwise.pupils.upn import make_upn

TEST_KEY = secrets.token_urlsafe(48)
PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    trusts: dict[str, int] = field(default_factory=dict)
    schools: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    clients: dict[str, int] = field(default_factory=dict)
    client_secrets: dict[str, str] = field(default_factory=dict)
    pupils: dict[str, int] = field(default_factory=dict)
    import_jobs: dict[str, int] = field(default_factory=dict)
    scale_a: int = 0
    point_a: int = 0

    def token(self, who: str) -> str:
        subject = (
            f"client:{self.clients[who]}" if who in self.clients else f"user:{self.users[who]}"
        )
        token, _ = security.sign_access_token(subject, TEST_KEY, timedelta(minutes=5))
        return token

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(who)}"}


def build_world(session: Session) -> World:
    world = World()
    year = current_academic_year(session)
    year_groups = {y.code: y for y in session.query(YearGroup)}
    password_hash = security.hash_password(PASSWORD)

    def add(row: object) -> None:
        session.add(row)
        session.flush()

    for key, name in (("a", "Ashdown Learning Trust"), ("b", "Beacon Schools Trust")):
        trust = Trust(name=name, reference=f"T-{key}")
        add(trust)
        world.trusts[key] = trust.id
    for key, trust_key, urn in (
        ("a1", "a", "800001"),
        ("a2", "a", "800002"),
        ("b1", "b", "800101"),
    ):
        school = School(
            trust_id=world.trusts[trust_key],
            urn=urn,
            laestab=f"888{urn[-4:]}",
            name=f"School {key.upper()}",
            phase=Phase.primary,
        )
        add(school)
        world.schools[key] = school.id
    for key, school_key, codes in (
        ("a1_r", "a1", ("R",)),
        ("a1_y6", "a1", ("Y6",)),
        ("a2_y1", "a2", ("Y1",)),
        ("b1_r", "b1", ("R",)),
    ):
        school_class = SchoolClass(
            school_id=world.schools[school_key],
            academic_year_id=year.id,
            name=f"Class {key}",
            year_groups=[year_groups[c] for c in codes],
        )
        add(school_class)
        world.classes[key] = school_class.id

    people: list[tuple[str, Role | None, dict[str, int]]] = [
        ("platform_admin", None, {}),
        ("trust_leader_a", Role.trust_leader, {"trust_id": world.trusts["a"]}),
        ("data_officer_a", Role.data_officer, {"trust_id": world.trusts["a"]}),
        ("data_officer_b", Role.data_officer, {"trust_id": world.trusts["b"]}),
        ("adviser_a", Role.external_adviser, {"trust_id": world.trusts["a"]}),
        ("head_a1", Role.head_teacher, {"school_id": world.schools["a1"]}),
        ("governor_a1", Role.governor, {"school_id": world.schools["a1"]}),
        ("teacher_a1", Role.class_teacher, {"class_id": world.classes["a1_r"]}),
        ("head_a2", Role.head_teacher, {"school_id": world.schools["a2"]}),
        ("trust_leader_b", Role.trust_leader, {"trust_id": world.trusts["b"]}),
        ("head_b1", Role.head_teacher, {"school_id": world.schools["b1"]}),
        ("disabled_a1", Role.head_teacher, {"school_id": world.schools["a1"]}),
    ]
    for key, role, scope in people:
        email = f"{key.replace('_', '.')}@tests.example"
        user = User(
            email=email,
            full_name=key.replace("_", " ").title(),
            password_hash=password_hash,
            is_platform_admin=key == "platform_admin",
            is_active=key != "disabled_a1",
        )
        add(user)
        world.users[key] = user.id
        world.emails[key] = email
        if role is not None:
            add(RoleAssignment(user_id=user.id, role=role, **scope))

    clients: list[tuple[str, ClientKind, str, str | None]] = [
        ("mis_a1", ClientKind.mis, "a", "a1"),
        ("dashboard_a", ClientKind.dashboard, "a", None),
        ("mis_b1", ClientKind.mis, "b", "b1"),
    ]
    for key, kind, trust_key, home_school in clients:
        secret = security.new_secret()
        client = ApiClient(
            client_id=f"test-{key}",
            name=f"Client {key}",
            secret_digest=security.secret_digest(secret),
            kind=kind,
            trust_id=world.trusts[trust_key],
            school_id=world.schools[home_school] if home_school else None,
            scopes=" ".join(p.value for p in CLIENT_KIND_PERMISSIONS[kind]),
        )
        add(client)
        world.clients[key] = client.id
        world.client_secrets[key] = secret
    for key, school_key, class_key in (("a1_r", "a1", "a1_r"), ("b1_r", "b1", "b1_r")):
        pupil = Pupil(
            trust_id=world.trusts[school_key[0]],
            upn=make_upn(f"88810{len(world.pupils) + 1:07d}"),
            legal_first_name=f"World {key}",
            legal_last_name="Pupil",
            date_of_birth=date(2021, 1, 1),
            gender=Gender.other,
            search_name=f"world {key} pupil",
        )
        add(pupil)
        add(
            Enrolment(
                pupil_id=pupil.id,
                academic_year_id=year.id,
                school_id=world.schools[school_key],
                year_group_id=year_groups["R"].id,
                class_id=world.classes[class_key],
            )
        )
        world.pupils[key] = pupil.id
    job = ImportJob(
        school_id=world.schools["a1"],
        file_format="csv",
        filename="pupils.csv",
        content=b"upn\r\n",
        mode="all",
        status=JobStatus.failed,
        rows_done=0,
        errors=[{"pointer": "/file", "message": "columns missing", "code": "columns"}],
        created_by="data.officer.a@tests.example",
        created_by_subject=f"user:{world.users['data_officer_a']}",
    )
    add(job)
    world.import_jobs["a1"] = job.id
    # A scale of trust A's own (no steps needed: it is there to be hidden from trust B).
    scale = Scale(trust_id=world.trusts["a"], code="ashdown_only", name="Ashdown's own",
                  kind=ScaleKind.steps)  # fmt: skip
    add(scale)
    world.scale_a = scale.id
    point = AssessmentPoint(trust_id=world.trusts["a"], academic_year_id=year.id, code="world",
                            name="World point", slot="world", ordinal=9,
                            assessed_on=year.starts_on)  # fmt: skip
    add(point)
    world.point_a = point.id
    return world
