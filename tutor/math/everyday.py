"""Everyday phrasings of school problems, typed before the general parser (runs in the worker).

Each family reads one phrasing into SymPy objects and returns a worked :class:`Solution`, or
None when the text is not that phrasing (then the general parser, which refuses unknown words,
takes over). Families: "If <equation>, what is x?", word operators ("7 times 8", "divided by"),
"Is 91 prime?", divisibility ("Does 3 divide 12?", "Is 12 a multiple of 3?"), remainders,
comparison ("Which is smaller: -1 or 62/595177?"), sorting, rounding ("to the nearest 10000",
"to 2 decimal places"), "n choose k", "as a decimal / percentage", "Let f(x) = ... What is
f(-42)?", "Let z be ... Solve ... for o.", "Collect the terms in ...", slope of a line through
two points, next term of a sequence, base conversion, unit conversion (sympy.physics.units).
"""

from __future__ import annotations

import re

from tutor.math.problems import EquationData, Solution

__all__ = ["try_everyday"]

_N = r"(-?\s*\d+(?:\.\d+)?(?:\s*/\s*-?\d+)?|-?\s*\.\d+)"


def _sp():
    import sympy

    return sympy


def _sym():
    from tutor.math import symbolic

    return symbolic


def _num(t: str):
    sp = _sp()
    t = t.replace(" ", "")
    if "/" in t:
        a, b = t.split("/")
        return sp.Rational(sp.Rational(a), sp.Rational(b))
    return sp.Rational(t)


def _latex(e) -> str:
    return _sp().latex(e)


def _val(t: str):
    """An exact value of a small expression (numbers, fractions, operators)."""
    sym = _sym()
    e = sym.ratify(sym.parse_any(t.strip()))
    if e.free_symbols:
        raise sym.Unsupported(f"'{t.strip()}' is not a number.")
    return e


def _tf(flag: bool, why: str, kind: str, problem: str) -> Solution:
    sp = _sp()
    ans = "True" if flag else "False"
    return Solution(
        kind,
        problem,
        [why, f"So the answer is **{ans}**."],
        f"\\text{{{ans}}}",
        sp.true if flag else sp.false,
    )


_WORD_OPS = [
    (r"\bmultiplied\s+by\b", "*"),
    (r"\btimes\b", "*"),
    (r"\bdivided\s+by\b", "/"),
    (r"\bover\b", "/"),
    (r"\bplus\b", "+"),
    (r"\bminus\b", "-"),
    (r"\bsquared\b", "^2"),
    (r"\bcubed\b", "^3"),
    (r"\bto\s+the\s+power\s+of\b", "^"),
]


def _prefix(s: str) -> str:
    body = re.sub(
        r"^(?:what\s+is|what's|calculate|compute|evaluate|work\s+out|find|determine|give)\s+",
        "",
        s.strip(),
        flags=re.I,
    ).strip()
    # closing punctuation; a `!` straight after a number, `)` or a lone letter is a factorial (5!, n!)
    return re.sub(r"(?:[?.\s]|(?<![\d)!\s])(?<!(?<![A-Za-z])[A-Za-z])!)+$", "", body).strip()


