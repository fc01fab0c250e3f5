"""Absolute value: ``|x|`` bars read as ``abs( )``, "the absolute value of", numeric values
(``|-4| + |6 - 9|``), equations in one unknown with one absolute value (``|2x + 1| = 7``, split
into the two cases and each root checked), inequalities (``|x - 1| >= 2``, solved over the reals)
and the distance between two numbers on the number line.
"""

from __future__ import annotations

import re

from tutor.math.families.common import ratify
from tutor.math.families.phrases import ASK, NUM, clean, number
from tutor.math.parse import exact_number, latex, parse_any, sympy_module
from tutor.math.problems import Solution, Unsupported

_OPS = set("+-*/^(=<>,|")


def bars_to_abs(s: str) -> str | None:
    """``|x - 1| + |y|`` -> ``abs(x - 1) + abs(y)``; None when the bars don't pair up."""
    out, depth, prev = [], 0, ""
    opened_last = False
    for c in s:
        if c == "|":
            opener = depth == 0 or prev in _OPS and not (prev == "|" and not opened_last)
            if opener:
                out.append("abs(")
                depth += 1
                opened_last = True
            else:
                out.append(")")
                depth -= 1
                opened_last = False
            prev = "|"
            continue
        out.append(c)
        if not c.isspace():
            prev = c
            opened_last = False
    return "".join(out) if depth == 0 else None


