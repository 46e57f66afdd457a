"""Adding a trust's schools from the DfE register's CSV download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.orgs.models import Phase, School
from tests.helpers import assert_problem
from tests.world import World

FIXTURE = Path(__file__).parent / "fixtures" / "gias_heatherfield.csv"


def upload(
    client: TestClient, world: World, data: bytes, who: str = "trust_leader_a"
) -> httpx.Response:
    response: httpx.Response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/schools/import",
        files={"file": ("edubasealldata.csv", data, "text/csv")},
        headers=world.headers(who),
    )
    return response


def school_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(School)) or 0


def test_the_register_file_adds_open_schools_and_skips_a_closed_one_with_its_reason(
    client: TestClient, world: World, db: Session
) -> None:
    response = upload(client, world, FIXTURE.read_bytes())

    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert (body["created"], body["updated"], body["skipped"]) == (3, 0, 1)
    closed = next(r for r in body["rows"] if r["outcome"] == "skipped")
    assert (closed["row"], closed["urn"]) == (3, "998103") and "closed" in closed["reason"]
    schools = {s.urn: s for s in db.scalars(select(School).where(School.urn.like("9981%")))}
    assert set(schools) == {"998101", "998102", "998104"}
    # The Windows-1252 file's accents survive; LAESTAB is the LA code and the padded number.
    assert schools["998102"].name == "Sainte-Hélène Church of England Primary School"
    assert (
        schools["998101"].laestab == "9982101" and schools["998101"].trust_id == world.trusts["a"]
    )
    assert schools["998104"].phase == Phase.special


def test_importing_the_same_file_again_changes_nothing(
    client: TestClient, world: World, db: Session
) -> None:
    upload(client, world, FIXTURE.read_bytes())
    count = school_count(db)

    again = upload(client, world, FIXTURE.read_bytes()).json()

    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert school_count(db) == count


def test_a_changed_name_in_a_later_download_updates_the_school(
    client: TestClient, world: World, db: Session
) -> None:
    upload(client, world, FIXTURE.read_bytes())
    renamed = FIXTURE.read_bytes().replace(b"Heatherfield Primary Academy", b"Heatherfield Academy")

    body = upload(client, world, renamed).json()

    assert body["updated"] == 1
    assert db.scalar(select(School.name).where(School.urn == "998101")) == "Heatherfield Academy"


def test_a_utf8_file_with_a_byte_order_mark_and_semicolons_is_read_too(
    client: TestClient, world: World
) -> None:
    text = FIXTURE.read_bytes().decode("cp1252").replace(",", ";")
    response = upload(client, world, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert response.status_code == 200, response.text
    names = {r["name"] for r in response.json()["rows"]}
    assert "Sainte-Hélène Church of England Primary School" in names


def test_a_file_without_the_register_columns_is_refused_naming_them(
    client: TestClient, world: World, db: Session
) -> None:
    before = school_count(db)
    response = upload(client, world, b"URN,Name\r\n998301,Somewhere Primary\r\n")

    body = assert_problem(response, 422)
    assert "LA (code)" in body["detail"] and "EstablishmentStatus (name)" in body["detail"]
    assert school_count(db) == before


def test_a_row_cut_short_refuses_the_whole_file_naming_the_row(
    client: TestClient, world: World, db: Session
) -> None:
    lines = FIXTURE.read_bytes().split(b"\r\n")
    lines[2] = lines[2][:60]  # the second school's row, cut off
    before = school_count(db)

    body = assert_problem(upload(client, world, b"\r\n".join(lines)), 422)

    assert [e["pointer"] for e in body["errors"]] == ["/file/rows/2"]
    assert school_count(db) == before


def test_a_bad_urn_and_another_trusts_school_are_each_named_and_nothing_is_added(
    client: TestClient, world: World, db: Session
) -> None:
    data = FIXTURE.read_bytes().replace(b"998101", b"99810X").replace(b"998104", b"800101")
    before = school_count(db)

    body = assert_problem(upload(client, world, data), 422)

    pointers = sorted(e["pointer"] for e in body["errors"])
    assert pointers == ["/file/rows/1/URN", "/file/rows/4/URN"]
    assert "another trust" in " ".join(e["message"] for e in body["errors"])
    assert school_count(db) == before


def test_a_head_teacher_may_not_import_schools(client: TestClient, world: World) -> None:
    assert_problem(upload(client, world, FIXTURE.read_bytes(), who="head_a1"), 403)
