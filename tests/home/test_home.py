"""Each person's home, in one request, from the same sources as the pages behind it: on the
hand-worked school (A2), its head teacher, a Year 3 teacher and a governor."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.plans.arrange import active_plan
from tests.tracking.school import School
from tests.tracking.test_hand_worked import load
from tests.world import World

Loaded = tuple[School, dict[int, int]]


@pytest.fixture
def loaded(db: Session, client: TestClient, world: World) -> Loaded:
    return load(db, client, world)


def home(client: TestClient, school: School, who: str) -> Any:
    response = client.get("/api/v1/me/home", headers=school.headers(who))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_head_teachers_home_has_the_grids_figures_and_the_pupils_who_need_attention(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    found = home(client, school, "head_a2")
    assert found["kind"] == "school"
    [mine] = found["schools"]
    lines = {h["subject"]: h for h in mine["headline"]}
    assert set(lines) == {"reading", "writing", "maths", "combined"}
    for subject in ("reading", "combined"):
        measure = client.get(
            f"/api/v1/schools/{school.id}/measures/pct_at_are",
            params={"subject": subject},
            headers=school.headers("head_a2"),
        ).json()
        assert lines[subject]["value"] == measure["value"]
    # Summer against autumn: the change is the difference of the two points' figures.
    reading = lines["reading"]
    assert reading["change"] == round(reading["value"] - reading["previous"], 1)
    flagged = school.read(client, "head_a2", "flags", subject="reading",
                          flag=["falling_behind"])  # fmt: skip
    behind = {f["pupil_id"] for f in flagged["items"]}
    assert ids[4] in behind
    assert {(p["pupil_id"], p["subject"]) for p in mine["newly_flagged"]} >= {(ids[4], "reading")}
    assert mine["falling_behind"] >= len(behind)


def test_a_teacher_sees_their_class_and_a_governor_no_pupils_but_the_plans_progress(
    client: TestClient, loaded: Loaded, db: Session
) -> None:
    school, _ = loaded
    active_plan(db, school.id)
    teacher = home(client, school, "teacher_a2_y3")
    assert teacher["kind"] == "class" and [c["name"] for c in teacher["classes"]] == ["3 Oak"]
    assert teacher["schools"] == []
    governor = home(client, school, "governor_a2")
    assert governor["kind"] == "governor"
    [theirs] = governor["schools"]
    assert theirs["newly_flagged"] is None and theirs["next_meeting"] is None
    [heads] = home(client, school, "head_a2")["schools"]
    assert theirs["plan_title"] and sum(theirs["plan_progress"].values()) == 1
    assert theirs["plan_progress"] == heads["plan_progress"], "the plan's progress, for governors"
    trust = client.get("/api/v1/me/home", headers=school.headers("trust_leader_a")).json()
    assert trust["kind"] == "trust" and trust["trust_ids"]


def test_the_school_page_is_its_heads_home_for_the_trust_too_and_not_for_a_class_teacher(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    url = f"/api/v1/schools/{school.id}/home"
    [heads] = home(client, school, "head_a2")["schools"]
    as_head = client.get(url, headers=school.headers("head_a2"))
    assert as_head.status_code == 200 and as_head.json() == heads
    as_trust = client.get(url, headers=school.headers("trust_leader_a")).json()
    assert as_trust["headline"] == heads["headline"]
    assert as_trust["newly_flagged"] == heads["newly_flagged"]
    as_governor = client.get(url, headers=school.headers("governor_a2")).json()
    assert as_governor["newly_flagged"] is None
    assert client.get(url, headers=school.headers("teacher_a2_y3")).status_code == 403
