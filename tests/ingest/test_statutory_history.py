"""A transferring pupil's statutory history comes in with their Common Transfer File: the EYFS
profile, the phonics check and its retake, KS1 and the multiplication tables check, taken at
schools before this one, on points no trust had to define."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentPoint
from termwise.assessment.statutory import ensure_points
from tests.helpers import assert_problem
from tests.ingest.pushes import add_points, pupil, push_pupils, push_results, result, upn
from tests.world import World

JOINER = upn(50)


def _stage(stage: str, year: int, subject: str, result: str, *, method: str = "TT",
           component: str = "") -> str:  # fmt: skip
    return (
        f"<KeyStage><Stage>{stage}</Stage><StageAssessment><Locale>ENG</Locale><Year>{year}</Year>"
        f"<Subject>{subject}</Subject><Method>{method}</Method>"
        + (f"<Component>{component}</Component>" if component else "")
        + f"<Result>{result}</Result></StageAssessment></KeyStage>"
    )


def joiner_ctf() -> bytes:
    """A pupil joining Year 5 in 2026/27, with results from Reception (2021/22) onwards."""
    history = "".join(
        (
            _stage("FSP", 2022, "ENG", "2", method="TA", component="RD"),
            _stage("FSP", 2022, "MAT", "1", method="TA"),
            _stage("KS1", 2023, "PHO", "28"),
            _stage("KS1", 2024, "PHO", "Wa"),
            _stage("KS1", 2024, "ENG", "EXS", method="TA", component="RD"),
            _stage("KS1", 2024, "MAT", "WTS", method="TA"),
            _stage("KS2", 2026, "MAT", "21", component="MTC"),
        )
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<CTfile><Header><DateTime>2026-09-03T10:00:00</DateTime><AcademicYear>2026</AcademicYear></Header>
<CTFpupilData><Pupil><UPN>{JOINER}</UPN><Surname>Okafor</Surname><Forename>Chidi</Forename>
<DOB>2016-10-12</DOB><Sex>M</Sex><BasicDetails><NCyearActual>5</NCyearActual></BasicDetails>
<StageAssessments>{history}</StageAssessments></Pupil></CTFpupilData></CTfile>""".encode()


def _import(client: TestClient, world: World, content: bytes) -> dict[str, object]:
    response = client.post(
        f"/api/v1/schools/{world.schools['a1']}/imports",
        files={"file": ("joiner.xml", content, "application/xml")},
        data={"file_format": "ctf", "mode": "all"},
        headers=world.headers("data_officer_a"),
    )
    assert response.status_code == 202, response.text
    job = client.get(f"/api/v1/imports/{response.json()['id']}", headers=world.headers("head_a1"))
    body: dict[str, object] = job.json()
    return body


def _statutory_points(db: Session, trust_id: int) -> int:
    return (
        db.scalar(
            select(func.count())
            .select_from(AssessmentPoint)
            .where(
                AssessmentPoint.trust_id == trust_id,
                AssessmentPoint.code.in_(("eyfs", "phonics", "ks1", "mtc", "ks2")),
            )
        )
        or 0
    )


def test_a_year_5_joiners_statutory_results_from_earlier_schools_are_all_taken(
    client: TestClient, world: World, db: Session
) -> None:
    job = _import(client, world, joiner_ctf())
    assert job["status"] == "succeeded", job
    summary = job["summary"]
    assert isinstance(summary, dict) and summary["results"]["created"] == 7, summary
    joiner = client.get("/api/v1/pupils", params={"q": "Okafor"}, headers=world.headers("head_a1"))
    pupil_id = joiner.json()["items"][0]["id"]
    listed = client.get(
        "/api/v1/assessments", params={"pupil_id": pupil_id}, headers=world.headers("head_a1")
    ).json()["items"]
    got = {
        (r["academic_year"], r["point"], r["subject"]): (r["scale"], r["step"], r["score"])
        for r in listed
    }
    assert got == {
        ("2021/22", "eyfs", "reading"): ("eyfs_elg", "EXP", None),
        ("2021/22", "eyfs", "maths"): ("eyfs_elg", "EMG", None),
        ("2022/23", "phonics", "phonics"): ("phonics_mark", None, 28.0),
        ("2023/24", "phonics", "phonics"): ("phonics_outcome", "WA", None),
        ("2023/24", "ks1", "reading"): ("ks_ta", "EXS", None),
        ("2023/24", "ks1", "maths"): ("ks_ta", "WTS", None),
        ("2025/26", "mtc", "maths"): ("mtc_score", None, 21.0),
    }
    assert all(r["statutory"] for r in listed)
    assert {r["point_name"] for r in listed} >= {"EYFS profile", "Multiplication tables check"}


