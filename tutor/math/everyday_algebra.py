"""Handlers of the everyday phrasings that lead to the solver's own families (runs in the SymPy
worker): definitions ("Let a be … .", "Let f(x) = … ."), functions and substitution, "If <equation>,
what is x?", textbook openings of equations and systems, limits in words, "Simplify … assuming b is
positive", "Collect the terms in …", the slope through two points, the next term of a sequence.
Pattern handlers get the match and which of the entry's patterns matched; readers get the text."""

from __future__ import annotations

import re

from tutor.math.everyday_common import latex, num
from tutor.math.everyday_common import val as _val
from tutor.math.families.common import ratify
from tutor.math.families.equations import solve_equations
from tutor.math.parse import exact_number, parse_any, parse_plain, sympy_module
from tutor.math.problems import EquationData, Solution, Unsupported

__all__ = [
    "definitions",
    "simplify_assuming_positive",
    "if_equation_what_is",
    "collect_terms",
    "slope_through",
    "next_term",
    "functions",
    "substitute",
    "equation_words",
    "limit_words",
]

# "Let a be <expr>." / "Let f(x) = <expr>." (a definition, then the rest)
_LET_VALUE = re.compile(r"^(?:let|suppose)\s+([a-z])\s+(?:be|=)\s+([^.]+?)\.\s+(.*)$", re.I)
_LET_FUNCTION = re.compile(
    r"^(?:let|suppose)\s+([a-z])\(([a-z])\)\s*=\s*([^.]+(?:\.\d[^.]*)*?)\.\s+(.*)$", re.I
)


def definitions(m, which: int):
    """ "Let a be <expr>. Let f(x) = <expr>. What is f(a)?" / "... Solve ... for o." / "What is …?"."""
    sp = sympy_module()
    s = m.string
    defs = {}
    funcs = {}
    while True:
        mv = _LET_VALUE.match(s)
        mf = _LET_FUNCTION.match(s)
        if mf:
            x = sp.Symbol(mf.group(2))
            body = ratify(parse_any(mf.group(3)))
            funcs[mf.group(1)] = (x, body.subs(defs), mf.group(3))
            s = mf.group(4)
            continue
        if mv:
            value = ratify(parse_any(mv.group(2))).subs(defs)
            defs[sp.Symbol(mv.group(1))] = value
            s = mv.group(3)
            continue
        break
    if funcs:
        m = re.fullmatch(
            r"(?:what\s+is|calculate|give|determine|find|evaluate)\s+([a-z])\((.+)\)\s*[?.]?", s, re.I
        )
        if m and m.group(1) in funcs:
            x, body, shown = funcs[m.group(1)]
            a = _val(m.group(2)).subs(defs)
            val = exact_number(body.subs(x, a))
            steps = [
                f"Substitute ${latex(x)} = {latex(a)}$ into ${m.group(1)}({latex(x)}) = {latex(body)}$:",
                f"$${m.group(1)}({latex(a)}) = {latex(body.subs(x, sp.UnevaluatedExpr(a)))} = {latex(val)}$$",
            ]
            return Solution("function_value", f"{m.group(1)}({latex(a)})", steps, latex(val), val)
        return None
    m = re.fullmatch(r"solve\s+(.+?)\s+for\s+([a-z])\s*\.?", s, re.I)
    if m and "=" in m.group(1):
        lhs, rhs = (ratify(parse_any(t)).subs(defs) for t in m.group(1).split("=", 1))
        x = sp.Symbol(m.group(2))
        roots = sp.solve(sp.Eq(lhs, rhs), x)
        if len(roots) != 1:
            return None
        r = roots[0]
        steps = [
            "Substitute the definitions: "
            + ", ".join(f"${latex(k)} = {latex(v)}$" for k, v in defs.items())
            + ".",
            f"$${latex(sp.Eq(lhs, rhs))}$$",
            f"Solve for ${latex(x)}$: $${latex(x)} = {latex(r)}$$",
        ]
        return Solution(
            "linear_equation",
            latex(sp.Eq(lhs, rhs)),
            steps,
            f"{latex(x)} = {latex(r)}",
            r,
            EquationData([(lhs, rhs)], [x], [r]),
        )
    m = re.fullmatch(r"(?:what\s+is|calculate|evaluate)\s+(.+?)\s*[?.]?", s, re.I)
    if m:
        e = ratify(parse_any(m.group(1))).subs(defs)
        if not e.free_symbols:
            e = exact_number(e)
            return Solution(
                "arithmetic", latex(e), [f"Substitute the definitions: $${latex(e)}$$"], latex(e), e
            )
    return None


