"""The verdict on a reply's final answer to a word problem the reader settled itself: the
engine's derivation (its own equations, solved by SymPy) is independent of the reply's."""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = ["check_answer"]

_NUM = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")


def _number(answer: str) -> Fraction | None:
    """The one number a final answer states ("$42", "42 apples", "\\boxed{42}", "1,250");
    None when it states none or several."""
    s = re.sub(r"\\boxed\{([^{}]*)\}", r"\1", answer)
    s = re.sub(r"\\(?:text|mathrm)\{[^{}]*\}|\\[,;!]|\$|\\\(|\\\)", " ", s)
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)
    s = re.sub(r"\\frac\{(\d+)\}\{(\d+)\}", r"\1/\2", s)
    nums = _NUM.findall(s)
    if len(set(nums)) != 1:
        return None
    try:
        return Fraction(nums[0])
    except (ValueError, ZeroDivisionError):
        return None


def _slip(tail: str) -> tuple[int | None, str]:
    """Where a wrong reply first went wrong, when one of its calculations is off: the line and
    what it should have said (the arithmetic checker of :mod:`tutor.math.calculations`)."""
    from tutor.math.calculations import check_calculations

    bad = check_calculations(tail).first_error if tail else None
    if bad is None:
        return None, ""
    return bad.line, f"line {bad.line}: {bad.left} = {bad.correct_text}, not {bad.right}"


_STATED = {"boxed", "hashes", "answer_is", "therefore", "answer_line"}


def _stated(tail: str) -> bool:
    """Does the reply state its final answer in so many words (not only as its last number)?"""
    from tutor.math.grading import extract_answer

    _, method = extract_answer(tail)
    return method.split(":")[-1] in _STATED


def check_answer(sol, answer: str, tail: str = "") -> dict:
    """verified / wrong / none as the checks' worker dicts have them (status, check, expected,
    steps, reason; `line` where a wrong reply first went wrong)."""
    value = Fraction(str(sol.answer))
    given = _number(answer)
    shown = f"{value.numerator}" if value.denominator == 1 else f"{float(value):g}"
    eqs = getattr(sol, "equations", None) or []
    equations = "; ".join(f"${e}$" for e in eqs)
    if given is None:
        return {
            "status": "none",
            "check": "",
            "expected": None,
            "steps": [],
            "reason": "could not read one number in the answer",
        }
    if given == value:
        line, where = _slip(tail)
        if line:  # the final number is right but a line on the way is not: no ✓ for the reply
            return {
                "status": "calculation_error",
                "line": line,
                "check": f"the final answer {shown} is what the problem gives (equations: {equations}), "
                f"but a calculation on the way is off, {where}",
                "expected": sol.answer_latex,
                "steps": [],
                "reason": "",
            }
        return {
            "status": "verified",
            "line": line,
            "check": f"the problem gives {shown} (equations: {equations})",
            "expected": sol.answer_latex,
            "steps": [],
            "reason": "",
        }
    if tail and not _stated(tail):
        # no "the answer is" / boxed / #### line: the number read may be a list's numbering or a
        # cut-off line, so the reply is not called wrong (the calculation checks still run)
        return {
            "status": "none",
            "check": "",
            "expected": None,
            "steps": [],
            "reason": "no clear final answer",
        }
    g = f"{given.numerator}" if given.denominator == 1 else f"{float(given):g}"
    line, where = _slip(tail)
    return {
        "status": "wrong",
        "line": line,
        "check": f"the problem gives {shown}, not {g} (equations: {equations})"
        + (f"; it first goes wrong at {where}" if line else ""),
        "expected": sol.answer_latex,
        "steps": list(sol.steps),
        "reason": "",
    }
