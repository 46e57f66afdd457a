"""Raising attainment plans on the hand-worked school (A2): a criterion bound to a measure shows
the grid's figure live; the review freezes it; carry-forward starts next term's plan; every
wrong request is refused naming the field, and nothing is half-written."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.plans.models import Plan
from tests.helpers import assert_problem
from tests.tracking.school import School, result
from tests.tracking.test_hand_worked import load
from tests.world import World

Loaded = tuple[School, dict[int, int]]


@pytest.fixture
def loaded(db: Session, client: TestClient, world: World) -> Loaded:
    return load(db, client, world)


class Api:
    """School A2's plans as its head teacher (or another caller) uses them."""

    def __init__(self, client: TestClient, school: School, who: str = "head_a2") -> None:
        self.client, self.school, self.who = client, school, who

    def as_(self, who: str) -> Api:
        return Api(self.client, self.school, who)

    def call(self, method: str, url: str, body: Any = None, etag: str | None = None) -> Any:
        headers = self.school.headers(self.who) | ({"If-Match": etag} if etag else {})
        return self.client.request(method, f"/api/v1{url}", json=body, headers=headers)

    def ok(self, method: str, url: str, body: Any = None, etag: str | None = None) -> Any:
        response = self.call(method, url, body, etag)
        assert response.status_code in (200, 201), response.text
        return response

    def plan(self, plan_id: int) -> tuple[dict[str, Any], str]:
        response = self.ok("GET", f"/plans/{plan_id}")
        return response.json(), response.headers["ETag"]


def _drafted(api: Api) -> dict[str, Any]:
    """An autumn plan with one priority, an action, a bound and a qualitative criterion."""
    school = api.school
    plan = api.ok("POST", f"/schools/{school.id}/plans",
                  {"academic_year": "2026/27", "term": "autumn"}).json()  # fmt: skip
    priority_body = {"title": "Writing in Year 3", "theme": "standards", "phase": "deliver"}
    priority = api.ok("POST", f"/plans/{plan['id']}/priorities", priority_body).json()
    api.ok("POST", f"/plans/{plan['id']}/actions", {
        "priority_id": priority["id"], "description": "Daily shared writing in 3 Oak",
        "lead_role": "class_teacher", "due_on": "2026-12-18"})  # fmt: skip
    api.ok("POST", f"/plans/{plan['id']}/success-criteria", {
        "priority_id": priority["id"], "description": "Year 3 reading at ARE",
        "measure": "pct_at_are", "subject": "reading", "year_groups": ["Y3"],
        "point_id": school.points["sum"], "target": 80})  # fmt: skip
    api.ok("POST", f"/plans/{plan['id']}/success-criteria", {
        "description": "Teaching judged good or better", "manual_value": "65%"})  # fmt: skip
    return plan


