"""Reading pupils back: each role sees exactly its pupils; characteristics only where needed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.ingest.pushes import LAST_YEAR, add_points, pupil, push_pupils, push_results, result
from tests.world import World


@pytest.fixture
def pupils(client: TestClient, world: World, db: Session) -> None:
    """Pupils 1-2 in Reception class a1_r, pupil 3 in Y6 class a1_y6; pupil 1 also last year."""
    add_points(db, world)
    zoe = {"legal_first_name": "Zoë", "legal_last_name": "O'Brien"}
    batch = [
        pupil(1, **zoe),
        pupil(2, characteristics={"fsm": True, "eal": True, "sen_status": "sen_support"}),
        pupil(3, year_group="Y6", date_of_birth="2015-02-02", **{"class": "Class a1_y6"}),
    ]
    assert push_pupils(client, world, batch).status_code == 200
    last_year = [pupil(1, **zoe, **{"class": None})]
    assert push_pupils(client, world, last_year, year=LAST_YEAR).status_code == 200
    assert push_results(client, world, [result(1, "RE"), result(3, "Y6D")]).status_code == 200


def _names(client: TestClient, world: World, who: str, **params: object) -> set[str]:
    response = client.get("/api/v1/pupils", params=params, headers=world.headers(who))
    assert response.status_code == 200, response.text
    return {p["legal_first_name"] for p in response.json()["items"]}


def test_a_head_teacher_sees_every_pupil_of_the_school(
    client: TestClient, world: World, pupils: None
) -> None:
    assert _names(client, world, "head_a1") == {"Zoë", "Pupil2", "Pupil3", "World a1_r"}


def test_a_class_teacher_sees_only_their_class(
    client: TestClient, world: World, pupils: None
) -> None:
    assert _names(client, world, "teacher_a1") == {"Zoë", "Pupil2", "World a1_r"}


@pytest.mark.parametrize("who", ["governor_a1", "adviser_a", "dashboard_a"])
def test_aggregate_only_roles_never_see_a_pupil(
    client: TestClient, world: World, pupils: None, who: str
) -> None:
    assert_problem(client.get("/api/v1/pupils", headers=world.headers(who)), 403)


def test_search_ignores_accents_case_and_punctuation(
    client: TestClient, world: World, pupils: None
) -> None:
    assert _names(client, world, "head_a1", q="zoe obrien") == {"Zoë"}
    assert _names(client, world, "head_a1", q="O'BRI") == {"Zoë"}


def test_filters_by_class_year_group_and_characteristic(
    client: TestClient, world: World, pupils: None
) -> None:
    assert _names(client, world, "head_a1", class_id=world.classes["a1_y6"]) == {"Pupil3"}
    assert _names(client, world, "head_a1", year_group="Y6") == {"Pupil3"}
    assert _names(client, world, "head_a1", disadvantaged=True) == {"Pupil2"}
    assert _names(client, world, "head_a1", sen="sen_support") == {"Pupil2"}
    assert _names(client, world, "head_a1", eal=True) == {"Pupil2"}


def test_the_mis_reads_pupils_but_not_their_characteristics(
    client: TestClient, world: World, pupils: None
) -> None:
    items = client.get("/api/v1/pupils", headers=world.headers("mis_a1")).json()["items"]
    assert items and all(p["characteristics"] is None for p in items)
    filtered = client.get(
        "/api/v1/pupils", params={"disadvantaged": True}, headers=world.headers("mis_a1")
    )
    assert_problem(filtered, 403)


def test_a_pupil_page_has_enrolment_history_and_characteristics_by_year(
    client: TestClient, world: World, pupils: None
) -> None:
    [zoe] = client.get(
        "/api/v1/pupils", params={"q": "zoe"}, headers=world.headers("head_a1")
    ).json()["items"]
    detail = client.get(f"/api/v1/pupils/{zoe['id']}", headers=world.headers("head_a1")).json()
    assert [e["academic_year"] for e in detail["enrolments"]] == ["2026/27", "2025/26"]
    assert detail["enrolment"]["class_name"] == "Class a1_r"
    assert detail["upn_kind"] == "permanent"
    assert len(detail["characteristics_by_year"]) == 2


def test_results_are_listed_for_the_pupils_a_caller_sees(
    client: TestClient, world: World, pupils: None
) -> None:
    head = client.get("/api/v1/assessments", headers=world.headers("head_a1")).json()["items"]
    assert {(a["step"], a["point"], a["subject"]) for a in head} == {
        ("RE", "aut", "reading"),
        ("Y6D", "aut", "reading"),
    }
    teacher = client.get("/api/v1/assessments", headers=world.headers("teacher_a1")).json()
    assert [a["step"] for a in teacher["items"]] == ["RE"]
    assert teacher["items"][0]["step_label"] == "Reception emerging"
