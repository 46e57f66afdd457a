"""Erasing a pupil on request: every row about them goes, frozen review figures stay, and the
audit log keeps who erased them and why, without what was erased."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentHistory
from termwise.audit.models import AuditEvent
from termwise.db import Base
from termwise.ingest.models import ImportJob, JobStatus
from termwise.interventions.models import Intervention
from termwise.plans.models import ReviewedCriterion
from termwise.pupils.models import Pupil
from tests.helpers import assert_problem
from tests.pupils.arrange import PERSONAL, UPN, Arranged, pupil_with_everything
from tests.world import World


@pytest.fixture
def arranged(db: Session, world: World) -> Arranged:
    return pupil_with_everything(db, world)


def _erase(
    client: TestClient,
    world: World,
    pupil_id: int,
    body: dict[str, Any],
    who: str = "data_officer_a",
) -> Any:
    return client.post(f"/api/v1/pupils/{pupil_id}/erase", json=body, headers=world.headers(who))


def _good(reason: str = "Parent's request under UK GDPR article 17") -> dict[str, str]:
    return {"reason": reason, "confirm_upn": UPN}


def _rows_about(db: Session, pupil_id: int) -> dict[str, int]:
    counts = {}
    for t in Base.metadata.sorted_tables:
        if "pupil_id" in t.columns:
            counts[t.name] = db.scalar(
                select(func.count()).select_from(t).where(t.c.pupil_id == pupil_id)
            )
    return counts


def _frozen(db: Session, arranged: Arranged) -> tuple[Any, ...]:
    row = db.execute(
        select(
            ReviewedCriterion.frozen_value,
            ReviewedCriterion.frozen_cohort,
            ReviewedCriterion.frozen_pupil_ids,
            ReviewedCriterion.frozen_point_id,
            ReviewedCriterion.version,
            ReviewedCriterion.updated_at,
        ).where(ReviewedCriterion.id == arranged.reviewed_criterion_id)
    ).one()
    return tuple(row)


def _audit_text(db: Session) -> str:
    events = db.execute(select(AuditEvent.before, AuditEvent.after)).all()
    return json.dumps([list(e) for e in events], ensure_ascii=False)


def test_the_data_officer_erases_every_row_about_the_pupil(
    client: TestClient, world: World, db: Session, arranged: Arranged
) -> None:
    frozen = _frozen(db, arranged)
    before = _rows_about(db, arranged.pupil_id)
    assert all(before.values()), f"the arrangement should fill every table: {before}"
    assert [p for p in PERSONAL if p in _audit_text(db)], "the log held the pupil's data"

    response = _erase(client, world, arranged.pupil_id, {**_good(), "confirm_upn": UPN.lower()})

    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["pupil_id"] == arranged.pupil_id
    assert answer["rows"]["pupils"] == 1 and answer["rows"]["assessment_history"] == 1
    assert {t: answer["rows"][t] for t in before} == before
    assert answer["audit_events_erased"] >= 5
    db.expire_all()
    assert not any(_rows_about(db, arranged.pupil_id).values())
    assert db.get(Pupil, arranged.pupil_id) is None
    history = select(func.count()).select_from(AssessmentHistory)
    assert db.scalar(history.where(AssessmentHistory.assessment_id == arranged.result_id)) == 0
    # The school's provision stays, without the pupil or the action it came from.
    intervention = db.get(Intervention, arranged.intervention_id)
    assert intervention is not None and intervention.meeting_action_id is None
    # The signed-off review's frozen figure is exactly as it was.
    assert _frozen(db, arranged) == frozen
    # Finished import files naming the pupil are emptied; a queued one and others stay whole.
    assert answer["import_files_emptied"] == 2
    csv_file, bundle, queued = (db.get(ImportJob, i) for i in arranged.imports)
    assert csv_file is not None and bundle is not None and queued is not None
    assert csv_file.content == b"" and bundle.content == b"" and UPN.encode() in queued.content
    assert csv_file.filename == "pupils.csv" and csv_file.status == JobStatus.succeeded
    other = db.get(ImportJob, world.import_jobs["a1"])
    assert other is not None and other.content == b"upn\r\n"


def test_the_erasure_is_recorded_without_the_erased_data(
    client: TestClient, world: World, db: Session, arranged: Arranged
) -> None:
    assert _erase(client, world, arranged.pupil_id, _good()).status_code == 200
    [event] = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "erase", AuditEvent.entity_id == str(arranged.pupil_id)
        )
    ).all()
    assert event.actor_id == world.users["data_officer_a"]
    assert event.entity_type == "pupils" and event.trust_id == world.trusts["a"]
    assert event.after is not None and event.after["reason"].startswith("Parent's request")
    assert event.after["rows"]["meeting_pupils"] == 1
    leaked = [p for p in PERSONAL if p in _audit_text(db)]
    assert not leaked, f"the audit log still holds {leaked}"
    # Earlier events keep who did what, and when.
    created = db.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "pupils",
            AuditEvent.entity_id == str(arranged.pupil_id),
            AuditEvent.action == "create",
        )
    )
    assert created is not None and created.after is not None
    assert created.after["legal_first_name"] == "[erased]" and created.after["id"] is not None


def test_a_second_erasure_and_an_export_find_nobody(
    client: TestClient, world: World, arranged: Arranged
) -> None:
    assert _erase(client, world, arranged.pupil_id, _good()).status_code == 200
    assert_problem(_erase(client, world, arranged.pupil_id, _good()), 404)
    response = client.get(
        f"/api/v1/pupils/{arranged.pupil_id}/export", headers=world.headers("trust_leader_a")
    )
    assert_problem(response, 404)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"confirm_upn": UPN}, "/reason"),
        ({"reason": "", "confirm_upn": UPN}, "/reason"),
        ({"reason": "   ", "confirm_upn": UPN}, "/reason"),
        ({"reason": "Parent's request"}, "/confirm_upn"),
        ({"reason": "Parent's request", "confirm_upn": "A123456789012"}, "/confirm_upn"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    client: TestClient,
    world: World,
    db: Session,
    arranged: Arranged,
    body: dict[str, str],
    pointer: str,
) -> None:
    events = db.scalar(select(func.count()).select_from(AuditEvent))
    before = _rows_about(db, arranged.pupil_id)
    problem = assert_problem(_erase(client, world, arranged.pupil_id, body), 422)
    assert pointer in [e["pointer"] for e in problem["errors"]]
    db.expire_all()
    assert _rows_about(db, arranged.pupil_id) == before
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert UPN not in json.dumps(problem)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("trust_leader_a", 403),  # reads every pupil, but erasing is the data officer's
        ("head_a1", 403),  # writes the school's pupils, but erasure is the trust's
        ("teacher_a1", 403),
        ("governor_a1", 403),
        ("data_officer_b", 404),
        ("head_b1", 404),
    ],
)
def test_only_the_trusts_data_officer_erases(
    client: TestClient, world: World, db: Session, arranged: Arranged, who: str, status: int
) -> None:
    assert_problem(_erase(client, world, arranged.pupil_id, _good(), who), status)
    db.expire_all()
    assert all(_rows_about(db, arranged.pupil_id).values())


def test_a_pupil_without_a_upn_is_confirmed_by_their_id(
    client: TestClient, world: World, db: Session, arranged: Arranged
) -> None:
    pupil = db.get(Pupil, arranged.pupil_id)
    assert pupil is not None
    pupil.upn = None
    db.flush()
    refused = _erase(client, world, arranged.pupil_id, _good())
    assert_problem(refused, 422)
    body = {"reason": "Parent's request", "confirm_upn": str(arranged.pupil_id)}
    assert _erase(client, world, arranged.pupil_id, body).status_code == 200
