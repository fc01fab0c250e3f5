"""Single polynomial equations in one unknown: linear and quadratic (a rational equation is
cleared of its denominators first, and a root that makes a denominator zero is rejected).
"""

from __future__ import annotations

from tutor.math.families.common import move_text, poly_degree
from tutor.math.parse import exact_number, latex, sympy_module
from tutor.math.problems import EquationData, Solution, Unsupported


def solve_polynomial(lhs, rhs, x) -> Solution:
    """Solve ``lhs = rhs`` for ``x`` when it is linear or quadratic (after clearing denominators)."""
    sp = sympy_module()
    lhs0, rhs0 = lhs, rhs
    problem = latex(sp.Eq(lhs, rhs, evaluate=False))
    steps = [f"We want to solve $${problem}$$ for ${latex(x)}$."]
    diff = lhs - rhs
    num, den = sp.together(diff).as_numer_denom()
    excluded = []
    if den.has(x):
        num = sp.expand(num)
        steps.append(
            f"Multiply both sides by ${latex(den)}$ to clear the denominators (this requires "
            f"${latex(den)} \\neq 0$): $${latex(sp.Eq(num, 0, evaluate=False))}$$"
        )
        lhs, rhs = num, sp.Integer(0)
        excluded = [r for r in sp.solve(den, x)]
    deg, poly = poly_degree(sp.expand(lhs - rhs), x)
    if deg is None:
        raise Unsupported("I can only solve linear and quadratic equations (polynomial of degree 1 or 2).")
    if deg == 0 or deg == -sp.oo:  # the zero polynomial (x + 1 = x + 1) has degree -oo
        if sp.expand(lhs - rhs) == 0:
            steps.append(f"Both sides are always equal, so every value of ${latex(x)}$ is a solution.")
            return Solution(
                "linear_equation",
                problem,
                steps,
                f"\\text{{every }} {latex(x)}",
                sp.S.Reals,
                EquationData([(lhs0, rhs0)], [x], None),
            )
        steps.append("The unknown cancels out and what is left is false, so there is no solution.")
        return Solution(
            "linear_equation",
            problem,
            steps,
            "\\text{no solution}",
            [],
            EquationData([(lhs0, rhs0)], [x], []),
        )
    if deg == 1:
        sol, st = linear_steps(lhs, rhs, x)
        steps += st
        kind, roots = "linear_equation", [sol]
    elif deg == 2:
        roots, st = quadratic_steps(lhs, rhs, x)
        steps += st
        kind = "quadratic_equation"
    else:
        raise Unsupported(
            f"That is a degree-{deg} polynomial equation; I can only solve linear and quadratic ones."
        )
    if excluded:
        bad = [r for r in roots if any(sp.simplify(r - e) == 0 for e in excluded)]
        if bad:
            steps.append(
                "Reject "
                + ", ".join(f"${latex(x)} = {latex(b)}$" for b in bad)
                + " because it makes a denominator zero."
            )
            roots = [r for r in roots if r not in bad]
    if not roots:
        steps.append("There is no valid solution.")
        return Solution(
            kind, problem, steps, "\\text{no solution}", [], EquationData([(lhs0, rhs0)], [x], [])
        )
    answer_latex = " \\text{ or } ".join(f"{latex(x)} = {latex(r)}" for r in roots)
    answer = {x: roots[0]} if kind == "linear_equation" else [{x: r} for r in roots]
    return Solution(kind, problem, steps, answer_latex, answer, EquationData([(lhs0, rhs0)], [x], roots))


def linear_steps(lhs, rhs, x):
    """(root, steps) of the linear equation ``lhs = rhs`` in ``x``."""
    sp = sympy_module()
    steps = []
    L, R = sp.expand(lhs), sp.expand(rhs)
    if L != lhs or R != rhs:
        steps.append(f"Expand and simplify both sides: $${latex(sp.Eq(L, R, evaluate=False))}$$")
    aL, bL = L.coeff(x, 1), L.coeff(x, 0)
    aR, bR = R.coeff(x, 1), R.coeff(x, 0)
    if aL == 0 or (aR != 0 and abs(aR) > abs(aL) and False):
        pass
    if aR != 0:
        a = aL - aR
        steps.append(
            f"{move_text(aR * x, 'left')} to collect the ${latex(x)}$-terms on the left: "
            f"$${latex(sp.Eq(a * x + bL, bR, evaluate=False))}$$"
        )
    else:
        a = aL
    if bL != 0:
        steps.append(f"{move_text(bL, 'left')}: $${latex(sp.Eq(a * x, bR - bL, evaluate=False))}$$")
    c = bR - bL
    sol = exact_number(c / a) if (c / a).has(sp.Float) else sp.simplify(c / a)
    if a == -1:
        steps.append(f"Multiply both sides by $-1$: $${latex(x)} = {latex(sol)}$$")
    elif a != 1:
        if isinstance(a, sp.Rational) and a.p == 1:
            steps.append(f"Multiply both sides by ${a.q}$: $${latex(x)} = {latex(sol)}$$")
        else:
            steps.append(f"Divide both sides by ${latex(a)}$: $${latex(x)} = {latex(sol)}$$")
    check_l, check_r = lhs.subs(x, sol), rhs.subs(x, sol)
    steps.append(
        f"Check: substituting ${latex(x)} = {latex(sol)}$ gives ${latex(sp.simplify(check_l))} = "
        f"{latex(sp.simplify(check_r))}$ ✓"
    )
    return sol, steps


