"""Every mapped model, imported once so the metadata is complete (for Alembic and the app)."""

from termwise.assessment.models import (
    Assessment,
    AssessmentHistory,
    AssessmentPoint,
    Expectation,
    ExpectedProgress,
    Scale,
    ScaleStep,
    Subject,
)
from termwise.audit.models import AuditEvent
from termwise.auth.models import ApiClient, RefreshToken, RoleAssignment, SignInThrottle, User
from termwise.db import Base
from termwise.ingest.models import IdempotencyRecord, ImportJob
from termwise.interventions.models import Intervention, InterventionPupil
from termwise.maturity.models import Framework, MaturityReview, ReviewArea
from termwise.meetings.models import Discussion, Meeting, MeetingAction
from termwise.monitoring.models import MonitoringActivity
from termwise.oidc.models import IdentityProvider, OidcSignIn
from termwise.orgs.models import (
    AcademicYear,
    HalfTerm,
    School,
    SchoolClass,
    Trust,
    YearGroup,
    class_year_groups,
)
from termwise.oversight.models import (
    CategoryWording,
    QaActivity,
    QaActivityType,
    SchoolCategory,
)
from termwise.people.models import Invitation, PasswordReset
from termwise.plans.models import (
    Criterion,
    Plan,
    PlanAction,
    Priority,
    Review,
    ReviewedCriterion,
)
from termwise.pupils.models import Enrolment, Pupil, PupilCharacteristics, SchoolPupilId
from termwise.rate_limits import RateWindow
from termwise.tracking.models import (
    FlagMute,
    FlagRule,
    Prediction,
    TargetGroup,
    TargetGroupMember,
)

__all__ = [
    "AcademicYear",
    "ApiClient",
    "Assessment",
    "AssessmentHistory",
    "AssessmentPoint",
    "AuditEvent",
    "Base",
    "CategoryWording",
    "Criterion",
    "Discussion",
    "Enrolment",
    "Expectation",
    "ExpectedProgress",
    "FlagMute",
    "FlagRule",
    "Framework",
    "HalfTerm",
    "IdempotencyRecord",
    "IdentityProvider",
    "ImportJob",
    "Intervention",
    "InterventionPupil",
    "Invitation",
    "MaturityReview",
    "Meeting",
    "MeetingAction",
    "MonitoringActivity",
    "OidcSignIn",
    "PasswordReset",
    "Plan",
    "PlanAction",
    "Prediction",
    "Priority",
    "Pupil",
    "PupilCharacteristics",
    "QaActivity",
    "QaActivityType",
    "RateWindow",
    "RefreshToken",
    "Review",
    "ReviewArea",
    "ReviewedCriterion",
    "RoleAssignment",
    "Scale",
    "ScaleStep",
    "School",
    "SchoolCategory",
    "SchoolClass",
    "SchoolPupilId",
    "SignInThrottle",
    "Subject",
    "TargetGroup",
    "TargetGroupMember",
    "Trust",
    "User",
    "YearGroup",
    "class_year_groups",
]