def simplify_assuming_positive(m, which: int):
    """ "Simplify b**(5/2)*b assuming b is positive."."""
    sp = sympy_module()
    e = ratify(parse_any(m.group(1)))
    x = sp.Symbol(m.group(2))
    if e.free_symbols - {x}:
        return None
    xp = sp.Symbol(m.group(2), positive=True)
    val = sp.powsimp(sp.simplify(e.subs(x, xp)), force=True).subs(xp, x)
    steps = [
        f"For ${latex(x)} > 0$ the power rules $a^m a^n = a^{{m+n}}$ and $(a^m)^n = a^{{mn}}$ hold:",
        f"$${latex(e)} = {latex(val)}$$",
    ]
    return Solution("simplify", latex(e), steps, latex(val), val)


def if_equation_what_is(m, which: int):
    """ "If 3x + 7 = 22, what is (the value of) x?"."""
    return solve_equations(f"{m.group(1)} for {m.group(2)}")


def collect_terms(m, which: int):
    """ "Collect the terms in 3x + x + 0x."."""
    sp = sympy_module()
    e = parse_any(m.group(1))
    val = sp.expand(e)
    steps = [
        f"Add the coefficients of like terms: $${latex(parse_plain(m.group(1), evaluate=False))} = {latex(val)}$$"
    ]
    return Solution("simplify", latex(e), steps, latex(val), val)


def slope_through(m, which: int):
    x1, y1, x2, y2 = (num(m.group(i)) for i in range(2, 6))
    if x1 == x2:
        return None
    k = (y2 - y1) / (x2 - x1)
    steps = [
        f"$$m = \\frac{{y_2 - y_1}}{{x_2 - x_1}} = \\frac{{{latex(y2)} - ({latex(y1)})}}{{{latex(x2)} - ({latex(x1)})}} = {latex(k)}$$"
    ]
    return Solution("slope", f"({latex(x1)}, {latex(y1)}), ({latex(x2)}, {latex(y2)})", steps, latex(k), k)


def next_term(m, which: int):
    """The next term of integers that a polynomial of degree ≤ 3 runs through."""
    sp = sympy_module()
    terms = [t for t in re.split(r"\s*,\s*", m.group(1).strip().rstrip(",. ")) if t]
    if len(terms) >= 4 and all(re.fullmatch(r"-?\d+", t) for t in terms):
        ys = [sp.Integer(t) for t in terms]
        n = sp.Symbol("n")
        for deg in range(0, min(4, len(ys) - 1)):
            poly = sp.interpolate(list(zip(range(1, deg + 2), ys[: deg + 1])), n) if deg else ys[0]
            poly = sp.expand(poly)
            if all(sp.expand(poly).subs(n, i + 1) == ys[i] for i in range(len(ys))):
                nxt = sp.expand(poly).subs(n, len(ys) + 1)
                what = {
                    0: "constant",
                    1: "arithmetic (constant difference)",
                    2: "quadratic (constant second difference)",
                    3: "cubic (constant third difference)",
                }[deg]
                steps = [
                    f"The sequence is {what}: term $n$ is ${latex(poly)}$.",
                    f"Term ${len(ys) + 1}$ is ${latex(nxt)}$.",
                ]
                return Solution("sequence", ", ".join(terms), steps, latex(nxt), nxt)
    return None


_ASK = r"(?:what\s+is|what's|find|compute|calculate|evaluate|determine|work\s+out|give)"


