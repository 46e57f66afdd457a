"""A plan's actions and success criteria as a spreadsheet (CSV or Excel)."""

from __future__ import annotations

from fastapi import Response

from termwise.orgs.models import School
from termwise.plans.schemas import PlanRead
from termwise.tracking import exports
from termwise.tracking.exports import ExportFormat, Table


def table(plan: PlanRead) -> Table:
    priorities = {p.id: p.title for p in plan.priorities}
    sheet = Table(
        title=f"{plan.title} ({plan.academic_year} {plan.term.value})",
        header=[
            "Kind",
            "Priority",
            "What",
            "Lead",
            "Due",
            "Status",
            "Measure",
            "Cohort",
            "Baseline",
            "Target",
            "Now",
            "Trajectory",
        ],
    )
    for a in plan.actions:
        sheet.rows.append(
            [
                "Action",
                priorities.get(a.priority_id, ""),
                a.description,
                a.lead_name or (a.lead_role or "").replace("_", " "),
                a.due_on.isoformat(),
                a.status.value.replace("_", " ") + (" (overdue)" if a.overdue else ""),
                "",
                "",
                None,
                None,
                None,
                "",
            ]
        )
    for c in plan.criteria:
        cohort = " ".join(c.year_groups) or "whole school"
        if c.subgroup:
            cohort += f", {c.subgroup}"
        sheet.rows.append(
            [
                "Success criterion",
                priorities.get(c.priority_id or 0, ""),
                c.description,
                "",
                "",
                "",
                c.measure_name or "qualitative",
                cohort if c.measure else "",
                c.baseline,
                c.target,
                c.current_value if c.measure else c.manual_value,
                c.trajectory.replace("_", " ") if c.measure else "",
            ]
        )
    return sheet


def download(plan: PlanRead, school: School, format: ExportFormat) -> Response:
    content, media_type = exports.render(table(plan), format)
    name = exports.filename([school.name, plan.title], format)
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
