"""The trust dashboard and the board report: every school side by side by the same rule (a
school without results at the latest point marked not comparable, never ranked), and a report
for a period with its category changes, or a plain statement when nothing happened."""

from __future__ import annotations

import io
from datetime import date

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.tracking.test_hand_worked import load
from tests.world import World


def test_the_dashboard_compares_only_schools_measured_at_the_same_point(
    client: TestClient, world: World, db: Session
) -> None:
    school, _ = load(db, client, world)
    url = f"/api/v1/trusts/{world.trusts['a']}/dashboard"
    found = client.get(url, headers=world.headers("trust_leader_a")).json()
    rows = {r["school_id"]: r for r in found["schools"]}
    assert rows[school.id]["comparable"] is True
    a1 = rows[world.schools["a1"]]
    assert a1["comparable"] is False and "no results" in a1["not_comparable_because"]
    combined = next(h for h in rows[school.id]["headline"] if h["subject"] == "combined")
    assert found["trust_mean"]["combined"] == combined["value"]
    assert_problem(client.get(url, headers=world.headers("head_a1")), 404)
    assert_problem(client.get(url, headers=world.headers("trust_leader_b")), 404)


def test_the_board_report_gives_the_periods_changes_or_says_plainly_there_were_none(
    client: TestClient, world: World
) -> None:
    today = date.today().isoformat()
    body = {"code": "C1", "rationale": "Writing has dipped", "decided_on": today}
    made = client.post(f"/api/v1/schools/{world.schools['a1']}/categories", json=body,
                       headers=world.headers("trust_leader_a"))  # fmt: skip
    assert made.status_code == 201
    url = f"/api/v1/trusts/{world.trusts['a']}/board-report"
    headers = world.headers("trust_leader_a")
    report = client.get(url, params={"starts_on": "2026-09-01", "ends_on": "2027-08-31"},
                        headers=headers).json()  # fmt: skip
    assert report["statement"] is None
    assert report["category_changes"] == [
        {"school": "School A1", "code": "C1", "on": today, "rationale": "Writing has dipped"}
    ]
    quiet = client.get(url, params={"starts_on": "2020-01-01", "ends_on": "2020-02-01"},
                       headers=headers).json()  # fmt: skip
    assert quiet["statement"].startswith("Nothing happened in this period")
    workbook = client.get(url, params={"starts_on": "2026-09-01", "ends_on": "2027-08-31",
                                       "format": "xlsx"}, headers=headers)  # fmt: skip
    assert workbook.content[:2] == b"PK"
    pdf = client.get(url, params={"starts_on": "2026-09-01", "ends_on": "2027-08-31",
                                  "format": "pdf"}, headers=headers)  # fmt: skip
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "School A1" in text and "Writing has dipped" in text and "Category changes" in text
    nothing = client.get(url, params={"starts_on": "2020-01-01", "ends_on": "2020-02-01",
                                      "format": "pdf"}, headers=headers)  # fmt: skip
    refused = assert_problem(nothing, 422)
    assert refused["detail"].startswith("Nothing happened in this period")
    backwards = client.get(url, params={"starts_on": "2027-01-01", "ends_on": "2026-01-01"},
                           headers=headers)  # fmt: skip
    assert assert_problem(backwards, 422)["errors"][0]["pointer"] == "/query/ends_on"
