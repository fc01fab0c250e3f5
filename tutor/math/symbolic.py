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
from tutor.math.families.common import move_text, poly_degree, ratify, simplest_form
from tutor.math.families.derivatives import derivative, derivative_text
from tutor.math.families.equations import solve_equations
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
from tutor.math.problems import CAPABILITIES, MatrixData, SetData, Solution, Timeout, Unsupported
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


_REL_OPS = {"<": "Lt", "<=": "Le", ">": "Gt", ">=": "Ge"}


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


_INEQ_SIGN = re.compile(r"<=|>=|=<|=>|(?<!-)<|(?<!-)>|\\(?:leq?|geq?|leqslant|geqslant|lt|gt)(?![A-Za-z])")


def has_inequality(s: str) -> bool:
    """Is ``s`` an inequality (a <, >, <=, >=, \\le or \\ge sign; not an integral or a limit)?"""
    return bool(_INEQ_SIGN.search(s)) and not re.match(
        r"^(?:limit|lim\b|\\lim|integrat|integral|\\int)", s, re.I
    )


def _norm_ineq(s: str) -> str:
    s = re.sub(r"\\(?:leqslant|leq|le)(?![A-Za-z])", "<=", s)
    s = re.sub(r"\\(?:geqslant|geq|ge)(?![A-Za-z])", ">=", s)
    s = re.sub(r"\\lt(?![A-Za-z])", "<", s)
    s = re.sub(r"\\gt(?![A-Za-z])", ">", s)
    return s.replace("=<", "<=").replace("=>", ">=")


def _rel(op, a, b):
    sp = sympy_module()
    return getattr(sp, _REL_OPS[op])(a, b, evaluate=False)


def _set_words(S, x) -> str:
    """'x > 2', '2 \\le x \\le 3' ... for a simple interval (LaTeX), else the set itself."""
    sp = sympy_module()
    if isinstance(S, sp.Interval):
        a, b = S.start, S.end
        if a.is_infinite and b.is_infinite:
            return f"\\text{{every real }} {latex(x)}"
        if a.is_infinite:
            return latex(_rel("<" if S.right_open else "<=", x, b))
        if b.is_infinite:
            return latex(_rel(">" if S.left_open else ">=", x, a))
        lo = "<" if S.left_open else "\\le"
        hi = "<" if S.right_open else "\\le"
        return f"{latex(a)} {lo} {latex(x)} {hi} {latex(b)}"
    if S == sp.S.EmptySet:
        return "\\text{no solution}"
    if S == sp.S.Reals:
        return f"\\text{{every real }} {latex(x)}"
    if isinstance(S, sp.Union):
        return " \\text{ or } ".join(_set_words(a, x) for a in S.args)
    return latex(S)


def _ineq_set(expr, op, x):
    """Solution set (over the reals) of ``expr op 0``."""
    sp = sympy_module()
    xr = sp.Dummy("xr", real=True)
    return sp.solve_univariate_inequality(
        getattr(sp, _REL_OPS[op])(expr.subs(x, xr), 0), xr, relational=False
    )


def inequality_text(s: str) -> Solution:
    """Solve a linear or quadratic inequality, or a double inequality, in one unknown."""
    sp = sympy_module()
    body = re.sub(r"^(?:solve|solution (?:of|to))\b[\s:]*", "", s.strip(), flags=re.I)
    body = re.sub(r"^(?:the\s+)?inequalit(?:y|ies)\b[\s:]*", "", body, flags=re.I)
    var = None
    m = re.search(r"\s*(?:,\s*)?\bfor\s+([A-Za-z])\s*$", body)
    if m:
        var, body = m.group(1), body[: m.start()]
    body = _norm_ineq(body).strip()
    if "=" in re.sub(r"<=|>=", "", body):
        raise Unsupported("An inequality should not also contain an '=' sign (use <= or >=).")
    parts = re.split(r"\s*(<=|>=|<|>)\s*", body)
    if len(parts) not in (3, 5) or any(not p.strip() for p in parts[::2]):
        raise Unsupported("Write the inequality like `2x + 3 > 7` or `1 < 2x + 1 <= 5`.")
    exprs = [ratify(parse_any(p)) for p in parts[::2]]
    ops = parts[1::2]
    syms = set()
    for e in exprs:
        if e.has(sp.Integral, sp.Limit, sp.Derivative):
            raise Unsupported("I can't solve inequalities with integrals, limits or derivatives.")
        syms |= e.free_symbols
    if var is not None:
        x = sp.Symbol(var)
        if syms - {x}:
            raise Unsupported("I can only solve inequalities in one unknown.")
    elif len(syms) == 1:
        x = next(iter(syms))
    elif not syms:
        raise Unsupported("That inequality has no unknown to solve for.")
    else:
        raise Unsupported("I can only solve inequalities in one unknown.")
    if len(exprs) == 3:
        a, b, c = exprs
        if b.free_symbols and not (a.free_symbols or c.free_symbols) and ops[0][0] == ops[1][0]:
            return _compound_inequality(a, ops[0], b, ops[1], c, x)
        raise Unsupported(
            "For a double inequality write it like `1 < 2x + 1 <= 5` (the unknown in the middle)."
        )
    return _inequality(exprs[0], ops[0], exprs[1], x)


