"""File imports through the API and the command line, as a data officer would use them."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from termwise.cli import main
from termwise.db import utcnow
from termwise.ingest.csv_format import PUPIL_COLUMNS
from termwise.ingest.imports import orphaned_jobs, run_job
from termwise.ingest.models import ImportJob, JobStatus
from tests.databases import fresh_database
from tests.helpers import assert_problem
from tests.ingest.pushes import add_points, upn
from tests.world import World

HEADER = ";".join(["upn", "mis_id", "legal_first_name", "legal_last_name", "date_of_birth",
                   "gender", "academic_year", "year_group", "class"])  # fmt: skip


def _excel_csv(lines: list[str]) -> bytes:
    """As Excel saves a CSV in a UK locale: BOM, semicolons, CRLF."""
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _pupils_csv(*numbers: int, bad_upn: bool = False) -> bytes:
    rows = [HEADER]
    for n in numbers:
        code = "A1234" if bad_upn and n == numbers[-1] else upn(n)
        rows.append(f"{code};M{n};Siân;O'Neill-{n};12/05/2021;F;2026/27;Reception;Class a1_r")
    return _excel_csv(rows)


def _upload(
    client: TestClient,
    world: World,
    content: bytes,
    *,
    name: str = "pupils.csv",
    file_format: str = "csv",
    mode: str = "all",
    who: str = "data_officer_a",
) -> dict[str, object]:
    response = client.post(
        f"/api/v1/schools/{world.schools['a1']}/imports",
        files={"file": (name, content, "text/csv")},
        data={"file_format": file_format, "mode": mode},
        headers=world.headers(who),
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    # The job runs after the response; the test client waits for it.
    job = client.get(f"/api/v1/imports/{job_id}", headers=world.headers(who))
    assert job.status_code == 200
    body: dict[str, object] = job.json()
    return body


def test_a_pupils_csv_from_excel_is_imported_and_a_second_import_changes_nothing(
    client: TestClient, world: World
) -> None:
    job = _upload(client, world, _pupils_csv(1, 2))
    assert job["status"] == "succeeded", job
    summary = job["summary"]
    assert isinstance(summary, dict)
    assert (summary["pupils"]["created"], summary["pupils"]["rejected"]) == (2, 0)
    again = _upload(client, world, _pupils_csv(1, 2))
    assert isinstance(again["summary"], dict)
    assert (again["summary"]["pupils"]["created"], again["summary"]["pupils"]["unchanged"]) == (
        0,
        2,
    )


def test_results_csv_after_pupils(client: TestClient, world: World, db: Session) -> None:
    add_points(db, world)
    _upload(client, world, _pupils_csv(1, 2))
    results = _excel_csv(
        [
            "upn;subject;academic_year;point;result",
            f"{upn(1)};reading;2026/27;aut;RD",
            f"{upn(2)};Maths;2026/27;aut;absent",
        ]
    )
    job = _upload(client, world, results, name="results.csv")
    assert job["status"] == "succeeded", job
    assert isinstance(job["summary"], dict) and job["summary"]["results"]["created"] == 2


def test_a_bad_row_fails_the_whole_file_with_a_downloadable_report(
    client: TestClient, world: World
) -> None:
    job = _upload(client, world, _pupils_csv(1, 2, bad_upn=True))
    assert job["status"] == "failed"
    assert job["error_count"] == 1
    assert job["errors"] == [
        {
            "pointer": "/rows/2/upn",
            "message": "a UPN has 13 characters, not 5",
            "code": "upn_length",
        }
    ]
    assert isinstance(job["summary"], dict)
    assert (
        job["summary"]["message"] == "1 row(s) of the file are not valid, so nothing was imported."
    )
    report = client.get(
        f"/api/v1/imports/{job['id']}/errors.csv", headers=world.headers("data_officer_a")
    )
    assert report.headers["content-type"].startswith("text/csv")
    lines = report.text.strip().splitlines()
    assert lines[0] == "section,row,field,code,message"
    assert lines[1].startswith("rows,2,upn,upn_length,")
    listed = client.get(
        f"/api/v1/schools/{world.schools['a1']}/imports", headers=world.headers("data_officer_a")
    ).json()["items"]
    # Newest first: this job before the test world's older one.
    assert [j["id"] for j in listed] == sorted((j["id"] for j in listed), reverse=True)
    assert listed[0]["id"] == job["id"] and listed[0]["status"] == "failed"


def test_partial_mode_imports_the_good_rows(client: TestClient, world: World) -> None:
    job = _upload(client, world, _pupils_csv(1, 2, bad_upn=True), mode="partial")
    assert job["status"] == "succeeded"
    assert isinstance(job["summary"], dict) and job["summary"]["pupils"]["created"] == 1
    assert job["error_count"] == 1


@pytest.mark.parametrize(
    ("content", "file_format", "code"),
    [
        (b"upn,name\r\n1,2\r\n", "csv", "columns"),
        (b"\xff\xfe not utf-8 at all", "csv", "encoding"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<CTfile>&e;</CTfile>",
            "ctf",
            "unsafe_xml",
        ),
        (b"this is not a zip", "oneroster", "not_zip"),
    ],
)
def test_unreadable_or_unsafe_files_fail_with_a_reason(
    client: TestClient, world: World, content: bytes, file_format: str, code: str
) -> None:
    job = _upload(client, world, content, file_format=file_format)
    assert job["status"] == "failed"
    report = client.get(
        f"/api/v1/imports/{job['id']}/errors.csv", headers=world.headers("data_officer_a")
    )
    assert f",{code}," in report.text


def test_a_zip_bomb_is_refused(client: TestClient, world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.csv", "propertyName,value\nfile.users,bulk\n")
        bundle.writestr("users.csv", b"\0" * (300 * 1024 * 1024))
    job = _upload(client, world, buffer.getvalue(), name="roster.zip", file_format="oneroster")
    assert job["status"] == "failed"
    assert "zip_bomb" in str(
        client.get(
            f"/api/v1/imports/{job['id']}/errors.csv", headers=world.headers("data_officer_a")
        ).text
    )


def test_only_importers_may_upload_or_read_jobs(client: TestClient, world: World) -> None:
    job = _upload(client, world, _pupils_csv(1))
    for who in ("teacher_a1", "governor_a1"):
        refused = client.post(
            f"/api/v1/schools/{world.schools['a1']}/imports",
            files={"file": ("p.csv", _pupils_csv(2), "text/csv")},
            data={"file_format": "csv"},
            headers=world.headers(who),
        )
        assert_problem(refused, 403)
        assert_problem(client.get(f"/api/v1/imports/{job['id']}", headers=world.headers(who)), 404)
    other = client.get(f"/api/v1/imports/{job['id']}", headers=world.headers("head_b1"))
    assert_problem(other, 404)


def test_templates_name_the_documented_columns(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/import-templates/pupils", headers=world.headers("head_a1"))
    assert response.text.splitlines()[0] == ",".join(PUPIL_COLUMNS)
    assert 'filename="termwise-pupils.csv"' in response.headers["content-disposition"]


def test_the_command_line_imports_a_file_and_exits_non_zero_on_failure(
    database_kind: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    with fresh_database(database_kind, tmp_path) as url:
        env = {"TERMWISE_DATABASE_URL": url}
        assert runner.invoke(main, ["migrate"], env=env).exit_code == 0
        assert runner.invoke(main, ["demo"], env=env).exit_code == 0
        good = tmp_path / "pupils.csv"
        good.write_bytes(
            _excel_csv(
                [
                    HEADER,
                    f"{upn(7)};NEW7;Ada;Lovelace;01/02/2019;F;2026/27;Y2;Finches",
                ]
            )
        )
        ok = runner.invoke(main, ["import", "csv", str(good), "--school", "990101"], env=env)
        assert ok.exit_code == 0, ok.output
        assert "pupils: 1 created" in ok.output
        bad = tmp_path / "bad.csv"
        bad.write_bytes(_excel_csv([HEADER, "X12;NEW8;Al;B;01/02/2019;M;2026/27;Y2;Finches"]))
        failed = runner.invoke(main, ["import", "csv", str(bad), "--school", "990101"], env=env)
        assert failed.exit_code == 1
        assert "upn_length" in failed.output


def test_a_failed_import_reports_no_counts_for_what_was_rolled_back(
    client: TestClient, world: World
) -> None:
    """A CTF whose pupil is valid but whose KS1 result is no teacher-assessment standard: all or
    nothing, so the pupil is rolled back and no count of pupils is reported."""
    ctf = f"""<?xml version="1.0" encoding="UTF-8"?>