def test_the_same_file_again_changes_nothing_and_makes_no_second_point(
    client: TestClient, world: World, db: Session
) -> None:
    assert _import(client, world, joiner_ctf())["status"] == "succeeded"
    points = _statutory_points(db, world.trusts["a"])
    assert points == 5  # eyfs 21/22, phonics 22/23 and 23/24, ks1 23/24, mtc 25/26
    again = _import(client, world, joiner_ctf())
    summary = again["summary"]
    assert isinstance(summary, dict) and summary["results"]["unchanged"] == 7, summary
    assert _statutory_points(db, world.trusts["a"]) == points


def test_a_statutory_point_made_for_one_trust_is_not_another_trusts(
    client: TestClient, world: World, db: Session
) -> None:
    assert _import(client, world, joiner_ctf())["status"] == "succeeded"
    theirs = client.get(
        f"/api/v1/trusts/{world.trusts['b']}/assessment-points",
        params={"academic_year": "2023/24"},
        headers=world.headers("trust_leader_b"),
    )
    assert theirs.status_code == 200 and theirs.json() == []
    ours = client.get(
        f"/api/v1/trusts/{world.trusts['a']}/assessment-points",
        params={"academic_year": "2023/24"},
        headers=world.headers("trust_leader_a"),
    ).json()
    assert [(p["code"], p["name"], p["assessed_on"]) for p in ours] == [
        ("phonics", "Phonics screening check", "2024-06-15"),
        ("ks1", "KS1 assessments", "2024-06-30"),
    ]


def test_making_a_statutory_point_twice_leaves_one(world: World, db: Session) -> None:
    ensure_points(db, world.trusts["a"], {("2023/24", "ks1")})
    ensure_points(db, world.trusts["a"], {("2023/24", "ks1"), ("2023/24", "aut")})
    assert _statutory_points(db, world.trusts["a"]) == 1
    assert db.scalar(select(func.count()).select_from(AssessmentPoint).where(
        AssessmentPoint.code == "aut")) == 0  # fmt: skip


def test_a_trust_defined_point_in_a_year_it_has_not_set_up_is_still_refused_by_row(
    client: TestClient, world: World, db: Session
) -> None:
    add_points(db, world)
    assert push_pupils(client, world, [pupil(1)]).status_code == 200
    response = push_results(
        client,
        world,
        [
            result(1, "EXS", point="ks1", academic_year="2023/24", scale="ks_ta"),
            result(1, "RE", point="aut", academic_year="2023/24"),
            result(1, "EXS", point="ks1", academic_year="2004/05", scale="ks_ta"),
        ],
    )
    body = assert_problem(response, 422)
    assert [(e["pointer"], e["code"], e["message"]) for e in body["errors"]] == [
        ("/results/1/point", "unknown_point", "no assessment point 'aut' in 2023/24"),
        ("/results/2/point", "unknown_point", "no assessment point 'ks1' in 2004/05"),
    ]
    assert db.scalar(select(func.count()).select_from(Assessment)) == 0


def test_a_statutory_result_is_taken_for_a_pupil_not_on_roll_that_year_but_a_termly_one_is_not(
    client: TestClient, world: World, db: Session
) -> None:
    add_points(db, world)
    assert push_pupils(client, world, [pupil(1)]).status_code == 200
    check = result(1, "32", subject="phonics", point="phonics", academic_year="2025/26")
    statutory = push_results(client, world, [check])
    assert statutory.status_code == 200, statutory.text
    termly = push_results(client, world, [result(1, "RE", point="sum", academic_year="2025/26")])
    body = assert_problem(termly, 422)
    assert body["errors"][0]["code"] == "not_enrolled_here"


def test_a_bare_number_at_a_termly_point_is_still_a_scaled_score_not_a_phonics_mark(
    client: TestClient, world: World, db: Session
) -> None:
    add_points(db, world)
    assert push_pupils(client, world, [pupil(1)]).status_code == 200
    response = push_results(client, world, [result(1, "38", subject="maths")])
    body = assert_problem(response, 422)
    assert body["errors"][0]["code"] == "score_out_of_range"
    assert "ks2_scaled" in body["errors"][0]["message"]
