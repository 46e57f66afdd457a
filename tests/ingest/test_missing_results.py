"""The missing-results summary: who on the school's roll still has no result at each point and
subject a batch wrote, counted in full and listed up to a limit."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.ingest import missing
from termwise.pupils.models import Pupil
from tests.ingest.pushes import (
    LAST_YEAR,
    add_points,
    pupil,
    push_pupils,
    push_results,
    result,
    upn,
)
from tests.world import World


@pytest.fixture
def roll(client: TestClient, world: World, db: Session) -> list[int]:
    """Pupils 1-4 on A1's roll this year (with the test world's own pupil a1_r); pupil 9 only
    last year."""
    add_points(db, world)
    assert push_pupils(client, world, [pupil(n) for n in (1, 2, 3, 4)]).status_code == 200
    last = push_pupils(client, world, [pupil(9, **{"class": None})], year=LAST_YEAR)
    assert last.status_code == 200, last.text
    return [1, 2, 3, 4]


def _missing(body: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    quality = body["quality"]
    assert isinstance(quality, dict)
    return {(m["point"], m["subject"]): m for m in quality["missing_results"]}


def test_each_subject_a_batch_wrote_is_counted_separately(
    client: TestClient, world: World, roll: list[int]
) -> None:
    body = push_results(
        client,
        world,
        [result(1, "RE"), result(2, "RE"), result(1, "RS", subject="maths")],
    ).json()
    by_subject = _missing(body)
    assert set(by_subject) == {("aut", "reading"), ("aut", "maths")}
    # Five on roll: 3, 4 and a1_r lack reading; all but pupil 1 lack maths.
    assert by_subject[("aut", "reading")]["count"] == 3
    assert by_subject[("aut", "maths")]["count"] == 4


def test_a_recorded_absence_counts_as_a_result(
    client: TestClient, world: World, roll: list[int]
) -> None:
    push_results(client, world, [result(n, "RE") for n in (1, 2)])
    body = push_results(client, world, [result(3, "absent"), result(4, "RE")]).json()
    [reading] = _missing(body).values()
    assert reading["count"] == 1
    assert reading["pupil_ids"] == [world.pupils["a1_r"]]


def test_nobody_is_missing_once_the_whole_roll_has_a_result(
    client: TestClient, world: World, db: Session, roll: list[int]
) -> None:
    first = push_results(client, world, [result(n, "RE") for n in roll]).json()
    assert _missing(first)[("aut", "reading")]["count"] == 1
    body = push_results(
        client, world, [result(n, "RE") for n in roll] + [_world_pupil_result(world, db)]
    ).json()
    assert _missing(body)[("aut", "reading")] == {
        "academic_year": "2026/27",
        "point": "aut",
        "subject": "reading",
        "count": 0,
        "pupil_ids": [],
    }


def test_the_listing_is_capped_in_pupil_order_but_the_count_is_whole(
    client: TestClient, world: World, roll: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(missing, "LISTED", 2)
    body = push_results(client, world, [result(1, "RE")]).json()
    [reading] = _missing(body).values()
    assert reading["count"] == 4
    listed = reading["pupil_ids"]
    assert isinstance(listed, list) and len(listed) == 2 and listed == sorted(listed)


def _world_pupil_result(world: World, db: Session) -> dict[str, object]:
    """A reading result for the test world's own Reception pupil at A1."""
    upn = db.scalar(select(Pupil.upn).where(Pupil.id == world.pupils["a1_r"]))
    return result(0, "RE", upn=upn)


def test_a_statutory_check_is_missing_only_for_the_year_group_that_takes_it(
    client: TestClient, world: World, db: Session, roll: list[int]
) -> None:
    """The phonics check is taken in Year 1: the Reception roll is not missing it, the Year 1
    pupil who has no mark is."""
    assert push_pupils(client, world, [pupil(n, year_group="Y1", **{"class": None})
                                       for n in (5, 6)]).status_code == 200  # fmt: skip
    check = result(5, "35", subject="phonics", point="phonics")
    [phonics] = _missing(push_results(client, world, [check]).json()).values()
    assert phonics["count"] == 1
    assert phonics["pupil_ids"] == [_pupil_id(db, 6)]


def _pupil_id(db: Session, n: int) -> int:
    pupil_id = db.scalar(select(Pupil.id).where(Pupil.upn == upn(n)))
    assert pupil_id is not None
    return pupil_id
