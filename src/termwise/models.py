"""Every mapped model, imported once so the metadata is complete (for Alembic and the app)."""

from termwise.audit.models import AuditEvent
from termwise.auth.models import ApiClient, RefreshToken, RoleAssignment, SignInThrottle, User
from termwise.db import Base
from termwise.orgs.models import (
    AcademicYear,
    HalfTerm,
    School,
    SchoolClass,
    Trust,
    YearGroup,
    class_year_groups,
)

__all__ = [
    "AcademicYear",
    "ApiClient",
    "AuditEvent",
    "Base",
    "HalfTerm",
    "RefreshToken",
    "RoleAssignment",
    "School",
    "SchoolClass",
    "SignInThrottle",
    "Trust",
    "User",
    "YearGroup",
    "class_year_groups",
]
