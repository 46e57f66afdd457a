"""What the meetings API takes and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from termwise.auth.roles import Role
from termwise.ids import MAX_ID
from termwise.interventions.schemas import InterventionBrief
from termwise.meetings.models import Category, MeetingKind, Outcome
from termwise.orgs.schemas import _printable
from termwise.plans.schemas import Text
from termwise.temporal import Day
from termwise.tracking.schemas import PointRead

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Said = Annotated[str, Field(min_length=1, max_length=5000), AfterValidator(_printable)]


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: MeetingKind = MeetingKind.class_teacher
    held_on: Day
    point_id: Id | None = Field(default=None, description="Default: the latest point with results.")
    attendees: Text = None


class MeetingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_on: Day | None = None
    attendees: Text = None
    notes: Text = None


class DiscussionCreate(BaseModel):
    """A pupil the meeting talks about: from the agenda, or added by hand (a pupil of another
    class of the school only as a guest)."""

    model_config = ConfigDict(extra="forbid")

    pupil_id: Id
    category: Category = Category.added
    guest: bool = False
    what_helped: Text = None
    barriers: Text = None
    pupil_voice: Text = None


class MeetingActionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pupil_id: Id
    description: Said
    owner_user_id: Id | None = None
    owner_role: Role | None = None
    due_on: Day


class ActionFollowUp(BaseModel):
    """What came of an action, recorded at a later meeting of the class."""

    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    outcome_note: Text = None
    followed_up_in_id: Id | None = Field(
        default=None, description="The later meeting of the class that followed it up."
    )


class SubjectFlag(BaseModel):
    subject: str
    step_before: str | None
    step: str | None
    flag: str | None
    rule: str
    muted_reason: str | None


class AgendaPupil(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str
    category: Category
    subjects: list[SubjectFlag]
    interventions: list[InterventionBrief] = Field(
        description="Running at the meeting's date, or ended in the seven weeks before it."
    )


class DiscussionRead(BaseModel):
    id: int
    pupil_id: int
    category: Category
    guest: bool
    what_helped: str | None
    barriers: str | None
    pupil_voice: str | None


class MeetingActionRead(BaseModel):
    id: int
    meeting_id: int
    pupil_id: int
    description: str
    owner_user_id: int | None
    owner_name: str | None
    owner_role: str | None
    due_on: Day
    overdue: bool
    outcome: Outcome | None
    outcome_note: str | None
    followed_up_in_id: int | None
    version: int


class StepThenNow(BaseModel):
    subject: str
    then: str | None
    now: str | None


class FollowUp(BaseModel):
    """An open action from an earlier meeting of the class, with the pupil's steps then (at
    that meeting's point) and now (at this one's)."""

    action: MeetingActionRead
    agreed_on: Day
    steps: list[StepThenNow]


class MeetingSummary(BaseModel):
    id: int
    school_id: int
    class_id: int
    class_name: str
    kind: MeetingKind
    held_on: Day
    point: PointRead
    updated_at: datetime


class PupilName(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str


class MeetingRead(MeetingSummary):
    attendees: str | None
    notes: str | None
    pupils: list[PupilName] = Field(
        description="The name of every pupil the meeting mentions: on its agenda, discussed, "
        "with an action, or to follow up."
    )
    agenda: list[AgendaPupil]
    discussed: list[DiscussionRead]
    actions: list[MeetingActionRead]
    follow_up: list[FollowUp]


class MyMeetingAction(MeetingActionRead):
    """An action agreed at a meeting for the caller (by name or by a role they hold there)."""

    school_id: int
    class_name: str
    held_on: Day
    first_name: str
    last_name: str
