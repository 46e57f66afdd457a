"""The demo's peer reviews: each Larkspur school's agreed teaching-school review of last
autumn and of this one (so the radar shows a shift), each challenged by the head teacher of the
next school; and at the first school an improvement audit waiting for its peer's challenge.
Idempotent: a school that has reviews is left as it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import Role
from termwise.db import utcnow
from termwise.maturity.definition import FrameworkDefinition, overall
from termwise.maturity.models import Framework, MaturityReview, ReviewArea, ReviewState
from termwise.orgs.models import AcademicYear, School
from termwise.tenancy import SYSTEM

# Last year's best fits per school (leadership, infrastructure, itt, cpd, s2s); this year each
# area moves on by the step beside it, and the peer challenges two areas down.
LAST_YEAR = ((2, 1, 1, 2, 2), (2, 2, 1, 2, 1), (1, 1, 1, 2, 1))
MOVES = ((1, 1, 0, 1, 1), (1, 0, 1, 1, 0), (1, 1, 0, 0, 1))
EVIDENCE = "Minutes, the improvement plan and the CPD log"
KEY_ACTIONS = "Share the plan with every partner school; evaluate the impact of each programme"


def _framework(session: Session, key: str) -> tuple[Framework, FrameworkDefinition]:
    framework = session.scalar(
        select(Framework)
        .where(Framework.key == key, Framework.trust_id.is_(None))
        .order_by(Framework.version.desc())
    )
    assert framework is not None, f"migrate first: no shipped framework {key}"
    return framework, FrameworkDefinition.model_validate(framework.definition)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(16, 0)).astimezone()


def _agreed(
    session: Session, school: School, peer: User, held_on: date, scores: Sequence[int], title: str
) -> None:
    framework, definition = _framework(session, "teaching_school")
    head = _head(session, school)
    review = MaturityReview(
        school_id=school.id, framework_id=framework.id, title=title, held_on=held_on,
        state=ReviewState.agreed, challenger_id=peer.id, submitted_at=_at(held_on),
        challenged_at=_at(held_on + timedelta(days=7)), agreed_at=_at(held_on + timedelta(days=14)),
        agreed_by=head.email if head else SYSTEM.label, overall=overall(list(scores)),
        created_by=SYSTEM.label,
    )  # fmt: skip
    session.add(review)
    session.flush()
    for index, (area, score) in enumerate(zip(definition.areas, scores, strict=True)):
        # The peer thought two areas a level too generous; the school agreed one of them.
        challenged = score - 1 if index in (1, 3) and score > 1 else score
        agreed = challenged if index == 1 else score
        disputed = challenged < score
        response = None
        if disputed:
            response = "Agreed: not yet in every school" if index == 1 else "The CPD log shows it"
        session.add(
            ReviewArea(
                review_id=review.id,
                area_key=area.key,
                self_score=score,
                evidence=EVIDENCE,
                evidence_links=[],
                key_actions=KEY_ACTIONS,
                challenge="Is this secure across every partner school?" if disputed else None,
                challenged_score=challenged,
                response=response,
                agreed_score=agreed,
            )
        )
    session.flush()
    rows = session.scalars(select(ReviewArea.agreed_score).where(ReviewArea.review_id == review.id))
    review.overall = overall([s for s in rows if s is not None])


def _waiting(session: Session, school: School, peer: User, held_on: date) -> None:
    framework, definition = _framework(session, "improvement_audit")
    review = MaturityReview(
        school_id=school.id, framework_id=framework.id, title="Improvement audit", held_on=held_on,
        state=ReviewState.submitted, challenger_id=peer.id, submitted_at=utcnow(),
        created_by=SYSTEM.label,
    )  # fmt: skip
    session.add(review)
    session.flush()
    for area, score in zip(definition.areas, (3, 2, 3, 2), strict=False):
        session.add(ReviewArea(review_id=review.id, area_key=area.key, self_score=score,
                               evidence=EVIDENCE, evidence_links=[],
                               key_actions="Moderate writing across the trust"))  # fmt: skip
    session.flush()


def load_demo_maturity(session: Session, year: AcademicYear, school_ids: Sequence[int]) -> int:
    schools = [s for s in (session.get(School, i) for i in school_ids) if s is not None]
    made = 0
    autumn = min(date(year.starts_on.year, 11, 20), date.today() - timedelta(days=14))
    for index, school in enumerate(schools):
        if session.scalar(select(MaturityReview.id).where(MaturityReview.school_id == school.id)):
            continue
        peer = _head(session, schools[(index + 1) % len(schools)])
        if peer is None:
            continue
        last = LAST_YEAR[index % len(LAST_YEAR)]
        now = [min(4, s + m) for s, m in zip(last, MOVES[index % len(MOVES)], strict=True)]
        last_autumn = autumn.replace(year=autumn.year - 1)
        _agreed(session, school, peer, last_autumn, last, "Peer review, last autumn")
        _agreed(session, school, peer, autumn, now, "Peer review, this autumn")
        made += 2
        if index == 0:
            _waiting(session, school, peer, date.today() - timedelta(days=2))
            made += 1
    return made


def _head(session: Session, school: School) -> User | None:
    """The school's head teacher: the peer who challenges the school before it."""
    return session.scalar(
        select(User)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.school_id == school.id, RoleAssignment.role == Role.head_teacher)
        .limit(1)
    )
