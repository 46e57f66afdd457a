"""A meeting's actions as a spreadsheet (CSV or Excel): those agreed at it, and the earlier
ones it followed up, with what came of each."""

from __future__ import annotations

from fastapi import Response

from termwise.meetings.schemas import MeetingActionRead, MeetingRead
from termwise.orgs.models import School
from termwise.tracking import exports
from termwise.tracking.exports import ExportFormat, Table


def table(meeting: MeetingRead) -> Table:
    actions: list[tuple[str, MeetingActionRead]] = [("Agreed here", a) for a in meeting.actions]
    actions += [(f"Agreed {f.agreed_on.isoformat()}", f.action) for f in meeting.follow_up]
    pupils = {p.pupil_id: f"{p.first_name} {p.last_name}" for p in meeting.pupils}
    sheet = Table(
        title=f"{meeting.class_name} pupil progress meeting {meeting.held_on.isoformat()}",
        header=["Agreed", "Pupil", "Action", "Owner", "Due", "Outcome", "Outcome note"],
    )
    for when, a in actions:
        outcome = a.outcome.value.replace("_", " ") if a.outcome else "open"
        sheet.rows.append(
            [
                when,
                pupils.get(a.pupil_id, str(a.pupil_id)),
                a.description,
                a.owner_name or (a.owner_role or "").replace("_", " "),
                a.due_on.isoformat(),
                outcome + (" (overdue)" if a.overdue else ""),
                a.outcome_note or "",
            ]
        )
    return sheet


def download(meeting: MeetingRead, school: School, format: ExportFormat) -> Response:
    content, media_type = exports.render(table(meeting), format)
    name = exports.filename(
        [school.name, meeting.class_name, "meeting", meeting.held_on.isoformat()], format
    )
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
