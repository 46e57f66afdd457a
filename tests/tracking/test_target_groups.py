"""Target groups through the API: who may keep them, what a member must be, concurrent edits,
the audit trail, suggested members and a group's progress."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from termwise.demo.tracking import group_name, load_demo_tracking, this_term
from termwise.orgs.models import AcademicYear, School
from termwise.tracking.models import TargetGroup
from tests.helpers import assert_problem
from tests.ingest.pushes import THIS_YEAR
from tests.tracking.arrange import Tracked, tracked_school
from tests.world import World


@pytest.fixture
def tracked(client: TestClient, world: World, db: Session) -> Tracked:
    return tracked_school(client, world, db)


def _create(client: TestClient, world: World, body: dict[str, Any], who: str = "head_a1") -> Any:
    return client.post(
        f"/api/v1/schools/{world.schools['a1']}/target-groups",
        json={"subject": "maths", "term": "spr"} | body,
        headers=world.headers(who),
    )


def _group(client: TestClient, world: World, tracked: Tracked, name: str = "Maths boost") -> Any:
    response = _create(client, world, {"name": name, "pupil_ids": [tracked.pupils[1]]})
    assert response.status_code == 201, response.text
    return response


def _events(db: Session, entity_type: str, entity_id: int) -> list[AuditEvent]:
    return list(
        db.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == str(entity_id))
            .order_by(AuditEvent.id)
        )
    )


def test_a_head_creates_a_group_with_its_members_and_the_write_is_audited(
    client: TestClient, world: World, db: Session, tracked: Tracked
) -> None:
    members = [tracked.pupils[5], tracked.pupils[1]]
    response = _create(client, world, {"name": " Maths boost ", "pupil_ids": members})

    assert response.status_code == 201, response.text
    group = response.json()
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/api/v1/target-groups/{group['id']}"
    assert group["name"] == "Maths boost"
    assert (group["subject"], group["term"], group["academic_year"]) == ("maths", "spr", "2026/27")
    assert group["member_count"] == 2
    assert {m["pupil_id"] for m in group["members"]} == set(members)
    assert group["created_by"] == world.emails["head_a1"]
    [created] = _events(db, "target_groups", group["id"])
    [listed] = _events(db, "target_group_members", group["id"])
    assert (created.action, created.actor_id) == ("create", world.users["head_a1"])
    assert created.school_id == world.schools["a1"]
    assert listed.after == {"pupil_ids": sorted(members)}


def test_members_must_be_on_the_schools_roll_that_year_and_listed_once(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    other_school = world.pupils["b1_r"]
    response = _create(
        client,
        world,
        {"name": "Boost", "pupil_ids": [tracked.pupils[1], other_school, tracked.pupils[1]]},
    )

    body = assert_problem(response, 422)
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [
        ("/pupil_ids/1", "not_on_roll"),
        ("/pupil_ids/2", "duplicate"),
    ]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"name": ""}, "/name"),
        ({"name": "x" * 101}, "/name"),
        ({"name": "Boost", "term": "winter"}, "/term"),
        ({"name": "Boost", "subject": "latin"}, "/subject"),
        ({"name": "Boost", "academic_year": "1999/00"}, "/academic_year"),
        ({"name": "Boost", "pupil_ids": [0]}, "/pupil_ids/0"),
    ],
)
def test_invalid_groups_are_refused_naming_the_field(
    client: TestClient, world: World, body: dict[str, Any], pointer: str
) -> None:
    problem = assert_problem(_create(client, world, body), 422)
    assert pointer in {e["pointer"] for e in problem["errors"]}


def test_a_second_group_of_the_same_name_subject_and_term_conflicts_and_changes_nothing(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    first = _group(client, world, tracked)
    problem = assert_problem(
        _create(client, world, {"name": "Maths boost", "pupil_ids": [tracked.pupils[2]]}), 409
    )
    assert problem["errors"][0]["pointer"] == "/name"
    assert problem["errors"][0]["code"] == "duplicate"
    assert problem["detail"] == (
        "This school already has a group called 'Maths boost' in maths that term."
    )
    headers = world.headers("head_a1")
    listed = client.get(
        f"/api/v1/schools/{world.schools['a1']}/target-groups", headers=headers
    ).json()["items"]
    assert [g["id"] for g in listed] == [first.json()["id"]]
    kept = client.get(f"/api/v1/target-groups/{first.json()['id']}", headers=headers)
    assert (kept.json()["name"], kept.headers["ETag"]) == ("Maths boost", first.headers["ETag"])
    assert [m["pupil_id"] for m in kept.json()["members"]] == [tracked.pupils[1]]


def test_the_same_name_in_another_term_is_another_group(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    _group(client, world, tracked)
    assert _create(client, world, {"name": "Maths boost", "term": "sum"}).status_code == 201


def test_the_same_name_in_another_subject_that_term_is_another_group(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    maths = _group(client, world, tracked, "Y4 boost").json()
    reading = _create(client, world, {"name": "Y4 boost", "subject": "reading"})

    assert reading.status_code == 201, reading.text
    assert (reading.json()["name"], reading.json()["subject"]) == ("Y4 boost", "reading")
    listed = client.get(
        f"/api/v1/schools/{world.schools['a1']}/target-groups",
        params={"term": "spr"},
        headers=world.headers("head_a1"),
    ).json()["items"]
    assert [(g["id"], g["subject"]) for g in listed] == [
        (maths["id"], "maths"),
        (reading.json()["id"], "reading"),
    ]
    # Each subject still keeps its own names unique.
    again = assert_problem(_create(client, world, {"name": "Y4 boost", "subject": "reading"}), 409)
    assert again["errors"][0]["pointer"] == "/name"
    assert "in reading that term" in again["detail"]


def test_renaming_a_group_to_a_name_taken_that_term_conflicts_and_changes_nothing(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    _group(client, world, tracked)
    other = _create(client, world, {"name": "Second group"})
    url = f"/api/v1/target-groups/{other.json()['id']}"
    headers = world.headers("head_a1")
    renamed = client.patch(
        url, json={"name": "Maths boost"}, headers=headers | {"If-Match": other.headers["ETag"]}
    )
    problem = assert_problem(renamed, 409)
    assert problem["errors"][0]["pointer"] == "/name"
    assert problem["errors"][0]["message"] == (
        "This school already has a group called 'Maths boost' in maths that term."
    )
    after = client.get(url, headers=headers)
    assert (after.json()["name"], after.headers["ETag"]) == ("Second group", other.headers["ETag"])


def test_renaming_a_group_to_a_name_taken_only_in_another_subject_is_allowed(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    _group(client, world, tracked, "Y4 boost")
    reading = _create(client, world, {"name": "Readers", "subject": "reading"})
    url = f"/api/v1/target-groups/{reading.json()['id']}"
    headers = world.headers("head_a1")

    renamed = client.patch(
        url, json={"name": "Y4 boost"}, headers=headers | {"If-Match": reading.headers["ETag"]}
    )

    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["name"], renamed.json()["subject"]) == ("Y4 boost", "reading")
    assert renamed.headers["ETag"] != reading.headers["ETag"]
    assert client.get(url, headers=headers).json()["name"] == "Y4 boost"


def test_the_demo_adds_its_maths_group_beside_a_reading_group_of_the_same_name(
    client: TestClient, world: World, db: Session, tracked: Tracked
) -> None:
    year = db.scalar(select(AcademicYear).where(AcademicYear.code == THIS_YEAR))
    assert year is not None
    today = date(2027, 4, 1)
    term = this_term(db, year, today)
    reading = _create(client, world, {"name": group_name(term), "subject": "reading", "term": term})
    assert reading.status_code == 201, reading.text
    urn = db.scalar(select(School.urn).where(School.id == world.schools["a1"]))
    assert urn is not None

    assert load_demo_tracking(db, year, [urn], today) > 0
    assert load_demo_tracking(db, year, [urn], today) == 0  # its own group is found again

    groups = db.execute(
        select(TargetGroup.id, TargetGroup.subject_id).where(
            TargetGroup.school_id == world.schools["a1"], TargetGroup.name == group_name(term)
        )
    ).all()
    assert len(groups) == 2
    assert reading.json()["id"] in {g.id for g in groups}


def test_lists_filter_by_term_subject_and_year_and_hide_archived_groups(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    kept = _group(client, world, tracked, "Spring maths").json()
    reading = _create(client, world, {"name": "Readers", "subject": "reading"}).json()
    archived = _create(client, world, {"name": "Old", "term": "aut"})
    client.patch(
        f"/api/v1/target-groups/{archived.json()['id']}",
        json={"archived": True},
        headers=world.headers("head_a1") | {"If-Match": archived.headers["ETag"]},
    )
    url = f"/api/v1/schools/{world.schools['a1']}/target-groups"
    headers = world.headers("head_a1")

    def names(**params: Any) -> list[str]:
        response = client.get(url, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [g["name"] for g in response.json()["items"]]

    assert names() == ["Spring maths", "Readers"]
    assert names(subject="maths") == ["Spring maths"]
    assert names(term="spr", academic_year="2026/27") == ["Spring maths", "Readers"]
    assert names(academic_year="2025/26") == []
    assert names(include_archived=True) == ["Spring maths", "Readers", "Old"]
    assert kept["id"] != reading["id"]
    problem = assert_problem(client.get(url, params={"subject": "latin"}, headers=headers), 422)
    assert problem["errors"][0]["pointer"] == "/query/subject"


def test_changes_need_the_current_etag_so_concurrent_edits_are_detected(
    client: TestClient, world: World, db: Session, tracked: Tracked
) -> None:
    created = _group(client, world, tracked)
    url = f"/api/v1/target-groups/{created.json()['id']}"
    headers = world.headers("head_a1")

    assert_problem(client.patch(url, json={"name": "No tag"}, headers=headers), 428)
    first = client.patch(
        url,
        json={"name": "Renamed", "pupil_ids": [tracked.pupils[2], tracked.pupils[3]]},
        headers=headers | {"If-Match": created.headers["ETag"]},
    )
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] == '"2"'
    assert first.json()["name"] == "Renamed"
    assert {m["pupil_id"] for m in first.json()["members"]} == {
        tracked.pupils[2],
        tracked.pupils[3],
    }
    # A second editor still holding the first version is refused, and nothing changes.
    stale = client.patch(
        url, json={"name": "Lost update"}, headers=headers | {"If-Match": created.headers["ETag"]}
    )
    assert_problem(stale, 412)
    read = client.get(url, headers=headers)
    assert read.json()["name"] == "Renamed"
    assert read.headers["ETag"] == '"2"'
    members = _events(db, "target_group_members", created.json()["id"])
    assert members[-1].action == "update"
    assert members[-1].before == {"pupil_ids": [tracked.pupils[1]]}
    assert members[-1].actor_id == world.users["head_a1"]


def test_replacing_only_the_members_still_moves_the_etag(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    created = _group(client, world, tracked)
    response = client.patch(
        f"/api/v1/target-groups/{created.json()['id']}",
        json={"pupil_ids": [tracked.pupils[5]]},
        headers=world.headers("head_a1") | {"If-Match": created.headers["ETag"]},
    )
    assert response.status_code == 200, response.text
    assert response.headers["ETag"] != created.headers["ETag"]
    problem = assert_problem(
        client.patch(
            f"/api/v1/target-groups/{created.json()['id']}",
            json={"pupil_ids": [world.pupils["b1_r"]]},
            headers=world.headers("head_a1") | {"If-Match": response.headers["ETag"]},
        ),
        422,
    )
    assert problem["errors"][0]["pointer"] == "/pupil_ids/0"


def test_a_deleted_group_is_gone_and_its_deletion_audited(
    client: TestClient, world: World, db: Session, tracked: Tracked
) -> None:
    created = _group(client, world, tracked)
    url = f"/api/v1/target-groups/{created.json()['id']}"
    headers = world.headers("data_officer_a")

    assert_problem(client.delete(url, headers=headers | {"If-Match": '"9"'}), 412)
    assert client.delete(url, headers=headers).status_code == 204
    assert_problem(client.get(url, headers=headers), 404)
    events = _events(db, "target_groups", created.json()["id"])
    assert events[-1].action == "delete"
    assert events[-1].actor_id == world.users["data_officer_a"]
    assert _events(db, "target_group_members", created.json()["id"])[-1].action == "delete"


@pytest.mark.parametrize("who", ["teacher_a1", "governor_a1", "adviser_a", "trust_leader_a"])
def test_only_staff_who_see_the_whole_school_and_record_results_may_create(
    client: TestClient, world: World, who: str
) -> None:
    # A class teacher sees one class; governors and advisers no pupils; trust leaders record
    # no results.
    assert_problem(_create(client, world, {"name": "Boost"}, who=who), 403)


def test_class_teachers_and_governors_may_not_read_groups(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    group_id = _group(client, world, tracked).json()["id"]
    for who in ("teacher_a1", "governor_a1"):
        assert_problem(
            client.get(f"/api/v1/target-groups/{group_id}", headers=world.headers(who)), 403
        )
    leader = client.get(
        f"/api/v1/target-groups/{group_id}", headers=world.headers("trust_leader_a")
    )
    assert leader.status_code == 200


@pytest.mark.parametrize("who", ["head_b1", "head_a2", "mis_b1"])
def test_another_schools_group_is_not_found(
    client: TestClient, world: World, tracked: Tracked, who: str
) -> None:
    created = _group(client, world, tracked)
    url = f"/api/v1/target-groups/{created.json()['id']}"
    headers = world.headers(who)
    assert_problem(client.get(url, headers=headers), 404)
    assert_problem(client.get(f"{url}/progress", headers=headers), 404)
    patch = client.patch(
        url, json={"name": "Taken"}, headers=headers | {"If-Match": created.headers["ETag"]}
    )
    assert_problem(patch, 404)
    assert_problem(client.delete(url, headers=headers), 404)


def test_suggestions_are_concerning_flags_and_pupils_one_step_below_are(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    response = client.get(
        f"/api/v1/schools/{world.schools['a1']}/target-groups/suggestions",
        params={"subject": "maths"},
        headers=world.headers("head_a1"),
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["point"]["code"] == "spr" and body["from_point"]["code"] == "aut"
    reasons = {s["pupil_id"]: s["reason"] for s in body["items"]}
    # Pupil 2 is at ARE and 3 above it, making expected or better progress; 4 has no results.
    assert reasons == {tracked.pupils[1]: "stuck", tracked.pupils[5]: "just_below_are"}
    at_autumn = client.get(
        f"/api/v1/schools/{world.schools['a1']}/target-groups/suggestions",
        params={"subject": "maths", "point_id": tracked.aut},
        headers=world.headers("head_a1"),
    ).json()
    # No earlier point: no flags, so only the pupil one step below ARE (RM against Y1E).
    assert [s["pupil_id"] for s in at_autumn["items"]] == [tracked.pupils[5]]


def test_a_muted_flag_is_not_a_reason_to_suggest_a_pupil(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    muted = client.post(
        f"/api/v1/schools/{world.schools['a1']}/flag-mutes",
        json={
            "pupil_id": tracked.pupils[1],
            "subject": "maths",
            "point_id": tracked.spr,
            "flag": "stuck",
            "reason": "Joined mid-term",
        },
        headers=world.headers("head_a1"),
    )
    assert muted.status_code == 201, muted.text
    response = client.get(
        f"/api/v1/schools/{world.schools['a1']}/target-groups/suggestions",
        params={"subject": "maths"},
        headers=world.headers("head_a1"),
    )
    # Still one step below ARE, so still suggested, now for that reason.
    reasons = {s["pupil_id"]: s["reason"] for s in response.json()["items"]}
    assert reasons[tracked.pupils[1]] == "just_below_are"


def test_suggestions_need_a_known_subject_and_a_point_of_the_trust(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}/target-groups/suggestions"
    headers = world.headers("head_a1")
    problem = assert_problem(client.get(url, params={"subject": "latin"}, headers=headers), 422)
    assert problem["errors"][0]["pointer"] == "/query/subject"
    assert_problem(client.get(url, params={"point_id": 999_999}, headers=headers), 404)
    assert_problem(client.get(url, headers=world.headers("teacher_a1")), 403)


def test_progress_places_each_member_at_every_point_with_the_groups_measures(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    members = [tracked.pupils[1], tracked.pupils[2], tracked.pupils[3], tracked.pupils[4]]
    created = _create(client, world, {"name": "Reception maths", "pupil_ids": members})
    response = client.get(
        f"/api/v1/target-groups/{created.json()['id']}/progress", headers=world.headers("head_a1")
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert [p["code"] for p in body["points"]] == ["aut", "spr", "sum"]
    steps = {p["pupil_id"]: [pl["step"] for pl in p["placements"]] for p in body["pupils"]}
    assert steps == {
        tracked.pupils[1]: ["RE", "RE", None],
        tracked.pupils[2]: ["RE", "RD", None],
        tracked.pupils[3]: ["RE", "RS", None],
        tracked.pupils[4]: [None, None, None],
    }
    flags = {p["pupil_id"]: p["placements"][1]["flag"] for p in body["pupils"]}
    assert flags[tracked.pupils[1]] == "stuck" and flags[tracked.pupils[3]] == "accelerated"
    aut, spr, summer = body["measures"]
    # Autumn: three of four at ARE (RE); spring: pupils 2 and 3 (RD, RS), and two of the three
    # judged made expected progress or better.
    assert (aut["members"], aut["at_or_above"], aut["percent_at_or_above"]) == (4, 3, 75.0)
    assert (spr["at_or_above"], spr["percent_at_or_above"]) == (2, 50.0)
    assert spr["percent_expected_or_better"] == pytest.approx(66.7)
    assert summer["assessed"] == 0 and summer["percent_at_or_above"] is None


def test_the_school_flag_list_narrows_to_a_target_group(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    group_id = _group(client, world, tracked).json()["id"]
    response = client.get(
        f"/api/v1/schools/{world.schools['a1']}/tracking/flags",
        params={"subject": "maths", "target_group_id": group_id},
        headers=world.headers("head_a1"),
    )
    assert response.status_code == 200, response.text
    assert [i["pupil_id"] for i in response.json()["items"]] == [tracked.pupils[1]]
