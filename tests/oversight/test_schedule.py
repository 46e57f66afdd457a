"""The quality-assurance schedule: a school's category drives it (termly school reviews for C2,
annual for A), a change of category regenerates future activities but keeps those moved by
hand, each activity is moved or reassigned with a reason and done with its report, and the
schedule exports as CSV and iCalendar."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from termwise.oversight.schedule import DEFAULT_TYPES, planned_for
from tests.helpers import assert_problem
from tests.world import World


def call(client: TestClient, world: World, who: str, method: str, url: str, body: Any = None,
         etag: str | None = None) -> Any:  # fmt: skip
    headers = world.headers(who) | ({"If-Match": etag} if etag else {})
    return client.request(method, f"/api/v1{url}", json=body, headers=headers)


def set_category(client: TestClient, world: World, code: str) -> Any:
    body = {"code": code, "rationale": f"Now {code}", "decided_on": date.today().isoformat()}
    made = call(
        client, world, "trust_leader_a", "POST", f"/schools/{world.schools['a1']}/categories", body
    )
    assert made.status_code == 201, made.text
    return made.json()


def schedule(client: TestClient, world: World, who: str = "head_a1") -> list[Any]:
    found: list[Any] = call(
        client, world, who, "GET", f"/schools/{world.schools['a1']}/qa-activities"
    ).json()
    return found


def test_the_category_drives_the_schedule_and_a_new_one_regenerates_it_keeping_moved_ones(
    client: TestClient, world: World
) -> None:
    c2 = set_category(client, world, "C2")
    first = schedule(client, world)
    assert c2["scheduled"] == len(first)
    reviews = [a for a in first if a["kind"] == "school_review"]
    assert len(reviews) == 4, "termly school reviews for a C2 school, over twelve months"
    # Move one by hand: it stays when the category changes.
    moved = first[-1]
    etag = call(client, world, "trust_leader_a", "GET", f"/qa-activities/{moved['id']}").headers[
        "ETag"
    ]
    later = (date.today() + timedelta(days=300)).isoformat()
    changed = call(client, world, "trust_leader_a", "PATCH", f"/qa-activities/{moved['id']}",
                   {"due_on": later, "reason": "Clashes with the Ofsted window"}, etag)  # fmt: skip
    assert changed.status_code == 200 and changed.json()["kept"] is True
    set_category(client, world, "A")
    second = schedule(client, world)
    kinds = Counter(a["kind"] for a in second if not a["kept"])
    assert kinds["school_review"] == 1 and kinds["deep_dive"] == 0
    assert [a["due_on"] for a in second if a["kept"]] == [later]
    assert len(second) == len(planned_for("A", date.today(), DEFAULT_TYPES)) + 1


def test_an_activity_is_moved_with_a_reason_done_with_its_report_and_exported(
    client: TestClient, world: World
) -> None:
    set_category(client, world, "B")
    activity = schedule(client, world)[0]
    url = f"/qa-activities/{activity['id']}"

    def patch(body: dict[str, Any], who: str = "trust_leader_a") -> Any:
        etag = call(client, world, who, "GET", url).headers["ETag"]
        return call(client, world, who, "PATCH", url, body, etag)

    assert assert_problem(patch({"due_on": "2027-01-10"}), 422)["errors"][0]["pointer"] == "/reason"
    no_report = patch({"done_on": date.today().isoformat()})
    assert assert_problem(no_report, 422)["errors"][0]["pointer"] == "/report"
    assert_problem(patch({"done_on": date.today().isoformat(), "report": "x"}, "head_a1"), 403)
    done = patch({"done_on": date.today().isoformat(), "report": "Strong safeguarding culture"})
    assert done.json()["state"] == "done" and done.json()["report"]
    csv = call(
        client, world, "trust_leader_a", "GET", f"/trusts/{world.trusts['a']}/qa-activities/export"
    )
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "School,Activity,Due,Owner,Report to,State,Done on"
    assert len(csv.text.splitlines()) == 1 + len(schedule(client, world))
    ics = call(client, world, "trust_leader_a", "GET",
               f"/trusts/{world.trusts['a']}/qa-activities/export?format=ics")  # fmt: skip
    assert ics.text.startswith("BEGIN:VCALENDAR") and ics.text.count("BEGIN:VEVENT") == len(
        schedule(client, world)
    )
    mine = call(
        client,
        world,
        "trust_leader_a",
        "GET",
        f"/trusts/{world.trusts['a']}/qa-activities?mine=true",
    ).json()
    assert mine and all(a["owner_role"] == "trust_leader" for a in mine)
    assert_problem(
        call(client, world, "trust_leader_b", "GET", f"/trusts/{world.trusts['a']}/qa-activities"),
        404,
    )
    assert_problem(call(client, world, "head_b1", "GET", url), 404)


def test_an_activity_added_by_hand_stays_when_the_category_changes_and_bad_ones_are_refused(
    client: TestClient, world: World
) -> None:
    url = f"/schools/{world.schools['a1']}/qa-activities"
    body = {"kind": "safeguarding_review", "due_on": "2027-02-03",
            "reason": "A concern raised by the local authority"}  # fmt: skip
    added = call(client, world, "trust_leader_a", "POST", url, body)
    assert added.status_code == 201, added.text
    assert added.json()["kept"] is True and added.json()["name"] == "Safeguarding review"
    set_category(client, world, "A")
    assert [a["id"] for a in schedule(client, world) if a["kept"]] == [added.json()["id"]]
    unknown = call(client, world, "trust_leader_a", "POST", url, body | {"kind": "fire_drill"})
    assert assert_problem(unknown, 422)["errors"][0]["pointer"] == "/kind"
    assert_problem(call(client, world, "head_a1", "POST", url, body), 403)
    other_trust = f"/schools/{world.schools['b1']}/qa-activities"
    assert_problem(call(client, world, "trust_leader_a", "POST", other_trust, body), 404)
    assert len([a for a in schedule(client, world) if a["kept"]]) == 1, "nothing else written"
