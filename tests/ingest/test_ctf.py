"""The Common Transfer File: both layouts read, every unsafe or broken file refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from termwise.ingest.ctf import parse_ctf
from termwise.ingest.records import FileRejected, PupilRecord, ResultRecord, RowError
from termwise.pupils.upn import make_upn
from tests.ingest.conftest import fixture_bytes

UPN1, UPN2, UPN3, UPN4, UPN5 = (make_upn(f"9992001010{i:02d}") for i in range(1, 6))


def ctf(pupils: str, header: str = "<DateTime>2025-07-18T14:30:00</DateTime>") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<CTfile><Header>{header}</Header><CTFpupilData>{pupils}</CTFpupilData></CTfile>"
    ).encode()


def pupil(body: str, upn: str = UPN1) -> str:
    return (
        f"<Pupil><UPN>{upn}</UPN><Surname>Okafor</Surname><Forename>Chidi</Forename>"
        f"<DOB>2014-05-06</DOB><Sex>M</Sex>{body}</Pupil>"
    )


def rejected(data: bytes, **kwargs: int) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        parse_ctf(data, **kwargs)
    return caught.value


# --- the fixture -------------------------------------------------------------------------------


def test_the_fixture_gives_exactly_these_pupils() -> None:
    parsed = parse_ctf(fixture_bytes("larkspur_ctf.xml"))
    assert parsed.pupils == [
        PupilRecord(1, UPN1, None, "Amélie", "O'Neill", "Amy", "O'Neill", date(2013, 9, 14), "F",
                    "2024/25", "Y6", None, fsm=False, ever6_fsm=True, eal=False,
                    sen_status="sen_support", looked_after=False),
        PupilRecord(2, UPN2, None, "Zoë", "Smith-Jones", None, None, date(2013, 11, 2), "F",
                    "2024/25", "Y6", None, fsm=True, ever6_fsm=True, eal=True,
                    sen_status="ehc_plan", looked_after=True),
        PupilRecord(3, UPN3, None, "伟", "王", "Wei", "Wang", date(2020, 1, 9), "M", "2024/25",
                    "R", None, eal=True),
        PupilRecord(5, UPN5, None, "Aleksandra", "Nowak-Kowalska", "Ola", None,
                    date(2013, 10, 30), "F", "2024/25", "Y6", None, fsm=False, ever6_fsm=False,
                    eal=False, sen_status="none"),
    ]  # fmt: skip


def test_the_fixture_gives_exactly_these_results_errors_and_unknown_codes() -> None:
    parsed = parse_ctf(fixture_bytes("larkspur_ctf.xml"))
    assert parsed.results == [
        ResultRecord(1, UPN1, None, "reading", "2020/21", "ks1", "EXS", "ks_ta"),
        ResultRecord(2, UPN1, None, "reading", "2024/25", "ks2", "108", "ks2_scaled"),
        # 3 is the raw mark of the same reading test: left out
        ResultRecord(4, UPN1, None, "gps", "2024/25", "ks2", "111", "ks2_scaled"),
        ResultRecord(5, UPN1, None, "writing", "2024/25", "ks2", "EXS", "ks_ta"),
        ResultRecord(6, UPN1, None, "maths", "2024/25", "ks2", "104", "ks2_scaled"),
        ResultRecord(7, UPN1, None, "maths", "2023/24", "mtc", "23", None),
        ResultRecord(8, UPN2, None, "reading", "2024/25", "ks2", "absent", None),
        ResultRecord(9, UPN2, None, "maths", "2024/25", "ks2", "95", "ks2_scaled"),
        ResultRecord(10, UPN2, None, "writing", "2024/25", "ks2", "WTS", "ks_ta"),
        ResultRecord(13, UPN5, None, "science", "2024/25", "ks2", "EXS", "ks_ta"),
    ]
    wrong_letter = UPN4[0]
    assert parsed.errors == [
        RowError(4, "upn", f"the check letter should be {wrong_letter}, not B", "upn_check_letter"),
        RowError(12, "upn", "pupil 4 has no valid UPN", "pupil_rejected"),
    ]
    assert parsed.unknown_codes == {"Subject:LIT/ELG09": [11], "Subject:HIS": [14]}


# --- layouts and mappings ----------------------------------------------------------------------


def test_the_older_flat_layout_reads_like_the_newer_one() -> None:
    flat = (
        f"<Pupil><UPN>{UPN1}</UPN><Surname>Okafor</Surname><Forename>Chidi</Forename>"
        "<PreferredForename>Chi</PreferredForename><DOB>2014-05-06</DOB><Gender>M</Gender>"
        "<NCyearActual>5</NCyearActual><FirstLanguage>YOR</FirstLanguage>"
        "<SEN><SENprovision>S</SENprovision></SEN></Pupil>"
    )
    nested = (
        f"<Pupil><UPN>{UPN1}</UPN><BasicDetails><Surname>Okafor</Surname>"
        "<Forename>Chidi</Forename><PreferredForename>Chi</PreferredForename>"
        "<DOB>2014-05-06</DOB><Sex>M</Sex><NCyearActual>5</NCyearActual>"
        "<Languages><Type><TypeID>FLANG</TypeID><Language>YOR</Language></Type></Languages>"
        "<SENhistory><SEN><SENprovision>E</SENprovision></SEN></SENhistory>"
        "</BasicDetails></Pupil>"
    )
    expected = PupilRecord(1, UPN1, None, "Chidi", "Okafor", "Chi", None, date(2014, 5, 6), "M",
                           "2024/25", "Y5", eal=True, sen_status="ehc_plan")  # fmt: skip
    assert parse_ctf(ctf(flat)).pupils == [expected]
    assert parse_ctf(ctf(nested)).pupils == [expected]


def test_a_namespaced_file_reads_the_same() -> None:
    data = ctf(pupil("<NCyearActual>4</NCyearActual>")).replace(
        b"<CTfile>", b'<CTfile xmlns="http://www.example.org/ctf">'
    )
    assert [p.year_group for p in parse_ctf(data).pupils] == ["Y4"]


def test_the_academic_year_comes_from_the_header_when_it_says() -> None:
    header = "<DateTime>2025-08-20T10:00:00</DateTime><SourceSchool><AcademicYear>2025"
    header += "</AcademicYear></SourceSchool>"
    data = ctf(pupil("<NCyearActual>1</NCyearActual>"), header=header)
    assert parse_ctf(data).pupils[0].academic_year == "2025/26"


def test_a_pupil_with_nothing_yearly_has_no_academic_year() -> None:
    assert parse_ctf(ctf(pupil(""))).pupils[0].academic_year is None


@pytest.mark.parametrize(
    ("language", "eal"), [("ENG", False), ("ENB", False), ("OTB", True), ("NOT", None)]
)
def test_eal_follows_the_first_language(language: str, eal: bool | None) -> None:
    body = f"<Languages><Type><LanguageType>F</LanguageType><Language>{language}</Language>"
    body += "</Type></Languages>"
    assert parse_ctf(ctf(pupil(body))).pupils[0].eal is eal


def test_a_home_language_is_not_taken_for_the_first_language() -> None:
    body = "<Languages><Type><LanguageType>H</LanguageType><Language>URD</Language></Type>"
    body += "<Type><LanguageType>F</LanguageType><Language>ENG</Language></Type></Languages>"
    assert parse_ctf(ctf(pupil(body))).pupils[0].eal is False


def test_fsm_that_ended_over_six_years_ago_is_neither_now_nor_ever6() -> None:
    body = "<FSMhistory><FSMinstance><FSMstartDate>2015-09-01</FSMstartDate>"
    body += "<FSMendDate>2018-07-20</FSMendDate></FSMinstance></FSMhistory>"
    record = parse_ctf(ctf(pupil(body))).pupils[0]
    assert (record.fsm, record.ever6_fsm) == (False, False)


def test_nursery_pupils_have_no_year_group() -> None:
    assert parse_ctf(ctf(pupil("<NCyearActual>N2</NCyearActual>"))).pupils[0].year_group is None


def test_a_phonics_check_result_is_a_phonics_point() -> None:
    body = "<StageAssessments><KeyStage><Stage>KS1</Stage><StageAssessment><Year>2024</Year>"
    body += "<Subject>PHO</Subject><Method>TT</Method><Result>WA</Result>"
    body += "</StageAssessment></KeyStage></StageAssessments>"
    assert parse_ctf(ctf(pupil(body))).results == [
        ResultRecord(1, UPN1, None, "phonics", "2023/24", "phonics", "WA", None)
    ]


def test_an_eyfs_result_is_not_put_on_the_key_stage_ta_scale() -> None:
    body = "<StageAssessments><KeyStage><Stage>FSP</Stage><StageAssessment><Year>2025</Year>"
    body += "<Subject>MAT</Subject><Method>TA</Method><Result>EXP</Result>"
    body += "</StageAssessment></KeyStage></StageAssessments>"
    assert parse_ctf(ctf(pupil(body))).results == [
        ResultRecord(1, UPN1, None, "maths", "2024/25", "eyfs", "EXP", None)
    ]


def test_results_of_an_unknown_stage_are_reported_as_unknown_codes() -> None:
    body = "<StageAssessments><KeyStage><Stage>KS3</Stage><StageAssessment><Year>2024</Year>"
    body += "<Subject>MAT</Subject><Result>6</Result></StageAssessment></KeyStage>"
    body += "</StageAssessments>"
    parsed = parse_ctf(ctf(pupil(body)))
    assert parsed.results == []
    assert parsed.unknown_codes == {"Stage:KS3": [1]}


def test_a_result_without_a_date_or_year_is_a_row_error() -> None:
    body = "<StageAssessments><KeyStage><Stage>KS2</Stage><StageAssessment>"
    body += "<Subject>MAT</Subject><Method>TT</Method><Result>101</Result>"
    body += "</StageAssessment></KeyStage></StageAssessments>"
    assert [(e.row, e.field, e.code) for e in parse_ctf(ctf(pupil(body))).errors] == [
        (1, "academic_year", "required")
    ]


def test_every_bad_pupil_is_reported() -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    pupils = [
        pupil("", upn=UPN1[:-1]),
        pupil("").replace("2014-05-06", tomorrow).replace(UPN1, UPN2),
        pupil("").replace("<Forename>Chidi</Forename>", "").replace(UPN1, UPN3),
        pupil("<SENhistory><SEN><SENprovision>Q</SENprovision></SEN></SENhistory>", UPN4),
        pupil("").replace(UPN1, ""),
        pupil("", UPN5),
    ]
    parsed = parse_ctf(ctf("".join(pupils)))
    assert [p.row for p in parsed.pupils] == [6]
    assert [(e.row, e.field, e.code) for e in parsed.errors] == [
        (1, "upn", "upn_length"),
        (2, "date_of_birth", "date_of_birth_in_future"),
        (3, "legal_first_name", "required"),
        (4, "sen_status", "sen_status"),
        (5, "upn", "required"),
    ]


# --- refusing the file -------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CTfile><Header/><CTFpupilData><Pupil><Surname>&lol9;</Surname></Pupil></CTFpupilData></CTfile>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE CTfile [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<CTfile><Header/><CTFpupilData><Pupil><Surname>&x;</Surname></Pupil></CTFpupilData></CTfile>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE CTfile SYSTEM "http://example.invalid/ctf.dtd">
<CTfile><Header/><CTFpupilData/></CTfile>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_dtds_and_entities_are_refused_as_unsafe(data: bytes) -> None:
    error = rejected(data)
    assert error.code == "unsafe_xml"
    assert "passwd" not in str(error) and "root:" not in str(error)


def test_a_truncated_file_is_malformed() -> None:
    data = fixture_bytes("larkspur_ctf.xml")
    assert rejected(data[: len(data) // 2]).code == "malformed"


@pytest.mark.parametrize("data", [b"", b"not xml at all", b"<CTfile><Header></CTfile>"])
def test_a_file_that_is_not_well_formed_is_malformed(data: bytes) -> None:
    assert rejected(data).code == "malformed"


def test_xml_that_is_not_a_ctf_is_rejected() -> None:
    assert rejected(b"<Census><Pupil/></Census>").code == "not_ctf"


def test_a_file_over_the_size_cap_is_rejected_before_parsing() -> None:
    assert rejected(BILLION_LAUGHS, max_bytes=100).code == "too_large"
