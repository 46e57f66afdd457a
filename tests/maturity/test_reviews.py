"""A school's maturity review: scored by the school, challenged by a peer from another school
who sees that review and nothing else, agreed with an overall rating by rule, then closed; the
shift over time per school and the trust's areas-by-schools heat map."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.plans.arrange import active_plan
from tests.world import World

AREAS = ["leadership", "infrastructure", "itt", "cpd", "s2s"]


class Reviews:
    def __init__(self, client: TestClient, world: World) -> None:
        self.client, self.world = client, world

    def call(
        self, who: str, method: str, url: str, body: Any = None, etag: str | None = None
    ) -> Any:
        headers = self.world.headers(who) | ({"If-Match": etag} if etag else {})
        return self.client.request(method, f"/api/v1{url}", json=body, headers=headers)

    def ok(self, response: Any) -> Any:
        assert response.status_code in (200, 201), response.text
        return response.json()

    def framework(self, key: str = "teaching_school") -> int:
        listed = self.ok(
            self.call("head_a1", "GET", f"/trusts/{self.world.trusts['a']}/frameworks")
        )
        return int(next(f["id"] for f in listed if f["key"] == key))

    def start(self, held_on: str = "2026-11-20", title: str = "Autumn self-review") -> Any:
        body = {"framework_id": self.framework(), "title": title, "held_on": held_on}
        return self.call(
            "head_a1", "POST", f"/schools/{self.world.schools['a1']}/maturity-reviews", body
        )

    def patch(self, who: str, review_id: int, body: dict[str, Any]) -> Any:
        etag = self.call(who, "GET", f"/maturity-reviews/{review_id}").headers["ETag"]
        return self.call(who, "PATCH", f"/maturity-reviews/{review_id}", body, etag)

    def agreed(self, scores: list[int], held_on: str) -> Any:
        """A review taken through every state: the peer accepts the school's scores."""
        review = self.ok(self.start(held_on=held_on, title=f"Review {held_on}"))
        areas = [{"area": a, "self_score": s} for a, s in zip(AREAS, scores, strict=True)]
        peer = self.world.emails["head_a2"]
        self.ok(self.patch("head_a1", review["id"], {"areas": areas, "challenger_email": peer}))
        self.ok(self.patch("head_a1", review["id"], {"move_to": "submitted"}))
        self.ok(self.patch("head_a2", review["id"], {"move_to": "challenged"}))
        return self.ok(self.patch("head_a1", review["id"], {"move_to": "agreed"}))


def test_self_review_challenged_by_a_peer_and_agreed_with_the_overall_rating_by_rule(
    client: TestClient, world: World
) -> None:
    api = Reviews(client, world)
    made = api.start()
    assert made.status_code == 201 and made.headers["ETag"]
    review = made.json()
    assert review["state"] == "draft" and [a["area"] for a in review["areas"]] == AREAS
    rid = review["id"]
    scores = {"leadership": 3, "infrastructure": 2, "itt": 2, "cpd": 4, "s2s": 3}
    body = {
        "areas": [
            {"area": a, "self_score": s, "evidence": f"{a} evidence", "key_actions": f"Grow {a}",
             "evidence_links": [{"kind": "measure", "ref": "pct_at_are"}]}
            for a, s in scores.items()
        ],
        "challenger_email": world.emails["head_a2"],
    }  # fmt: skip
    drafted = api.ok(api.patch("head_a1", rid, body))
    assert drafted["challenger_name"] == "Head A2" and drafted["acting_as"] == "school"
    api.ok(api.patch("head_a1", rid, {"move_to": "submitted"}))

    # The peer reads this review, challenges two areas, and can change nothing else.
    seen = api.ok(api.call("head_a2", "GET", f"/maturity-reviews/{rid}"))
    assert (
        seen["acting_as"] == "challenger" and seen["areas"][0]["evidence"] == "leadership evidence"
    )
    wrong = api.patch("head_a2", rid, {"areas": [{"area": "cpd", "self_score": 1}]})
    assert assert_problem(wrong, 422)["errors"][0]["pointer"] == "/areas/0/self_score"
    challenge = {
        "areas": [
            {
                "area": "cpd",
                "challenge": "Impact of CPD is not yet evaluated",
                "challenged_score": 3,
            },
            {
                "area": "leadership",
                "challenge": "Governors know little of it",
                "challenged_score": 2,
            },
        ],
        "move_to": "challenged",
    }
    challenged = api.ok(api.patch("head_a2", rid, challenge))
    by_area = {a["area"]: a for a in challenged["areas"]}
    assert by_area["cpd"]["challenged_score"] == 3 and by_area["itt"]["challenged_score"] == 2

    # The school responds, agrees leadership at 3 after all, and closes it.
    respond = {"areas": [{"area": "leadership", "response": "Link governor since May",
                          "agreed_score": 3}], "move_to": "agreed"}  # fmt: skip
    agreed = api.ok(api.patch("head_a1", rid, respond))
    final = {a["area"]: a["agreed_score"] for a in agreed["areas"]}
    assert final == {"leadership": 3, "infrastructure": 2, "itt": 2, "cpd": 3, "s2s": 3}
    # maturity-overall/1: mean 2.6 rounded down to 2, and at most one above the lowest (2).
    assert agreed["state"] == "agreed" and agreed["overall"] == 2
    assert agreed["overall_rule"] == "maturity-overall/1"
    assert_problem(api.patch("head_a1", rid, {"title": "Changed"}), 409)


