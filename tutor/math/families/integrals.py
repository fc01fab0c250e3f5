"""Integrals: indefinite ones with SymPy's textbook rules (manualintegrate) explained step by
step, definite and improper ones with the Fundamental Theorem of Calculus.
"""

from __future__ import annotations

import dataclasses
import re

from tutor.math.families.common import pick_var, ratify, simplest_form
from tutor.math.parse import latex, parse_any, parse_latex, sympy_module
from tutor.math.problems import FunctionData, Solution, Unsupported


def integral_text(s: str) -> Solution:
    """Solve an integral written in words or LaTeX ("integrate … from a to b", "\\int …")."""
    sp = sympy_module()
    if s.lstrip().startswith("\\int"):
        expr = parse_latex(s)
        if not isinstance(expr, sp.Integral):
            raise Unsupported("I couldn't read that integral.")
        return integral(expr)
    m = re.match(
        r"^(?:(?:the\s+)?(?:definite|indefinite)\s+)?(?:integrate|integral|antiderivative)\b\s*(?:of\b)?\s*(.*)$",
        s,
        re.IGNORECASE | re.DOTALL,
    )
    if not m:
        raise Unsupported("I couldn't read that integral.")
    body = m.group(1).strip()
    if body.startswith("\\int"):
        return integral_text(body)
    lo = hi = None
    var = None
    pat_bounds = r"\s*,?\s*(?:from|between)\s+(.+?)\s+(?:to|and)\s+(.+?)\s*$"
    mb = re.match(
        r"^(?:from|between)\s+(.+?)\s+(?:to|and)\s+(.+?)\s+of\s+(.*)$", body, re.IGNORECASE | re.DOTALL
    )
    if mb:
        lo, hi, body = mb.group(1), mb.group(2), mb.group(3)
    m = re.search(r"\s*,?\s*(?:with respect to|wrt)\s+([A-Za-z])\b", body, re.IGNORECASE)
    if m:
        var = m.group(1)
        body = body[: m.start()] + body[m.end() :]
    mb = re.search(pat_bounds, body, re.IGNORECASE | re.DOTALL)
    if mb and lo is None:
        lo, hi, body = mb.group(1), mb.group(2), body[: mb.start()]
    m = re.search(r"(?:\s|\*|\))\s*d([A-Za-z])\s*$", " " + body)
    if m:
        var = var or m.group(1)
        body = (" " + body)[: m.start() + 1].strip()
    body = body.strip()
    if not body:
        raise Unsupported("Which function should I integrate?")
    f = ratify(parse_any(body))
    x = pick_var(f, var)
    if lo is not None:
        a, b = ratify(parse_any(lo)), ratify(parse_any(hi))
        if a.free_symbols or b.free_symbols:
            raise Unsupported("The limits of integration should be numbers.")
        return integral(sp.Integral(f, (x, a, b)))
    return integral(sp.Integral(f, x))


_RULE_TEXT = {
    "ConstantRule": "The integral of a constant $c$ is $c\\,x$",
    "PowerRule": "**Power rule** $\\int x^n\\,dx = \\frac{x^{n+1}}{n+1}$",
    "ReciprocalRule": "$\\int \\frac{1}{x}\\,dx = \\ln|x|$",
    "ExpRule": "**Exponential rule** $\\int e^x\\,dx = e^x$",
    "SinRule": "Standard integral $\\int \\sin x\\,dx = -\\cos x$",
    "CosRule": "Standard integral $\\int \\cos x\\,dx = \\sin x$",
    "SecTanRule": "Standard integral $\\int \\sec x \\tan x\\,dx = \\sec x$",
    "Sec2Rule": "Standard integral $\\int \\sec^2 x\\,dx = \\tan x$",
    "CscCotRule": "Standard integral $\\int \\csc x\\cot x\\,dx = -\\csc x$",
    "Csc2Rule": "Standard integral $\\int \\csc^2 x\\,dx = -\\cot x$",
    "ArctanRule": "Standard integral $\\int \\frac{1}{1+x^2}\\,dx = \\arctan x$",
    "ArcsinRule": "Standard integral $\\int \\frac{1}{\\sqrt{1-x^2}}\\,dx = \\arcsin x$",
    "AddRule": "**Linearity**: integrate term by term",
    "ConstantTimesRule": "Pull the constant factor out of the integral",
    "URule": "**Substitution**",
    "PartsRule": "**Integration by parts** $\\int u\\,dv = uv - \\int v\\,du$",
    "CyclicPartsRule": "**Integration by parts** twice (the integral reappears, so solve for it)",
    "RewriteRule": "Rewrite the integrand",
    "ErfRule": "This integral has no elementary antiderivative; it is expressed with the error function",
    "TrigSubstitutionRule": "**Trigonometric substitution**",
}


