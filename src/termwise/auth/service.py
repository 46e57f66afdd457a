"""Sign-in, token issue and rotation, and turning a token back into a principal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, Integer, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from termwise import security
from termwise.auth.models import ApiClient, RefreshToken, RoleAssignment, SignInThrottle, User
from termwise.auth.roles import CLIENT_KIND_PERMISSIONS, ROLE_PERMISSIONS, Permission
from termwise.config import Settings
from termwise.db import insert_ignoring_conflicts, utcnow
from termwise.errors import InvalidClient, InvalidGrant, TooManyRequests
from termwise.orgs.models import School, SchoolClass, Trust
from termwise.tenancy import Grant, Principal

BAD_CREDENTIALS = "Incorrect e-mail or password."


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_at: datetime
    refresh_token: str | None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def issue_access_token(settings: Settings, subject: str) -> tuple[str, datetime]:
    return security.sign_access_token(
        subject, settings.signing_key(), timedelta(minutes=settings.access_token_minutes)
    )


def issue_refresh_token(
    session: Session,
    settings: Settings,
    user_id: int,
    family: str | None = None,
    secret: str | None = None,
) -> str:
    secret = secret or security.new_secret()
    session.add(
        RefreshToken(
            token_digest=security.secret_digest(secret),
            family=family or uuid.uuid4().hex,
            user_id=user_id,
            expires_at=utcnow() + timedelta(days=settings.refresh_token_days),
        )
    )
    return secret


# The throttle row that counts an address's failures across every account.
ANY_ACCOUNT = "*"


def sign_in(
    session: Session, settings: Settings, email: str, password: str, address: str = "unknown"
) -> IssuedTokens:
    """Password grant. Failures are counted per (account, address) and per address, and
    committed even though we refuse."""
    email = normalise_email(email)
    now = utcnow()
    # Always the pair first, then the address: two requests never wait on each other crosswise.
    pair = session.get(SignInThrottle, (email, address), with_for_update=True)
    wide = session.get(SignInThrottle, (ANY_ACCOUNT, address), with_for_update=True)
    for row, whose in ((pair, "for this account from your address"), (wide, "from your address")):
        if row is not None and row.locked_until is not None and row.locked_until > now:
            minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
            raise TooManyRequests(
                f"Too many failed sign-ins {whose}; try again in {minutes} minutes.",
                headers={"Retry-After": str(minutes * 60)},
            )
    user = session.scalar(select(User).where(User.email == email))
    ok = security.verify_password(password, user.password_hash if user else None)
    if not ok or user is None or not user.is_active:
        for account, row, most in (
            (email, pair, settings.sign_in_max_failures),
            (ANY_ACCOUNT, wide, settings.sign_in_address_max_failures),
        ):
            _count_failure(session, settings, account, address, row, most)
        session.commit()
        raise InvalidGrant(BAD_CREDENTIALS)
    if pair is not None:
        session.delete(pair)
    access, expires_at = issue_access_token(settings, f"user:{user.id}")
    refresh = issue_refresh_token(session, settings, user.id)
    return IssuedTokens(access, expires_at, refresh)


def _count_failure(
    session: Session,
    settings: Settings,
    email: str,
    address: str,
    throttle: SignInThrottle | None,
    most: int,
) -> None:
    now = utcnow()
    if throttle is None:
        insert_ignoring_conflicts(session, SignInThrottle, email=email, address=address, failures=0)
        throttle = session.get(
            SignInThrottle, (email, address), with_for_update=True, populate_existing=True
        )
        assert throttle is not None
    window = timedelta(minutes=settings.sign_in_lock_minutes)
    lock_over = throttle.locked_until is not None and throttle.locked_until <= now
    quiet = throttle.last_failure_at is not None and throttle.last_failure_at < now - window
    if lock_over or quiet:
        throttle.failures = 0  # the lock ran out, or the last failure is long past
        throttle.locked_until = None
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= most:
        throttle.locked_until = now + window


def refresh(session: Session, settings: Settings, presented: str) -> IssuedTokens:
    """Rotate a refresh token. A replaced token presented again revokes its whole family,
    unless it comes back within the grace period (two tabs of one session refreshing at once):
    then it gets the same successor as the first time."""
    now = utcnow()
    token = session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_digest == security.secret_digest(presented))
        .with_for_update()
    )
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        raise InvalidGrant("The refresh token is not valid; sign in again.")
    user = session.get(User, token.user_id)
    successor = _successor_secret(settings, presented)
    if token.replaced_at is not None:
        grace = timedelta(seconds=settings.refresh_reuse_grace_seconds)
        if token.replaced_at + grace >= now and _is_live(session, successor, now):
            if user is None or not user.is_active:
                raise InvalidGrant("The account is disabled.")
            access, expires_at = issue_access_token(settings, f"user:{user.id}")
            return IssuedTokens(access, expires_at, successor)
        revoke_family(session, token.family)
        session.commit()
        raise InvalidGrant("This refresh token was already used; every session from it is ended.")
    if user is None or not user.is_active:
        raise InvalidGrant("The account is disabled.")
    token.replaced_at = now
    access, expires_at = issue_access_token(settings, f"user:{user.id}")
    issue_refresh_token(session, settings, user.id, token.family, secret=successor)
    return IssuedTokens(access, expires_at, successor)


def _successor_secret(settings: Settings, presented: str) -> str:
    # Derived from the token it replaces, so a second tab presenting the old token within the
    # grace period can be given the same successor without keeping that secret anywhere.
    return security.derived_secret(settings.signing_key(), "refresh-successor", presented)


def _is_live(session: Session, secret: str, now: datetime) -> bool:
    token = session.scalar(
        select(RefreshToken).where(RefreshToken.token_digest == security.secret_digest(secret))
    )
    return (
        token is not None
        and token.revoked_at is None
        and token.replaced_at is None
        and token.expires_at > now
    )


def revoke_all_refresh_tokens(session: Session, user_id: int) -> None:
    """Ends every session of an account (a reset password, a deactivation)."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_family(session: Session, family: str) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def sign_out(session: Session, presented: str) -> None:
    """Revoke the refresh token's family. Unknown tokens are ignored: signing out always works."""
    token = session.scalar(
        select(RefreshToken).where(RefreshToken.token_digest == security.secret_digest(presented))
    )
    if token is not None:
        revoke_family(session, token.family)


