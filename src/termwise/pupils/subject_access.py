"""A subject access request: everything Termwise holds about one pupil, as one zip file.

The zip holds ``pupil.json`` (every section in one document), one CSV per section for people
to read, and ``README.txt`` saying what each file is and when it was made. Every export is
recorded in the audit log with who made it and for which pupil, and nothing else about them.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from termwise.audit.recorder import act_as, record_event
from termwise.auth.roles import Permission, Role
from termwise.db import utcnow
from termwise.errors import Forbidden
from termwise.pupils import holdings, import_files
from termwise.pupils.models import Enrolment, Pupil
from termwise.tenancy import Principal, holds_at_trust

ZIP_MEDIA_TYPE = "application/zip"


def exporting_school(session: Session, principal: Principal, pupil: Pupil) -> int | None:
    """Who may export: a trust-wide holder of pupils:read (the trust's own event, ``None``), or
    the head teacher of a school the pupil is or was enrolled at (that school's id)."""
    if holds_at_trust(principal, Permission.pupils_read, pupil.trust_id):
        return None
    heads_of = {
        g.school_id
        for g in principal.grants_with(Permission.pupils_read)
        if g.label == Role.head_teacher.value and g.level == "school"
    }
    schools = set(
        session.scalars(select(Enrolment.school_id).where(Enrolment.pupil_id == pupil.id))
    )
    mine = sorted(s for s in heads_of & schools if s is not None)
    if not mine:
        raise Forbidden(
            "A pupil's data is exported by the head teacher of their school or by the trust."
        )
    return mine[0]


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else v
                    for k, v in row.items()
                }
            )
    return out.getvalue()


def _readme(pupil_id: int, made_at: datetime, made_by: str, counts: dict[str, int]) -> str:
    lines = [
        f"Subject access export for pupil {pupil_id}",
        f"Made {made_at.isoformat(timespec='seconds')} (UTC) by {made_by}.",
        "",
        "Everything Termwise holds about the pupil. Each CSV opens in a spreadsheet;",
        "pupil.json holds the same in one document. A section with no rows has only its name.",
        "",
        "pupil.json  everything below, in one JSON document",
        "pupil.csv  who the pupil is: names, UPN, date of birth, gender, trust",
    ]
    for section in holdings.SECTIONS:
        lines.append(f"{section.name}.csv  {section.about} ({counts[section.name]} rows)")
    lines.append(
        f"plan_reviews.csv  signed-off plan reviews whose frozen figures counted the pupil"
        f" ({counts['plan_reviews']} rows)"
    )
    lines.append(
        f"import_files.csv  files uploaded for import that name the pupil (the files hold other"
        f" children too, so they are listed, not included) ({counts['import_files']} rows)"
    )
    lines.append(
        f"audit_log.csv  who changed, exported or erased the pupil's data, and when"
        f" ({counts['audit_log']} rows)"
    )
    return "\n".join(lines) + "\n"


def export(session: Session, pupil: Pupil, made_by: str) -> tuple[bytes, dict[str, int]]:
    """The zip, and how many rows each section holds."""
    made_at = utcnow()
    who = holdings.identity(session, pupil)
    sections = {s.name: s.rows(session, pupil.id) for s in holdings.SECTIONS}
    sections["plan_reviews"] = holdings.frozen_reviews(session, pupil.id)
    sections["import_files"] = import_files.rows(import_files.naming(session, pupil))
    sections["audit_log"] = holdings.audit_rows(
        holdings.audit_events_of(session, pupil.id, pupil.trust_id)
    )
    counts = {name: len(rows) for name, rows in sections.items()}
    document = {"made_at": made_at.isoformat(), "made_by": made_by, "pupil": who} | sections
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(pupil.id, made_at, made_by, counts))
        archive.writestr("pupil.json", json.dumps(document, indent=2, ensure_ascii=False))
        archive.writestr("pupil.csv", _csv([who]))
        for name, rows in sections.items():
            archive.writestr(f"{name}.csv", _csv(rows) or name + "\r\n")
    return buffer.getvalue(), counts


def record_export(
    factory: sessionmaker[Session],
    principal: Principal,
    pupil: Pupil,
    school_id: int | None,
    counts: dict[str, int],
) -> None:
    """The export's audit event, committed on its own (the request itself only reads): the
    pupil's id and how many rows went out, nothing about the pupil."""
    with factory() as writer:
        act_as(writer, principal)
        record_event(
            writer,
            action="export",
            entity_type="pupils",
            entity_id=str(pupil.id),
            trust_id=pupil.trust_id,
            school_id=school_id,
            after={"subject_access": True, "rows": counts},
        )
        writer.commit()