def _int_rule_lines(rule, x, out, depth=0, max_lines=10):
    sp = sympy_module()
    from sympy.integrals.manualintegrate import AlternativeRule

    if len(out) >= max_lines or rule is None:
        return
    if isinstance(rule, AlternativeRule):
        if rule.alternatives:
            _int_rule_lines(rule.alternatives[0], x, out, depth, max_lines)
        return
    name = type(rule).__name__
    try:
        res = rule.eval()
    except Exception:
        res = None
    integrand = getattr(rule, "integrand", None)
    var = getattr(rule, "variable", x)
    desc = _RULE_TEXT.get(name, "Integrate")
    if name == "URule":
        desc = f"**Substitution** $u = {latex(rule.u_func)}$, so $du = {latex(sp.diff(rule.u_func, var))}\\,d{latex(var)}$"
    elif name == "PartsRule":
        desc = (
            f"**Integration by parts** $\\int u\\,dv = uv - \\int v\\,du$ with $u = {latex(rule.u)}$, "
            f"$dv = {latex(rule.dv)}\\,d{latex(var)}$"
        )
    elif name == "RewriteRule":
        desc = f"Rewrite the integrand as ${latex(rule.rewritten)}$"
    elif name == "ConstantTimesRule":
        desc = f"Pull the constant ${latex(rule.constant)}$ out of the integral"
    ulabel = "u" if str(var).startswith("_u") else latex(var)
    if integrand is not None and res is not None and name not in ("AddRule",):
        shown_int = integrand.subs(var, sp.Symbol("u")) if ulabel == "u" else integrand
        shown_res = res.subs(var, sp.Symbol("u")) if ulabel == "u" else res
        out.append(f"{'  ' * 0}{desc}: $\\int {latex(shown_int)}\\,d{ulabel} = {latex(shown_res)}$")
    else:
        out.append(desc + ":" if name == "AddRule" else desc + ".")
    if name in ("URule",):
        pass
    for fld in dataclasses.fields(rule) if dataclasses.is_dataclass(rule) else []:
        if fld.name in ("v_step",):
            continue
        val = getattr(rule, fld.name)
        if isinstance(val, list):
            for v in val:
                if hasattr(v, "eval") and hasattr(v, "integrand"):
                    _int_rule_lines(v, x, out, depth + 1, max_lines)
        elif hasattr(val, "eval") and hasattr(val, "integrand"):
            if name == "ConstantTimesRule" and type(val).__name__ in ("PowerRule", "ConstantRule"):
                _int_rule_lines(val, x, out, depth + 1, max_lines)
            else:
                _int_rule_lines(val, x, out, depth + 1, max_lines)


def _antiderivative(f, x):
    """Return (F, step lines) for an indefinite integral."""
    sp = sympy_module()
    from sympy.integrals.manualintegrate import integral_steps, manualintegrate

    lines = []
    F = None
    try:
        rule = integral_steps(f, x)
        if "DontKnowRule" not in repr(rule):
            F = manualintegrate(f, x)
            _int_rule_lines(rule, x, lines)
    except Exception:
        F = None
    if F is None or F.has(sp.Integral):
        F = sp.integrate(f, x)
        lines = ["Use SymPy's general integration algorithm (no simple textbook rule applies directly)."]
    if F.has(sp.Integral):
        raise Unsupported("I couldn't find an antiderivative for that function.")
    Fs = simplest_form(F)
    if sp.simplify(sp.diff(Fs, x) - f) != 0:
        Fs = F
    return Fs, lines


