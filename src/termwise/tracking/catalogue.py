"""The catalogue of measures: the one door through which plans, meetings, interventions and the
trust dashboard read the tracker.

A measure is a figure about a cohort (a school's pupils in some year groups, optionally a
subgroup, a target group or a class) in a subject at an assessment point. Every measure is
worked out from the same per-pupil rows the grid, gap table and flag list group
(``measures.pupil_rows``), with the same definitions, so a criterion bound to "Year 6 writing %
at ARE" shows exactly the grid's figure for Year 6 writing at that point.

Disclosure: readers who see pupils get the value, the cohort size and the pupils counted. For
aggregate-only readers (governors, dashboards) a value is withheld, with the cohort size, when
the cohort, the pupils counted or the pupils not counted is a small number (under the
threshold, zero excepted for the pupils not counted): the value and the size would otherwise
give the small number away.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.errors import NotFound, Unprocessable
from termwise.orgs.models import SchoolClass, YearGroup
from termwise.tracking import choice, measures
from termwise.tracking.aggregates import AT_OR_ABOVE, GOOD_PROGRESS, JUDGED, Disclosure
from termwise.tracking.choice import Points, Subjects
from termwise.tracking.gaps import whole_pupils as _whole_pupils
from termwise.tracking.measures import CORE_SUBJECTS, RULES, Attainment, Cohort, Flag, Subgroup
from termwise.tracking.models import TargetGroup


class Unit(enum.StrEnum):
    percent = "percent"
    number = "count"
    points = "points"
    pupils = "pupils"


class Better(enum.StrEnum):
    up = "higher"
    down = "lower"


class Needs(enum.StrEnum):
    """What a measure needs besides a cohort, a subject and a point."""

    earlier_point = "earlier_point"
    subgroup = "subgroup"
    target_group = "target_group"


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    unit: Unit
    better: Better
    rule: str
    needs: frozenset[Needs] = frozenset()
    # Whether `combined` (at ARE in reading, writing and maths together) is a subject it takes.
    combined: bool = False

    @property
    def low(self) -> float | None:
        return 0.0 if self.unit is not Unit.points else None

    @property
    def high(self) -> float | None:
        return 100.0 if self.unit is Unit.percent else None

    def in_range(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


PROGRESS = frozenset({Needs.earlier_point})
CATALOGUE: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure(
            "pct_at_are",
            "% at or above ARE",
            Unit.percent,
            Better.up,
            "Pupils at or above the age-related expectation as a % of the cohort on roll; a "
            "missing result counts in the cohort (as in the grid). Combined: at or above in "
            "reading, writing and maths.",
            combined=True,
        ),
        Measure(
            "pct_above_are",
            "% above ARE (greater depth)",
            Unit.percent,
            Better.up,
            "Pupils above the age-related expectation (greater depth, mastery) as a % of the "
            "cohort on roll.",
        ),
        Measure(
            "pct_expected_progress",
            "% making expected or better progress",
            Unit.percent,
            Better.up,
            "Pupils flagged expected or accelerated as a % of those whose progress was judged "
            "(a step result at both points, on one scale), as in the gap table.",
            PROGRESS,
        ),
        Measure(
            "pct_accelerated",
            "% making accelerated progress",
            Unit.percent,
            Better.up,
            "Pupils flagged accelerated as a % of those whose progress was judged.",
            PROGRESS,
        ),
        Measure(
            "stuck",
            "Number stuck",
            Unit.number,
            Better.down,
            "Pupils flagged stuck (no step gained while progress was expected), muted flags "
            "included: a mute says why, the pupil is still stuck.",
            PROGRESS,
        ),
        Measure(
            "falling_behind",
            "Number falling behind",
            Unit.number,
            Better.down,
            "Pupils flagged falling behind (below ARE and the gap to it widened), muted flags "
            "included.",
            PROGRESS,
        ),
        Measure(
            "average_gain",
            "Average steps gained",
            Unit.points,
            Better.up,
            "The mean gain in points between the two points over the pupils whose progress was "
            "judged, as in the gap table.",
            PROGRESS,
        ),
        Measure(
            "gap_percent",
            "Gap in % at ARE, subgroup against the rest",
            Unit.percent,
            Better.up,
            "The subgroup's % at or above ARE minus the rest of the cohort's, in percentage "
            "points; negative when the subgroup is behind, so higher is better.",
            frozenset({Needs.subgroup}),
            combined=True,
        ),
        Measure(
            "gap_pupils",
            "Gap in whole pupils, subgroup against the rest",
            Unit.pupils,
            Better.down,
            "How many more of the subgroup would need to be at ARE to match the rest's rate, "
            "rounded to the nearest pupil (negative: the subgroup is ahead), as in the gap table.",
            frozenset({Needs.subgroup}),
            combined=True,
        ),
        Measure(
            "target_group_pct_at_are",
            "% of a target group at or above ARE",
            Unit.percent,
            Better.up,
            "The target group's members on roll at or above ARE as a % of them.",
            frozenset({Needs.target_group}),
            combined=True,
        ),
    )
}


class MeasureError(ValueError):
    """A measure asked for with what it cannot take; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Asked:
    """One measure for one cohort, subject and point."""

    measure: Measure
    subject: str
    year_groups: tuple[str, ...] = ()
    subgroup: Subgroup | None = None
    target_group_id: int | None = None
    class_id: int | None = None


