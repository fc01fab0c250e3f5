"""Answer checkers chosen by the type of what a solution holds (issue 25), for the kinds that have
no checker of their own: a number (value compared exactly), an ordered tuple (sorting, a ratio, a
midpoint: compared element by element, in order), an equation of a line (the same line in any
form), and an answer whose written form is its meaning (a numeral in another base: compared as
written). Runs in the SymPy worker, called from :func:`tutor.math.checks._check_solution`."""

from __future__ import annotations

import re

from tutor.math.parse import exact_number

__all__ = ["checker_for", "check_by_type"]


def checker_for(sol) -> str | None:
    """Which checker reads `sol`'s answer: "form", "tuple", "line", "numeric" or None."""
    import sympy as sp

    v = sol.answer
    if isinstance(v, list) and v and all(isinstance(x, dict) and len(x) == 1 for x in v):
        v = [next(iter(x.values())) for x in v]  # [{x: -5}, {x: 5}]: the values of one unknown
    if isinstance(v, sp.Integer) and sol.answer_latex.strip() != str(v):
        return "form"  # the answer's written form is not the number's decimal numeral (base 2: "1010")
    if isinstance(v, sp.Tuple | tuple):
        return "tuple"
    if isinstance(v, list | set | frozenset | sp.FiniteSet) and all(
        isinstance(x, sp.Basic) and x.is_number for x in v
    ):
        return "set"
    if isinstance(v, sp.Equality) and v.free_symbols:
        return "line"
    if isinstance(v, sp.Set) and not isinstance(v, sp.FiniteSet):
        return "interval"
    if isinstance(v, sp.Basic) and v.is_number:
        return "numeric"
    return None


def _result(status, check="", expected=None, reason=""):
    return {"status": status, "check": check, "expected": expected, "steps": [], "reason": reason}


def _plain(ans: str) -> str:
    """The answer without its decoration: the math core's one answer normaliser
    (:func:`tutor.math.grading.normalize_answer`), assignments kept ("y = 3x + 2" is a line)."""
    from tutor.math.grading import normalize_answer

    return normalize_answer(ans, keep_assignment=True)


def _value(t: str):
    from tutor.math.parse import parse_any

    return parse_any(t.strip())


def check_by_type(sol, ans: str, numeric, tail: str = "") -> dict:
    """The verdict on `ans` by the checker :func:`checker_for` chooses; `numeric` is the math
    core's number checker (passed in: this module does not reach into checks' internals)."""
    kind = checker_for(sol)
    if kind == "numeric":
        return numeric(sol, ans)
    if kind == "form":
        said = re.sub(r"[\s{}]|_\d+$|_\{?\d+\}?$", "", _plain(ans)).upper()
        want = re.sub(r"[\s{}]|_\d+$|_\{?\d+\}?$", "", sol.answer_latex).upper()
        if not said:
            return _result("none", reason="no answer to read")
        if said == want:
            return _result("verified", f"SymPy also finds ${sol.answer_latex}$")
        return _result("wrong", f"SymPy finds ${sol.answer_latex}$, not ${_plain(ans)}$", sol.answer_latex)
    if kind == "tuple":
        return _check_tuple(sol, ans)
    if kind == "line":
        return _check_line(sol, ans)
    if kind == "set":
        return _check_set(sol, _whole_answer(ans, tail))
    if kind == "interval":
        return _check_interval(sol, ans)
    return _result("none", reason=f"no checker for {sol.kind}")


def _check_tuple(sol, ans: str) -> dict:
    import sympy as sp

    want = list(sol.answer)
    text = _plain(ans)
    text = re.sub(r"^\(|\)$", "", text.strip())
    parts = [p for p in re.split(r"\s*(?:,|:|;|\band\b|<|>)\s*", text) if p.strip()]
    if len(parts) != len(want):
        return _result("none", reason="could not read the answer as the same number of values")
    try:
        got = [exact_number(_value(p)) for p in parts]
    except Exception:  # noqa: BLE001 - an unreadable value is no verdict
        return _result("none", reason="could not read the values")
    if any(g.free_symbols for g in got):
        return _result("none", reason="the answer has letters")
    if all(sp.simplify(g - w) == 0 for g, w in zip(got, want)):
        return _result("verified", f"SymPy also finds ${sol.answer_latex}$")
    if sol.kind == "ratio" and len(got) == len(want) and all(g != 0 for g in got):
        ratios = {sp.simplify(g / w) for g, w in zip(got, want) if w != 0}
        if len(ratios) == 1:
            return _result("none", reason="an equal ratio, not in its simplest form")
    return _result("wrong", f"SymPy finds ${sol.answer_latex}$", sol.answer_latex)


