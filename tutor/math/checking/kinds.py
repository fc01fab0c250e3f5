"""One checker per kind of solved problem (numbers, expressions and their form, integrals,
matrices, factorisations, intervals, yes/no) and :func:`_check_solution`, which picks one.
Runs in the SymPy worker."""

from __future__ import annotations

import re

from tutor.math.checking.equations import _check_equation
from tutor.math.checking.values import (
    _DNE,
    _NO_SOLUTION,
    _clean_answer,
    _decimals,
    _equivalent,
    _latex,
    _none,
    _parse,
    _result,
    _same_value,
    _sp,
    _typed,
    _verified,
)
from tutor.math.families.common import simplest_form
from tutor.math.problems import ExpressionData, FunctionData, MatrixData, NumberData, SetData
from tutor.math.verdicts import WRONG

# --------------------------------------------------------------------------- by kind

_NUMERIC_KINDS = {
    "arithmetic",
    "percentage",
    "definite_integral",
    "limit",
    "determinant",
    "statistics",
    "gcd",
    "lcm",
    "remainder",
    "rounding",
    "slope",
    "sequence",
    "function_value",
    "unit_conversion",
    "comparison",
}
_EXPR_KINDS = {"simplify", "expand", "factor", "derivative"}


def _check_numeric(sol, ans: str):
    sp = _sp()
    v = sol.answer
    if v is sp.nan or (hasattr(v, "has") and v.has(sp.nan)):
        if _DNE.search(ans):
            return _verified(f"SymPy also finds ${sol.problem_latex}$ does not exist")
        c = _parse(ans)
        if c is None:
            return _none("could not read the answer")
        return _result(WRONG, f"${sol.problem_latex}$ does not exist (diverges)", sol.answer_latex, sol.steps)
    if _DNE.search(ans) and not re.search(r"\d", _clean_answer(ans)):
        return _result(WRONG, f"${sol.problem_latex} = {sol.answer_latex}$", sol.answer_latex, sol.steps)
    text = _clean_answer(ans).replace("%", "")
    c = _parse(text)
    if c is None:
        return _none("could not read the answer as a number")
    same = _same_value(c, v, text)
    if same is None:
        return _none("could not compare the values")
    shown = f"${sol.problem_latex} = {sol.answer_latex}$"
    if same:
        written = text if _decimals(text) is not None else _latex(c)
        return _verified(
            shown
            + (
                ""
                if written == sol.answer_latex
                else f", which equals ${written}$"
                + (" to the places given" if _decimals(text) and c != v else "")
            )
        )
    return _result(WRONG, shown + f", not ${_latex(c)}$", sol.answer_latex, sol.steps)


def _check_expression(sol, ans: str):
    c = _parse(ans)
    if c is None:
        return _none("could not read the answer as an expression")
    e = sol.answer
    same = _equivalent(c, e)
    if same is None:
        return _none("could not decide equivalence")
    if not same:
        if sol.kind == "derivative":
            data = _typed(sol, FunctionData)
            f, x = data.f, data.var
            check = (
                f"$\\frac{{d}}{{d{_latex(x)}}}\\left({_latex(f)}\\right) = {_latex(e)}$, not ${_latex(c)}$"
            )
        else:
            check = f"${_latex(c)}$ is not equal to ${sol.problem_latex}$"
        return _result(WRONG, check, sol.answer_latex, sol.steps)
    if sol.kind in ("simplify", "expand", "factor"):
        form = _form_check(sol, ans, c)
        if form is not None:
            return form
    if sol.kind == "derivative":
        data = _typed(sol, FunctionData)
        f, x, order = data.f, data.var, data.order
        d = f"\\frac{{d{'^' + str(order) if order > 1 else ''}}}{{d{_latex(x)}{'^' + str(order) if order > 1 else ''}}}"
        return _verified(
            f"${d}\\left({_latex(f)}\\right) = {_latex(e)}$"
            + ("" if _latex(c) == _latex(e) else f", which equals ${_latex(c)}$")
        )
    return _verified(
        f"${sol.problem_latex} = {_latex(e)}$"
        + ("" if _latex(c) == _latex(e) else f", and ${_latex(c)} - ({_latex(e)})$ simplifies to $0$")
    )


