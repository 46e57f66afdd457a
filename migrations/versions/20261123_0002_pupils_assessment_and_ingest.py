"""pupils, assessment and ingest, with the shipped scales, subjects, expectations and progress

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 06:56:31.110086
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import termwise.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The data below is what Termwise ships. Trusts edit expectations and add scales of their own.
SUBJECTS = [
    ("reading", "Reading", True),
    ("writing", "Writing", True),
    ("maths", "Maths", True),
    ("science", "Science", False),
    ("gps", "Grammar, punctuation and spelling", False),
]
PRIMARY_YEARS = ["R", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6"]
SLOTS = ["aut", "spr", "sum"]

# National Curriculum levels: "W" (working towards level 1), then 1c … 6a. The handbook writes a
# level's sublevels Low / Secure / High (c / b / a); APS is 6 points a level, 2 a sublevel.
NC_STEPS = [("W", "Working towards level 1", 3.0)] + [
    (f"{level}{sub}", f"Level {level} {name} ({level}{sub})", 1.0 + 6 * level + 2 * i)
    for level in range(1, 7)
    for i, (sub, name) in enumerate((("c", "Low"), ("b", "Secure"), ("a", "High")))
]
# End-of-year expectations (secure 2 by the end of Y2, secure 3 by Y4, secure 4 by Y6); the
# autumn and spring expectations sit one and two sublevels lower.
NC_YEAR_END = {"R": "W", "Y1": "1b", "Y2": "2b", "Y3": "2a", "Y4": "3b", "Y5": "3a", "Y6": "4b"}

# Post-2014 teacher assessment: below, the pre-key-stage standards, then WTS / EXS / GDS.
TA_STEPS = [
    ("BLW", "Below the pre-key-stage standards", 1.0),
    ("PK1", "Pre-key stage standard 1", 2.0),
    ("PK2", "Pre-key stage standard 2", 3.0),
    ("PK3", "Pre-key stage standard 3", 4.0),
    ("PK4", "Pre-key stage standard 4", 5.0),
    ("PK5", "Pre-key stage standard 5", 6.0),
    ("PK6", "Pre-key stage standard 6", 7.0),
    ("WTS", "Working towards the expected standard", 8.0),
    ("EXS", "Working at the expected standard", 9.0),
    ("GDS", "Working at greater depth", 10.0),
]

# A school's own year-by-year scheme: four steps within each year group.
STAGES = [("E", "emerging"), ("D", "developing"), ("S", "secure"), ("M", "mastery")]
YEAR_STEPS = [
    (
        f"{year}{code}",
        f"{'Reception' if year == 'R' else 'Year ' + year[1:]} {name}",
        float(1 + 4 * y + s),
    )
    for y, year in enumerate(PRIMARY_YEARS)
    for s, (code, name) in enumerate(STAGES)
]


def _load_shipped_data() -> None:
    connection = op.get_bind()
    subjects = sa.table(
        "subjects",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("is_core", sa.Boolean),
        sa.column("ordinal", sa.Integer),
    )
    op.bulk_insert(
        subjects,
        [
            {"id": n, "code": code, "name": name, "is_core": core, "ordinal": n}
            for n, (code, name, core) in enumerate(SUBJECTS, start=1)
        ],
    )
    now = datetime.now(UTC)
    scales = sa.table(
        "scales",
        sa.column("id", sa.Integer),
        sa.column("trust_id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("kind", sa.String),
        sa.column("score_min", sa.Float),
        sa.column("score_max", sa.Float),
        sa.column("score_expected", sa.Float),
        sa.column("description", sa.Text),
        sa.column("created_at", termwise.db.UTCDateTime),
        sa.column("updated_at", termwise.db.UTCDateTime),
    )
    shipped = [
        (
            1,
            "nc_levels",
            "National Curriculum levels with sublevels",
            "steps",
            None,
            None,
            None,
            "Levels W and 1c-6a; average point score 6 a level, 2 a sublevel (2b = 15).",
        ),
        (
            2,
            "ks_ta",
            "Teacher assessment (2016 onwards)",
            "steps",
            None,
            None,
            None,
            "Pre-key-stage standards, then working towards, at, or at greater depth within the expected standard.",
        ),
        (
            3,
            "ks2_scaled",
            "KS2 scaled scores",
            "score",
            80.0,
            120.0,
            100.0,
            "Test scores from 80 to 120; 100 meets the expected standard.",
        ),
        (
            4,
            "year_steps",
            "Year-by-year steps",
            "steps",
            None,
            None,
            None,
            "Emerging, developing, secure and mastery within each year group's curriculum.",
        ),
    ]
    op.bulk_insert(
        scales,
        [
            {
                "id": i,
                "trust_id": None,
                "code": c,
                "name": n,
                "kind": k,
                "score_min": lo,
                "score_max": hi,
                "score_expected": exp,
                "description": d,
                "created_at": now,
                "updated_at": now,
            }
            for i, c, n, k, lo, hi, exp, d in shipped
        ],
    )
    steps = sa.table(
        "scale_steps",
        sa.column("id", sa.Integer),
        sa.column("scale_id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("label", sa.String),
        sa.column("ordinal", sa.Integer),
        sa.column("points", sa.Float),
    )
    step_ids: dict[tuple[int, str], int] = {}
    rows = []
    for scale_id, scale_steps in ((1, NC_STEPS), (2, TA_STEPS), (4, YEAR_STEPS)):
        for ordinal, (code, label, points) in enumerate(scale_steps, start=1):
            step_ids[(scale_id, code)] = len(rows) + 1
            rows.append(
                {
                    "id": len(rows) + 1,
                    "scale_id": scale_id,
                    "code": code,
                    "label": label,
                    "ordinal": ordinal,
                    "points": points,
                }
            )
    op.bulk_insert(steps, rows)

    year_group_ids = dict(connection.execute(sa.text("SELECT code, id FROM year_groups")).all())
    nc_codes = [code for code, _, _ in NC_STEPS]
    expectations = []
    for subject_id in range(1, len(SUBJECTS) + 1):
        for year in PRIMARY_YEARS:
            end = nc_codes.index(NC_YEAR_END[year])
            for slot_index, slot in enumerate(SLOTS):
                nc_step = nc_codes[max(0, end - (2 - slot_index))]
                for scale_id, step in (
                    (1, nc_step),
                    (2, "EXS"),
                    (4, f"{year}{'EDS'[slot_index]}"),
                ):
                    expectations.append(
                        {
                            "scale_id": scale_id,
                            "subject_id": subject_id,
                            "year_group_id": year_group_ids[year],
                            "slot": slot,
                            "step_id": step_ids[(scale_id, step)],
                        }
                    )
    op.bulk_insert(
        sa.table(
            "expectations",
            sa.column("scale_id", sa.Integer),
            sa.column("subject_id", sa.Integer),
            sa.column("year_group_id", sa.Integer),
            sa.column("slot", sa.String),
            sa.column("step_id", sa.Integer),
        ),
        expectations,
    )
    # Two whole levels across KS2's four years = 12 points: 3 a year, 1 a term. Teacher
    # assessment expects a pupil to hold their standard; year steps expect a year's four steps
    # (secure in one year to secure in the next).
    op.bulk_insert(
        sa.table(
            "expected_progress",
            sa.column("scale_id", sa.Integer),
            sa.column("period", sa.String),
            sa.column("points", sa.Float),
        ),
        [
            {"scale_id": 1, "period": "year", "points": 3.0},
            {"scale_id": 1, "period": "term", "points": 1.0},
            {"scale_id": 2, "period": "year", "points": 0.0},
            {"scale_id": 2, "period": "term", "points": 0.0},
            {"scale_id": 4, "period": "year", "points": 4.0},
            {"scale_id": 4, "period": "term", "points": 4.0 / 3},
        ],
    )
    termwise.db.reset_id_sequences(connection, "subjects", "scales", "scale_steps")


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "idempotency_records",
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject", "key", name=op.f("pk_idempotency_records")),
    )
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_records_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "subjects",
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("is_core", sa.Boolean(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("code", name=op.f("uq_subjects_code")),
    )
    op.create_table(
        "assessment_points",
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("academic_year_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("slot", sa.String(length=20), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("closed_at", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=254), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["academic_year_id"],
            ["academic_years.id"],
            name=op.f("fk_assessment_points_academic_year_id_academic_years"),
        ),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_assessment_points_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_points")),
        sa.UniqueConstraint(
            "trust_id",
            "academic_year_id",
            "code",
            name=op.f("uq_assessment_points_trust_id_academic_year_id_code"),
        ),
    )
    with op.batch_alter_table("assessment_points", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_points_academic_year_id"), ["academic_year_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_points_trust_id"), ["trust_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_points_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "pupils",
        sa.Column("trust_id", sa.Integer(), nullable=False),
        sa.Column("upn", sa.String(length=13), nullable=True),
        sa.Column("legal_first_name", sa.String(length=100), nullable=False),
        sa.Column("legal_last_name", sa.String(length=100), nullable=False),
        sa.Column("preferred_first_name", sa.String(length=100), nullable=True),
        sa.Column("preferred_last_name", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column(
            "gender", sa.Enum("F", "M", "X", name="gender", native_enum=False), nullable=False
        ),
        sa.Column("search_name", sa.String(length=400), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_pupils_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupils")),
        sa.UniqueConstraint("trust_id", "upn", name=op.f("uq_pupils_trust_id_upn")),
    )
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pupils_search_name"), ["search_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_pupils_trust_id"), ["trust_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pupils_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "scales",
        sa.Column("trust_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("steps", "score", name="scalekind", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("score_min", sa.Float(), nullable=True),
        sa.Column("score_max", sa.Float(), nullable=True),
        sa.Column("score_expected", sa.Float(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind <> 'score' OR (score_min IS NOT NULL AND score_max IS NOT NULL)",
            name=op.f("ck_scales_score_scales_have_a_range"),
        ),
        sa.ForeignKeyConstraint(
            ["trust_id"], ["trusts.id"], name=op.f("fk_scales_trust_id_trusts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scales")),
        sa.UniqueConstraint("trust_id", "code", name=op.f("uq_scales_trust_id_code")),
    )
    with op.batch_alter_table("scales", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scales_trust_id"), ["trust_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scales_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "expected_progress",
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_id"],
            ["scales.id"],
            name=op.f("fk_expected_progress_scale_id_scales"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expected_progress")),
        sa.UniqueConstraint(
            "scale_id", "period", name=op.f("uq_expected_progress_scale_id_period")
        ),
    )
    op.create_table(
        "import_jobs",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("file_format", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "succeeded",
                "failed",
                name="jobstatus",
                native_enum=False,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_by_subject", sa.String(length=40), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lease_until", termwise.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_import_jobs_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_jobs_school_id"), ["school_id"], unique=False)

    op.create_table(
        "pupil_characteristics",
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("academic_year_id", sa.Integer(), nullable=False),
        sa.Column("fsm", sa.Boolean(), nullable=True),
        sa.Column("ever6_fsm", sa.Boolean(), nullable=True),
        sa.Column("pupil_premium", sa.Boolean(), nullable=True),
        sa.Column("eal", sa.Boolean(), nullable=True),
        sa.Column(
            "sen_status",
            sa.Enum(
                "none", "sen_support", "ehc_plan", name="senstatus", native_enum=False, length=12
            ),
            nullable=True,
        ),
        sa.Column("looked_after", sa.Boolean(), nullable=True),
        sa.Column("more_able", sa.Boolean(), nullable=True),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["academic_year_id"],
            ["academic_years.id"],
            name=op.f("fk_pupil_characteristics_academic_year_id_academic_years"),
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupils.id"],
            name=op.f("fk_pupil_characteristics_pupil_id_pupils"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "pupil_id", "academic_year_id", name=op.f("pk_pupil_characteristics")
        ),
    )
    with op.batch_alter_table("pupil_characteristics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pupil_characteristics_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "scale_steps",
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_id"],
            ["scales.id"],
            name=op.f("fk_scale_steps_scale_id_scales"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scale_steps")),
        sa.UniqueConstraint("scale_id", "code", name=op.f("uq_scale_steps_scale_id_code")),
        sa.UniqueConstraint("scale_id", "ordinal", name=op.f("uq_scale_steps_scale_id_ordinal")),
    )
    op.create_table(
        "school_pupil_ids",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("mis_id", sa.String(length=64), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupils.id"],
            name=op.f("fk_school_pupil_ids_pupil_id_pupils"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_school_pupil_ids_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("school_id", "mis_id", name=op.f("pk_school_pupil_ids")),
    )
    with op.batch_alter_table("school_pupil_ids", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_school_pupil_ids_pupil_id"), ["pupil_id"], unique=False
        )

    op.create_table(
        "assessments",
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=True),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column(
            "non_result",
            sa.Enum("absent", "not_required", "not_enrolled", name="nonresult", native_enum=False),
            nullable=True,
        ),
        sa.Column(
            "source",
            sa.Enum("mis", "import", "teacher", name="source", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("recorded_by", sa.String(length=254), nullable=False),
        sa.Column("recorded_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN step_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN score IS NULL THEN 0 ELSE 1 END) + (CASE WHEN non_result IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_assessments_one_kind_of_result"),
        ),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["assessment_points.id"],
            name=op.f("fk_assessments_point_id_assessment_points"),
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupils.id"],
            name=op.f("fk_assessments_pupil_id_pupils"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["scales.id"], name=op.f("fk_assessments_scale_id_scales")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_assessments_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["step_id"], ["scale_steps.id"], name=op.f("fk_assessments_step_id_scale_steps")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_assessments_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint(
            "pupil_id",
            "subject_id",
            "point_id",
            name=op.f("uq_assessments_pupil_id_subject_id_point_id"),
        ),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index("ix_assessments_recorded_at", ["recorded_at"], unique=False)
        batch_op.create_index(
            "ix_assessments_school_point", ["school_id", "point_id"], unique=False
        )

    op.create_table(
        "enrolments",
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("academic_year_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("year_group_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["academic_year_id"],
            ["academic_years.id"],
            name=op.f("fk_enrolments_academic_year_id_academic_years"),
        ),
        sa.ForeignKeyConstraint(
            ["class_id"], ["classes.id"], name=op.f("fk_enrolments_class_id_classes")
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupils.id"],
            name=op.f("fk_enrolments_pupil_id_pupils"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_enrolments_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["year_group_id"],
            ["year_groups.id"],
            name=op.f("fk_enrolments_year_group_id_year_groups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
        sa.UniqueConstraint(
            "pupil_id",
            "academic_year_id",
            "school_id",
            name=op.f("uq_enrolments_pupil_id_academic_year_id_school_id"),
        ),
    )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolments_class_id"), ["class_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolments_pupil_id"), ["pupil_id"], unique=False)
        batch_op.create_index(
            "ix_enrolments_school_year", ["school_id", "academic_year_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_enrolments_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "expectations",
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("year_group_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=20), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_id"],
            ["scales.id"],
            name=op.f("fk_expectations_scale_id_scales"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"], ["scale_steps.id"], name=op.f("fk_expectations_step_id_scale_steps")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_expectations_subject_id_subjects")
        ),
        sa.ForeignKeyConstraint(
            ["year_group_id"],
            ["year_groups.id"],
            name=op.f("fk_expectations_year_group_id_year_groups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expectations")),
        sa.UniqueConstraint(
            "scale_id",
            "subject_id",
            "year_group_id",
            "slot",
            name=op.f("uq_expectations_scale_id_subject_id_year_group_id_slot"),
        ),
    )
    op.create_table(
        "assessment_history",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=True),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column(
            "non_result",
            sa.Enum("absent", "not_required", "not_enrolled", name="nonresult", native_enum=False),
            nullable=True,
        ),
        sa.Column(
            "source",
            sa.Enum("mis", "import", "teacher", name="source", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("recorded_by", sa.String(length=254), nullable=False),
        sa.Column("recorded_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.String(length=254), nullable=False),
        sa.Column("replaced_at", termwise.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_history_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["scales.id"], name=op.f("fk_assessment_history_scale_id_scales")
        ),
        sa.ForeignKeyConstraint(
            ["step_id"], ["scale_steps.id"], name=op.f("fk_assessment_history_step_id_scale_steps")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_history")),
    )
    with op.batch_alter_table("assessment_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_history_assessment_id"), ["assessment_id"], unique=False
        )

    # ### end Alembic commands ###
    _load_shipped_data()


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("assessment_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_history_assessment_id"))

    op.drop_table("assessment_history")
    op.drop_table("expectations")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolments_updated_at"))
        batch_op.drop_index("ix_enrolments_school_year")
        batch_op.drop_index(batch_op.f("ix_enrolments_pupil_id"))
        batch_op.drop_index(batch_op.f("ix_enrolments_class_id"))

    op.drop_table("enrolments")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_assessments_school_point")
        batch_op.drop_index("ix_assessments_recorded_at")

    op.drop_table("assessments")
    with op.batch_alter_table("school_pupil_ids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_pupil_ids_pupil_id"))

    op.drop_table("school_pupil_ids")
    op.drop_table("scale_steps")
    with op.batch_alter_table("pupil_characteristics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pupil_characteristics_updated_at"))

    op.drop_table("pupil_characteristics")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_jobs_school_id"))

    op.drop_table("import_jobs")
    op.drop_table("expected_progress")
    with op.batch_alter_table("scales", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scales_updated_at"))
        batch_op.drop_index(batch_op.f("ix_scales_trust_id"))

    op.drop_table("scales")
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pupils_updated_at"))
        batch_op.drop_index(batch_op.f("ix_pupils_trust_id"))
        batch_op.drop_index(batch_op.f("ix_pupils_search_name"))

    op.drop_table("pupils")
    with op.batch_alter_table("assessment_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_points_updated_at"))
        batch_op.drop_index(batch_op.f("ix_assessment_points_trust_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_points_academic_year_id"))

    op.drop_table("assessment_points")
    op.drop_table("subjects")
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_records_created_at"))

    op.drop_table("idempotency_records")
    # ### end Alembic commands ###
