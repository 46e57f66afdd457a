"""The MIS pushes results: every bad row named, history kept, closed points protected,
and a request that dies half-way leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentHistory
from termwise.ingest import results as result_rows
from termwise.ingest.models import IdempotencyRecord
from tests.helpers import assert_problem
from tests.ingest.pushes import (
    LAST_YEAR,
    add_points,
    pupil,
    push_pupils,
    push_results,
    result,
)
from tests.world import World


@pytest.fixture
def school_a1(client: TestClient, world: World, db: Session) -> None:
    """Three Reception pupils at A1 this year; pupil 1 was also on roll last year."""
    add_points(db, world)
    assert push_pupils(client, world, [pupil(1), pupil(2), pupil(3)]).status_code == 200
    last = push_pupils(client, world, [pupil(1, **{"class": None})], year=LAST_YEAR)
    assert last.status_code == 200, last.text


def _count(db: Session, model: Any) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_results_are_created_then_unchanged_then_updated_with_history(
    client: TestClient, world: World, db: Session, school_a1: None
) -> None:
    first = push_results(client, world, [result(1, "RE"), result(2, "RD")]).json()
    assert (first["created"], first["updated"], first["unchanged"]) == (2, 0, 0)
    again = push_results(client, world, [result(1, "RE"), result(2, "RD")]).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    changed = push_results(client, world, [result(1, "RS"), result(2, "RD")]).json()
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 1)
    history = db.scalars(select(AssessmentHistory)).all()
    assert len(history) == 1
    assert history[0].recorded_by == "Client mis_a1" and history[0].replaced_by == "Client mis_a1"
    old_step = db.scalar(
        select(Assessment.step_id).where(Assessment.id == history[0].assessment_id)
    )
    assert history[0].step_id != old_step


def test_scores_non_results_and_steps_of_each_scale_are_understood(
    client: TestClient, world: World, db: Session, school_a1: None
) -> None:
    response = push_results(
        client,
        world,
        [
            result(1, "104", subject="maths"),
            result(2, "absent"),
            result(3, "EXS", subject="writing"),
            result(3, "2b", subject="maths"),
        ],
    )
    assert response.json()["created"] == 4, response.text
    rows = {(a.pupil_id, a.subject_id): a for a in db.scalars(select(Assessment))}
    assert sorted(a.score for a in rows.values() if a.score is not None) == [104.0]
    assert [a.non_result for a in rows.values() if a.non_result] == ["absent"]


def test_every_bad_row_is_named_and_nothing_is_written(
    client: TestClient, world: World, db: Session, school_a1: None
) -> None:
    response = push_results(
        client,
        world,
        [
            result(1, "RE"),
            result(99, "RE"),
            result(1, "RE", subject="latin"),
            result(1, "ZZZ", subject="maths"),
            result(1, "RE", point="midsummer"),
            result(2, "EXS", scale="nc_levels"),
            result(3, "130", subject="maths"),
            result(1, "RD"),
            {"subject": "reading", "academic_year": "2026/27", "point": "aut", "result": "RE"},
            result(1, "RE", upn="A12"),
        ],
    )
    body = assert_problem(response, 422)
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [
        ("/results/1/upn", "unknown_pupil"),
        ("/results/2/subject", "unknown_subject"),
        ("/results/3/result", "unknown_step"),
        ("/results/4/point", "unknown_point"),
        ("/results/5/result", "step_not_on_scale"),
        ("/results/6/result", "score_out_of_range"),
        ("/results/7/result", "conflicting_duplicate"),
        ("/results/8/upn", "missing_identity"),
        ("/results/9/upn", "upn_length"),
    ]
    assert _count(db, Assessment) == 0


def test_a_pupil_not_on_the_pushing_schools_roll_is_refused(
    client: TestClient, world: World, db: Session, school_a1: None
) -> None:
    elsewhere = pupil(50, mis_id="B50", year_group="Y1", **{"class": None})
    push_pupils(client, world, [elsewhere], who="data_officer_a", school="a2")
    response = push_results(client, world, [result(50, "RE")])
    body = assert_problem(response, 422)
    assert body["errors"][0]["code"] == "not_enrolled_here"


def test_identical_duplicates_are_merged_and_counted(
    client: TestClient, world: World, school_a1: None
) -> None:
    body = push_results(client, world, [result(1, "RE"), result(1, "RE")]).json()
    assert body["created"] == 1
    assert body["quality"]["duplicates_merged"] == {"count": 1, "rows": [1]}


def test_the_summary_lists_pupils_still_without_a_result(
    client: TestClient, world: World, school_a1: None
) -> None:
    body = push_results(client, world, [result(1, "RE")]).json()
    [missing] = body["quality"]["missing_results"]
    # Pupils 2 and 3, and the test world's own pupil in A1.
    assert (missing["point"], missing["subject"], missing["count"]) == ("aut", "reading", 3)
    assert world.pupils["a1_r"] in missing["pupil_ids"]


def test_partial_mode_writes_the_valid_rows(
    client: TestClient, world: World, db: Session, school_a1: None
) -> None:
    body = push_results(
        client, world, [result(1, "RE"), result(2, "nonsense")], params={"mode": "partial"}
    ).json()
    assert (body["created"], body["rejected"]) == (1, 1)
    assert body["quality"]["unknown_codes"] == {}
    assert _count(db, Assessment) == 1


def test_a_closed_point_is_refused_to_the_mis_and_corrected_by_a_leader_with_a_reason(
    client: TestClient, world: World, db: Session, school_a1: None
) -> None:
    last_year = result(1, "RS", academic_year=LAST_YEAR, point="sum")
    assert_problem(push_results(client, world, [last_year]), 422)
    assert_problem(push_results(client, world, [last_year], who="head_a1"), 422)
    corrected = push_results(client, world, [last_year], who="head_a1", reason="Moderated")
    assert corrected.json()["created"] == 1, corrected.text
    changed = push_results(
        client, world, [last_year | {"result": "RM"}], who="head_a1", reason="Re-moderated"
    )
    assert changed.json()["updated"] == 1
    assert db.scalar(select(AssessmentHistory.reason)) == "Re-moderated"


def test_a_request_killed_half_way_leaves_nothing_and_its_retry_applies_once(
    client: TestClient,
    world: World,
    db: Session,
    school_a1: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = {"Idempotency-Key": "results-2026-aut-0001"}
    rows = [result(1, "RE"), result(2, "RD")]

    def die(*args: object, **kwargs: object) -> None:
        raise ConnectionResetError("the worker died mid-write")

    monkeypatch.setattr(result_rows, "_upsert", die)
    with TestClient(client.app, raise_server_exceptions=False) as dying:
        assert push_results(dying, world, rows, headers=key).status_code == 500
    assert _count(db, Assessment) == 0
    assert _count(db, IdempotencyRecord) == 0
    monkeypatch.undo()

    retry = push_results(client, world, rows, headers=key)
    assert retry.json()["created"] == 2
    replay = push_results(client, world, rows, headers=key)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == retry.json()
    assert _count(db, Assessment) == 2


def test_ten_thousand_rows_in_one_request(
    client: TestClient, world: World, db: Session, school_a1: None
) -> None:
    pupils = [pupil(n) for n in range(100, 2100)]
    pushed = push_pupils(client, world, pupils)
    assert pushed.json().get("created") == 2000, pushed.text[:500]
    subjects = ("reading", "writing", "maths", "science", "gps")
    rows = [result(n, "RD", subject=s) for n in range(100, 2100) for s in subjects]
    body = push_results(client, world, rows).json()
    assert body["created"] == 10_000
    assert _count(db, Assessment) == 10_000


def test_only_writers_at_the_school_may_push_results(
    client: TestClient, world: World, school_a1: None
) -> None:
    assert_problem(push_results(client, world, [result(1, "RE")], who="governor_a1"), 403)
    assert_problem(push_results(client, world, [result(1, "RE")], who="dashboard_a"), 403)
    assert_problem(push_results(client, world, [result(1, "RE")], who="mis_b1"), 404)
