"""The checker of equations and systems: candidate roots or points read from the answer,
substituted into the equations, compared with SymPy's solution set. Runs in the SymPy worker."""

from __future__ import annotations

import re

from tutor.math.checking.values import (
    _ALL,
    _NO_SOLUTION,
    _clean_answer,
    _decimals,
    _latex,
    _none,
    _parse,
    _result,
    _same_value,
    _sp,
    _typed,
    _verified,
)
from tutor.math.problems import EquationData
from tutor.math.verdicts import WRONG

# --------------------------------------------------------------------------- solution sets


def _split_values(s: str) -> list[str]:
    s = re.sub(r"\\\{|\\\}", " ", s)
    s = s.strip()
    if s.startswith("{") and s.endswith("}"):
        s = s[1:-1]
    parts = re.split(r"\s*(?:\bor\b|\band\b|,|;|\\text\s*\{\s*or\s*\}|\\quad)\s*", s)
    return [p for p in parts if p.strip()]


def _candidate_roots(ans: str, x):
    """A list of values for unknown `x` from answer text; None when unreadable; "all" for
    every value."""
    raw = str(ans)
    if _NO_SOLUTION.search(raw) and not re.search(r"\d", re.sub(r"\\emptyset", "", raw)):
        return []
    if _ALL.search(raw):
        return "all"
    s = _clean_answer(raw)
    s = re.sub(r"\\pm|±|\+-|\+/-", "±", s)
    values = []
    for part in _split_values(s):
        part = part.strip()
        m = re.match(r"^([A-Za-z]\w*)\s*=\s*(.+)$", part)
        if m:
            if m.group(1) != str(x):
                return None
            part = m.group(2)
        if "±" in part:
            a, _, b = part.partition("±")
            for sign in (1, -1):
                e = _parse(f"({a or 0}) + ({sign})*({b})")
                if e is None:
                    return None
                values.append(e)
            continue
        e = _parse(part)
        if e is None or e.free_symbols:
            return None
        values.append(e)
    return values or None


def _candidate_system(ans: str, syms):
    """{var: value} for a system answer ("x = 6, y = 4" or "(6, 4)"); None when unreadable."""
    raw = str(ans)
    if _NO_SOLUTION.search(raw) and not re.search(r"\d", raw):
        return []
    if _ALL.search(raw):
        return "all"
    s = _clean_answer(raw)
    names = {str(v): v for v in syms}
    pairs = re.findall(r"([A-Za-z])\s*=\s*([^,;=]+?)(?=\s*(?:,|;|\band\b|$|\s[A-Za-z]\s*=))", s)
    out = {}
    if pairs:
        for name, val in pairs:
            if name not in names:
                return None
            e = _parse(val)
            if e is None or e.free_symbols:
                return None
            out[names[name]] = e
        return [out] if len(out) == len(syms) else None
    m = re.fullmatch(r"\(\s*(.+)\s*\)", s)
    if m:
        vals = [v for v in m.group(1).split(",")]
        if len(vals) == len(syms):
            exprs = [_parse(v) for v in vals]
            if all(e is not None and not e.free_symbols for e in exprs):
                return [dict(zip(syms, exprs))]
    return None


def _subst_text(eqs, point) -> str:
    """'substituting $x = 5$: $3 \\cdot 5 + 7 = 22$' for each equation."""
    sp = _sp()
    assign = ", ".join(f"{_latex(k)} = {_latex(v)}" for k, v in point.items())
    shown = []
    for lhs, rhs in eqs:
        u = {k: sp.UnevaluatedExpr(v) for k, v in point.items()}
        try:
            l_un, r_un = lhs.subs(u), rhs.subs(u)
            lv, rv = sp.simplify(lhs.subs(point)), sp.simplify(rhs.subs(point))
        except Exception:  # noqa: BLE001
            continue
        left = _latex(l_un) if l_un != lv else _latex(lv)
        right = _latex(r_un) if (r_un != rv and rhs.free_symbols) else _latex(rv)
        if sp.simplify(lv - rv) == 0:
            shown.append(
                f"${left} = {_latex(lv)}$" + ("" if right == _latex(lv) else f" and ${right} = {_latex(rv)}$")
            )
        else:
            shown.append(f"${left} = {_latex(lv)} \\neq {_latex(rv)}$")
    return f"substituting ${assign}$: " + "; ".join(shown)


def _satisfies(eqs, point) -> bool | None:
    sp = _sp()
    try:
        out = True
        for lhs, rhs in eqs:
            d = sp.simplify((lhs - rhs).subs(point))
            if d.has(sp.nan, sp.zoo) or not d.is_number:
                return False
            if d != 0:
                if abs(complex(sp.N(d))) > 1e-9:
                    out = False
        return out
    except Exception:  # noqa: BLE001
        return None


def _in_domain(sol, point) -> bool:
    dom = sol.check.domain if isinstance(sol.check, EquationData) else None
    if not dom:
        return True
    sp = _sp()
    try:
        return all(bool(sp.simplify(cond.subs(point))) for cond in dom)
    except Exception:  # noqa: BLE001
        return False


