"""People: invitations, password resets, roles with a last day

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 00:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import termwise.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = (
    "trust_leader",
    "data_officer",
    "head_teacher",
    "senior_leader",
    "phase_leader",
    "subject_leader",
    "class_teacher",
    "senco",
    "governor",
    "external_adviser",
)
ONE_SCOPE = (
    "(CASE WHEN trust_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN school_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN class_id IS NULL THEN 0 ELSE 1 END) = 1"
)


def upgrade() -> None:
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
    op.create_table(
        "invitations",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column(
            "role", sa.Enum(*ROLES, name="role", native_enum=False, length=30), nullable=False
        ),
        sa.Column("scope_trust_id", sa.Integer(), nullable=False),
        sa.Column("trust_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("class_id", sa.Integer(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(ONE_SCOPE, name=op.f("ck_invitations_exactly_one_scope")),
        sa.ForeignKeyConstraint(
            ["scope_trust_id"], ["trusts.id"], name=op.f("fk_invitations_scope_trust_id_trusts")
        ),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_invitations_trust_id_trusts")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_invitations_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["class_id"], ["classes.id"], name=op.f("fk_invitations_class_id_classes")
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_invitations_token_digest")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_email"), ["email"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_invitations_scope_trust_id"), ["scope_trust_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invitations_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitations_updated_at"), ["updated_at"], unique=False)
    op.create_table(
        "password_resets",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_resets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_password_resets_token_digest")),
    )
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_resets_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("password_resets")
    op.drop_table("invitations")
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.drop_column("ends_on")
