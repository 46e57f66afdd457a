"""OneRoster CSV bundles: students and results mapped, unsafe or incomplete zips refused.
The sample bundle is ONEROSTER_11 in conftest.py."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date

import pytest

from termwise.ingest.oneroster import parse_oneroster
from termwise.ingest.records import FileRejected, PupilRecord, ResultRecord, RowError
from termwise.ingest.zipsafe import read_capped
from termwise.pupils.upn import make_upn

UPN1, UPN2, UPN3 = (make_upn(f"9992001010{i:02d}") for i in (1, 2, 3))
Files = dict[str, str | bytes]
Build = Callable[[Files], bytes]


def rejected(data: bytes, **kwargs: int) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        parse_oneroster(data, **kwargs)
    return caught.value


# --- the sample bundle -------------------------------------------------------------------------


def test_the_bundle_gives_exactly_these_pupils(oneroster_files: Files, build_zip: Build) -> None:
    parsed = parse_oneroster(build_zip(oneroster_files))
    assert parsed.pupils == [
        PupilRecord(1, UPN1, "MIS0001", "Amélie", "O'Neill", None, None, date(2016, 9, 14), "F",
                    "2025/26", "Y4", "4 Oak"),
        PupilRecord(2, UPN2, UPN2, "Zoë", "Smith-Jones", None, None, date(2017, 3, 14), "F",
                    "2025/26", "Y3", "3 Ash"),
        PupilRecord(3, UPN3, "MIS0003", "伟", "王", None, None, date(2020, 9, 1), "M", "2025/26",
                    "R", "R Willow"),
    ]  # fmt: skip


def test_the_bundle_gives_exactly_these_results_and_errors(
    oneroster_files: Files, build_zip: Build
) -> None:
    parsed = parse_oneroster(build_zip(oneroster_files))
    assert parsed.results == [
        ResultRecord(1, UPN1, "MIS0001", "reading", "2025/26", "aut", "EXS", None),
        ResultRecord(2, UPN1, "MIS0001", "maths", "2025/26", "spr", "104", None),
        ResultRecord(3, UPN2, UPN2, "writing", "2025/26", "baseline", "WTS", None),
        ResultRecord(6, UPN3, "MIS0003", "gps", "2025/26", "sum", "not_required", None),
    ]
    assert parsed.unknown_codes == {"Art": [4]}
    assert [(e.row, e.field, e.code) for e in parsed.errors] == [
        (5, "date_of_birth", "required"),  # users.csv: no demographics for u5
        (6, "upn", "upn_length"),  # users.csv: metadata.upn is 12 characters
        (5, "result", "out_of_range"),  # results.csv: 130 on a 0-120 test
        (7, "student", "unknown_student"),  # results.csv: no user u9
        (8, "student", "unknown_student"),  # results.csv: u6 was rejected
    ]
    assert parsed.errors[0].message == (
        "date_of_birth required: demographics.csv gives no birthDate"
    )


def test_a_1_2_bundle_takes_roles_from_roles_csv_and_preferred_names(
    oneroster_files: Files, build_zip: Build
) -> None:
    users = """sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,\
familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,\
userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName
u1,active,,true,aoneill,{UPN:H999200101001},Amélie,O'Neill,,MIS0001,,,,,04,,,,Amy,,O'Neil
u4,active,,true,mteacher,,Morgan,Teacher,,STAFF01,,,,,,,,,,,
"""
    roles = """sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,\
