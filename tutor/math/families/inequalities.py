"""Inequalities in one unknown: linear (the sign flips when dividing by a negative), quadratic
(roots and a test point in each interval) and double inequalities with a linear middle.
"""

from __future__ import annotations

import re

from tutor.math.families.common import move_text, poly_degree, ratify
from tutor.math.parse import exact_number, latex, parse_any, sympy_module
from tutor.math.problems import SetData, Solution, Unsupported

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
    v = exact_number(c / a)
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
