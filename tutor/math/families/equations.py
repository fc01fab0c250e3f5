"""Equations: "solve …" text read into one equation or a system, each sent to its solver
(polynomial, exponential/logarithmic, 2×2 or 3×3 linear system); "… for y" picks the unknown.
"""

from __future__ import annotations

import dataclasses
import re

from tutor.math.families.common import ratify
from tutor.math.families.exp_log import exp_log_equation, is_exp_log
from tutor.math.families.polynomial_equations import solve_polynomial
from tutor.math.families.systems import solve_system, solve_system3
from tutor.math.parse import latex, parse_any, sort_symbols, sympy_module
from tutor.math.problems import EquationData, Solution, Unsupported


def parse_equation(t: str, log10: bool = False):
    """``(lhs, rhs)`` of an equation with exactly one '=' (``log10``: plain ``log`` is base 10)."""
    sp = sympy_module()
    t = t.strip()
    if t.count("=") != 1:
        raise Unsupported("Each equation should contain exactly one '=' sign.")
    l, r = t.split("=")
    lhs, rhs = parse_any(l, log10=log10), parse_any(r, log10=log10)
    if lhs.has(sp.Integral, sp.Limit, sp.Derivative) or rhs.has(sp.Integral, sp.Limit, sp.Derivative):
        raise Unsupported("I can't solve equations that contain integrals, limits or derivatives.")
    return ratify(lhs), ratify(rhs)


def solve_equations(body: str) -> Solution:
    """Solve one equation in one unknown, or a linear system of 2 or 3 ("… for x" picks the unknown)."""
    sp = sympy_module()
    body = body.strip()
    var = None
    m = re.search(r"\s*(?:,\s*)?\bfor\s+([A-Za-z])\s*$", body)
    if m:
        var, body = m.group(1), body[: m.start()]
    m = re.match(r"^for\s+([A-Za-z])\s*[:,]?\s*(.*)$", body, re.DOTALL)
    if m:
        var, body = m.group(1), m.group(2)
    body = re.sub(
        r"^(?:the\s+)?(?:system|equations?|simultaneous equations)\s*(?:of equations)?[\s:]*",
        "",
        body,
        flags=re.IGNORECASE,
    )
    if "=" not in body:
        raise Unsupported("To solve something I need an equation with an '=' sign.")
    parts = [p for p in re.split(r"\s*(?:,|;|\band\b|\\\\|\\text\s*\{\s*and\s*\}|\n)\s*", body) if p.strip()]
    log10 = bool(re.search(r"(?<!\\)\blog\b", body))  # plain-text log = log10 in equations
    eqs = [parse_equation(p, log10=log10) for p in parts]
    syms = set()
    for l, r in eqs:
        syms |= (l - r).free_symbols
    if len(eqs) == 1:
        lhs, rhs = eqs[0]
        if var is not None:
            x = sp.Symbol(var)
            if x not in syms:
                raise Unsupported(f"The variable {var} doesn't appear in the equation.")
            if syms - {x}:
                raise Unsupported("I can only solve equations with one unknown (no extra letters).")
        elif len(syms) == 1:
            x = next(iter(syms))
        elif not syms and len(lhs.free_symbols | rhs.free_symbols) == 1:
            x = next(iter(lhs.free_symbols | rhs.free_symbols))  # x + 1 = x + 1: it cancels
        elif not syms:
            raise Unsupported("That equation has no unknown to solve for.")
        else:
            raise Unsupported(
                "I can solve single equations in one unknown, or a system of two equations in two unknowns."
            )
        if is_exp_log(lhs - rhs, x):
            return exp_log_equation(lhs, rhs, x)
        return solve_polynomial(lhs, rhs, x)
    if len(eqs) == 2 and len(syms) == 2:
        return _asked(solve_system(eqs, sort_symbols(syms)), var)
    if len(eqs) == 3 and len(syms) == 3:
        return _asked(solve_system3(eqs, sort_symbols(syms)), var)
    raise Unsupported(
        "I can solve one equation in one unknown, or a linear system of two equations in two "
        "unknowns or three equations in three unknowns."
    )


def _asked(sol: Solution, var: str | None) -> Solution:
    """A system solved "for v": the answer is v's value (the other unknowns stay in the steps)."""
    sp = sympy_module()
    data = sol.check
    if not var or not isinstance(data, EquationData):
        return sol
    sols = data.solutions
    if not sols or len(sols) != 1 or not isinstance(sols[0], dict):
        return sol
    x = sp.Symbol(var)
    if x not in sols[0]:
        raise Unsupported(f"The variable {var} doesn't appear in the equations.")
    value = sols[0][x]
    sol.steps.append(f"The question asks for ${latex(x)}$: $${latex(x)} = {latex(value)}$$")
    sol.answer_latex = f"{latex(x)} = {latex(value)}"
    sol.check = dataclasses.replace(data, asked=x)
    return sol