def _form_check(sol, ans: str, c):
    """None when the answer (equal to the expression) is in the form asked for; else the verdict:
    ``wrong`` when it is plainly not (a restatement, an unexpanded product, a reducible factor),
    ``none`` when SymPy can't tell (a half-simplified form)."""
    sp = _sp()
    raw = _parse(ans, evaluate=False)
    written = raw if raw is not None else c
    shown = _latex(written)
    not_asked = lambda what: _result(  # noqa: E731
        WRONG,
        f"${shown}$ is equal to the expression but {what}",
        sol.answer_latex,
        sol.steps,
    )
    try:
        if sol.kind == "factor":
            if not _fully_factored(written, content=raw is not None):
                return not_asked("not fully factored (over the rational numbers)")
        elif sol.kind == "expand":
            if not _expanded(written):
                return not_asked("not expanded")
        else:
            e = sol.answer
            ops = sp.count_ops(written)
            forms = [e, sp.expand(e), sp.factor(e), sp.cancel(e), sp.together(e)]
            num, den = sp.fraction(written)  # as written: a factor left to cancel is not simplified
            left_to_cancel = bool(den.free_symbols) and bool(sp.gcd(num, den).free_symbols)
            if ops > max(sp.count_ops(t) for t in forms) or left_to_cancel:
                problem = _typed(sol, ExpressionData).expr
                if ops >= sp.count_ops(problem):
                    return not_asked("not simplified")
                return _none("equal to the expression, but SymPy can't tell whether this form is simplified")
    except Exception:  # noqa: BLE001
        return _none("could not tell whether the answer is in the form asked for")
    return None


def _factors(e):
    """The multiplicative factors of `e` as written (bases of integer powers, products flattened)."""
    if e.is_Mul:
        for a in e.args:
            yield from _factors(a)
    elif e.is_Pow and e.exp.is_Integer:
        yield from _factors(e.base)
    else:
        yield e


def _fully_factored(e, content: bool = True) -> bool:
    """Is every factor of `e` (as written) irreducible over the rationals?  With `content`, a sum
    with a common integer factor (2x + 4) counts as not factored."""
    sp = _sp()
    for f in _factors(e):
        if f.is_number or f.is_Symbol:
            continue
        try:
            coeff, parts = sp.factor_list(f)
        except Exception:  # noqa: BLE001 - not a polynomial (sin x, e^x): not judged
            continue
        if sum(m for _, m in parts) > 1:
            return False
        if content and f.is_Add and coeff.is_Integer and abs(coeff) != 1:
            return False
    return True


def _expanded(e) -> bool:
    """No power of a sum and no product with a sum in it (a sum over a denominator, or -(a + b),
    is left alone)."""
    sp = _sp()
    for t in sp.preorder_traversal(e):
        if t.is_Pow and t.base.is_Add and t.exp.is_Integer and t.exp > 1:
            return False
        if t.is_Mul:
            top = [
                a
                for a in t.args
                if not (a.is_Pow and a.exp.is_negative) and a not in (sp.S.One, sp.S.NegativeOne)
            ]
            sums = [a for a in top if a.is_Add or (a.is_Pow and a.base.is_Add and a.exp.is_positive)]
            if sums and len(top) > 1:
                return False
    return True


def _check_integral(sol, ans: str):
    sp = _sp()
    c = _parse(ans)
    if c is None:
        return _none("could not read the antiderivative")
    data = _typed(sol, FunctionData)
    f, x = data.f, data.var
    if c.has(sp.Abs):  # d/dx ln|x| needs a real variable
        real = {t: sp.Symbol(t.name, real=True) for t in c.free_symbols | f.free_symbols}
        c, f, x = c.xreplace(real), f.xreplace(real), real.get(x, x)
    try:
        dc = sp.diff(c, x)
    except Exception:  # noqa: BLE001
        return _none("could not differentiate the answer")
    same = _equivalent(dc, f)
    if same is None:
        return _none("could not compare the derivative with the integrand")
    nice = simplest_form(dc)
    if same:
        return _verified(
            f"differentiating: $\\frac{{d}}{{d{_latex(x)}}}\\left({_latex(c)}\\right) = "
            f"{_latex(nice)}$, the integrand"
        )
    return _result(
        WRONG,
        f"differentiating: $\\frac{{d}}{{d{_latex(x)}}}\\left({_latex(c)}\\right) = "
        f"{_latex(nice)} \\neq {_latex(f)}$",
        sol.answer_latex,
        sol.steps,
    )