def functions(s: str) -> Solution | None:
    """ "If f(x) = 3x - 7 and g(x) = x^2, find f(g(2))." / "Given h(t) = t^3 - 2t, compute h(3)." /
    "f(x) = (x + 1)/(x - 1). Find f(3).": the definitions, then the value asked for."""
    sp = sympy_module()
    m = re.fullmatch(
        r"(.+?)\s*[,.;]?\s+(?:then\s+)?" + _ASK + r"\s+(?:the\s+value\s+of\s+)?([a-z]\s*\(.+\))\s*[?.]?",
        s,
        re.I,
    )
    if not m or "=" not in m.group(1) or "=" in m.group(2):
        return None
    head = re.sub(r"^(?:if|given(?:\s+that)?|let|suppose|for)\s+", "", m.group(1).strip(), flags=re.I).rstrip(
        ",.; "
    )
    funcs = {}
    for part in re.split(r"\s*(?:,\s*and|,|;|\band\b)\s*", head):
        d = re.fullmatch(r"([a-z])\s*\(\s*([a-z])\s*\)\s*=\s*(.+)", part.strip(), re.I)
        if not d or d.group(1) in funcs or d.group(1) == d.group(2):
            return None
        x = sp.Symbol(d.group(2))
        body = ratify(parse_any(d.group(3)))
        if body.free_symbols - {x}:
            return None
        funcs[d.group(1)] = (x, body)
    target = re.sub(r"\s+", "", m.group(2))
    steps = []
    inner = re.compile(r"(?<![A-Za-z])([a-z])\(([^()]*)\)")
    for _ in range(8):
        c = inner.search(target)
        if not c:
            break
        name = c.group(1)
        if name not in funcs:
            return None
        x, body = funcs[name]
        a = _val(c.group(2))
        val = exact_number(sp.simplify(body.subs(x, a)))
        if val.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not val.is_finite:
            raise Unsupported(f"{name}({latex(a)}) is not defined.")
        steps.append(f"$${name}({latex(a)}) = {latex(body.subs(x, sp.UnevaluatedExpr(a)))} = {latex(val)}$$")
        target = target[: c.start()] + (str(val) if val.is_Rational else f"({val})") + target[c.end() :]
    if inner.search(target):
        return None
    val = _val(target)
    val = exact_number(val)
    if not steps:
        return None
    if len(steps) > 1 or target.strip("()") != str(val):
        steps.append(f"So the value is ${latex(val)}$.")
    shown = ", ".join(f"{k}({latex(v[0])}) = {latex(v[1])}" for k, v in funcs.items())
    steps.insert(0, f"Substitute into ${shown}$, innermost first:")
    return Solution("function_value", re.sub(r"\s+", "", m.group(2)), steps, latex(val), val)


def substitute(s: str) -> Solution | None:
    """ "Evaluate 3a - 2b when a = 4 and b = -1." / "Find the value of x^2 + 3x - 4 when x = -2." /
    "If x = 3, what is 2x + 1?" / "F = (9/5)C + 32. Find F when C = 25.\""""
    sp = sympy_module()
    assign = r"([a-z]\s*=\s*[^,=]+?(?:\s*(?:,\s*and|,|\band\b)\s*[a-z]\s*=\s*[^,=]+?)*)"
    m = re.fullmatch(
        _ASK
        + r"\s+(?:the\s+value\s+of\s+)?([^=]+?)\s+(?:when|if|for|where|given(?:\s+that)?)\s+"
        + assign
        + r"\s*[?.]?",
        s,
        re.I,
    )
    expr_t = assigns = None
    formula = None
    if m:
        expr_t, assigns = m.group(1), m.group(2)
    else:
        m = re.fullmatch(
            r"(?:if|given(?:\s+that)?|when)\s+"
            + assign
            + r"\s*,\s*(?:then\s+)?"
            + _ASK
            + r"\s+(?:the\s+value\s+of\s+)?([^=]+?)\s*[?.]?",
            s,
            re.I,
        )
        if m:
            assigns, expr_t = m.group(1), m.group(2)
        else:
            m = re.fullmatch(
                r"([a-z])\s*=\s*([^=]+?)\s*[.,]\s*"
                + _ASK
                + r"\s+(?:the\s+value\s+of\s+)?\1\s+(?:when|if)\s+"
                + assign
                + r"\s*[?.]?",
                s,
                re.I,
            )
            if not m:
                return None
            formula, expr_t, assigns = m.group(1), m.group(2), m.group(3)
    vals = {}
    for part in re.split(r"\s*(?:,\s*and|,|\band\b)\s*", assigns.strip()):
        a = re.fullmatch(r"([a-z])\s*=\s*(.+)", part.strip(), re.I)
        if not a or sp.Symbol(a.group(1)) in vals:
            return None
        vals[sp.Symbol(a.group(1))] = _val(a.group(2))
    e = ratify(parse_any(expr_t))
    if not e.free_symbols or e.free_symbols - set(vals) or (formula and sp.Symbol(formula) in e.free_symbols):
        return None
    val = exact_number(sp.simplify(e.subs(vals)))
    if not val.is_finite:
        raise Unsupported("The expression is not defined at those values.")
    given = ", ".join(f"{latex(k)} = {latex(v)}" for k, v in vals.items())
    shown = e.subs({k: sp.UnevaluatedExpr(v) for k, v in vals.items()})
    lhs = f"{formula} = " if formula else ""
    steps = [f"Substitute ${given}$ into ${lhs}{latex(e)}$:", f"$${lhs}{latex(shown)} = {latex(val)}$$"]
    return Solution("substitution", latex(e), steps, latex(val), val)


