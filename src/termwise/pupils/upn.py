"""Unique Pupil Numbers: 13 characters, a check letter first, per the DfE's algorithm.

Characters 2-13 are weighted 2-13 (a letter in position 13, which marks a temporary UPN, counts
as its index in the check-letter alphabet); the weighted sum mod 23 picks the check letter.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


class UpnKind(enum.StrEnum):
    permanent = "permanent"
    # Issued when the permanent number is not yet known; its last character is a letter.
    temporary = "temporary"


@dataclass(frozen=True)
class UpnProblem:
    code: str
    message: str


def check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN."""
    total = 0
    for weight, char in enumerate(body, start=2):
        value = CHECK_LETTERS.index(char) if char.isalpha() else int(char)
        total += value * weight
    return CHECK_LETTERS[total % 23]


def normalise(upn: str) -> str:
    return upn.strip().upper()


def upn_kind(upn: str) -> UpnKind:
    return UpnKind.temporary if upn[-1].isalpha() else UpnKind.permanent


@lru_cache(maxsize=65_536)  # a batch names each pupil once per subject and point
def upn_problem(upn: str) -> UpnProblem | None:
    """Why ``upn`` (already normalised) is not a valid UPN, or None."""
    if len(upn) != 13:
        return UpnProblem("upn_length", f"a UPN has 13 characters, not {len(upn)}")
    first, middle, last = upn[0], upn[1:12], upn[12]
    if first not in CHECK_LETTERS:
        return UpnProblem("upn_format", "a UPN starts with a check letter")
    if not middle.isdigit() or not (last.isdigit() or last in CHECK_LETTERS):
        return UpnProblem(
            "upn_format",
            "characters 2-12 of a UPN are digits; the last is a digit or a letter",
        )
    expected = check_letter(upn[1:])
    if first != expected:
        return UpnProblem("upn_check_letter", f"the check letter should be {expected}, not {first}")
    return None


def make_upn(body: str) -> str:
    """A valid UPN from its last 12 characters (for demo data and tests)."""
    return check_letter(body) + body
