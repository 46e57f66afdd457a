from typing import Annotated

from fastapi import Depends

from termwise.auth.dependencies import DbSession
from termwise.ids import SchoolId, TrustId
from termwise.orgs import repository
from termwise.orgs.auth import OrgsRead
from termwise.orgs.models import School, Trust


def readable_school(school_id: SchoolId, session: DbSession, principal: OrgsRead) -> School:
    return repository.get_school(session, principal, school_id)


def readable_trust(trust_id: TrustId, session: DbSession, principal: OrgsRead) -> Trust:
    return repository.get_trust(session, principal, trust_id)


ReadableSchool = Annotated[School, Depends(readable_school)]
ReadableTrust = Annotated[Trust, Depends(readable_trust)]