def test_the_challenger_sees_that_review_only_and_bad_changes_are_refused_naming_the_field(
    client: TestClient, world: World, db: Session
) -> None:
    api = Reviews(client, world)
    rid = api.ok(api.start())["id"]
    other = api.ok(api.start(title="Another"))["id"]
    assert_problem(
        api.patch("head_a1", rid, {"challenger_email": world.emails["trust_leader_a"]}), 422
    )
    # A peer must be from another school: nobody from this one, nor an unknown address.
    for email in (world.emails["disabled_a1"], "nobody@tests.example"):
        refused = api.patch("head_a1", rid, {"challenger_email": email})
        assert assert_problem(refused, 422)["errors"][0]["pointer"] == "/challenger_email"
    out_of_scale = api.patch("head_a1", rid, {"areas": [{"area": "cpd", "self_score": 5}]})
    assert assert_problem(out_of_scale, 422)["errors"][0]["pointer"] == "/areas/0/self_score"
    unknown = api.patch("head_a1", rid, {"areas": [{"area": "finance", "self_score": 2}]})
    assert assert_problem(unknown, 422)["errors"][0]["pointer"] == "/areas/0/area"
    # Evidence links name records of this school: not another school's plan, nor a made-up one.
    theirs = active_plan(db, world.schools["b1"])["plan"]
    for link in ({"kind": "plan", "ref": str(theirs)}, {"kind": "measure", "ref": "iq"}):
        bad = {
            "areas": [
                {"area": "cpd", "evidence_links": [{"kind": "measure", "ref": "pct_at_are"}, link]}
            ]
        }
        pointer = assert_problem(api.patch("head_a1", rid, bad), 422)["errors"][0]["pointer"]
        assert pointer == "/areas/0/evidence_links/1/ref"
    ours = active_plan(db, world.schools["a1"])["plan"]
    linked = {"areas": [{"area": "cpd", "evidence_links": [{"kind": "plan", "ref": str(ours)}]}]}
    read = api.ok(api.patch("head_a1", rid, linked))
    assert read["areas"][3]["evidence_links"] == [{"kind": "plan", "ref": str(ours)}]
    early = api.patch("head_a1", rid, {"move_to": "submitted"})
    assert assert_problem(early, 422)["errors"][0]["pointer"] == "/move_to"
    api.ok(api.patch("head_a1", rid, {"challenger_email": world.emails["head_b1"]}))
    # A partner from another trust finds and reads the review they challenge, and nothing else.
    [mine] = api.ok(api.call("head_b1", "GET", "/me/maturity-challenges"))
    assert (mine["id"], mine["school_name"]) == (rid, "School A1")
    assert api.call("head_b1", "GET", f"/maturity-reviews/{rid}").status_code == 200
    assert_problem(api.call("head_b1", "GET", f"/maturity-reviews/{other}"), 404)
    school = world.schools["a1"]
    for url in (f"/schools/{school}/maturity-reviews", f"/schools/{school}/maturity",
                f"/pupils/{world.pupils['a1_r']}"):  # fmt: skip
        assert api.call("head_b1", "GET", url).status_code in (403, 404)
    # A stale ETag is refused and writes nothing.
    etag = api.call("head_a1", "GET", f"/maturity-reviews/{rid}").headers["ETag"]
    api.ok(api.call("head_a1", "PATCH", f"/maturity-reviews/{rid}", {"title": "One"}, etag))
    stale = api.call("head_a1", "PATCH", f"/maturity-reviews/{rid}", {"title": "Two"}, etag)
    assert_problem(stale, 412)
    assert api.ok(api.call("head_a1", "GET", f"/maturity-reviews/{rid}"))["title"] == "One"
    # Another trust's framework is not this school's to be scored against.
    levels = {"1": "a", "2": "b", "3": "c", "4": "d"}
    definition = {"key": "b_only", "name": "B only",
                  "areas": [{"key": "x", "name": "X", "descriptors": levels}]}  # fmt: skip
    theirs = api.ok(
        api.call("trust_leader_b", "POST", f"/trusts/{world.trusts['b']}/frameworks", definition)
    )
    body = {"framework_id": theirs["id"], "title": "x", "held_on": "2026-11-20"}
    refused = api.call("head_a1", "POST", f"/schools/{school}/maturity-reviews", body)
    assert assert_problem(refused, 422)["errors"][0]["pointer"] == "/framework_id"
    assert_problem(
        api.call("governor_a1", "POST", f"/schools/{school}/maturity-reviews", body), 403
    )


