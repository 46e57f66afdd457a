"""The API conventions every endpoint follows: problem+json errors, media types, body size,
ETag / If-Match, and cursor pagination with `updated_since`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from termwise.audit.models import AuditEvent
from termwise.db import utcnow
from termwise.main import create_app
from termwise.oidc.models import IdentityProvider
from termwise.orgs.models import School
from tests.conftest import make_settings
from tests.helpers import assert_problem
from tests.interventions.arrange import school_intervention
from tests.maturity.arrange import school_review
from tests.meetings.arrange import class_meeting
from tests.monitoring.arrange import school_activity
from tests.oversight.arrange import qa_activity
from tests.plans.arrange import active_plan
from tests.tracking.arrange import a1_target_group
from tests.world import World


def _school_url(world: World, key: str = "a1") -> str:
    return f"/api/v1/schools/{world.schools[key]}"


def _audit_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_unknown_route_is_a_problem_document(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/no-such-thing"), 404)


def test_wrong_method_is_a_problem_document(client: TestClient, world: World) -> None:
    assert_problem(client.delete(_school_url(world), headers=world.headers("head_a1")), 405)


def test_malformed_json_is_a_400_and_writes_nothing(
    client: TestClient, world: World, db: Session
) -> None:
    before = _audit_count(db)
    response = client.patch(
        _school_url(world),
        content=b'{"name": ',
        headers=world.headers("head_a1") | {"content-type": "application/json", "If-Match": '"1"'},
    )
    body = assert_problem(response, 400)
    assert "not valid JSON" in body["detail"]
    assert _audit_count(db) == before


def test_wrong_content_type_is_a_415(client: TestClient, world: World) -> None:
    response = client.patch(
        _school_url(world),
        content=b"name=x",
        headers=world.headers("head_a1")
        | {"content-type": "application/x-www-form-urlencoded", "If-Match": '"1"'},
    )
    body = assert_problem(response, 415)
    assert "application/json" in body["detail"]


def test_validation_errors_name_each_field(client: TestClient, world: World) -> None:
    response = client.patch(
        _school_url(world),
        json={"name": "", "phase": "university", "head": "me"},
        headers=world.headers("head_a1") | {"If-Match": '"1"'},
    )
    body = assert_problem(response, 422)
    pointers = {e["pointer"] for e in body["errors"]}
    assert {"/name", "/phase", "/head"} <= pointers


def test_nul_characters_are_refused_at_the_edge(client: TestClient, world: World) -> None:
    response = client.patch(
        _school_url(world),
        json={"name": "Bad\x00name"},
        headers=world.headers("head_a1") | {"If-Match": '"1"'},
    )
    assert_problem(response, 422)


def test_oversized_body_is_a_413_and_writes_nothing(
    world: World, engine: Engine, session_factory: sessionmaker[Session], database_url: str
) -> None:
    app = create_app(
        make_settings(database_url, max_body_bytes=1000),
        engine=engine,
        session_factory=session_factory,
    )
    headers = world.headers("head_a1") | {"If-Match": '"1"'}
    with TestClient(app) as client:
        declared = client.patch(_school_url(world), json={"name": "x" * 2000}, headers=headers)
        assert_problem(declared, 413)

        def chunks():  # no Content-Length: counted as it streams
            yield b'{"name": "'
            for _ in range(50):
                yield b"x" * 100
            yield b'"}'

        streamed = client.patch(
            _school_url(world),
            content=chunks(),
            headers=headers | {"content-type": "application/json"},
        )
        assert_problem(streamed, 413)
    with session_factory() as db:
        assert db.get(School, world.schools["a1"]).name == "School A1"  # type: ignore[union-attr]


def test_get_returns_an_etag_and_update_needs_it(client: TestClient, world: World) -> None:
    headers = world.headers("head_a1")
    etag = client.get(_school_url(world), headers=headers).headers["ETag"]
    assert_problem(client.patch(_school_url(world), json={"name": "New"}, headers=headers), 428)
    updated = client.patch(
        _school_url(world), json={"name": "New"}, headers=headers | {"If-Match": etag}
    )
    assert updated.status_code == 200
    assert updated.headers["ETag"] != etag


def test_a_stale_if_match_is_refused_and_nothing_is_written(
    client: TestClient, world: World, db: Session
) -> None:
    headers = world.headers("head_a1")
    etag = client.get(_school_url(world), headers=headers).headers["ETag"]
    first = client.patch(
        _school_url(world), json={"name": "First"}, headers=headers | {"If-Match": etag}
    )
    assert first.status_code == 200
    audits = _audit_count(db)
    second = client.patch(
        _school_url(world), json={"name": "Second"}, headers=headers | {"If-Match": etag}
    )
    assert_problem(second, 412)
    db.expire_all()
    assert db.get(School, world.schools["a1"]).name == "First"  # type: ignore[union-attr]
    assert _audit_count(db) == audits


def test_pagination_walks_every_row_once_with_a_stable_cursor(
    client: TestClient, world: World
) -> None:
    headers = world.headers("platform_admin")
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/schools", params=params, headers=headers).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = client.get("/api/v1/schools", headers=headers).json()["items"]
    assert seen == [s["id"] for s in everything]
    assert len(seen) == len(set(seen)) >= 3


def test_page_size_is_capped_by_the_server(
    world: World, engine: Engine, session_factory: sessionmaker[Session], database_url: str
) -> None:
    app = create_app(
        make_settings(database_url, page_size_max=2), engine=engine, session_factory=session_factory
    )
    with TestClient(app) as client:
        page = client.get(
            "/api/v1/schools", params={"limit": 1000}, headers=world.headers("platform_admin")
        )
    assert len(page.json()["items"]) == 2
    assert page.json()["next_cursor"] is not None


def test_a_forged_cursor_is_a_422_naming_the_cursor(client: TestClient, world: World) -> None:
    response = client.get(
        "/api/v1/schools", params={"cursor": "!!nonsense"}, headers=world.headers("platform_admin")
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/query/cursor"


def test_updated_since_returns_only_rows_changed_since(
    client: TestClient, world: World, connection: Connection
) -> None:
    headers = world.headers("trust_leader_a")
    mark = utcnow()
    etag = client.get(_school_url(world, "a2"), headers=headers).headers["ETag"]
    client.patch(
        _school_url(world, "a2"), json={"name": "Changed"}, headers=headers | {"If-Match": etag}
    )
    changed = client.get(
        "/api/v1/schools", params={"updated_since": mark.isoformat()}, headers=headers
    )
    assert [s["id"] for s in changed.json()["items"]] == [world.schools["a2"]]
    naive = client.get(
        "/api/v1/schools", params={"updated_since": "2020-01-01T00:00:00"}, headers=headers
    )
    assert_problem(naive, 422)


def test_an_updated_since_before_the_first_utc_instant_is_a_422_naming_it(
    client: TestClient, world: World
) -> None:
    response = client.get(
        "/api/v1/audit-events",
        params={"updated_since": "0001-01-01T00:00:00+00:01"},
        headers=world.headers("trust_leader_a"),
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/query/updated_since"


def test_nul_in_a_query_or_a_pushed_row_is_refused_before_the_database(
    client: TestClient, world: World
) -> None:
    query = client.get(
        "/api/v1/audit-events", params={"entity_id": "h\x00"}, headers=world.headers("head_a1")
    )
    assert assert_problem(query, 422)["errors"][0]["pointer"] == "/query"
    row = {
        "mis_id": "M\x001",
        "subject": "reading",
        "academic_year": "2026/27",
        "point": "aut",
        "result": "RE",
    }
    pushed = client.post(
        f"/api/v1/schools/{world.schools['a1']}/assessments/batch",
        json={"results": [row]},
        headers=world.headers("mis_a1"),
    )
    assert_problem(pushed, 422)


# The body each operation called below is sent with, when it takes one.
BODIES: dict[str, dict[str, Any] | Callable[[World], dict[str, Any]]] = {
    "schools:update": {"name": "Renamed"},
    "trusts:update": {"reference": "01234567"},
    "target_groups:create": {"name": "New group", "subject": "maths", "term": "spr"},
    "target_groups:update": {"name": "Renamed"},
    "identity_providers:update": {"display_name": "Renamed"},
    "plans:create": {"academic_year": "2026/27", "term": "spring"},
    "plans:update": {"title": "Renamed"},
    "priorities:update": {"title": "Renamed"},
    "actions:update": {"status": "on_track"},
    "criteria:update": {"manual_value": "70%"},
    "reviews:update": {"minutes": "Met on Tuesday"},
    # The world's trust has no results yet: the meeting names its point.
    "meetings:create": lambda world: {"held_on": "2026-11-26", "point_id": world.point_a},
    "meetings:update": {"notes": "Agreed two actions"},
    "meeting_actions:follow_up": {"outcome": "carried_on"},
    "interventions:create": lambda world: {
        "name": "Maths boost",
        "wave": "group",
        "subject": "maths",
        "starts_on": "2026-11-21",
        "ends_on": "2027-02-12",
        "sessions_per_week": 2,
        "minutes_per_session": 20,
        "pupil_ids": [world.pupils["a1_r"]],
    },
    "interventions:update": {"cost": 250},
    # Framework 1: the first the migration ships.
    "maturity_reviews:create": {"framework_id": 1, "title": "Self-review", "held_on": "2026-11-20"},
    "maturity_reviews:update": {"title": "Renamed"},
    "monitoring:create": lambda world: {
        "kind": "learning_walk",
        "focus": "Reading",
        "held_on": "2026-11-25",
        "teacher_id": world.users["teacher_a1"],
        "partner_id": world.users["head_a1"],
    },
    "monitoring:update": {"reflection": "It went well"},
    "qa:update": {"due_on": "2027-01-12", "reason": "Moved for the inspection window"},
    "qa:create": {"kind": "deep_dive", "due_on": "2027-01-12", "reason": "Reading dipped"},
    "category_wordings:update": {
        "descriptor": "Good overall",
        "expectation": "Improves itself",
        "intervention": "None",
    },
    "qa_types:update": {
        "name": "Deep dive",
        "owner_role": "trust_leader",
        "audience": "Trust board",
        "cadence": {"C2": "termly"},
    },
}

# Who calls each operation: a head teacher unless named here.
CALLERS = {
    "trusts:update": "trust_leader_a",
    "identity_providers:read": "trust_leader_a",
    "identity_providers:update": "trust_leader_a",
    # What is written about a teacher's practice: the teacher writes their reflection.
    "monitoring:read": "teacher_a1",
    "monitoring:update": "teacher_a1",
    "qa:read": "trust_leader_a",
    "qa:update": "trust_leader_a",
    "qa:create": "trust_leader_a",
    "category_wordings:read": "trust_leader_a",
    "category_wordings:update": "trust_leader_a",
    "qa_types:read": "trust_leader_a",
    "qa_types:update": "trust_leader_a",
}


def a1_plan(db: Session, world: World) -> dict[str, int]:
    made = active_plan(db, world.schools["a1"])
    return {f"{key}_id": row_id for key, row_id in made.items()}


def a1_meeting(db: Session, world: World) -> dict[str, int]:
    made = class_meeting(db, world.classes["a1_r"], world.pupils["a1_r"])
    return {f"{key}_id": row_id for key, row_id in made.items()}


def _etag_status(operation: dict[str, Any]) -> str | None:
    """The success status whose response declares the ETag header, if one does."""
    return next(
        (
            status
            for status, response in operation["responses"].items()
            if status.startswith("2") and "ETag" in response.get("headers", {})
        ),
        None,
    )


def _if_match(operation: dict[str, Any]) -> dict[str, Any] | None:
    return next((p for p in operation.get("parameters", []) if p["name"] == "If-Match"), None)


def _calls(
    app: FastAPI, world: World, db: Session, wanted: Callable[[dict[str, Any]], bool]
) -> list[tuple[str, str, dict[str, Any] | None, dict[str, Any]]]:
    """Each documented operation `wanted` picks: its method, its URL naming school A1's trust,
    the school and a group there, the body it is sent with, and the operation."""
    provider = IdentityProvider(
        trust_id=world.trusts["a"],
        display_name="Ashdown accounts",
        issuer="https://accounts.google.com",
        client_id="ashdown",
        client_secret_encrypted="sealed",
        allowed_domains="ashdown.example",
    )
    db.add(provider)
    db.flush()
    ids = (
        {
            "trust_id": world.trusts["a"],
            "school_id": world.schools["a1"],
            "group_id": a1_target_group(db, world),
            "provider_id": provider.id,
            "class_id": world.classes["a1_r"],
            "intervention_id": school_intervention(db, world.schools["a1"], world.pupils["a1_r"]),
            "review_id": school_review(db, world.schools["a1"]),
            "qa_activity_id": qa_activity(db, world.schools["a1"]),
            "category_code": "C1",
            "type_key": "deep_dive",
            "activity_id": school_activity(
                db, world.schools["a1"], world.users["teacher_a1"], world.users["head_a1"]
            ),
        }
        | a1_plan(db, world)
        | a1_meeting(db, world)
    )
    calls = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            if wanted(operation):
                if "requestBody" in operation:
                    assert operation["operationId"] in BODIES, "add its body to BODIES"
                body = BODIES.get(operation["operationId"]) if "requestBody" in operation else None
                if callable(body):
                    body = body(world)
                calls.append((method, path.format(**ids), body, operation))
    return calls


def test_every_declared_etag_is_sent_and_an_update_accepts_the_one_its_read_sent(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    headers = world.headers("head_a1")
    calls = _calls(app, world, db, lambda operation: _etag_status(operation) is not None)
    assert len(calls) >= 6
    for method, url, body, operation in calls:
        headers = world.headers(CALLERS.get(operation["operationId"], "head_a1"))
        sent = headers
        if _if_match(operation):
            sent = headers | {"If-Match": client.get(url, headers=headers).headers["ETag"]}
        response = client.request(method, url, json=body, headers=sent)
        assert str(response.status_code) == _etag_status(operation), (method, url, response.text)
        assert re.fullmatch(r'"\d+"', response.headers.get("ETag", "")), (method, url)
        assert response.headers["ETag"] != sent.get("If-Match"), (method, url)


def test_an_update_without_if_match_is_a_428_wherever_the_document_requires_it(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    def requires_if_match(operation: dict[str, Any]) -> bool:
        if_match = _if_match(operation)
        return if_match is not None and if_match["required"] is True

    calls = _calls(app, world, db, requires_if_match)
    assert len(calls) >= 2
    for method, url, body, operation in calls:
        caller = CALLERS.get(operation["operationId"], "head_a1")
        response = client.request(method, url, json=body, headers=world.headers(caller))
        assert_problem(response, 428)


def test_a_method_a_path_does_not_have_is_a_405_naming_every_method_it_has(
    client: TestClient, world: World, db: Session
) -> None:
    plan = a1_plan(db, world)
    actions = f"/api/v1/actions/{plan['action_id']}"
    for method in ("OPTIONS", "PUT"):
        response = client.request(method, actions, headers=world.headers("head_a1"))
        assert_problem(response, 405)
        assert response.headers["Allow"] == "DELETE, GET, PATCH"
    # A path whose only route takes POST: GET is a 405, not the web app's 404.
    sign_out = client.get("/api/v1/auth/sign-out")
    assert_problem(sign_out, 405)
    assert sign_out.headers["Allow"] == "POST"
    # A path written out in full is its route's alone, not a value of another's {id}.
    accept = client.delete("/api/v1/invitations/accept", headers=world.headers("head_a1"))
    assert_problem(accept, 405)
    assert accept.headers["Allow"] == "POST"
    assert_problem(client.get("/api/v1/no-such-thing"), 404)


def test_a_date_or_instant_is_an_iso_string_never_a_number_read_as_seconds_since_1970(
    client: TestClient, world: World
) -> None:
    headers = world.headers("trust_leader_a")
    for since in ("0.5", "1700000000"):
        response = client.get("/api/v1/trusts", params={"updated_since": since}, headers=headers)
        assert assert_problem(response, 422)["errors"][0]["pointer"] == "/query/updated_since"
    assert client.get("/api/v1/trusts", params={"updated_since": "2026-01-01T00:00:00Z"},
                      headers=headers).status_code == 200  # fmt: skip
    made = client.post(f"/api/v1/schools/{world.schools['a1']}/categories",
                       json={"code": "B", "rationale": "Good", "decided_on": 86400},
                       headers=headers)  # fmt: skip
    assert assert_problem(made, 422)["errors"][0]["pointer"] == "/decided_on"


def test_an_id_in_a_body_beyond_what_the_database_holds_is_a_422_naming_it(
    client: TestClient, world: World
) -> None:
    body = BODIES["interventions:create"]
    assert callable(body)
    sent = body(world) | {"pupil_ids": [47520626805134956953600]}
    response = client.post(f"/api/v1/schools/{world.schools['a1']}/interventions", json=sent,
                           headers=world.headers("head_a1"))  # fmt: skip
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/pupil_ids/0"


def test_every_create_links_to_the_read_that_takes_the_id_it_answers(app: FastAPI) -> None:
    document = app.openapi()
    operations = {
        o["operationId"]: o for methods in document["paths"].values() for o in methods.values()
    }
    plan = document["paths"]["/api/v1/schools/{school_id}/plans"]["post"]["responses"]["201"]
    assert plan["links"]["Read"] == {
        "operationId": "plans:read",
        "parameters": {"plan_id": "$response.body#/id"},
    }
    for operation_id, create in operations.items():
        family, _, verb = operation_id.rpartition(":")
        if verb == "create" and f"{family}:read" in operations:
            answered = [r for s, r in create["responses"].items() if s.startswith("2")]
            assert "Read" in answered[0].get("links", {}), operation_id
