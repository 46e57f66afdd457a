"""What the plans API takes and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from termwise.auth.roles import Role
from termwise.ids import MAX_ID
from termwise.orgs.models import TermName
from termwise.orgs.schemas import Name, _printable
from termwise.plans.models import ActionStatus, ImplementationPhase, PlanState, Rag, Theme
from termwise.temporal import Day
from termwise.tracking.measures import Subgroup
from termwise.tracking.schemas import PointRead


def _text(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value.strip()


# Free text a person writes: no length an honest plan would reach, no control characters but
# line breaks.
Text = Annotated[str | None, Field(default=None, max_length=20_000), AfterValidator(_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Title = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_printable)]
Description = Annotated[str, Field(min_length=1, max_length=5000), AfterValidator(_printable)]
YearGroupCode = Annotated[str, Field(pattern=r"^(N|R|Y\d{1,2})$")]


class PlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    academic_year: str = Field(pattern=r"^\d{4}/\d{2}$", examples=["2026/27"])
    term: TermName
    title: Name | None = Field(default=None, description="Default: '<Term> <year> plan'.")
    owner_id: Id | None = Field(default=None, description="Default: the person creating it.")
    monitoring_group: Text = None
    external_support: Text = None


class PlanUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Name | None = None
    state: PlanState | None = Field(
        default=None,
        description="draft → active → reviewed (by signing off its review) → archived.",
    )
    owner_id: Id | None = None
    monitoring_group: Text = None
    external_support: Text = None
    amber_share: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="How far from baseline to target a criterion must move for amber, not red.",
    )


class PriorityWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    theme: Theme
    phase: ImplementationPhase
    ordinal: int | None = Field(default=None, ge=1, le=100, description="Default: last.")


class PriorityUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    theme: Theme | None = None
    phase: ImplementationPhase | None = None
    ordinal: int | None = Field(default=None, ge=1, le=100)


class ActionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    priority_id: Id
    description: Description
    lead_user_id: Id | None = None
    lead_role: Role | None = None
    starts_on: Day | None = None
    due_on: Day
    resources: Text = None
    cost: float | None = Field(default=None, ge=0, le=10_000_000)
    cpd: Text = None
    monitoring: Text = Field(default=None, description="How it is monitored, and by whom.")
    status: ActionStatus = ActionStatus.not_started
    status_reason: Text = None

    @model_validator(mode="after")
    def _starts_before_due(self) -> ActionCreate:
        if self.starts_on and self.starts_on > self.due_on:
            raise ValueError("starts_on must not be after due_on")
        return self


class ActionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    priority_id: Id | None = None
    description: Description | None = None
    lead_user_id: Id | None = None
    lead_role: Role | None = None
    starts_on: Day | None = None
    due_on: Day | None = None
    resources: Text = None
    cost: float | None = Field(default=None, ge=0, le=10_000_000)
    cpd: Text = None
    monitoring: Text = None
    status: ActionStatus | None = None
    status_reason: Text = None


class CriterionWrite(BaseModel):
    """Bound (``measure`` with its cohort, subject and point) or qualitative (no ``measure``,
    a ``manual_value`` as the school judges it)."""

    model_config = ConfigDict(extra="forbid")

    description: Title
    priority_id: Id | None = None
    measure: str | None = Field(default=None, max_length=40, pattern=r"^[a-z_]+$")
    subject: str | None = Field(default=None, max_length=30, pattern=r"^[a-z_]+$")
    year_groups: list[YearGroupCode] = Field(default_factory=list, max_length=14)
    subgroup: Subgroup | None = None
    target_group_id: Id | None = None
    class_id: Id | None = None
    point_id: Id | None = None
    baseline: float | None = Field(
        default=None, ge=-1000, le=1000, description="Default: the value now, from the tracker."
    )
    target: float | None = Field(default=None, ge=-1000, le=1000)
    manual_value: Text = None


class CriterionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: Title | None = None
    baseline: float | None = Field(default=None, ge=-1000, le=1000)
    target: float | None = Field(default=None, ge=-1000, le=1000)
    manual_value: Text = None
    point_id: Id | None = None


class ImplementationOutcomes(BaseModel):
    """A plan priority's implementation outcomes: the mean rating over its confirmed monitoring
    activities (1 not yet to 4 fully), and how many there were."""

    activities: int
    fidelity: float | None
    acceptability: float | None
    reach: float | None
    feasibility: float | None


class PriorityRead(BaseModel):
    id: int
    ordinal: int
    title: str
    theme: Theme
    phase: ImplementationPhase
    carried_from_id: int | None
    implementation: ImplementationOutcomes | None = Field(
        default=None, description="From the priority's confirmed monitoring activities."
    )
    version: int


class ActionRead(BaseModel):
    id: int
    plan_id: int
    priority_id: int
    description: str
    lead_user_id: int | None
    lead_name: str | None
    lead_role: str | None
    starts_on: Day | None
    due_on: Day
    resources: str | None
    cost: float | None
    cpd: str | None
    monitoring: str | None
    status: ActionStatus
    status_reason: str | None
    overdue: bool
    carried_from_id: int | None
    version: int


class CriterionRead(BaseModel):
    id: int
    priority_id: int | None
    ordinal: int
    description: str
    measure: str | None
    measure_name: str | None
    unit: str | None
    better: str | None
    subject: str | None
    year_groups: list[str]
    subgroup: str | None
    target_group_id: int | None
    class_id: int | None
    point: PointRead | None
    baseline: float | None
    target: float | None
    manual_value: str | None
    # Live from the tracker (bound criteria), at `measured_at`: the criterion's point once it
    # has results, until then the latest point with results.
    current_value: float | None
    predicted_value: float | None
    cohort: int | None
    pupil_ids: list[int] | None
    suppressed: bool
    measured_at: PointRead | None
    # plans-trajectory/1: on_track, at_risk, off_track or not_known.
    trajectory: str
    # Why the figure could not be worked out (a target group since deleted …).
    problem: str | None
    carried_from_id: int | None
    version: int


class ReviewedCriterionRead(BaseModel):
    criterion_id: int
    value: float | None
    cohort: int | None
    pupil_ids: list[int] | None
    suppressed: bool
    measured_at: PointRead | None
    suggested_rag: Rag | None
    rag: Rag | None
    rag_reason: str | None
    evidence: str | None
    frozen: bool
    version: int


class FlagChange(BaseModel):
    """A pupil with an action from a meeting whose flag in a subject is not what it was then."""

    pupil_id: int
    first_name: str
    last_name: str
    subject: str
    then: str | None
    now: str | None


class TermMeetings(BaseModel):
    """The term's pupil progress meetings at the school, summed up for the review."""

    starts_on: Day | None
    ends_on: Day | None
    meetings: int
    actions_agreed: int
    actions_done: int
    actions_helped: int
    actions_open: int
    pupils_flag_changed: int
    flag_changes: list[FlagChange] | None = Field(
        description="Withheld from readers who may not see pupils."
    )


