"""What the maturity API takes and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from termwise.ids import MAX_ID
from termwise.maturity.definition import FrameworkDefinition
from termwise.maturity.models import ReviewState
from termwise.people.schemas import Email
from termwise.plans.schemas import Text
from termwise.temporal import Day

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Score = Annotated[int, Field(ge=0, le=100)]


class FrameworkRead(BaseModel):
    id: int
    trust_id: int | None = Field(description="None for the frameworks Termwise ships.")
    key: str
    version: int
    name: str
    latest: bool = Field(description="Whether this is the newest version of its key.")
    in_use: bool = Field(description="Whether a review has been scored against this version.")
    definition: FrameworkDefinition
    created_at: datetime


class EvidenceLink(BaseModel):
    """A Termwise record that is evidence for an area."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["plan", "measure", "meeting", "intervention", "monitoring"]
    ref: Annotated[
        str,
        Field(
            min_length=1,
            max_length=40,
            description="The record's id, or a measure's code (as `GET /measures` lists them).",
        ),
    ]


class MaturityReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    framework_id: Id
    title: Annotated[str, Field(min_length=1, max_length=200)]
    held_on: Day


class ReviewAreaUpdate(BaseModel):
    """What may change of an area depends on the review's state and who is writing: the school
    writes its scores, evidence and actions in a draft, and its response and the agreed score
    once challenged; the peer writes the challenge while it is submitted."""

    model_config = ConfigDict(extra="forbid")

    area: Annotated[str, Field(min_length=1, max_length=40)]
    self_score: Score | None = None
    evidence: Text = None
    evidence_links: list[EvidenceLink] | None = Field(default=None, max_length=20)
    key_actions: Text = None
    challenge: Text = None
    challenged_score: Score | None = None
    response: Text = None
    agreed_score: Score | None = None


class MaturityReviewUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    challenger_email: Email | None = Field(
        default=None,
        description="The peer who will challenge it: a person with a role at another school.",
    )
    areas: list[ReviewAreaUpdate] | None = Field(default=None, max_length=30)
    move_to: ReviewState | None = Field(
        default=None,
        description="draft → submitted (the school, with a challenger and a score for every "
        "area) → challenged (the peer) → agreed (the school, with an agreed score for every area).",
    )


class ReviewAreaRead(BaseModel):
    area: str
    name: str
    descriptors: dict[str, str] = Field(description="What each level looks like in this area.")
    prompts: list[str]
    possible_evidence: list[str]
    self_score: int | None
    evidence: str | None
    evidence_links: list[EvidenceLink]
    key_actions: str | None
    challenge: str | None
    challenged_score: int | None
    response: str | None
    agreed_score: int | None


class MaturityReviewSummary(BaseModel):
    id: int
    school_id: int
    school_name: str
    framework_id: int
    framework_key: str
    framework_name: str
    framework_version: int
    title: str
    held_on: Day
    state: ReviewState
    overall: int | None
    updated_at: datetime


class MaturityReviewRead(MaturityReviewSummary):
    challenger_name: str | None
    challenger_email: str | None
    submitted_at: datetime | None
    challenged_at: datetime | None
    agreed_at: datetime | None
    agreed_by: str | None
    overall_rule: str
    levels: list[dict[str, int | str]]
    areas: list[ReviewAreaRead]
    # What the caller may do now: "school" (its leaders), "challenger", or nothing.
    acting_as: Literal["school", "challenger"] | None
    version: int


class ShapePoint(BaseModel):
    area: str
    name: str
    score: int


class AgreedShape(BaseModel):
    """One agreed review's scores, for the radar."""

    review_id: int
    title: str
    held_on: Day
    overall: int | None
    scores: list[ShapePoint]


class MaturityOverTime(BaseModel):
    """Every agreed review of the school against one framework, oldest first."""

    framework_key: str
    framework_name: str
    levels: list[dict[str, int | str]]
    reviews: list[AgreedShape]


class HeatCell(BaseModel):
    school_id: int
    school_name: str
    review_id: int | None
    held_on: Day | None
    scores: dict[str, int]
    overall: int | None


class AreaName(BaseModel):
    key: str
    name: str


class TrustHeatMap(BaseModel):
    """Each school's latest agreed review against a framework: areas by schools."""

    framework_key: str
    framework_name: str
    areas: list[AreaName]
    levels: list[dict[str, int | str]]
    schools: list[HeatCell]


class ToPlan(BaseModel):
    """Send an area's key actions into the school's plan as an action."""

    model_config = ConfigDict(extra="forbid")

    plan_id: Id
    priority_id: Id
    due_on: Day
