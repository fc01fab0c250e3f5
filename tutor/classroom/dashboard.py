"""The teacher's view of a class (no Gradio): mastery per student and skill, who is stuck, the
model replies the math core flagged, hint and answer-leak counts, and the CSV export."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from tutor.classroom.models import Attempt
from tutor.classroom.store import ClassStore, when
from tutor.security.text import csv_safe

STUCK_WRONG_IN_A_ROW = 3  # the last answers on a skill, all wrong
STUCK_HINTS = 3  # hints on a skill since the student's last right answer on it
FLAGGED = ("wrong", "calculation_error")  # the math core's verdicts on a model reply


@dataclass
class Dashboard:
    students: list[tuple[int, str]]  # (id, display name), by name
    skills: list[str]
    mastery: dict[tuple[int, str], float]  # (student id, skill) -> P(known)
    answered: dict[tuple[int, str], int]
    stuck: list[tuple[str, str, str]]  # (name, skill, why)
    flagged: list[dict]  # model replies the math core flagged
    hints: dict[str, int] = field(default_factory=dict)  # name -> hints asked
    leaks: dict[str, int] = field(default_factory=dict)  # name -> hints that gave the answer away
    fitted: list[str] = field(default_factory=list)  # skills with parameters fitted from the class


def build(store: ClassStore, class_id: int, refit: bool = True) -> Dashboard:
    fitted = sorted(store.refit(class_id)) if refit else []
    students = [(s.id, s.display_name) for s in store.students(class_id)]
    names = dict(students)
    attempts = store.attempts(class_id)
    mastery = store.mastery(class_id)
    answered: dict[tuple[int, str], int] = defaultdict(int)
    for key, _m in mastery.items():
        answered[key] = 0
    for a in attempts:
        if a.correct is not None:
            answered[(a.student_id, a.skill)] += 1
    skills = sorted(
        {k[1] for k in mastery} | {a.skill for a in attempts if a.source in ("practice", "check")}
    )
    return Dashboard(
        students=students,
        skills=skills,
        mastery=mastery,
        answered=dict(answered),
        stuck=stuck(attempts, names),
        flagged=[
            {
                "id": a.id,
                "time": when(a.time),
                "student": names.get(a.student_id, "?"),
                "skill": a.skill,
                "problem": a.problem,
                "verdict": a.verdict,
                "reply": a.reply,
            }
            for a in attempts
            if a.source == "solve" and a.verdict in FLAGGED
        ],
        hints=_count(attempts, names, lambda a: a.source == "hint"),
        leaks=_count(attempts, names, lambda a: a.source == "hint" and a.leaked),
        fitted=fitted,
    )


def _count(attempts: list[Attempt], names: dict[int, str], pred) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for a in attempts:
        if pred(a):
            out[names.get(a.student_id, "?")] += 1
    return dict(out)


def stuck(attempts: list[Attempt], names: dict[int, str]) -> list[tuple[str, str, str]]:
    """Who is stuck on what: the last `STUCK_WRONG_IN_A_ROW` answers on a skill all wrong, or
    `STUCK_HINTS` hints on a skill with no right answer since."""
    wrong_run: dict[tuple[int, str], int] = defaultdict(int)
    hints_since: dict[tuple[int, str], int] = defaultdict(int)
    for a in attempts:  # in order
        key = (a.student_id, a.skill)
        if a.source == "hint":
            hints_since[key] += 1
        elif a.correct is True:
            wrong_run[key], hints_since[key] = 0, 0
        elif a.correct is False:
            wrong_run[key] += 1
    out = []
    for key in sorted(set(wrong_run) | set(hints_since), key=lambda k: (names.get(k[0], ""), k[1])):
        reasons = []
        if wrong_run.get(key, 0) >= STUCK_WRONG_IN_A_ROW:
            reasons.append(f"{wrong_run[key]} wrong in a row")
        if hints_since.get(key, 0) >= STUCK_HINTS:
            reasons.append(f"{hints_since[key]} hints without a right answer")
        if reasons:
            out.append((names.get(key[0], "?"), key[1], "; ".join(reasons)))
    return out


CSV_COLUMNS = [
    "time",
    "student",
    "source",
    "skill",
    "difficulty",
    "problem",
    "answer",
    "verdict",
    "correct",
    "hints_used",
    "hint_gave_answer",
    "reply",
]


def export_csv(store: ClassStore, class_id: int) -> str:
    """Every attempt of the class as CSV; cells a spreadsheet would run as formulas become text."""
    names = {s.id: s.display_name for s in store.students(class_id)}
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for a in store.attempts(class_id):
        row = [
            when(a.time),
            names.get(a.student_id, "?"),
            a.source,
            a.skill,
            a.difficulty or "",
            a.problem,
            a.answer,
            a.verdict,
            "" if a.correct is None else int(a.correct),
            a.hints_used,
            int(a.leaked),
            a.reply or "",
        ]
        w.writerow([csv_safe(c) for c in row])
    return buf.getvalue()
