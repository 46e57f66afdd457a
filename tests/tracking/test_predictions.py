"""Teachers' end-of-year predictions through the API: upserted per subject and year, written
only by staff who record the pupil's results, audited, and shown on the grid."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from termwise.tracking.models import Prediction
from tests.helpers import assert_problem
from tests.tracking.arrange import Tracked, tracked_school
from tests.world import World


@pytest.fixture
def tracked(client: TestClient, world: World, db: Session) -> Tracked:
    return tracked_school(client, world, db)


def _put(
    client: TestClient, world: World, pupil_id: int, items: list[dict[str, Any]], who: str
) -> Any:
    return client.put(
        f"/api/v1/pupils/{pupil_id}/predictions",
        json={"predictions": items},
        headers=world.headers(who),
    )


def _maths(step: str, **more: Any) -> dict[str, Any]:
    return {"subject": "maths", "academic_year": "2026/27", "step": step} | more


def test_a_prediction_is_recorded_then_replaced_not_duplicated(
    client: TestClient, world: World, db: Session, tracked: Tracked
) -> None:
    pupil_id = tracked.pupils[1]
    first = _put(client, world, pupil_id, [_maths("RD")], "head_a1")
    assert first.status_code == 200, first.text
    [saved] = first.json()
    assert (saved["step"], saved["scale"], saved["school_id"]) == (
        "RD",
        "year_steps",
        world.schools["a1"],
    )
    assert saved["recorded_by"] == world.emails["head_a1"]

    second = _put(client, world, pupil_id, [_maths("RS", scale="year_steps")], "data_officer_a")
    assert second.status_code == 200, second.text

    listed = client.get(
        f"/api/v1/pupils/{pupil_id}/predictions", headers=world.headers("head_a1")
    ).json()
    assert [(p["subject"], p["step"], p["recorded_by"]) for p in listed] == [
        ("maths", "RS", world.emails["data_officer_a"])
    ]
    count = db.scalar(
        select(func.count()).select_from(Prediction).where(Prediction.pupil_id == pupil_id)
    )
    assert count == 1
    events = list(
        db.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == "predictions", AuditEvent.entity_id == str(saved["id"])
            )
            .order_by(AuditEvent.id)
        )
    )
    assert [(e.action, e.actor_id) for e in events] == [
        ("create", world.users["head_a1"]),
        ("update", world.users["data_officer_a"]),
    ]


def test_a_class_teacher_predicts_for_their_own_class_only(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    in_class = _put(client, world, tracked.pupils[2], [_maths("RS")], "teacher_a1")
    assert in_class.status_code == 200, in_class.text
    # Pupil 5 is in no class of theirs: not even visible to them.
    assert_problem(_put(client, world, tracked.pupils[5], [_maths("Y1S")], "teacher_a1"), 404)


@pytest.mark.parametrize(
    ("item", "pointer", "code"),
    [
        (_maths("ZZ9"), "/predictions/0/step", "unknown_step"),
        (_maths("RS", scale="nc_levels"), "/predictions/0/step", "unknown_step"),
        (_maths("RS", scale="nowhere"), "/predictions/0/scale", "unknown_scale"),
        (_maths("RS", scale="ks2_scaled"), "/predictions/0/scale", "unknown_scale"),
        (_maths("RS", subject="latin"), "/predictions/0/subject", "unknown_subject"),
        (_maths("RS", academic_year="2020/21"), "/predictions/0/academic_year", "not_on_roll"),
    ],
)
def test_invalid_predictions_are_refused_naming_the_field(
    client: TestClient,
    world: World,
    tracked: Tracked,
    item: dict[str, Any],
    pointer: str,
    code: str,
) -> None:
    problem = assert_problem(_put(client, world, tracked.pupils[1], [item], "head_a1"), 422)
    assert (problem["errors"][0]["pointer"], problem["errors"][0]["code"]) == (pointer, code)


def test_a_batch_with_one_bad_item_saves_nothing(
    client: TestClient, world: World, db: Session, tracked: Tracked
) -> None:
    items = [_maths("RS"), _maths("RD"), _maths("??", subject="reading")]
    problem = assert_problem(_put(client, world, tracked.pupils[1], items, "head_a1"), 422)
    assert {e["pointer"] for e in problem["errors"]} == {
        "/predictions/1/subject",
        "/predictions/2/step",
    }
    assert db.scalar(select(func.count()).select_from(Prediction)) == 0
    assert_problem(_put(client, world, tracked.pupils[1], [], "head_a1"), 422)


@pytest.mark.parametrize(
    ("who", "status"), [("head_b1", 404), ("head_a2", 404), ("governor_a1", 403)]
)
def test_others_may_neither_read_nor_write_a_pupils_predictions(
    client: TestClient, world: World, tracked: Tracked, who: str, status: int
) -> None:
    pupil_id = tracked.pupils[1]
    assert_problem(_put(client, world, pupil_id, [_maths("RS")], who), status)
    response = client.get(f"/api/v1/pupils/{pupil_id}/predictions", headers=world.headers(who))
    assert_problem(response, status)


def test_staff_who_only_read_pupils_may_not_predict(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    # Trust leaders see every pupil but record no results.
    assert_problem(_put(client, world, tracked.pupils[1], [_maths("RS")], "trust_leader_a"), 403)


def test_the_grid_shows_the_predicted_share_at_are(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    # Two of the four Reception pupils (plus the world's one) predicted at the summer ARE (RS).
    for n, step in ((1, "RS"), (2, "RM"), (3, "RD")):
        assert _put(client, world, tracked.pupils[n], [_maths(step)], "head_a1").status_code == 200
    grid = client.get(
        f"/api/v1/schools/{world.schools['a1']}/tracking/grid",
        params={"subject": "maths"},
        headers=world.headers("head_a1"),
    ).json()
    reception = next(c for c in grid["columns"] if c["year_group"] == "R")
    assert reception["cohort"] == 5
    assert reception["predicted_percent_at_or_above"] == 40.0