def _check_matrix(sol, ans: str):
    sp = _sp()
    c = _parse_matrix(ans)
    if c is None:
        return _none("could not read the matrix")
    A = _typed(sol, MatrixData).matrix
    if c.shape != A.shape:
        return _result(
            WRONG,
            f"the answer is {c.shape[0]}×{c.shape[1]}, not {A.shape[0]}×{A.shape[1]}",
            sol.answer_latex,
            sol.steps,
        )
    prod = (A * c).applyfunc(sp.simplify)
    if prod == sp.eye(A.shape[0]):
        return _verified(f"multiplying: ${_latex(A)} {_latex(c)} = I$")
    return _result(
        WRONG, f"multiplying: ${_latex(A)} {_latex(c)} = {_latex(prod)} \\neq I$", sol.answer_latex, sol.steps
    )


def _parse_matrix(ans: str):
    sp = _sp()
    s = str(ans)
    m = re.search(r"\\begin\{[pbBvV]?matrix\}(.*?)\\end\{[pbBvV]?matrix\}", s, re.DOTALL)
    rows = None
    if m:
        rows = [[cell for cell in r.split("&")] for r in re.split(r"\\\\", m.group(1)) if r.strip()]
    else:
        m = re.search(r"\[\s*\[(.*)\]\s*\]", s, re.DOTALL)
        if m:
            rows = [r.split(",") for r in re.split(r"\]\s*,\s*\[", m.group(1))]
    if not rows:
        return None
    try:
        vals = [[_parse(cell) for cell in r] for r in rows]
    except Exception:  # noqa: BLE001
        return None
    if any(v is None for r in vals for v in r) or len({len(r) for r in vals}) != 1:
        return None
    return sp.Matrix(vals)


def _check_factorization(sol, ans: str):
    sp = _sp()
    n = _typed(sol, NumberData).n
    s = _clean_answer(ans)
    s = re.sub(r"^\d+\s*=\s*", "", s)
    factors = [f.strip() for f in re.split(r"\*|\\cdot|×", s) if f.strip()]
    total, ok = 1, True
    for f in factors:
        m = re.fullmatch(r"\(?(\d+)\)?(?:\s*\^\s*\(?\{?(\d+)\}?\)?)?", f)
        if not m:
            return _none("could not read the factorisation")
        p, e = int(m.group(1)), int(m.group(2) or 1)
        ok = ok and sp.isprime(p)
        total *= p**e
    if total == n and ok:
        return _verified(f"the factors are prime and multiply to ${n}$")
    why = f"they multiply to ${total}$" if total != n else "not every factor is prime"
    return _result(WRONG, why, sol.answer_latex, sol.steps)


def _check_interval(sol, ans: str):
    sp = _sp()
    data = _typed(sol, SetData)
    cand = _parse_set(ans, data.var)
    if cand is None:
        return _none("could not read the answer as an interval")
    exp = data.set
    if (
        cand == exp
        or sp.simplify(sp.Complement(cand, exp)) == sp.S.EmptySet
        and sp.simplify(sp.Complement(exp, cand)) == sp.S.EmptySet
    ):
        return _verified(f"SymPy's solution set is ${_latex(exp)}$ too")
    extra = sp.Complement(cand, exp)
    point = None
    try:
        if extra != sp.S.EmptySet:
            point = extra.inf if extra.inf.is_finite else extra.sup
            if point not in extra:
                point = extra.inf + 1 if extra.inf.is_finite else extra.sup - 1
    except Exception:  # noqa: BLE001
        point = None
    why = f"SymPy's solution set is ${_latex(exp)}$, not ${_latex(cand)}$"
    return _result(WRONG, why, sol.answer_latex, sol.steps)


