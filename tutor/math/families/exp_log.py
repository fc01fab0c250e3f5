"""Exponential and logarithmic equations.

In *equations*, plain-text `log` means the common logarithm log_10 (as on school calculators),
`ln` is the natural logarithm, and `log(x, b)` / LaTeX `\\log_b` have base b.  LaTeX `\\log`
without a base is read as base 10 by the LaTeX parser, which agrees.
"""

from __future__ import annotations

import functools

from tutor.math.families.common import poly_degree
from tutor.math.families.polynomial_equations import linear_steps, quadratic_steps
from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import EquationData, Solution, Unsupported


@functools.cache
def _log_printer():
    """The LaTeX printer class that shows log(u)/log(b) as \\log_b(u) (built once, on first use)."""
    sp = sympy_module()
    from sympy.printing.latex import LatexPrinter

    class _P(LatexPrinter):
        def _print_Mul(self, expr):
            inv = [
                a
                for a in expr.args
                if a.is_Pow and a.exp == -1 and isinstance(a.base, sp.log) and a.base.args[0].is_number
            ]
            logs = [a for a in expr.args if isinstance(a, sp.log) and a.args[0].free_symbols]
            if len(inv) == 1 and len(logs) == 1:
                rest = sp.Mul(*[a for a in expr.args if a is not inv[0] and a is not logs[0]])
                t = (
                    f"\\log_{{{self._print(inv[0].base.args[0])}}}"
                    f"\\left({self._print(logs[0].args[0])}\\right)"
                )
                if rest == 1:
                    return t
                if rest == -1:
                    return "- " + t
                return self._print(rest) + " " + t
            return super()._print_Mul(expr)

    return _P


def _log_latex(e) -> str:
    """LaTeX that shows log(u)/log(b) as \\log_b(u)."""
    return _log_printer()({"ln_notation": True}).doprint(e)


def is_exp_log(e, x) -> bool:
    """Does ``e`` hold a logarithm, an exponential or a power with ``x`` in it?"""
    sp = sympy_module()
    for a in sp.preorder_traversal(e):
        if isinstance(a, sp.log) and a.has(x):
            return True
        if isinstance(a, sp.exp) and a.has(x):
            return True
        if a.is_Pow and a.exp.has(x):
            return True
    return False


def _log_base_of(term, x):
    """(k, u, b) with term == k*log(u)/log(b) (b = E for ln), or None."""
    sp = sympy_module()
    c, rest = term.as_independent(x, as_Add=False)
    if not isinstance(rest, sp.log):
        return None
    u = rest.args[0]
    num, den = sp.fraction(c)
    if isinstance(den, sp.log) and den.args[0].is_number:
        return num, u, den.args[0]
    if c.has(sp.log):
        return None
    return c, u, sp.E


