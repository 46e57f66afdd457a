"""Every API route is refused across tenants.

``CASES`` lists, for each route in the OpenAPI document, a caller from one tenant reaching for
another tenant's data. ``test_every_route_has_a_cross_tenant_case`` walks the route table and
fails when a route has neither a case here nor a stated reason in ``NO_TENANT_DATA``: add yours
when you add a route.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from termwise.auth.roles import Role
from termwise.db import utcnow
from termwise.oidc.models import IdentityProvider
from termwise.people.models import Invitation
from tests.helpers import assert_problem
from tests.ingest.pushes import pupil, result
from tests.interventions.arrange import school_intervention
from tests.maturity.arrange import school_review, trust_framework
from tests.meetings.arrange import class_meeting
from tests.monitoring.arrange import school_activity
from tests.oversight.arrange import qa_activity
from tests.plans.arrange import active_plan
from tests.tracking.arrange import a1_flag_mute, a1_target_group
from tests.world import World


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    caller: str
    # "refused": a 404 (or 403) problem; "excluded": a 200 list without the other tenant's rows.
    expect: str = "refused"
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # A multipart upload instead of a JSON body.
    upload: bool = False

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} as {self.caller}"


FRAMEWORK = {
    "key": "x",
    "name": "X",
    "areas": [{"key": "a", "name": "A", "descriptors": {"1": "a", "2": "b", "3": "c", "4": "d"}}],
}

CASES = [
    Case("GET", "/api/v1/trusts", "trust_leader_a", "excluded"),
    Case("GET", "/api/v1/trusts/{trust_b}", "trust_leader_a"),
    Case("GET", "/api/v1/trusts/{trust_a}", "mis_b1"),
    Case("GET", "/api/v1/schools", "trust_leader_a", "excluded"),
    Case("GET", "/api/v1/schools", "dashboard_a", "excluded"),
    Case("GET", "/api/v1/schools/{school_b1}", "head_a1"),
    Case("GET", "/api/v1/schools/{school_a2}", "teacher_a1"),
    Case("GET", "/api/v1/schools/{school_a1}", "mis_b1"),
    Case(
        "PATCH",
        "/api/v1/schools/{school_b1}",
        "trust_leader_a",
        body={"name": "Taken over"},
        headers={"If-Match": '"1"'},
    ),
    Case("GET", "/api/v1/schools/{school_b1}/classes", "trust_leader_a"),
    Case("POST", "/api/v1/trusts", "trust_leader_a", body={"name": "A trust of my own"}),
    Case(
        "POST",
        "/api/v1/trusts/{trust_b}/identity-providers",
        "trust_leader_a",
        body={
            "display_name": "x",
            "issuer": "https://accounts.google.com",
            "client_id": "x",
            "client_secret": "x",
            "allowed_domains": ["x.example"],
        },
    ),
    Case("GET", "/api/v1/trusts/{trust_b}/identity-providers", "trust_leader_a"),
    Case("DELETE", "/api/v1/identity-providers/{provider_b}", "trust_leader_a"),
    Case("GET", "/api/v1/identity-providers/{provider_b}", "trust_leader_a"),
    Case(
        "PATCH",
        "/api/v1/identity-providers/{provider_b}",
        "trust_leader_a",
        body={"is_enabled": False},
        headers={"If-Match": "*"},
    ),
    Case(
        "POST",
        "/api/v1/invitations",
        "trust_leader_a",
        body={
            "email": "x@tests.example",
            "full_name": "X",
            "role": "class_teacher",
            "school_id": 3,
        },
    ),
    Case("GET", "/api/v1/invitations?school_id=3", "trust_leader_a"),
    Case("DELETE", "/api/v1/invitations/{invitation_b1}", "trust_leader_a"),
    Case("GET", "/api/v1/people?school_id=3", "trust_leader_a"),
    Case("GET", "/api/v1/people/{user_head_b1}", "trust_leader_a"),
    Case(
        "POST",
        "/api/v1/people/{user_head_b1}/roles",
        "trust_leader_a",
        body={"role": "governor", "school_id": 3},
    ),
    Case("DELETE", "/api/v1/people/{user_head_b1}/roles/1", "trust_leader_a"),
    Case("POST", "/api/v1/people/{user_head_b1}/deactivate", "trust_leader_a"),
    Case("POST", "/api/v1/people/{user_head_b1}/reactivate", "trust_leader_a"),
    Case("GET", "/api/v1/people/{user_head_b1}/audit", "head_a1"),
    Case(
        "POST",
        "/api/v1/trusts/{trust_b}/assessment-points/batch",
        "trust_leader_a",
        body={
            "points": [
                {
                    "academic_year": "2026/27",
                    "code": "x",
                    "name": "X",
                    "ordinal": 1,
                    "assessed_on": "2026-12-01",
                }
            ]
        },
    ),
    Case(
        "PATCH",
        "/api/v1/trusts/{trust_b}",
        "trust_leader_a",
        body={"name": "Taken over"},
        headers={"If-Match": '"1"'},
    ),
    Case(
        "POST",
        "/api/v1/trusts/{trust_b}/schools",
        "trust_leader_a",
        body={"urn": "998401", "laestab": "9994401", "name": "Planted", "phase": "primary"},
    ),
    Case("POST", "/api/v1/trusts/{trust_b}/schools/import", "trust_leader_a", upload=True),
    Case("GET", "/api/v1/schools/{school_a2}/classes", "head_a1"),
    Case(
        "POST",
        "/api/v1/schools/{school_b1}/pupils/batch",
        "data_officer_a",
        body={"academic_year": "2026/27", "pupils": [pupil(1)]},
    ),
    Case(
        "POST",
        "/api/v1/schools/{school_a1}/assessments/batch",
        "mis_b1",
        body={"results": [result(1, "RE")]},
    ),
    Case("GET", "/api/v1/pupils", "trust_leader_b", "excluded"),
    Case("GET", "/api/v1/pupils", "head_b1", "excluded"),
    Case("GET", "/api/v1/pupils/{pupil_a1_r}", "head_b1"),
    Case("GET", "/api/v1/pupils/{pupil_a1_r}", "mis_b1"),
    Case("GET", "/api/v1/pupils/{pupil_a1_r}", "head_a2"),
    Case("GET", "/api/v1/pupils/{pupil_a1_r}/export", "head_b1"),
    Case("GET", "/api/v1/pupils/{pupil_a1_r}/export", "trust_leader_b"),
    Case("GET", "/api/v1/pupils/{pupil_a1_r}/export", "head_a2"),
    Case(
        "POST",
        "/api/v1/pupils/{pupil_a1_r}/erase",
        "data_officer_b",
        body={"reason": "Parent's request", "confirm_upn": "A123456789012"},
    ),
    Case("GET", "/api/v1/assessments", "trust_leader_b", "excluded"),
    Case("POST", "/api/v1/schools/{school_a1}/imports", "data_officer_b", upload=True),
    Case("POST", "/api/v1/schools/{school_a1}/imports", "head_b1", upload=True),
    Case("GET", "/api/v1/schools/{school_a1}/imports", "head_b1"),
    Case("GET", "/api/v1/imports/{import_a1}", "head_b1"),
    Case("GET", "/api/v1/imports/{import_a1}", "head_a2"),
    Case("GET", "/api/v1/imports/{import_a1}/errors.csv", "trust_leader_b"),
    Case("GET", "/api/v1/scales", "head_b1", "excluded"),
    Case("GET", "/api/v1/scales/{scale_a}", "head_b1"),
    Case(
        "POST",
        "/api/v1/trusts/{trust_a}/scales",
        "data_officer_b",
        body={"code": "x", "name": "X", "kind": "score", "score_min": 0, "score_max": 10},
    ),
    Case("GET", "/api/v1/trusts/{trust_a}/assessment-points", "head_b1"),
    Case(
        "POST",
        "/api/v1/trusts/{trust_a}/assessment-points",
        "data_officer_b",
        body={
            "academic_year": "2026/27",
            "code": "x",
            "name": "X",
            "ordinal": 1,
            "assessed_on": "2026-12-01",
        },
    ),
    Case("POST", "/api/v1/assessment-points/{point_a}/close", "data_officer_b"),
    Case("GET", "/api/v1/schools/{school_b1}/tracking/grid/export", "head_a1"),
    Case("GET", "/api/v1/schools/{school_a1}/tracking/flags/export", "head_b1"),
    Case("GET", "/api/v1/schools/{school_a1}/tracking/gaps/export", "trust_leader_b"),
    Case("GET", "/api/v1/schools/{school_a1}/tracking/transition/export", "mis_b1"),
    Case("GET", "/api/v1/classes/{class_a1_r}/tracking/export", "head_b1"),
    Case("GET", "/api/v1/trusts/{trust_a}/tracking/overview/export", "trust_leader_b"),
    Case("GET", "/api/v1/trusts/{trust_b}/tracking/flags/export", "dashboard_a"),
    Case("GET", "/api/v1/schools/{school_b1}/tracking/grid", "head_a1"),
    Case("GET", "/api/v1/schools/{school_b1}/measures/pct_at_are", "head_a1"),
    Case(
        "POST", "/api/v1/classes/{class_b1_r}/meetings", "head_a1", body={"held_on": "2026-11-25"}
    ),
    Case("GET", "/api/v1/schools/{school_b1}/meetings", "head_a1"),
    Case("GET", "/api/v1/meetings/{meeting_b1}", "head_a1"),
    Case("GET", "/api/v1/meetings/{meeting_b1}", "governor_a1"),
    Case(
        "PATCH",
        "/api/v1/meetings/{meeting_b1}",
        "trust_leader_a",
        body={"notes": "x"},
        headers={"If-Match": "*"},
    ),
    Case("POST", "/api/v1/meetings/{meeting_b1}/pupils", "head_a1", body={"pupil_id": 2}),
    Case(
        "POST",
        "/api/v1/meetings/{meeting_b1}/actions",
        "head_a1",
        body={"pupil_id": 2, "description": "x", "owner_role": "senco", "due_on": "2027-01-01"},
    ),
    Case("GET", "/api/v1/meeting-actions/{meeting_action_b1}", "head_a1"),
    Case(
        "PATCH",
        "/api/v1/meeting-actions/{meeting_action_b1}",
        "head_a1",
        body={"outcome": "not_done", "followed_up_in_id": 1},
        headers={"If-Match": "*"},
    ),
    Case("GET", "/api/v1/schools/{school_b1}/interventions", "head_a1"),
    Case(
        "POST",
        "/api/v1/schools/{school_b1}/interventions",
        "head_a1",
        body={
            "name": "x",
            "wave": "group",
            "subject": "reading",
            "starts_on": "2026-11-21",
            "ends_on": "2027-02-12",
            "sessions_per_week": 3,
            "minutes_per_session": 30,
            "pupil_ids": [2],
        },
    ),
    Case("GET", "/api/v1/interventions/{intervention_b1}", "head_a1"),
    Case("GET", "/api/v1/interventions/{intervention_b1}", "governor_a1"),
    Case(
        "PATCH",
        "/api/v1/interventions/{intervention_b1}",
        "trust_leader_a",
        body={"cost": 1},
        headers={"If-Match": "*"},
    ),
    Case("GET", "/api/v1/interventions/{intervention_b1}/impact", "head_a1"),
    Case("GET", "/api/v1/pupils/{pupil_a1_r}/interventions", "head_b1"),
    Case("GET", "/api/v1/trusts/{trust_b}/frameworks", "head_a1"),
    Case("POST", "/api/v1/trusts/{trust_b}/frameworks", "trust_leader_a", body=FRAMEWORK),
    Case("POST", "/api/v1/trusts/{trust_b}/frameworks/import", "trust_leader_a", body=FRAMEWORK),
    Case("GET", "/api/v1/frameworks/{framework_b}", "head_a1"),
    Case("GET", "/api/v1/frameworks/{framework_b}/export", "trust_leader_a"),
    Case(
        "POST",
        "/api/v1/schools/{school_b1}/maturity-reviews",
        "trust_leader_a",
        body={"framework_id": 1, "title": "x", "held_on": "2026-11-20"},
    ),
    Case("GET", "/api/v1/schools/{school_b1}/maturity-reviews", "head_a1"),
    Case("GET", "/api/v1/maturity-reviews/{maturity_review_b1}", "head_a1"),
    Case("GET", "/api/v1/maturity-reviews/{maturity_review_b1}", "governor_a1"),
    Case(
        "PATCH",
        "/api/v1/maturity-reviews/{maturity_review_b1}",
        "trust_leader_a",
        body={"title": "x"},
        headers={"If-Match": "*"},
    ),
    Case(
        "POST",
        "/api/v1/maturity-reviews/{maturity_review_b1}/areas/cpd/to-plan",
        "head_a1",
        body={"plan_id": 1, "priority_id": 1, "due_on": "2027-01-01"},
    ),
    Case("GET", "/api/v1/schools/{school_b1}/maturity", "head_a1"),
    Case("GET", "/api/v1/trusts/{trust_b}/maturity", "trust_leader_a"),
    Case(
        "POST",
        "/api/v1/schools/{school_b1}/monitoring-activities",
        "trust_leader_a",
        body={
            "kind": "book_look",
            "focus": "x",
            "held_on": "2026-11-25",
            "teacher_id": 1,
            "partner_id": 2,
        },
    ),
    Case("GET", "/api/v1/schools/{school_b1}/monitoring-activities", "head_a1"),
    Case("GET", "/api/v1/schools/{school_b1}/categories", "head_a1"),
    Case("GET", "/api/v1/schools/{school_b1}/home", "head_a1"),
    Case("GET", "/api/v1/schools/{school_b1}/home", "trust_leader_a"),
    Case("GET", "/api/v1/schools/{school_b1}/qa-activities", "head_a1"),
    Case(
        "POST",
        "/api/v1/schools/{school_b1}/qa-activities",
        "trust_leader_a",
        body={"kind": "deep_dive", "due_on": "2027-01-12", "reason": "x"},
    ),
    Case("GET", "/api/v1/trusts/{trust_b}/qa-activities", "trust_leader_a"),
    Case("GET", "/api/v1/trusts/{trust_b}/dashboard", "trust_leader_a"),
    Case("GET", "/api/v1/trusts/{trust_b}/dashboard", "dashboard_a"),
    Case(
        "GET",
        "/api/v1/trusts/{trust_b}/board-report?starts_on=2026-09-01&ends_on=2027-08-31",
        "trust_leader_a",
    ),
    Case("GET", "/api/v1/trusts/{trust_b}/qa-activities/export", "trust_leader_a"),
    Case("GET", "/api/v1/trusts/{trust_b}/category-wordings", "trust_leader_a"),
    Case("GET", "/api/v1/trusts/{trust_b}/category-wordings/C1", "trust_leader_a"),
    Case(
        "PUT",
        "/api/v1/trusts/{trust_b}/category-wordings/C1",
        "trust_leader_a",
        body={"descriptor": "x", "expectation": "x", "intervention": "x"},
        headers={"If-Match": "*"},
    ),
    Case("GET", "/api/v1/trusts/{trust_b}/qa-activity-types", "trust_leader_a"),
    Case("GET", "/api/v1/trusts/{trust_b}/qa-activity-types/deep_dive", "trust_leader_a"),
    Case(
        "PUT",
        "/api/v1/trusts/{trust_b}/qa-activity-types/deep_dive",
        "trust_leader_a",
        body={"name": "x", "owner_role": "trust_leader", "audience": "x", "cadence": {}},
        headers={"If-Match": "*"},
    ),
    Case("GET", "/api/v1/qa-activities/{qa_b1}", "head_a1"),
    Case(
        "PATCH",
        "/api/v1/qa-activities/{qa_b1}",
        "trust_leader_a",
        body={"due_on": "2027-01-10", "reason": "x"},
        headers={"If-Match": "*"},
    ),
    Case(
        "POST",
        "/api/v1/schools/{school_b1}/categories",
        "trust_leader_a",
        body={"code": "B", "rationale": "x", "decided_on": "2026-11-25"},
    ),
    Case("GET", "/api/v1/monitoring-activities/{activity_b1}", "head_a1"),
    Case("GET", "/api/v1/monitoring-activities/{activity_b1}", "governor_a1"),
    Case(
        "PATCH",
        "/api/v1/monitoring-activities/{activity_b1}",
        "trust_leader_a",
        body={"quality_note": "x"},
        headers={"If-Match": "*"},
    ),
    Case("GET", "/api/v1/schools/{school_b1}/provision-map", "head_a1"),
    Case("GET", "/api/v1/schools/{school_b1}/provision-map", "governor_a1"),
    Case("GET", "/api/v1/schools/{school_b1}/provision-map/export", "head_a1"),
    Case("GET", "/api/v1/meetings/{meeting_b1}/export", "head_a1"),
    Case("GET", "/api/v1/schools/{school_b1}/plans", "head_a1"),
    Case(
        "POST",
        "/api/v1/schools/{school_b1}/plans",
        "head_a1",
        body={"academic_year": "2026/27", "term": "autumn"},
    ),
    Case("GET", "/api/v1/plans/{plan_b1}", "head_a1"),
    Case("GET", "/api/v1/plans/{plan_b1}", "governor_a1"),
    Case(
        "PATCH",
        "/api/v1/plans/{plan_b1}",
        "trust_leader_a",
        body={"title": "x"},
        headers={"If-Match": "*"},
    ),
    Case(
        "POST",
        "/api/v1/plans/{plan_b1}/priorities",
        "head_a1",
        body={"title": "x", "theme": "standards", "phase": "deliver"},
    ),
    Case("GET", "/api/v1/priorities/{priority_b1}", "head_a1"),
    Case(
        "PATCH",
        "/api/v1/priorities/{priority_b1}",
        "head_a1",
        body={"title": "x"},
        headers={"If-Match": "*"},
    ),
    Case("DELETE", "/api/v1/priorities/{priority_b1}", "head_a1", headers={"If-Match": "*"}),
    Case(
        "POST",
        "/api/v1/plans/{plan_b1}/actions",
        "head_a1",
        body={"priority_id": 1, "description": "x", "due_on": "2026-12-01"},
    ),
    Case("GET", "/api/v1/actions/{action_b1}", "head_a1"),
    Case(
        "PATCH",
        "/api/v1/actions/{action_b1}",
        "head_a1",
        body={"status": "done"},
        headers={"If-Match": "*"},
    ),
    Case("DELETE", "/api/v1/actions/{action_b1}", "head_a1", headers={"If-Match": "*"}),
    Case(
        "POST",
        "/api/v1/plans/{plan_b1}/success-criteria",
        "head_a1",
        body={"description": "x", "manual_value": "y"},
    ),
    Case("GET", "/api/v1/success-criteria/{criterion_b1}", "head_a1"),
    Case(
        "PATCH",
        "/api/v1/success-criteria/{criterion_b1}",
        "head_a1",
        body={"manual_value": "x"},
        headers={"If-Match": "*"},
    ),
    Case("DELETE", "/api/v1/success-criteria/{criterion_b1}", "head_a1", headers={"If-Match": "*"}),
    Case("POST", "/api/v1/plans/{plan_b1}/review", "head_a1"),
    Case("GET", "/api/v1/plans/{plan_b1}/review", "head_a1"),
    Case(
        "PATCH",
        "/api/v1/plans/{plan_b1}/review",
        "head_a1",
        body={"minutes": "x"},
        headers={"If-Match": "*"},
    ),
    Case("POST", "/api/v1/plans/{plan_b1}/carry-forward", "head_a1"),
    Case("GET", "/api/v1/plans/{plan_b1}/history", "head_a1"),
    Case("GET", "/api/v1/plans/{plan_b1}/export", "head_a1"),
    Case("GET", "/api/v1/schools/{school_b1}/measures/pct_at_are", "dashboard_a"),
    Case("GET", "/api/v1/schools/{school_b1}/tracking/grid", "dashboard_a"),
    Case("GET", "/api/v1/schools/{school_a1}/tracking/flags", "head_b1"),
    Case("GET", "/api/v1/schools/{school_a1}/tracking/gaps", "trust_leader_b"),
    Case("GET", "/api/v1/schools/{school_a1}/tracking/transition", "mis_b1"),
    Case("GET", "/api/v1/classes/{class_a1_r}/tracking", "head_b1"),
    Case("GET", "/api/v1/classes/{class_a1_r}/tracking", "head_a2"),
    Case("GET", "/api/v1/trusts/{trust_a}/tracking/overview", "trust_leader_b"),
    Case("GET", "/api/v1/trusts/{trust_b}/tracking/flags", "dashboard_a"),
    Case("GET", "/api/v1/schools/{school_a1}/target-groups", "head_b1"),
    Case(
        "POST",
        "/api/v1/schools/{school_a1}/target-groups",
        "data_officer_b",
        body={"name": "Taken over", "subject": "maths", "term": "aut"},
    ),
    Case("GET", "/api/v1/schools/{school_a1}/target-groups/suggestions", "head_b1"),
    Case("GET", "/api/v1/target-groups/{group_a1}", "head_b1"),
    Case("GET", "/api/v1/target-groups/{group_a1}", "head_a2"),
    Case(
        "PATCH",
        "/api/v1/target-groups/{group_a1}",
        "data_officer_b",
        body={"name": "Taken over"},
        headers={"If-Match": '"1"'},
    ),
    Case("DELETE", "/api/v1/target-groups/{group_a1}", "data_officer_b"),
    Case("GET", "/api/v1/target-groups/{group_a1}/progress", "trust_leader_b"),
    Case("GET", "/api/v1/pupils/{pupil_a1_r}/predictions", "head_b1"),
    Case(
        "PUT",
        "/api/v1/pupils/{pupil_a1_r}/predictions",
        "data_officer_b",
        body={"predictions": [{"subject": "maths", "academic_year": "2026/27", "step": "RS"}]},
    ),
    Case(
        "POST",
        "/api/v1/schools/{school_a1}/flag-mutes",
        "trust_leader_b",
        body={"pupil_id": 1, "subject": "maths", "point_id": 1, "flag": "stuck", "reason": "x"},
    ),
    Case("DELETE", "/api/v1/flag-mutes/{mute_a1}", "trust_leader_b"),
    Case("GET", "/api/v1/schools/{school_a1}/flag-mutes", "head_b1"),
    Case(
        "POST",
        "/api/v1/schools/{school_b1}/clients",
        "trust_leader_a",
        body={"name": "x", "kind": "mis"},
    ),
    Case(
        "POST", "/api/v1/schools/{school_a2}/clients", "head_a1", body={"name": "x", "kind": "mis"}
    ),
    Case(
        "POST",
        "/api/v1/trusts/{trust_b}/clients",
        "trust_leader_a",
        body={"name": "x", "kind": "dashboard"},
    ),
    Case("GET", "/api/v1/schools/{school_b1}/clients", "trust_leader_a"),
    Case("GET", "/api/v1/schools/{school_a2}/clients", "head_a1"),
    Case("GET", "/api/v1/trusts/{trust_b}/clients", "trust_leader_a"),
    Case("GET", "/api/v1/clients/{client_mis_b1}", "trust_leader_a"),
    Case("GET", "/api/v1/clients/{client_mis_a1}", "head_a2"),
    Case("POST", "/api/v1/clients/{client_mis_b1}/rotate", "trust_leader_a", body={}),
    Case("POST", "/api/v1/clients/{client_mis_b1}/revoke", "trust_leader_a"),
    Case("POST", "/api/v1/clients/{client_mis_a1}/revoke", "head_b1"),
    Case("GET", "/api/v1/audit-events", "trust_leader_a", "excluded"),
    Case("GET", "/api/v1/audit-events", "head_a1", "excluded"),
]

# Routes that hold no tenant's data, and why.
NO_TENANT_DATA = {
    ("GET", "/api/v1/health"): "service status only",
    ("GET", "/api/v1/health/live"): "says only that the process answers",
    ("GET", "/api/v1/health/ready"): "the database's reachability and schema revision only",
    (
        "GET",
        "/api/v1/auth/oidc/providers",
    ): "the names of the ways to sign in, for the sign-in page",
    ("POST", "/api/v1/auth/oidc/{provider_id}/start"): "starts a sign-in; the provider decides who",
    ("POST", "/api/v1/auth/oidc/callback"): "sign-in; the verified ID token decides who you are",
    ("GET", "/api/v1/invitations/accept/{token}"): "the link's own invitation, to its bearer",
    ("POST", "/api/v1/invitations/accept"): "the link's own invitation, to its bearer",
    ("POST", "/api/v1/auth/password-reset"): "answers the same for every address",
    ("POST", "/api/v1/auth/password-reset/confirm"): "the link's own account, to its bearer",
    ("POST", "/api/v1/auth/token"): "sign-in; the credentials decide who you are",
    ("POST", "/api/v1/auth/sign-out"): "revokes only the presented token's own family",
    ("GET", "/api/v1/me"): "describes only the caller",
    ("GET", "/api/v1/academic-years"): "national reference data",
    ("GET", "/api/v1/measures"): "the catalogue's definitions, the same for everyone",
    ("GET", "/api/v1/me/actions"): "only the actions the caller leads",
    ("GET", "/api/v1/me/meeting-actions"): "only the meeting actions that are the caller's",
    ("GET", "/api/v1/me/maturity-challenges"): "only the reviews the caller was asked to challenge",
    ("GET", "/api/v1/me/home"): "only the caller's own schools, classes and actions",
    ("GET", "/api/v1/year-groups"): "national reference data",
    ("GET", "/api/v1/import-templates/{kind}"): "the published CSV templates",
    ("GET", "/api/v1/subjects"): "national reference data",
}


def _api_routes(app: FastAPI) -> set[tuple[str, str]]:
    # The published document is the route table clients see (FastAPI nests included routers).
    return {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }


def _template(path: str) -> str:
    return (
        path.replace("{trust_a}", "{trust_id}")
        .replace("{trust_b}", "{trust_id}")
        .replace("{school_a1}", "{school_id}")
        .replace("{school_a2}", "{school_id}")
        .replace("{school_b1}", "{school_id}")
        .replace("/measures/pct_at_are", "/measures/{code}")
        .replace("{pupil_a1_r}", "{pupil_id}")
        .replace("{import_a1}", "{job_id}")
        .replace("{scale_a}", "{scale_id}")
        .replace("{point_a}", "{point_id}")
        .replace("{group_a1}", "{group_id}")
        .replace("{mute_a1}", "{mute_id}")
        .replace("{class_a1_r}", "{class_id}")
        .replace("{class_b1_r}", "{class_id}")
        .replace("{client_mis_a1}", "{client_id}")
        .replace("{invitation_b1}", "{invitation_id}")
        .replace("{provider_b}", "{provider_id}")
        .replace("{plan_b1}", "{plan_id}")
        .replace("{meeting_b1}", "{meeting_id}")
        .replace("{intervention_b1}", "{intervention_id}")
        .replace("{framework_b}", "{framework_id}")
        .replace("{activity_b1}", "{activity_id}")
        .replace("{qa_b1}", "{qa_activity_id}")
        .replace("/category-wordings/C1", "/category-wordings/{category_code}")
        .replace("/qa-activity-types/deep_dive", "/qa-activity-types/{type_key}")
        .replace("?starts_on=2026-09-01&ends_on=2027-08-31", "")
        .replace("{maturity_review_b1}", "{review_id}")
        .replace("/areas/cpd/", "/areas/{area}/")
        .replace("{meeting_action_b1}", "{meeting_action_id}")
        .replace("{priority_b1}", "{priority_id}")
        .replace("{action_b1}", "{action_id}")
        .replace("{criterion_b1}", "{criterion_id}")
        .replace("{user_head_b1}", "{user_id}")
        .replace("/roles/1", "/roles/{assignment_id}")
        .replace("?school_id=3", "")
        .replace("{client_mis_b1}", "{client_id}")
    )


def _fill(path: str, world: World) -> str:
    values = {f"trust_{k}": v for k, v in world.trusts.items()}
    values |= {f"school_{k}": v for k, v in world.schools.items()}
    values |= {f"pupil_{k}": v for k, v in world.pupils.items()}
    values |= {f"import_{k}": v for k, v in world.import_jobs.items()}
    values |= {"scale_a": world.scale_a, "point_a": world.point_a}
    values |= {f"class_{k}": v for k, v in world.classes.items()}
    values |= {f"client_{k}": v for k, v in world.clients.items()}
    values |= {f"user_{k}": v for k, v in world.users.items()}
    return path.format(**values)


def test_every_route_has_a_cross_tenant_case(app: FastAPI) -> None:
    covered = {(c.method, _template(c.path)) for c in CASES} | set(NO_TENANT_DATA)
    missing = sorted(_api_routes(app) - covered)
    assert not missing, f"routes with no cross-tenant refusal test: {missing}"
    stale = sorted(covered - _api_routes(app))
    assert not stale, f"cases for routes that no longer exist: {stale}"


def b1_invitation(db: Session, world: World) -> int:
    invitation = Invitation(
        email="invited.b1@tests.example",
        full_name="Invited B1",
        role=Role.class_teacher,
        scope_trust_id=world.trusts["b"],
        school_id=world.schools["b1"],
        token_digest=uuid.uuid4().hex,
        expires_at=utcnow() + timedelta(days=7),
    )
    db.add(invitation)
    db.flush()
    return invitation.id


def b1_plan(db: Session, world: World) -> dict[str, int]:
    made = active_plan(db, world.schools["b1"])
    return {f"{key}_b1": row_id for key, row_id in made.items()}


def _with_tracking_rows(case: Case, db: Session, world: World) -> Case:
    """Fill in a target group or flag mute of school A1, made in the test's own transaction
    (the shared world holds none)."""
    path = case.path
    if "{group_a1}" in path:
        path = path.replace("{group_a1}", str(a1_target_group(db, world)))
    if "{provider_b}" in path:
        provider = IdentityProvider(
            trust_id=world.trusts["b"],
            display_name="Beacon accounts",
            issuer="https://accounts.google.com",
            client_id="beacon",
            client_secret_encrypted="sealed",
            allowed_domains="beacon.example",
        )
        db.add(provider)
        db.flush()
        path = path.replace("{provider_b}", str(provider.id))
    if "{invitation_b1}" in path:
        path = path.replace("{invitation_b1}", str(b1_invitation(db, world)))
    if "_b1}" in path and any(k in path for k in ("{plan_", "{priority_", "{action_", "{crit")):
        for key, row_id in b1_plan(db, world).items():
            path = path.replace("{" + key + "}", str(row_id))
    if "{intervention_b1}" in path:
        made = school_intervention(db, world.schools["b1"], world.pupils["b1_r"])
        path = path.replace("{intervention_b1}", str(made))
    if "{meeting_" in path:
        made = class_meeting(db, world.classes["b1_r"], world.pupils["b1_r"])
        for key, row_id in made.items():
            path = path.replace("{" + key + "_b1}", str(row_id))
    if "{mute_a1}" in path:
        path = path.replace("{mute_a1}", str(a1_flag_mute(db, world)))
    if "{activity_b1}" in path:
        made = school_activity(
            db, world.schools["b1"], world.users["head_b1"], world.users["head_b1"]
        )
        path = path.replace("{activity_b1}", str(made))
    if "{qa_b1}" in path:
        path = path.replace("{qa_b1}", str(qa_activity(db, world.schools["b1"])))
    if "{framework_b}" in path:
        path = path.replace("{framework_b}", str(trust_framework(db, world.trusts["b"])))
    if "{maturity_review_b1}" in path:
        path = path.replace("{maturity_review_b1}", str(school_review(db, world.schools["b1"])))
    return replace(case, path=path)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_another_tenant_is_refused(
    client: TestClient, world: World, db: Session, case: Case
) -> None:
    case = _with_tracking_rows(case, db, world)
    if case.upload:
        response = client.post(
            _fill(case.path, world),
            files={"file": ("pupils.csv", b"upn\r\n", "text/csv")},
            data={"file_format": "csv"},
            headers=world.headers(case.caller),
        )
    else:
        response = client.request(
            case.method,
            _fill(case.path, world),
            json=case.body,
            headers=world.headers(case.caller) | case.headers,
        )
    if case.expect == "refused":
        body = assert_problem(response, response.status_code)
        assert response.status_code in (403, 404), body
        return
    assert response.status_code == 200, response.text
    payload = response.json()
    items = payload["items"] if isinstance(payload, dict) else payload
    if "/assessments" not in case.path:
        assert items, "the caller should still see their own tenant's rows"
    if "/pupils" in case.path or "/assessments" in case.path:
        # Trust B's callers must never see trust A's pupils or their results.
        a_pupil = world.pupils["a1_r"]
        assert all(item.get("pupil_id", item["id"]) != a_pupil for item in items)
        return
    if "/scales" in case.path:
        assert world.scale_a not in {item["id"] for item in items}
        return
    if "audit-events" in case.path:
        mine = _own_schools(world, case.caller)
        assert all(e["school_id"] in mine or e["school_id"] is None for e in items)
        assert all(e["trust_id"] in (None, world.trusts["a"]) for e in items)
        return
    seen = {item["id"] for item in items}
    forbidden = {world.schools["b1"]} if "schools" in case.path else {world.trusts["b"]}
    assert not seen & forbidden


def _own_schools(world: World, caller: str) -> set[int]:
    if caller == "head_a1":
        return {world.schools["a1"]}
    return {world.schools["a1"], world.schools["a2"]}
