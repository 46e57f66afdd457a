"""What the interventions API takes and answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from termwise.ids import MAX_ID, RowId
from termwise.interventions.models import Trigger, Wave
from termwise.orgs.schemas import Name
from termwise.plans.schemas import Text
from termwise.temporal import Day


class InterventionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    wave: Wave
    subject: str = Field(max_length=30, pattern=r"^[a-z_]+$")
    trigger: Trigger = Trigger.attainment
    staff_role: str | None = Field(default=None, max_length=60, examples=["teaching assistant"])
    starts_on: Day
    ends_on: Day
    sessions_per_week: int = Field(ge=1, le=20)
    minutes_per_session: int = Field(ge=5, le=240)
    cost: float | None = Field(default=None, ge=0, le=1_000_000)
    pupil_ids: list[RowId] = Field(min_length=1, max_length=60)
    meeting_action_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    notes: Text = None


class InterventionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    ends_on: Day | None = None
    sessions_per_week: int | None = Field(default=None, ge=1, le=20)
    minutes_per_session: int | None = Field(default=None, ge=5, le=240)
    cost: float | None = Field(default=None, ge=0, le=1_000_000)
    notes: Text = None


class InterventionRead(BaseModel):
    id: int
    school_id: int
    name: str
    wave: Wave
    subject: str
    trigger: Trigger
    staff_role: str | None
    starts_on: Day
    ends_on: Day
    sessions_per_week: int
    minutes_per_session: int
    cost: float | None
    pupil_ids: list[int]
    meeting_action_id: int | None
    notes: str | None
    updated_at: datetime


class PupilImpact(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str
    year_group: str
    step_start: str | None
    step_end: str | None
    gain: float
    expected_gain: float | None


class ImpactRead(BaseModel):
    """intervention-impact/1: see the README. Never a number that cannot be trusted: each figure
    is null, with the reason, where it cannot be worked out."""

    rule: str
    measurable: bool
    reason: str | None
    adult_hours: float
    group_size: int
    start_point_id: int | None = None
    end_point_id: int | None = None
    pupils: list[PupilImpact] = Field(default_factory=list)
    group_mean_gain: float | None = None
    expected_mean_gain: float | None = None
    extra_steps: float | None = None
    steps_per_hour: float | None = None
    steps_per_100_pounds: float | None = None
    comparison_size: int | None = None
    matched_on: list[str] = Field(default_factory=list)
    comparison_mean_gain: float | None = None
    difference: float | None = None
    interval: list[float] | None = None
    comparison_note: str | None = None


class InterventionBrief(BaseModel):
    """An intervention as it shows beside a pupil: on their page and in a meeting's agenda."""

    id: int
    school_id: int
    name: str
    wave: Wave
    subject: str
    starts_on: Day
    ends_on: Day


class ProvisionPupil(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str
    year_group: str | None


class ProvisionRow(BaseModel):
    """One intervention on the provision map: who is in it, what it costs, what it did."""

    intervention: InterventionBrief
    trigger: Trigger
    staff_role: str | None
    sessions_per_week: int
    minutes_per_session: int
    adult_hours: float
    cost: float | None
    cost_per_pupil: float | None
    pupils: list[ProvisionPupil]
    measurable: bool
    impact_note: str | None = Field(description="Why there is no figure, where there is none.")
    group_mean_gain: float | None
    expected_mean_gain: float | None
    comparison_size: int | None
    difference: float | None
    interval: list[float] | None


class ProvisionMap(BaseModel):
    """The school's interventions of an academic year (those running at any time in it)."""

    academic_year: str
    interventions: list[ProvisionRow]
    pupils_in_provision: int
    total_cost: float
    total_adult_hours: float