def exp_log_equation(lhs, rhs, x) -> Solution:
    """Solve an exponential or logarithmic equation ``lhs = rhs`` for ``x``, rejecting extraneous roots."""
    sp = sympy_module()
    problem = _log_latex(sp.Eq(lhs, rhs, evaluate=False))
    steps = [f"We want to solve $${problem}$$ for ${_log_latex(x)}$."]
    logs = sorted(
        {a for a in sp.preorder_traversal(lhs - rhs) if isinstance(a, sp.log) and a.has(x)}, key=str
    )
    domain = [sp.Gt(a.args[0], 0) for a in logs]
    if domain:
        steps.append(
            "**Domain:** a logarithm is only defined for positive arguments, so we need "
            + ", ".join(f"${_log_latex(d)}$" for d in domain)
            + ". Any candidate outside this domain must be "
            "rejected at the end."
        )
    E = sp.expand(lhs - rhs)
    cands = None
    has_exp = any(
        (a.is_Pow and a.exp.has(x)) or (isinstance(a, sp.exp) and a.has(x)) for a in sp.preorder_traversal(E)
    )
    if logs and not has_exp:
        k0, xpart = E.as_independent(x, as_Add=True)
        C = -k0
        infos = [_log_base_of(t, x) for t in sp.Add.make_args(xpart)]
        bases = {i[2] for i in infos if i}
        if all(infos) and len(bases) == 1:
            b = bases.pop()
            bl = "\\ln" if b == sp.E else f"\\log_{{{_log_latex(b)}}}"
            if b == 10:
                steps.append(
                    "Here $\\log$ means the common logarithm $\\log_{10}$ (write `ln` for the natural log)."
                )
            inner = sp.logcombine(sp.Add(*[k * sp.log(u) for k, u, _ in infos]), force=True)
            if isinstance(inner, sp.log):
                G = inner.args[0]
                if len(infos) > 1 or infos[0][0] != 1:
                    steps.append(
                        "Combine the logarithms with the log laws ($\\log u + \\log v = \\log(uv)$, "
                        "$\\log u - \\log v = \\log\\frac{u}{v}$, $k\\log u = \\log u^k$): "
                        f"$${bl}\\left({_log_latex(G)}\\right) = {_log_latex(C)}$$"
                    )
                elif k0 != 0:
                    steps.append(
                        f"Isolate the logarithm: $${bl}\\left({_log_latex(G)}\\right) = {_log_latex(C)}$$"
                    )
                rhs_val = b**C
                steps.append(
                    f"Rewrite in exponential form (${bl} u = c \\iff u = {_log_latex(b)}^c$): "
                    f"$${_log_latex(G)} = {_log_latex(rhs_val)}$$"
                )
                n, d = sp.fraction(sp.together(G - rhs_val))
                poly = sp.expand(n)
                deg, _ = poly_degree(poly, x)
                if deg == 2:
                    steps.append(f"Multiply out and move everything to one side: $${_log_latex(poly)} = 0$$")
                    roots, st = quadratic_steps(poly, sp.Integer(0), x)
                    steps += st
                    cands = roots
                elif deg == 1:
                    r, st = linear_steps(G if d == 1 else poly, rhs_val if d == 1 else sp.Integer(0), x)
                    steps += [t for t in st if not t.startswith("Check")]
                    cands = [r]
    elif has_exp and not logs:
        k0, xpart = E.as_independent(x, as_Add=True)
        c, P = xpart.as_independent(x, as_Add=False)
        if isinstance(P, sp.exp) or (P.is_Pow and not P.base.has(x)):
            a, f = (sp.E, P.args[0]) if isinstance(P, sp.exp) else (P.base, P.exp)
            R = sp.simplify(-k0 / c)
            if k0 != 0 or c != 1:
                steps.append(f"Isolate the exponential: $${_log_latex(P)} = {_log_latex(R)}$$")
            if R.is_positive is False or R == 0:
                steps.append(
                    f"An exponential ${_log_latex(a)}^{{u}}$ is always **positive**, so it can never equal ${_log_latex(R)}$: "
                    "there is no solution."
                )
                cands = []
            else:
                k = exact_number(sp.simplify(sp.log(R) / sp.log(a)))
                if k.is_rational and sp.simplify(a**k - R) == 0 and a != sp.E:
                    steps.append(
                        f"Write ${_log_latex(R)}$ as a power of ${_log_latex(a)}$: ${_log_latex(R)} = {_log_latex(a)}^{{{_log_latex(k)}}}$. "
                        f"The bases are equal, so the exponents are equal: $${_log_latex(sp.Eq(f, k))}$$"
                    )
                else:
                    k = sp.log(R) if a == sp.E else sp.log(R) / sp.log(a)
                    if a == sp.E:
                        steps.append(
                            f"Take the natural logarithm of both sides ($\\ln e^u = u$): $${_log_latex(sp.Eq(f, k))}$$"
                        )
                    else:
                        steps.append(
                            f"Take the natural logarithm of both sides and use $\\ln a^u = u \\ln a$: "
                            f"$${_log_latex(f)} \\cdot \\ln {_log_latex(a)} = \\ln {_log_latex(R)}$$, so $${_log_latex(sp.Eq(f, k))}$$"
                        )
                deg, _ = poly_degree(sp.expand(f - k), x)
                if deg == 1:
                    r, st = linear_steps(f, k, x)
                    steps += [t for t in st if not t.startswith("Check")]
                    cands = [sp.simplify(r)]
        elif not k0.has(x) and k0 == 0 and isinstance(xpart, sp.Add) and len(xpart.args) == 2:
            pass
    if cands is None:
        if has_exp and not logs:
            steps.append(
                "Take the natural logarithm of both sides (where both are positive) and solve for "
                f"${_log_latex(x)}$."
            )
        else:
            steps.append(f"Solve for ${_log_latex(x)}$ (SymPy's equation solver over the real numbers).")
        S = sp.solveset(E, x, sp.S.Reals)
        if not isinstance(S, sp.FiniteSet):
            raise Unsupported("I couldn't solve that exponential/logarithmic equation exactly.")
        cands = sorted(S, key=lambda r: float(sp.N(r)) if r.is_real else 0)
        if cands:
            steps.append(
                "Candidates: " + ", ".join(f"${_log_latex(x)} = {_log_latex(r)}$" for r in cands) + "."
            )
    roots = []
    for r in cands:
        r = exact_number(r) if r.has(sp.Float) else r
        if r.is_real is False:
            steps.append(f"Reject ${_log_latex(x)} = {_log_latex(r)}$: it is not a real number.")
            continue
        bad = [dc for dc in domain if not bool(sp.simplify(dc.subs(x, r)))]
        if bad:
            steps.append(
                f"Reject ${_log_latex(x)} = {_log_latex(r)}$: the logarithm's argument ${_log_latex(bad[0].lhs)}$ would be "
                f"${_log_latex(bad[0].lhs.subs(x, r))} \\le 0$, so the logarithm is undefined. It is an "
                "**extraneous root** (it appeared when we combined the logarithms / removed them)."
            )
            continue
        diff = sp.simplify((lhs - rhs).subs(x, r))
        if diff != 0 and abs(complex(sp.N(diff))) > 1e-9:
            steps.append(
                f"Reject ${_log_latex(x)} = {_log_latex(r)}$: it does not satisfy the original equation."
            )
            continue
        roots.append(r)
    if domain and roots:
        steps.append(
            "Domain check: "
            + ", ".join(f"${_log_latex(x)} = {_log_latex(r)}$" for r in roots)
            + " keeps every logarithm's argument positive ✓"
        )
    if not roots:
        steps.append("There is no valid (real) solution.")
        return Solution(
            "exp_log_equation",
            problem,
            steps,
            "\\text{no solution}",
            [],
            EquationData([(lhs, rhs)], [x], [], domain or None),
        )
    for r in roots:
        approx = "" if r.is_Rational else f" \\approx {sp.N(r, 6)}"
        steps.append(
            f"Check ${_log_latex(x)} = {_log_latex(r)}{approx}$ in the original equation: the left side is "
            f"${_log_latex(exact_number(sp.simplify(lhs.subs(x, r))))}$ and the right side is "
            f"${_log_latex(sp.simplify(rhs.subs(x, r)))}$ ✓"
        )
    ans = " \\text{ or } ".join(f"{_log_latex(x)} = {_log_latex(r)}" for r in roots)
    return Solution(
        "exp_log_equation",
        problem,
        steps,
        ans,
        [{x: r} for r in roots],
        EquationData([(lhs, rhs)], [x], roots, domain or None),
    )
