"""results indexed by point, subject and pupil instead of by recording school and point

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:05:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Who has a result at a point in a subject is what tracker grids and the missing-results
    # summary ask; the school that recorded a result is only a filter, and each index costs
    # every write.
    op.drop_index("ix_assessments_school_point", table_name="assessments")
    op.create_index(
        "ix_assessments_point_subject_pupil",
        "assessments",
        ["point_id", "subject_id", "pupil_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_assessments_point_subject_pupil", table_name="assessments")
    op.create_index(
        "ix_assessments_school_point", "assessments", ["school_id", "point_id"], unique=False
    )