def test_a_bound_criterion_shows_the_grids_figure_live_and_fills_its_baseline(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    api = Api(client, school)
    plan, _ = api.plan(_drafted(api)["id"])
    bound, qualitative = plan["criteria"]
    grid = school.read(client, "head_a2", "grid", subject="reading", point_id=school.points["sum"])
    y3 = next(c for c in grid["columns"] if c["year_group"] == "Y3")
    assert bound["current_value"] == y3["percent_at_or_above"] == 50.0
    assert bound["baseline"] == 50.0  # left blank: filled from the data
    assert bound["cohort"] == 6 and len(bound["pupil_ids"]) == 3
    assert bound["measured_at"]["code"] == "sum"
    # 50% at baseline and now, target 80%: no way made yet.
    assert bound["trajectory"] == "off_track"
    assert (qualitative["measure"], qualitative["manual_value"]) == (None, "65%")
    assert plan["state"] == "draft" and plan["may_edit"] is True
    assert plan["owner_name"] == "Head A2"


def test_only_one_plan_is_active_per_term_and_the_refusal_names_the_plan(
    client: TestClient, loaded: Loaded, db: Session
) -> None:
    school, _ = loaded
    api = Api(client, school)
    first = _drafted(api)
    another = {"academic_year": "2026/27", "term": "autumn", "title": "Another"}
    second = api.ok("POST", f"/schools/{school.id}/plans", another).json()
    _, etag = api.plan(first["id"])
    api.ok("PATCH", f"/plans/{first['id']}", {"state": "active"}, etag)
    _, etag2 = api.plan(second["id"])
    body = assert_problem(
        api.call("PATCH", f"/plans/{second['id']}", {"state": "active"}, etag2), 409
    )
    assert f"Plan {first['id']}" in body["detail"]
    assert db.scalar(select(func.count()).select_from(Plan).where(Plan.state == "active")) == 1


def test_an_edit_from_a_stale_read_or_without_if_match_is_refused(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    api = Api(client, school)
    plan = _drafted(api)
    _, etag = api.plan(plan["id"])
    api.ok("PATCH", f"/plans/{plan['id']}", {"title": "Autumn push"}, etag)
    assert_problem(api.call("PATCH", f"/plans/{plan['id']}", {"title": "Mine"}, etag), 412)
    assert_problem(api.call("PATCH", f"/plans/{plan['id']}", {"title": "Mine"}), 428)
    assert api.plan(plan["id"])[0]["title"] == "Autumn push"


def test_a_governor_reads_with_small_numbers_withheld_and_cannot_edit(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    api = Api(client, school)
    plan = _drafted(api)
    governor = api.as_("governor_a2")
    read, etag = governor.plan(plan["id"])
    bound = read["criteria"][0]
    # Year 3: six pupils, three at ARE: small numbers for a governor.
    assert (bound["current_value"], bound["cohort"], bound["pupil_ids"]) == (None, None, None)
    assert bound["suppressed"] is True and read["may_edit"] is False
    assert_problem(governor.call("PATCH", f"/plans/{plan['id']}", {"title": "x"}, etag), 403)


def test_the_lead_of_an_action_changes_its_status_and_nothing_else(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    api = Api(client, school)
    plan, _ = api.plan(_drafted(api)["id"])
    action = plan["actions"][0]
    teacher = api.as_("teacher_a2_y3")
    etag = teacher.ok("GET", f"/actions/{action['id']}").headers["ETag"]
    assert_problem(
        teacher.call("PATCH", f"/actions/{action['id']}", {"description": "x"}, etag), 403
    )
    done = teacher.ok("PATCH", f"/actions/{action['id']}", {"status": "on_track"}, etag).json()
    assert done["status"] == "on_track"
    mine = teacher.ok("GET", "/me/actions").json()
    assert [a["id"] for a in mine] == [action["id"]]


def test_bad_bindings_and_dates_are_refused_naming_the_field(
    client: TestClient, loaded: Loaded, world: World
) -> None:
    school, _ = loaded
    api = Api(client, school)
    plan = _drafted(api)
    url = f"/plans/{plan['id']}/success-criteria"
    base = {"description": "x", "measure": "pct_at_are", "point_id": school.points["sum"],
            "target": 80}  # fmt: skip

    def pointer(response: Any) -> str:
        return str(assert_problem(response, 422)["errors"][0]["pointer"])

    assert pointer(api.call("POST", url, base | {"measure": "happiness"})) == "/measure"
    assert pointer(api.call("POST", url, base | {"target": 130})) == "/target"
    assert (
        pointer(api.call("POST", url, base | {"point_id": world.point_a + 10_000})) == "/point_id"
    )
    assert pointer(api.call("POST", url, base | {"class_id": world.classes["b1_r"]})) == "/class_id"
    too_early = base | {"measure": "stuck", "point_id": school.points["aut"]}
    assert pointer(api.call("POST", url, too_early)) == "/point_id"
    assert pointer(api.call("POST", url, base | {"measure": "gap_percent"})) == "/subgroup"
    action = {"priority_id": api.plan(plan["id"])[0]["priorities"][0]["id"],
              "description": "x", "due_on": "2030-01-01"}  # fmt: skip
    assert pointer(api.call("POST", f"/plans/{plan['id']}/actions", action)) == "/due_on"
    lead = action | {"due_on": "2026-12-01", "lead_user_id": world.users["head_b1"]}
    assert pointer(api.call("POST", f"/plans/{plan['id']}/actions", lead)) == "/lead_user_id"
    assert len(api.plan(plan["id"])[0]["criteria"]) == 2


def test_another_schools_head_cannot_see_or_change_the_plan(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    plan = _drafted(Api(client, school))
    other = Api(client, school, "head_a1")
    assert_problem(other.call("GET", f"/plans/{plan['id']}"), 404)
    assert_problem(other.call("PATCH", f"/plans/{plan['id']}", {"title": "x"}, "*"), 404)
    assert_problem(other.call("GET", f"/schools/{school.id}/plans"), 404)


def test_the_review_freezes_the_figures_and_carry_forward_starts_next_term(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    api = Api(client, school)
    plan = _drafted(api)
    _, etag = api.plan(plan["id"])
    api.ok("PATCH", f"/plans/{plan['id']}", {"state": "active"}, etag)
    review = api.ok("POST", f"/plans/{plan['id']}/review").json()
    etag = api.ok("GET", f"/plans/{plan['id']}/review").headers["ETag"]
    bound = review["criteria"][0]
    assert (bound["value"], bound["suggested_rag"]) == (50.0, "red")
    assert review["prompts"]["Target groups"]
    # A RAG other than the data's needs a reason.
    judged = {"criterion_id": bound["criterion_id"], "rag": "amber"}
    refused = api.call("PATCH", f"/plans/{plan['id']}/review", {"criteria": [judged]}, etag)
    assert assert_problem(refused, 422)["errors"][0]["pointer"] == "/criteria/0/rag_reason"
    judged["rag_reason"] = "Two more pupils are a week from secure"
    written = api.ok("PATCH", f"/plans/{plan['id']}/review",
                     {"successes": "Shared writing daily", "criteria": [judged]}, etag)  # fmt: skip
    etag = written.headers["ETag"]
    signed = api.ok("PATCH", f"/plans/{plan['id']}/review", {"sign_off": True}, etag).json()
    assert signed["signed_off_by"] and api.plan(plan["id"])[0]["state"] == "reviewed"

    # A later MIS push (Ben now Y3M) changes the grid but not the review.
    school.push_results(client, [result(4, "reading", "sum", "Y3S")])
    frozen = api.plan(plan["id"])[0]["review"]["criteria"][0]
    assert (frozen["value"], frozen["rag"], frozen["frozen"]) == (50.0, "amber", True)
    assert len(frozen["pupil_ids"]) == 3
    live = client.get(f"/api/v1/schools/{school.id}/measures/pct_at_are",
                      params={"point_id": school.points["sum"], "year_group": "Y3"},
                      headers=school.headers("head_a2")).json()  # fmt: skip
    assert live["value"] == 66.7

    # Frozen: no more edits, a clear 409.
    _, etag = api.plan(plan["id"])
    assert_problem(api.call("PATCH", f"/plans/{plan['id']}", {"title": "x"}, etag), 409)
    review_etag = api.ok("GET", f"/plans/{plan['id']}/review").headers["ETag"]
    assert_problem(api.call("PATCH", f"/plans/{plan['id']}/review", {"minutes": "x"},
                            review_etag), 409)  # fmt: skip

    carried = api.ok("POST", f"/plans/{plan['id']}/carry-forward").json()
    assert (carried["term"], carried["state"], carried["carried_from_id"]) == (
        "spring", "draft", plan["id"])  # fmt: skip
    assert [a["description"] for a in carried["actions"]] == ["Daily shared writing in 3 Oak"]
    unmet = [c for c in carried["criteria"] if c["measure"]]
    assert len(unmet) == 1 and unmet[0]["baseline"] == 50.0
    assert unmet[0]["carried_from_id"] == bound["criterion_id"]
    assert_problem(api.call("POST", f"/plans/{plan['id']}/carry-forward"), 409)


def test_the_history_lists_every_change_and_the_export_has_each_action_and_criterion(
    client: TestClient, loaded: Loaded
) -> None:
    school, _ = loaded
    api = Api(client, school)
    plan = _drafted(api)
    history = api.ok("GET", f"/plans/{plan['id']}/history").json()
    kinds = {(e["entity_type"], e["action"]) for e in history}
    assert {("plans", "create"), ("plan_priorities", "create"), ("plan_actions", "create"),
            ("plan_criteria", "create")} <= kinds  # fmt: skip
    csv = api.ok("GET", f"/plans/{plan['id']}/export?format=csv").text
    assert "Daily shared writing in 3 Oak" in csv and "Year 3 reading at ARE" in csv
