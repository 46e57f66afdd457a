"""Tracking views as tables, written out as CSV or XLSX for a spreadsheet.

Every number comes from the view the JSON route returns: nothing is recomputed here. A value the
reader may not see is written as the text ``suppressed``, never as a number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import xlsxwriter

from termwise.tracking.schemas import (
    ClassTracker,
    GapTable,
    Grid,
    GroupMeasures,
    PointRead,
    PupilFlags,
    TransitionMatrix,
    TrustFlags,
    TrustOverview,
)

ExportFormat = Literal["csv", "xlsx"]
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUPPRESSED = "suppressed"
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # Row indexes whose first cell labels the row (the grid's summary rows), shown in bold.
    emphasised: set[int] = field(default_factory=set)


def shown(value: Cell, suppressed: bool) -> Cell:
    return SUPPRESSED if suppressed else value


def count(value: int | None) -> Cell:
    """A count the view hid (null) is a suppressed count: counts are never null otherwise."""
    return SUPPRESSED if value is None else value


def _defused(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_defused(h) for h in table.header])
    for row in table.rows:
        writer.writerow(
            ["" if v is None else _defused(v) if isinstance(v, str) else v for v in row]
        )
    # The byte-order mark makes Excel read the file as UTF-8 rather than the local code page.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    buffer = io.BytesIO()
    # Text is written as text: never turned into a formula, a number or a link.
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    with xlsxwriter.Workbook(buffer, options) as book:
        sheet = book.add_worksheet(_sheet_name(table.title))
        bold = book.add_format({"bold": True})
        # Shown as typed, but marked so Excel never evaluates it if the cell is edited.
        quoted = book.add_format({"quote_prefix": True})
        quoted_bold = book.add_format({"quote_prefix": True, "bold": True})
        for column, heading in enumerate(table.header):
            sheet.write_string(0, column, heading, bold)
        for index, row in enumerate(table.rows):
            strong = index in table.emphasised
            for column, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    risky = value.startswith(FORMULA_STARTS)
                    style = (quoted_bold if strong else quoted) if risky else None
                    sheet.write_string(
                        index + 1, column, value, style or (bold if strong else None)
                    )
                else:
                    sheet.write_number(index + 1, column, value, bold if strong else None)
        sheet.freeze_panes(1, 1)
        sheet.set_column(0, 0, 24)
    return buffer.getvalue()


def _sheet_name(title: str) -> str:
    # Excel refuses these characters and names over 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31]


def render(table: Table, format: ExportFormat) -> tuple[bytes, str]:
    if format == "xlsx":
        return to_xlsx(table), XLSX_MEDIA_TYPE
    return to_csv(table), CSV_MEDIA_TYPE


def filename(parts: Sequence[str | None], format: ExportFormat) -> str:
    """``School A1``, ``reading``, ``2026/27``, ``aut`` → ``school-a1-reading-2026-27-aut.csv``;
    ASCII only, so it is safe in a header."""
    words = " ".join(p for p in parts if p)
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_words.lower()).strip("-")[:150]
    return f"{slug or 'tracking'}.{format}"


def point_parts(point: PointRead) -> list[str | None]:
    return [point.academic_year, point.code]


def grid(view: Grid) -> Table:
    """Laid out as schools draw it: a row per step, highest first, a column per year group,
    then the cohort, the ARE step and the share at or above it."""
    labels = {row.key: row.label for row in view.rows}
    columns = view.columns
    cells = {(c.year_group, c.row): c for c in view.cells}
    table = Table(title=f"Grid {view.subject}", header=["Step", *[c.year_group for c in columns]])
    for row in view.rows:
        line: list[Cell] = [row.label]
        for column in columns:
            cell = cells.get((column.year_group, row.key))
            if column.suppressed or (cell is not None and cell.suppressed):
                line.append(SUPPRESSED)
            else:
                # No cell in the view: no pupil on this step in this year group.
                line.append(0 if cell is None else cell.count)
        table.rows.append(line)
    summary: list[tuple[str, list[Cell]]] = [
        ("Cohort", [count(c.cohort) for c in columns]),
        ("Missing", [count(c.missing) for c in columns]),
        ("On another scale", [count(c.other_scale) for c in columns]),
        ("ARE step", [labels.get(c.are_row, c.are_row) if c.are_row else None for c in columns]),
        ("At or above ARE", [count(c.at_or_above) for c in columns]),
        (
            # Withheld with its count, even in a column that is shown.
            "% at or above ARE",
            [shown(c.percent_at_or_above, c.at_or_above is None) for c in columns],
        ),
        (
            "% predicted at or above ARE",
            [shown(c.predicted_percent_at_or_above, c.suppressed) for c in columns],
        ),
    ]
    for label, values in summary:
        table.emphasised.add(len(table.rows))
        table.rows.append([label, *values])
    return table


def pupil_flags(view: PupilFlags) -> Table:
    table = Table(
        title="Pupil flags",
        header=[
            "Pupil ID", "First name", "Last name", "Year group", "Class ID", "Subject",
            "Step before", "Step", "ARE step", "Attainment", "Steps from ARE", "Gain",
            "Expected gain", "Flag", "Rule", "Tolerance", "Muted because",
        ],
    )  # fmt: skip
    for p in view.items:
        table.rows.append(
            [
                p.pupil_id, p.first_name, p.last_name, p.year_group, p.class_id, p.subject,
                p.step_before, p.step, p.are_step, p.attainment.value, p.distance, p.gain,
                p.expected_gain, p.flag.value if p.flag else None, p.rule, p.tolerance,
                p.muted_reason,
            ]
        )  # fmt: skip
    return table


def _group(measures: GroupMeasures) -> list[Cell]:
    hidden = measures.suppressed
    return [
        count(measures.size),
        count(measures.at_or_above),
        # Withheld with its count, even for a group whose size is shown.
        shown(measures.percent_at_or_above, measures.at_or_above is None),
        shown(measures.percent_expected_or_better, hidden),
        shown(measures.average_gain, hidden),
    ]


def gaps(view: GapTable) -> Table:
    measures = ["pupils", "at or above ARE", "% at or above ARE", "% expected or better",
                "average gain"]  # fmt: skip
    table = Table(
        title=f"Gaps {view.subject}",
        header=[
            "Year group",
            "Subgroup",
            *[f"Group {m}" for m in measures],
            *[f"Rest {m}" for m in measures],
            "Gap (percentage points)",
            "Gap (pupils)",
        ],
    )
    for gap in view.gaps:
        # A gap is withheld with either side's count at ARE.
        hidden = gap.group.at_or_above is None or gap.rest.at_or_above is None
        table.rows.append(
            [
                gap.year_group,
                gap.subgroup.value,
                *_group(gap.group),
                *_group(gap.rest),
                shown(gap.gap_percent, hidden),
                shown(gap.gap_pupils, hidden),
            ]
        )
    return table


def transition(view: TransitionMatrix) -> Table:
    cells = {(c.from_row, c.to_row): c for c in view.cells}
    table = Table(
        title=f"Transition {view.subject}",
        header=[
            f"From {view.from_point.code} \\ to {view.point.code}",
            *[c.label for c in view.to_columns],
        ],
    )
    for row in view.from_rows:
        line: list[Cell] = [row.label]
        for column in view.to_columns:
            cell = cells.get((row.key, column.key))
            line.append(0 if cell is None else shown(cell.count, cell.suppressed))
        table.rows.append(line)
    return table


def class_tracker(view: ClassTracker) -> Table:
    header = ["Pupil ID", "First name", "Last name", "Year group"]
    for point in view.points:
        header += [f"{point.name} step", f"{point.name} attainment", f"{point.name} flag"]
    table = Table(title=f"Class {view.subject}", header=header)
    for pupil in view.pupils:
        placed = {p.point_id: p for p in pupil.placements}
        line: list[Cell] = [pupil.pupil_id, pupil.first_name, pupil.last_name, pupil.year_group]
        for point in view.points:
            p = placed.get(point.id)
            if p is None:
                line += [None, None, None]
                continue
            line += [p.step, p.attainment.value, p.flag.value if p.flag else None]
        table.rows.append(line)
    return table


def trust_overview(view: TrustOverview) -> Table:
    table = Table(
        title=f"Overview {view.subject}",
        header=["School ID", "School", "Cohort", "% at or above ARE", "% expected or better",
                "Stuck", "Falling behind", "Missing"],
    )  # fmt: skip
    for s in view.schools:
        table.rows.append(
            [
                s.school_id,
                s.school_name,
                count(s.cohort),
                shown(s.percent_at_or_above, s.suppressed),
                shown(s.percent_expected_or_better, s.suppressed),
                count(s.stuck),
                count(s.falling_behind),
                count(s.missing),
            ]
        )
    return table


def trust_flags(view: TrustFlags, school_names: dict[int, str]) -> Table:
    table = Table(
        title=f"Flags {view.subject}",
        header=["School ID", "School", "Year group", "Flag", "Pupils"],
    )
    for c in view.counts:
        table.rows.append(
            [
                c.school_id,
                school_names.get(c.school_id),
                c.year_group,
                c.flag.value,
                shown(c.count, c.suppressed),
            ]
        )
    return table
