"""Termwise's CSV templates: what Excel writes is read, what cannot be meant is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from termwise.ingest.csv_format import PUPIL_COLUMNS, RESULT_COLUMNS, parse_csv, template
from termwise.ingest.records import FileRejected, PupilRecord, ResultRecord, RowError
from termwise.pupils.upn import make_upn
from tests.ingest.conftest import fixture_bytes

UPN1, UPN2, UPN3, UPN5 = (make_upn(f"9992001010{i:02d}") for i in (1, 2, 3, 5))
PUPIL_HEADER = ",".join(PUPIL_COLUMNS)
GOOD_PUPIL = f"{UPN1},MIS0001,Amélie,O'Neill,,,2016-09-14,F,2025/26,Y4,4 Oak,,,,,,,"


def pupils_csv(*rows: str, header: str = PUPIL_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def rejected(data: bytes, **kwargs: int) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        parse_csv(data, **kwargs)
    return caught.value


def only_error(data: bytes) -> RowError:
    parsed = parse_csv(data)
    assert len(parsed.errors) == 1, parsed.errors
    return parsed.errors[0]


# --- the fixtures, as Excel saves them ---------------------------------------------------------


def test_the_fixtures_are_saved_as_excel_saves_them() -> None:
    for name in ("pupils_excel.csv", "results_excel.csv"):
        data = fixture_bytes(name)
        assert data.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in data and b";" in data.split(b"\r\n")[0]


def test_the_pupils_fixture_gives_exactly_these_records() -> None:
    parsed = parse_csv(fixture_bytes("pupils_excel.csv"))
    assert parsed.errors == []
    assert parsed.results == []
    assert parsed.pupils == [
        PupilRecord(1, UPN1, "MIS0001", "Amélie", "O'Neill", "Amy", None, date(2016, 9, 14),
                    "F", "2025/26", "Y4", "4 Oak", False, False, True, False, "sen_support",
                    False, False),
        PupilRecord(2, UPN2, "MIS0002", "Zoë", "Smith-Jones", None, None, date(2017, 3, 14),
                    "F", "2025/26", "Y3", "3 Ash; Elm", True, True, True, False, "sen_support",
                    False, False),
        PupilRecord(3, UPN3, "MIS0003", "伟", "王", "Wei", "Wang", date(2020, 9, 1), "M",
                    "2025/26", "R", "R Willow", False, False, False, True, "none", False, False),
        PupilRecord(4, None, "MIS0004", "Seán", "Ó Briain", None, None, date(2015, 2, 28), "M",
                    "2025/26", "Y6", "6 Birch"),
        PupilRecord(5, UPN5, "MIS0005", "Aleksandra", "Nowak-Kowalska", "Ola", None,
                    date(2018, 11, 30), "X", "2025/26", "Y2", "2 Rowan", True, False, True, True,
                    "ehc_plan", False, True),
    ]  # fmt: skip


def test_the_results_fixture_gives_exactly_these_records() -> None:
    parsed = parse_csv(fixture_bytes("results_excel.csv"))
    assert parsed.errors == []
    assert parsed.pupils == []
    assert parsed.results == [
        ResultRecord(1, UPN1, "MIS0001", "reading", "2025/26", "aut", "EXS", None),
        ResultRecord(2, UPN1, "MIS0001", "maths", "2025/26", "aut", "WTS", None),
        ResultRecord(3, UPN2, None, "writing", "2025/26", "aut", "GDS", "ks_ta"),
        ResultRecord(4, None, "MIS0004", "maths", "2025/26", "spr", "104", "ks2_scaled"),
        ResultRecord(5, UPN5, "MIS0005", "science", "2025/26", "spr", "absent", None),
    ]


def test_each_template_parses_to_its_example_row() -> None:
    pupils = parse_csv(template("pupils").encode())
    results = parse_csv(template("results").encode())
    assert [p.legal_last_name for p in pupils.pupils] == ["O'Neill"]
    assert [(r.subject, r.result) for r in results.results] == [("reading", "EXS")]
    assert pupils.errors == results.errors == []
    assert template("results").startswith(",".join(RESULT_COLUMNS) + ",scale\r\n")
    with pytest.raises(ValueError):
        template("staff")


# --- tolerance ---------------------------------------------------------------------------------


def test_columns_may_come_in_any_order_case_and_spacing() -> None:
    header = " Gender , DATE_OF_BIRTH,legal_last_name ,Legal_First_Name,UPN"
    parsed = parse_csv(pupils_csv(f"M,2016-01-02,Okafor,Chidi,{UPN1}", header=header))
    assert parsed.pupils == [
        PupilRecord(1, UPN1, None, "Chidi", "Okafor", None, None, date(2016, 1, 2), "M")
    ]


def test_a_quoted_field_may_hold_the_delimiter_a_quote_and_a_line_break() -> None:
    rows = [
        f'{UPN1},,"Anne-Marie","O\'Neill ""Annie""",,,2016-09-14,F,2025/26,Y4,"4 Oak,\r\nWillow"'
        ",,,,,,,",
        f"{UPN2},,Zoë,Smith,,,2017-03-14,F,,,,,,,,,,",
    ]
    parsed = parse_csv(pupils_csv(*rows))
    assert parsed.errors == []
    first, second = parsed.pupils
    assert (first.legal_last_name, first.class_name) == ('O\'Neill "Annie"', "4 Oak, Willow")
    assert second.row == 2  # the line break inside the quotes did not start a row


