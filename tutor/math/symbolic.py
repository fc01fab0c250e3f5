"""The step-by-step SymPy solver: problem text -> kind -> worked :class:`Solution` (the offline
engine, and what the checks compare replies with).

Public API: :data:`CAPABILITIES`, :class:`Solution`, :class:`Unsupported`, :func:`solve`,
:func:`shutdown`. Parsing lives in :mod:`tutor.math.parse`, everyday phrasings in
:mod:`tutor.math.everyday`, the killable worker process in :mod:`tutor.math.worker`: all SymPy
work runs there, so a runaway computation is killed on timeout without hurting the caller.
This module must never import gradio.
"""

from __future__ import annotations

import re

from tutor.math.families.algebra import algebra
from tutor.math.families.common import ratify, simplest_form
from tutor.math.families.derivatives import derivative, derivative_text
from tutor.math.families.equations import solve_equations
from tutor.math.families.inequalities import has_inequality, inequality_text
from tutor.math.families.integrals import integral, integral_text
from tutor.math.families.limits import latex_direction, limit, limit_text
from tutor.math.families.numbers import (
    arithmetic,
    arithmetic_problem,
    decimal_text,
    number_latex,
    number_problem,
    try_percentage,
)
from tutor.math.parse import latex, parse_any, parse_latex, parse_plain, precheck, sympy_module
from tutor.math.problems import CAPABILITIES, MatrixData, Solution, Timeout, Unsupported
from tutor.math.worker import call, request, shutdown

__all__ = [
    "CAPABILITIES",
    "Solution",
    "Unsupported",
    "Timeout",
    "solve",
    "call",
    "shutdown",
    # used by the other modules of the math core (worker side)
    "precheck",
    "solve_here",
    "sympy_module",
    "parse_any",
    "parse_plain",
    "parse_latex",
    "ratify",
    "simplest_form",
    "decimal_text",
    "number_latex",
    "bare_expression",
    "number_problem",
    "solve_equations",
]

MAX_SOLUTION_CHARS = 20_000


def solve(text: str, timeout: float = 5.0) -> Solution:
    """Solve ``text`` step by step.  Raises :class:`Unsupported` for anything it cannot handle."""
    cleaned = precheck(text)
    status, payload = request(cleaned, timeout, "solve")
    if status == "ok" and isinstance(payload, Solution):
        return payload
    raise Unsupported(str(payload))


_POLITE = re.compile(
    r"^(?:(?:please|kindly|hey|hi|hello|ok|okay|now|so|can you|could you|would you|will you|help me|"
    r"i need to|i want to|i'd like to|let's|lets|tutor|show me how to|show me|how do i|how do you|"
    r"what is|what's|whats|what are|find|compute|calculate|evaluate|determine|work out|give me|tell me|"
    r"get)\b[\s,:]*)+",
    re.IGNORECASE,
)


_TRAILING = re.compile(r"(?:[\s?.!]|\bplease\b|\bthanks?\b|\bthank you\b|\bfor me\b)+$", re.IGNORECASE)