<CTfile><Header><DateTime>2026-11-20T10:00:00</DateTime></Header><CTFpupilData><Pupil>
<UPN>{upn(1)}</UPN><Surname>Lee</Surname><Forename>Ann</Forename><DOB>2019-02-01</DOB>
<Sex>F</Sex><StageAssessments><KeyStage><Stage>KS1</Stage><StageAssessment><Locale>ENG</Locale>
<Year>2026</Year><Stage>KS1</Stage><Subject>RD</Subject><Method>TA</Method><Result>XYZ</Result>
<ResultDate>2026-06-20</ResultDate></StageAssessment></KeyStage></StageAssessments>
</Pupil></CTFpupilData></CTfile>""".encode()
    job = _upload(client, world, ctf, name="from-mis.xml", file_format="ctf")
    assert job["status"] == "failed", job
    assert isinstance(job["summary"], dict)
    assert job["summary"]["pupils"] is None and job["summary"]["results"] is None
    errors = job["errors"]
    assert isinstance(errors, list) and errors[0]["code"] == "step_not_on_scale", errors
    listed = client.get("/api/v1/pupils", params={"q": "Lee"}, headers=world.headers("head_a1"))
    assert listed.json()["items"] == []


def test_jobs_left_behind_by_a_dead_replica_are_picked_up_and_finished(
    world: World, db: Session, session_factory: sessionmaker[Session]
) -> None:
    def job(status: JobStatus, **when: object) -> int:
        row = ImportJob(
            school_id=world.schools["a1"],
            file_format="csv",
            filename="p.csv",
            content=_pupils_csv(40 + len(when)),
            mode="all",
            status=status,
            rows_done=0,
            created_by="data officer",
            created_by_subject=f"user:{world.users['data_officer_a']}",
            **when,
        )
        db.add(row)
        db.flush()
        return row.id

    long_ago = utcnow() - timedelta(hours=1)
    queued = job(JobStatus.queued, created_at=long_ago)
    abandoned = job(JobStatus.running, created_at=long_ago, lease_until=long_ago)
    busy = job(JobStatus.running, created_at=long_ago, lease_until=utcnow() + timedelta(hours=1))
    db.commit()
    found = orphaned_jobs(session_factory, queued_for=timedelta(minutes=1))
    assert queued in found and abandoned in found and busy not in found
    finished = run_job(session_factory, abandoned)
    assert finished.status is JobStatus.succeeded
    assert run_job(session_factory, busy).status is JobStatus.running  # someone else has it
