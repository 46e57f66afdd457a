"""Inviting a person to a role, and their accepting: by setting a password, or (from a school
account sign-in) by a verified e-mail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise import mail, security
from termwise.audit.recorder import act_as
from termwise.auth.models import RoleAssignment, User
from termwise.auth.service import normalise_email
from termwise.config import Settings
from termwise.db import utcnow
from termwise.errors import FieldError, Gone, NotFound, Unauthorized, Unprocessable
from termwise.people import rules
from termwise.people.models import Invitation
from termwise.people.schemas import InvitationCreate
from termwise.tenancy import Principal


def invite(
    session: Session,
    settings: Settings,
    principal: Principal,
    body: InvitationCreate,
    base_url: str,
) -> tuple[Invitation, rules.Place, str | None]:
    """The invitation, where it is for, and the link when it was not e-mailed."""
    place = rules.resolve(session, body)
    rules.check_may_grant(principal, body.role, place)
    token = security.new_secret()
    invitation = Invitation(
        email=normalise_email(body.email),
        full_name=body.full_name,
        role=body.role,
        scope_trust_id=place.trust_id,
        **place.columns(),
        ends_on=body.ends_on,
        token_digest=security.secret_digest(token),
        invited_by_id=principal.id if principal.kind == "user" else None,
        expires_at=utcnow() + timedelta(days=settings.invitation_days),
    )
    session.add(invitation)
    session.flush()
    link = f"{(settings.public_url or base_url).rstrip('/')}/invitations/{token}"
    if not mail.configured(settings):
        return invitation, place, link
    # Sent inside the request's transaction: if the server refuses, the invitation is not kept.
    mail.send(
        settings,
        invitation.email,
        f"You are invited to Termwise: {body.role.value.replace('_', ' ')} at {place.name}",
        f"Dear {body.full_name},\n\n"
        f"{principal.label} has invited you to Termwise as "
        f"{body.role.value.replace('_', ' ')} at {place.name}.\n\n"
        f"Open this link to accept (it works once, until "
        f"{invitation.expires_at:%d %B %Y}):\n\n{link}\n\n"
        "If you did not expect this, you can ignore this message.\n",
    )
    return invitation, place, None


def find(session: Session, token: str) -> Invitation:
    """The invitation behind a link: 404 when forged, 410 when used, revoked or expired."""
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_digest == security.secret_digest(token))
    )
    if invitation is None:
        raise NotFound("This invitation link is not valid: check it was copied whole.")
    if invitation.accepted_at is not None:
        raise Gone("This invitation has already been accepted: sign in instead.")
    if invitation.revoked_at is not None:
        raise Gone("This invitation was withdrawn: ask whoever invited you for a new one.")
    if invitation.expires_at <= utcnow():
        raise Gone("This invitation has expired: ask whoever invited you for a new one.")
    return invitation


def accept_with_password(session: Session, token: str, password: str) -> User:
    """A new account sets its password; an existing one proves it with its own."""
    invitation = find(session, token)
    user = session.scalar(select(User).where(User.email == invitation.email))
    if user is not None:
        if not user.is_active or not security.verify_password(password, user.password_hash):
            raise Unauthorized(
                f"{invitation.email} already has an account: give its password to accept."
            )
    else:
        weakness = security.password_weakness(password, invitation.email)
        if weakness:
            raise Unprocessable(
                f"The password {weakness}.",
                errors=[FieldError(pointer="/password", message=weakness, code="weak_password")],
            )
    return _accept(session, invitation, user, password)


def accept_invitation_for_verified_email(session: Session, token: str, email: str) -> User:
    """Accepts an invitation for someone whose school account (OpenID Connect) verified the
    invited e-mail: no password is set."""
    invitation = find(session, token)
    if normalise_email(email) != invitation.email:
        raise Unauthorized(f"This invitation is for {invitation.email}, not {email}.")
    user = session.scalar(select(User).where(User.email == invitation.email))
    return _accept(session, invitation, user, None)


def _accept(
    session: Session, invitation: Invitation, user: User | None, password: str | None
) -> User:
    act_as(session, Principal(kind="system", id=None, label=f"invitation to {invitation.email}"))
    if user is None:
        user = User(
            email=invitation.email,
            full_name=invitation.full_name,
            password_hash=security.hash_password(password) if password else None,
        )
        session.add(user)
        session.flush()
    held = session.scalar(
        select(RoleAssignment).where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.role == invitation.role,
            RoleAssignment.trust_id.is_(None)
            if invitation.trust_id is None
            else RoleAssignment.trust_id == invitation.trust_id,
            RoleAssignment.school_id.is_(None)
            if invitation.school_id is None
            else RoleAssignment.school_id == invitation.school_id,
            RoleAssignment.class_id.is_(None)
            if invitation.class_id is None
            else RoleAssignment.class_id == invitation.class_id,
        )
    )
    if held is None:
        session.add(
            RoleAssignment(
                user_id=user.id,
                role=invitation.role,
                trust_id=invitation.trust_id,
                school_id=invitation.school_id,
                class_id=invitation.class_id,
                ends_on=invitation.ends_on,
            )
        )
    invitation.accepted_at = utcnow()
    session.flush()
    return user