def _whole_answer(ans: str, tail: str) -> str:
    """The reply's whole final statement when the extracted answer is one of several values
    ("The final answer is x = 3 or x = -3": the extraction stops at the first)."""
    from tutor.math.answer_forms import final_span

    span = final_span(tail) if tail else None
    if span and re.search(r"\bor\b|\band\b|,|±|\\pm", span) and _plain(ans).strip("x= ") in span:
        return span
    return ans


def _check_set(sol, ans: str) -> dict:
    """Several values, order free ("x = -5 or x = 5", "{-5, 5}", "±5")."""

    from tutor.math.answer_forms import split_values

    text = _plain(ans)
    m = re.fullmatch(r"(?:[a-z]\s*=\s*)?(?:±|\\pm)\s*(.+)", text)
    parts = (
        [m.group(1), "-(" + m.group(1) + ")"]
        if m
        else split_values(re.sub(r"\\text\{\s*(or|and)\s*\}", r" \1 ", text))
    )
    try:
        got = {exact_number(_value(p)) for p in parts}
    except Exception:  # noqa: BLE001
        return _result("none", reason="could not read the values")
    if any(g.free_symbols for g in got):
        return _result("none", reason="the answer has letters")
    values = [next(iter(x.values())) if isinstance(x, dict) else x for x in sol.answer]
    want = {exact_number(x) for x in values}
    if got == want:
        return _result("verified", f"SymPy also finds ${sol.answer_latex}$")
    return _result("wrong", f"SymPy finds ${sol.answer_latex}$", sol.answer_latex)


_OPS = {
    "<": "<",
    ">": ">",
    "<=": "<=",
    ">=": ">=",
    "\\le": "<=",
    "\\leq": "<=",
    "\\ge": ">=",
    "\\geq": ">=",
    "\\lt": "<",
    "\\gt": ">",
    "≤": "<=",
    "≥": ">=",
}
_OP = r"(<=|>=|<|>|\\leq?|\\geq?|\\lt|\\gt|≤|≥)"


def _check_interval(sol, ans: str) -> dict:
    """A set of real numbers: the reply's inequality (one, or a chain a < x < b) as a set."""
    import sympy as sp

    text = _plain(ans)
    chain = re.fullmatch(rf"(.+?)\s*{_OP}\s*([a-z])\s*{_OP}\s*(.+)", text)
    one = re.fullmatch(rf"([a-z])\s*{_OP}\s*(.+)", text)
    try:
        if chain:
            x = sp.Symbol(chain.group(3))
            a, b = _value(chain.group(1)), _value(chain.group(5))
            r1 = sp.Rel(a, x, _OPS[chain.group(2)])
            r2 = sp.Rel(x, b, _OPS[chain.group(4)])
            got = sp.solveset(r1, x, sp.S.Reals).intersect(sp.solveset(r2, x, sp.S.Reals))
        elif one:
            x = sp.Symbol(one.group(1))
            got = sp.solveset(sp.Rel(x, _value(one.group(3)), _OPS[one.group(2)]), x, sp.S.Reals)
        else:
            return _result("none", reason="could not read the answer as an inequality")
    except Exception:  # noqa: BLE001
        return _result("none", reason="could not read the inequality")
    if got == sol.answer:
        return _result("verified", f"SymPy also finds ${sol.answer_latex}$")
    return _result("wrong", f"SymPy finds ${sol.answer_latex}$", sol.answer_latex)


def _check_line(sol, ans: str) -> dict:
    import sympy as sp

    from tutor.math.answer_forms import line_coefficients, same_line

    want = line_coefficients(sp.latex(sol.answer.lhs) + " = " + sp.latex(sol.answer.rhs))
    got = line_coefficients(_plain(ans))
    if want is None or got is None:
        return _result("none", reason="could not read the answer as the equation of a line")
    if same_line(want, got):
        return _result("verified", f"the same line as SymPy's ${sol.answer_latex}$")
    return _result("wrong", f"SymPy finds ${sol.answer_latex}$", sol.answer_latex)