def try_everyday(text: str) -> Solution | None:
    sp = _sp()
    sym = _sym()
    s = re.sub(r"\s+", " ", text.strip())

    # "Let a be <expr>." / "Let f(x) = <expr>." definitions, then the question
    defs = {}
    funcs = {}
    while True:
        m = re.match(r"^(?:let|suppose)\s+([a-z])\s+(?:be|=)\s+([^.]+?)\.\s+(.*)$", s, re.I)
        mf = re.match(
            r"^(?:let|suppose)\s+([a-z])\(([a-z])\)\s*=\s*([^.]+(?:\.\d[^.]*)*?)\.\s+(.*)$", s, re.I
        )
        if mf:
            x = sp.Symbol(mf.group(2))
            body = sym.ratify(sym.parse_any(mf.group(3)))
            funcs[mf.group(1)] = (x, body.subs(defs), mf.group(3))
            s = mf.group(4)
            continue
        if m:
            value = sym.ratify(sym.parse_any(m.group(2))).subs(defs)
            defs[sp.Symbol(m.group(1))] = value
            s = m.group(3)
            continue
        break
    if funcs:
        m = re.fullmatch(
            r"(?:what\s+is|calculate|give|determine|find|evaluate)\s+([a-z])\((.+)\)\s*[?.]?", s, re.I
        )
        if m and m.group(1) in funcs:
            x, body, shown = funcs[m.group(1)]
            a = _val(m.group(2)).subs(defs)
            val = sp.nsimplify(body.subs(x, a))
            steps = [
                f"Substitute ${_latex(x)} = {_latex(a)}$ into ${m.group(1)}({_latex(x)}) = {_latex(body)}$:",
                f"$${m.group(1)}({_latex(a)}) = {_latex(body.subs(x, sp.UnevaluatedExpr(a)))} = {_latex(val)}$$",
            ]
            return Solution("function_value", f"{m.group(1)}({_latex(a)})", steps, _latex(val), val)
        return None
    if defs:
        m = re.fullmatch(r"solve\s+(.+?)\s+for\s+([a-z])\s*\.?", s, re.I)
        if m and "=" in m.group(1):
            lhs, rhs = (sym.ratify(sym.parse_any(t)).subs(defs) for t in m.group(1).split("=", 1))
            x = sp.Symbol(m.group(2))
            roots = sp.solve(sp.Eq(lhs, rhs), x)
            if len(roots) != 1:
                return None
            r = roots[0]
            steps = [
                "Substitute the definitions: "
                + ", ".join(f"${_latex(k)} = {_latex(v)}$" for k, v in defs.items())
                + ".",
                f"$${_latex(sp.Eq(lhs, rhs))}$$",
                f"Solve for ${_latex(x)}$: $${_latex(x)} = {_latex(r)}$$",
            ]
            return Solution(
                "linear_equation",
                _latex(sp.Eq(lhs, rhs)),
                steps,
                f"{_latex(x)} = {_latex(r)}",
                r,
                EquationData([(lhs, rhs)], [x], [r]),
            )
        m = re.fullmatch(r"(?:what\s+is|calculate|evaluate)\s+(.+?)\s*[?.]?", s, re.I)
        if m:
            e = sym.ratify(sym.parse_any(m.group(1))).subs(defs)
            if not e.free_symbols:
                e = sp.nsimplify(e)
                return Solution(
                    "arithmetic", _latex(e), [f"Substitute the definitions: $${_latex(e)}$$"], _latex(e), e
                )
        return None

    # two-number operations in words: "Add 2.4 and 0.5", "Product of -2 and -9", "the difference
    # between -0.4 and 1525", "Multiply 3 and 4", "Divide 10 by 4", "Subtract 3 from 10"
    body = _prefix(s)
    ops = [
        (
            r"(?:add(?:\s+together)?|put\s+together|(?:the\s+)?sum\s+of|total\s+of)\s+"
            + _N
            + r"\s+and\s+"
            + _N,
            "+",
        ),
        (r"(?:multiply|(?:the\s+)?product\s+of)\s+" + _N + r"\s+(?:and|by)\s+" + _N, "*"),
        (r"(?:the\s+)?difference\s+between\s+" + _N + r"\s+and\s+" + _N, "diff"),
        (r"divide\s+" + _N + r"\s+by\s+" + _N, "/"),
        (r"subtract\s+" + _N + r"\s+from\s+" + _N, "from"),
    ]
    for pat, op in ops:
        m = re.fullmatch(pat, body, re.I)
        if m:
            a, b = m.group(1).replace(" ", ""), m.group(2).replace(" ", "")
            expr = {
                "+": f"({a}) + ({b})",
                "*": f"({a}) * ({b})",
                "/": f"({a}) / ({b})",
                "from": f"({b}) - ({a})",
                "diff": f"({b}) - ({a})",
            }[op]
            sol = sym.bare_expression(expr)
            if op == "diff":
                val = abs(sol.answer)
                sol = Solution(
                    "arithmetic",
                    f"\\left|{_latex(_val(b))} - ({_latex(_val(a))})\\right|",
                    sol.steps + [f"The difference is the distance between them: ${_latex(val)}$."],
                    sym.number_latex(val, decimals_hint="." in a + b),
                    val,
                )
            return sol

    # gcd / lcm in other words, common denominators
    m = re.fullmatch(
        r"(?:the\s+)?(highest|greatest|largest|biggest)\s+common\s+(?:divisor|factor)\s+of\s+(\d{1,12})\s+and\s+(\d{1,12})",
        body,
        re.I,
    )
    if m:
        return sym.number_problem(f"gcd of {m.group(2)} and {m.group(3)}")
    m = re.fullmatch(
        r"(?:the\s+)?(?:smallest|lowest|least)\s+common\s+multiple\s+of\s+(\d{1,12})\s+and\s+(\d{1,12})",
        body,
        re.I,
    )
    if m:
        return sym.number_problem(f"lcm of {m.group(1)} and {m.group(2)}")
    m = re.fullmatch(
        r"(?:the\s+)?(?:lowest\s+|least\s+)?common\s+denominator\s+of\s+" + _N + r"\s+and\s+" + _N, body, re.I
    )
    if m:
        a, b = _val(m.group(1)), _val(m.group(2))
        if not (a.is_Rational and b.is_Rational):
            return None
        v = sp.ilcm(int(a.q), int(b.q))
        return Solution(
            "lcm",
            f"{_latex(a)}, {_latex(b)}",
            [f"The denominators are ${a.q}$ and ${b.q}$; their LCM is ${v}$."],
            str(v),
            sp.Integer(v),
        )

    # "Is 836293 composite?"
    m = re.fullmatch(r"is\s+(\d{1,15})\s+(?:a\s+)?composite(?:\s+number)?\s*\??", s, re.I)
    if m:
        n = int(m.group(1))
        if n < 2:
            return _tf(False, f"${n}$ is neither prime nor composite.", "prime", str(n))
        if sp.isprime(n):
            return _tf(False, f"${n}$ is prime, so it is not composite.", "prime", str(n))
        p = min(sp.factorint(n))
        return _tf(True, f"${n} = {p} \\times {n // p}$.", "prime", str(n))

    # "Is -4 greater than 211?" / "Is 722 <= 721?" / "Is a at least b?"
    rels = {
        "less than or equal to": "<=",
        "greater than or equal to": ">=",
        "at most": "<=",
        "at least": ">=",
        "less than": "<",
        "smaller than": "<",
        "greater than": ">",
        "bigger than": ">",
        "equal to": "==",
        "<=": "<=",
        ">=": ">=",
        "<": "<",
        ">": ">",
        "!=": "!=",
    }
    m = re.fullmatch(
        r"is\s+(.+?)\s+(less than or equal to|greater than or equal to|at most|at least|less than|"
        r"smaller than|greater than|bigger than|equal to|<=|>=|<|>|!=)\s+(.+?)\s*\??",
        s,
        re.I,
    )
    if m:
        try:
            a, b = _val(m.group(1)), _val(m.group(3))
        except sym.Unsupported:
            return None
        if not (a.is_real and b.is_real):
            return None
        op = rels[m.group(2).lower()]
        flag = {"<=": a <= b, ">=": a >= b, "<": a < b, ">": a > b, "==": a == b, "!=": a != b}[op]
        return _tf(
            bool(flag),
            f"${_latex(a)} \\approx {sp.N(a, 8)}$ and ${_latex(b)} \\approx {sp.N(b, 8)}$.",
            "comparison_test",
            f"{_latex(a)}, {_latex(b)}",
        )

    # "What is the fourth biggest value in -9/11, -4, 0, -5?" / "the biggest value in ..."
    ordinals = {"": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
    m = re.fullmatch(
        r"(?:the\s+)?(?:(first|second|third|fourth|fifth|sixth)\s+)?(biggest|largest|greatest|smallest|lowest)"
        r"\s+(?:value|number)\s+(?:in|of|among)\s+(.+?)",
        body,
        re.I,
    )
    if m and "," in m.group(3):
        vals = [_val(t) for t in m.group(3).split(",")]
        k = ordinals[(m.group(1) or "").lower()]
        big = m.group(2).lower() in ("biggest", "largest", "greatest")
        order = sorted(vals, key=lambda v: float(v), reverse=big)
        if k > len(order):
            return None
        v = order[k - 1]
        return Solution(
            "comparison",
            ", ".join(_latex(x) for x in vals),
            [
                f"In {'decreasing' if big else 'increasing'} order: ${', '.join(_latex(x) for x in order)}$.",
                f"Value number ${k}$ is ${_latex(v)}$.",
            ],
            _latex(v),
            v,
        )

    # "Simplify b**(5/2)*b assuming b is positive."
    m = re.fullmatch(r"simplify\s+(.+?)\s+assuming\s+([a-z])\s+is\s+positive\s*\.?", s, re.I)
    if m:
        e = sym.ratify(sym.parse_any(m.group(1)))
        x = sp.Symbol(m.group(2))
        if e.free_symbols - {x}:
            return None
        xp = sp.Symbol(m.group(2), positive=True)
        val = sp.powsimp(sp.simplify(e.subs(x, xp)), force=True).subs(xp, x)
        steps = [
            f"For ${_latex(x)} > 0$ the power rules $a^m a^n = a^{{m+n}}$ and $(a^m)^n = a^{{mn}}$ hold:",
            f"$${_latex(e)} = {_latex(val)}$$",
        ]
        return Solution("simplify", _latex(e), steps, _latex(val), val)

    # "If 3x + 7 = 22, what is (the value of) x?"
    m = re.fullmatch(
        r"if\s+(.+?=.+?),\s*(?:then\s+)?(?:what\s+is|find|what's)\s+(?:the\s+value\s+of\s+)?([a-z])\s*\??",
        s,
        re.I,
    )
    if m:
        return sym.solve_equations(f"{m.group(1)} for {m.group(2)}")

    # "Solve 2 = -24o - z for o." handled by the solver; "Collect the terms in 3x + x + 0x."
    m = re.fullmatch(r"collect\s+(?:the\s+)?(?:like\s+)?terms\s+(?:in|of)\s+(.+?)\s*\.?", s, re.I)
    if m:
        e = sym.parse_any(m.group(1))
        val = sp.expand(e)
        steps = [
            f"Add the coefficients of like terms: $${_latex(sym.parse_plain(m.group(1), evaluate=False))} = {_latex(val)}$$"
        ]
        return Solution("simplify", _latex(e), steps, _latex(val), val)

    # "Is 91 prime?" / "Is 91 a prime number?"
    m = re.fullmatch(r"is\s+(\d{1,15})\s+(?:a\s+)?prime(?:\s+number)?\s*\??", s, re.I)
    if m:
        n = int(m.group(1))
        if sp.isprime(n):
            return _tf(True, f"${n}$ has no divisor between $2$ and $\\sqrt{{{n}}}$.", "prime", f"{n}")
        f = sp.factorint(n)
        p = min(f) if f else None
        why = (
            f"${n} = {p} \\times {n // p}$, so it has the divisor ${p}$."
            if p and n > 1
            else f"${n}$ is not prime by definition."
        )
        return _tf(False, why, "prime", f"{n}")

    # divisibility
    m = re.fullmatch(r"(?:does|is)\s+(-?\d{1,15})\s+divide\s+(-?\d{1,15})\s*\??", s, re.I) or re.fullmatch(
        r"is\s+(-?\d{1,15})\s+a\s+(?:factor|divisor)\s+of\s+(-?\d{1,15})\s*\??", s, re.I
    )
    m2 = re.fullmatch(
        r"is\s+(-?\d{1,15})\s+(?:a\s+multiple\s+of|divisible\s+by)\s+(-?\d{1,15})\s*\??", s, re.I
    )
    if m or m2:
        a, b = (int(m.group(1)), int(m.group(2))) if m else (int(m2.group(2)), int(m2.group(1)))
        if a == 0:
            return None
        q, r = divmod(b, a)
        return _tf(r == 0, f"${b} \\div {a} = {q}$ remainder ${r}$.", "divisibility", f"{a} \\mid {b}")

    # remainders
    m = re.fullmatch(
        r"(?:what\s+is\s+|calculate\s+|find\s+)?the\s+remainder\s+when\s+(-?\d{1,15})\s+is\s+divided\s+by\s+(-?\d{1,15})\s*[?.]?",
        s,
        re.I,
    ) or re.fullmatch(r"(-?\d{1,15})\s+mod(?:ulo)?\s+(-?\d{1,15})", _prefix(s), re.I)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if b == 0:
            return None
        q, r = divmod(a, b)
        return Solution(
            "remainder", f"{a} \\bmod {b}", [f"${a} = {b} \\times {q} + {r}$."], str(r), sp.Integer(r)
        )

    # comparison: "Which is smaller: -1 or 62/595177?" / "Which is bigger, a or b?"
    m = re.fullmatch(
        r"which\s+is\s+(smaller|bigger|greater|larger|less|lower|higher)\s*[:,]?\s*(.+?)\s+or\s+(.+?)\s*\??",
        s,
        re.I,
    )
    if m:
        a, b = _val(m.group(2)), _val(m.group(3))
        if not (a.is_real and b.is_real):
            return None
        want_small = m.group(1).lower() in ("smaller", "less", "lower")
        pick, other = (a, m.group(2)) if (a < b) == want_small else (b, m.group(3))
        if a == b:
            return None
        steps = [f"Compare: ${_latex(a)} \\approx {sp.N(a, 8)}$ and ${_latex(b)} \\approx {sp.N(b, 8)}$."]
        return Solution("comparison", f"{_latex(a)}, {_latex(b)}", steps, _latex(pick), pick)

    # sorting
    m = re.fullmatch(
        r"(?:sort|put|arrange|order)\s+(.+?)(?:\s+in\s+(increasing|decreasing|ascending|descending)\s+order)?\s*\.?",
        s,
        re.I,
    )
    if m and "," in m.group(1):
        vals = [_val(t) for t in m.group(1).split(",")]
        desc = (m.group(2) or "").lower() in ("decreasing", "descending")
        out = sorted(vals, key=lambda v: float(v), reverse=desc)
        ans = ", ".join(_latex(v) for v in out)
        return Solution(
            "sorting",
            ", ".join(_latex(v) for v in vals),
            [f"In {'decreasing' if desc else 'increasing'} order: ${ans}$."],
            ans,
            sp.Tuple(*out),
        )

    # rounding
    m = re.fullmatch(
        r"(?:what\s+is\s+)?(-?\d+(?:\.\d+)?)\s+rounded\s+to\s+the\s+nearest\s+(\d+(?:\.\d+)?|ten|hundred|thousand|integer|whole number)\s*\??",
        s,
        re.I,
    ) or re.fullmatch(
        r"round\s+(-?\d+(?:\.\d+)?)\s+to\s+the\s+nearest\s+(\d+(?:\.\d+)?|ten|hundred|thousand|integer|whole number)\s*\.?",
        s,
        re.I,
    )
    md = re.fullmatch(
        r"(?:what\s+is\s+)?(-?\d+(?:\.\d+)?)\s+rounded\s+to\s+(\d+|one|two|three|four|five)\s+(?:decimal\s+places?|dps?)\s*\??",
        s,
        re.I,
    ) or re.fullmatch(
        r"round\s+(-?\d+(?:\.\d+)?)\s+to\s+(\d+|one|two|three|four|five)\s+(?:decimal\s+places?|dps?)\s*\.?",
        s,
        re.I,
    )
    if m or md:
        import decimal

        words = {
            "ten": "10",
            "hundred": "100",
            "thousand": "1000",
            "integer": "1",
            "whole number": "1",
            "one": "1",
            "two": "2",
            "three": "3",
            "four": "4",
            "five": "5",
        }
        x = decimal.Decimal((m or md).group(1))
        if m:
            unit = decimal.Decimal(words.get(m.group(2).lower(), m.group(2)))
            if unit == 0:
                return None
            r = (x / unit).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP) * unit
            what = f"the nearest ${unit}$"
        else:
            k = int(words.get(md.group(2).lower(), md.group(2)))
            r = x.quantize(decimal.Decimal(1).scaleb(-k), rounding=decimal.ROUND_HALF_UP)
            what = f"${k}$ decimal places"
        out = format(r.normalize(), "f") if "." in format(r, "f") and m else format(r, "f")
        return Solution("rounding", str(x), [f"Round ${x}$ to {what}: ${out}$."], out, sp.Rational(out))

    # n choose k
    m = re.fullmatch(r"(\d{1,4})\s+choose\s+(\d{1,4})", _prefix(s), re.I)
    if m:
        n, k = int(m.group(1)), int(m.group(2))
        v = sp.binomial(n, k)
        steps = (
            [f"$$\\binom{{{n}}}{{{k}}} = \\frac{{{n}!}}{{{k}!\\,{n - k}!}} = {v}$$"]
            if k <= n
            else ["$k > n$, so it is $0$."]
        )
        return Solution("arithmetic", f"\\binom{{{n}}}{{{k}}}", steps, str(v), v)

    # "Write 3/20 as a decimal" / "Express 0.35 as a percentage"
    m = re.fullmatch(
        r"(?:write|express|convert)\s+(.+?)\s+(?:as|to)\s+an?\s+(decimal|percentage|percent|fraction)\s*\.?",
        s,
        re.I,
    )
    if m:
        v = _val(m.group(1))
        what = m.group(2).lower()
        if what == "decimal":
            out = sym.recurring_decimal_latex(v) if isinstance(v, sp.Rational) else str(sp.N(v, 10))
            return Solution("arithmetic", _latex(v), [f"Divide: ${_latex(v)} = {out}$."], out, v)
        if what == "fraction":
            return Solution(
                "arithmetic", _latex(v), [f"As a fraction in lowest terms: ${_latex(v)}$."], _latex(v), v
            )
        out = sym.decimal_text(v * 100)
        return Solution(
            "percentage",
            _latex(v),
            [f"Multiply by $100$: ${_latex(v)} \\times 100 = {out}$, so ${out}\\%$."],
            f"{out}\\%",
            v * 100,
        )

    # slope of a line through two points
    m = re.fullmatch(
        r"(?:find\s+|what\s+is\s+|calculate\s+)?the\s+(slope|gradient)\s+of\s+the\s+line\s+(?:through|passing\s+through|joining)\s+"
        r"\(\s*" + _N + r"\s*,\s*" + _N + r"\s*\)\s+and\s+\(\s*" + _N + r"\s*,\s*" + _N + r"\s*\)\s*[?.]?",
        s,
        re.I,
    )
    if m:
        x1, y1, x2, y2 = (_num(m.group(i)) for i in range(2, 6))
        if x1 == x2:
            return None
        k = (y2 - y1) / (x2 - x1)
        steps = [
            f"$$m = \\frac{{y_2 - y_1}}{{x_2 - x_1}} = \\frac{{{_latex(y2)} - ({_latex(y1)})}}{{{_latex(x2)} - ({_latex(x1)})}} = {_latex(k)}$$"
        ]
        return Solution(
            "slope", f"({_latex(x1)}, {_latex(y1)}), ({_latex(x2)}, {_latex(y2)})", steps, _latex(k), k
        )

    # next term of a sequence
    m = re.fullmatch(
        r"(?:what\s+is\s+|what\s+comes\s+)?(?:the\s+)?next\s+(?:term|number)\s+(?:in|of)\s*(?:the\s+sequence)?\s*:?\s*(.+?)\s*\??",
        s,
        re.I,
    ) or re.fullmatch(r"what\s+(?:comes|is)\s+next\s*(?::|in)?\s*(.+?)\s*\??", s, re.I)
    if m:
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
                        f"The sequence is {what}: term $n$ is ${_latex(poly)}$.",
                        f"Term ${len(ys) + 1}$ is ${_latex(nxt)}$.",
                    ]
                    return Solution("sequence", ", ".join(terms), steps, _latex(nxt), nxt)
        return None

    # base conversion: "What is 1011 (base 2) in base 10?" / "Convert 5 (base 6) to base 2."
    m = re.fullmatch(
        r"(?:what\s+is\s+|convert\s+)?(-?[0-9a-z]+)\s*\(\s*base\s+(\d{1,2})\s*\)\s+(?:in|to)\s+base\s+(\d{1,2})\s*[?.]?",
        s,
        re.I,
    )
    if m:
        b1, b2 = int(m.group(2)), int(m.group(3))
        if not (2 <= b1 <= 36 and 2 <= b2 <= 36):
            return None
        neg = m.group(1).startswith("-")
        try:
            v = int(m.group(1).lstrip("-"), b1)
        except ValueError:
            return None
        digits, k = "", v
        while True:
            digits = "0123456789abcdefghijklmnopqrstuvwxyz"[k % b2] + digits
            k //= b2
            if k == 0:
                break
        out = ("-" if neg else "") + digits
        return Solution(
            "base_conversion",
            f"{m.group(1)}_{{{b1}}}",
            [f"In base 10 it is ${'-' if neg else ''}{v}$; in base ${b2}$ it is ${out}$."],
            out,
            sp.Integer(-v if neg else v),
        )

    # units
    sol = _units(s)
    if sol is not None:
        return sol

    # word operators with plain numbers: "What is 7 times 8?", "Calculate 1387582 divided by 7."
    body = _prefix(s)
    if re.search(
        r"\b(?:times|multiplied by|divided by|plus|minus|squared|cubed|to the power of|over)\b", body, re.I
    ):
        t = body
        for pat, op in _WORD_OPS:
            t = re.sub(pat, f" {op} ", t, flags=re.I)
        if re.fullmatch(r"[\d\s.+\-*/^()]+", t):
            return sym.bare_expression(re.sub(r"\s+", " ", t).strip())
    return None


