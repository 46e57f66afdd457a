"""CSV and XLSX downloads of the tracking views: the same numbers as the JSON routes, the same
suppression, text that a spreadsheet will never run as a formula, and no other tenant's data."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

import pytest
from defusedxml import ElementTree
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint
from tests.helpers import assert_problem
from tests.ingest.pushes import add_points, pupil, push_pupils, push_results, result
from tests.world import World

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NS = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
# Reception at A1 (six pupils, one named like a formula), and two Y6 pupils: fewer than the
# suppression threshold of five, so a governor sees their column as suppressed.
RECEPTION = {1: ("RE", "RD"), 2: ("RE", "RE"), 3: ("RD", "RS"), 4: ("RE", "RD"),
             5: ("RS", "RM"), 6: ("RE", "RE")}  # fmt: skip
YEAR_6 = {7: ("Y6E", "Y6D"), 8: ("Y6D", "Y6S")}
FORMULA_NAME = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def tracked(client: TestClient, world: World, db: Session) -> dict[str, int]:
    """Results at A1's autumn and spring points; the points' ids by code."""
    add_points(db, world)
    # The spring point follows the autumn one, so progress is measured across the two.
    spring = db.scalar(select(AssessmentPoint).where(AssessmentPoint.code == "spr"))
    assert spring is not None
    spring.ordinal = 2
    db.flush()
    pupils = [pupil(n) for n in RECEPTION]
    pupils[0]["legal_first_name"] = FORMULA_NAME
    pupils[1]["legal_last_name"] = "@SUM(1+1)"
    pupils += [pupil(n, year_group="Y6", **{"class": "Class a1_y6"}) for n in YEAR_6]
    response = push_pupils(client, world, pupils)
    assert response.status_code == 200 and response.json()["rejected"] == 0, response.text
    results = [
        result(n, value, point=point)
        for n, values in (RECEPTION | YEAR_6).items()
        for point, value in zip(("aut", "spr"), values, strict=True)
    ]
    response = push_results(client, world, results)
    assert response.status_code == 200 and response.json()["rejected"] == 0, response.text
    return {
        p.code: p.id
        for p in db.scalars(
            select(AssessmentPoint).where(AssessmentPoint.trust_id == world.trusts["a"])
        )
    }


def _views(world: World) -> dict[str, tuple[str, dict[str, str]]]:
    """Each view's JSON route and a query to read it with."""
    school = f"/api/v1/schools/{world.schools['a1']}/tracking"
    trust = f"/api/v1/trusts/{world.trusts['a']}/tracking"
    return {
        "grid": (f"{school}/grid", {}),
        "flags": (f"{school}/flags", {"year_group": "R"}),
        "gaps": (f"{school}/gaps", {}),
        "transition": (f"{school}/transition", {"year_group": "R"}),
        "class": (f"/api/v1/classes/{world.classes['a1_r']}/tracking", {}),
        "overview": (f"{trust}/overview", {}),
        "trust-flags": (f"{trust}/flags", {}),
    }


def _export(path: str) -> str:
    head, _, tail = path.partition("/tracking")
    return f"{head}/tracking{tail}/export"


def download(
    client: TestClient, world: World, who: str, path: str, params: dict[str, str], format: str
) -> Any:
    response = client.get(
        _export(path), params=params | {"format": format}, headers=world.headers(who)
    )
    assert response.status_code == 200, response.text
    return response


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte-order mark, so Excel reads UTF-8"
    text = body[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_xlsx(body: bytes) -> list[list[str]]:
    """The first sheet's cells as text, as a CSV reader would see them; formulas fail loudly."""
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{NS['s']}}}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
        ]
    rows: list[list[str]] = []
    for row in sheet.iterfind(".//s:sheetData/s:row", NS):
        cells: list[str] = []
        for cell in row.iterfind("s:c", NS):
            assert cell.find("s:f", NS) is None, "no cell is ever a formula"
            column = _column_index(cell.attrib["r"])
            cells += [""] * (column - len(cells))
            value = cell.findtext("s:v", default="", namespaces=NS)
            cells.append(shared[int(value)] if cell.get("t") == "s" else _number(value))
        rows.append(cells)
    return rows


def _column_index(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference)
    assert letters is not None
    index = 0
    for letter in letters.group():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _number(value: str) -> str:
    return repr(float(value))


