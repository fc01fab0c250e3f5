"""Lines with an unknown, checked as equations (issue 25): "3y + 10 + 20 = 45" then "3y = 15" then
"y = 5" is a chain of equations, each implied by the one before — never arithmetic statements.
Runs in the SymPy worker (:func:`first_unimplied_line`, called through the pool).

Read conservatively, so that a right line is never called wrong: a line counts only when the whole
line (after "so", "then", "therefore" …) is one equation ``left = right`` in one single-letter
unknown, linear in it, that the checks' reader (:func:`tutor.math.checking.values._parse`) reads on
both sides; "5 x 3 = 15" is a product (the arithmetic check's), a unit word makes it unreadable.
The first such equation (or one in the problem's own text) fixes the unknown's value; each later
equation in the same unknown must hold at that value. The first that does not is the first wrong
line, with the value its written number should have had and the kind of slip."""

from __future__ import annotations

import re

from tutor.math.checking.values import _parse, _sp
from tutor.math.parse import exact_number

__all__ = ["first_unimplied_line", "first_unimplied_many", "read_equation", "readings"]

MAX_LINES = 60
_LEAD = re.compile(
    r"^(?:(?:so|then|thus|therefore|hence|now|and|which\s+gives|this\s+gives|we\s+get|giving)\b[,:]?\s*)+",
    re.IGNORECASE,
)
# the problem's own words around its equation: "Solve for x: …", "Solve … for q."
_ASK = re.compile(
    r"^(?:solve(?:\s+for\s+[a-z])?|find\s+[a-z]\s+(?:if|when|given\s+that)|given\s+that|if)\s*:?\s*",
    re.IGNORECASE,
)
_TERM = r"(?:[\d.()+\-*/^ ]|(?<![A-Za-z])[a-z](?![A-Za-z]))"
_EQUATION_RUN = re.compile(rf"{_TERM}*(?:[\d)]|(?<![A-Za-z])[a-z])\s*=\s*{_TERM}+")
_TIMES_X = re.compile(r"\d\s*[xX]\s*\d")


def read_equation(line: str):
    """(lhs, rhs, unknown) when `line` is one linear equation in one single-letter unknown, else None.
    A line starting "- " is read with its minus (see :func:`readings` for the bullet reading)."""
    found = readings(line)
    return found[0] if found else None


def readings(line: str) -> list:
    """The ways `line` reads as one linear equation in one unknown: none, one, or two when it starts
    with "- " (a minus, or a Markdown bullet: "- m = 1" in a derivation, "- 3y = 15" in a list)."""
    s = line.strip()
    s = re.sub(r"^(?:[*•]|\d+[.)])\s+", "", s)  # a list marker
    s = _LEAD.sub("", s).strip()
    s = re.sub(r"^\$+|\$+$|^\\[(\[]|\\[)\]]$", "", s).strip()
    s = re.sub(r"\\q?quad\s*\(\d+\)\s*$", "", s)  # an equation's label "\quad (2)"
    s = re.sub(r"[.;,:]+$", "", s).strip().strip("$").strip()
    texts = [s, s[1:].lstrip()] if re.match(r"-\s", s) else [s]
    out = []
    for text in texts:
        eq = _one_reading(text)
        if eq is not None:
            out.append(eq)
    return out


def _one_reading(s: str):
    sp = _sp()
    if s.count("=") != 1 or re.search(r"[<>≤≥≠%]|\\(?:le|ge|ne|approx)", s) or _TIMES_X.search(s):
        return None
    if len(s) > 200 or re.search(r"[A-Za-z]{2,}", re.sub(r"\\[A-Za-z]+", "", s)):
        return None  # words ("apples", "total") make it a sentence, not an equation
    left, right = s.split("=")
    lhs, rhs = _parse(left), _parse(right)
    if lhs is None or rhs is None:
        return None
    unknowns = (lhs - rhs).free_symbols
    if len(unknowns) != 1:
        return None
    (x,) = unknowns
    if len(str(x)) != 1:
        return None
    try:
        poly = sp.Poly(sp.expand(lhs - rhs), x)
    except Exception:  # noqa: BLE001 - not a polynomial in x (1/x, sqrt(x))
        return None
    if poly.degree() != 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    return lhs, rhs, x


def _root(lhs, rhs, x):
    sp = _sp()
    roots = sp.solve(sp.Eq(lhs, rhs), x)
    return roots[0] if len(roots) == 1 else None