def quadratic_steps(lhs, rhs, x):
    """(roots, steps) of the quadratic equation ``lhs = rhs`` in ``x`` (factoring or the formula)."""
    sp = sympy_module()
    steps = []
    expr = sp.expand(lhs - rhs)
    P = sp.Poly(expr, x)
    a, b, c = P.all_coeffs()
    if rhs != 0 or lhs != expr:
        steps.append(
            f"Move every term to one side and collect like terms: $${latex(sp.Eq(expr, 0, evaluate=False))}$$"
        )
    steps.append(
        f"This is a quadratic $a{latex(x)}^2 + b{latex(x)} + c = 0$ with $a = {latex(a)}$, $b = {latex(b)}$, $c = {latex(c)}$."
    )
    D = sp.simplify(b**2 - 4 * a * c)
    steps.append(
        f"Compute the discriminant: $\\Delta = b^2 - 4ac = ({latex(b)})^2 - 4({latex(a)})({latex(c)}) = {latex(D)}$."
    )
    rational = all(k.is_rational for k in (a, b, c))
    roots = []
    if rational and sp.sqrt(D).is_rational:
        f = sp.factor(expr)
        steps.append(
            f"Since $\\Delta = {latex(D)}$ is a perfect square, the quadratic factors over the rationals: "
            f"$${latex(f)} = 0$$"
        )
        _, facs = sp.factor_list(expr)
        lin = [g for g, _m in facs if sp.degree(g, x) == 1]
        if D == 0:
            g = lin[0]
            r = sp.solve(g, x)[0]
            steps.append(
                f"The factor is repeated, so there is one (double) root: ${latex(g)} = 0 \\Rightarrow {latex(x)} = {latex(r)}$."
            )
            roots = [r]
        else:
            steps.append(
                "Set each factor equal to zero: " + " or ".join(f"${latex(g)} = 0$" for g in lin) + "."
            )
            roots = sorted((sp.solve(g, x)[0] for g in lin), key=lambda r: float(r))
            steps.append("So " + " or ".join(f"${latex(x)} = {latex(r)}$" for r in roots) + ".")
    else:
        steps.append(
            f"$\\Delta$ is not a perfect square, so use the quadratic formula "
            f"$${latex(x)} = \\frac{{-b \\pm \\sqrt{{b^2 - 4ac}}}}{{2a}} = \\frac{{{latex(-b)} \\pm \\sqrt{{{latex(D)}}}}}{{{latex(2 * a)}}}$$"
        )
        r1 = sp.radsimp(sp.simplify((-b + sp.sqrt(D)) / (2 * a)))
        r2 = sp.radsimp(sp.simplify((-b - sp.sqrt(D)) / (2 * a)))
        if D.is_negative:
            steps.append(
                "Because $\\Delta < 0$ there are no real solutions; the two solutions are complex "
                "conjugates (with $i = \\sqrt{-1}$)."
            )
        elif D == 0:
            steps.append("Because $\\Delta = 0$ there is exactly one (double) root.")
        else:
            steps.append("Because $\\Delta > 0$ there are two distinct real roots.")
        roots = [r1] if D == 0 else ([r2, r1] if D.is_positive and (r2 - r1).is_negative else [r1, r2])
        steps.append(
            "Simplify: "
            + " or ".join(f"${latex(x)} = {latex(r)}$" for r in roots)
            + (
                ""
                if D.is_negative or not all(r.is_real for r in roots)
                else " (approximately " + ", ".join(f"${sp.N(r, 6)}$" for r in roots) + ")"
            )
            + "."
        )
    return roots, steps