def _padded(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def _n(value: Any) -> str:
    """A cell as text, numbers compared by value: 100, 100.0 and "100" are the same number."""
    if value is None:
        return ""
    try:
        return f"{float(value):.12g}"
    except ValueError:
        return str(value)


def _records(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *body = _padded(rows)
    return [dict(zip(header, (_n(v) for v in row), strict=True)) for row in body]


# Each view's numbers, read from the JSON and from the download, as comparable tuples.
def _grid_json(view: dict[str, Any]) -> list[tuple[str, ...]]:
    cells = {(c["year_group"], c["row"]): c["count"] for c in view["cells"]}
    numbers = [
        (row["label"], c["year_group"], _n(cells.get((c["year_group"], row["key"]), 0)))
        for row in view["rows"]
        for c in view["columns"]
    ]
    for c in view["columns"]:
        numbers += [
            ("Cohort", c["year_group"], _n(c["cohort"])),
            ("% at or above ARE", c["year_group"], _n(c["percent_at_or_above"])),
        ]
    return sorted(numbers)


def _grid_table(rows: list[list[str]]) -> list[tuple[str, ...]]:
    return sorted(
        (r["Step"], year_group, value)
        for r in _records(rows)
        if r["Step"] not in NOT_IN_JSON_CHECK
        for year_group, value in r.items()
        if year_group != "Step"
    )


NOT_IN_JSON_CHECK = {"Missing", "On another scale", "ARE step", "At or above ARE",
                     "% predicted at or above ARE"}  # fmt: skip


def _flags_json(view: dict[str, Any]) -> list[tuple[str, ...]]:
    return sorted(
        (_n(p["pupil_id"]), p["step"] or "", p["attainment"], p["flag"] or "", _n(p["gain"]))
        for p in view["items"]
    )


def _flags_table(rows: list[list[str]]) -> list[tuple[str, ...]]:
    return sorted(
        (r["Pupil ID"], r["Step"], r["Attainment"], r["Flag"], r["Gain"]) for r in _records(rows)
    )


def _gaps_json(view: dict[str, Any]) -> list[tuple[str, ...]]:
    return sorted(
        (g["year_group"], g["subgroup"], _n(g["group"]["size"]), _n(g["rest"]["size"]),
         _n(g["group"]["percent_at_or_above"]), _n(g["gap_percent"]), _n(g["gap_pupils"]))
        for g in view["gaps"]
    )  # fmt: skip


def _gaps_table(rows: list[list[str]]) -> list[tuple[str, ...]]:
    return sorted(
        (r["Year group"], r["Subgroup"], r["Group pupils"], r["Rest pupils"],
         r["Group % at or above ARE"], r["Gap (percentage points)"], r["Gap (pupils)"])
        for r in _records(rows)
    )  # fmt: skip


def _transition_json(view: dict[str, Any]) -> list[tuple[str, ...]]:
    labels = {r["key"]: r["label"] for r in view["from_rows"] + view["to_columns"]}
    return sorted(
        (labels[c["from_row"]], labels[c["to_row"]], _n(c["count"])) for c in view["cells"]
    )


def _transition_table(rows: list[list[str]]) -> list[tuple[str, ...]]:
    corner = rows[0][0]
    # Only the cells with pupils are in the JSON.
    return sorted(
        (r[corner], to_row, value)
        for r in _records(rows)
        for to_row, value in r.items()
        if to_row != corner and value != "0"
    )


def _class_json(view: dict[str, Any]) -> list[tuple[str, ...]]:
    names = {p["id"]: p["name"] for p in view["points"]}
    return sorted(
        (_n(pupil["pupil_id"]), names[p["point_id"]], p["step"] or "", p["attainment"])
        for pupil in view["pupils"]
        for p in pupil["placements"]
    )


def _class_table(rows: list[list[str]]) -> list[tuple[str, ...]]:
    points = [h.removesuffix(" step") for h in rows[0] if h.endswith(" step")]
    return sorted(
        (r["Pupil ID"], point, r[f"{point} step"], r[f"{point} attainment"])
        for r in _records(rows)
        for point in points
        if r[f"{point} attainment"]
    )


def _overview_json(view: dict[str, Any]) -> list[tuple[str, ...]]:
    return sorted(
        (_n(s["school_id"]), s["school_name"], _n(s["cohort"]), _n(s["percent_at_or_above"]))
        for s in view["schools"]
    )


def _overview_table(rows: list[list[str]]) -> list[tuple[str, ...]]:
    return sorted(
        (r["School ID"], r["School"], r["Cohort"], r["% at or above ARE"]) for r in _records(rows)
    )


def _trust_flags_json(view: dict[str, Any]) -> list[tuple[str, ...]]:
    return sorted(
        (_n(c["school_id"]), c["year_group"], c["flag"],
         "suppressed" if c["suppressed"] else _n(c["count"]))
        for c in view["counts"]
    )  # fmt: skip


def _trust_flags_table(rows: list[list[str]]) -> list[tuple[str, ...]]:
    return sorted((r["School ID"], r["Year group"], r["Flag"], r["Pupils"]) for r in _records(rows))


COMPARE = {
    "grid": (_grid_json, _grid_table),
    "flags": (_flags_json, _flags_table),
    "gaps": (_gaps_json, _gaps_table),
    "transition": (_transition_json, _transition_table),
    "class": (_class_json, _class_table),
    "overview": (_overview_json, _overview_table),
    "trust-flags": (_trust_flags_json, _trust_flags_table),
}


@pytest.mark.parametrize("format", ["csv", "xlsx"])
@pytest.mark.parametrize("view", list(COMPARE))
def test_a_download_carries_the_same_numbers_as_the_json_route(
    client: TestClient, world: World, tracked: dict[str, int], view: str, format: str
) -> None:
    path, params = _views(world)[view]
    params |= {"point_id": str(tracked["spr"])}
    if view not in ("grid", "class"):
        params["from_point_id"] = str(tracked["aut"])
    if view == "class":
        params = {}
    json = client.get(path, params=params, headers=world.headers("head_a1"))
    assert json.status_code == 200, json.text
    response = download(client, world, "head_a1", path, params, format)
    from_json, from_table = COMPARE[view]
    if format == "csv":
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        rows = read_csv(response.content)
    else:
        assert response.headers["content-type"] == XLSX
        rows = read_xlsx(response.content)
    expected = from_json(json.json())
    assert expected, "the view should have numbers to compare"
    assert from_table(rows) == expected


def test_the_grid_is_drawn_steps_down_year_groups_across_with_the_are_line(
    client: TestClient, world: World, tracked: dict[str, int]
) -> None:
    path, _ = _views(world)["grid"]
    params = {"point_id": str(tracked["spr"])}
    grid = client.get(path, params=params, headers=world.headers("head_a1")).json()
    rows = read_csv(download(client, world, "head_a1", path, params, "csv").content)
    assert rows[0] == ["Step", "R", "Y6"]
    assert [r[0] for r in rows[1 : len(grid["rows"]) + 1]] == [r["label"] for r in grid["rows"]]
    labels = {r["key"]: r["label"] for r in grid["rows"]}
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["ARE step"] == [labels[c["are_row"]] for c in grid["columns"]]
    assert by_label["Cohort"] == ["7", "2"]  # the world's own Reception pupil has no result


def test_a_download_is_an_attachment_named_for_the_school_subject_and_point(
    client: TestClient, world: World, tracked: dict[str, int]
) -> None:
    path, _ = _views(world)["grid"]
    params = {"subject": "maths", "point_id": str(tracked["spr"])}
    for format in ("csv", "xlsx"):
        response = download(client, world, "head_a1", path, params, format)
        assert response.headers["content-disposition"] == (
            f'attachment; filename="school-a1-maths-2026-27-spr-grid.{format}"'
        )


def test_an_aggregate_only_reader_gets_suppressed_written_as_text_never_a_number(
    client: TestClient, world: World, tracked: dict[str, int]
) -> None:
    path, _ = _views(world)["grid"]
    params = {"point_id": str(tracked["spr"])}
    grid = client.get(path, params=params, headers=world.headers("governor_a1")).json()
    year_6 = next(c for c in grid["columns"] if c["year_group"] == "Y6")
    assert year_6["suppressed"] and year_6["cohort"] is None
    csv_rows = read_csv(download(client, world, "governor_a1", path, params, "csv").content)
    xlsx_rows = read_xlsx(download(client, world, "governor_a1", path, params, "xlsx").content)
    for rows in (csv_rows, xlsx_rows):
        column = rows[0].index("Y6")
        written = {r[0]: r[column] for r in _padded(rows)[1:]}
        del written["ARE step"]  # where the line is drawn, not a count
        assert set(written.values()) == {"suppressed"}, written
        reception = {r[0]: r[rows[0].index("R")] for r in rows[1:]}
        assert _n(reception["Cohort"]) == "7"


def test_names_that_look_like_formulas_are_never_run_by_a_spreadsheet(
    client: TestClient, world: World, tracked: dict[str, int]
) -> None:
    path, params = _views(world)["flags"]
    csv_rows = read_csv(download(client, world, "head_a1", path, params, "csv").content)
    first_names = {r[1] for r in csv_rows[1:]}
    last_names = {r[2] for r in csv_rows[1:]}
    assert "'" + FORMULA_NAME in first_names and FORMULA_NAME not in first_names
    assert "'@SUM(1+1)" in last_names
    # In the workbook the name is kept as typed, stored as text, and no cell is a formula.
    xlsx_rows = read_xlsx(download(client, world, "head_a1", path, params, "xlsx").content)
    assert FORMULA_NAME in {r[1] for r in xlsx_rows[1:]}


@pytest.mark.parametrize("view", ["grid", "flags", "class", "overview", "trust-flags"])
def test_another_tenant_is_refused_a_download(
    client: TestClient, world: World, tracked: dict[str, int], view: str
) -> None:
    path, params = _views(world)[view]
    for format in ("csv", "xlsx"):
        response = client.get(
            _export(path), params=params | {"format": format}, headers=world.headers("head_b1")
        )
        body = assert_problem(response, response.status_code)
        assert response.status_code in (403, 404), body


def test_a_reader_refused_the_json_view_is_refused_its_download(
    client: TestClient, world: World, tracked: dict[str, int]
) -> None:
    # Pupil flags are for staff who may see pupils; a governor reads aggregates only.
    path, params = _views(world)["flags"]
    json = client.get(path, params=params, headers=world.headers("governor_a1"))
    assert_problem(json, 403)
    response = client.get(
        _export(path), params=params | {"format": "xlsx"}, headers=world.headers("governor_a1")
    )
    assert_problem(response, 403)


def test_an_unknown_format_is_a_validation_problem(
    client: TestClient, world: World, tracked: dict[str, int]
) -> None:
    path, _ = _views(world)["grid"]
    response = client.get(_export(path), params={"format": "pdf"}, headers=world.headers("head_a1"))
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/query/format"