def _inequality(lhs, op, rhs, x, header=True) -> Solution:
    sp = sympy_module()
    problem = latex(_rel(op, lhs, rhs))
    steps = [f"We want every ${latex(x)}$ with $${problem}$$"] if header else []
    expr = sp.expand(lhs - rhs)
    deg, poly = poly_degree(expr, x)
    if deg is None or deg > 2:
        raise Unsupported(
            "I can only solve linear and quadratic inequalities (polynomials of degree 1 or 2)."
        )
    S = _ineq_set(expr, op, x)
    if deg <= 1:
        steps += _linear_ineq_steps(lhs, op, rhs, x)
        kind_deg = "linear"
    else:
        steps += _quadratic_ineq_steps(expr, op, x, S)
        kind_deg = "quadratic"
    steps.append(
        f"Solution set: $${_set_words(S, x)}, \\quad \\text{{i.e.}} \\quad {latex(x)} \\in {latex(S)}$$"
    )
    return Solution(
        "inequality",
        problem,
        steps,
        latex(S),
        S,
        SetData(x, S, (lhs, op, rhs), kind_deg),
    )


def _linear_ineq_steps(lhs, op, rhs, x):
    sp = sympy_module()
    steps = []
    L, R = sp.expand(lhs), sp.expand(rhs)
    if L != lhs or R != rhs:
        steps.append(f"Expand and simplify both sides: $${latex(_rel(op, L, R))}$$")
    aL, bL, aR, bR = L.coeff(x, 1), L.coeff(x, 0), R.coeff(x, 1), R.coeff(x, 0)
    a = aL - aR
    if aR != 0:
        steps.append(
            f"{move_text(aR * x, 'left')} to collect the ${latex(x)}$-terms on the left "
            f"(adding or subtracting the same thing keeps the sign): $${latex(_rel(op, a * x + bL, bR))}$$"
        )
    c = bR - bL
    if bL != 0:
        steps.append(f"{move_text(bL, 'left')}: $${latex(_rel(op, a * x, c))}$$")
    if a == 0:
        holds = bool(getattr(sp, _REL_OPS[op])(0, c))
        steps.append(
            f"The ${latex(x)}$-terms cancel, leaving ${latex(_rel(op, 0, c))}$, which is "
            + (
                "**always true**: every real number is a solution."
                if holds
                else "**false**: no number is a solution."
            )
        )
        return steps
    v = sp.nsimplify(c / a)
    if a.is_negative:
        nop = _FLIP[op]
        steps.append(
            f"Divide both sides by ${latex(a)}$. Because we divide by a **negative** number, the "
            f"inequality sign **flips** (${_tex_op(op)}$ becomes ${_tex_op(nop)}$): "
            f"$${latex(_rel(nop, x, v))}$$"
        )
    elif a != 1:
        nop = op
        steps.append(
            f"Divide both sides by ${latex(a)}$ (positive, so the sign stays the same): "
            f"$${latex(_rel(op, x, v))}$$"
        )
    else:
        nop = op
    inside = v + (1 if nop in (">", ">=") else -1)
    steps.append(
        f"Check with a value inside, ${latex(x)} = {latex(inside)}$: "
        f"${latex(lhs.subs(x, inside))} {_tex_op(op)} {latex(rhs.subs(x, inside))}$ ✓; at the boundary "
        f"${latex(x)} = {latex(v)}$ both sides equal ${latex(sp.simplify(lhs.subs(x, v)))}$, so it is "
        + ("included." if op in ("<=", ">=") else "excluded.")
    )
    return steps


def _tex_op(op: str) -> str:
    return {"<": "<", ">": ">", "<=": "\\le", ">=": "\\ge"}[op]


def _test_points(roots):
    """One convenient test value in each interval cut out by the sorted real ``roots``."""
    sp = sympy_module()
    pts = [sp.floor(roots[0]) - 1 if sp.floor(roots[0]) != roots[0] else roots[0] - 1]
    for a, b in zip(roots, roots[1:]):
        c = sp.floor(a) + 1
        pts.append(c if c < b else (a + b) / 2)
    pts.append(sp.ceiling(roots[-1]) + 1 if sp.ceiling(roots[-1]) != roots[-1] else roots[-1] + 1)
    return pts


