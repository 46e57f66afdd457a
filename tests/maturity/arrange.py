"""A framework and a review made straight in the test's own transaction, for tests about who
may reach them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.db import utcnow
from termwise.maturity.models import Framework, MaturityReview, ReviewArea, ReviewState


def trust_framework(db: Session, trust_id: int) -> int:
    levels = {"1": "a", "2": "b", "3": "c", "4": "d"}
    framework = Framework(
        trust_id=trust_id, key="own", version=1, name="Own", created_by="tests",
        created_at=utcnow(),
        definition={"key": "own", "name": "Own",
                    "areas": [{"key": "cpd", "name": "CPD", "descriptors": levels}]},
    )  # fmt: skip
    db.add(framework)
    db.flush()
    return framework.id


def school_review(db: Session, school_id: int) -> int:
    """A draft review of the school against the shipped teaching-school framework."""
    shipped = db.scalar(select(Framework.id).where(Framework.key == "teaching_school"))
    assert shipped is not None
    review = MaturityReview(school_id=school_id, framework_id=shipped, title="Review",
                            held_on=date(2026, 11, 20), state=ReviewState.draft,
                            created_by="tests")  # fmt: skip
    db.add(review)
    db.flush()
    db.add(ReviewArea(review_id=review.id, area_key="cpd", key_actions="x", evidence_links=[]))
    db.flush()
    return review.id
