"""Finding the pupils a batch names, by UPN within the trust or by the school's MIS id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.db import one_of
from termwise.pupils.models import Enrolment, Pupil, SchoolPupilId
from termwise.pupils.upn import normalise, upn_problem

CHUNK = 5000  # bound parameters per IN list, well under both databases' limits


def chunks(values: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def identity_of(
    upn: str | None,
    mis_id: str | None,
    reject: Callable[[str, str, str], None],
) -> tuple[str | None, str | None] | None:
    """A row's (UPN, MIS id), normalised; or None after rejecting a row that names no pupil or
    an invalid UPN (whose code starts "upn_")."""
    upn = normalise(upn) if upn else None
    mis_id = mis_id.strip() if mis_id else None
    if upn is None and mis_id is None:
        reject("upn", "give the pupil's upn or mis_id", "missing_identity")
        return None
    if upn is not None and (problem := upn_problem(upn)) is not None:
        reject("upn", problem.message, problem.code)
        return None
    return upn, mis_id


@dataclass(frozen=True, slots=True)
class KnownPupils:
    by_upn: dict[str, int]
    by_mis_id: dict[str, int]

    def find(self, upn: str | None, mis_id: str | None) -> int | None:
        if upn is not None and upn in self.by_upn:
            return self.by_upn[upn]
        if mis_id is not None:
            return self.by_mis_id.get(mis_id)
        return None


def known_pupils(
    session: Session, trust_id: int, school_id: int, upns: set[str], mis_ids: set[str]
) -> KnownPupils:
    by_upn: dict[str, int] = {}
    for part in chunks(upns):
        by_upn.update(
            session.execute(
                select(Pupil.upn, Pupil.id).where(
                    Pupil.trust_id == trust_id, one_of(session, Pupil.upn, part)
                )
            ).all()  # type: ignore[arg-type]
        )
    by_mis_id: dict[str, int] = {}
    for part in chunks(mis_ids):
        by_mis_id.update(
            session.execute(
                select(SchoolPupilId.mis_id, SchoolPupilId.pupil_id).where(
                    SchoolPupilId.school_id == school_id,
                    one_of(session, SchoolPupilId.mis_id, part),
                )
            ).all()
        )
    return KnownPupils(by_upn, by_mis_id)


def enrolled_here(session: Session, school_id: int, pupil_ids: set[int]) -> set[tuple[int, int]]:
    """(pupil id, academic year id) for every year these pupils are on this school's roll."""
    found: set[tuple[int, int]] = set()
    ids = sorted(pupil_ids)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(Enrolment.pupil_id, Enrolment.academic_year_id).where(
                Enrolment.school_id == school_id,
                one_of(session, Enrolment.pupil_id, ids[start : start + CHUNK]),
            )
        )
        # Plain tuples: the batch looks every row up here, and a Row compares in Python.
        found.update((pupil_id, year_id) for pupil_id, year_id in rows)
    return found