def test_the_shift_over_time_and_the_trusts_heat_map_come_from_agreed_reviews_only(
    client: TestClient, world: World
) -> None:
    api = Reviews(client, world)
    api.agreed([2, 1, 1, 2, 2], "2025-11-20")
    api.agreed([3, 2, 2, 3, 3], "2026-11-20")
    api.ok(api.start(held_on="2026-12-01", title="Still a draft"))
    [shape] = api.ok(api.call("governor_a1", "GET", f"/schools/{world.schools['a1']}/maturity"))
    assert shape["framework_key"] == "teaching_school"
    assert [r["held_on"] for r in shape["reviews"]] == ["2025-11-20", "2026-11-20"]
    assert [p["score"] for p in shape["reviews"][1]["scores"]] == [3, 2, 2, 3, 3]
    heat = api.ok(api.call("trust_leader_a", "GET", f"/trusts/{world.trusts['a']}/maturity"))
    cells = {c["school_id"]: c for c in heat["schools"]}
    assert cells[world.schools["a1"]]["scores"] == dict(zip(AREAS, [3, 2, 2, 3, 3], strict=True))
    assert cells[world.schools["a2"]]["review_id"] is None
    assert [a["key"] for a in heat["areas"]] == AREAS
    assert_problem(api.call("head_a1", "GET", f"/trusts/{world.trusts['a']}/maturity"), 404)
    assert_problem(api.call("trust_leader_b", "GET", f"/trusts/{world.trusts['a']}/maturity"), 404)


def test_an_areas_key_actions_go_into_the_schools_plan_as_an_action(
    client: TestClient, world: World, db: Session
) -> None:
    api = Reviews(client, world)
    plan = active_plan(db, world.schools["a1"])
    rid = api.ok(api.start())["id"]
    api.ok(
        api.patch("head_a1", rid, {"areas": [{"area": "cpd", "key_actions": "Evaluate impact"}]})
    )
    body = {"plan_id": plan["plan"], "priority_id": plan["priority"], "due_on": "2027-03-31"}
    made = api.ok(api.call("head_a1", "POST", f"/maturity-reviews/{rid}/areas/cpd/to-plan", body))
    action = api.ok(api.call("head_a1", "GET", f"/actions/{made['action_id']}"))
    assert action["description"] == "Continuing professional development: Evaluate impact"
    empty = api.call("head_a1", "POST", f"/maturity-reviews/{rid}/areas/itt/to-plan", body)
    assert_problem(empty, 422)
    assert_problem(
        api.call("head_a2", "POST", f"/maturity-reviews/{rid}/areas/cpd/to-plan", body), 404
    )