def check(asked: Asked, points: Points) -> None:
    """Refuse, naming the parameter, what the measure cannot be worked out from."""
    m = asked.measure
    if asked.subject == "combined" and not m.combined:
        raise MeasureError("subject", f"{m.code} is for one subject, not combined")
    if Needs.earlier_point in m.needs and points.before is None:
        raise MeasureError("point_id", f"{m.code} needs an earlier point to measure progress from")
    if Needs.subgroup in m.needs and asked.subgroup is None:
        raise MeasureError("subgroup", f"{m.code} needs a subgroup")
    if Needs.target_group in m.needs and asked.target_group_id is None:
        raise MeasureError("target_group_id", f"{m.code} needs a target group")


@dataclass
class Value:
    """A measure's figure, or None where withheld or where the cohort has no one to count."""

    value: float | None
    cohort: int | None
    counted: int | None
    pupil_ids: list[int] | None
    suppressed: bool
    predicted: float | None = None


# Not frozen: a plan reads a few thousand of these, and a frozen dataclass is slow to make.
@dataclass(slots=True)
class _Pupil:
    """One pupil of the cohort as the measures need them (combined: over the core subjects)."""

    pupil_id: int
    year_group: str
    at: bool
    above: bool
    missing: bool
    flag: str | None
    gain: float | None
    predicted_at: bool
    members: frozenset[str]


# Plain strings, looked up once: enum members are slow to read in a loop over every pupil.
_YES_NO_SUBGROUPS = tuple(s.value for s in Subgroup if s not in (Subgroup.girls, Subgroup.boys))
_GIRLS, _BOYS = Subgroup.girls.value, Subgroup.boys.value
_ABOVE, _MISSING = Attainment.above.value, Attainment.missing.value


def _members(row: Any) -> frozenset[str]:
    held = [name for name in _YES_NO_SUBGROUPS if getattr(row, name)]
    if row.gender == "F":
        held.append(_GIRLS)
    elif row.gender == "M":
        held.append(_BOYS)
    return frozenset(held)


class Evaluator:
    """Works out measures, reading each cohort's pupil rows in a subject once however many
    measures use them (a plan's criteria, a home's headlines and the combined figure share their
    subjects and points); ``binds`` keeps what binding them looks up, for the same reason."""

    def __init__(self, session: Session, school_id: int, disclosure: Disclosure) -> None:
        self.session = session
        self.school_id = school_id
        self.disclosure = disclosure
        self.binds = BindCache()
        self._rows: dict[tuple[Any, ...], Sequence[Any]] = {}
        self._pupils: dict[tuple[Any, ...], list[_Pupil]] = {}

    def pupils(
        self, points: Points, subject: Subjects, target_group_id: int | None, class_id: int | None
    ) -> list[_Pupil]:
        before = points.before.id if points.before else None
        key = (points.point.id, before, subject.ids, target_group_id, class_id)
        if key not in self._pupils:
            self._pupils[key] = _combined(
                [self.rows(points, s, target_group_id, class_id) for s in subject.ids]
            )
        return self._pupils[key]

    def rows(
        self, points: Points, subject_id: int, target_group_id: int | None, class_id: int | None
    ) -> Sequence[Any]:
        """The cohort's pupil rows in one subject as the grid reads them, each with its flag
        and any mute: read once."""
        before = points.before.id if points.before else None
        key = (points.point.id, before, subject_id, target_group_id, class_id)
        if key not in self._rows:
            cohort = Cohort([self.school_id], class_id=class_id, target_group_id=target_group_id)
            self._rows[key] = self.session.execute(
                measures.pupil_rows(measures.shape(points, cohort)),
                measures.parameters(points, subject_id, cohort),
            ).all()
        return self._rows[key]

    def evaluate(self, asked: Asked, points: Points, subject: Subjects) -> Value:
        check(asked, points)
        rows = [
            p
            for p in self.pupils(points, subject, asked.target_group_id, asked.class_id)
            if not asked.year_groups or p.year_group in asked.year_groups
        ]
        if asked.subgroup is not None and Needs.subgroup not in asked.measure.needs:
            # A subgroup narrows the cohort, except for a gap, which sets it against the rest.
            rows = [p for p in rows if asked.subgroup.value in p.members]
        return _evaluate(asked, rows, self.disclosure)


