"""What the oversight API takes and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from termwise.home.schemas import Headline
from termwise.temporal import Day

Code = Literal["A", "B", "C1", "C2", "D"]


class CategoryMeaning(BaseModel):
    code: Code
    descriptor: str
    expectation: str
    intervention: str


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Cadence = Literal["half_termly", "termly", "twice_yearly", "annual"]


class CategoryWordingRead(CategoryMeaning):
    own: bool = Field(description="The trust's own words; otherwise Termwise's defaults.")
    version: int = Field(description="0 while the defaults stand.")


class CategoryWordingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    descriptor: Text
    expectation: Text
    intervention: Text


class Cadences(BaseModel):
    """How often a school of each category has the activity; null: not at all."""

    model_config = ConfigDict(extra="forbid")

    A: Cadence | None = None
    B: Cadence | None = None
    C1: Cadence | None = None
    C2: Cadence | None = None
    D: Cadence | None = None


class QaActivityTypeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    owner_role: Literal["trust_leader", "data_officer", "external_adviser"] = Field(
        description="The trust role that carries it out."
    )
    audience: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
    ] = Field(description="Who reads its report.")
    cadence: Cadences


class QaActivityTypeRead(QaActivityTypeUpdate):
    key: str
    own: bool = Field(description="Added or changed by the trust; otherwise Termwise's default.")
    version: int = Field(description="0 while the default stands.")


class QaActivityTypeSaved(QaActivityTypeRead):
    rescheduled: int = Field(
        description="Future activities made again across the trust's categorised schools."
    )


class CategoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    rationale: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)
    ] = Field(description="Why: a category is never set without one.")
    decided_on: Day = Field(description="The day of the school development meeting.")


class CategoryRead(BaseModel):
    id: int
    school_id: int
    code: Code
    rationale: str
    decided_on: Day
    decided_by: str
    created_at: datetime


class CategorySign(BaseModel):
    name: str
    value: float | None
    against: str
    points: int


class CategorySuggestion(BaseModel):
    """What the data suggests, by rule, with the numbers behind it: beside the judgement."""

    code: Code
    rule: str
    signs: list[CategorySign]


class SchoolCategories(BaseModel):
    current: CategoryRead | None
    history: list[CategoryRead] = Field(description="Newest first; the first is current.")
    suggested: CategorySuggestion
    meanings: list[CategoryMeaning]


class CategorySet(CategoryRead):
    scheduled: int = Field(description="Activities the category's cadence put on the schedule.")


class QaActivityRead(BaseModel):
    id: int
    school_id: int
    school_name: str
    kind: str
    name: str
    audience: str
    due_on: Day
    owner_user_id: int | None
    owner_name: str | None
    owner_role: str | None
    state: Literal["scheduled", "done"]
    overdue: bool
    kept: bool
    change_reason: str | None
    category: str | None
    done_on: Day | None
    report: str | None
    version: int


class QaActivityCreate(BaseModel):
    """An activity added to a school's schedule by hand (a one-off review, say): it is kept
    when the school's category changes."""

    model_config = ConfigDict(extra="forbid")

    kind: Annotated[str, StringConstraints(pattern="^[a-z][a-z0-9_]{1,39}$")] = Field(
        description="One of the trust's activity types."
    )
    due_on: Day
    owner_user_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
    ] = Field(description="Why it is added outside the category's cadence.")


class QaActivityUpdate(BaseModel):
    """Move or reassign an activity (with a reason: it then stays put when the category
    changes), or record it done with its report."""

    model_config = ConfigDict(extra="forbid")

    due_on: Day | None = None
    owner_user_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    reason: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
        | None
    ) = None
    done_on: Day | None = None
    report: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
        | None
    ) = None


class DashboardSchool(BaseModel):
    school_id: int
    name: str
    comparable: bool
    not_comparable_because: str | None
    headline: list[Headline]
    category: str | None
    plan_id: int | None
    plan_title: str | None
    overdue_actions: int
    maturity_overall: int | None
    maturity_on: Day | None
    next_qa: str | None
    next_qa_on: Day | None
    next_qa_overdue: bool


class TrustDashboard(BaseModel):
    trust_id: int
    schools: list[DashboardSchool]
    trust_mean: dict[str, float | None] = Field(
        description="Each headline's mean over the comparable schools."
    )


class BoardReport(BaseModel):
    """The dashboard, the period's category changes with their rationales, and its
    quality-assurance activities done and overdue; a plain statement when nothing happened."""

    trust_id: int
    starts_on: Day
    ends_on: Day
    statement: str | None
    dashboard: TrustDashboard
    category_changes: list[dict[str, str]]
    qa_done: list[dict[str, str]]
    qa_overdue: list[dict[str, str]]
