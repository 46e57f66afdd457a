"""Which academic year it is."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.orgs.models import AcademicYear


def current_academic_year(session: Session, today: date | None = None) -> AcademicYear:
    today = today or date.today()
    year = session.scalar(
        select(AcademicYear).where(AcademicYear.starts_on <= today, AcademicYear.ends_on >= today)
    )
    if year is None:
        raise RuntimeError(f"no academic year covers {today}; migrate the database first")
    return year
