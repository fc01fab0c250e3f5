"""The class database's tables (SQLAlchemy 2 declarative). Changing a table means a new Alembic
revision in `migrations/versions/` (tests/test_classroom_store.py checks the two agree)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Classroom(Base):
    """A class: its teacher (the login that created it; "local" on a local run), its join code,
    whether the model's replies are logged, and the skills the teacher assigned."""

    __tablename__ = "classes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    join_code: Mapped[str] = mapped_column(String(12), unique=True, index=True)
    teacher: Mapped[str] = mapped_column(String(120))
    chat_logging: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned: Mapped[str] = mapped_column(Text, default="")  # comma-separated skills
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Student(Base):
    """A student of one class: a display name (no email) and a random token that their browser
    keeps; the token is who they are."""

    __tablename__ = "students"
    __table_args__ = (Index("ix_students_class_name", "class_id", "display_name", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(40))
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Attempt(Base):
    """One thing a class member did: a practice answer, a check of their answer, a solved problem
    (the model's reply and its verdict) or a hint. `reply` only when the class logs chats."""

    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_student_skill", "student_id", "skill", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    time: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(16))  # practice | check | solve | hint
    skill: Mapped[str] = mapped_column(String(64))  # the math core's kind, or word_problem
    problem: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")  # the student's answer
    verdict: Mapped[str] = mapped_column(String(32), default="")  # right | wrong | verified | ...
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # None: not an answer
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    leaked: Mapped[bool] = mapped_column(Boolean, default=False)  # a hint that gave the answer
    difficulty: Mapped[int] = mapped_column(Integer, default=0)  # adaptive practice level 1-3
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)  # only with chat logging


class SkillParams(Base):
    """BKT parameters fitted from one class's data for one skill (absent: the defaults)."""

    __tablename__ = "skill_params"
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    skill: Mapped[str] = mapped_column(String(64), primary_key=True)
    p_init: Mapped[float] = mapped_column(Float)
    p_learn: Mapped[float] = mapped_column(Float)
    p_guess: Mapped[float] = mapped_column(Float)
    p_slip: Mapped[float] = mapped_column(Float)
    observations: Mapped[int] = mapped_column(Integer)
    fitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
