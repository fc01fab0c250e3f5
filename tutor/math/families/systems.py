"""Linear systems by elimination: two equations in two unknowns, three in three (with the
no-solution and infinitely-many cases).
"""

from __future__ import annotations

from tutor.math.parse import latex, sympy_module
from tutor.math.problems import EquationData, Solution, Unsupported


def solve_system(eqs, syms) -> Solution:
    """Solve two linear equations in two unknowns by elimination."""
    sp = sympy_module()
    x, y = syms
    problem = " \\\\ ".join(latex(sp.Eq(l, r, evaluate=False)) for l, r in eqs)
    problem = f"\\begin{{cases}} {problem} \\end{{cases}}"
    rows = []
    for l, r in eqs:
        e = sp.expand(l - r)
        try:
            p = sp.Poly(e, x, y)
        except Exception:
            raise Unsupported("I can only solve systems of *linear* equations.") from None
        if p.total_degree() > 1 or any(cf.free_symbols for cf in p.coeffs()):
            raise Unsupported("I can only solve systems of *linear* equations.")
        rows.append((e.coeff(x), e.coeff(y), -e.subs({x: 0, y: 0})))
    (a1, b1, c1), (a2, b2, c2) = rows
    E1 = sp.Eq(a1 * x + b1 * y, c1, evaluate=False)
    E2 = sp.Eq(a2 * x + b2 * y, c2, evaluate=False)
    steps = [
        f"Write both equations in standard form $ax + by = c$: $${latex(E1)} \\quad (1)$$ $${latex(E2)} \\quad (2)$$"
    ]
    det = a1 * b2 - a2 * b1
    if det == 0:
        if sp.Matrix([[a1, b1, c1], [a2, b2, c2]]).rank() == 1:
            steps.append(
                "The second equation is a multiple of the first, so the system has infinitely many solutions."
            )
            return Solution(
                "linear_system",
                problem,
                steps,
                "\\text{infinitely many solutions}",
                [],
                EquationData(eqs, syms, None),
            )
        steps.append(
            "The left sides are proportional but the right sides are not, so the lines are parallel: no solution."
        )
        return Solution(
            "linear_system", problem, steps, "\\text{no solution}", [], EquationData(eqs, syms, [])
        )
    # eliminate y (or x if that is simpler)
    elim, keep = (y, x)
    ea1, eb1, ea2, eb2 = b1, a1, b2, a2  # coefficients of elim / keep
    if not (b1 == b2 or b1 == -b2) and (a1 == a2 or a1 == -a2) and a1 != 0:
        elim, keep = x, y
        ea1, eb1, ea2, eb2 = a1, b1, a2, b2
    if ea1 == ea2:
        k_coef, rhs = eb1 - eb2, c1 - c2
        steps.append(
            f"The ${latex(elim)}$-coefficients are equal, so subtract (2) from (1) to eliminate ${latex(elim)}$: "
            f"$${latex(sp.Eq(k_coef * keep, rhs, evaluate=False))}$$"
        )
    elif ea1 == -ea2:
        k_coef, rhs = eb1 + eb2, c1 + c2
        steps.append(
            f"The ${latex(elim)}$-coefficients are opposites, so add (1) and (2) to eliminate ${latex(elim)}$: "
            f"$${latex(sp.Eq(k_coef * keep, rhs, evaluate=False))}$$"
        )
    elif ea1 == 0 or ea2 == 0:
        src = 1 if ea1 == 0 else 2
        k_coef, rhs = (eb1, c1) if ea1 == 0 else (eb2, c2)
        steps.append(
            f"Equation ({src}) contains only ${latex(keep)}$: $${latex(sp.Eq(k_coef * keep, rhs, evaluate=False))}$$"
        )
    else:
        m1, m2 = ea2, ea1
        k_coef, rhs = eb1 * m1 - eb2 * m2, c1 * m1 - c2 * m2
        steps.append(
            f"Multiply (1) by ${latex(m1)}$ and (2) by ${latex(m2)}$ so the ${latex(elim)}$-coefficients match: "
            f"$${latex(sp.Eq(sp.expand(m1 * (eb1 * keep + ea1 * elim)), m1 * c1, evaluate=False))}$$ "
            f"$${latex(sp.Eq(sp.expand(m2 * (eb2 * keep + ea2 * elim)), m2 * c2, evaluate=False))}$$"
        )
        steps.append(
            f"Subtract the second from the first to eliminate ${latex(elim)}$: "
            f"$${latex(sp.Eq(k_coef * keep, rhs, evaluate=False))}$$"
        )
    kval = sp.simplify(rhs / k_coef)
    if k_coef != 1:
        steps.append(f"Divide by ${latex(k_coef)}$: $${latex(keep)} = {latex(kval)}$$")
    # back-substitute into an equation that contains elim
    use = 1 if ea1 != 0 else 2
    ea, eb, ec = (ea1, eb1, c1) if use == 1 else (ea2, eb2, c2)
    sub_eq = sp.Eq(ea * elim + eb * kval, ec, evaluate=False)
    evalue = sp.simplify((ec - eb * kval) / ea)
    steps.append(
        f"Substitute ${latex(keep)} = {latex(kval)}$ into ({use}): ${latex(sub_eq)}$, so ${latex(elim)} = {latex(evalue)}$."
    )
    sol = {keep: kval, elim: evalue}
    checks = ", ".join(
        f"${latex(sp.simplify(l.subs(sol)))} = {latex(sp.simplify(r.subs(sol)))}$" for l, r in eqs
    )
    steps.append(f"Check in both original equations: {checks} ✓")
    answer = {x: sol[x], y: sol[y]}
    return Solution(
        "linear_system",
        problem,
        steps,
        f"{latex(x)} = {latex(sol[x])}, \\; {latex(y)} = {latex(sol[y])}",
        answer,
        EquationData(eqs, syms, [answer]),
    )


