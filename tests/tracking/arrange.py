"""A small tracked school for the tracking tests, arranged through the API as an MIS would.

School A1 (trust A) has termly points this year. In maths, at the spring point (the latest with
results), against the autumn:

- pupil 1 (R) stays on RE: stuck, one step below ARE (RD);
- pupil 2 (R) moves RE → RD: expected progress, at ARE;
- pupil 3 (R) moves RE → RS: accelerated, above ARE;
- pupil 4 (R) has no results: missing;
- pupil 5 (Y1) moves RM → Y1E: expected progress but still one step below ARE (Y1D).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint, Subject
from termwise.orgs.models import AcademicYear
from termwise.orgs.years import current_academic_year
from termwise.pupils.models import Pupil
from termwise.tracking.models import FlagMute, TargetGroup, TargetGroupMember
from tests.ingest.pushes import THIS_YEAR, pupil, push_pupils, push_results, result, upn
from tests.world import World

RESULTS = {1: ("RE", "RE"), 2: ("RE", "RD"), 3: ("RE", "RS"), 5: ("RM", "Y1E")}


@dataclass(frozen=True)
class Tracked:
    # Test pupil number → pupil id.
    pupils: dict[int, int]
    aut: int
    spr: int


def add_termly_points(db: Session, world: World) -> None:
    """Trust A's autumn, spring and summer points this year, in that order."""
    year = db.scalar(select(AcademicYear).where(AcademicYear.code == THIS_YEAR))
    assert year is not None
    for ordinal, (code, on) in enumerate(
        (("aut", date(2026, 11, 20)), ("spr", date(2027, 3, 25)), ("sum", date(2027, 7, 9))),
        start=1,
    ):
        db.add(
            AssessmentPoint(
                trust_id=world.trusts["a"],
                academic_year_id=year.id,
                code=code,
                name=code.title(),
                slot=code,
                ordinal=ordinal,
                assessed_on=on,
            )
        )
    db.flush()


def tracked_school(client: TestClient, world: World, db: Session) -> Tracked:
    add_termly_points(db, world)
    pupils = [pupil(n) for n in (1, 2, 3, 4)] + [pupil(5, year_group="Y1", **{"class": None})]
    assert push_pupils(client, world, pupils).status_code == 200
    results = [
        result(n, step, subject="maths", point=point)
        for n, steps in RESULTS.items()
        for point, step in zip(("aut", "spr"), steps, strict=True)
    ]
    response = push_results(client, world, results)
    assert response.status_code == 200, response.text
    ids = dict(
        db.execute(
            select(Pupil.upn, Pupil.id).where(Pupil.upn.in_([upn(n) for n in (1, 2, 3, 4, 5)]))
        ).all()
    )
    points = dict(
        db.execute(
            select(AssessmentPoint.code, AssessmentPoint.id).where(
                AssessmentPoint.trust_id == world.trusts["a"],
                AssessmentPoint.code.in_(("aut", "spr")),
            )
        ).all()
    )
    return Tracked({n: ids[upn(n)] for n in (1, 2, 3, 4, 5)}, points["aut"], points["spr"])


def a1_target_group(db: Session, world: World) -> int:
    """A target group at school A1 holding the world's pupil, for cross-tenant cases."""
    group = TargetGroup(
        school_id=world.schools["a1"],
        subject_id=_subject(db, "maths"),
        academic_year_id=current_academic_year(db).id,
        term="aut",
        name="Cross-tenant target group",
        created_by="tests",
    )
    db.add(group)
    db.flush()
    db.add(TargetGroupMember(group_id=group.id, pupil_id=world.pupils["a1_r"]))
    db.flush()
    return group.id


def a1_flag_mute(db: Session, world: World) -> int:
    """A muted flag at school A1, for cross-tenant cases."""
    flag_mute = FlagMute(
        school_id=world.schools["a1"],
        pupil_id=world.pupils["a1_r"],
        subject_id=_subject(db, "reading"),
        point_id=world.point_a,
        flag="stuck",
        reason="Cross-tenant case",
        muted_by="tests",
    )
    db.add(flag_mute)
    db.flush()
    return flag_mute.id


def _subject(db: Session, code: str) -> int:
    found = db.scalar(select(Subject.id).where(Subject.code == code))
    assert found is not None
    return found
