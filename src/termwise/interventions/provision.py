"""Interventions beside their pupils: a pupil's own, the ones a meeting's agenda shows, and the
school's provision map (who is in what, at what cost, with what impact)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from termwise.assessment.models import Subject
from termwise.interventions import impact
from termwise.interventions.models import Intervention, InterventionPupil
from termwise.interventions.schemas import (
    InterventionBrief,
    ProvisionMap,
    ProvisionPupil,
    ProvisionRow,
)
from termwise.orgs.models import AcademicYear, School, YearGroup
from termwise.pupils.models import Enrolment, Pupil
from termwise.tracking.exports import Table

# A meeting's agenda shows the interventions running, and those ended in the last half term or
# so: what the pupil has just had is what the meeting needs to weigh.
RECENT = timedelta(days=50)


def _brief(intervention: Intervention, subject: str) -> InterventionBrief:
    return InterventionBrief(
        id=intervention.id,
        school_id=intervention.school_id,
        name=intervention.name,
        wave=intervention.wave,
        subject=subject,
        starts_on=intervention.starts_on,
        ends_on=intervention.ends_on,
    )


def briefs_by_pupil(
    session: Session, pupil_ids: Iterable[int], *where: ColumnElement[bool]
) -> dict[int, list[InterventionBrief]]:
    """Each pupil's interventions, newest first."""
    rows = session.execute(
        select(InterventionPupil.pupil_id, Intervention, Subject.code)
        .join(Intervention, Intervention.id == InterventionPupil.intervention_id)
        .join(Subject, Subject.id == Intervention.subject_id)
        .where(InterventionPupil.pupil_id.in_(sorted(set(pupil_ids))), *where)
        .order_by(Intervention.starts_on.desc(), Intervention.id.desc())
    )
    found: dict[int, list[InterventionBrief]] = defaultdict(list)
    for pupil_id, intervention, code in rows:
        found[pupil_id].append(_brief(intervention, code))
    return found


def around(school_id: int, day: date) -> list[ColumnElement[bool]]:
    """At the school, started by ``day`` and running or only lately ended."""
    return [
        Intervention.school_id == school_id,
        Intervention.starts_on <= day,
        Intervention.ends_on >= day - RECENT,
    ]


def provision_map(
    session: Session, school: School, year: AcademicYear, today: date | None = None
) -> ProvisionMap:
    interventions = list(
        session.execute(
            select(Intervention, Subject.code)
            .join(Subject, Subject.id == Intervention.subject_id)
            .where(
                Intervention.school_id == school.id,
                Intervention.starts_on <= year.ends_on,
                Intervention.ends_on >= year.starts_on,
            )
            .order_by(Intervention.starts_on, Intervention.id)
        )
    )
    members: dict[int, list[ProvisionPupil]] = defaultdict(list)
    for intervention_id, pupil, year_group in session.execute(
        select(InterventionPupil.intervention_id, Pupil, YearGroup.code)
        .join(Pupil, Pupil.id == InterventionPupil.pupil_id)
        .outerjoin(
            Enrolment,
            (Enrolment.pupil_id == Pupil.id)
            & (Enrolment.school_id == school.id)
            & (Enrolment.academic_year_id == year.id),
        )
        .outerjoin(YearGroup, YearGroup.id == Enrolment.year_group_id)
        .where(InterventionPupil.intervention_id.in_([i.id for i, _ in interventions]))
        .order_by(Pupil.search_name, Pupil.id)
    ):
        members[intervention_id].append(
            ProvisionPupil(
                pupil_id=pupil.id,
                first_name=pupil.first_name,
                last_name=pupil.last_name,
                year_group=year_group,
            )
        )
    rows = []
    for intervention, code in interventions:
        pupils = members[intervention.id]
        measured = impact.measure(session, intervention, school.trust_id, today=today)
        note = measured.get("reason") or measured.get("comparison_note")
        rows.append(
            ProvisionRow(
                intervention=_brief(intervention, code),
                trigger=intervention.trigger,
                staff_role=intervention.staff_role,
                sessions_per_week=intervention.sessions_per_week,
                minutes_per_session=intervention.minutes_per_session,
                adult_hours=measured["adult_hours"],
                cost=intervention.cost,
                cost_per_pupil=(
                    round(intervention.cost / len(pupils), 2)
                    if intervention.cost is not None and pupils
                    else None
                ),
                pupils=pupils,
                measurable=measured["measurable"],
                impact_note=note,
                group_mean_gain=measured.get("group_mean_gain"),
                expected_mean_gain=measured.get("expected_mean_gain"),
                comparison_size=measured.get("comparison_size"),
                difference=measured.get("difference"),
                interval=measured.get("interval"),
            )
        )
    return ProvisionMap(
        academic_year=year.code,
        interventions=rows,
        pupils_in_provision=len({p.pupil_id for r in rows for p in r.pupils}),
        total_cost=round(sum(r.cost or 0.0 for r in rows), 2),
        total_adult_hours=round(sum(r.adult_hours for r in rows), 1),
    )


def table(school: School, provision: ProvisionMap) -> Table:
    """One row per pupil in each intervention, the form a provision map is kept in."""
    sheet = Table(
        title=f"Provision map {school.name} {provision.academic_year}",
        header=[
            "Intervention", "Wave", "Subject", "Trigger", "Starts", "Ends", "Sessions a week",
            "Minutes a session", "Staff", "Adult hours", "Cost", "Cost per pupil", "Pupil",
            "Year group", "Group mean gain", "Expected mean gain", "Similar pupils",
            "Difference", "Interval", "Impact note",
        ],
    )  # fmt: skip
    for row in provision.interventions:
        i = row.intervention
        everyone: list[ProvisionPupil | None] = list(row.pupils) or [None]
        for pupil in everyone:
            sheet.rows.append(
                [
                    i.name,
                    "Wave 2 (group)" if i.wave.value == "group" else "Wave 3 (individual)",
                    i.subject,
                    row.trigger.value.replace("_", " "),
                    i.starts_on.isoformat(),
                    i.ends_on.isoformat(),
                    row.sessions_per_week,
                    row.minutes_per_session,
                    row.staff_role or "",
                    row.adult_hours,
                    row.cost,
                    row.cost_per_pupil,
                    f"{pupil.first_name} {pupil.last_name}" if pupil else "",
                    (pupil.year_group or "") if pupil else "",
                    row.group_mean_gain,
                    row.expected_mean_gain,
                    row.comparison_size,
                    row.difference,
                    f"{row.interval[0]} to {row.interval[1]}" if row.interval else "",
                    row.impact_note or "",
                ]
            )
    return sheet
