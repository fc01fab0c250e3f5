"""Small SymPy helpers shared by several solver families: exact rationals for floats, the
degree of a polynomial, "subtract 7 from both sides", the variable to work in, the simplest form.
"""

from __future__ import annotations

from tutor.math.parse import latex, sort_symbols, sympy_module
from tutor.math.problems import Unsupported


def ratify(e):
    """The expression with its floats made exact rationals."""
    sp = sympy_module()
    if e.has(sp.Float):
        return sp.nsimplify(e, rational=True)
    return e


def poly_degree(expr, x):
    """(degree, Poly) of ``expr`` as a polynomial in ``x`` with numeric coefficients, else (None, None)."""
    sp = sympy_module()
    try:
        p = sp.Poly(expr, x)
    except Exception:
        return None, None
    if any(c.free_symbols for c in p.all_coeffs()):
        return None, None
    return p.degree(), p


def move_text(term, x_side: str) -> str:
    """'Subtract 7 from' / 'Add 7 to' for removing ``term`` from a side."""
    sympy_module()
    neg = term.could_extract_minus_sign()
    mag = -term if neg else term
    return (f"Add ${latex(mag)}$ to" if neg else f"Subtract ${latex(mag)}$ from") + " both sides"


def pick_var(expr, name=None):
    """The variable to differentiate or integrate by: ``name``, the only one, or x / t / y."""
    sp = sympy_module()
    if name:
        return sp.Symbol(name)
    syms = sort_symbols(expr.free_symbols)
    if not syms:
        return sp.Symbol("x")
    if len(syms) == 1:
        return syms[0]
    for n in ("x", "t", "y"):
        if sp.Symbol(n) in syms:
            return sp.Symbol(n)
    raise Unsupported("Please say which variable to use (e.g. 'with respect to x').")


def simplest_form(e):
    """The shortest of ``e`` as it is, simplified, factored and expanded."""
    sp = sympy_module()
    cands = [e, sp.simplify(e), sp.factor(e), sp.expand(e)]
    return min(cands, key=lambda t: (sp.count_ops(t), len(str(t))))