def equation_words(s: str) -> Solution | None:
    """Textbook openings of an equation or a system, read off before the equations are solved:
    "Solve simultaneously:", "Solve the system: ...", "Use elimination to solve ...", "Find x and y
    if ...", "Solve {2a + 3b = 12, a - b = 1}", "Solve the proportion ...", "Find the roots of ...",
    "Use the quadratic formula to solve ...", "Solve ... Give exact answers."."""
    t = re.sub(
        r"\s*[.,]?\s*(?:give|leave)\s+(?:your\s+)?(?:exact\s+answers?|answers?\s+in\s+exact\s+form)\s*\.?$",
        "",
        s,
        flags=re.I,
    )
    t = re.sub(r"\s+by\s+(?:elimination|substitution|factori[sz]ing|factoring)\s*\.?$", "", t, flags=re.I)
    method = r"(?:the\s+)?(?:elimination|substitution|quadratic\s+formula|factori[sz]ation|factoring|factori[sz]ing)(?:\s+method)?"
    pats = [
        r"solve\s+simultaneously\s*:?\s*(.+)",
        r"solve\s+(?:the\s+)?(?:following\s+)?(?:pair\s+of\s+)?simultaneous\s+equations\s*:?\s*(.+)",
        r"solve\s+the\s+(?:linear\s+)?system(?:\s+of\s+(?:linear\s+)?equations)?\s*:?\s*(.+)",
        r"use\s+" + method + r"\s+to\s+solve\s*:?\s*(?:the\s+(?:system|equations?)\s*:?\s*)?(.+)",
        r"solve\s+the\s+proportion\s*:?\s*(.+)",
        r"(?:find|determine|what\s+are)\s+(?:all\s+)?(?:of\s+)?the\s+(?:real\s+)?(?:roots|solutions|zeros)\s+(?:of|to)\s+(?:the\s+equation\s+)?(.+)",
        r"(?:find|determine)\s+all\s+(?:real\s+)?(?:solutions|roots)\s+(?:of|to)\s+(?:the\s+equation\s+)?(.+)",
        r"solve\s+\{\s*(.+?)\s*\}",
        r"solve\s+(.+?=.+?)",
    ]
    body = None
    for i, p in enumerate(pats):
        m = re.fullmatch(p + r"\s*[?.]?", t, re.I)
        if m:
            body = m.group(1)
            if i == len(pats) - 1 and t == s:
                return None  # a plain "Solve ...": the solver's own reading
            break
    want = None
    if body is None:
        m = re.fullmatch(
            r"(?:find|determine|solve\s+for)\s+([a-z])\s*(?:,|and)\s*([a-z])\s+(?:if|given(?:\s+that)?|such\s+that|when|where)\s*:?\s*(.+?)\s*[?.]?",
            t,
            re.I,
        )
        if not m:
            return None
        want, body = {m.group(1), m.group(2)}, m.group(3)
    if re.search(r"\bcomplex\b", s, re.I):
        return None
    body = body.strip()
    if "=" not in body:
        if not re.search(r"roots|zeros", t, re.I):
            return None
        body = f"{body} = 0"
    sol = solve_equations(body)
    if re.search(r"\breal\b", t, re.I):
        sols = getattr(sol.check, "solutions", None) or ()
        if any(
            not (v.is_real if not isinstance(v, dict) else all(x.is_real for x in v.values())) for v in sols
        ):
            raise Unsupported("That equation has solutions that are not real numbers; ask for all solutions.")
    if want is not None:
        got = {str(v) for v in getattr(sol.check, "variables", ())}
        if got != want:
            return None
    return sol


def limit_words(s: str) -> Solution | None:
    """ "Find the limit as x approaches 2 of x^2 + 3x." / "Evaluate lim_{x→0} sin(x)/x."."""
    from tutor.math.families.limits import limit_text

    arrow = r"(?:->|-->|→|\\to|\\rightarrow|approaches|tends\s+to|goes\s+to)"
    m = re.fullmatch(
        r"(?:"
        + _ASK
        + r"\s+)?(?:the\s+)?limit\s+as\s+([a-z])\s*"
        + arrow
        + r"\s*(\S+?)\s*,?\s+of\s+(?:the\s+function\s+)?(.+?)\s*[?.]?",
        s,
        re.I,
    )
    if m:
        return limit_text(f"limit of {m.group(3)} as {m.group(1)} -> {m.group(2)}")
    m = re.fullmatch(
        r"(?:" + _ASK + r"\s+)?lim\s*_\s*[{(]\s*([a-z])\s*" + arrow + r"\s*([^})]+?)\s*[})]\s*(.+?)\s*[?.]?",
        s,
        re.I,
    )
    if m:
        return limit_text(f"limit of {m.group(3)} as {m.group(1)} -> {m.group(2)}")
    return None
