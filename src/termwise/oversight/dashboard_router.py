"""The trust dashboard and the board report over HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from termwise.auth.dependencies import AppSettings, CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.errors import FieldError, NotFound, Unauthorized, Unprocessable, responses
from termwise.ids import TrustId
from termwise.orgs.models import Trust
from termwise.oversight import board_pdf, dashboard
from termwise.oversight.schemas import BoardReport, TrustDashboard
from termwise.routing import api_router
from termwise.temporal import Day
from termwise.tenancy import Principal, holds_at_trust
from termwise.tracking import exports
from termwise.tracking.aggregates import Disclosure
from termwise.tracking.exports import Table

router = api_router(tags=["oversight"])
READ = responses(Unauthorized, NotFound, Unprocessable)


def _disclosure(principal: Principal, trust_id: int, threshold: int) -> Disclosure:
    """Who sees the whole trust: its leaders see every figure; anyone else at trust level
    (a trustee, a dashboard) sees small groups withheld."""
    if not holds_at_trust(principal, Permission.aggregates_read, trust_id):
        raise NotFound(f"No trust {trust_id} that you can see as a whole.")
    full = holds_at_trust(principal, Permission.pupils_read, trust_id)
    return Disclosure(threshold=None if full else threshold, show_pupils=False)


@router.get(
    "/trusts/{trust_id}/dashboard",
    name="oversight:dashboard",
    response_model=TrustDashboard,
    responses=READ,
    summary="Every school side by side: headline measures and their change, category, plan, "
    "overdue actions, latest maturity rating and next QA activity",
)
def trust_dashboard(
    session: DbSession, principal: CurrentPrincipal, settings: AppSettings, trust_id: TrustId
) -> TrustDashboard:
    disclosure = _disclosure(principal, trust_id, settings.suppression_threshold)
    return dashboard.dashboard(session, trust_id, disclosure)


def _table(report: BoardReport) -> Table:
    sheet = Table(
        title=f"Board report {report.starts_on.isoformat()} to {report.ends_on.isoformat()}",
        header=["Section", "School", "What", "When", "Detail"],
    )
    if report.statement:
        sheet.rows.append(["Statement", "", report.statement, "", ""])
    for s in report.dashboard.schools:
        combined = next((h for h in s.headline if h.subject == "combined"), None)
        if combined is None or combined.value is None:
            figure = "—"
        else:
            figure = "withheld" if combined.suppressed else str(combined.value)
        detail = f"Combined % at ARE {figure}; {s.overdue_actions} overdue actions"
        if not s.comparable:
            detail += f"; not comparable: {s.not_comparable_because}"
        sheet.rows.append(["Schools", s.name, f"Category {s.category or '—'}", "", detail])
    for c in report.category_changes:
        sheet.rows.append(["Category change", c["school"], c["code"], c["on"], c["rationale"]])
    for a in report.qa_done:
        sheet.rows.append(["QA done", a["school"], a["activity"], a["on"], a["report"]])
    for a in report.qa_overdue:
        sheet.rows.append(["QA overdue", a["school"], a["activity"], a["due"], ""])
    return sheet


@router.get(
    "/trusts/{trust_id}/board-report",
    name="oversight:board_report",
    response_model=BoardReport,
    responses=READ
    | {
        200: {
            "description": "The report, as JSON, an Excel workbook or a PDF",
            "content": {
                exports.XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
    summary="The board report for a period: the dashboard, category changes with their "
    "rationales, QA activities done and overdue. A period in which nothing happened is a plain "
    "statement in JSON, and no file: the workbook and PDF are refused with that statement",
)
def board_report(
    session: DbSession,
    principal: CurrentPrincipal,
    settings: AppSettings,
    trust_id: TrustId,
    starts_on: Annotated[Day, Query()],
    ends_on: Annotated[Day, Query()],
    format: Annotated[str, Query(pattern="^(json|xlsx|pdf)$")] = "json",
) -> BoardReport | Response:
    disclosure = _disclosure(principal, trust_id, settings.suppression_threshold)
    if ends_on < starts_on:
        message = "the period ends after it starts"
        raise Unprocessable(
            message, errors=[FieldError(pointer="/query/ends_on", message=message, code="invalid")]
        )
    report = dashboard.board_report(session, trust_id, disclosure, starts_on, ends_on)
    if format == "json":
        return report
    if report.statement:
        raise Unprocessable(
            report.statement,
            errors=[FieldError(pointer="/query/starts_on", message=report.statement,
                               code="nothing_to_report")],
        )  # fmt: skip
    if format == "pdf":
        trust = session.get(Trust, trust_id)
        content = board_pdf.render(report, trust.name if trust else "Trust")
        media_type = "application/pdf"
    else:
        content, media_type = exports.render(_table(report), "xlsx")
    name = f"board-report-{starts_on.isoformat()}-{ends_on.isoformat()}.{format}"
    disposition = f'attachment; filename="{name}"'
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})
