"""A student's lines of work: the final answer checked, the first line that does not follow
found, and the message for the student (never the full solution). Runs in the SymPy worker."""

from __future__ import annotations

import re

from tutor.math.checking.equations import _satisfies
from tutor.math.checking.kinds import _EXPR_KINDS, _NUMERIC_KINDS, _check_solution
from tutor.math.checking.values import _equivalent, _parse, _same_value, _sp, _typed
from tutor.math.problems import EquationData, FunctionData
from tutor.math.verdicts import NONE, VERIFIED, WRONG

# --------------------------------------------------------------------------- student checks


def _line_sides(line: str):
    """(lhs, rhs) expressions of an equation line, or (None, expr) for an expression line."""
    s = line.strip().lstrip("=").strip()
    s = re.sub(r"^(?:so|then|thus|therefore|hence)\b[,:]?\s*", "", s, flags=re.IGNORECASE)
    s = s.strip().strip("$").strip()
    if s.count("=") == 1:
        l, r = s.split("=")
        return _parse(l), _parse(r)
    if "=" in s:
        return None, _parse(s.rsplit("=", 1)[1])
    return None, _parse(s)


def _student_verdict(sol, lines: list[str]) -> dict:
    final = lines[-1]
    if "=" in final and sol.kind not in (
        "linear_equation",
        "quadratic_equation",
        "linear_system",
        "exp_log_equation",
        "inequality",
    ):
        final = final.rsplit("=", 1)[1]
    verdict = _check_solution(sol, final)
    if verdict["status"] == "none" and len(lines) == 1:
        return _student(
            NONE,
            "I couldn't read your answer; write just the final answer: `x = ` and a value, or a number.",
            expected=sol.answer_latex,
        )
    wrong_at = None
    if len(lines) > 1:
        wrong_at = _first_wrong_line(sol, lines)
    if verdict["status"] == VERIFIED and wrong_at is None:
        return _student(VERIFIED, "✓ **Right!** " + _polish(verdict["check"]), expected=sol.answer_latex)
    if verdict["status"] == VERIFIED and wrong_at is not None:
        return _student(
            VERIFIED,
            f"Your final answer is right, but check line {wrong_at}: `{lines[wrong_at - 1]}` doesn't follow.",
            wrong_at,
            expected=sol.answer_latex,
        )
    msg = "✗ **Not quite.**"
    if wrong_at is not None:
        msg += f" The first step that goes wrong is line {wrong_at}: `{lines[wrong_at - 1]}`."
    elif verdict["status"] == WRONG and "is equal to the expression but" in verdict["check"]:
        msg += " " + _polish(verdict["check"]) + "."
    elif verdict["status"] == WRONG and sol.kind in (
        "linear_equation",
        "quadratic_equation",
        "linear_system",
        "exp_log_equation",
    ):
        msg += " " + _polish(_hide_expected(verdict["check"], sol)) + "."
    msg += " Try that step again, or ask for a hint."
    if verdict["status"] == NONE and wrong_at is None:
        return _student(NONE, "I couldn't read your final line as an answer.", expected=sol.answer_latex)
    return _student(WRONG, msg, wrong_at, expected=sol.answer_latex)


def _polish(check: str) -> str:
    return check[:1].upper() + check[1:] if check else ""


def _hide_expected(check: str, sol) -> str:
    # substitution of the student's own values only; never the missing solution
    return check if "misses the solution" not in check else "Your answer misses a solution."


def _student(status, message, line=None, expected=None):
    return {
        "status": status,
        "message": message,
        "first_wrong_line": line,
        "method": "sympy" if status != NONE else "none",
        "expected": expected,
    }


def _first_wrong_line(sol, lines: list[str]) -> int | None:
    """The first line whose truth differs from SymPy's solution (1-based), or None."""
    sp = _sp()
    kind = sol.kind
    for i, line in enumerate(lines, 1):
        try:
            lhs, rhs = _line_sides(line)
        except Exception:  # noqa: BLE001
            continue
        if rhs is None:
            continue
        if kind in ("linear_equation", "quadratic_equation", "linear_system", "exp_log_equation"):
            data = sol.check
            sols = data.solutions if isinstance(data, EquationData) else None
            if lhs is None or not sols:
                continue
            points = sols if isinstance(sols[0], dict) else [{data.variables[0]: r} for r in sols]
            syms = (lhs - rhs).free_symbols
            if not syms:
                continue
            for p in points:
                if all(v.is_real is not False for v in p.values()):
                    ok = _satisfies([(lhs, rhs)], {k: v for k, v in p.items()})
                    if ok is False:
                        return i
            if len(data.variables) == 1 and i == len(lines):
                x = data.variables[0]
                try:
                    got = sp.solveset(lhs - rhs, x, sp.S.Reals)
                    want = sp.FiniteSet(*[p[x] for p in points if p[x].is_real is not False])
                    if got.is_FiniteSet and got != want:
                        return i
                except Exception:  # noqa: BLE001
                    pass
        elif kind == "integral":
            fdata = _typed(sol, FunctionData)
            x, f = fdata.var, fdata.f
            if _equivalent(sp.diff(rhs, x), f) is False:
                return i
        elif kind in _EXPR_KINDS:
            if _equivalent(rhs, sol.answer) is False and (lhs is None or i == len(lines)):
                if kind == "derivative" and i < len(lines):
                    continue  # intermediate lines of a derivative are not the derivative yet
                return i
        elif kind in _NUMERIC_KINDS:
            if rhs.free_symbols:
                continue
            if _same_value(rhs, sol.answer, line) is False:
                return i
    return None