def _same_point_set(a: list, b: list) -> bool:
    def has(lst, p):
        return any(all(_same_value(p[k], q.get(k)) for k in p) for q in lst if set(q) == set(p))

    return all(has(b, p) for p in a) and all(has(a, q) for q in b)


def _widen(ans: str, tail: str) -> str:
    """The extractor stops at the first math span ("$x = 2$ or $x = -2$" -> "x = 2"); read the
    rest of the sentence that states the answer as well."""
    if not tail or not ans:
        return ans
    ans = re.sub(r"\s+[A-Za-z]+$", "", ans.strip()) or ans  # a trailing "unit" word ("or")
    for line in reversed(tail.splitlines()):
        i = line.find(ans)
        if i >= 0:
            seg = line[i:]
            seg = re.split(r"\.(?:\s|$)|(?<=\$)\s*(?:,\s*)?(?:so|since|because|which)\b", seg)[0]
            seg = seg.replace("$", " ")
            return re.sub(r"\s+", " ", seg).strip().rstrip(".")
    return ans


def _check_equation(sol, ans: str, tail: str = ""):
    data = _typed(sol, EquationData)
    wide = _widen(ans, tail)
    if wide != ans:
        if len(data.variables) == 1:
            more = _candidate_roots(wide, data.variables[0])
        else:
            more = _candidate_system(wide, data.variables)
        if more is not None:
            ans = wide
    eqs, syms, expected = data.equations, data.variables, data.solutions
    asked = data.asked
    if asked is not None and len(syms) > 1 and expected:
        cand = _candidate_roots(ans, asked)
        if cand is None or cand == "all":
            pairs = _candidate_system(ans, syms)
            if not pairs or pairs == "all":
                return _none("could not read the answer as a value of the asked unknown")
            cand = [pairs[0][asked]]
        want = expected[0][asked]
        if len(cand) == 1 and _same_value(cand[0], want, ans):
            return _verified(
                f"SymPy solves the system: ${_latex(asked)} = {_latex(want)}$ ("
                + ", ".join(f"${_latex(k)} = {_latex(v)}$" for k, v in expected[0].items())
                + ")"
            )
        if len(cand) == 1 and _same_value(cand[0], want, ans) is False:
            return _result(
                WRONG,
                f"SymPy solves the system: ${_latex(asked)} = {_latex(want)}$, not ${_latex(cand[0])}$",
                sol.answer_latex,
                sol.steps,
            )
        return _none("could not compare the answer with the system's solution")
    if len(syms) == 1:
        x = syms[0]
        cand = _candidate_roots(ans, x)
        exp_points = None if expected is None else [{x: r} for r in expected]
        cand_points = cand if cand in (None, "all") else [{x: r} for r in cand]
    else:
        cand = _candidate_system(ans, syms)
        exp_points = None if expected is None else list(expected)
        cand_points = cand
    if cand_points is None:
        return _none("could not read the answer as a solution")
    wrong = lambda check: _result(WRONG, check, sol.answer_latex, sol.steps)  # noqa: E731
    if exp_points is None:  # every value solves it
        if cand_points == "all":
            return _verified("both sides are identical, so every value is a solution")
        return wrong("the equation holds for every value, so the answer misses solutions")
    if cand_points == "all":
        return wrong("not every value satisfies the equation")
    real_expected = [p for p in exp_points if all(v.is_real is not False for v in p.values())]
    if not cand_points:
        if not real_expected:
            return _verified(
                "SymPy finds no real solution either"
                + (f" (only ${sol.answer_latex}$)" if exp_points else "")
            )
        return wrong(_subst_text(eqs, exp_points[0]) + " — a solution exists")
    if (
        len(syms) == 1
        and _decimals(ans) is not None
        and exp_points
        and len(cand_points) == len(real_expected or exp_points)
        and all(any(_same_value(p[x], q[x], ans) for q in exp_points) for p in cand_points)
    ):
        return _verified(f"${sol.answer_latex}$, which is ${_clean_answer(ans)}$ to the places given")
    for p in cand_points:
        ok = _satisfies(eqs, p)
        if ok is None:
            return _none("could not substitute the answer")
        if not ok or not _in_domain(sol, p):
            why = (
                _subst_text(eqs, p)
                if ok is False
                else f"${', '.join(f'{_latex(k)} = {_latex(v)}' for k, v in p.items())}$ is outside the domain"
            )
            return wrong(why)
    if not (_same_point_set(cand_points, exp_points) or _same_point_set(cand_points, real_expected)):
        missing = [
            p
            for p in exp_points
            if not _same_point_set([p], [q for q in cand_points if set(q) == set(p)] or [{}])
        ]
        what = (
            ", ".join(
                "$" + ", ".join(f"{_latex(k)} = {_latex(v)}" for k, v in p.items()) + "$" for p in missing
            )
            or "another value"
        )
        return wrong(f"the answer misses the solution {what}")
    checks = "; ".join(_subst_text(eqs, p) for p in cand_points[:3])
    return _verified(checks)
