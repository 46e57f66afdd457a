"""Muting flags through the API: leaders only, with a reason, for the flag the pupil has; the
flag leaves the lists until it is unmuted, and both are audited."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from tests.helpers import assert_problem
from tests.tracking.arrange import Tracked, tracked_school
from tests.world import World


@pytest.fixture
def tracked(client: TestClient, world: World, db: Session) -> Tracked:
    return tracked_school(client, world, db)


def _mute(
    client: TestClient, world: World, tracked: Tracked, who: str = "head_a1", **body: Any
) -> Any:
    values = {
        "pupil_id": tracked.pupils[1],
        "subject": "maths",
        "point_id": tracked.spr,
        "flag": "stuck",
        "reason": "Back from a long absence; catching up with support.",
    }
    return client.post(
        f"/api/v1/schools/{world.schools['a1']}/flag-mutes",
        json=values | body,
        headers=world.headers(who),
    )


def _flagged(client: TestClient, world: World, **params: Any) -> dict[int, Any]:
    response = client.get(
        f"/api/v1/schools/{world.schools['a1']}/tracking/flags",
        params={"subject": "maths", "flag": "stuck"} | params,
        headers=world.headers("head_a1"),
    )
    assert response.status_code == 200, response.text
    return {item["pupil_id"]: item["muted_reason"] for item in response.json()["items"]}


def test_a_muted_flag_leaves_the_list_until_it_is_unmuted(
    client: TestClient, world: World, db: Session, tracked: Tracked
) -> None:
    assert tracked.pupils[1] in _flagged(client, world)
    created = _mute(client, world, tracked)
    assert created.status_code == 201, created.text
    mute = created.json()
    assert (mute["flag"], mute["muted_by"]) == ("stuck", world.emails["head_a1"])

    assert tracked.pupils[1] not in _flagged(client, world)
    shown = _flagged(client, world, include_muted=True)
    assert shown[tracked.pupils[1]] == "Back from a long absence; catching up with support."

    deleted = client.delete(f"/api/v1/flag-mutes/{mute['id']}", headers=world.headers("head_a1"))
    assert deleted.status_code == 204
    assert _flagged(client, world)[tracked.pupils[1]] is None
    events = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "flag_mutes", AuditEvent.entity_id == str(mute["id"]))
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id) for e in events] == [
        ("create", world.users["head_a1"]),
        ("delete", world.users["head_a1"]),
    ]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"reason": ""}, "/reason"),
        ({"reason": "   "}, "/reason"),
        ({"reason": "x" * 501}, "/reason"),
        ({"flag": "sleepy"}, "/flag"),
        ({"flag": "slow"}, "/flag"),
        ({"subject": "latin"}, "/subject"),
        ({"point_id": 999_999}, "/point_id"),
    ],
)
def test_invalid_mutes_are_refused_naming_the_field(
    client: TestClient, world: World, tracked: Tracked, body: dict[str, Any], pointer: str
) -> None:
    problem = assert_problem(_mute(client, world, tracked, **body), 422)
    assert problem["errors"][0]["pointer"] == pointer


def test_only_pupils_on_the_schools_roll_can_have_a_flag_muted(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    problem = assert_problem(_mute(client, world, tracked, pupil_id=world.pupils["b1_r"]), 422)
    assert problem["errors"][0]["pointer"] == "/pupil_id"


def test_a_flag_is_muted_once(client: TestClient, world: World, tracked: Tracked) -> None:
    assert _mute(client, world, tracked).status_code == 201
    assert_problem(_mute(client, world, tracked, who="data_officer_a"), 409)


@pytest.mark.parametrize("who", ["teacher_a1", "governor_a1", "adviser_a"])
def test_only_leaders_may_mute_a_flag(
    client: TestClient, world: World, tracked: Tracked, who: str
) -> None:
    assert_problem(_mute(client, world, tracked, who=who), 403)


def test_trust_data_officers_may_mute_and_unmute(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    created = _mute(client, world, tracked, who="data_officer_a")
    assert created.status_code == 201, created.text
    url = f"/api/v1/flag-mutes/{created.json()['id']}"
    assert_problem(client.delete(url, headers=world.headers("teacher_a1")), 403)
    assert client.delete(url, headers=world.headers("data_officer_a")).status_code == 204
    assert_problem(client.delete(url, headers=world.headers("data_officer_a")), 404)


@pytest.mark.parametrize("who", ["head_b1", "trust_leader_b", "head_a2"])
def test_another_schools_mutes_are_out_of_reach(
    client: TestClient, world: World, tracked: Tracked, who: str
) -> None:
    created = _mute(client, world, tracked)
    url = f"/api/v1/flag-mutes/{created.json()['id']}"
    assert_problem(client.delete(url, headers=world.headers(who)), 404)
    assert_problem(_mute(client, world, tracked, who=who), 404)
    assert tracked.pupils[1] not in _flagged(client, world)


def _listed(client: TestClient, world: World, who: str = "head_a1", **params: Any) -> Any:
    return client.get(
        f"/api/v1/schools/{world.schools['a1']}/flag-mutes",
        params=params,
        headers=world.headers(who),
    )


def test_the_school_lists_its_mutes_newest_first_with_the_pupil_and_the_reason(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    stuck = _mute(client, world, tracked).json()
    expected = _mute(
        client, world, tracked, pupil_id=tracked.pupils[2], flag="expected", reason="Moved set."
    ).json()

    listed = _listed(client, world)
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert [(m["id"], m["pupil_id"], m["flag"], m["reason"]) for m in items] == [
        (expected["id"], tracked.pupils[2], "expected", "Moved set."),
        (stuck["id"], tracked.pupils[1], "stuck", stuck["reason"]),
    ]
    assert all(m["first_name"] and m["last_name"] and m["subject"] == "maths" for m in items)
    assert items[1]["muted_by"] == world.emails["head_a1"]

    # Filtered to another point or subject, nothing; paged one at a time, both in turn.
    assert _listed(client, world, point_id=tracked.aut).json()["items"] == []
    assert _listed(client, world, subject="reading").json()["items"] == []
    first = _listed(client, world, limit=1).json()
    second = _listed(client, world, limit=1, cursor=first["next_cursor"]).json()
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [expected["id"], stuck["id"]]
    assert second["next_cursor"] is None


def test_an_unmuted_flag_leaves_the_list_of_mutes(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    mute = _mute(client, world, tracked).json()
    client.delete(f"/api/v1/flag-mutes/{mute['id']}", headers=world.headers("head_a1"))
    assert _listed(client, world).json()["items"] == []


@pytest.mark.parametrize("who", ["teacher_a1", "governor_a1", "adviser_a"])
def test_the_list_of_mutes_is_for_staff_who_see_the_schools_pupils(
    client: TestClient, world: World, tracked: Tracked, who: str
) -> None:
    _mute(client, world, tracked)
    assert_problem(_listed(client, world, who=who), 403)


def test_listing_mutes_of_an_unknown_subject_names_the_parameter(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    problem = assert_problem(_listed(client, world, subject="latin"), 422)
    assert problem["errors"][0]["pointer"] == "/query/subject"


def test_a_muted_flag_in_the_list_names_its_mute_so_it_can_be_unmuted_from_there(
    client: TestClient, world: World, tracked: Tracked
) -> None:
    mute = _mute(client, world, tracked).json()
    response = client.get(
        f"/api/v1/schools/{world.schools['a1']}/tracking/flags",
        params={"subject": "maths", "include_muted": True},
        headers=world.headers("head_a1"),
    )
    rows = {item["pupil_id"]: item["mute_id"] for item in response.json()["items"]}
    assert rows[tracked.pupils[1]] == mute["id"]
    assert all(mute_id is None for pupil, mute_id in rows.items() if pupil != tracked.pupils[1])
    deleted = client.delete(
        f"/api/v1/flag-mutes/{rows[tracked.pupils[1]]}", headers=world.headers("head_a1")
    )
    assert deleted.status_code == 204
