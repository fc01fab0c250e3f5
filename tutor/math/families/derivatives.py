"""Derivatives: the rule used at each step (sum, product, quotient, chain, power, exponential),
higher orders, from words ("second derivative of …", "d/dx …") or LaTeX.
"""

from __future__ import annotations

import re

from tutor.math.families.common import pick_var, ratify, simplest_form
from tutor.math.parse import latex, parse_any, parse_latex, sympy_module
from tutor.math.problems import FunctionData, Solution, Unsupported


def derivative_text(s: str) -> Solution:
    """Solve a derivative written in words or LaTeX ("second derivative of …", "d/dx …")."""
    sp = sympy_module()
    var = None
    m = re.search(r"\s*,?\s*(?:with respect to|wrt|w\.r\.t\.?)\s+([A-Za-z])\s*$", s, re.IGNORECASE)
    if m:
        var, s = m.group(1), s[: m.start()]
    order = 1
    m = re.match(
        r"^(?:(?:the\s+)?(first|second|third|2nd|3rd)\s+)?(?:differentiate|derivative(?:\s+of)?|derive)\b\s*(.*)$",
        s,
        re.IGNORECASE | re.DOTALL,
    )
    if m:
        body = m.group(2)
    else:
        m = re.match(r"^d\s*/\s*d([a-z])\s*(.*)$", s, re.IGNORECASE | re.DOTALL)
        if m:
            var, body = m.group(1), m.group(2)
        else:
            expr = parse_latex(s)
            if not isinstance(expr, sp.Derivative):
                raise Unsupported("I couldn't read that derivative.")
            return derivative(expr.expr, expr.variables)
    mo = re.match(r"^(?:the\s+)?(second|third|2nd|3rd)\s+derivative", s, re.IGNORECASE)
    if mo:
        order = 2 if mo.group(1).lower() in ("second", "2nd") else 3
    m = re.match(r"^([a-zA-Z])\s*\(\s*([a-z])\s*\)\s*=\s*(.*)$", body.strip(), re.DOTALL)
    if m:
        var, body = var or m.group(2), m.group(3)
    m = re.search(r"\s*,?\s*(?:with respect to|wrt)\s+([A-Za-z])\s*$", body, re.IGNORECASE)
    if m:
        var, body = m.group(1), body[: m.start()]
    body = body.strip()
    if not body:
        raise Unsupported("Which function should I differentiate?")
    f = ratify(parse_any(body))
    if isinstance(f, sp.Derivative):
        return derivative(f.expr, f.variables)
    x = pick_var(f, var)
    return derivative(f, (x,) * order)


_STD_DERIV = {
    "sin": "\\frac{d}{du}\\sin u = \\cos u",
    "cos": "\\frac{d}{du}\\cos u = -\\sin u",
    "tan": "\\frac{d}{du}\\tan u = \\sec^2 u",
    "exp": "\\frac{d}{du} e^u = e^u",
    "log": "\\frac{d}{du}\\ln u = \\frac{1}{u}",
    "asin": "\\frac{d}{du}\\arcsin u = \\frac{1}{\\sqrt{1-u^2}}",
    "acos": "\\frac{d}{du}\\arccos u = -\\frac{1}{\\sqrt{1-u^2}}",
    "atan": "\\frac{d}{du}\\arctan u = \\frac{1}{1+u^2}",
    "sinh": "\\frac{d}{du}\\sinh u = \\cosh u",
    "cosh": "\\frac{d}{du}\\cosh u = \\sinh u",
    "cot": "\\frac{d}{du}\\cot u = -\\csc^2 u",
    "sec": "\\frac{d}{du}\\sec u = \\sec u \\tan u",
    "csc": "\\frac{d}{du}\\csc u = -\\csc u \\cot u",
}


def _rule_name(f, x) -> str:
    sp = sympy_module()
    if not f.has(x):
        return "constant rule"
    if f == x:
        return "power rule"
    if isinstance(f, sp.Add):
        return "sum rule"
    if isinstance(f, sp.Mul):
        c, rest = f.as_independent(x, as_Add=False)
        if c != 1:
            return "constant multiple rule with the " + _rule_name(rest, x)
        n, d = sp.fraction(f)
        if d.has(x) and n.has(x):
            return "quotient rule"
        return "product rule"
    if isinstance(f, sp.Pow):
        if f.base == x and not f.exp.has(x):
            return "power rule"
        if not f.exp.has(x):
            return "chain rule (power of a function)"
        if not f.base.has(x):
            return "exponential rule" + (" with the chain rule" if f.exp != x else "")
        return "logarithmic differentiation"
    if isinstance(f, sp.Function) and len(f.args) == 1:
        return "chain rule" if f.args[0] != x else "standard derivative"
    return "differentiation rules"


def _d(f, x):
    sp = sympy_module()
    return sp.diff(f, x)


