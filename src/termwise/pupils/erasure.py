"""Erasing one pupil on request: every row about them goes, in one transaction.

Rows are deleted with plain statements, not through the session's objects, so the audit hook
does not copy what is being erased into the log. Earlier events about the pupil keep who did
what and when, but their values are erased. The one event this writes holds the pupil's id,
the reason, who erased them and how many rows went from each table. Finished import files
that name the pupil are emptied (see ``import_files``).

Figures a signed-off plan review froze stay as they are: they are the school's aggregates, and
the pupil ids frozen with them point to nobody once the pupil is gone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentHistory
from termwise.audit.models import AuditEvent
from termwise.audit.recorder import record_event
from termwise.auth.roles import Permission
from termwise.errors import Forbidden, refused
from termwise.interventions.models import Intervention, InterventionPupil
from termwise.meetings.models import Discussion, MeetingAction
from termwise.pupils import holdings, import_files
from termwise.pupils.models import Enrolment, Pupil, PupilCharacteristics, SchoolPupilId
from termwise.pupils.schemas import ErasureRead
from termwise.pupils.upn import normalise
from termwise.tenancy import Principal, holds_at_trust
from termwise.tracking.models import FlagMute, Prediction, TargetGroupMember
from termwise.tracking.targets import MEMBERS_ENTITY

ERASED = "[erased]"

# Children first, so no row is left pointing at one that is gone.
_TABLES: tuple[Any, ...] = (
    FlagMute,
    Prediction,
    TargetGroupMember,
    InterventionPupil,
    Discussion,
    MeetingAction,
    PupilCharacteristics,
    Enrolment,
    SchoolPupilId,
)


def check_request(principal: Principal, pupil: Pupil, confirm_upn: str) -> None:
    if not holds_at_trust(principal, Permission.pupils_write, pupil.trust_id):
        raise Forbidden("Only the trust's data officer erases a pupil's data.")
    expected = pupil.upn or str(pupil.id)
    if normalise(confirm_upn) != expected.upper():
        what = "UPN" if pupil.upn else "id (they have no UPN)"
        raise refused("/confirm_upn", f"This is not the pupil's {what}.", "mismatch")


def _kept_identifiers(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """An event's values with every one erased but the ids, so the log still says which rows
    changed, and nothing of what they held."""
    if values is None:
        return None
    return {k: v if k == "id" or k.endswith("_id") else ERASED for k, v in values.items()}


def _erase_audit_values(session: Session, pupil: Pupil) -> int:
    events = holdings.audit_events_of(session, pupil.id, pupil.trust_id)
    touched = 0
    for event in events:
        if event.entity_type == MEMBERS_ENTITY or event.action == "export":
            continue  # group memberships hold only pupil ids; exports only counts
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.id == event.id)
            .values(before=_kept_identifiers(event.before), after=_kept_identifiers(event.after))
        )
        touched += 1
    return touched


def erase(session: Session, pupil: Pupil, reason: str) -> ErasureRead:
    """Delete every row about the pupil, and say how many went from each table."""
    pupil_id, trust_id = pupil.id, pupil.trust_id
    counts: dict[str, int] = {}
    uploads = import_files.naming(session, pupil)
    results = select(Assessment.id).where(Assessment.pupil_id == pupil_id)
    counts["assessment_history"] = _delete(
        session, delete(AssessmentHistory).where(AssessmentHistory.assessment_id.in_(results))
    )
    counts["assessments"] = _delete(
        session, delete(Assessment).where(Assessment.pupil_id == pupil_id)
    )
    actions = select(MeetingAction.id).where(MeetingAction.pupil_id == pupil_id)
    session.execute(
        update(Intervention)
        .where(Intervention.meeting_action_id.in_(actions))
        .values(meeting_action_id=None)
    )
    for model in _TABLES:
        counts[model.__tablename__] = _delete(
            session, delete(model).where(model.pupil_id == pupil_id)
        )
    erased_events = _erase_audit_values(session, pupil)
    emptied = import_files.empty_finished(session, uploads)
    session.expunge(pupil)
    counts["pupils"] = _delete(session, delete(Pupil).where(Pupil.id == pupil_id))
    record_event(
        session,
        action="erase",
        entity_type="pupils",
        entity_id=str(pupil_id),
        trust_id=trust_id,
        school_id=None,
        after={
            "reason": reason,
            "rows": counts,
            "audit_events_erased": erased_events,
            "import_files_emptied": emptied,
        },
    )
    return ErasureRead(
        pupil_id=pupil_id,
        rows=counts,
        audit_events_erased=erased_events,
        import_files_emptied=emptied,
    )


def _delete(session: Session, statement: Any) -> int:
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
