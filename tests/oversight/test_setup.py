"""A trust's own oversight set-up: it rewords a risk category, and changes or adds an
activity type whose cadences then drive every categorised school's future schedule; the
defaults stand until it does, and only the trust's leaders change them."""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient

from tests.helpers import assert_problem
from tests.oversight.test_schedule import call, schedule, set_category
from tests.world import World

CADENCE_OFF = {"A": None, "B": None, "C1": None, "C2": None, "D": None}


def test_a_trust_rewords_a_category_and_the_school_page_shows_its_words(
    client: TestClient, world: World
) -> None:
    trust = world.trusts["a"]
    read = call(client, world, "trust_leader_a", "GET", f"/trusts/{trust}/category-wordings/C2")
    assert read.json()["own"] is False and read.headers["ETag"] == '"0"'
    words = {"descriptor": "Stalled", "expectation": "A plan with the trust",
             "intervention": "Fortnightly visits"}  # fmt: skip
    changed = call(client, world, "trust_leader_a", "PUT",
                   f"/trusts/{trust}/category-wordings/C2", words, '"0"')  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["own"] is True and changed.headers["ETag"] == '"1"'
    stale = call(client, world, "trust_leader_a", "PUT",
                 f"/trusts/{trust}/category-wordings/C2", words, '"0"')  # fmt: skip
    assert_problem(stale, 412)
    meanings = call(client, world, "head_a1", "GET", f"/schools/{world.schools['a1']}/categories")
    c2 = next(m for m in meanings.json()["meanings"] if m["code"] == "C2")
    assert c2["descriptor"] == "Stalled" and c2["intervention"] == "Fortnightly visits"
    listed = call(client, world, "head_a1", "GET", f"/trusts/{trust}/category-wordings")
    assert listed.status_code == 404, "a school's head does not see the trust as a whole"


def test_a_changed_cadence_reschedules_the_trusts_schools_and_a_new_type_joins_the_schedule(
    client: TestClient, world: World
) -> None:
    trust = world.trusts["a"]
    set_category(client, world, "C2")
    assert Counter(a["kind"] for a in schedule(client, world))["deep_dive"] == 4
    deep_dive = call(client, world, "trust_leader_a", "GET",
                     f"/trusts/{trust}/qa-activity-types/deep_dive").json()  # fmt: skip
    body = {k: deep_dive[k] for k in ("name", "owner_role", "audience")} | {
        "cadence": deep_dive["cadence"] | {"C2": "annual"}
    }
    changed = call(client, world, "trust_leader_a", "PUT",
                   f"/trusts/{trust}/qa-activity-types/deep_dive", body, '"0"')  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["rescheduled"] > 0
    assert Counter(a["kind"] for a in schedule(client, world))["deep_dive"] == 1
    own = {"name": "Attendance review", "owner_role": "data_officer", "audience": "Trust board",
           "cadence": CADENCE_OFF | {"C2": "termly"}}  # fmt: skip
    added = call(client, world, "trust_leader_a", "PUT",
                 f"/trusts/{trust}/qa-activity-types/attendance_review", own, '"0"')  # fmt: skip
    assert added.status_code == 200, added.text
    found = [a for a in schedule(client, world) if a["kind"] == "attendance_review"]
    assert len(found) == 4 and found[0]["name"] == "Attendance review"
    assert found[0]["audience"] == "Trust board" and found[0]["owner_role"] == "data_officer"
    keys = [t["key"] for t in call(client, world, "trust_leader_a", "GET",
                                    f"/trusts/{trust}/qa-activity-types").json()]  # fmt: skip
    assert "attendance_review" in keys and "school_review" in keys


def test_only_the_trusts_leaders_change_its_set_up_and_bad_cadences_are_refused(
    client: TestClient, world: World
) -> None:
    trust = world.trusts["a"]
    own = {"name": "Visit", "owner_role": "trust_leader", "audience": "Board",
           "cadence": CADENCE_OFF}  # fmt: skip
    url = f"/trusts/{trust}/qa-activity-types/visit"
    assert_problem(call(client, world, "head_a1", "PUT", url, own, '"0"'), 404)
    bad = own | {"cadence": CADENCE_OFF | {"B": "fortnightly"}}
    refused = assert_problem(call(client, world, "trust_leader_a", "PUT", url, bad, '"0"'), 422)
    assert any(e["pointer"] == "/cadence/B" for e in refused["errors"])
    other = call(client, world, "trust_leader_b", "PUT", url, own, '"0"')
    assert_problem(other, 404)
    assert call(client, world, "trust_leader_a", "GET", url).status_code == 404, "nothing written"
