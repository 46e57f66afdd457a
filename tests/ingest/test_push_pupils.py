"""The MIS pushes pupils: created, updated or unchanged, all or nothing, applied once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from termwise.pupils.models import Enrolment, Pupil, PupilCharacteristics
from tests.helpers import assert_problem
from tests.ingest.pushes import pupil, push_pupils, upn
from tests.world import World


def _pupils(db: Session) -> int:
    """Pupils these tests pushed (the test world has a couple of its own)."""
    pushed = Pupil.upn.like("_9992101%")
    return db.scalar(select(func.count()).select_from(Pupil).where(pushed)) or 0


def test_new_pupils_are_created_with_enrolment_and_characteristics(
    client: TestClient, world: World, db: Session
) -> None:
    response = push_pupils(client, world, [pupil(1), pupil(2)])
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"], body["rejected"]) == (2, 0, 0, 0)
    found = db.scalar(select(Pupil).where(Pupil.upn == upn(1)))
    assert found is not None and found.legal_first_name == "Pupil1"
    enrolment = db.scalar(select(Enrolment).where(Enrolment.pupil_id == found.id))
    assert enrolment is not None and enrolment.class_id == world.classes["a1_r"]
    traits = db.scalar(
        select(PupilCharacteristics).where(PupilCharacteristics.pupil_id == found.id)
    )
    assert traits is not None and traits.fsm is False and traits.sen_status == "none"


def test_the_same_batch_again_changes_nothing(client: TestClient, world: World) -> None:
    push_pupils(client, world, [pupil(1), pupil(2)])
    again = push_pupils(client, world, [pupil(1), pupil(2)]).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)


def test_a_changed_name_is_an_update_with_before_and_after_in_the_audit_log(
    client: TestClient, world: World, db: Session
) -> None:
    push_pupils(client, world, [pupil(1)])
    body = push_pupils(client, world, [pupil(1, legal_first_name="Zoë")]).json()
    assert (body["created"], body["updated"]) == (0, 1)
    event = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "pupils", AuditEvent.action == "update")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None
    assert event.before == {"legal_first_name": "Pupil1"}
    assert event.after == {"legal_first_name": "Zoë"}
    assert event.actor_kind == "client"


def test_full_unicode_names_are_kept_and_searchable(
    client: TestClient, world: World, db: Session
) -> None:
    names = {"legal_first_name": "Siân-Zoë", "legal_last_name": "O'Connor-Nguyễn"}
    assert push_pupils(client, world, [pupil(1, **names)]).status_code == 200
    found = db.scalar(select(Pupil).where(Pupil.upn == upn(1)))
    assert found is not None
    assert (found.legal_first_name, found.legal_last_name) == ("Siân-Zoë", "O'Connor-Nguyễn")
    assert found.search_name == "sianzoe oconnornguyen"


def test_bad_rows_are_all_listed_and_nothing_is_written(
    client: TestClient, world: World, db: Session
) -> None:
    bad_check = "A" + upn(2)[1:] if upn(2)[0] != "A" else "B" + upn(2)[1:]
    response = push_pupils(
        client,
        world,
        [
            pupil(1),
            pupil(2, upn=bad_check),
            pupil(3, upn="A12345"),
            pupil(4, date_of_birth="2099-01-01"),
            pupil(1, mis_id="OTHER"),
            pupil(6, **{"class": "No such class"}),
            pupil(7, year_group="Y42"),
        ],
    )
    body = assert_problem(response, 422)
    assert {(e["pointer"], e["code"]) for e in body["errors"]} == {
        ("/pupils/1/upn", "upn_check_letter"),
        ("/pupils/2/upn", "upn_length"),
        ("/pupils/3/date_of_birth", "future_date"),
        ("/pupils/4/upn", "duplicate"),
        ("/pupils/5/class", "unknown_class"),
        ("/pupils/6/year_group", "unknown_code"),
    }
    assert _pupils(db) == 0


def test_partial_mode_writes_the_good_rows_and_reports_the_rest(
    client: TestClient, world: World, db: Session
) -> None:
    response = push_pupils(
        client, world, [pupil(1), pupil(2, upn="A12345")], params={"mode": "partial"}
    )
    body = response.json()
    assert (body["created"], body["rejected"]) == (1, 1)
    assert body["errors"][0]["pointer"] == "/pupils/1/upn"
    assert body["quality"]["invalid_upns"] == {"count": 1, "rows": [1]}
    assert _pupils(db) == 1


def test_a_resent_request_with_the_same_key_is_applied_once(
    client: TestClient, world: World, db: Session
) -> None:
    key = {"Idempotency-Key": "batch-0001-abc"}
    first = push_pupils(client, world, [pupil(1)], headers=key)
    second = push_pupils(client, world, [pupil(1)], headers=key)
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json()["created"] == 1
    reused = push_pupils(client, world, [pupil(2)], headers=key)
    assert_problem(reused, 409)
    assert _pupils(db) == 1


def test_a_pupil_who_moves_school_keeps_one_record(
    client: TestClient, world: World, db: Session
) -> None:
    push_pupils(client, world, [pupil(1)])
    moved = push_pupils(
        client,
        world,
        [pupil(1, mis_id="A2-77", year_group="Y1", **{"class": "Class a2_y1"})],
        who="data_officer_a",
        school="a2",
    )
    assert moved.json()["created"] == 0
    assert _pupils(db) == 1
    moved_id = db.scalar(select(Pupil.id).where(Pupil.upn == upn(1)))
    schools = set(db.scalars(select(Enrolment.school_id).where(Enrolment.pupil_id == moved_id)))
    assert schools == {world.schools["a1"], world.schools["a2"]}


def test_only_writers_at_the_school_may_push(client: TestClient, world: World) -> None:
    assert_problem(push_pupils(client, world, [pupil(1)], who="teacher_a1"), 403)
    assert_problem(push_pupils(client, world, [pupil(1)], who="governor_a1"), 403)
    assert_problem(push_pupils(client, world, [pupil(1)], who="mis_a1", school="a2"), 404)
    assert_problem(push_pupils(client, world, [pupil(1)], who="mis_b1"), 404)