def _parse_set(ans: str, x):
    """An interval answer ('(2, \\infty)', 'x > 2', '2 < x < 3', 'x < 2 or x > 3', unions)."""
    sp = _sp()
    s = _clean_answer(ans)
    s = s.replace("\\leq", "<=").replace("\\le", "<=").replace("\\geq", ">=").replace("\\ge", ">=")
    s = s.replace("≤", "<=").replace("≥", ">=").replace("\\lt", "<").replace("\\gt", ">")
    s = re.sub(r"^[A-Za-z]\s*\\in\s*", "", s)
    s = re.sub(r"^[A-Za-z]\s+in\s+", "", s)
    if re.fullmatch(r"\s*(?:all\s+real\s+numbers|\(-oo,\s*oo\)|R|\\mathbb\{?R\}?)\s*", s):
        return sp.S.Reals
    if _NO_SOLUTION.search(s) and not re.search(r"\d", s):
        return sp.S.EmptySet
    pieces = re.split(r"\s*(?:\\cup|∪|\bU\b|\bor\b)\s*", s)
    total = sp.S.EmptySet
    for piece in pieces:
        piece = piece.strip()
        m = re.fullmatch(r"([(\[])\s*([^,]+?)\s*,\s*([^,]+?)\s*([)\]])", piece)
        if m:
            a, b = _parse(m.group(2)), _parse(m.group(3))
            if a is None or b is None:
                return None
            total = total.union(
                sp.Interval(a, b, m.group(1) == "(" or a.is_infinite, m.group(4) == ")" or b.is_infinite)
            )
            continue
        parts = re.split(r"\s*(<=|>=|<|>)\s*", piece)
        if len(parts) in (3, 5):
            cur = sp.S.Reals
            for i in range(0, len(parts) - 2, 2):
                a, op, b = parts[i], parts[i + 1], parts[i + 2]
                ea, eb = _parse(a), _parse(b)
                if ea is None or eb is None:
                    return None
                rel = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}[op](ea, eb)
                try:
                    cur = cur.intersect(sp.solve_univariate_inequality(rel, x, relational=False))
                except Exception:  # noqa: BLE001
                    return None
            total = total.union(cur)
            continue
        return None
    return total


def _check_solution(sol, ans: str, tail: str = ""):
    kind = sol.kind
    if kind == "word_problem":  # the word-problem reader's own checker (issue 25)
        from tutor.math.wordproblems.check import check_answer

        return check_answer(sol, ans, tail)
    if kind in ("linear_equation", "quadratic_equation", "linear_system", "exp_log_equation"):
        return _check_equation(sol, ans, tail)
    if kind == "integral":
        return _check_integral(sol, ans)
    if kind in _EXPR_KINDS:
        return _check_expression(sol, ans)
    if kind == "inverse":
        return _check_matrix(sol, ans)
    if kind == "prime_factorization":
        return _check_factorization(sol, ans)
    if kind == "inequality":
        return _check_interval(sol, ans)
    if kind in _NUMERIC_KINDS:
        return _check_numeric(sol, ans)
    if kind in _YES_NO_KINDS:
        return _check_yes_no(sol, ans)
    from tutor.math.answer_checks import check_by_type  # chosen by the type of the answer held

    return check_by_type(sol, ans, _check_numeric, tail)


_YES_NO_KINDS = {"prime", "divisibility", "comparison_test"}


def _check_yes_no(sol, ans: str):
    """True/False questions ("Is 91 prime?"): only a bare yes/no/true/false answer is read."""
    word = re.sub(r"[^a-z]", "", _clean_answer(ans).lower())
    said = {"true": True, "yes": True, "false": False, "no": False}.get(word)
    if said is None:
        return _none("could not read the answer as yes or no")
    truth = bool(sol.answer)
    shown = "true" if truth else "false"
    if said == truth:
        return _verified(f"SymPy finds the statement {shown}: {sol.steps[0] if sol.steps else ''}")
    return _result(
        WRONG,
        f"SymPy finds the statement {shown}: {sol.steps[0] if sol.steps else ''}",
        sol.answer_latex,
        sol.steps,
    )
