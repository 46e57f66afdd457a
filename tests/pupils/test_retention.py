"""The retention policy: pupils whose last academic year on a trust's roll ended more than its
years ago are found (the trust's own years, else the default) and erased as an erasure on
request is, with the policy as the reason; the command line says what would go first."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from termwise.orgs.models import Trust
from termwise.pupils import retention
from termwise.pupils.models import Enrolment, Pupil
from tests.pupils.arrange import pupil_with_everything
from tests.world import World

FAR_AHEAD = date(2045, 6, 1)


def test_a_pupil_long_gone_is_due_and_erased_with_the_policy_as_reason(
    db: Session, world: World
) -> None:
    arranged = pupil_with_everything(db, world)
    trust = db.get(Trust, world.trusts["a"])
    assert trust is not None
    now = retention.plan(db, trust, default_years=6, today=date.today())
    assert arranged.pupil_id not in {d.pupil_id for d in now.due}, "on roll this year"
    later = retention.plan(db, trust, default_years=6, today=FAR_AHEAD)
    assert arranged.pupil_id in {d.pupil_id for d in later.due}
    assert later.cutoff == date(2039, 6, 1)
    rows = retention.apply(db, later)
    assert rows["enrolments"] >= 1
    assert db.get(Pupil, arranged.pupil_id) is None
    left = select(func.count()).where(Enrolment.pupil_id == arranged.pupil_id)
    assert db.scalar(left) == 0
    events = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(20)).all()
    assert any("Retention policy: 6 years" in str(e.after) for e in events)


def test_a_trusts_own_years_override_the_default(db: Session, world: World) -> None:
    arranged = pupil_with_everything(db, world)
    trust = db.get(Trust, world.trusts["a"])
    assert trust is not None
    trust.retention_years = 30
    kept = retention.plan(db, trust, default_years=6, today=FAR_AHEAD)
    assert kept.years == 30 and arranged.pupil_id not in {d.pupil_id for d in kept.due}


def test_the_cutoff_of_a_leap_day_is_the_28th() -> None:
    assert retention.cutoff(date(2028, 2, 29), 6) == date(2022, 2, 28)