def test_semicolons_are_sniffed_from_the_header_and_commas_in_cells_are_data() -> None:
    header = PUPIL_HEADER.replace(",", ";")
    row = f"{UPN1};;Amélie;O'Neill;;;14/09/2016;F;2025/26;Y4;Oak, upper;;;;;;;"
    parsed = parse_csv(pupils_csv(row, header=header))
    assert [p.class_name for p in parsed.pupils] == ["Oak, upper"]


def test_crlf_bom_and_trailing_empty_rows_are_read() -> None:
    data = (
        "\ufeff" + PUPIL_HEADER + "\r\n" + GOOD_PUPIL + "\r\n,,,,,,,,,,,,,,,,,\r\n\r\n"
    ).encode()
    assert [p.upn for p in parse_csv(data).pupils] == [UPN1]


def test_blank_rows_in_the_middle_are_skipped_but_still_counted() -> None:
    row = f"{UPN2},,Zoë,Smith,,,2017-03-14,F,,,,,,,,,,"
    parsed = parse_csv(pupils_csv(GOOD_PUPIL, "", ",,,", row))
    assert [p.row for p in parsed.pupils] == [1, 4]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("2016-09-14", date(2016, 9, 14)), ("14/09/2016", date(2016, 9, 14)),
     ("4/9/2016", date(2016, 9, 4))],
)  # fmt: skip
def test_dates_are_read_in_iso_and_uk_order(written: str, expected: date) -> None:
    row = f"{UPN1},,A,B,,,{written},F,,,,,,,,,,"
    assert parse_csv(pupils_csv(row)).pupils[0].date_of_birth == expected


@pytest.mark.parametrize(
    ("gender", "year_group", "academic_year", "sen", "flag", "expected"),
    [
        ("Female", "Year 3", "2025-26", "K", "yes", ("F", "Y3", "2025/26", "sen_support", True)),
        ("male", "3", "2025/2026", "E", "1", ("M", "Y3", "2025/26", "ehc_plan", True)),
        ("x", "Reception", "2025/26", "N", "No", ("X", "R", "2025/26", "none", False)),
        ("F", "y13", "2025/26", "ehc_plan", "FALSE", ("F", "Y13", "2025/26", "ehc_plan", False)),
        ("M", "R", "2025/26", "", "", ("M", "R", "2025/26", None, None)),
    ],
)
def test_codes_are_accepted_in_their_common_spellings(
    gender: str,
    year_group: str,
    academic_year: str,
    sen: str,
    flag: str,
    expected: tuple[object, ...],
) -> None:
    row = f"{UPN1},,A,B,,,2016-09-14,{gender},{academic_year},{year_group},,{flag},,,,{sen},,"
    pupil = parse_csv(pupils_csv(row)).pupils[0]
    assert (pupil.gender, pupil.year_group, pupil.academic_year, pupil.sen_status, pupil.fsm) == (
        expected
    )


