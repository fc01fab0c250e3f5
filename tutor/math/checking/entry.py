"""The checks' entry points in the SymPy worker (called by name through the pool from
:mod:`tutor.math.checking.api`): solve the problem here, then check the answer or the lines."""

from __future__ import annotations

import re

from tutor.math.checking.kinds import _check_solution
from tutor.math.checking.student import _student, _student_verdict
from tutor.math.checking.values import _none
from tutor.math.parse import i_reading, imaginary_unit
from tutor.math.problems import Unsupported
from tutor.math.solver import solve_here
from tutor.math.verdicts import NONE, WRONG

_NOT_SETTLEABLE = re.compile(
    r"\b(?:prove|proof|explain|why|show\s+that|justify|describe|"
    r"what\s+does|meaning)\b",
    re.IGNORECASE,
)


def _verify_worker(problem: str, answer: str, tail: str, weak: bool = False) -> dict:
    if _NOT_SETTLEABLE.search(problem):
        return _none("not a problem SymPy can settle (proof / explanation)")
    try:
        sol = solve_here(problem)
    except Unsupported as exc:
        out = _none(exc.reason)
    else:
        with imaginary_unit(i_reading()):  # the reply's `i` as the problem's
            out = _check_solution(sol, answer, tail)
        out["kind"] = sol.kind
    if weak and out["status"] == WRONG:
        return {
            **_none("the reply states no clear final answer, so it is not marked wrong"),
            "kind": out["kind"],
        }
    return out


def _verify_many_worker(jobs) -> list[dict]:
    out = []
    for problem, answer, tail, weak in jobs:
        try:
            out.append(_verify_worker(problem, answer, tail, weak))
        except Exception as exc:  # noqa: BLE001
            out.append(_none(f"{type(exc).__name__}"))
    return out


def _student_worker(problem: str, lines: list[str]) -> dict:
    if _NOT_SETTLEABLE.search(problem):
        return _student(NONE, "SymPy can't settle this kind of question.")
    try:
        sol = solve_here(problem)
    except Unsupported as exc:
        return _student(NONE, exc.reason)
    with imaginary_unit(i_reading()):  # the student's `i` as the problem's
        return _student_verdict(sol, lines)
