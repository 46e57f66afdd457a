"""API clients managed by leaders; sign-in failures counted per account and address

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 23:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import termwise.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_used_at", termwise.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("previous_secret_digest", sa.String(64), nullable=True))
        batch_op.add_column(
            sa.Column("previous_valid_until", termwise.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("revoked_at", termwise.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_api_clients_created_by_id_users"),
            "users",
            ["created_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # Throttles are short-lived counters: the new table starts empty.
    op.drop_table("sign_in_throttles")
    _throttles(with_address=True)


def downgrade() -> None:
    op.drop_table("sign_in_throttles")
    _throttles(with_address=False)
    with op.batch_alter_table("api_clients", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_api_clients_created_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("previous_valid_until")
        batch_op.drop_column("previous_secret_digest")
        batch_op.drop_column("last_used_at")


def _throttles(*, with_address: bool) -> None:
    key = ["email", "address"] if with_address else ["email"]
    address = [sa.Column("address", sa.String(length=64), nullable=False)] if with_address else []
    op.create_table(
        "sign_in_throttles",
        sa.Column("email", sa.String(length=254), nullable=False),
        *address,
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("locked_until", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_sign_in_throttles")),
    )