orgSourcedId,userProfileSourcedId
ro1,,,u1,primary,student,,,school-1,
ro4,,,u4,primary,teacher,,,school-1,
"""
    oneroster_files |= {
        "users.csv": users,
        "roles.csv": roles,
        "results.csv": "lineItemSourcedId,studentSourcedId\n",
    }
    oneroster_files["manifest.csv"] = str(oneroster_files["manifest.csv"]).replace("1.1", "1.2")
    parsed = parse_oneroster(build_zip(oneroster_files))
    assert parsed.pupils == [
        PupilRecord(1, UPN1, "MIS0001", "Amélie", "O'Neill", "Amy", "O'Neil", date(2016, 9, 14),
                    "F", "2025/26", "Y4", "4 Oak"),
    ]  # fmt: skip


def test_files_in_a_folder_inside_the_zip_are_found(
    oneroster_files: Files, build_zip: Build
) -> None:
    nested = {f"export/{name}": content for name, content in oneroster_files.items()}
    assert len(parse_oneroster(build_zip(nested)).pupils) == 3


def test_a_pupil_with_no_enrolment_has_no_academic_year(
    oneroster_files: Files, build_zip: Build
) -> None:
    oneroster_files["enrollments.csv"] = "sourcedId,classSourcedId,userSourcedId,role\n"
    first = parse_oneroster(build_zip(oneroster_files)).pupils[0]
    assert (first.academic_year, first.year_group, first.class_name) == (None, None, None)


# --- refusing the bundle -----------------------------------------------------------------------


def test_a_file_that_is_not_a_zip_is_rejected() -> None:
    assert rejected(b"sourcedId,givenName\nu1,Amy\n").code == "not_zip"


def test_a_zip_without_a_manifest_is_rejected(oneroster_files: Files, build_zip: Build) -> None:
    del oneroster_files["manifest.csv"]
    error = rejected(build_zip(oneroster_files))
    assert (error.code, str(error)) == ("missing_file", "the zip has no manifest.csv")


def test_a_file_the_manifest_calls_bulk_must_be_there(
    oneroster_files: Files, build_zip: Build
) -> None:
    del oneroster_files["enrollments.csv"]
    error = rejected(build_zip(oneroster_files))
    assert error.code == "missing_file"
    assert "enrollments.csv" in str(error)


def test_a_bundle_without_users_is_rejected(oneroster_files: Files, build_zip: Build) -> None:
    del oneroster_files["users.csv"]
    oneroster_files["manifest.csv"] = str(oneroster_files["manifest.csv"]).replace(
        "file.users,bulk", "file.users,absent"
    )
    assert rejected(build_zip(oneroster_files)).code == "missing_file"


@pytest.mark.parametrize("name", ["../users.csv", "/etc/users.csv", "C:/temp/users.csv"])
def test_entries_that_point_outside_the_archive_are_rejected(
    oneroster_files: Files, build_zip: Build, name: str
) -> None:
    oneroster_files[name] = "x"
    assert rejected(build_zip(oneroster_files)).code == "unsafe_path"


def test_a_users_file_without_its_columns_is_rejected(
    oneroster_files: Files, build_zip: Build
) -> None:
    oneroster_files["users.csv"] = "sourcedId,role\nu1,student\n"
    error = rejected(build_zip(oneroster_files))
    assert error.code == "columns"
    assert "familyname, givenname" in str(error)


def test_a_non_utf8_csv_in_the_bundle_is_rejected_naming_it(
    oneroster_files: Files, build_zip: Build
) -> None:
    oneroster_files["users.csv"] = str(oneroster_files["users.csv"]).encode("latin-1", "replace")
    error = rejected(build_zip(oneroster_files))
    assert error.code == "encoding"
    assert "users.csv" in str(error)


def test_a_bundle_over_the_size_cap_is_rejected(oneroster_files: Files, build_zip: Build) -> None:
    assert rejected(build_zip(oneroster_files), max_bytes=1000).code == "too_large"


# --- zip bombs ---------------------------------------------------------------------------------


def zeros_zip(name: str, megabytes: int) -> bytes:
    """A zip holding ``megabytes`` of zeros, written a megabyte at a time."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(bytes(1024 * 1024))
    return buffer.getvalue()


def test_300_mb_of_zeros_is_rejected_as_a_zip_bomb_before_inflating() -> None:
    bomb = zeros_zip("users.csv", 300)
    assert len(bomb) < 1024 * 1024  # it really is a bomb: tiny on the wire
    error = rejected(bomb)
    assert error.code == "zip_bomb"
    assert "unpack to 314,572,800 bytes" in str(error)


def test_an_entry_compressed_beyond_any_real_data_is_a_zip_bomb() -> None:
    error = rejected(zeros_zip("users.csv", 20))  # under the size cap, but 1000:1
    assert error.code == "zip_bomb"
    assert "compressed" in str(error)


def test_too_many_entries_is_a_zip_bomb(build_zip: Build) -> None:
    assert rejected(build_zip({f"f{i}.csv": "" for i in range(101)})).code == "zip_bomb"


def test_reading_stops_once_the_bytes_actually_inflated_pass_the_cap() -> None:
    stream = io.BytesIO(bytes(3 * 64 * 1024))
    with pytest.raises(FileRejected) as caught:
        read_capped(stream, 100 * 1024)
    assert caught.value.code == "zip_bomb"
    assert stream.tell() == 2 * 64 * 1024  # it stopped at the chunk that went over


def test_the_uncompressed_cap_can_be_lowered(oneroster_files: Files, build_zip: Build) -> None:
    assert rejected(build_zip(oneroster_files), max_uncompressed=1000).code == "zip_bomb"


def test_row_errors_in_other_files_name_the_file(oneroster_files: Files, build_zip: Build) -> None:
    oneroster_files["categories.csv"] = str(oneroster_files["categories.csv"]) + "x,,,Art,extra\n"
    errors = parse_oneroster(build_zip(oneroster_files)).errors
    assert RowError(5, "categories.csv", "the row has more cells than the header",
                    "extra_cells") in errors  # fmt: skip


def test_a_users_file_with_no_rows_gives_no_pupils(
    oneroster_files: Files, build_zip: Build
) -> None:
    oneroster_files["users.csv"] = "sourcedId,role,givenName,familyName\n"
    parsed = parse_oneroster(build_zip(oneroster_files))
    assert parsed.pupils == []
    assert {e.code for e in parsed.errors} == {"unknown_student"}