def _strip_polite(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _POLITE.sub("", s).strip()
        s = _TRAILING.sub("", s).strip()
        s = re.sub(
            r"^(?:the|a|an)\s+(?=(?:value|derivative|integral|limit|definite|indefinite|"
            r"antiderivative|solution|simplified|expanded|factored|answer)\b)",
            "",
            s,
            flags=re.IGNORECASE,
        ).strip()
        s = re.sub(r"^(?:value of|answer to|result of)\s+", "", s, flags=re.IGNORECASE).strip()
    return s


def solve_here(text: str) -> Solution:
    from tutor.math.everyday import try_everyday

    sol = try_everyday(text.strip())
    if sol is not None:
        return sol
    s = _strip_polite(text.strip())
    s = s.rstrip(":").strip()
    if not s:
        raise Unsupported("I couldn't find a maths problem in that message.")
    low = s.lower()

    sol = try_percentage(s)
    if sol is not None:
        return sol
    sol = number_problem(s)
    if sol is not None:
        return sol

    if has_inequality(s):
        return inequality_text(s)
    sol = try_matrix(s)
    if sol is not None:
        return sol
    m = re.match(r"^(?:solve|solution (?:of|to))\b[\s:]*(.*)$", s, re.IGNORECASE | re.DOTALL)
    if m:
        return solve_equations(m.group(1))
    for kind, pat in (
        ("simplify", r"simplify|simplification of|simplified form of|reduce"),
        ("expand", r"expand|expansion of|multiply out|expanded form of"),
        ("factor", r"factor|factorise|factorize|factorization of|factorisation of|factored form of"),
    ):
        m = re.match(rf"^(?:{pat})\b[\s:]*(.*)$", s, re.IGNORECASE | re.DOTALL)
        if m:
            return algebra(kind, _strip_polite(m.group(1)))
    if re.match(
        r"^(?:(?:the\s+)?(?:first|second|third|2nd|3rd)\s+derivative|differentiate|derivative|"
        r"d\s*/\s*d[a-z]\b|\\frac\s*\{\s*d\s*\}|derive)",
        low,
    ):
        return derivative_text(s)
    if re.match(r"^(?:integrate|integral|antiderivative|definite integral|indefinite integral|\\int)", low):
        return integral_text(s)
    if re.match(r"^(?:limit|lim\b|\\lim)", low):
        return limit_text(s)
    if "=" in s and not re.search(r"\\int|\\lim|\\frac\s*\{\s*d\s*\}", s):
        return solve_equations(s)
    return bare_expression(s)


def bare_expression(s: str) -> Solution:
    sp = sympy_module()
    if re.search(r"\\int|\\lim|\\frac\s*\{\s*d\s*\}", s):
        expr = parse_latex(s)
        if isinstance(expr, sp.Integral):
            return integral(expr)
        if isinstance(expr, sp.Limit):
            return limit(expr.args[0], expr.args[1], expr.args[2], latex_direction(s))
        if isinstance(expr, sp.Derivative):
            return derivative(expr.expr, expr.variables)
        raise Unsupported("I couldn't tell what to do with that LaTeX.")
    shown, value, has_dec = arithmetic_problem(s)
    if isinstance(value, sp.Integral):
        return integral(value)
    if isinstance(value, sp.Limit):
        return limit(value.args[0], value.args[1], value.args[2], str(value.args[3]))
    if isinstance(value, sp.Derivative):
        return derivative(value.expr, value.variables)
    if value.free_symbols:
        return algebra("simplify", _strip_polite(s))
    return arithmetic(shown, value, has_dec)


_MAT_LATEX = re.compile(r"\\begin\{([pbBvV]?matrix)\}(.*?)\\end\{\1\}", re.DOTALL)


def _parse_matrix_text(t: str):
    """A SymPy Matrix from `[[1,2],[3,4]]` or `\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}`; None if absent."""
    sp = sympy_module()
    m = _MAT_LATEX.search(t)
    if m:
        rows = [r.split("&") for r in re.split(r"\\\\", m.group(2)) if r.strip()]
    else:
        m = re.search(r"[\[(]\s*[\[(](.*)[\])]\s*[\])]", t, re.DOTALL)
        if not m:
            return None
        rows = [r.split(",") for r in re.split(r"[\])]\s*,?\s*[\[(]", m.group(1))]
    if not rows or len(rows) > 3 or len({len(r) for r in rows}) != 1:
        raise Unsupported("I can work with square 2×2 or 3×3 matrices, written like [[1,2],[3,4]].")
    vals = [[ratify(parse_any(cell)) for cell in r] for r in rows]
    M = sp.Matrix(vals)
    if M.shape[0] != M.shape[1] or M.shape[0] < 2:
        raise Unsupported("Determinants and inverses need a square matrix (2×2 or 3×3).")
    return M


def try_matrix(s: str):
    """The determinant or inverse of a 2×2 / 3×3 matrix in ``s``, or None when it asks neither."""
    t = s.strip()
    m = re.match(
        r"^(?:the\s+)?(determinant|det|inverse|invert)\b(?:\s+(?:matrix|of))*\s*(?:the\s+)?(?:matrix\s*)?(.*)$",
        t,
        re.I | re.DOTALL,
    )
    what = None
    if m:
        what, body = ("det" if m.group(1).lower().startswith("det") else "inv"), m.group(2)
    elif re.match(r"^\\det\b", t):
        what, body = "det", t[4:]
    elif re.fullmatch(r"\s*\\begin\{vmatrix\}.*\\end\{vmatrix\}\s*", t, re.DOTALL):
        what, body = "det", t
    elif _MAT_LATEX.search(t) and re.search(r"\^\s*\{?\s*-\s*1\s*\}?\s*$", t):
        what, body = "inv", t
    if what is None:
        return None
    A = _parse_matrix_text(body)
    if A is None:
        raise Unsupported("Write the matrix like [[1,2],[3,4]] or with \\begin{pmatrix}...\\end{pmatrix}.")
    return _determinant(A) if what == "det" else _inverse(A)


def _vm(A) -> str:
    """A matrix as |...| (determinant bars)."""
    return (
        latex(A, mat_delim="")
        .replace("\\begin{matrix}", "\\begin{vmatrix}")
        .replace("\\end{matrix}", "\\end{vmatrix}")
    )


def _paren_latex(e) -> str:
    """LaTeX of a number, parenthesised when negative (for products)."""
    t = latex(e)
    return f"\\left({t}\\right)" if (e.could_extract_minus_sign() or isinstance(e, sympy_module().Add)) else t


def _det_steps(A):
    sp = sympy_module()
    n = A.shape[0]
    steps = []
    if n == 2:
        a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
        det = sp.expand(a * d - b * c)
        steps.append(
            f"For a $2\\times 2$ matrix $\\begin{{vmatrix}} a & b \\\\ c & d \\end{{vmatrix}} = ad - bc$: "
            f"$${_vm(A)} = {_paren_latex(a)} \\cdot {_paren_latex(d)} - {_paren_latex(b)} \\cdot {_paren_latex(c)} = {latex(a * d)} - {_paren_latex(b * c)} = {latex(det)}$$"
        )
        return det, steps
    steps.append(
        "Use **cofactor expansion** along the first row: $\\det A = a_{11}M_{11} - a_{12}M_{12} + "
        "a_{13}M_{13}$, where $M_{1j}$ is the $2\\times 2$ minor left after deleting row 1 and column $j$."
    )
    terms, parts = [], []
    for j in range(3):
        minor = A.minor_submatrix(0, j)
        md = sp.expand(minor.det())
        sign = "+" if j % 2 == 0 else "-"
        steps.append(
            f"$M_{{1{j + 1}}} = {_vm(minor)} = {_paren_latex(minor[0, 0])} \\cdot {_paren_latex(minor[1, 1])} - "
            f"{_paren_latex(minor[0, 1])} \\cdot {_paren_latex(minor[1, 0])} = {latex(md)}$"
        )
        terms.append((-1) ** j * A[0, j] * md)
        parts.append(f"{sign if j else ''} {_paren_latex(A[0, j])} \\cdot {_paren_latex(md)}")
    det = sp.expand(sum(terms))
    steps.append(f"So $$\\det A = {' '.join(parts)} = {latex(det)}$$")
    return det, steps


def _determinant(A) -> Solution:
    sp = sympy_module()
    problem = f"\\det {latex(A)}"
    steps = [f"We want the determinant of $$A = {latex(A)}$$"]
    det, st = _det_steps(A)
    steps += st
    if sp.simplify(det - A.det()) != 0:  # pragma: no cover - safety net
        det = sp.expand(A.det())
    if det == 0:
        steps.append("The determinant is $0$, so the matrix is **singular** (it has no inverse).")
    return Solution("determinant", problem, steps, latex(det), det, MatrixData(A))


def _inverse(A) -> Solution:
    sp = sympy_module()
    n = A.shape[0]
    problem = f"{latex(A)}^{{-1}}"
    steps = [
        f"We want the inverse of $$A = {latex(A)}$$",
        "A matrix is invertible exactly when its determinant is not $0$; then "
        "$A^{-1} = \\frac{1}{\\det A}\\operatorname{adj}(A)$. First the determinant:",
    ]
    det, st = _det_steps(A)
    steps += st
    if sp.simplify(det) == 0:
        steps.append(
            "$\\det A = 0$, so $A$ is **singular**: it has **no inverse** (its rows are linearly dependent)."
        )
        return Solution(
            "inverse",
            problem,
            steps,
            "\\text{no inverse (the matrix is singular)}",
            None,
            MatrixData(A, singular=True),
        )
    if n == 2:
        a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
        adj = sp.Matrix([[d, -b], [-c, a]])
        steps.append(
            f"For a $2\\times 2$ matrix, swap the diagonal entries and change the sign of the other two: "
            f"$$\\operatorname{{adj}}(A) = {latex(adj)}$$"
        )
    else:
        minors = sp.Matrix(3, 3, lambda i, j: sp.expand(A.minor_submatrix(i, j).det()))
        cof = sp.Matrix(3, 3, lambda i, j: (-1) ** (i + j) * minors[i, j])
        adj = cof.T
        steps.append(
            f"Matrix of minors (each entry is the determinant left after deleting its row and column): "
            f"$${latex(minors)}$$"
        )
        steps.append(
            f"Apply the checkerboard of signs $\\begin{{smallmatrix}} + & - & + \\\\ - & + & - \\\\ + & - & + "
            f"\\end{{smallmatrix}}$ to get the cofactors: $${latex(cof)}$$"
        )
        steps.append(f"Transpose to get the adjugate: $$\\operatorname{{adj}}(A) = {latex(adj)}$$")
    inv = (adj / det).applyfunc(sp.simplify)
    steps.append(
        f"Divide by $\\det A = {latex(det)}$: $$A^{{-1}} = \\frac{{1}}{{{latex(det)}}}{latex(adj)} = {latex(inv)}$$"
    )
    prod = (A * inv).applyfunc(sp.simplify)
    steps.append(f"Check: $A A^{{-1}} = {latex(prod)} = I$ ✓")
    return Solution("inverse", problem, steps, latex(inv), inv, MatrixData(A))
