"""The national statutory assessments' scales and the phonics subject

A transferring pupil's Common Transfer File carries results from the statutory assessments: the
EYFS profile, the phonics screening check, KS1, the multiplication tables check and KS2. Their
points exist for every academic year without a trust defining them (made when first needed);
their scales are shipped here.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 04:00:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# code, name, kind, min, max, expected, description
SCALES = [
    (
        "eyfs_elg",
        "EYFS profile early learning goals",
        "steps",
        None,
        None,
        None,
        "Each early learning goal judged emerging or expected (exceeding, before the 2021 reforms).",
    ),
    (
        "phonics_mark",
        "Phonics screening check mark",
        "score",
        0.0,
        40.0,
        32.0,
        "Marks out of 40; the threshold for meeting the expected standard has been 32 every year.",
    ),
    (
        "phonics_outcome",
        "Phonics screening check outcome",
        "steps",
        None,
        None,
        None,
        "Working towards or working at the expected standard, where a file carries no mark.",
    ),
    (
        "ks1_scaled",
        "KS1 scaled scores",
        "score",
        85.0,
        115.0,
        100.0,
        "KS1 test scores from 85 to 115 (until 2023); 100 meets the expected standard.",
    ),
    (
        "mtc_score",
        "Multiplication tables check score",
        "score",
        0.0,
        25.0,
        None,
        "Marks out of 25; the check has no pass mark.",
    ),
]
STEPS = {
    "eyfs_elg": [
        ("EMG", "Emerging", 1.0),
        ("EXP", "Expected", 2.0),
        ("EXC", "Exceeding", 3.0),
    ],
    "phonics_outcome": [
        ("WT", "Working towards the expected standard", 1.0),
        ("WA", "Working at the expected standard", 2.0),
    ],
}


def upgrade() -> None:
    connection = op.get_bind()
    now = datetime.now(UTC)
    connection.execute(
        sa.text(
            "INSERT INTO subjects (code, name, is_core, ordinal) "
            "VALUES ('phonics', 'Phonics', :false, 6)"
        ),
        {"false": False},
    )
    for code, name, kind, low, high, expected, description in SCALES:
        connection.execute(
            sa.text(
                "INSERT INTO scales (trust_id, code, name, kind, score_min, score_max, "
                "score_expected, description, created_at, updated_at) "
                "VALUES (NULL, :code, :name, :kind, :low, :high, :expected, :description, "
                ":now, :now)"
            ),
            {
                "code": code,
                "name": name,
                "kind": kind,
                "low": low,
                "high": high,
                "expected": expected,
                "description": description,
                "now": now,
            },
        )
    for scale_code, steps in STEPS.items():
        scale_id = connection.scalar(
            sa.text("SELECT id FROM scales WHERE trust_id IS NULL AND code = :code"),
            {"code": scale_code},
        )
        for ordinal, (code, label, points) in enumerate(steps, start=1):
            connection.execute(
                sa.text(
                    "INSERT INTO scale_steps (scale_id, code, label, ordinal, points) "
                    "VALUES (:scale, :code, :label, :ordinal, :points)"
                ),
                {"scale": scale_id, "code": code, "label": label, "ordinal": ordinal,
                 "points": points},
            )  # fmt: skip


def downgrade() -> None:
    connection = op.get_bind()
    codes = [code for code, *_ in SCALES]
    shipped = sa.text("SELECT id FROM scales WHERE trust_id IS NULL AND code IN :codes").bindparams(
        sa.bindparam("codes", expanding=True)
    )
    ids = list(connection.scalars(shipped, {"codes": codes}))
    if ids:
        in_ids = sa.bindparam("ids", expanding=True)
        connection.execute(
            sa.text("DELETE FROM scale_steps WHERE scale_id IN :ids").bindparams(in_ids),
            {"ids": ids},
        )
        connection.execute(
            sa.text("DELETE FROM scales WHERE id IN :ids").bindparams(in_ids), {"ids": ids}
        )
    connection.execute(sa.text("DELETE FROM subjects WHERE code = 'phonics'"))
