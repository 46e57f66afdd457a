"""What the monitoring API takes and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from termwise.ids import MAX_ID
from termwise.monitoring.models import ActivityKind, ActivityState
from termwise.plans.schemas import Text
from termwise.temporal import Day

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Rating = Annotated[int, Field(ge=1, le=4, description="1 not yet, 2 partly, 3 mostly, 4 fully")]


class ActivityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ActivityKind
    focus: Annotated[str, Field(min_length=1, max_length=2000)]
    priority_id: Id | None = Field(default=None, description="The plan priority it looks at.")
    held_on: Day
    teacher_id: Id
    partner_id: Id
    others: Text = None


class ActivityUpdate(BaseModel):
    """Who writes what: the teacher their reflection and response; the partner the summary and
    the ratings, until they submit it; the head teacher a quality note, and confirms it (or
    returns it to the partner)."""

    model_config = ConfigDict(extra="forbid")

    reflection: Text = None
    summary: Text = None
    teacher_response: Text = None
    quality_note: Text = None
    fidelity: Rating | None = None
    acceptability: Rating | None = None
    reach: Rating | None = None
    feasibility: Rating | None = None
    move_to: ActivityState | None = Field(
        default=None,
        description="planned → submitted (the partner, with a summary) → confirmed (a leader); "
        "a leader may return a submitted one to planned.",
    )


class ActivitySummary(BaseModel):
    id: int
    school_id: int
    kind: ActivityKind
    focus: str
    priority_id: int | None
    priority_title: str | None
    held_on: Day
    teacher_id: int
    teacher_name: str
    partner_id: int
    partner_name: str
    state: ActivityState
    updated_at: datetime


class ActivityRead(ActivitySummary):
    """Drafts (before a leader may see them) are only the teacher's and the partner's: a leader
    reading a planned activity gets its focus and people, and no writing."""

    others: str | None
    reflection: str | None
    summary: str | None
    teacher_response: str | None
    quality_note: str | None
    fidelity: int | None
    acceptability: int | None
    reach: int | None
    feasibility: int | None
    submitted_at: datetime | None
    confirmed_at: datetime | None
    confirmed_by: str | None
    acting_as: list[Literal["teacher", "partner", "leader"]]
    version: int