def _combined(by_subject: Sequence[Sequence[Any]]) -> list[_Pupil]:
    """Per pupil across the subjects' rows: at ARE only if at ARE in every one, missing if any
    is missing (the combined grid's bands)."""
    if len(by_subject) == 1:
        return [
            _Pupil(
                r.pupil_id, r.year_group, r.attainment in AT_OR_ABOVE, r.attainment == _ABOVE,
                r.attainment == _MISSING, r.flag, r.gain, r.predicted_at == 1, _members(r),
            )
            for r in by_subject[0]
        ]  # fmt: skip
    pupils: dict[int, list[Any]] = {}
    for rows in by_subject:
        for row in rows:
            pupils.setdefault(row.pupil_id, []).append(row)
    return [
        _Pupil(
            pupil_id,
            rows[0].year_group,
            all(r.attainment in AT_OR_ABOVE for r in rows),
            all(r.attainment == _ABOVE for r in rows),
            any(r.attainment == _MISSING for r in rows),
            None,
            None,
            all(r.predicted_at == 1 for r in rows),
            _members(rows[0]),
        )
        for pupil_id, rows in pupils.items()
    ]


def _evaluate(asked: Asked, rows: list[_Pupil], disclosure: Disclosure) -> Value:
    code = asked.measure.code
    if code in ("pct_at_are", "target_group_pct_at_are"):
        return _share(rows, [p for p in rows if p.at and not p.missing], disclosure, predicted=True)
    if code == "pct_above_are":
        return _share(rows, [p for p in rows if p.above], disclosure)
    judged = [p for p in rows if p.flag in JUDGED]
    if code == "pct_expected_progress":
        return _share(judged, [p for p in judged if p.flag in GOOD_PROGRESS], disclosure)
    if code == "pct_accelerated":
        return _share(judged, [p for p in judged if p.flag == Flag.accelerated.value], disclosure)
    if code in ("stuck", "falling_behind"):
        flagged = [p for p in rows if p.flag == code]
        return _count(rows, flagged, disclosure)
    if code == "average_gain":
        hidden = disclosure.hides(len(judged))
        gain = sum(p.gain or 0.0 for p in judged)
        return Value(
            value=None if hidden or not judged else round(gain / len(judged), 2),
            cohort=None if hidden else len(judged),
            counted=None if hidden else len(judged),
            pupil_ids=_ids(judged, disclosure),
            suppressed=hidden,
        )
    assert asked.subgroup is not None
    return _gap(asked, rows, disclosure)


def _ids(pupils: list[_Pupil], disclosure: Disclosure) -> list[int] | None:
    return sorted(p.pupil_id for p in pupils) if disclosure.show_pupils else None


def withheld(whole: int, part: int, disclosure: Disclosure) -> bool:
    rest = whole - part
    return (
        disclosure.hides(whole) or disclosure.hides(part) or (rest > 0 and disclosure.hides(rest))
    )


def _share(
    whole: list[_Pupil], part: list[_Pupil], disclosure: Disclosure, *, predicted: bool = False
) -> Value:
    hidden = withheld(len(whole), len(part), disclosure)
    predicted_count = sum(1 for p in whole if p.predicted_at)
    return Value(
        value=None if hidden or not whole else round(100.0 * len(part) / len(whole), 1),
        cohort=None if hidden else len(whole),
        counted=None if hidden else len(part),
        pupil_ids=_ids(part, disclosure),
        suppressed=hidden,
        predicted=(
            round(100.0 * predicted_count / len(whole), 1)
            if predicted and predicted_count and not hidden
            else None
        ),
    )