def test_names_are_trimmed_and_kept_in_any_script() -> None:
    row = f"{UPN1},,  Zoë ,  Ní Bhriain-O'Dea , Ἀλέξανδρος ,محمد,2016-09-14,F,,,,,,,,,,"
    pupil = parse_csv(pupils_csv(row)).pupils[0]
    assert (pupil.legal_first_name, pupil.legal_last_name) == ("Zoë", "Ní Bhriain-O'Dea")
    assert (pupil.preferred_first_name, pupil.preferred_last_name) == ("Ἀλέξανδρος", "محمد")


def test_a_upn_is_trimmed_and_upper_cased() -> None:
    row = f" {UPN1.lower()} ,,A,B,,,2016-09-14,F,,,,,,,,,,"
    assert parse_csv(pupils_csv(row)).pupils[0].upn == UPN1


def test_a_results_file_may_leave_out_the_scale_column() -> None:
    data = f"upn,subject,academic_year,point,result\n{UPN1},Maths,2025/26,sum,GDS\n".encode()
    assert parse_csv(data).results == [
        ResultRecord(1, UPN1, None, "maths", "2025/26", "sum", "GDS", None)
    ]


# --- rejecting the whole file ------------------------------------------------------------------


def test_a_file_that_is_not_utf8_is_rejected_naming_the_byte_offset() -> None:
    latin1 = pupils_csv(GOOD_PUPIL).replace("Amélie".encode(), "Amélie".encode("latin-1"))
    offset = latin1.index("é".encode("latin-1"))
    error = rejected(latin1)
    assert error.code == "encoding"
    assert f"offset {offset}" in str(error)


def test_a_file_cut_short_inside_quotes_is_rejected_as_truncated() -> None:
    data = pupils_csv(GOOD_PUPIL, f'{UPN2},,"Zoë,Smith')
    error = rejected(data)
    assert error.code == "truncated"
    assert "line 3" in str(error)


def test_missing_required_columns_are_named() -> None:
    error = rejected(pupils_csv("x,y", header="upn,legal_first_name"))
    assert error.code == "columns"
    assert "date_of_birth, gender, legal_last_name" in str(error)


def test_a_file_with_neither_upn_nor_mis_id_column_is_rejected() -> None:
    header = "legal_first_name,legal_last_name,date_of_birth,gender"
    error = rejected(pupils_csv("A,B,2016-01-01,F", header=header))
    assert error.code == "columns"
    assert "upn or mis_id" in str(error)


def test_unknown_extra_columns_are_named() -> None:
    error = rejected(pupils_csv(GOOD_PUPIL + ",x,y", header=PUPIL_HEADER + ",shoe_size,Notes"))
    assert error.code == "columns"
    assert "unknown column(s): notes, shoe_size" in str(error)


def test_a_header_that_is_no_template_is_rejected() -> None:
    assert rejected(b"name,age\nBob,9\n").code == "columns"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\r\n", PUPIL_HEADER.encode()])
def test_an_empty_file_is_rejected(data: bytes) -> None:
    assert rejected(data).code == "empty"


def test_a_file_over_the_size_cap_is_rejected() -> None:
    assert rejected(pupils_csv(GOOD_PUPIL), max_bytes=100).code == "too_large"


# --- rejecting rows, every one of them ---------------------------------------------------------


def test_a_wrong_upn_check_letter_is_a_row_error() -> None:
    wrong = ("B" if UPN1[0] != "B" else "C") + UPN1[1:]
    error = only_error(pupils_csv(GOOD_PUPIL.replace(UPN1, wrong)))
    assert (error.row, error.field, error.code) == (1, "upn", "upn_check_letter")


