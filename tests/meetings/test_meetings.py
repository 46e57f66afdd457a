"""Pupil progress meetings on the hand-worked school (A2): the agenda comes from the class's
flags, actions are agreed and followed up at the next meeting with the pupil's steps then and
now, and the notes are for the school's staff with pupil access only."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.plans.arrange import active_plan
from tests.tracking.school import School
from tests.tracking.test_hand_worked import load
from tests.world import World

Loaded = tuple[School, dict[int, int]]


@pytest.fixture
def loaded(db: Session, client: TestClient, world: World) -> Loaded:
    return load(db, client, world)


def call(
    client: TestClient,
    school: School,
    who: str,
    method: str,
    url: str,
    body: Any = None,
    etag: str | None = None,
) -> Any:
    headers = school.headers(who) | ({"If-Match": etag} if etag else {})
    return client.request(method, f"/api/v1{url}", json=body, headers=headers)


def ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def open_meeting(
    client: TestClient,
    school: School,
    year_group: str = "Y3",
    on: str = "2027-07-12",
    point: str = "sum",
    who: str = "head_a2",
    **extra: Any,
) -> dict[str, Any]:
    body = {"held_on": on, "point_id": school.points[point]} | extra
    made: dict[str, Any] = ok(
        call(client, school, who, "POST", f"/classes/{school.classes[year_group]}/meetings", body)
    )
    return made


def test_the_agenda_is_the_classs_flags_by_category_with_the_rule_and_muted_flags(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    meeting = open_meeting(client, school)
    by_pupil = {p["pupil_id"]: p for p in meeting["agenda"]}
    # Every pupil the flag list calls falling behind in any subject is under falling behind.
    for subject in ("reading", "writing", "maths"):
        listed = school.read(
            client,
            "head_a2",
            "flags",
            subject=subject,
            point_id=school.points["sum"],
            class_id=school.classes["Y3"],
            include_muted=True,
        )
        for flagged in listed["items"]:
            if flagged["flag"] == "falling_behind":
                assert by_pupil[flagged["pupil_id"]]["category"] == "falling_behind"
    # Dan (Y3D in reading: two steps short of the summer's Y3S) falls behind; Amy accelerates.
    assert by_pupil[ids[4]]["category"] == "falling_behind"
    assert by_pupil[ids[1]]["category"] in ("good_progress", "slow_or_stuck")
    reading = next(s for s in by_pupil[ids[4]]["subjects"] if s["subject"] == "reading")
    assert reading["rule"].startswith("progress-flags/1") and reading["step"] == "Y3D"
    order = ["falling_behind", "slow_or_stuck", "good_progress", "target_group"]
    categories = [order.index(p["category"]) for p in meeting["agenda"]]
    assert categories == sorted(categories)
    # Only the class's pupils: no Year 4 pupil is on the Year 3 agenda.
    assert ids[7] not in by_pupil


def test_actions_are_agreed_then_followed_up_next_time_with_the_pupils_steps_then_and_now(
    client: TestClient, loaded: Loaded, world: World
) -> None:
    school, ids = loaded
    autumn = open_meeting(client, school, on="2026-11-25", point="aut")
    url = f"/meetings/{autumn['id']}"
    ok(
        call(
            client,
            school,
            "head_a2",
            "POST",
            f"{url}/pupils",
            {"pupil_id": ids[4], "category": "slow_or_stuck", "barriers": "Reading at home"},
        )
    )
    action = ok(
        call(
            client,
            school,
            "head_a2",
            "POST",
            f"{url}/actions",
            {
                "pupil_id": ids[4],
                "description": "Daily 1:1 reading",
                "owner_role": "class_teacher",
                "due_on": "2027-01-31",
            },
        )
    )
    summer = open_meeting(client, school, on="2027-07-12", point="sum")
    [follow] = summer["follow_up"]
    assert follow["action"]["id"] == action["id"] and follow["agreed_on"] == "2026-11-25"
    reading = next(s for s in follow["steps"] if s["subject"] == "reading")
    assert (reading["then"], reading["now"]) == ("Y3E", "Y3D")
    etag = call(client, school, "head_a2", "GET", f"/meeting-actions/{action['id']}").headers[
        "ETag"
    ]
    outcome = {"outcome": "done_no_change", "followed_up_in_id": summer["id"]}
    done = ok(
        call(client, school, "head_a2", "PATCH", f"/meeting-actions/{action['id']}", outcome, etag)
    )
    assert done["outcome"] == "done_no_change"
    # A stale ETag, or a "follow-up" at another class's meeting, is refused.
    assert_problem(
        call(client, school, "head_a2", "PATCH", f"/meeting-actions/{action['id']}", outcome, etag),
        412,
    )
    other = open_meeting(client, school, year_group="Y4", on="2027-07-13")
    fresh = call(client, school, "head_a2", "GET", f"/meeting-actions/{action['id']}").headers[
        "ETag"
    ]
    wrong = call(
        client,
        school,
        "head_a2",
        "PATCH",
        f"/meeting-actions/{action['id']}",
        outcome | {"followed_up_in_id": other["id"]},
        fresh,
    )
    assert assert_problem(wrong, 422)["errors"][0]["pointer"] == "/followed_up_in_id"


def test_a_pupil_of_another_class_comes_only_as_a_guest_and_a_conference_holds_six(
    client: TestClient, loaded: Loaded, world: World
) -> None:
    school, ids = loaded
    meeting = open_meeting(client, school)
    url = f"/meetings/{meeting['id']}/pupils"

    def pointer(response: Any) -> str:
        return str(assert_problem(response, 422)["errors"][0]["pointer"])

    assert pointer(call(client, school, "head_a2", "POST", url, {"pupil_id": ids[8]})) == "/guest"
    ok(call(client, school, "head_a2", "POST", url, {"pupil_id": ids[8], "guest": True}))
    elsewhere = call(client, school, "head_a2", "POST", url, {"pupil_id": world.pupils["a1_r"]})
    assert pointer(elsewhere) == "/pupil_id"
    owner = {
        "pupil_id": ids[1],
        "description": "x",
        "owner_user_id": world.users["head_b1"],
        "due_on": "2027-07-20",
    }
    assert (
        pointer(
            call(client, school, "head_a2", "POST", f"/meetings/{meeting['id']}/actions", owner)
        )
        == "/owner_user_id"
    )
    # A person of the school is named on the action; the guest is named on the meeting.
    teacher = int(school.subjects["teacher_a2_y3"].split(":")[1])
    named = owner | {"owner_user_id": teacher}
    ok(call(client, school, "head_a2", "POST", f"/meetings/{meeting['id']}/actions", named))
    read = ok(call(client, school, "head_a2", "GET", f"/meetings/{meeting['id']}"))
    assert [a["owner_name"] for a in read["actions"]] == ["Teacher A2 Y3"]
    assert ids[8] in {p["pupil_id"] for p in read["pupils"]}
    conference = open_meeting(client, school, kind="conference")
    curl = f"/meetings/{conference['id']}/pupils"
    for n in (1, 2, 3, 4, 5, 6):
        ok(call(client, school, "head_a2", "POST", curl, {"pupil_id": ids[n]}))
    assert (
        pointer(call(client, school, "head_a2", "POST", curl, {"pupil_id": ids[7], "guest": True}))
        == "/pupil_id"
    )


def test_notes_are_for_staff_with_pupil_access_and_a_teacher_sees_their_own_class_only(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    y3 = open_meeting(client, school, who="teacher_a2_y3")
    y4 = open_meeting(client, school, year_group="Y4")
    assert_problem(call(client, school, "governor_a2", "GET", f"/meetings/{y3['id']}"), 404)
    assert ok(call(client, school, "governor_a2", "GET", f"/schools/{school.id}/meetings")) == []
    assert_problem(call(client, school, "teacher_a2_y3", "GET", f"/meetings/{y4['id']}"), 404)
    seen = ok(call(client, school, "teacher_a2_y3", "GET", f"/schools/{school.id}/meetings"))
    assert [m["id"] for m in seen] == [y3["id"]]
    assert_problem(call(client, school, "head_a1", "GET", f"/meetings/{y3['id']}"), 404)
    assert_problem(
        call(
            client,
            school,
            "teacher_a2_y3",
            "POST",
            f"/classes/{school.classes['Y4']}/meetings",
            {"held_on": "2027-07-12"},
        ),
        404,
    )


def test_a_class_teacher_finds_the_actions_for_their_role_in_their_own_classes_meetings(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    y3 = open_meeting(client, school)
    y4 = open_meeting(client, school, year_group="Y4")
    for meeting, pupil in ((y3, ids[4]), (y4, ids[7])):
        action = {
            "pupil_id": pupil,
            "description": f"Reading for {pupil}",
            "owner_role": "class_teacher",
            "due_on": "2027-07-20",
        }
        ok(call(client, school, "head_a2", "POST", f"/meetings/{meeting['id']}/actions", action))
    mine = ok(call(client, school, "teacher_a2_y3", "GET", "/me/meeting-actions"))
    assert [(a["pupil_id"], a["class_name"]) for a in mine] == [(ids[4], "3 Oak")]
    assert ok(call(client, school, "governor_a2", "GET", "/me/meeting-actions")) == []


def test_the_terms_meetings_sum_up_in_the_plan_review_with_the_pupils_whose_flag_changed(
    client: TestClient, db: Session, loaded: Loaded
) -> None:
    school, ids = loaded
    plan = active_plan(db, school.id)
    autumn = open_meeting(client, school, on="2026-11-25", point="aut")
    agreed = []
    for pupil in (ids[4], ids[1]):
        body = {"pupil_id": pupil, "description": "Daily reading", "due_on": "2026-12-18",
                "owner_role": "class_teacher"}  # fmt: skip
        agreed.append(
            ok(call(client, school, "head_a2", "POST", f"/meetings/{autumn['id']}/actions", body))
        )
    url = f"/meeting-actions/{agreed[0]['id']}"
    etag = call(client, school, "head_a2", "GET", url).headers["ETag"]
    ok(call(client, school, "head_a2", "PATCH", url, {"outcome": "done_helped"}, etag))
    # A summer meeting is another term's: it does not count in the autumn review.
    open_meeting(client, school, on="2027-07-12", point="sum")

    review = ok(call(client, school, "head_a2", "GET", f"/plans/{plan['plan']}/review"))
    term = review["meetings"]
    assert term["starts_on"] <= "2026-11-25" <= term["ends_on"] < "2027-01-01"
    assert term["meetings"] == 1 and term["actions_agreed"] == 2
    assert (term["actions_done"], term["actions_helped"], term["actions_open"]) == (1, 1, 1)
    # Dan (4) was not yet flagged at the autumn point (nothing before it to progress from) and
    # falls behind in reading by the summer's.
    changes = {(c["pupil_id"], c["subject"]): (c["then"], c["now"]) for c in term["flag_changes"]}
    assert changes[(ids[4], "reading")] == (None, "falling_behind")
    assert term["pupils_flag_changed"] == len({pupil for pupil, _ in changes})
    # A governor sees the counts, never the pupils.
    governed = ok(call(client, school, "governor_a2", "GET", f"/plans/{plan['plan']}/review"))
    assert governed["meetings"]["flag_changes"] is None
    assert governed["meetings"]["actions_agreed"] == 2


def test_the_agenda_shows_each_pupils_interventions_and_the_actions_download(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    body = {"name": "Reading boost", "wave": "group", "subject": "reading",
            "starts_on": "2026-11-21", "ends_on": "2027-07-09", "sessions_per_week": 3,
            "minutes_per_session": 30, "pupil_ids": [ids[4]]}  # fmt: skip
    ok(call(client, school, "head_a2", "POST", f"/schools/{school.id}/interventions", body))
    summer = open_meeting(client, school, on="2027-07-12", point="sum")
    by_pupil = {p["pupil_id"]: p for p in summer["agenda"]}
    assert [i["name"] for i in by_pupil[ids[4]]["interventions"]] == ["Reading boost"]
    assert all(not p["interventions"] for p in summer["agenda"] if p["pupil_id"] != ids[4])
    # A meeting long after it ended no longer shows it.
    later = open_meeting(client, school, on="2027-10-12", point="sum")
    assert all(not p["interventions"] for p in later["agenda"])

    action = {"pupil_id": ids[4], "description": "Daily 1:1 reading", "owner_role": "class_teacher",
              "due_on": "2027-07-20"}  # fmt: skip
    ok(call(client, school, "head_a2", "POST", f"/meetings/{summer['id']}/actions", action))
    sheet = call(client, school, "head_a2", "GET", f"/meetings/{summer['id']}/export")
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/csv")
    assert "Daily 1:1 reading" in sheet.text and "class teacher" in sheet.text
    assert "open" in sheet.text.splitlines()[-1]
    xlsx = call(client, school, "head_a2", "GET", f"/meetings/{summer['id']}/export?format=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert_problem(
        call(client, school, "governor_a2", "GET", f"/meetings/{summer['id']}/export"), 404
    )
