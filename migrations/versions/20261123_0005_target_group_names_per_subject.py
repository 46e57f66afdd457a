"""target groups: a name is unique per school, year, term and subject

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 16:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "uq_target_groups_school_id_academic_year_id_term_name"
# The conventional name (uq_target_groups_school_id_academic_year_id_term_subject_id_name) is
# over PostgreSQL's 63 characters; this one is the same on both databases.
NEW = "uq_target_groups_school_year_term_subject_name"
NAME_LENGTH = 100


def upgrade() -> None:
    with op.batch_alter_table("target_groups", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(OLD), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f(NEW), ["school_id", "academic_year_id", "term", "subject_id", "name"]
        )


def downgrade() -> None:
    _rename_groups_sharing_a_name_across_subjects()
    with op.batch_alter_table("target_groups", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(NEW), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f(OLD), ["school_id", "academic_year_id", "term", "name"]
        )


def _rename_groups_sharing_a_name_across_subjects() -> None:
    """Before the name is unique per term again: of the groups of one school, year and term
    sharing a name in different subjects, the first created keeps it and each other one gets
    its subject added ("Y4 boost (reading)"), numbered if that is taken too."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT g.id, g.school_id, g.academic_year_id, g.term, g.name, s.code"
            " FROM target_groups g JOIN subjects s ON s.id = g.subject_id"
            " ORDER BY g.id"
        )
    ).all()
    taken = {(r.school_id, r.academic_year_id, r.term, r.name) for r in rows}
    kept: set[tuple[int, int, str, str]] = set()
    for row in rows:
        key = (row.school_id, row.academic_year_id, row.term, row.name)
        if key not in kept:
            kept.add(key)
            continue
        number = 1
        while True:
            suffix = f" ({row.code})" if number == 1 else f" ({row.code} {number})"
            name = row.name[: NAME_LENGTH - len(suffix)] + suffix
            renamed = (row.school_id, row.academic_year_id, row.term, name)
            if renamed not in taken:
                break
            number += 1
        taken.add(renamed)
        kept.add(renamed)
        bind.execute(
            sa.text("UPDATE target_groups SET name = :name WHERE id = :id"),
            {"name": name, "id": row.id},
        )
