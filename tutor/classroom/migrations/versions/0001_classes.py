"""classes, students, attempts, skill_params

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("join_code", sa.String(12), nullable=False),
        sa.Column("teacher", sa.String(120), nullable=False),
        sa.Column("chat_logging", sa.Boolean(), nullable=False),
        sa.Column("assigned", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_classes_join_code", "classes", ["join_code"], unique=True)
    op.create_table(
        "students",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("class_id", sa.Integer(), sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("display_name", sa.String(40), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_students_class_id", "students", ["class_id"])
    op.create_index("ix_students_token", "students", ["token"], unique=True)
    op.create_index("ix_students_class_name", "students", ["class_id", "display_name"], unique=True)
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("class_id", sa.Integer(), sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "student_id", sa.Integer(), sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("time", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("skill", sa.String(64), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("hints_used", sa.Integer(), nullable=False),
        sa.Column("leaked", sa.Boolean(), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
    )
    op.create_index("ix_attempts_class_id", "attempts", ["class_id"])
    op.create_index("ix_attempts_student_skill", "attempts", ["student_id", "skill", "id"])
    op.create_table(
        "skill_params",
        sa.Column(
            "class_id", sa.Integer(), sa.ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("skill", sa.String(64), primary_key=True),
        sa.Column("p_init", sa.Float(), nullable=False),
        sa.Column("p_learn", sa.Float(), nullable=False),
        sa.Column("p_guess", sa.Float(), nullable=False),
        sa.Column("p_slip", sa.Float(), nullable=False),
        sa.Column("observations", sa.Integer(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("skill_params")
    op.drop_table("attempts")
    op.drop_table("students")
    op.drop_table("classes")
