"""Who may see and change maturity frameworks and reviews, and what reading one answers.

- Frameworks: Termwise's own are every trust's; a trust's are its people's. A trust leader adds
  them (and their next versions).
- Reviews: the school's staff read them (governors too: there are no pupils in them); its
  leaders write them. The peer challenger reads and challenges the one review they were asked
  to, and nothing else of the school.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.auth.models import User
from termwise.auth.roles import Permission
from termwise.errors import NotFound
from termwise.ids import MAX_ID
from termwise.interventions.models import Intervention
from termwise.maturity.definition import OVERALL_RULE, FrameworkDefinition
from termwise.maturity.models import Framework, MaturityReview, ReviewArea
from termwise.maturity.schemas import (
    EvidenceLink,
    FrameworkRead,
    MaturityReviewRead,
    MaturityReviewSummary,
    ReviewAreaRead,
)
from termwise.meetings.models import Meeting
from termwise.monitoring.models import MonitoringActivity
from termwise.orgs.models import School
from termwise.plans.models import Plan
from termwise.tenancy import Principal, holds_at_school, holds_at_trust, reaches_school
from termwise.tracking.catalogue import CATALOGUE

SHIPPED = ("teaching_school.yaml", "improvement_audit.yaml")


def shipped_definitions() -> list[FrameworkDefinition]:
    """Termwise's own frameworks, as the migration that added them loaded them."""
    folder = resources.files("termwise.maturity") / "frameworks"
    return [
        FrameworkDefinition.model_validate(yaml.safe_load((folder / name).read_text("utf-8")))
        for name in SHIPPED
    ]


def reads_trust(principal: Principal, trust_id: int) -> bool:
    return principal.is_platform_admin or any(
        g.trust_id == trust_id for g in principal.grants_with(Permission.plans_read)
    )


def writes_frameworks(principal: Principal, trust_id: int) -> bool:
    return holds_at_trust(principal, Permission.plans_write, trust_id)


def framework_read(session: Session, framework: Framework) -> FrameworkRead:
    newest = session.scalar(
        select(func.max(Framework.version)).where(
            Framework.key == framework.key,
            Framework.trust_id.is_(None)
            if framework.trust_id is None
            else Framework.trust_id == framework.trust_id,
        )
    )
    used = session.scalar(
        select(MaturityReview.id).where(MaturityReview.framework_id == framework.id).limit(1)
    )
    return FrameworkRead(
        id=framework.id,
        trust_id=framework.trust_id,
        key=framework.key,
        version=framework.version,
        name=framework.name,
        latest=framework.version == newest,
        in_use=used is not None,
        definition=FrameworkDefinition.model_validate(framework.definition),
        created_at=framework.created_at,
    )


def framework_for(session: Session, principal: Principal, framework_id: int) -> Framework:
    framework = session.get(Framework, framework_id)
    if framework is None or (
        framework.trust_id is not None and not reads_trust(principal, framework.trust_id)
    ):
        raise NotFound(f"No framework {framework_id} that you can see.")
    return framework


# --- reviews ------------------------------------------------------------------------------------


def school_writes(principal: Principal, school: School) -> bool:
    return holds_at_school(
        principal, Permission.plans_write, school_id=school.id, trust_id=school.trust_id
    )


def is_challenger(principal: Principal, review: MaturityReview) -> bool:
    return principal.kind == "user" and review.challenger_id == principal.id


def review_for(
    session: Session, principal: Principal, review_id: int
) -> tuple[MaturityReview, School]:
    found = session.execute(
        select(MaturityReview, School)
        .join(School, School.id == MaturityReview.school_id)
        .where(MaturityReview.id == review_id)
    ).first()
    if found is None:
        raise NotFound(f"No maturity review {review_id} that you can see.")
    review, school = found
    if not (
        reaches_school(principal, Permission.plans_read, school) or is_challenger(principal, review)
    ):
        raise NotFound(f"No maturity review {review_id} that you can see.")
    return review, school


def levels_of(definition: FrameworkDefinition) -> list[dict[str, int | str]]:
    return [{"value": level.value, "name": level.name} for level in definition.levels]


def summary(
    session: Session, review: MaturityReview, framework: Framework
) -> MaturityReviewSummary:
    school = session.get(School, review.school_id)
    assert school is not None
    return MaturityReviewSummary(
        id=review.id,
        school_id=review.school_id,
        school_name=school.name,
        framework_id=framework.id,
        framework_key=framework.key,
        framework_name=framework.name,
        framework_version=framework.version,
        title=review.title,
        held_on=review.held_on,
        state=review.state,
        overall=review.overall,
        updated_at=review.updated_at,
    )


def areas_of(session: Session, review: MaturityReview) -> dict[str, ReviewArea]:
    return {
        a.area_key: a
        for a in session.scalars(select(ReviewArea).where(ReviewArea.review_id == review.id))
    }


def read(
    session: Session, principal: Principal, review: MaturityReview, school: School
) -> MaturityReviewRead:
    framework = session.get(Framework, review.framework_id)
    assert framework is not None
    definition = FrameworkDefinition.model_validate(framework.definition)
    rows = areas_of(session, review)
    challenger = session.get(User, review.challenger_id) if review.challenger_id else None
    acting: Any = (
        "school"
        if school_writes(principal, school)
        else "challenger"
        if is_challenger(principal, review)
        else None
    )
    return MaturityReviewRead(
        **summary(session, review, framework).model_dump(),
        challenger_name=challenger.full_name if challenger else None,
        challenger_email=challenger.email if challenger else None,
        submitted_at=review.submitted_at,
        challenged_at=review.challenged_at,
        agreed_at=review.agreed_at,
        agreed_by=review.agreed_by,
        overall_rule=OVERALL_RULE,
        levels=levels_of(definition),
        areas=[
            ReviewAreaRead(
                area=area.key,
                name=area.name,
                descriptors=area.descriptors,
                prompts=area.prompts,
                possible_evidence=area.evidence,
                self_score=rows[area.key].self_score,
                evidence=rows[area.key].evidence,
                evidence_links=[EvidenceLink(**link) for link in rows[area.key].evidence_links],
                key_actions=rows[area.key].key_actions,
                challenge=rows[area.key].challenge,
                challenged_score=rows[area.key].challenged_score,
                response=rows[area.key].response,
                agreed_score=rows[area.key].agreed_score,
            )
            for area in definition.areas
            if area.key in rows
        ],
        acting_as=acting,
        version=review.version,
    )


def evidence_exists(session: Session, school_id: int, kind: str, ref: str) -> bool:
    """Whether a link names a record of this school (or a measure of the catalogue)."""
    if kind == "measure":
        return ref in CATALOGUE
    if not ref.isdigit() or int(ref) > MAX_ID:
        return False
    model: Any = {
        "plan": Plan,
        "meeting": Meeting,
        "intervention": Intervention,
        "monitoring": MonitoringActivity,
    }[kind]
    row = session.get(model, int(ref))
    return row is not None and row.school_id == school_id
