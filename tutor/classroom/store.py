"""Classes, students and their attempts: the operations the Class tab and the Tutor's hooks call
(no Gradio). Every write goes through `Database.write` (the one writer path); every visitor's
text is checked and bounded here, with messages that say what to change."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tutor.classroom import mastery as bkt
from tutor.classroom.db import Database
from tutor.classroom.models import Attempt, Classroom, SkillParams, Student, utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a classroom
CODE_LENGTH = 6
MAX_NAME = 40
MAX_CLASS_NAME = 80
MAX_PROBLEM = 2000
MAX_ANSWER = 2000
MAX_REPLY = 20000
MAX_STUDENTS_PER_CLASS = 500
MAX_CLASSES_PER_TEACHER = 50
MAX_SKILL = 64
SOURCES = ("practice", "check", "solve", "hint")


class ClassError(ValueError):
    """A request the class store refuses; the message says why and what to do."""


@dataclass(frozen=True)
class Member:
    """Who a joined browser is: the student and their class."""

    student_id: int
    class_id: int
    name: str
    class_name: str
    chat_logging: bool
    assigned: tuple[str, ...]


def clean_name(value, what: str = "Your display name", limit: int = MAX_NAME) -> str:
    """A display or class name: trimmed, at most `limit` characters, no HTML or control
    characters. Raises ClassError with what to change."""
    if not isinstance(value, str) or not value.strip():
        raise ClassError(f"{what} is empty: type a name (no email needed).")
    text = " ".join(value.split())
    if len(text) > limit:
        raise ClassError(f"{what} is {len(text)} characters long; the limit is {limit}. Use a shorter name.")
    if "<" in text or ">" in text or "&" in text:
        raise ClassError(
            f"{what} may not contain <, > or &: names are shown as plain text. Use letters and spaces."
        )
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise ClassError(f"{what} contains invisible control characters; type it again.")
    return text


def clean_code(value) -> str:
    """A join code as typed (spaces and case forgiven). Raises ClassError if it cannot be one."""
    code = re.sub(r"[\s-]", "", str(value or "")).upper()
    if not code:
        raise ClassError("Type the class's join code (your teacher has it).")
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise ClassError(
            f"A join code is {CODE_LENGTH} letters and digits, like K7M2QX "
            "(no 0, O, 1 or I); check the code with your teacher."
        )
    return code


def _bounded(value, limit: int) -> str:
    return str(value or "").replace("\x00", "")[:limit]


class ClassStore:
    def __init__(self, url: str) -> None:
        try:
            self.db = Database(url)
        except Exception as exc:  # the URL is shown without its password
            shown = make_url(url).render_as_string(hide_password=True)
            raise ClassError(
                f"The class database {shown} could not be opened: {type(exc).__name__}: {exc}"
            ) from None

    def close(self) -> None:
        self.db.close()

    # -- classes (teachers) ----------------------------------------------------------------------

    def create_class(self, name, teacher: str, chat_logging: bool = False) -> Classroom:
        name = clean_name(name, "The class name", MAX_CLASS_NAME)

        def write(s: Session) -> Classroom:
            n = s.scalar(select(func.count()).select_from(Classroom).where(Classroom.teacher == teacher))
            if (n or 0) >= MAX_CLASSES_PER_TEACHER:
                raise ClassError(f"You have {n} classes, the most one teacher may have; delete one first.")
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if s.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
                    break
            room = Classroom(
                name=name, join_code=code, teacher=teacher, chat_logging=bool(chat_logging), assigned=""
            )
            s.add(room)
            s.flush()
            return room

        return self.db.write(write)

    def classes(self, teacher: str | None = None) -> list[Classroom]:
        """The classes of `teacher` (None: all, for a local run's teacher)."""
        q = select(Classroom).order_by(Classroom.id)
        if teacher is not None:
            q = q.where(Classroom.teacher == teacher)
        return self.db.read(lambda s: list(s.scalars(q)))

    def get_class(self, class_id: int, teacher: str | None = None) -> Classroom:
        room = self.db.read(lambda s: s.get(Classroom, int(class_id)))
        if room is None or (teacher is not None and room.teacher != teacher):
            raise ClassError("That class does not exist, or it is not one of yours.")
        return room

    def set_options(
        self, class_id: int, teacher: str | None, chat_logging: bool, assigned: list[str]
    ) -> Classroom:
        self.get_class(class_id, teacher)
        skills = ",".join(sorted({_bounded(a, MAX_SKILL) for a in assigned or [] if a})[:64])

        def write(s: Session) -> Classroom:
            room = s.get(Classroom, int(class_id))
            assert room is not None
            room.chat_logging, room.assigned = bool(chat_logging), skills
            return room

        return self.db.write(write)

    # -- students ---------------------------------------------------------------------------------

    def join(self, code, name) -> tuple[Member, str]:
        """Join the class with `code` as `name`: (member, the token the browser keeps)."""
        code = clean_code(code)
        name = clean_name(name)

        def write(s: Session) -> tuple[Member, str]:
            room = s.scalar(select(Classroom).where(Classroom.join_code == code))
            if room is None:
                raise ClassError(f"No class has the join code {code}; check the code with your teacher.")
            count = s.scalar(select(func.count()).select_from(Student).where(Student.class_id == room.id))
            if (count or 0) >= MAX_STUDENTS_PER_CLASS:
                raise ClassError(f"This class is full ({MAX_STUDENTS_PER_CLASS} students); ask your teacher.")
            taken = s.scalar(
                select(Student.id).where(
                    Student.class_id == room.id, func.lower(Student.display_name) == name.lower()
                )
            )
            if taken is not None:
                raise ClassError(
                    f"Someone in this class is already called {name!r}; add a letter or a number."
                )
            token = secrets.token_urlsafe(32)
            st = Student(class_id=room.id, display_name=name, token=token)
            s.add(st)
            s.flush()
            return self._member(st, room), token

        return self.db.write(write)

    @staticmethod
    def _member(st: Student, room: Classroom) -> Member:
        return Member(
            st.id,
            room.id,
            st.display_name,
            room.name,
            bool(room.chat_logging),
            tuple(a for a in (room.assigned or "").split(",") if a),
        )

    def member(self, token) -> Member | None:
        """The student a browser's token names (None: unknown, e.g. their data was deleted)."""
        if not isinstance(token, str) or not (20 <= len(token) <= 64):
            return None

        def read(s: Session) -> Member | None:
            st = s.scalar(select(Student).where(Student.token == token))
            room = s.get(Classroom, st.class_id) if st else None
            return self._member(st, room) if st and room else None

        return self.db.read(read)

    def students(self, class_id: int) -> list[Student]:
        q = select(Student).where(Student.class_id == int(class_id)).order_by(Student.display_name)
        return self.db.read(lambda s: list(s.scalars(q)))

    def delete_student(self, class_id: int, student_id: int, teacher: str | None = None) -> dict:
        """Delete a student and everything stored about them; returns what was deleted."""
        self.get_class(class_id, teacher)

        def write(s: Session) -> dict:
            st = s.get(Student, int(student_id))
            if st is None or st.class_id != int(class_id):
                raise ClassError("That student is not in this class (already deleted?).")
            attempts = (
                s.scalar(select(func.count()).select_from(Attempt).where(Attempt.student_id == st.id)) or 0
            )
            replies = (
                s.scalar(
                    select(func.count())
                    .select_from(Attempt)
                    .where(Attempt.student_id == st.id, Attempt.reply.is_not(None))
                )
                or 0
            )
            skills = sorted(set(s.scalars(select(Attempt.skill).where(Attempt.student_id == st.id))))
            s.execute(delete(Attempt).where(Attempt.student_id == st.id))
            s.delete(st)
            return {
                "name": st.display_name,
                "attempts": int(attempts),
                "replies": int(replies),
                "skills": skills,
            }

        return self.db.write(write)

    # -- attempts ---------------------------------------------------------------------------------

    def record(
        self,
        member: Member,
        source: str,
        skill: str,
        problem: str,
        answer: str = "",
        verdict: str = "",
        correct: bool | None = None,
        hints_used: int | None = None,
        leaked: bool = False,
        difficulty: int = 0,
        reply: str | None = None,
    ) -> int:
        """Store one attempt (the reply only when the class logs chats); returns its id.
        `hints_used` None: the hints this student had on this problem."""
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}")
        problem = _bounded(problem, MAX_PROBLEM)

        def write(s: Session) -> int:
            room = s.get(Classroom, member.class_id)
            if room is None or s.get(Student, member.student_id) is None:
                raise ClassError("You are no longer in this class (your data was deleted); join again.")
            hints = hints_used
            if hints is None:
                hints = s.scalar(
                    select(func.count())
                    .select_from(Attempt)
                    .where(
                        Attempt.student_id == member.student_id,
                        Attempt.source == "hint",
                        Attempt.problem == problem,
                    )
                )
            row = Attempt(
                class_id=member.class_id,
                student_id=member.student_id,
                time=utcnow(),
                source=source,
                skill=_bounded(skill, MAX_SKILL) or "other",
                problem=problem,
                answer=_bounded(answer, MAX_ANSWER),
                verdict=_bounded(verdict, 32),
                correct=correct,
                hints_used=int(hints or 0),
                leaked=bool(leaked),
                difficulty=int(difficulty),
                reply=_bounded(reply, MAX_REPLY) if (room.chat_logging and reply) else None,
            )
            s.add(row)
            s.flush()
            return row.id

        return self.db.write(write)

    def attempts(self, class_id: int, student_id: int | None = None) -> list[Attempt]:
        q = select(Attempt).where(Attempt.class_id == int(class_id)).order_by(Attempt.id)
        if student_id is not None:
            q = q.where(Attempt.student_id == int(student_id))
        return self.db.read(lambda s: list(s.scalars(q)))

    # -- mastery ----------------------------------------------------------------------------------

    def params(self, class_id: int) -> dict[str, bkt.BKTParams]:
        rows = self.db.read(
            lambda s: list(s.scalars(select(SkillParams).where(SkillParams.class_id == int(class_id))))
        )
        return {r.skill: bkt.BKTParams(r.p_init, r.p_learn, r.p_guess, r.p_slip) for r in rows}

    def answers(self, class_id: int, student_id: int | None = None) -> dict[tuple[int, str], list[bool]]:
        """(student, skill) -> the student's right/wrong answers in order."""
        q = (
            select(Attempt.student_id, Attempt.skill, Attempt.correct)
            .where(Attempt.class_id == int(class_id), Attempt.correct.is_not(None))
            .order_by(Attempt.id)
        )
        if student_id is not None:
            q = q.where(Attempt.student_id == int(student_id))
        out: dict[tuple[int, str], list[bool]] = defaultdict(list)
        for sid, skill, correct in self.db.read(lambda s: list(s.execute(q))):
            out[(sid, skill)].append(bool(correct))
        return dict(out)

    def mastery(self, class_id: int, student_id: int | None = None) -> dict[tuple[int, str], float]:
        """BKT mastery per (student, skill) with the class's fitted parameters (defaults where
        a skill has too little data)."""
        params = self.params(class_id)
        return {
            key: bkt.mastery(seq, params.get(key[1], bkt.DEFAULTS))
            for key, seq in self.answers(class_id, student_id).items()
        }

    def refit(self, class_id: int) -> dict[str, bkt.BKTParams]:
        """Fit BKT per skill from the class's answers where there are enough
        (`MIN_FIT_STUDENTS`, `MIN_FIT_OBSERVATIONS`); returns the fitted skills' parameters."""
        by_skill: dict[str, list[list[bool]]] = defaultdict(list)
        for (_sid, skill), seq in self.answers(class_id).items():
            by_skill[skill].append(seq)
        fitted = {}
        for skill, seqs in by_skill.items():
            n = sum(len(q) for q in seqs)
            if len(seqs) >= bkt.MIN_FIT_STUDENTS and n >= bkt.MIN_FIT_OBSERVATIONS:
                fitted[skill] = (bkt.fit(seqs), n)

        def write(s: Session) -> None:
            for skill, (p, n) in fitted.items():
                s.merge(
                    SkillParams(
                        class_id=int(class_id),
                        skill=skill,
                        p_init=p.p_init,
                        p_learn=p.p_learn,
                        p_guess=p.p_guess,
                        p_slip=p.p_slip,
                        observations=n,
                        fitted_at=utcnow(),
                    )
                )

        if fitted:
            self.db.write(write)
        return {k: v[0] for k, v in fitted.items()}


def when(t: datetime | None) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S") if t else ""