def try_absolute(text: str):
    """An absolute-value question in plain phrasing, or None."""
    sp = sympy_module()
    s = clean(text)

    # distance between two numbers on the number line
    m = re.fullmatch(
        ASK
        + r"(?:the\s+)?distance\s+between\s+("
        + NUM
        + r")\s+and\s+("
        + NUM
        + r")\s+on\s+(?:the|a)\s+number\s+line",
        s,
        re.I,
    )
    if m:
        a, b = number(m.group(1)), number(m.group(2))
        if a is None or b is None:
            return None
        d = abs(b - a)
        steps = [
            f"The distance between two numbers is the absolute value of their difference: $|{latex(b)} - ({latex(a)})| = |{latex(b - a)}| = {latex(d)}$."
        ]
        return Solution("absolute_value", f"|{latex(b)} - ({latex(a)})|", steps, latex(d), d)

    s = re.sub(r"\b(?:the\s+)?absolute\s+value\s+of\s+(" + NUM + r")", r"|\1|", s, flags=re.I)
    if "|" not in s:
        return None
    m = re.fullmatch(
        r"(?:(solve|find\s+all\s+(?:real\s+)?(?:values\s+of\s+)?x\s+(?:such\s+that|for\s+which|if))\s*:?\s*|"
        r"(?:(?:evaluate|compute|calculate|simplify|work\s+out|what\s+is|find)\s+)?(?:the\s+value\s+of\s+)?)(.+)",
        s,
        re.I,
    )
    if not m:
        return None
    body = m.group(2).strip()
    body = body.replace("≥", ">=").replace("≤", "<=").replace("=>", ">=").replace("=<", "<=")
    rel = re.findall(r"<=|>=|<|>|=", body)
    if len(rel) > 1:
        return None
    code = bars_to_abs(body)
    if code is None:
        raise Unsupported("The absolute-value bars | | don't pair up.")
    if not rel:
        e = ratify(parse_any(code))
        if e.free_symbols:
            return None  # an expression with letters: left to the general parser
        inner = sorted(e.atoms(sp.Abs), key=lambda a: sp.count_ops(a))
        steps = [f"$|{latex(a.args[0])}| = {latex(abs(exact_number(a.args[0])))}$" for a in inner[:6]]
        val = exact_number(e)
        steps.append(f"$${latex(e)} = {latex(val)}$$" if steps else f"$${latex(val)}$$")
        steps[0 : len(steps) - 1] = (
            ["The absolute value of a number is its distance from $0$: " + ", ".join(steps[:-1]) + "."]
            if len(steps) > 1
            else []
        )
        return Solution("absolute_value", latex(e), steps, latex(val), val)
    op = rel[0]
    l_, r_ = body.split(op) if op != "=" else body.split("=")
    lhs, rhs = ratify(parse_any(bars_to_abs(l_) or "")), ratify(parse_any(bars_to_abs(r_) or ""))
    e = lhs - rhs
    syms = e.free_symbols
    if len(syms) != 1:
        return None
    x = next(iter(syms))
    absv = list(e.atoms(sp.Abs))
    if len(absv) != 1 or not e.has(sp.Abs):
        return None
    inner = absv[0].args[0]
    xr = sp.Symbol(x.name, real=True)
    if op == "=":
        roots = set()
        steps = [f"$${latex(lhs)} = {latex(rhs)}$$"]
        for sign, cond in ((1, "\\ge"), (-1, "<")):
            case = sp.expand(e.subs(absv[0], sign * inner))
            try:
                found = sp.solve(case.subs(x, xr), xr)
            except Exception:  # noqa: BLE001
                return None
            ok = []
            for r in found:
                r = exact_number(r)
                if not r.is_real:
                    continue
                val_in = inner.subs(x, r)
                if (val_in >= 0) if sign == 1 else (val_in < 0):
                    ok.append(r)
                    roots.add(r)
            shown = ", ".join(f"{latex(x)} = {latex(r)}" for r in found) or "no solution"
            steps.append(
                f"Case ${latex(inner)} {cond} 0$: $|{latex(inner)}| = {latex(sign * inner)}$, so "
                f"${latex(sp.Eq(case, 0))}$ gives ${shown}$"
                + ("" if len(ok) == len(found) else " (a value that breaks the case is dropped)")
                + "."
            )
        roots_l = sorted(roots, key=lambda r: float(r))
        for r in roots_l:
            if sp.simplify(e.subs(x, r)) != 0:
                return None
        if not roots_l:
            steps.append("Neither case gives a solution, so there is **no solution**.")
            return Solution(
                "absolute_value", latex(sp.Eq(lhs, rhs)), steps, "\\text{no solution}", sp.S.EmptySet
            )
        ans = " \\text{ or } ".join(f"{latex(x)} = {latex(r)}" for r in roots_l)
        steps.append(f"Check: each value makes both sides equal. $${ans}$$")
        return Solution("absolute_value", latex(sp.Eq(lhs, rhs)), steps, ans, [{x: r} for r in roots_l])
    relf = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}[op]
    try:
        sset = sp.solveset(relf(lhs, rhs).subs(x, xr), xr, sp.S.Reals)
    except Exception:  # noqa: BLE001
        return None
    if isinstance(sset, sp.ConditionSet):
        return None
    sset = sset.subs(xr, x)
    steps = [f"$${latex(relf(lhs, rhs))}$$"]
    rest = sp.expand(e - absv[0])
    if inner.is_polynomial(x) and sp.degree(inner, x) == 1 and rest.is_number:
        k = -rest
        tex = {"<": "<", "<=": "\\le", ">": ">", ">=": "\\ge"}
        flip = {"<": ">", "<=": "\\ge", ">": "<", ">=": "\\le"}
        if op in ("<", "<="):
            steps.append(
                f"$|{latex(inner)}| {tex[op]} {latex(k)}$ means ${latex(-k)} {tex[op]} {latex(inner)} {tex[op]} {latex(k)}$."
            )
        else:
            steps.append(
                f"$|{latex(inner)}| {tex[op]} {latex(k)}$ means ${latex(inner)} {flip[op]} {latex(-k)}$ "
                f"or ${latex(inner)} {tex[op]} {latex(k)}$."
            )
    shown = _set_text(sset, x)
    steps.append(f"So $${shown}$$")
    return Solution("absolute_value", latex(relf(lhs, rhs)), steps, shown, sset)


def _set_text(sset, x) -> str:
    """An interval or a union of intervals as inequalities in ``x`` ("x \\le -1 or x \\ge 3")."""
    sp = sympy_module()
    parts = list(sset.args) if isinstance(sset, sp.Union) else [sset]
    out = []
    for p in parts:
        if p == sp.S.Reals:
            return "\\text{all real } " + latex(x)
        if p == sp.S.EmptySet:
            return "\\text{no solution}"
        if isinstance(p, sp.FiniteSet):
            out.extend(f"{latex(x)} = {latex(v)}" for v in p)
            continue
        if not isinstance(p, sp.Interval):
            return latex(sset)
        lo, hi = p.start, p.end
        lo_op = "<" if p.left_open else "\\le"
        hi_op = "<" if p.right_open else "\\le"
        if lo == -sp.oo:
            out.append(f"{latex(x)} {hi_op} {latex(hi)}")
        elif hi == sp.oo:
            ge = ">" if p.left_open else "\\ge"
            out.append(f"{latex(x)} {ge} {latex(lo)}")
        else:
            out.append(f"{latex(lo)} {lo_op} {latex(x)} {hi_op} {latex(hi)}")
    return " \\text{ or } ".join(out)
