"""Routes for people: invitations, password resets, roles and deactivation."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Annotated

from fastapi import Path, Query, Request, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from termwise import mail, security
from termwise.audit.models import AuditEvent
from termwise.audit.recorder import act_as
from termwise.audit.router import AuditEventRead
from termwise.auth import service as auth
from termwise.auth.dependencies import AppSettings, CurrentPrincipal, DbSession
from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import ROLE_RANK
from termwise.auth.schemas import TokenRead
from termwise.config import Settings
from termwise.db import utcnow
from termwise.errors import (
    FieldError,
    Forbidden,
    Gone,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    responses,
)
from termwise.ids import MAX_ID
from termwise.people import invitations, rules
from termwise.people.models import Invitation, PasswordReset
from termwise.people.schemas import (
    InvitationAccept,
    InvitationCreate,
    InvitationPreview,
    InvitationRead,
    PersonRead,
    ResetConfirm,
    ResetRequest,
    ResetRequested,
    RoleGrant,
    RoleRead,
    Scope,
)
from termwise.routing import api_router
from termwise.tenancy import Principal

log = logging.getLogger(__name__)
router = api_router(tags=["people"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = responses(Unauthorized, Forbidden, NotFound, Unprocessable)
RESET_HOURS = 1


def signed_in_tokens(settings: Settings, session: Session, user: User) -> TokenRead:
    """The tokens of a sign-in, as the token endpoint answers them."""
    issued = auth.issue_access_token(settings, f"user:{user.id}")
    refresh = auth.issue_refresh_token(session, settings, user.id)
    return TokenRead(
        access_token=issued[0],
        token_type="bearer",  # noqa: S106  (the OAuth token type, not a secret)
        expires_in=int((issued[1] - utcnow()).total_seconds()),
        refresh_token=refresh,
    )


def _invitation_read(
    session: Session, invitation: Invitation, place: str, link: str | None
) -> InvitationRead:
    inviter = session.get(User, invitation.invited_by_id) if invitation.invited_by_id else None
    return InvitationRead(
        id=invitation.id,
        email=invitation.email,
        full_name=invitation.full_name,
        role=invitation.role,
        scope_name=place,
        ends_on=invitation.ends_on,
        expires_at=invitation.expires_at,
        accepted_at=invitation.accepted_at,
        revoked_at=invitation.revoked_at,
        invited_by=inviter.email if inviter else None,
        emailed=link is None,
        link=link,
    )


def _place_of(session: Session, row: Invitation | RoleAssignment) -> rules.Place:
    """Where an invitation or a role is held."""
    return rules.resolve(
        session, Scope(trust_id=row.trust_id, school_id=row.school_id, class_id=row.class_id)
    )


def _place_name(session: Session, row: Invitation | RoleAssignment) -> str:
    return _place_of(session, row).name


@router.post(
    "/invitations",
    name="invitations:create",
    status_code=201,
    response_model=InvitationRead,
    responses=ERRORS | responses(ServiceUnavailable),
    summary="Invite a person by e-mail to a role at a trust, school or class",
)
def create_invitation(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    principal: CurrentPrincipal,
    body: InvitationCreate,
) -> InvitationRead:
    invitation, place, link = invitations.invite(
        session, settings, principal, body, str(request.base_url)
    )
    return _invitation_read(session, invitation, place.name, link)


@router.get(
    "/invitations",
    name="invitations:list",
    response_model=list[InvitationRead],
    responses=ERRORS,
    summary="Invitations not yet accepted at a trust or school you manage people in",
)
def list_invitations(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    school_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[InvitationRead]:
    place = rules.resolve(session, Scope(trust_id=trust_id, school_id=school_id))
    if not rules.reaches(principal, place):
        raise Forbidden(f"You do not manage people at {place.name}.")
    statement = select(Invitation).where(
        Invitation.scope_trust_id == place.trust_id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
    )
    if place.school_id is not None:
        statement = statement.where(Invitation.school_id == place.school_id)
    rows = session.scalars(statement.order_by(Invitation.id.desc())).all()
    return [_invitation_read(session, i, _place_name(session, i), None) for i in rows]


@router.delete(
    "/invitations/{invitation_id}",
    name="invitations:revoke",
    status_code=204,
    responses=ERRORS,
    summary="Withdraw an invitation: its link stops working",
)
def revoke_invitation(
    session: DbSession, principal: CurrentPrincipal, invitation_id: Id
) -> Response:
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or not rules.reaches(principal, _place_of(session, invitation)):
        raise NotFound(f"No invitation {invitation_id} that you manage.")
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = utcnow()
    return Response(status_code=204)


@router.get(
    "/invitations/accept/{token}",
    name="invitations:preview",
    response_model=InvitationPreview,
    responses=responses(NotFound, Gone, Unprocessable),
    summary="What an invitation link offers (no sign-in needed)",
)
def preview_invitation(
    session: DbSession, token: Annotated[str, Path(min_length=10, max_length=200)]
) -> InvitationPreview:
    invitation = invitations.find(session, token)
    inviter = session.get(User, invitation.invited_by_id) if invitation.invited_by_id else None
    has_account = session.scalar(select(User.id).where(User.email == invitation.email)) is not None
    return InvitationPreview(
        email=invitation.email,
        full_name=invitation.full_name,
        role=invitation.role,
        scope_name=_place_name(session, invitation),
        invited_by=inviter.full_name if inviter else None,
        expires_at=invitation.expires_at,
        has_account=has_account,
    )


@router.post(
    "/invitations/accept",
    name="invitations:accept",
    response_model=TokenRead,
    responses=responses(Unauthorized, NotFound, Gone, Unprocessable),
    summary="Accept an invitation with a password, and be signed in",
)
def accept_invitation(
    session: DbSession, settings: AppSettings, body: InvitationAccept, response: Response
) -> TokenRead:
    response.headers["Cache-Control"] = "no-store"
    user = invitations.accept_with_password(session, body.token, body.password)
    return signed_in_tokens(settings, session, user)


@router.post(
    "/auth/password-reset",
    name="auth:password_reset",
    status_code=202,
    response_model=ResetRequested,
    responses=responses(Unprocessable, ServiceUnavailable),
    summary="E-mail a password-reset link; the answer is the same whether the account exists",
)
def request_password_reset(
    request: Request, session: DbSession, settings: AppSettings, body: ResetRequest
) -> ResetRequested:
    email = auth.normalise_email(body.email)
    user = session.scalar(select(User).where(User.email == email))
    if user is None or not user.is_active:
        return ResetRequested()
    if not mail.configured(settings):
        log.warning("password reset asked for an account, but no TERMWISE_SMTP_URL is set")
        return ResetRequested()
    token = security.new_secret()
    session.add(
        PasswordReset(
            user_id=user.id,
            token_digest=security.secret_digest(token),
            expires_at=utcnow() + timedelta(hours=RESET_HOURS),
        )
    )
    session.flush()
    link = f"{(settings.public_url or str(request.base_url)).rstrip('/')}/reset-password/{token}"
    mail.send(
        settings,
        user.email,
        "Reset your Termwise password",
        f"Dear {user.full_name},\n\nSomeone (we hope you) asked to reset your Termwise password. "
        f"This link sets a new one; it works once, for {RESET_HOURS} hour:\n\n{link}\n\n"
        "If it was not you, ignore this message: your password is unchanged.\n",
    )
    return ResetRequested()


@router.post(
    "/auth/password-reset/confirm",
    name="auth:password_reset_confirm",
    status_code=204,
    responses=responses(NotFound, Gone, Unprocessable),
    summary="Set a new password from a reset link; every session of the account ends",
)
def confirm_password_reset(session: DbSession, body: ResetConfirm) -> Response:
    reset = session.scalar(
        select(PasswordReset).where(
            PasswordReset.token_digest == security.secret_digest(body.token)
        )
    )
    if reset is None:
        raise NotFound(
            "This reset link is not valid.",
            errors=[
                FieldError(pointer="/token", message="not a reset link we sent", code="unknown")
            ],
        )
    if reset.used_at is not None or reset.expires_at <= utcnow():
        raise Gone(
            "This reset link has been used or has expired: ask for a new one.",
            errors=[FieldError(pointer="/token", message="used or expired", code="expired")],
        )
    user = session.get(User, reset.user_id)
    assert user is not None
    weakness = security.password_weakness(body.password, user.email)
    if weakness:
        raise Unprocessable(
            f"The password {weakness}.",
            errors=[FieldError(pointer="/password", message=weakness, code="weak_password")],
        )
    act_as(session, Principal(kind="user", id=user.id, label=user.email))
    user.password_hash = security.hash_password(body.password)
    reset.used_at = utcnow()
    auth.revoke_all_refresh_tokens(session, user.id)
    return Response(status_code=204)


# People and their roles ----------------------------------------------------------------------


def _roles(session: Session, user_id: int) -> list[RoleAssignment]:
    return list(
        session.scalars(
            select(RoleAssignment)
            .where(RoleAssignment.user_id == user_id)
            .order_by(RoleAssignment.id)
        )
    )


def _person(session: Session, user: User) -> PersonRead:
    return PersonRead(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        is_active=user.is_active,
        roles=[
            RoleRead(
                id=r.id,
                role=r.role,
                trust_id=r.trust_id,
                school_id=r.school_id,
                class_id=r.class_id,
                scope_name=_place_name(session, r),
                ends_on=r.ends_on,
            )
            for r in _roles(session, user.id)
        ],
    )


def _managed_person(session: Session, principal: Principal, user_id: int) -> User:
    """A person holding at least one role where the caller manages people."""
    user = session.get(User, user_id)
    if user is None or not (
        principal.is_platform_admin
        or any(rules.reaches(principal, _place_of(session, r)) for r in _roles(session, user.id))
    ):
        raise NotFound(f"No person {user_id} among those you manage.")
    return user


@router.get(
    "/people",
    name="people:list",
    response_model=list[PersonRead],
    responses=ERRORS,
    summary="The people holding a role at a trust or school you manage people in",
)
def list_people(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    school_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[PersonRead]:
    place = rules.resolve(session, Scope(trust_id=trust_id, school_id=school_id))
    if not rules.reaches(principal, place):
        raise Forbidden(f"You do not manage people at {place.name}.")
    users = [
        user
        for user in session.scalars(
            select(User).join(RoleAssignment).distinct().order_by(User.full_name)
        )
        if any(_within(_place_of(session, r), place) for r in _roles(session, user.id))
    ]
    return [_person(session, u) for u in users]


def _within(inner: rules.Place, outer: rules.Place) -> bool:
    if inner.trust_id != outer.trust_id:
        return False
    return outer.school_id is None or inner.school_id == outer.school_id


@router.get("/people/{user_id}", name="people:read", response_model=PersonRead, responses=ERRORS)
def read_person(session: DbSession, principal: CurrentPrincipal, user_id: Id) -> PersonRead:
    return _person(session, _managed_person(session, principal, user_id))


@router.post(
    "/people/{user_id}/roles",
    name="people:grant_role",
    status_code=201,
    response_model=PersonRead,
    responses=ERRORS,
    summary="Grant a person a role (optionally until a last day)",
)
def grant_role(
    session: DbSession, principal: CurrentPrincipal, user_id: Id, body: RoleGrant
) -> PersonRead:
    user = _managed_person(session, principal, user_id)
    place = rules.resolve(session, body)
    rules.check_may_grant(principal, body.role, place)
    session.add(
        RoleAssignment(user_id=user.id, role=body.role, ends_on=body.ends_on, **place.columns())
    )
    session.flush()
    return _person(session, user)


@router.delete(
    "/people/{user_id}/roles/{assignment_id}",
    name="people:remove_role",
    response_model=PersonRead,
    responses=ERRORS,
    summary="Remove one of a person's roles; it stops granting at their next request",
)
def remove_role(
    session: DbSession, principal: CurrentPrincipal, user_id: Id, assignment_id: Id
) -> PersonRead:
    user = _managed_person(session, principal, user_id)
    role = session.get(RoleAssignment, assignment_id)
    if role is None or role.user_id != user.id:
        raise NotFound(f"{user.full_name} holds no role {assignment_id}.")
    rules.check_may_grant(principal, role.role, _place_of(session, role))
    session.delete(role)
    session.flush()
    return _person(session, user)


def _check_whole_account(session: Session, principal: Principal, user: User) -> None:
    """Deactivating ends the whole account: only for someone who manages every role it holds."""
    if principal.id == user.id:
        raise Forbidden("You cannot deactivate your own account.")
    for role in _roles(session, user.id):
        place = _place_of(session, role)
        if rules.highest_rank_over(principal, place) < ROLE_RANK[role.role]:
            raise Forbidden(
                f"{user.full_name} also holds a role you do not manage ({place.name}): "
                "remove your roles from them instead."
            )


@router.post(
    "/people/{user_id}/deactivate",
    name="people:deactivate",
    response_model=PersonRead,
    responses=ERRORS,
    summary="Deactivate an account: its sessions end now, and a live access token is refused",
)
def deactivate(session: DbSession, principal: CurrentPrincipal, user_id: Id) -> PersonRead:
    user = _managed_person(session, principal, user_id)
    _check_whole_account(session, principal, user)
    user.is_active = False
    auth.revoke_all_refresh_tokens(session, user.id)
    session.flush()
    return _person(session, user)


@router.post(
    "/people/{user_id}/reactivate",
    name="people:reactivate",
    response_model=PersonRead,
    responses=ERRORS,
)
def reactivate(session: DbSession, principal: CurrentPrincipal, user_id: Id) -> PersonRead:
    user = _managed_person(session, principal, user_id)
    _check_whole_account(session, principal, user)
    user.is_active = True
    session.flush()
    return _person(session, user)


@router.get(
    "/people/{user_id}/audit",
    name="people:audit",
    response_model=list[AuditEventRead],
    responses=ERRORS,
    summary="Every recorded change to a person's account, roles and invitations, newest first",
)
def person_audit(
    session: DbSession, principal: CurrentPrincipal, user_id: Id
) -> list[AuditEventRead]:
    user = _managed_person(session, principal, user_id)
    candidates = session.scalars(
        select(AuditEvent)
        .where(
            or_(
                (AuditEvent.entity_type == "users") & (AuditEvent.entity_id == str(user.id)),
                AuditEvent.entity_type.in_(("role_assignments", "invitations")),
            )
        )
        .order_by(AuditEvent.id.desc())
        .limit(2000)
    ).all()

    def about(event: AuditEvent) -> bool:
        if event.entity_type == "users":
            return True
        data = event.after or event.before or {}
        if event.entity_type == "role_assignments":
            return data.get("user_id") == user.id
        return str(data.get("email", "")).lower() == user.email

    return [AuditEventRead.model_validate(e) for e in candidates if about(e)][:500]