def _deriv_lines(f, x):
    sp = sympy_module()
    D = lambda g: f"\\frac{{d}}{{d{latex(x)}}}"  # noqa: E731
    dx = D(f)
    lines = []
    if not f.has(x):
        lines.append("The derivative of a constant is $0$.")
        return lines
    if isinstance(f, sp.Add):
        lines.append("Use the **sum rule**: differentiate term by term.")
        for t in f.as_ordered_terms():
            lines.append(
                f"- ${dx}\\left[{latex(t)}\\right] = {latex(simplest_form(_d(t, x)))}$ ({_rule_name(t, x)})"
            )
        return lines
    if isinstance(f, sp.Mul):
        c, rest = f.as_independent(x, as_Add=False)
        if c != 1:
            lines.append(
                f"Use the **constant multiple rule**: ${dx}\\left[{latex(c)} \\cdot g\\right] = {latex(c)} \\cdot g'$ "
                f"with $g = {latex(rest)}$."
            )
            lines += _deriv_lines(rest, x)
            return lines
        n, d = sp.fraction(f)
        if d.has(x) and n.has(x):
            un, vd = _d(n, x), _d(d, x)
            lines.append(
                f"Use the **quotient rule** $\\left(\\frac{{u}}{{v}}\\right)' = \\frac{{u'v - uv'}}{{v^2}}$ "
                f"with $u = {latex(n)}$, $v = {latex(d)}$."
            )
            lines.append(f"Then $u' = {latex(un)}$ and $v' = {latex(vd)}$.")
            lines.append(
                f"So $$f' = \\frac{{\\left({latex(un)}\\right)\\left({latex(d)}\\right) - \\left({latex(n)}\\right)"
                f"\\left({latex(vd)}\\right)}}{{\\left({latex(d)}\\right)^2}}$$"
            )
            return lines
        factors = list(f.args)
        u = factors[0]
        v = sp.Mul(*factors[1:])
        du, dv = _d(u, x), _d(v, x)
        lines.append(
            f"Use the **product rule** $(uv)' = u'v + uv'$ with $u = {latex(u)}$ and $v = {latex(v)}$."
        )
        lines.append(
            f"Then $u' = {latex(simplest_form(du))}$ ({_rule_name(u, x)}) and $v' = {latex(simplest_form(dv))}$ ({_rule_name(v, x)})."
        )
        lines.append(
            f"So $$f' = \\left({latex(simplest_form(du))}\\right)\\left({latex(v)}\\right) + \\left({latex(u)}\\right)\\left({latex(simplest_form(dv))}\\right)$$"
        )
        return lines
    if isinstance(f, sp.Pow):
        b, e = f.base, f.exp
        if not e.has(x):
            if b == x:
                lines.append(
                    f"Use the **power rule** ${dx} x^n = n x^{{n-1}}$ with $n = {latex(e)}$: "
                    f"${dx}{latex(f)} = {latex(e)} {latex(x)}^{{{latex(e - 1)}}}$."
                )
            else:
                db = _d(b, x)
                lines.append(
                    f"Use the **chain rule** with the power rule: the outer function is $u^{{{latex(e)}}}$ and the "
                    f"inner function is $u = {latex(b)}$, with $u' = {latex(simplest_form(db))}$."
                )
                lines.append(
                    f"So $$f' = {latex(e)}\\left({latex(b)}\\right)^{{{latex(e - 1)}}} \\cdot \\left({latex(simplest_form(db))}\\right)$$"
                )
            return lines
        if not b.has(x):
            de = _d(e, x)
            lines.append(
                f"Use the **exponential rule** ${dx} a^u = a^u \\ln a \\cdot u'$ with $a = {latex(b)}$, "
                f"$u = {latex(e)}$" + (f" (**chain rule**, $u' = {latex(de)}$)." if e != x else ".")
            )
            return lines
        lines.append(
            "Use **logarithmic differentiation**: write $f = e^{g \\ln b}$ and apply the chain rule."
        )
        return lines
    if isinstance(f, sp.Function) and len(f.args) == 1:
        name = f.func.__name__
        u = f.args[0]
        std = _STD_DERIV.get(name)
        if u == x:
            lines.append("Use the standard derivative" + (f" ${std}$." if std else "."))
        else:
            du = _d(u, x)
            lines.append(
                f"Use the **chain rule** $\\frac{{d}}{{dx}} f(u) = f'(u) \\cdot u'$: the outer function is "
                f"${latex(f.func(sp.Symbol('u')))}$ and the inner function is $u = {latex(u)}$"
                + (f" (standard derivative ${std}$)" if std else "")
                + "."
            )
            lines.append(f"The inner derivative is $u' = {latex(simplest_form(du))}$.")
        return lines
    lines.append("Apply the differentiation rules.")
    return lines


def derivative(f, variables) -> Solution:
    """The worked derivative of ``f`` by ``variables`` (one symbol, repeated for higher orders)."""
    sp = sympy_module()
    f = ratify(f)
    if any(not isinstance(v, sp.Symbol) for v in variables):
        raise Unsupported("I can only differentiate with respect to a single variable.")
    if len(set(variables)) != 1:
        raise Unsupported("I can only do ordinary derivatives in one variable.")
    x = variables[0]
    n = len(variables)
    order_txt = {1: "", 2: "second ", 3: "third "}.get(n, f"{n}th ")
    prob = sp.Derivative(f, *variables)
    steps = [f"We want the {order_txt}derivative $${latex(prob)}$$"]
    cur = f
    for k in range(n):
        if n > 1:
            steps.append(f"**Derivative number {k + 1}** of ${latex(cur)}$:")
        steps += _deriv_lines(cur, x)
        raw = _d(cur, x)
        nice = simplest_form(raw)
        if raw != nice:
            steps.append(f"Simplify: $${latex(nice)}$$")
        else:
            steps.append(f"Result: $${latex(nice)}$$")
        cur = nice
    prime = "'" * n if n <= 3 else f"^{{({n})}}"
    if len(f.free_symbols) <= 1:
        ans = f"f{prime}({latex(x)}) = {latex(cur)}" if False else latex(cur)
    else:
        ans = latex(cur)
    return Solution("derivative", latex(prob), steps, ans, cur, FunctionData(f, x, n))
