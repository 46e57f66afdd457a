"""Reading a CSV file into rows, tolerant of what Excel writes and strict about what it cannot
mean: UTF-8 only (with or without a BOM), any line ending, `,` or `;` between fields.

Row numbers are 1-based data rows (the header is not counted), so row N is spreadsheet line N+1;
blank rows are skipped but still counted, which keeps that true.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from termwise.ingest.records import FileRejected, RowError

MAX_BYTES = 50 * 1024 * 1024


def check_size(data: bytes, max_bytes: int, name: str = "the file") -> None:
    if len(data) > max_bytes:
        raise FileRejected(
            f"{name} is {len(data):,} bytes; the most accepted is {max_bytes:,}", code="too_large"
        )


def decode_utf8(data: bytes, name: str = "the file") -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRejected(
            f"{name} is not UTF-8: byte 0x{data[error.start]:02X} at offset {error.start} "
            "cannot be read. In Excel, save it as 'CSV UTF-8 (Comma delimited)'.",
            code="encoding",
        ) from None
    return text.removeprefix("\ufeff")


def sniff_delimiter(text: str) -> str:
    """`;` when the header line has more of them than commas (Excel in many European locales)."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


@dataclass
class Table:
    # Column names as written, trimmed and lower-cased; blank names are kept as "".
    columns: list[str]
    # (row number, {column: cell}) for every non-blank data row.
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    # Rows left out because their shape is wrong (more cells than columns).
    errors: list[RowError] = field(default_factory=list)
    # Rows with fewer cells than columns (kept, padded with blanks): a cut-short line.
    short: list[int] = field(default_factory=list)


def decode_utf8_or_windows(data: bytes) -> str:
    """UTF-8 (with or without a BOM) when it is, else Windows-1252: what the DfE's own
    downloads and older Excel write."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(
    data: bytes, *, name: str = "the file", sniff: bool = True, windows_fallback: bool = False
) -> Table:
    text = decode_utf8_or_windows(data) if windows_fallback else decode_utf8(data, name)
    if not text.strip():
        raise FileRejected(f"{name} is empty", code="empty")
    delimiter = sniff_delimiter(text) if sniff else ","
    # strict: a quote that is never closed is an error rather than swallowing the rest.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    ended_at = 0  # the line the last whole record ended on
    try:
        for record in reader:
            records.append(record)
            ended_at = reader.line_num
    except csv.Error as error:
        raise _csv_problem(error, ended_at + 1, name) from None
    columns = [cell.strip().lower() for cell in records[0]]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise FileRejected(f"{name} repeats the column(s) {', '.join(repeated)}", code="columns")
    table = Table(columns)
    for number, cells in enumerate(records[1:], start=1):
        if not any(cell.strip() for cell in cells):
            continue  # blank rows, e.g. the trailing ones Excel leaves
        extra = cells[len(columns) :]
        unnamed = [cells[i] for i, c in enumerate(columns) if not c and i < len(cells)]
        if any(cell.strip() for cell in extra + unnamed):
            table.errors.append(
                RowError(number, "", "the row has more cells than the header", "extra_cells")
            )
            continue
        if len(cells) < len(columns):
            table.short.append(number)
        padded = cells + [""] * (len(columns) - len(cells))
        table.rows.append((number, {c: padded[i] for i, c in enumerate(columns) if c}))
    return table


def _csv_problem(error: csv.Error, line: int, name: str) -> FileRejected:
    if "unexpected end of data" in str(error):
        return FileRejected(
            f"{name} ends inside a quoted field that starts on line {line}: "
            "it looks cut short, or a closing quote is missing",
            code="truncated",
        )
    return FileRejected(f"{name} cannot be read as CSV at line {line}: {error}", code="malformed")