def test_a_upn_of_the_wrong_length_is_a_row_error() -> None:
    error = only_error(pupils_csv(GOOD_PUPIL.replace(UPN1, UPN1[:-1])))
    assert (error.field, error.code) == ("upn", "upn_length")


def test_a_date_of_birth_in_the_future_is_a_row_error() -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    error = only_error(pupils_csv(GOOD_PUPIL.replace("2016-09-14", tomorrow)))
    assert (error.field, error.code) == ("date_of_birth", "date_of_birth_in_future")


def test_a_date_of_birth_before_1990_is_a_row_error() -> None:
    error = only_error(pupils_csv(GOOD_PUPIL.replace("2016-09-14", "31/12/1989")))
    assert (error.field, error.code) == ("date_of_birth", "date_of_birth_too_early")


def test_a_us_order_date_is_a_row_error() -> None:
    error = only_error(pupils_csv(GOOD_PUPIL.replace("2016-09-14", "09/14/2016")))
    assert (error.field, error.code) == ("date_of_birth", "date")


def test_the_same_upn_twice_rejects_the_later_row() -> None:
    later = GOOD_PUPIL.replace("MIS0001", "MIS0009")
    parsed = parse_csv(pupils_csv(GOOD_PUPIL, later))
    assert [p.row for p in parsed.pupils] == [1]
    assert parsed.errors == [RowError(2, "upn", "the same UPN is on row 1", "duplicate")]


def test_the_same_mis_id_twice_rejects_the_later_row() -> None:
    later = GOOD_PUPIL.replace(UPN1, UPN2)
    parsed = parse_csv(pupils_csv(GOOD_PUPIL, later))
    assert [(e.row, e.field, e.code) for e in parsed.errors] == [(2, "mis_id", "duplicate")]


def test_the_same_result_twice_rejects_the_later_row() -> None:
    row = f"{UPN1},,reading,2025/26,aut,EXS"
    parsed = parse_csv(f"{','.join(RESULT_COLUMNS)}\n{row}\n{row}\n".encode())
    assert [r.row for r in parsed.results] == [1]
    assert [(e.row, e.code) for e in parsed.errors] == [(2, "duplicate")]


def test_every_bad_row_and_field_is_reported_and_good_rows_kept() -> None:
    rows = [
        ",,A,B,,,2016-01-01,F,,,,,,,,,,",  # no identifier
        f"{UPN2},,,B,,,2016-01-01,Q,,,,maybe,,,,,,",  # no first name, bad gender, bad flag
        GOOD_PUPIL,
        f"{UPN3},,A\x07,B,,,2016-01-01,F,,Y14,,,,,,,,",  # control char, bad year, no year
        f"{UPN5},,{'x' * 101},B,,,2016-01-01,F,2025/27,,,,,,,Z,,",  # too long, bad year, sen
    ]
    parsed = parse_csv(pupils_csv(*rows))
    assert [p.row for p in parsed.pupils] == [3]
    assert [(e.row, e.field, e.code) for e in parsed.errors] == [
        (1, "upn", "required"),
        (2, "legal_first_name", "required"),
        (2, "gender", "gender"),
        (2, "fsm", "boolean"),
        (2, "academic_year", "required"),
        (4, "legal_first_name", "control_character"),
        (4, "academic_year", "required"),
        (4, "year_group", "year_group"),
        (5, "legal_first_name", "too_long"),
        (5, "academic_year", "academic_year"),
        (5, "sen_status", "sen_status"),
    ]


def test_a_row_with_more_cells_than_the_header_is_a_row_error() -> None:
    error = only_error(pupils_csv(GOOD_PUPIL + ",surplus"))
    assert (error.row, error.code) == (1, "extra_cells")


def test_a_result_needs_a_result_and_a_valid_year() -> None:
    data = f"{','.join(RESULT_COLUMNS)}\n{UPN1},,reading,2025,aut,\n".encode()
    assert [(e.field, e.code) for e in parse_csv(data).errors] == [
        ("academic_year", "academic_year"),
        ("result", "required"),
    ]
