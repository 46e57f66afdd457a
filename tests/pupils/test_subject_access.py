"""A subject access request: everything held about a pupil, as a zip, for those who may ask."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from termwise.db import Base
from termwise.orgs.models import YearGroup
from termwise.orgs.years import current_academic_year
from termwise.pupils import holdings
from termwise.pupils.models import Enrolment
from tests.helpers import assert_problem
from tests.pupils.arrange import PERSONAL, UPN, Arranged, pupil_with_everything
from tests.world import World


@pytest.fixture
def arranged(db: Session, world: World) -> Arranged:
    return pupil_with_everything(db, world)


def _export(client: TestClient, world: World, who: str, pupil_id: int) -> zipfile.ZipFile:
    response = client.get(f"/api/v1/pupils/{pupil_id}/export", headers=world.headers(who))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def _csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def _exports_recorded(db: Session, pupil_id: int) -> list[AuditEvent]:
    return list(
        db.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "export", AuditEvent.entity_id == str(pupil_id)
            )
        )
    )


def test_every_table_with_a_pupil_id_is_in_the_export() -> None:
    """A table added later with a pupil_id column fails here until the export (and so erasure)
    covers it."""
    with_pupil_id = {t.name for t in Base.metadata.sorted_tables if "pupil_id" in t.columns}
    assert with_pupil_id, "the metadata should list the pupils' tables"
    assert with_pupil_id <= holdings.covered_tables(), with_pupil_id - holdings.covered_tables()


def test_the_head_teacher_exports_everything_held_about_the_pupil(
    client: TestClient, world: World, db: Session, arranged: Arranged
) -> None:
    archive = _export(client, world, "head_a1", arranged.pupil_id)
    names = set(archive.namelist())
    sections = [s.name for s in holdings.SECTIONS]
    fixed = {"README.txt", "pupil.json", "pupil.csv", "audit_log.csv"}
    fixed |= {"plan_reviews.csv", "import_files.csv"}
    assert names == fixed | {f"{s}.csv" for s in sections}
    document: dict[str, Any] = json.loads(archive.read("pupil.json"))
    assert document["pupil"]["upn"] == UPN
    assert document["pupil"]["legal_first_name"] == "Zoë"
    assert document["pupil"]["date_of_birth"] == "2019-05-06"
    for section in sections:
        assert document[section], f"{section} should hold the arranged row"
        assert len(_csv_rows(archive, f"{section}.csv")) == len(document[section])
    assert [r["legal_last_name"] for r in _csv_rows(archive, "pupil.csv")] == ["Ashworth-Lyle"]
    assert document["result_history"][0]["reason"] == "Marked again"
    assert document["meeting_discussions"][0]["what_helped"] == "Zoë likes phonics"
    assert document["characteristics"][0]["sen_status"] == "sen_support"
    logged = {(e["entity_type"], e["action"]) for e in document["audit_log"]}
    assert {("pupils", "create"), ("flag_mutes", "create")} <= logged
    assert ("target_group_members", "create") in logged
    [review] = document["plan_reviews"]
    assert review["frozen_value"] == 50.0 and review["criterion"] == "Reading for pleasure"
    assert [f["import_id"] for f in document["import_files"]] == list(arranged.imports)
    assert world.import_jobs["a1"] not in [f["import_id"] for f in document["import_files"]]
    readme = archive.read("README.txt").decode()
    assert "head.a1@tests.example" in readme and "results.csv" in readme


def test_the_export_is_recorded_with_nothing_about_the_pupil_but_their_id(
    client: TestClient, world: World, db: Session, arranged: Arranged
) -> None:
    _export(client, world, "head_a1", arranged.pupil_id)
    [event] = _exports_recorded(db, arranged.pupil_id)
    assert event.actor_id == world.users["head_a1"]
    assert event.entity_type == "pupils" and event.school_id == world.schools["a1"]
    stored = json.dumps([event.before, event.after], ensure_ascii=False)
    assert not [p for p in PERSONAL if p in stored]
    # The next export lists the first among who read the pupil's data.
    document = json.loads(_export(client, world, "head_a1", arranged.pupil_id).read("pupil.json"))
    assert "export" in {e["action"] for e in document["audit_log"]}


@pytest.mark.parametrize("who", ["trust_leader_a", "data_officer_a"])
def test_trust_wide_roles_export(
    client: TestClient, world: World, db: Session, arranged: Arranged, who: str
) -> None:
    _export(client, world, who, arranged.pupil_id)
    [event] = _exports_recorded(db, arranged.pupil_id)
    assert event.school_id is None and event.trust_id == world.trusts["a"]


def test_the_head_of_a_school_the_pupil_was_at_exports(
    client: TestClient, world: World, db: Session, arranged: Arranged
) -> None:
    assert_problem(
        client.get(f"/api/v1/pupils/{arranged.pupil_id}/export", headers=world.headers("head_a2")),
        404,
    )
    year_one = db.scalar(select(YearGroup.id).where(YearGroup.code == "Y1"))
    assert year_one is not None
    db.add(Enrolment(pupil_id=arranged.pupil_id, academic_year_id=current_academic_year(db).id,
                     school_id=world.schools["a2"], year_group_id=year_one))  # fmt: skip
    db.flush()
    _export(client, world, "head_a2", arranged.pupil_id)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("teacher_a1", 403),  # reads the class's pupils, but a teacher does not export
        ("governor_a1", 403),
        ("adviser_a", 403),
        ("head_b1", 404),
        ("trust_leader_b", 404),
        ("data_officer_b", 404),
    ],
)
def test_others_are_refused_and_nothing_is_recorded(
    client: TestClient, world: World, db: Session, arranged: Arranged, who: str, status: int
) -> None:
    before = db.scalar(select(func.count()).select_from(AuditEvent))
    response = client.get(f"/api/v1/pupils/{arranged.pupil_id}/export", headers=world.headers(who))
    assert_problem(response, status)
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_a_pupil_with_little_recorded_exports_empty_sections(
    client: TestClient, world: World
) -> None:
    archive = _export(client, world, "head_a1", world.pupils["a1_r"])
    assert archive.read("flag_mutes.csv").decode().strip() == "flag_mutes"
    assert len(_csv_rows(archive, "enrolments.csv")) == 1