_UNIT_ALIASES = {
    "mm": "millimeter",
    "cm": "centimeter",
    "m": "meter",
    "km": "kilometer",
    "mg": "milligram",
    "g": "gram",
    "kg": "kilogram",
    "ml": "milliliter",
    "l": "liter",
    "s": "second",
    "ms": "millisecond",
    "h": "hour",
    "hr": "hour",
    "min": "minute",
    "t": "tonne",
    "ng": "nanogram",
    "ug": "microgram",
    "micrograms": "microgram",
    "nanometers": "nanometer",
    "micrometers": "micrometer",
    "in": "inch",
    "ft": "foot",
    "yd": "yard",
    "mi": "mile",
    "lb": "pound",
    "oz": "ounce",
}


def _unit(word: str):
    from sympy.physics import units as u

    w = word.lower().strip().rstrip(".")
    w = _UNIT_ALIASES.get(w, w)
    for cand in (
        w,
        w[:-1] if w.endswith("s") else w,
        w[:-2] if w.endswith("es") else w,
        re.sub(r"ies$", "y", w),
        "metric_ton" if w in ("tonne", "tonnes") else w,
        {
            "feet": "foot",
            "inches": "inch",
            "centuries": "century",
            "millennia": "millennium",
            "litres": "liter",
            "litre": "liter",
            "metres": "meter",
            "metre": "meter",
        }.get(w, w),
        {"decade": "year"}.get(w, w),
    ):
        q = getattr(u, cand, None)
        if q is not None and isinstance(q, u.Quantity):
            return q, cand
    if w in ("decade", "decades"):
        return 10 * u.year, "decade"
    if w in ("century", "centuries"):
        return 100 * u.year, "century"
    if w in ("millennium", "millennia"):
        return 1000 * u.year, "millennium"
    return None


