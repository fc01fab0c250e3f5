"""Algebra: simplify, expand (binomial theorem) and factor an expression, with steps."""

from __future__ import annotations

from tutor.math.families.common import poly_degree, ratify
from tutor.math.parse import latex, parse_any, sympy_module
from tutor.math.problems import ExpressionData, Solution, Unsupported


def algebra(kind: str, body: str) -> Solution:
    """Simplify, expand or factor (``kind``) the expression ``body`` (polite phrases already removed)."""
    sp = sympy_module()
    if "=" in body:
        raise Unsupported(f"To {kind} I need an expression, not an equation.")
    expr = ratify(parse_any(body))
    if expr.has(sp.Integral, sp.Limit, sp.Derivative):
        raise Unsupported(f"I can't {kind} integrals, limits or derivatives; ask for them directly.")
    problem = latex(expr)
    steps = []
    if kind == "expand":
        res = sp.expand(expr)
        if (
            isinstance(expr, sp.Pow)
            and isinstance(expr.base, sp.Add)
            and expr.exp.is_Integer
            and expr.exp > 1
            and len(expr.base.args) == 2
        ):
            n = int(expr.exp)
            a, b = expr.base.args
            steps.append(
                f"Use the binomial theorem $(a+b)^{{{n}}} = \\sum_{{k=0}}^{{{n}}} \\binom{{{n}}}{{k}} "
                f"a^{{{n}-k}} b^k$ with $a = {latex(a)}$ and $b = {latex(b)}$."
            )
            if n <= 8:
                coeffs = ", ".join(str(sp.binomial(n, k)) for k in range(n + 1))
                steps.append(f"The binomial coefficients (row {n} of Pascal's triangle) are ${coeffs}$.")
        elif isinstance(expr, sp.Mul) or isinstance(expr, sp.Pow):
            steps.append("Distribute: multiply every term of each bracket by every term of the other(s).")
        else:
            steps.append("Expand each product and power, then collect like terms.")
        steps.append(f"Collect like terms: $${latex(res)}$$")
    elif kind == "factor":
        res = sp.factor(expr)
        content, prim = expr.as_content_primitive() if expr.is_Add else (sp.Integer(1), expr)
        if content != 1:
            steps.append(
                f"Take out the common factor ${latex(content)}$: $${latex(content)}\\left({latex(prim)}\\right)$$"
            )
        syms = list(expr.free_symbols)
        if len(syms) == 1:
            x = syms[0]
            deg, poly = poly_degree(prim, x)
            if deg == 2:
                a, b, c = poly.all_coeffs()
                if a == 1 and b.is_integer and c.is_integer:
                    roots = sp.roots(poly)
                    if all(r.is_integer for r in roots):
                        rs = list(
                            roots.elements()
                            if hasattr(roots, "elements")
                            else [r for r, m in roots.items() for _ in range(m)]
                        )
                        p, q = -rs[0], -rs[-1]
                        steps.append(
                            f"Look for two numbers whose product is ${latex(c)}$ and whose sum is ${latex(b)}$: "
                            f"${latex(p)}$ and ${latex(q)}$ (since ${latex(p)} \\cdot {latex(q)} = {latex(c)}$ and "
                            f"${latex(p)} + {latex(q)} = {latex(b)}$)."
                        )
            elif deg is not None and deg >= 2:
                rr = [r for r in sp.roots(poly, filter="Q")]
                if rr:
                    steps.append(
                        "Find rational roots (by the rational root theorem): "
                        + ", ".join(f"${latex(x)} = {latex(r)}$" for r in rr)
                        + f"; each root $r$ gives a factor $({latex(x)} - r)$."
                    )
        if isinstance(expr, sp.Add) and len(expr.args) == 2:
            a, b = expr.args
            if a.is_Pow and b.could_extract_minus_sign() and (-b).is_Pow or True:
                pass
        if res == expr:
            steps.append("The expression cannot be factored further over the rational numbers.")
        steps.append(f"Factored form: $${latex(res)}$$")
        steps.append(f"Check by expanding: ${latex(sp.expand(res))}$ ✓")
    else:
        res = _best_simplify(expr)
        n, d = sp.fraction(sp.together(expr))
        syms = expr.free_symbols
        if d != 1 and d.free_symbols:
            fn, fd = sp.factor(n), sp.factor(d)
            steps.append(
                f"Write as a single fraction and factor the numerator and the denominator: "
                f"$$\\frac{{{latex(fn)}}}{{{latex(fd)}}}$$"
            )
            g = sp.gcd(n, d)
            if g != 1 and g.free_symbols:
                steps.append(
                    f"Cancel the common factor ${latex(sp.factor(g))}$ (valid where ${latex(sp.factor(g))} \\neq 0$)."
                )
        elif expr.has(sp.sin, sp.cos, sp.tan) and res != expr:
            steps.append("Use trigonometric identities such as $\\sin^2\\theta + \\cos^2\\theta = 1$.")
        elif res != expr:
            steps.append("Expand, combine like terms and cancel where possible.")
        if res == expr:
            steps.append("The expression is already as simple as it gets.")
        steps.append(f"Result: $${latex(res)}$$")
    return Solution(kind, problem, steps, latex(res), res, ExpressionData(expr))


def _best_simplify(expr):
    sp = sympy_module()
    cands = [
        expr,
        sp.simplify(expr),
        sp.factor(sp.cancel(expr)) if expr.is_rational_function() else expr,
        sp.cancel(expr) if expr.is_rational_function() else expr,
        sp.expand(sp.simplify(expr)),
    ]
    return min(cands, key=lambda e: (sp.count_ops(e), len(str(e))))
