"""Limits: direct substitution, indeterminate forms (factor and cancel, standard limits,
L'Hôpital's rule), limits at infinity and one-sided limits.
"""

from __future__ import annotations

import re

from tutor.math.families.common import ratify, simplest_form
from tutor.math.parse import latex, parse_any, parse_latex, sympy_module
from tutor.math.problems import Solution, Unsupported


def limit_text(s: str) -> Solution:
    """Solve a limit written in words or LaTeX ("limit of … as x -> a", "\\lim_{x \\to a} …")."""
    sp = sympy_module()
    if s.lstrip().startswith("\\lim"):
        expr = parse_latex(s)
        if not isinstance(expr, sp.Limit):
            raise Unsupported("I couldn't read that limit.")
        return limit(expr.args[0], expr.args[1], expr.args[2], latex_direction(s))
    m = re.match(r"^(?:the\s+)?(?:limit|lim)\b\s*(?:of\b)?\s*(.*)$", s, re.IGNORECASE | re.DOTALL)
    body = m.group(1).strip()
    arrow = r"(?:->|-->|→|\\to|\\rightarrow|approaches|tends to|goes to|=>)"
    m1 = re.match(
        rf"^(.*?)\s*,?\s*(?:as|when|for|where)\s+([A-Za-z])\s*{arrow}\s*(.+?)\s*$",
        body,
        re.IGNORECASE | re.DOTALL,
    )
    m2 = re.match(
        rf"^\(?\s*([A-Za-z])\s*{arrow}\s*([^)\s]+?)\s*\)?\s+(?:of\s+)?(.+)$", body, re.IGNORECASE | re.DOTALL
    )
    if m1:
        fb, var, pt = m1.group(1), m1.group(2), m1.group(3)
    elif m2:
        var, pt, fb = m2.group(1), m2.group(2), m2.group(3)
    else:
        raise Unsupported("Please write the limit like 'limit of sin(x)/x as x -> 0'.")
    direction = "+-"
    pm = re.match(r"^(.*?)\s*(\^?\s*[+-]|from the (left|right)|from (above|below))\s*$", pt, re.IGNORECASE)
    if pm and pm.group(1).strip():
        tail = pm.group(2).lower()
        if "left" in tail or "below" in tail or tail.endswith("-"):
            direction = "-"
        else:
            direction = "+"
        pt = pm.group(1)
    f = ratify(parse_any(fb))
    a = ratify(parse_any(pt.replace("infinity", "oo").replace("∞", "oo")))
    if a.free_symbols:
        raise Unsupported("The point the variable approaches should be a number.")
    return limit(f, sp.Symbol(var), a, direction)


def latex_direction(s: str) -> str:
    """The side of a LaTeX limit (``x \\to 0^+``): "+", "-", or "+-" for both."""
    m = re.search(r"\\to\s*[^}]*?\^\s*\{?\s*([+-])", s)
    return m.group(1) if m else "+-"


