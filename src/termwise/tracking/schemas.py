from __future__ import annotations

from pydantic import BaseModel

from termwise.tracking.measures import Attainment, Flag, Subgroup


class PointRead(BaseModel):
    id: int
    code: str
    name: str
    academic_year: str
    slot: str


class GridRow(BaseModel):
    """A row of a grid: a step of the scale, or a band of the combined map."""

    key: str
    label: str


class GridColumn(BaseModel):
    year_group: str
    # Counts are null when suppressed (a group smaller than the threshold, for aggregate-only
    # readers); ``suppressed`` says so.
    cohort: int | None
    missing: int | None
    # Results on another scale than the grid's, counted but not placed in a row.
    other_scale: int | None
    # The row of the age-related expectation at this point, where the ARE line is drawn.
    are_row: str | None
    at_or_above: int | None
    percent_at_or_above: float | None
    # The share of the cohort whose teacher predicts them at or above ARE by the summer.
    predicted_percent_at_or_above: float | None
    suppressed: bool


class GridCell(BaseModel):
    year_group: str
    row: str
    count: int | None
    # The pupils in the cell, for readers who may see pupils; otherwise null.
    pupil_ids: list[int] | None
    suppressed: bool


class Grid(BaseModel):
    school_id: int
    subject: str
    point: PointRead
    scale: str | None
    # Highest first.
    rows: list[GridRow]
    columns: list[GridColumn]
    cells: list[GridCell]
    # Set when aggregates under this size are suppressed for the reader.
    suppression_threshold: int | None


class PupilFlag(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str
    school_id: int
    year_group: str
    class_id: int | None
    subject: str
    step: str | None
    step_before: str | None
    are_step: str | None
    attainment: Attainment
    # Steps above (positive) or below (negative) the ARE step.
    distance: int | None
    gain: float | None
    expected_gain: float | None
    flag: Flag | None
    # The rule that raised the flag and the parameters it used.
    rule: str
    tolerance: float | None
    muted_reason: str | None
    # The mute to delete to unmute the flag; null when it is not muted.
    mute_id: int | None


class PupilFlags(BaseModel):
    point: PointRead
    from_point: PointRead | None
    items: list[PupilFlag]


class FlagCount(BaseModel):
    school_id: int
    year_group: str
    flag: Flag
    count: int | None
    suppressed: bool


class TrustFlags(BaseModel):
    trust_id: int
    subject: str
    point: PointRead
    from_point: PointRead | None
    counts: list[FlagCount]
    suppression_threshold: int | None


class GroupMeasures(BaseModel):
    size: int | None
    at_or_above: int | None
    percent_at_or_above: float | None
    # Expected or accelerated progress, among pupils with a result at both points.
    percent_expected_or_better: float | None
    average_gain: float | None
    suppressed: bool


class Gap(BaseModel):
    year_group: str  # "all" for the whole school
    subgroup: Subgroup
    group: GroupMeasures
    rest: GroupMeasures
    # Percentage points: the group's % at or above ARE minus the rest's.
    gap_percent: float | None
    # The same gap in whole pupils: how many more of the group would need to be at ARE to
    # match the rest's rate (negative: the group is ahead).
    gap_pupils: int | None


class GapTable(BaseModel):
    school_id: int
    subject: str
    point: PointRead
    from_point: PointRead | None
    gaps: list[Gap]
    suppression_threshold: int | None


class TransitionCell(BaseModel):
    from_row: str
    to_row: str
    count: int | None
    pupil_ids: list[int] | None
    suppressed: bool


class TransitionMatrix(BaseModel):
    school_id: int
    subject: str
    year_group: str | None
    from_point: PointRead
    point: PointRead
    # Starting steps, highest first (down the side).
    from_rows: list[GridRow]
    # Current steps, lowest first (across the top).
    to_columns: list[GridRow]
    cells: list[TransitionCell]
    suppression_threshold: int | None


class Placement(BaseModel):
    point_id: int
    step: str | None
    attainment: Attainment
    flag: Flag | None


class TrackedPupil(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str
    year_group: str
    placements: list[Placement]


class ClassTracker(BaseModel):
    class_id: int
    subject: str
    academic_year: str
    points: list[PointRead]
    # Steps of the class's scale, highest first.
    rows: list[GridRow]
    pupils: list[TrackedPupil]


class SchoolHeadline(BaseModel):
    school_id: int
    school_name: str
    cohort: int | None
    percent_at_or_above: float | None
    percent_expected_or_better: float | None
    stuck: int | None
    falling_behind: int | None
    missing: int | None
    suppressed: bool


class TrustOverview(BaseModel):
    trust_id: int
    subject: str
    point: PointRead
    from_point: PointRead | None
    schools: list[SchoolHeadline]
    suppression_threshold: int | None


class MeasureInfo(BaseModel):
    """A measure of the catalogue: what it counts, in what unit, which way is better."""

    code: str
    name: str
    unit: str
    better: str
    rule: str
    # Besides a cohort, subject and point: "earlier_point", "subgroup", "target_group".
    needs: list[str]
    # Whether `combined` (reading, writing and maths together) is a subject it takes.
    takes_combined: bool
    low: float | None
    high: float | None


class MeasureRead(BaseModel):
    """A measure's figure for a cohort, subject and point, and the pupils behind it."""

    code: str
    name: str
    unit: str
    better: str
    school_id: int
    subject: str
    year_groups: list[str]
    subgroup: Subgroup | None
    target_group_id: int | None
    class_id: int | None
    point: PointRead
    from_point: PointRead | None
    # Null when withheld from an aggregate-only reader, or when nobody is there to count.
    value: float | None
    # % at ARE only: the share the teachers predict at ARE by the summer.
    predicted_value: float | None
    # The pupils the value is over, and those it counts (for a gap: the subgroup and its
    # pupils at ARE).
    cohort: int | None
    counted: int | None
    # The pupils counted, for readers who may see pupils; otherwise null.
    pupil_ids: list[int] | None
    suppressed: bool
    suppression_threshold: int | None
    rule: str
