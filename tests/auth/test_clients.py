"""The client-credentials grant for machine clients (MIS and dashboards)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from termwise.auth.models import ApiClient
from tests.auth.support import (
    TOKEN_URL,
    assert_invalid_client,
    assert_invalid_grant,
    client_grant,
    me,
    refresh_grant,
    refresh_token_count,
    tokens,
)
from tests.helpers import assert_problem
from tests.world import World


def test_the_right_secret_gives_a_token_whose_me_shows_the_client(
    client: TestClient, world: World
) -> None:
    response = client_grant(client, "test-mis_a1", world.client_secrets["mis_a1"])

    body = tokens(response)
    caller = me(client, body["access_token"])
    assert caller.status_code == 200, caller.text
    assert caller.json()["kind"] == "client"
    assert caller.json()["id"] == world.clients["mis_a1"]
    assert caller.json()["label"] == "Client mis_a1"
    [grant] = caller.json()["grants"]
    assert grant["school_id"] == world.schools["a1"]
    assert grant["trust_id"] == world.trusts["a"]


def test_a_client_token_comes_without_a_refresh_token_and_none_is_stored(
    client: TestClient, world: World, db: Session
) -> None:
    before = refresh_token_count(db)

    body = tokens(client_grant(client, "test-dashboard_a", world.client_secrets["dashboard_a"]))

    assert body["refresh_token"] is None
    assert refresh_token_count(db) == before


def test_another_clients_secret_is_refused(client: TestClient, world: World) -> None:
    response = client_grant(client, "test-mis_a1", world.client_secrets["mis_b1"])

    assert_invalid_client(response)
    assert "access_token" not in response.json()


def test_an_unknown_client_is_refused_like_a_wrong_secret(client: TestClient, world: World) -> None:
    unknown = client_grant(client, "test-no-such-client", world.client_secrets["mis_a1"])
    wrong_secret = client_grant(client, "test-mis_a1", "not-the-secret")

    assert_invalid_client(unknown)
    assert_invalid_client(wrong_secret)
    assert unknown.json() == wrong_secret.json()


def test_the_client_id_is_matched_exactly(client: TestClient, world: World) -> None:
    assert_invalid_client(client_grant(client, "TEST-MIS_A1", world.client_secrets["mis_a1"]))
    assert_invalid_client(
        client_grant(client, str(world.clients["mis_a1"]), world.client_secrets["mis_a1"])
    )


def test_a_deactivated_client_cannot_get_a_token(
    client: TestClient, world: World, db: Session
) -> None:
    api_client = db.get(ApiClient, world.clients["mis_b1"])
    assert api_client is not None
    api_client.is_active = False
    db.flush()

    assert_invalid_client(client_grant(client, "test-mis_b1", world.client_secrets["mis_b1"]))


def test_the_client_grant_without_a_secret_is_a_400(client: TestClient) -> None:
    response = client.post(
        TOKEN_URL, data={"grant_type": "client_credentials", "client_id": "test-mis_a1"}
    )

    assert assert_problem(response, 400)["error"] == "invalid_request"


def test_a_client_secret_is_not_a_password(client: TestClient, world: World) -> None:
    response = client.post(
        TOKEN_URL,
        data={
            "grant_type": "password",
            "username": "test-mis_a1",
            "password": world.client_secrets["mis_a1"],
        },
    )

    assert_invalid_grant(response)


def test_a_client_secret_is_not_a_refresh_token(client: TestClient, world: World) -> None:
    assert_invalid_grant(refresh_grant(client, world.client_secrets["mis_a1"]))
