"""The math core: one front door from text to a typed problem, the SymPy solver, the checks of
replies and students' work, and the grader (no Gradio here).

Public interface (stable; documented in the README)::

    from tutor.math import solve, verify, check_student, grade

    solve("Solve 3x + 7 = 22")          -> Solution (kind, steps, answer_latex, ...) or Refusal
    verify(problem, reply)              -> Verdict (status, message, line, expected, ...)
    check_student(problem, work)        -> Verdict (the same vocabulary, for a student's lines)
    grade(reply, gold)                  -> Grade (correct, extracted, method, gold)

``Verdict.status`` is one of ``verified``, ``calculations_checked``, ``calculation_error``,
``wrong``, ``none`` (see :mod:`tutor.math.verdicts`).
"""

from __future__ import annotations

from tutor.math.grading import Grade
from tutor.math.grading import grade as _grade
from tutor.math.problems import Refusal, Solution
from tutor.math.verdicts import STATUSES, Verdict

__all__ = [
    "solve",
    "verify",
    "check_student",
    "grade",
    "same_answer",
    "Solution",
    "Refusal",
    "Verdict",
    "Grade",
    "STATUSES",
]


def solve(problem: str, timeout: float = 5.0) -> Solution | Refusal:
    """Solve `problem` step by step in the killable SymPy worker: a :class:`Solution`, or a
    :class:`Refusal` that says what could not be read (never an exception for bad input)."""
    from tutor.math import client

    try:
        return client.solve(problem, timeout=timeout)
    except client.Unsupported as exc:
        return Refusal(reason=exc.reason, message=str(exc))


def verify(problem: str, reply: str, timeout: float | None = None) -> Verdict:
    """The verdict on a (model's) `reply` to `problem`."""
    from tutor.math import checks as _verify

    return _verify.verify(problem, reply, timeout=_verify.DEFAULT_TIMEOUT if timeout is None else timeout)


def check_student(problem: str, work: str, timeout: float | None = None) -> Verdict:
    """The verdict on a student's final answer or lines of work (one step a line)."""
    from tutor.math import checks as _verify

    return _verify.check_student(
        problem, work, timeout=_verify.DEFAULT_TIMEOUT if timeout is None else timeout
    )


def grade(reply: str, gold: str, timeout: float = 5.0) -> Grade:
    """Is the final answer of `reply` the `gold` answer? (``Grade.correct``, ``.extracted``).
    Runs in the killable SymPy worker (math-verify's symbolic comparison of a gold answer such as
    ``(x+y+z+w)^{40}+1`` can take minutes); raises :class:`tutor.math.problems.Unsupported`
    (``Timeout``) when it cannot finish within `timeout` s."""
    from tutor.math import client

    out = client.call("tutor.math:_cautious", "grade", str(reply), str(gold), timeout=timeout)
    return out if isinstance(out, Grade) else _grade(reply, gold)


def same_answer(a: str, b: str, timeout: float = 5.0) -> bool | None:
    """`grading.answers_equal(a, b)` in the killable worker; None when it could not be settled
    in time (a visitor's answer is never compared in the app process)."""
    from tutor.math import client
    from tutor.math.problems import Unsupported

    try:
        return bool(client.call("tutor.math:_cautious", "answers_equal", str(a), str(b), timeout=timeout))
    except Unsupported:
        return None


def _cautious(name: str, *args):
    """(In the worker) `grading.<name>(*args)` as the app's threads run it: input that can keep
    SymPy busy (huge powers, deep nesting) skips math-verify at once instead of using up the
    call's time limit (math-verify's own timeout is as long as the worker's)."""
    from tutor.math import grading

    original = grading._mv_timeout
    grading._mv_timeout = lambda: None  # type: ignore[assignment]
    try:
        return getattr(grading, name)(*args)
    finally:
        grading._mv_timeout = original  # type: ignore[assignment]
