"""What the home answers."""

from __future__ import annotations

from pydantic import BaseModel, Field

from termwise.temporal import Day


class Headline(BaseModel):
    """% at or above ARE in a subject (or combined) now, and its change since the point before."""

    subject: str
    value: float | None
    previous: float | None
    change: float | None
    suppressed: bool


class NewlyFlagged(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str
    subject: str
    flag: str


class CriterionAtRisk(BaseModel):
    plan_id: int
    criterion_id: int
    description: str
    trajectory: str


class NextMeeting(BaseModel):
    meeting_id: int
    class_name: str
    held_on: Day


class NextCollection(BaseModel):
    point_id: int
    name: str
    assessed_on: Day


class SchoolHome(BaseModel):
    school_id: int
    name: str
    category: str | None
    point_name: str | None = Field(description="The point the figures are at.")
    headline: list[Headline]
    stuck: int | None
    falling_behind: int | None
    newly_flagged: list[NewlyFlagged] | None = Field(
        description="Pupils stuck or falling behind now who were not at the point before: "
        "for staff who may see pupils."
    )
    plan_id: int | None
    plan_title: str | None
    plan_progress: dict[str, int] = Field(
        description="The active plan's criteria counted by trajectory (on_track, at_risk, "
        "off_track, not_known): how the plan is going, for governors too."
    )
    criteria_at_risk: list[CriterionAtRisk]
    next_meeting: NextMeeting | None
    next_collection: NextCollection | None


class ClassHome(BaseModel):
    class_id: int
    school_id: int
    name: str
    stuck: int
    falling_behind: int


class MyWork(BaseModel):
    plan_actions: int
    plan_actions_overdue: int
    meeting_actions: int
    meeting_actions_overdue: int


class Home(BaseModel):
    """``trust``: the person sees whole trusts (they land on the trust overview); ``school``:
    leaders and staff of schools; ``class``: class teachers; ``governor``: suppressed figures."""

    kind: str
    trust_ids: list[int]
    schools: list[SchoolHome]
    classes: list[ClassHome]
    mine: MyWork