def _quadratic_ineq_steps(expr, op, x, S):
    sp = sympy_module()
    steps = [f"Move every term to one side: $${latex(_rel(op, expr, 0))}$$"]
    a, b, c = sp.Poly(expr, x).all_coeffs()
    D = sp.simplify(b**2 - 4 * a * c)
    steps.append(f"Find where ${latex(expr)} = 0$: the discriminant is $\\Delta = b^2 - 4ac = {latex(D)}$.")
    if D.is_negative:
        sign = "positive" if a.is_positive else "negative"
        t = sp.Integer(0)
        steps.append(
            f"Since $\\Delta < 0$ there are no real roots, so the parabola never crosses the axis and "
            f"${latex(expr)}$ has the same sign for every ${latex(x)}$. Test ${latex(x)} = 0$: the value is "
            f"${latex(expr.subs(x, t))}$, which is {sign}."
        )
        return steps
    roots = sorted(set(sp.roots(sp.Poly(expr, x), filter=None).keys()), key=lambda r: float(r))
    roots = [r for r in roots if r.is_real]
    f = sp.factor(expr)
    if f != expr and all(r.is_rational for r in roots):
        steps.append(f"Factor: $${latex(f)} {_tex_op(op)} 0$$")
    else:
        steps.append("Use the quadratic formula $x = \\frac{-b \\pm \\sqrt{\\Delta}}{2a}$.")
    steps.append(
        "The roots are "
        + " and ".join(f"${latex(x)} = {latex(r)}$" for r in roots)
        + ". They split the number line into intervals; the sign of the quadratic can only change at a root."
    )
    pts = _test_points(roots)
    edges = [-sp.oo] + roots + [sp.oo]
    rows = []
    for (lo, hi), t in zip(zip(edges, edges[1:]), pts):
        val = expr.subs(x, t)
        ok = bool(getattr(sp, _REL_OPS[op])(val, 0))
        rows.append(
            f"- on $\\left({latex(lo)}, {latex(hi)}\\right)$ test ${latex(x)} = {latex(t)}$: value ${latex(val)}$ "
            + ("✓ satisfies" if ok else "✗ fails")
            + f" ${_tex_op(op)} 0$"
        )
    steps.append("Test one point in each interval:\n" + "\n".join(rows))
    steps.append(
        "The roots themselves give $0$, so they are "
        + (
            "**included** (the inequality allows equality)."
            if op in ("<=", ">=")
            else "**excluded** (the inequality is strict)."
        )
    )
    return steps


def _compound_inequality(a, op1, mid, op2, c, x) -> Solution:
    sp = sympy_module()
    problem = f"{latex(a)} {_tex_op(op1)} {latex(mid)} {_tex_op(op2)} {latex(c)}"
    steps = [
        f"We want every ${latex(x)}$ with $${problem}$$",
        f"This means both ${latex(_rel(op1, a, mid))}$ **and** ${latex(_rel(op2, mid, c))}$.",
    ]
    M = sp.expand(mid)
    deg, _ = poly_degree(M, x)
    if deg != 1:
        raise Unsupported("I can only solve double inequalities with a linear middle part.")
    k, b = M.coeff(x, 1), M.coeff(x, 0)
    if b != 0:
        steps.append(
            f"{move_text(b, 'left').replace('both sides', 'all three parts')}: "
            f"$${latex(a - b)} {_tex_op(op1)} {latex(k * x)} {_tex_op(op2)} {latex(c - b)}$$"
        )
    lo, hi = (a - b) / k, (c - b) / k
    o1, o2 = op1, op2
    if k.is_negative:
        o1, o2 = _FLIP[op1], _FLIP[op2]
        steps.append(
            f"Divide all three parts by ${latex(k)}$; it is **negative**, so both inequality signs **flip**: "
            f"$${latex(lo)} {_tex_op(o1)} {latex(x)} {_tex_op(o2)} {latex(hi)}$$"
        )
    elif k != 1:
        steps.append(
            f"Divide all three parts by ${latex(k)}$ (positive, signs unchanged): "
            f"$${latex(lo)} {_tex_op(o1)} {latex(x)} {_tex_op(o2)} {latex(hi)}$$"
        )
    S = _ineq_set(a - M, op1, x).intersect(_ineq_set(M - c, op2, x))
    steps.append(
        f"Solution set: $${_set_words(S, x)}, \\quad \\text{{i.e.}} \\quad {latex(x)} \\in {latex(S)}$$"
    )
    return Solution(
        "inequality",
        problem,
        steps,
        latex(S),
        S,
        SetData(x, S, (a, op1, mid, op2, c), "linear"),
    )


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