def _written_number(side) -> bool:
    return not side.free_symbols


def _slip(lhs, rhs, x, value) -> dict:
    """What the wrong line should have said: its number side made to agree at `value`."""
    sp = _sp()
    latex = sp.latex
    if _written_number(rhs):
        should, written, other = lhs.subs(x, value), rhs, lhs
        fixed = f"{latex(other)} = {latex(should)}"
    elif _written_number(lhs):
        should, written, other = rhs.subs(x, value), lhs, rhs
        fixed = f"{latex(should)} = {latex(other)}"
    else:
        return {"expected": f"{latex(x)} = {latex(value)}", "slip": "arithmetic", "written": None}
    should = exact_number(should)
    slip = "sign" if should != 0 and sp.simplify(should + written) == 0 else "arithmetic"
    return {"expected": fixed, "slip": slip, "written": latex(written), "value": latex(should)}


def _problem_values(problem: str) -> dict:
    """{unknown: value} from the problem's own equations ("Solve 3x + 7 = 22", "Solve 2a + 3b = 12,
    a - b = 1 for a."): linear, read whole, with one solution for every unknown; else {}."""
    sp = _sp()
    eqs = []
    for text in re.split(r"(?<=[.?!])\s+|\n|,|;|\band\b", problem or "")[:20]:
        text = _ASK.sub("", text.strip().strip("{}").strip())
        text = re.sub(r"\s+for\s+[a-z]\s*[.?!]?$", "", text, flags=re.IGNORECASE)
        text = re.sub(r"[.?!{}]+$", "", text).strip()
        if re.search(r"[A-Za-z]{2,}", re.sub(r"\\[A-Za-z]+", "", text)):
            run = _EQUATION_RUN.search(text)  # "… a number x with 2x + 3 = 11": the equation alone
            text = run.group(0) if run else ""
        if text.count("=") != 1:
            continue
        left, right = text.split("=")
        lhs, rhs = _parse(left), _parse(right)
        if lhs is None or rhs is None or not (lhs - rhs).free_symbols:
            continue
        if any(len(str(s)) != 1 for s in (lhs - rhs).free_symbols):
            continue
        eqs.append(sp.Eq(lhs, rhs))
    if not eqs or len(eqs) > 4:
        return {}
    unknowns = set().union(*(e.free_symbols for e in eqs))
    try:
        if any(sp.Poly(e.lhs - e.rhs, *unknowns).total_degree() != 1 for e in eqs):
            return {}
        sols = sp.solve(eqs, sorted(unknowns, key=str), dict=True)
    except Exception:  # noqa: BLE001 - not a linear system SymPy reads
        return {}
    if len(sols) != 1 or set(sols[0]) != unknowns or any(v.free_symbols for v in sols[0].values()):
        return {}
    return dict(sols[0])


def first_unimplied_line(problem: str, lines: list[str]) -> dict | None:
    """The first line (1-based) that is an equation in an unknown not implied by the lines before it
    (and the problem's own equation in that unknown): {"line", "expected", "slip", "written",
    "value"}; None when every equation line read follows (or none is read)."""
    known: dict = _problem_values(problem)
    sp = _sp()
    for n, line in enumerate(lines[:MAX_LINES], 1):
        try:
            found = readings(line)
        except Exception:  # noqa: BLE001 - an unreadable line is not checked
            continue
        if not found:
            continue
        x = found[0][2]
        if x not in known:
            value = _root(*found[0]) if len(found) == 1 else None  # an ambiguous line fixes nothing
            if value is not None:
                known[x] = value
            continue
        value = known[x]
        try:
            holds = any(
                eq[2] == x and sp.simplify(eq[0].subs(x, value) - eq[1].subs(x, value)) == 0 for eq in found
            )
        except Exception:  # noqa: BLE001
            continue
        if not holds:
            lhs, rhs, _ = found[0]
            return {"line": n, **_slip(lhs, rhs, x, value)}
    return None


def first_unimplied_many(jobs: list[tuple[str, list[str]]]) -> list[dict | None]:
    """:func:`first_unimplied_line` for (problem, lines) pairs (one trip to the worker)."""
    out: list[dict | None] = []
    for problem, lines in jobs:
        try:
            out.append(first_unimplied_line(problem, lines))
        except Exception:  # noqa: BLE001 - a check must never break a verdict
            out.append(None)
    return out
