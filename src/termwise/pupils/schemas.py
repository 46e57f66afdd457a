from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from termwise.pupils.models import Gender, SenStatus
from termwise.pupils.upn import UpnKind
from termwise.temporal import Day


class EnrolmentRead(BaseModel):
    academic_year: str
    school_id: int
    school_name: str
    year_group: str
    class_id: int | None
    class_name: str | None


class CharacteristicsRead(BaseModel):
    academic_year: str
    disadvantaged: bool | None
    fsm: bool | None
    ever6_fsm: bool | None
    pupil_premium: bool | None
    eal: bool | None
    sen_status: SenStatus | None
    looked_after: bool | None
    more_able: bool | None


class PupilRead(BaseModel):
    id: int
    upn: str | None
    upn_kind: UpnKind | None
    legal_first_name: str
    legal_last_name: str
    preferred_first_name: str | None
    preferred_last_name: str | None
    date_of_birth: Day
    gender: Gender
    # The enrolment in the academic year asked for (the current one by default), if any.
    enrolment: EnrolmentRead | None
    # Only for roles that may see characteristics; null otherwise.
    characteristics: CharacteristicsRead | None
    updated_at: datetime


class PupilDetail(PupilRead):
    enrolments: list[EnrolmentRead]
    characteristics_by_year: list[CharacteristicsRead] | None


class AssessmentRead(BaseModel):
    id: int
    pupil_id: int
    school_id: int
    subject: str
    academic_year: str
    point: str
    point_name: str
    # A national statutory assessment (EYFS profile, phonics check, KS1, MTC, KS2): one of the
    # pupil's starting points, whichever school recorded it.
    statutory: bool
    assessed_on: Day
    scale: str | None
    step: str | None
    step_label: str | None
    points: float | None
    score: float | None
    non_result: str | None
    source: str
    recorded_by: str
    recorded_at: datetime


class ErasureRequest(BaseModel):
    reason: str = Field(
        min_length=1, max_length=2000, pattern=r"\S", description="Why the data is erased."
    )
    confirm_upn: str = Field(
        min_length=1,
        max_length=20,
        description="The pupil's UPN typed again (their id, for a pupil with no UPN).",
    )


class ErasureRead(BaseModel):
    pupil_id: int
    rows: dict[str, int] = Field(description="Rows deleted from each table.")
    audit_events_erased: int = Field(
        description="Earlier audit events about the pupil whose values were erased (who did "
        "what and when is kept)."
    )
    import_files_emptied: int = Field(
        description="Finished import files naming the pupil whose file was emptied (their "
        "summary and errors are kept)."
    )
