"""Roles people hold, machine-client kinds, and what each may do.

A permission is granted at the scope the role is held at (a trust, a school or a class), never
beyond it. ``tenancy.py`` turns these into the filters every query uses.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    trust_leader = "trust_leader"
    data_officer = "data_officer"
    head_teacher = "head_teacher"
    senior_leader = "senior_leader"
    phase_leader = "phase_leader"
    subject_leader = "subject_leader"
    class_teacher = "class_teacher"
    senco = "senco"
    governor = "governor"
    external_adviser = "external_adviser"


class ClientKind(enum.StrEnum):
    # The school's management information system: writes pupils and assessments for one school.
    mis = "mis"
    # A third-party dashboard: reads aggregates, never a pupil.
    dashboard = "dashboard"


class Permission(enum.StrEnum):
    orgs_read = "orgs:read"
    orgs_write = "orgs:write"
    audit_read = "audit:read"
    pupils_read = "pupils:read"
    pupils_write = "pupils:write"
    assessments_write = "assessments:write"
    # Change results at a closed assessment point, with a reason.
    assessments_correct = "assessments:correct"
    # Define the trust's scales and assessment points, and close points.
    assessment_configure = "assessment:configure"
    characteristics_read = "characteristics:read"
    aggregates_read = "aggregates:read"
    # Create, rotate and revoke the machine clients (MIS, dashboards) of a school or trust.
    clients_manage = "clients:manage"
    # Invite people, grant and remove their roles, deactivate accounts.
    people_manage = "people:manage"
    # Read the school's raising attainment plans (governors: with small numbers withheld).
    plans_read = "plans:read"
    # Write plans: priorities, actions, success criteria, the review and its sign-off.
    plans_write = "plans:write"


P = Permission
_STAFF_WITH_PUPILS = {
    P.orgs_read,
    P.pupils_read,
    P.characteristics_read,
    P.aggregates_read,
    P.plans_read,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.trust_leader: frozenset(
        _STAFF_WITH_PUPILS
        | {
            P.orgs_write,
            P.audit_read,
            P.assessments_correct,
            P.assessment_configure,
            P.clients_manage,
            P.people_manage,
            P.plans_write,
        }
    ),
    Role.data_officer: frozenset(
        _STAFF_WITH_PUPILS
        | {P.pupils_write, P.assessments_write, P.assessments_correct, P.assessment_configure}
    ),
    Role.head_teacher: frozenset(
        _STAFF_WITH_PUPILS
        | {
            P.orgs_write,
            P.audit_read,
            P.pupils_write,
            P.assessments_write,
            P.assessments_correct,
            P.clients_manage,
            P.people_manage,
            P.plans_write,
        }
    ),
    Role.senior_leader: frozenset(
        _STAFF_WITH_PUPILS | {P.assessments_write, P.assessments_correct, P.plans_write}
    ),
    Role.phase_leader: frozenset(_STAFF_WITH_PUPILS | {P.assessments_write}),
    Role.subject_leader: frozenset(_STAFF_WITH_PUPILS | {P.assessments_write}),
    Role.class_teacher: frozenset(_STAFF_WITH_PUPILS | {P.assessments_write}),
    Role.senco: frozenset(_STAFF_WITH_PUPILS | {P.assessments_write}),
    # Governors and external advisers see aggregates only, never a named pupil.
    Role.governor: frozenset({P.orgs_read, P.aggregates_read, P.plans_read}),
    Role.external_adviser: frozenset({P.orgs_read, P.aggregates_read, P.plans_read}),
}

# The most a client of each kind may be given; its own scopes are a subset.
CLIENT_KIND_PERMISSIONS: dict[ClientKind, frozenset[Permission]] = {
    ClientKind.mis: frozenset({P.orgs_read, P.pupils_read, P.pupils_write, P.assessments_write}),
    ClientKind.dashboard: frozenset({P.orgs_read, P.aggregates_read}),
}


# How senior each role is: nobody grants a role above their own.
ROLE_RANK: dict[Role, int] = {
    Role.trust_leader: 5,
    Role.head_teacher: 4,
    Role.data_officer: 3,
    Role.senior_leader: 3,
    Role.phase_leader: 2,
    Role.subject_leader: 2,
    Role.senco: 2,
    Role.class_teacher: 1,
    Role.governor: 1,
    Role.external_adviser: 1,
}
