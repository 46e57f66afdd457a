"""Reading an uploaded zip into memory without trusting it: caps on entries, on the declared
sizes and on the bytes actually inflated (a zip bomb declares little and inflates a lot), and
no entry named with an absolute path or `..`. Nothing is written to disk."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import IO

from termwise.ingest.records import FileRejected

MAX_ENTRIES = 100
# Real CSVs compress 5-20 times; a ratio over this is a bomb, not data. Small entries are
# exempt, since a few repeated lines can compress well and cannot hurt.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024

_DRIVE = re.compile(r"^[A-Za-z]:")


def read_zip(
    data: bytes, *, max_uncompressed: int, max_entries: int = MAX_ENTRIES
) -> dict[str, bytes]:
    """{lower-cased file name without folders: content} for the files in the zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected("the file is not a zip archive", code="not_zip") from None
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        _check_declared(entries, max_uncompressed, max_entries)
        files: dict[str, bytes] = {}
        budget = max_uncompressed
        for info in entries:
            name = info.filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
            if name in files:
                raise FileRejected(f"the zip holds two files named {name}", code="malformed")
            try:
                with archive.open(info) as stream:
                    files[name] = read_capped(stream, min(budget, info.file_size))
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
                raise FileRejected(
                    f"{info.filename} in the zip cannot be read: {error}", code="malformed"
                ) from None
            budget -= len(files[name])
    return files


def _check_declared(entries: list[zipfile.ZipInfo], max_uncompressed: int, limit: int) -> None:
    if len(entries) > limit:
        raise FileRejected(
            f"the zip holds {len(entries)} files; the most accepted is {limit}", code="zip_bomb"
        )
    declared = sum(info.file_size for info in entries)
    if declared > max_uncompressed:
        raise FileRejected(
            f"the zip would unpack to {declared:,} bytes; the most accepted is "
            f"{max_uncompressed:,}",
            code="zip_bomb",
        )
    for info in entries:
        _check_path(info.filename)
        if info.flag_bits & 0x1:
            raise FileRejected(f"{info.filename} in the zip is encrypted", code="encrypted")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise FileRejected(
                f"{info.filename} in the zip is compressed {ratio:,.0f} times, "
                f"more than the {MAX_RATIO} times real data ever is",
                code="zip_bomb",
            )


def _check_path(name: str) -> None:
    path = name.replace("\\", "/")
    if path.startswith("/") or _DRIVE.match(path) or ".." in path.split("/"):
        raise FileRejected(f"the zip entry {name!r} points outside the archive", code="unsafe_path")


def read_capped(stream: IO[bytes], limit: int) -> bytes:
    """All of ``stream``, stopping as soon as it yields more than ``limit`` bytes."""
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(CHUNK):
        total += len(chunk)
        if total > limit:
            raise FileRejected(
                "an entry of the zip inflates to more than it declared or than is accepted",
                code="zip_bomb",
            )
        chunks.append(chunk)
    return b"".join(chunks)