def _count(whole: list[_Pupil], part: list[_Pupil], disclosure: Disclosure) -> Value:
    hidden = withheld(len(whole), len(part), disclosure)
    return Value(
        value=None if hidden else float(len(part)),
        cohort=None if hidden else len(whole),
        counted=None if hidden else len(part),
        pupil_ids=_ids(part, disclosure),
        suppressed=hidden,
    )


def _gap(asked: Asked, rows: list[_Pupil], disclosure: Disclosure) -> Value:
    assert asked.subgroup is not None
    group = [p for p in rows if asked.subgroup.value in p.members]
    rest = [p for p in rows if asked.subgroup.value not in p.members]
    group_at = [p for p in group if p.at and not p.missing]
    rest_at = sum(1 for p in rest if p.at and not p.missing)
    hidden = withheld(len(group), len(group_at), disclosure) or withheld(
        len(rest), rest_at, disclosure
    )
    value: float | None = None
    if group and rest and not hidden:
        if asked.measure.code == "gap_percent":
            value = round(
                round(100.0 * len(group_at) / len(group), 1)
                - round(100.0 * rest_at / len(rest), 1),
                1,
            )
        else:
            value = float(_whole_pupils(Fraction(rest_at * len(group), len(rest)) - len(group_at)))
    return Value(
        value=value,
        cohort=None if hidden else len(group),
        counted=None if hidden else len(group_at),
        pupil_ids=_ids(group, disclosure),
        suppressed=hidden,
    )


@dataclass(frozen=True)
class Bound:
    """A measure bound to a school's cohort, subject and points: ready to evaluate."""

    asked: Asked
    points: Points
    subjects: Subjects


@dataclass
class BindCache:
    """What binding measures looks up, kept for one request: a plan binds twenty criteria to a
    handful of subjects and points."""

    year_groups: set[str] | None = None
    measured: dict[tuple[Any, ...], choice.Measured] = field(default_factory=dict)


def bind(
    session: Session,
    *,
    cache: BindCache | None = None,
    school_id: int,
    trust_id: int,
    code: str,
    subject: str,
    year_groups: Sequence[str] = (),
    subgroup: Subgroup | None = None,
    target_group_id: int | None = None,
    class_id: int | None = None,
    point_id: int | None = None,
    from_point_id: int | None = None,
) -> Bound:
    """Check every part of a binding against the school's data; a MeasureError names the part
    that is wrong (an unknown measure, a point of another trust, a class of another school …)."""
    measure = CATALOGUE.get(code)
    if measure is None:
        raise MeasureError("measure", f"no measure {code!r}; GET /api/v1/measures lists them")
    cache = cache or BindCache()
    if cache.year_groups is None:
        cache.year_groups = set(session.scalars(select(YearGroup.code)))
    known = cache.year_groups
    for year_group in year_groups:
        if year_group not in known:
            raise MeasureError("year_groups", f"no year group {year_group!r}")
    if target_group_id is not None:
        group = session.get(TargetGroup, target_group_id)
        if group is None or group.school_id != school_id:
            raise MeasureError("target_group_id", f"no target group {target_group_id} here")
    if class_id is not None:
        school_class = session.get(SchoolClass, class_id)
        if school_class is None or school_class.school_id != school_id:
            raise MeasureError("class_id", f"no class {class_id} at this school")
    key = (trust_id, subject, point_id, from_point_id, measure.combined)
    try:
        found = cache.measured.get(key) or choice.measured(
            session, trust_id, subject, point_id, from_point_id, combined=measure.combined
        )
        cache.measured[key] = found
    except NotFound as error:
        raise MeasureError("point_id", error.detail or "no such point in this trust") from None
    except Unprocessable as error:
        raise MeasureError("subject", error.detail or "no such subject") from None
    asked = Asked(
        measure=measure,
        subject=subject,
        year_groups=tuple(year_groups),
        subgroup=subgroup,
        target_group_id=target_group_id,
        class_id=class_id,
    )
    check(asked, found.points)
    return Bound(asked, found.points, found.subjects)


def rule_of(measure: Measure) -> str:
    return f"{measure.code}: {measure.rule} (flags by {RULES})"


__all__ = [
    "CATALOGUE",
    "CORE_SUBJECTS",
    "Asked",
    "Better",
    "BindCache",
    "Bound",
    "Evaluator",
    "Measure",
    "MeasureError",
    "Needs",
    "Unit",
    "Value",
    "bind",
    "rule_of",
]