def integral(I) -> Solution:
    """The worked integral of the SymPy ``Integral`` ``I`` (indefinite or definite)."""
    sp = sympy_module()
    f = ratify(I.function)
    limits = I.limits
    if len(limits) != 1:
        raise Unsupported("I can only do single integrals.")
    lim = limits[0]
    x = lim[0]
    if len(lim) == 3:
        a, b = ratify(lim[1]), ratify(lim[2])
        return _definite(f, x, a, b)
    prob = sp.Integral(f, x)
    steps = [f"We want the antiderivative $${latex(prob)}$$"]
    F, lines = _antiderivative(f, x)
    steps += lines
    steps.append(f"Add the constant of integration: $${latex(prob)} = {latex(F)} + C$$")
    steps.append(
        f"Check: $\\frac{{d}}{{d{latex(x)}}}\\left({latex(F)}\\right) = {latex(simplest_form(sp.diff(F, x)))}$ ✓"
    )
    return Solution("integral", latex(prob), steps, f"{latex(F)} + C", F, FunctionData(f, x))


def _definite(f, x, a, b) -> Solution:
    sp = sympy_module()
    prob = sp.Integral(f, (x, a, b))
    steps = [f"We want to evaluate $${latex(prob)}$$"]
    exact = sp.integrate(f, (x, a, b))
    if isinstance(exact, sp.Integral) or exact.has(sp.Integral):
        raise Unsupported("I couldn't evaluate that definite integral exactly.")
    if exact.has(sp.nan, sp.zoo) or exact.is_infinite:
        steps.append(
            "The integrand is unbounded on (or near) the interval, so this is an improper integral; "
            "the limits that define it do not converge, so the integral **diverges**."
        )
        ans = latex(exact) if exact.is_infinite else "\\text{diverges}"
        return Solution("definite_integral", latex(prob), steps, ans, exact if exact.is_infinite else sp.nan)
    F, lines = _antiderivative(f, x)
    steps.append(f"First find an antiderivative $F({latex(x)})$:")
    steps += lines
    steps.append(f"So $F({latex(x)}) = {latex(F)}$ (no $+C$ needed for a definite integral).")
    try:
        Fb = sp.limit(F, x, b, "-") if b.is_infinite else sp.simplify(F.subs(x, b))
        Fa = sp.limit(F, x, a, "+") if a.is_infinite else sp.simplify(F.subs(x, a))
    except Exception:
        Fb = Fa = sp.nan
    ftc = sp.simplify(Fb - Fa) if not (Fb.has(sp.nan, sp.zoo) or Fa.has(sp.nan, sp.zoo)) else sp.nan
    if a.is_infinite or b.is_infinite:
        steps.append(
            "One of the bounds is infinite, so this is an improper integral: take limits of $F$ at the bounds."
        )
    steps.append(
        f"Apply the Fundamental Theorem of Calculus: $$\\int_{{{latex(a)}}}^{{{latex(b)}}} f\\,d{latex(x)} = F({latex(b)}) - F({latex(a)})$$"
    )
    ok = ftc is not sp.nan and exact.is_finite and sp.simplify(ftc - exact) == 0
    if ok:
        steps.append(
            f"$F({latex(b)}) = {latex(Fb)}$ and $F({latex(a)}) = {latex(Fa)}$, so the integral is "
            f"${latex(Fb)} - \\left({latex(Fa)}\\right) = {latex(exact)}$."
        )
    elif exact.is_infinite or exact is sp.nan:
        steps.append("The integrand blows up (or the area is unbounded), so the integral **diverges**.")
    else:
        steps.append(
            "The integrand is not continuous on the whole interval, so the FTC must be applied piece by "
            f"piece (with limits); doing so gives ${latex(exact)}$."
        )
    val = simplest_form(exact)
    if val.is_number and not val.is_Rational and val.is_finite:
        steps.append(f"Numerically, ${latex(val)} \\approx {sp.N(val, 8)}$.")
    return Solution("definite_integral", latex(prob), steps, latex(val), val)
