"""The gap in whole pupils is rounded as people round: halves away from zero, so 2.5 pupils
short is 3 (Python's round() would say 2), and a group ahead by 2.5 is -3."""

from __future__ import annotations

from fractions import Fraction

import pytest

from termwise.tracking.gaps import whole_pupils


@pytest.mark.parametrize(
    ("gap", "pupils"),
    [
        (Fraction(5, 2), 3),
        (Fraction(-5, 2), -3),
        (Fraction(1, 2), 1),
        (Fraction(-1, 2), -1),
        (Fraction(7, 4), 2),
        (Fraction(-1, 4), 0),
        (Fraction(0), 0),
    ],
)
def test_the_whole_pupil_gap_rounds_halves_away_from_zero(gap: Fraction, pupils: int) -> None:
    assert whole_pupils(gap) == pupils
