"""School-account sign-in: identity providers and sign-ins under way

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import termwise.db

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "identity_providers",
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("client_secret_encrypted", sa.Text(), nullable=False),
        sa.Column("allowed_domains", sa.String(length=1000), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_identity_providers_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_providers")),
    )
    with op.batch_alter_table("identity_providers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_identity_providers_trust_id"), ["trust_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_identity_providers_updated_at"), ["updated_at"], unique=False
        )
    op.create_table(
        "oidc_sign_ins",
        sa.Column("state_digest", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=100), nullable=False),
        sa.Column("code_verifier", sa.String(length=200), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("redirect_uri", sa.String(length=500), nullable=False),
        sa.Column("invitation_token", sa.String(length=200), nullable=True),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["identity_providers.id"],
            name=op.f("fk_oidc_sign_ins_provider_id_identity_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oidc_sign_ins")),
        sa.UniqueConstraint("state_digest", name=op.f("uq_oidc_sign_ins_state_digest")),
    )
    with op.batch_alter_table("oidc_sign_ins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oidc_sign_ins_provider_id"), ["provider_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("oidc_sign_ins")
    op.drop_table("identity_providers")