def _units(s: str):
    sp = _sp()
    s = re.sub(r"(\d)\s+of\s+an?\s+(?=[a-z])", r"\1 ", s, flags=re.I)  # "5/8 of a gram"
    pats = [
        r"how\s+many\s+([a-z]+)\s+(?:are\s+there\s+)?in\s+" + _N + r"\s+([a-z]+)\s*\??",
        r"(?:what\s+is\s+|convert\s+)?" + _N + r"\s+([a-z]+)\s+(?:in|to|into)\s+([a-z]+)\s*[?.]?",
    ]
    m = re.fullmatch(pats[0], s, re.I)
    if m:
        to, x, frm = m.group(1), m.group(2), m.group(3)
    else:
        m = re.fullmatch(pats[1], s, re.I)
        if not m:
            return None
        x, frm, to = m.group(1), m.group(2), m.group(3)
    a, b = _unit(frm), _unit(to)
    if a is None or b is None:
        return None
    from sympy.physics import units as u

    qa, qb = a[0], b[0]
    ratio = sp.nsimplify(u.convert_to(qa, qb) / qb)
    if ratio.free_symbols or not ratio.is_number:
        return None  # different dimensions
    v = _num(x)
    val = v * ratio
    sym = _sym()
    shown = (
        sym.decimal_text(val) if isinstance(val, sp.Rational) and "." in x or val.is_Integer else _latex(val)
    )
    steps = [
        f"$1$ {frm} $= {sym.decimal_text(ratio) if isinstance(ratio, sp.Rational) else _latex(ratio)}$ {to} "
        "(sympy.physics.units).",
        f"$${sym.decimal_text(v)} \\times {_latex(ratio)} = {shown}$$ {to}.",
    ]
    return Solution("unit_conversion", f"{sym.decimal_text(v)}\\ \\text{{{frm}}}", steps, shown, val)