def client_credentials(
    session: Session, settings: Settings, client_id: str, client_secret: str
) -> IssuedTokens:
    now = utcnow()
    client = session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    if (
        client is None
        or not client.is_active
        or not _client_secret_matches(client, client_secret, now)
    ):
        raise InvalidClient("Unknown client or wrong client secret.")
    # A plain UPDATE: using a client is not a change to it (no audit entry, no new version).
    session.execute(update(ApiClient).where(ApiClient.id == client.id).values(last_used_at=now))
    access, expires_at = issue_access_token(settings, f"client:{client.id}")
    return IssuedTokens(access, expires_at, None)


def _client_secret_matches(client: ApiClient, secret: str, now: datetime) -> bool:
    """The current secret, or the one it replaced while the rotation's grace period lasts."""
    if security.secret_matches(secret, client.secret_digest):
        return True
    return (
        client.previous_secret_digest is not None
        and client.previous_valid_until is not None
        and client.previous_valid_until > now
        and security.secret_matches(secret, client.previous_secret_digest)
    )


def load_principal(session: Session, subject: str) -> Principal | None:
    """The caller behind a verified token's subject, with grants read fresh from the database,
    so a removed role or disabled account takes effect on the next request."""
    kind, _, raw_id = subject.partition(":")
    if not raw_id.isdigit():
        return None
    if kind == "user":
        return _user_principal(session, int(raw_id))
    if kind == "client":
        return _client_principal(session, int(raw_id))
    return None


# The user and every role they hold, with the school and trust each role reaches, in one
# round trip: this runs on every request.
_USER_GRANTS = (
    select(
        User.email,
        User.is_active,
        User.is_platform_admin,
        RoleAssignment.role,
        RoleAssignment.trust_id,
        RoleAssignment.school_id,
        RoleAssignment.class_id,
        SchoolClass.school_id,
        School.trust_id,
    )
    # A role past its last day grants nothing.
    .outerjoin(
        RoleAssignment,
        and_(
            RoleAssignment.user_id == User.id,
            or_(
                RoleAssignment.ends_on.is_(None),
                RoleAssignment.ends_on >= bindparam("today", type_=Date),
            ),
        ),
    )
    .outerjoin(SchoolClass, SchoolClass.id == RoleAssignment.class_id)
    .outerjoin(
        School,
        or_(School.id == RoleAssignment.school_id, School.id == SchoolClass.school_id),
    )
    .where(User.id == bindparam("user", type_=Integer))
)


def _user_principal(session: Session, user_id: int) -> Principal | None:
    rows = session.execute(_USER_GRANTS, {"user": user_id, "today": date.today()}).all()
    if not rows or not rows[0].is_active:
        return None
    grants = []
    for row in rows:
        role, trust_id, school_id, class_id, class_school_id, school_trust_id = row[3:]
        if role is None:
            continue
        grants.append(
            Grant(
                label=role.value,
                permissions=ROLE_PERMISSIONS[role],
                trust_id=trust_id or school_trust_id,
                school_id=school_id or class_school_id,
                class_id=class_id,
            )
        )
    return Principal(
        kind="user",
        id=user_id,
        label=rows[0].email,
        is_platform_admin=rows[0].is_platform_admin,
        grants=tuple(grants),
    )


def scope_names(session: Session, grants: tuple[Grant, ...]) -> dict[Grant, str]:
    """A readable name for what each grant is held over, in three queries at most."""
    trust_ids = {g.trust_id for g in grants}
    school_ids = {g.school_id for g in grants if g.school_id is not None}
    class_ids = {g.class_id for g in grants if g.class_id is not None}
    trusts = dict(
        session.execute(select(Trust.id, Trust.name).where(Trust.id.in_(trust_ids))).all()
    )
    schools = dict(
        session.execute(select(School.id, School.name).where(School.id.in_(school_ids))).all()
    )
    classes = dict(
        session.execute(
            select(SchoolClass.id, SchoolClass.name).where(SchoolClass.id.in_(class_ids))
        ).all()
    )
    names: dict[Grant, str] = {}
    for g in grants:
        if g.class_id is not None and g.school_id is not None:
            names[g] = f"{classes.get(g.class_id, '?')}, {schools.get(g.school_id, '?')}"
        elif g.school_id is not None:
            names[g] = schools.get(g.school_id, "?")
        else:
            names[g] = trusts.get(g.trust_id, "?")
    return names


def _client_principal(session: Session, client_id: int) -> Principal | None:
    client = session.get(ApiClient, client_id)
    if client is None or not client.is_active:
        return None
    allowed = CLIENT_KIND_PERMISSIONS[client.kind]
    known = {p.value for p in Permission}
    scopes = frozenset(Permission(s) for s in client.scopes.split() if s in known)
    grant = Grant(
        label=f"{client.kind.value} client",
        permissions=scopes & allowed,
        trust_id=client.trust_id,
        school_id=client.school_id,
    )
    return Principal(kind="client", id=client.id, label=client.name, grants=(grant,))