def _row_eq(row, syms):
    sp = sympy_module()
    return latex(sp.Eq(sum(c * v for c, v in zip(row[:-1], syms)), row[-1], evaluate=False))


def _combine_rows(ri, rj, li, lj, k, syms):
    """Eliminate unknown number ``k`` from row ``ri`` using row ``rj``: (new row, explanation)."""
    sp = sympy_module()
    ai, aj = ri[k], rj[k]
    if ai == aj:
        new, how = [p - q for p, q in zip(ri, rj)], f"subtract ({lj}) from ({li})"
    elif ai == -aj:
        new, how = [p + q for p, q in zip(ri, rj)], f"add ({li}) and ({lj})"
    elif aj == 1:
        new = [sp.expand(p - ai * q) for p, q in zip(ri, rj)]
        how = f"subtract ${latex(ai)} \\times$ ({lj}) from ({li})"
    else:
        new = [sp.expand(aj * p - ai * q) for p, q in zip(ri, rj)]
        how = f"multiply ({li}) by ${latex(aj)}$ and ({lj}) by ${latex(ai)}$, then subtract"
    g = sp.gcd_list([c for c in new if c != 0]) if any(c != 0 for c in new) else 1
    if all(c.is_Rational for c in new) and g not in (0, 1):
        new = [c / g for c in new]
        how += f" (and divide by ${latex(g)}$)"
    return new, how