class ReviewRead(BaseModel):
    id: int
    evidence: str | None
    successes: str | None
    barriers: str | None
    next_steps: str | None
    attendees: str | None
    minutes: str | None
    signed_off_at: datetime | None
    signed_off_by: str | None
    criteria: list[ReviewedCriterionRead]
    # The handbook's review questions, as prompts for the meeting.
    prompts: dict[str, list[str]]
    meetings: TermMeetings
    version: int


class PlanSummary(BaseModel):
    id: int
    school_id: int
    academic_year: str
    term: TermName
    title: str
    state: PlanState
    owner_id: int | None
    owner_name: str | None
    carried_from_id: int | None
    updated_at: datetime


class PlanRead(PlanSummary):
    monitoring_group: str | None
    external_support: str | None
    amber_share: float
    priorities: list[PriorityRead]
    actions: list[ActionRead]
    criteria: list[CriterionRead]
    review: ReviewRead | None
    # Whether the reader may change the plan (leaders), or only the actions they lead.
    may_edit: bool
    suppression_threshold: int | None


class CriterionJudgement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criterion_id: Id
    rag: Rag | None = None
    rag_reason: Text = None
    evidence: Text = None


class ReviewWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    evidence: Text = None
    successes: Text = None
    barriers: Text = None
    next_steps: Text = None
    attendees: Text = None
    minutes: Text = None
    criteria: list[CriterionJudgement] | None = Field(
        default=None, max_length=200, description="The RAG the review gives each criterion."
    )
    sign_off: bool = Field(
        default=False,
        description="Sign the review off: every criterion's figure, RAG and pupils are frozen, "
        "the plan becomes reviewed, and the review can no longer change.",
    )


class MyAction(ActionRead):
    school_id: int
    school_name: str
    plan_title: str
