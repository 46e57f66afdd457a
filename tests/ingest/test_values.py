"""The field rules every parser shares."""

from __future__ import annotations

from datetime import date

import pytest

from termwise.ingest.values import (
    ValueProblem,
    academic_year_of,
    parse_academic_year,
    parse_bool,
    parse_date,
    parse_name,
    parse_sen_status,
    parse_text,
    parse_year_group,
    subject_code,
)


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2025, 8, 31), "2024/25"), (date(2025, 9, 1), "2025/26"), (date(1999, 12, 1), "1999/00")],
)
def test_the_academic_year_runs_from_september_to_august(day: date, year: str) -> None:
    assert academic_year_of(day) == year


@pytest.mark.parametrize("text", ["2025/27", "2025-2027", "2025", "25/26", "2025/26/27"])
def test_an_academic_year_whose_years_do_not_follow_is_refused(text: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_academic_year(text)
    assert caught.value.code == "academic_year"


@pytest.mark.parametrize("text", ["31/02/2020", "2020-13-01", "yesterday", "2020/01/01"])
def test_impossible_or_ambiguous_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_date(text)
    assert caught.value.code == "date"


@pytest.mark.parametrize(
    ("text", "value"),
    [("Y", True), ("yes", True), ("TRUE", True), ("1", True), ("n", False), ("No", False),
     ("false", False), ("0", False), ("", None), ("  ", None)],
)  # fmt: skip
def test_booleans_take_the_usual_spellings_and_blank_is_unknown(
    text: str, value: bool | None
) -> None:
    assert parse_bool(text) is value


@pytest.mark.parametrize("text", ["2", "maybe", "Yes please"])
def test_other_boolean_spellings_are_refused(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_bool(text)


@pytest.mark.parametrize("text", ["0", "14", "Year 0", "Nursery", "Y 3 b"])
def test_year_groups_outside_r_to_y13_are_refused(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_year_group(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [("N", "none"), ("k", "sen_support"), ("E", "ehc_plan"), ("SEN support", "sen_support"),
     ("EHC plan", "ehc_plan"), ("ehc-plan", "ehc_plan"), ("", None)],
)  # fmt: skip
def test_sen_status_takes_words_and_dfe_letters(text: str, status: str | None) -> None:
    assert parse_sen_status(text) == status


def test_names_are_composed_so_two_spellings_of_an_accent_compare_equal() -> None:
    assert parse_name("Zoe\u0308") == parse_name("Zo\u00eb") == "Zoë"


def test_a_name_with_a_line_break_is_refused_but_free_text_folds_it() -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_name("Anne\nMarie")
    assert caught.value.code == "control_character"
    assert parse_text("4 Oak\r\n Willow") == "4 Oak Willow"


def test_common_subject_names_map_to_codes() -> None:
    assert [subject_code(s) for s in ("Reading", "MATHS", "Mathematics", " GPS ", "Art")] == [
        "reading",
        "maths",
        "maths",
        "gps",
        None,
    ]
