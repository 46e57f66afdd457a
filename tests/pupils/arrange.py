"""A pupil of school A1 with a row in every table that holds pupils' data, and a signed-off plan
review whose frozen figure counted them; made in the test's own transaction."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentHistory, ScaleStep, Source, Subject
from termwise.audit.recorder import record_event
from termwise.db import utcnow
from termwise.ingest.models import ImportJob, JobStatus
from termwise.interventions.models import Intervention
from termwise.meetings.models import Category, Discussion
from termwise.orgs.models import YearGroup
from termwise.orgs.years import current_academic_year
from termwise.plans.models import Review, ReviewedCriterion
from termwise.pupils.models import (
    Enrolment,
    Gender,
    Pupil,
    PupilCharacteristics,
    SchoolPupilId,
    SenStatus,
)
from termwise.pupils.upn import make_upn
from termwise.tracking.models import FlagMute, Prediction, TargetGroup, TargetGroupMember
from tests.interventions.arrange import school_intervention
from tests.meetings.arrange import class_meeting
from tests.plans.arrange import active_plan
from tests.world import World

UPN = make_upn("888300000001")
# What only this pupil's rows hold: none of it may be left anywhere after erasure.
PERSONAL = ("Zoë", "Ashworth-Lyle", "Zozo", UPN, "2019-05-06", "likes phonics", "Zoë was ill")


@dataclass
class Arranged:
    pupil_id: int
    result_id: int
    intervention_id: int
    reviewed_criterion_id: int
    # Import files naming the pupil: a finished CSV, a finished OneRoster bundle, a queued CSV.
    imports: tuple[int, int, int]


def _subject(db: Session, code: str) -> int:
    found = db.scalar(select(Subject.id).where(Subject.code == code))
    assert found is not None
    return found


def pupil_with_everything(db: Session, world: World) -> Arranged:
    year = current_academic_year(db)
    school_id = world.schools["a1"]
    reading = _subject(db, "reading")
    pupil = Pupil(trust_id=world.trusts["a"], upn=UPN, legal_first_name="Zoë",
                  legal_last_name="Ashworth-Lyle", preferred_first_name="Zozo",
                  date_of_birth=date(2019, 5, 6), gender=Gender.female,
                  search_name="zoe zozo ashworth-lyle")  # fmt: skip
    db.add(pupil)
    db.flush()
    reception = db.scalar(select(YearGroup.id).where(YearGroup.code == "R"))
    assert reception is not None
    result = Assessment(pupil_id=pupil.id, subject_id=reading, point_id=world.point_a,
                        school_id=school_id, score=104.0, source=Source.teacher,
                        recorded_by="teacher.a1@tests.example")  # fmt: skip
    step_id = db.scalar(select(ScaleStep.id).limit(1))
    assert step_id is not None
    group = TargetGroup(school_id=school_id, subject_id=reading, academic_year_id=year.id,
                        term="aut", name="Reception boost", created_by="tests")  # fmt: skip
    db.add_all(
        [
            Enrolment(
                pupil_id=pupil.id,
                academic_year_id=year.id,
                school_id=school_id,
                year_group_id=reception,
                class_id=world.classes["a1_r"],
            ),
            SchoolPupilId(school_id=school_id, mis_id="MIS-ZOE", pupil_id=pupil.id),
            PupilCharacteristics(
                pupil_id=pupil.id,
                academic_year_id=year.id,
                fsm=True,
                sen_status=SenStatus.sen_support,
            ),
            result,
            FlagMute(
                school_id=school_id,
                pupil_id=pupil.id,
                subject_id=reading,
                point_id=world.point_a,
                flag="stuck",
                reason="Zoë was ill",
                muted_by="head.a1@tests.example",
            ),
            Prediction(
                school_id=school_id,
                pupil_id=pupil.id,
                subject_id=reading,
                academic_year_id=year.id,
                step_id=step_id,
                recorded_by="teacher.a1@tests.example",
            ),
            group,
        ]
    )
    db.flush()
    db.add(AssessmentHistory(assessment_id=result.id, score=99.0, source=Source.teacher,
                             recorded_by="teacher.a1@tests.example", recorded_at=utcnow(),
                             replaced_by="head.a1@tests.example",
                             reason="Marked again"))  # fmt: skip
    db.add(TargetGroupMember(group_id=group.id, pupil_id=pupil.id))
    record_event(db, action="create", entity_type="target_group_members", entity_id=str(group.id),
                 trust_id=world.trusts["a"], school_id=school_id,
                 after={"pupil_ids": [pupil.id]})  # fmt: skip
    meeting = class_meeting(db, world.classes["a1_r"], pupil.id)
    discussion = Discussion(meeting_id=meeting["meeting"], pupil_id=pupil.id,
                            category=Category.falling_behind, what_helped="Phonics",
                            barriers="Tired after lunch", pupil_voice="I like stories")  # fmt: skip
    db.add(discussion)
    db.flush()
    # Changed later: the update's audit event names only what changed, not the pupil.
    discussion.what_helped = "Zoë likes phonics"
    intervention_id = school_intervention(db, school_id, pupil.id)
    intervention = db.get(Intervention, intervention_id)
    assert intervention is not None
    intervention.meeting_action_id = meeting["meeting_action"]
    plan = active_plan(db, school_id)
    review = db.scalar(select(Review).where(Review.plan_id == plan["plan"]))
    assert review is not None
    review.signed_off_at = utcnow()
    review.signed_off_by = "head.a1@tests.example"
    judged = ReviewedCriterion(review_id=review.id, criterion_id=plan["criterion"],
                               frozen_value=50.0, frozen_cohort=2,
                               frozen_pupil_ids=f"{world.pupils['a1_r']},{pupil.id}",
                               frozen_point_id=world.point_a)  # fmt: skip
    db.add(judged)
    db.flush()
    return Arranged(pupil.id, result.id, intervention_id, judged.id, _imports(db, world))


def _imports(db: Session, world: World) -> tuple[int, int, int]:
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("users.csv", "sourcedId,givenName\r\nMIS-ZOE,Zoë\r\n")
    files = [
        ("pupils.csv", "csv", f"upn,legal_first_name\r\n{UPN},Zoë\r\n".encode(),
         JobStatus.succeeded),
        ("oneroster.zip", "oneroster", bundle.getvalue(), JobStatus.failed),
        ("later.csv", "csv", f"upn\r\n{UPN}\r\n".encode(), JobStatus.queued),
    ]  # fmt: skip
    jobs = [
        ImportJob(
            school_id=world.schools["a1"],
            file_format=file_format,
            filename=name,
            content=content,
            mode="all",
            status=status,
            rows_done=0,
            created_by="data.officer.a@tests.example",
            created_by_subject=f"user:{world.users['data_officer_a']}",
        )
        for name, file_format, content, status in files
    ]
    db.add_all(jobs)
    db.flush()
    return jobs[0].id, jobs[1].id, jobs[2].id