def solve_system3(eqs, syms) -> Solution:
    """Solve three linear equations in three unknowns by elimination."""
    sp = sympy_module()
    problem = (
        "\\begin{cases} "
        + " \\\\ ".join(latex(sp.Eq(l, r, evaluate=False)) for l, r in eqs)
        + " \\end{cases}"
    )
    rows = []
    for l, r in eqs:
        e = sp.expand(l - r)
        try:
            p = sp.Poly(e, *syms)
        except Exception:
            raise Unsupported("I can only solve systems of *linear* equations.") from None
        if p.total_degree() > 1 or any(cf.free_symbols for cf in p.coeffs()):
            raise Unsupported("I can only solve systems of *linear* equations.")
        rows.append([e.coeff(v) for v in syms] + [-e.subs({v: 0 for v in syms})])
    steps = [
        "Write each equation in standard form:"
        + "".join(f" $${_row_eq(r, syms)} \\quad ({i + 1})$$" for i, r in enumerate(rows))
    ]
    A = sp.Matrix([r[:3] for r in rows])
    Ab = sp.Matrix(rows)
    data_eqs = list(eqs)
    if A.det() == 0:
        if A.rank() < Ab.rank():
            steps.append(
                "Eliminating leads to a contradiction such as $0 = c$ with $c \\neq 0$ "
                f"(the coefficient matrix has rank {A.rank()} but the augmented matrix rank {Ab.rank()}), "
                "so the system has **no solution**."
            )
            return Solution(
                "linear_system", problem, steps, "\\text{no solution}", [], EquationData(data_eqs, syms, [])
            )
        steps.append(
            f"The equations are dependent (the coefficient matrix has rank {A.rank()} < 3), so the system "
            "has **infinitely many solutions**."
        )
        return Solution(
            "linear_system",
            problem,
            steps,
            "\\text{infinitely many solutions}",
            [],
            EquationData(data_eqs, syms, None),
        )
    x, y, z = syms
    labels = [1, 2, 3]
    piv = next(i for i in range(3) if rows[i][0] != 0)
    order = [piv] + [i for i in range(3) if i != piv]
    r1 = rows[order[0]]
    l1 = labels[order[0]]
    derived = []
    for i, lab in zip(order[1:], (4, 5)):
        ri = rows[i]
        if ri[0] == 0:
            new, how = ri, f"({labels[i]}) has no ${latex(x)}$ already, so keep it"
        else:
            new, how = _combine_rows(ri, r1, labels[i], l1, 0, syms)
        derived.append((new, lab))
        steps.append(f"Eliminate ${latex(x)}$: {how}: $${_row_eq(new, syms)} \\quad ({lab})$$")
    (r4, l4), (r5, l5) = derived
    if r4[1] == 0:
        (r4, l4), (r5, l5) = (r5, l5), (r4, l4)
    if r5[1] == 0:
        r6, how = r5, f"({l5}) has no ${latex(y)}$ already"
    else:
        r6, how = _combine_rows(r5, r4, l5, l4, 1, syms)
    steps.append(
        f"Now (4) and (5) involve only ${latex(y)}$ and ${latex(z)}$. Eliminate ${latex(y)}$: {how}: "
        f"$${_row_eq(r6, syms)} \\quad (6)$$"
    )
    zv = sp.simplify(r6[3] / r6[2])
    if r6[2] != 1:
        steps.append(f"From (6): ${latex(z)} = \\frac{{{latex(r6[3])}}}{{{latex(r6[2])}}} = {latex(zv)}$.")
    yv = sp.simplify((r4[3] - r4[2] * zv) / r4[1])
    steps.append(
        f"Substitute ${latex(z)} = {latex(zv)}$ into ({l4}): "
        f"${latex(sp.Eq(r4[1] * y + r4[2] * sp.UnevaluatedExpr(zv), r4[3], evaluate=False))}$, "
        f"so ${latex(y)} = {latex(yv)}$."
    )
    xv = sp.simplify((r1[3] - r1[1] * yv - r1[2] * zv) / r1[0])
    steps.append(
        f"Substitute both into ({l1}): "
        f"${latex(sp.Eq(r1[0] * x + r1[1] * sp.UnevaluatedExpr(yv) + r1[2] * sp.UnevaluatedExpr(zv), r1[3], evaluate=False))}$, "
        f"so ${latex(x)} = {latex(xv)}$."
    )
    sol = {x: xv, y: yv, z: zv}
    checks = ", ".join(
        f"${latex(sp.simplify(l.subs(sol)))} = {latex(sp.simplify(r.subs(sol)))}$" for l, r in eqs
    )
    steps.append(f"Check in all three original equations: {checks} ✓")
    ans = ", \\; ".join(f"{latex(v)} = {latex(sol[v])}" for v in syms)
    return Solution("linear_system", problem, steps, ans, sol, EquationData(data_eqs, syms, [sol]))
