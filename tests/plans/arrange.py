"""A plan made straight in the test's own transaction, for tests about who may reach it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from termwise.orgs.models import TermName
from termwise.orgs.years import current_academic_year
from termwise.plans.models import (
    Criterion,
    ImplementationPhase,
    Plan,
    PlanAction,
    PlanState,
    Priority,
    Review,
    Theme,
)


def active_plan(db: Session, school_id: int) -> dict[str, int]:
    """An active autumn plan of the school with a priority, an action, a qualitative criterion
    and a review started; the ids of each."""
    year = current_academic_year(db)
    plan = Plan(school_id=school_id, academic_year_id=year.id, term=TermName.autumn,
                title="Autumn", state=PlanState.active, created_by="tests")  # fmt: skip
    db.add(plan)
    db.flush()
    priority = Priority(plan_id=plan.id, ordinal=1, title="Reading", theme=Theme.standards,
                        phase=ImplementationPhase.deliver)  # fmt: skip
    db.add(priority)
    db.flush()
    action = PlanAction(plan_id=plan.id, priority_id=priority.id, description="Read daily",
                        due_on=year.ends_on)  # fmt: skip
    criterion = Criterion(plan_id=plan.id, ordinal=1, description="Reading for pleasure",
                          manual_value="60%")  # fmt: skip
    db.add_all([action, criterion, Review(plan_id=plan.id)])
    db.flush()
    return {"plan": plan.id, "priority": priority.id, "action": action.id,
            "criterion": criterion.id}  # fmt: skip