def limit(f, x, a, direction="+-") -> Solution:
    """The worked limit of ``f`` as ``x`` tends to ``a`` from ``direction`` ("+", "-", "+-")."""
    sp = sympy_module()
    f = ratify(f)
    if a.is_infinite:
        direction = "-" if a == sp.oo else "+"
    arrow = f"{latex(x)} \\to {latex(a)}" + (
        {"+": "^+", "-": "^-"}.get(direction, "") if not a.is_infinite else ""
    )
    prob = f"\\lim_{{{arrow}}} {latex(f)}"
    steps = [f"We want $${prob}$$"]
    value = sp.limit(f, x, a, direction) if direction != "+-" else None
    if value is None:
        try:
            value = sp.limit(f, x, a, "+-")
        except ValueError:
            right, left = sp.limit(f, x, a, "+"), sp.limit(f, x, a, "-")
            steps.append(
                f"The one-sided limits differ: from the right ${latex(right)}$, from the left ${latex(left)}$, "
                "so the two-sided limit does not exist."
            )
            return Solution("limit", prob, steps, "\\text{does not exist}", sp.nan)
    if value is sp.zoo or value.has(sp.zoo):
        steps.append(
            f"Near ${latex(x)} = {latex(a)}$ the function grows without bound, with different signs on the "
            "two sides, so the limit does not exist (it is unbounded)."
        )
        return Solution("limit", prob, steps, "\\text{does not exist}", sp.nan)
    n, d = sp.fraction(sp.together(f))
    direct = None
    if not a.is_infinite:
        try:
            direct = sp.simplify(f.subs(x, a))
        except Exception:
            direct = None
    if direct is not None and direct.is_finite and not direct.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        steps.append(
            f"The function is continuous at ${latex(x)} = {latex(a)}$, so use **direct substitution**: "
            f"$${latex(f.subs(x, sp.UnevaluatedExpr(a)))} = {latex(direct)}$$"
        )
        value = direct if sp.simplify(direct - value) == 0 else value
    else:
        if d.has(x):
            try:
                na, da = (
                    sp.limit(n, x, a, "+" if direction == "+-" else direction),
                    sp.limit(d, x, a, "+" if direction == "+-" else direction),
                )
            except Exception:
                na = da = None
            form = None
            if na == 0 and da == 0:
                form = "\\frac{0}{0}"
            elif na is not None and da is not None and na.is_infinite and da.is_infinite:
                form = "\\frac{\\infty}{\\infty}"
            if form:
                steps.append(f"Direct substitution gives the indeterminate form ${form}$.")
                known = {
                    sp.sin(x) / x: "\\lim_{x\\to 0}\\frac{\\sin x}{x} = 1",
                    (1 - sp.cos(x)) / x: "\\lim_{x\\to 0}\\frac{1-\\cos x}{x} = 0",
                    (sp.exp(x) - 1) / x: "\\lim_{x\\to 0}\\frac{e^x - 1}{x} = 1",
                }
                xs = sp.Symbol("x")
                fx = f.subs(x, xs)
                if a == 0 and any(sp.simplify(fx - k) == 0 for k in known):
                    k = next(k for k in known if sp.simplify(fx - k) == 0)
                    steps.append(f"This is a standard limit: ${known[k]}$.")
                g = sp.factor(f) if f.is_rational_function(x) else None
                if g is not None and not a.is_infinite and sp.gcd(n, d).has(x):
                    c = sp.cancel(f)
                    steps.append(
                        f"Factor and cancel the common factor: $${latex(sp.factor(n))} / {latex(sp.factor(d))} \\;\\to\\; {latex(c)}$$"
                    )
                    steps.append(f"Now substitute ${latex(x)} = {latex(a)}$: ${latex(c.subs(x, a))}$.")
                elif f.is_rational_function(x) and a.is_infinite:
                    p = sp.degree(d, x)
                    steps.append(
                        f"Divide numerator and denominator by ${latex(x**p)}$, the highest power in the denominator; "
                        f"terms like $\\frac{{1}}{{{latex(x)}}}$ tend to $0$."
                    )
                else:
                    num, den = n, d
                    for _ in range(3):
                        num, den = simplest_form(sp.diff(num, x)), simplest_form(sp.diff(den, x))
                        steps.append(
                            f"Apply **L'Hôpital's rule** (differentiate the numerator and denominator "
                            f"separately): $$\\lim_{{{arrow}}} \\frac{{{latex(num)}}}{{{latex(den)}}}$$"
                        )
                        try:
                            val2 = sp.simplify((num / den).subs(x, a)) if not a.is_infinite else None
                        except Exception:
                            val2 = None
                        if val2 is not None and val2.is_finite:
                            steps.append(f"Now direct substitution works: ${latex(val2)}$.")
                            break
                        if a.is_infinite:
                            break
            else:
                steps.append(
                    "Direct substitution does not give a finite number, so examine how the function behaves near the point."
                )
        elif a.is_infinite:
            steps.append(f"Examine the behaviour as ${latex(x)} \\to {latex(a)}$ (dominant terms).")
        else:
            steps.append("Direct substitution is not possible, so examine the behaviour near the point.")
    if value.has(sp.Limit):
        raise Unsupported("I couldn't evaluate that limit.")
    steps.append(f"Therefore $${prob} = {latex(value)}$$")
    return Solution("limit", prob, steps, latex(value), value)
