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


def _plain_families(s: str) -> Solution | None:
    """The textbook phrasings of the plain-phrasing families (sequences, coordinate geometry,
    absolute value, ratios, counting, data, percent word problems), each None when not its own."""
    from tutor.math.families.absolute import try_absolute
    from tutor.math.families.counting import try_counting
    from tutor.math.families.data import try_data
    from tutor.math.families.geometry import try_geometry
    from tutor.math.families.percent_words import try_percent_words
    from tutor.math.families.ratios import try_ratio
    from tutor.math.families.sequences import try_sequence

    for family in (
        try_sequence,
        try_geometry,
        try_absolute,
        try_ratio,
        try_counting,
        try_data,
        try_percent_words,
    ):
        sol = family(s)
        if sol is not None:
            return sol
    return None


def try_everyday(text: str) -> Solution | None:
    sp = _sp()
    sym = _sym()
    s = re.sub(r"\s+", " ", text.strip())

    sol = _plain_families(s) or _phrasings(s)
    if sol is not None:
        return sol

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
    w = re.sub(r"(met|lit)res?$", lambda m: m.group(1) + ("ers" if word.lower().endswith("s") else "er"), w)
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


def _terminates(v) -> bool:
    """Does the rational ``v`` have a finite decimal expansion (0.75, not 1/3)?"""
    q = int(v.q)
    for f in (2, 5):
        while q % f == 0:
            q //= f
    return q == 1


def _compound_unit(word: str):
    """A unit or a rate of two units ("km/h", "metres per second")."""
    parts = re.split(r"\s*/\s*|\s+per\s+", word.strip(), flags=re.I)
    if len(parts) == 1:
        return _unit(parts[0])
    a, b = _unit(parts[0]), _unit(parts[1])
    if a is None or b is None:
        return None
    return a[0] / b[0], f"{a[1]}/{b[1]}"


def _units(s: str):
    sp = _sp()
    s = re.sub(r"(\d)\s+of\s+an?\s+(?=[a-z])", r"\1 ", s, flags=re.I)  # "5/8 of a gram"
    U = r"([a-z]+(?:\s*/\s*[a-z]+|\s+per\s+[a-z]+)?)"
    pats = [
        r"how\s+many\s+" + U + r"\s+(?:are\s+(?:there\s+)?)?in\s+" + _N + r"\s+" + U + r"\s*\??",
        r"(?:what\s+is\s+|convert\s+|express\s+|change\s+)?"
        + _N
        + r"\s+"
        + U
        + r"\s+(?:in|to|into)\s+"
        + U
        + r"\s*[?.]?",
    ]
    m = re.fullmatch(pats[0], s, re.I)
    if m:
        to, x, frm = m.group(1), m.group(2), m.group(3)
    else:
        m = re.fullmatch(pats[1], s, re.I)
        if not m:
            return None
        x, frm, to = m.group(1), m.group(2), m.group(3)
    a, b = _compound_unit(frm), _compound_unit(to)
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
        sym.decimal_text(val)
        if isinstance(val, sp.Rational) and ("." in x or _terminates(val)) or val.is_Integer
        else _latex(val)
    )
    steps = [
        f"$1$ {frm} $= {sym.decimal_text(ratio) if isinstance(ratio, sp.Rational) else _latex(ratio)}$ {to} "
        "(sympy.physics.units).",
        f"$${sym.decimal_text(v)} \\times {_latex(ratio)} = {shown}$$ {to}.",
    ]
    return Solution("unit_conversion", f"{sym.decimal_text(v)}\\ \\text{{{frm}}}", steps, shown, val)


# ---- textbook phrasings that lead to the solver's own families ------------------------------

_ASK = r"(?:what\s+is|what's|find|compute|calculate|evaluate|determine|work\s+out|give)"


def _functions(s: str) -> Solution | None:
    """ "If f(x) = 3x - 7 and g(x) = x^2, find f(g(2))." / "Given h(t) = t^3 - 2t, compute h(3)." /
    "f(x) = (x + 1)/(x - 1). Find f(3).": the definitions, then the value asked for."""
    sp = _sp()
    sym = _sym()
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
        body = sym.ratify(sym.parse_any(d.group(3)))
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
        val = sp.nsimplify(sp.simplify(body.subs(x, a)))
        if val.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not val.is_finite:
            raise sym.Unsupported(f"{name}({_latex(a)}) is not defined.")
        steps.append(
            f"$${name}({_latex(a)}) = {_latex(body.subs(x, sp.UnevaluatedExpr(a)))} = {_latex(val)}$$"
        )
        target = target[: c.start()] + (str(val) if val.is_Rational else f"({val})") + target[c.end() :]
    if inner.search(target):
        return None
    val = _val(target)
    val = sp.nsimplify(val)
    if not steps:
        return None
    if len(steps) > 1 or target.strip("()") != str(val):
        steps.append(f"So the value is ${_latex(val)}$.")
    shown = ", ".join(f"{k}({_latex(v[0])}) = {_latex(v[1])}" for k, v in funcs.items())
    steps.insert(0, f"Substitute into ${shown}$, innermost first:")
    return Solution("function_value", re.sub(r"\s+", "", m.group(2)), steps, _latex(val), val)


def _substitute(s: str) -> Solution | None:
    """ "Evaluate 3a - 2b when a = 4 and b = -1." / "Find the value of x^2 + 3x - 4 when x = -2." /
    "If x = 3, what is 2x + 1?" / "F = (9/5)C + 32. Find F when C = 25.\""""
    sp = _sp()
    sym = _sym()
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
    e = sym.ratify(sym.parse_any(expr_t))
    if not e.free_symbols or e.free_symbols - set(vals) or (formula and sp.Symbol(formula) in e.free_symbols):
        return None
    val = sp.nsimplify(sp.simplify(e.subs(vals)))
    if not val.is_finite:
        raise sym.Unsupported("The expression is not defined at those values.")
    given = ", ".join(f"{_latex(k)} = {_latex(v)}" for k, v in vals.items())
    shown = e.subs({k: sp.UnevaluatedExpr(v) for k, v in vals.items()})
    lhs = f"{formula} = " if formula else ""
    steps = [f"Substitute ${given}$ into ${lhs}{_latex(e)}$:", f"$${lhs}{_latex(shown)} = {_latex(val)}$$"]
    return Solution("substitution", _latex(e), steps, _latex(val), val)


def _equation_words(s: str) -> Solution | None:
    """Textbook openings of an equation or a system, read off before the equations are solved:
    "Solve simultaneously:", "Solve the system: ...", "Use elimination to solve ...", "Find x and y
    if ...", "Solve {2a + 3b = 12, a - b = 1}", "Solve the proportion ...", "Find the roots of ...",
    "Use the quadratic formula to solve ...", "Solve ... Give exact answers."."""
    sym = _sym()
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
    sol = sym.solve_equations(body)
    if re.search(r"\breal\b", t, re.I):
        sols = getattr(sol.check, "solutions", None) or ()
        if any(
            not (v.is_real if not isinstance(v, dict) else all(x.is_real for x in v.values())) for v in sols
        ):
            raise sym.Unsupported(
                "That equation has solutions that are not real numbers; ask for all solutions."
            )
    if want is not None:
        got = {str(v) for v in getattr(sol.check, "variables", ())}
        if got != want:
            return None
    return sol


def _limit_words(s: str) -> Solution | None:
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


_PLACES = {
    "ones": 0, "units": 0, "tens": 1, "hundreds": 2, "thousands": 3, "ten thousands": 4,
    "hundred thousands": 5, "millions": 6, "tenths": -1, "hundredths": -2, "thousandths": -3,
    "ten thousandths": -4,
}  # fmt: skip
_NEAREST = {
    "one": 1, "unit": 1, "whole number": 1, "integer": 1, "ten": 10, "hundred": 100, "thousand": 1000,
    "ten thousand": 10**4, "hundred thousand": 10**5, "million": 10**6, "tenth": "0.1", "hundredth": "0.01",
    "thousandth": "0.001",
}  # fmt: skip
_DIGITS_W = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_PLAIN = r"(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"


def _rounding(s: str) -> Solution | None:
    """Rounding to the nearest ten / tenth / ten thousand, to decimal places or significant
    figures; the value of a digit; the digit in a place; estimating by rounding first."""
    import decimal

    sp = _sp()
    t = re.sub(r"\s*[?.]$", "", s.strip())
    unit_w = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_NEAREST, key=len, reverse=True)) + r")"
    how = (
        r"(?:the\s+nearest\s+"
        + unit_w
        + r"|(\d+|one|two|three|four|five|six)\s+(decimal\s+places?|d\.?\s?p\.?|"
        r"significant\s+figures?|sig(?:nificant)?\.?\s+figs?|s\.?\s?f\.?))"
    )
    m = re.fullmatch(r"round\s+" + _PLAIN + r"\s+(?:off\s+)?to\s+" + how, t, re.I) or re.fullmatch(
        r"(?:what\s+is\s+)?" + _PLAIN + r"\s+(?:rounded|correct)\s+to\s+" + how, t, re.I
    )
    if m:
        x = decimal.Decimal(m.group(1).replace(",", ""))
        if m.group(2):
            u = _NEAREST.get(m.group(2).lower(), m.group(2))
            unit = decimal.Decimal(str(u))
            if unit <= 0:
                return None
            r = (x / unit).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP) * unit
            r = r.quantize(unit) if unit < 1 else r.quantize(decimal.Decimal(1))
            what = f"the nearest ${unit}$"
        else:
            k = _DIGITS_W.get(m.group(3).lower()) or int(m.group(3))
            if m.group(4).lower().startswith(("d", "decimal")):
                r = x.quantize(decimal.Decimal(1).scaleb(-k), rounding=decimal.ROUND_HALF_UP)
                what = f"${k}$ decimal places"
            else:
                if x == 0 or k < 1:
                    return None
                e = x.adjusted() - k + 1
                r = x.quantize(decimal.Decimal(1).scaleb(e), rounding=decimal.ROUND_HALF_UP)
                if r.adjusted() != x.adjusted():  # 9.96 -> 10.0: one more figure than asked
                    r = r.quantize(decimal.Decimal(1).scaleb(e + 1), rounding=decimal.ROUND_HALF_UP)
                what = f"${k}$ significant figures"
                if e > 0:
                    r = decimal.Decimal(int(r))
        out = format(r, "f")
        return Solution("rounding", str(x), [f"Round ${x}$ to {what}: ${out}$."], out, sp.Rational(out))

    # the value of a digit / the digit in a place
    m = re.fullmatch(
        r"(?:what\s+is\s+)?the\s+(?:place\s+)?value\s+of\s+(?:the\s+)?(?:digit\s+)?(\d)\s+in\s+(?:the\s+number\s+)?"
        + _PLAIN,
        t,
        re.I,
    )
    if m:
        d, num = m.group(1), m.group(2).replace(",", "").lstrip("-")
        if num.count(d) != 1:
            return None
        intpart, _, frac = num.partition(".")
        pos = (len(intpart) - 1 - intpart.index(d)) if d in intpart else -(frac.index(d) + 1)
        val = sp.Integer(int(d)) * sp.Integer(10) ** pos
        out = _sym().decimal_text(val)
        return Solution(
            "place_value",
            num,
            [f"The digit ${d}$ is worth ${d} \\times {_latex(sp.Integer(10) ** pos)} = {out}$."],
            out,
            val,
        )
    place = r"(" + "|".join(sorted(_PLACES, key=len, reverse=True)) + r")"
    m = re.fullmatch(
        r"in\s+(?:the\s+number\s+)?"
        + _PLAIN
        + r"\s*,\s*(?:which|what)\s+digit\s+is\s+in\s+the\s+"
        + place
        + r"\s+place",
        t,
        re.I,
    ) or re.fullmatch(
        r"(?:which|what)\s+digit\s+is\s+in\s+the\s+"
        + place
        + r"\s+place\s+(?:of|in)\s+(?:the\s+number\s+)?"
        + _PLAIN,
        t,
        re.I,
    )
    if m:
        g = m.groups()
        num, p = (g[0], g[1]) if re.match(r"-?\d", g[0]) else (g[1], g[0])
        num = num.replace(",", "").lstrip("-")
        pos = _PLACES[p.lower()]
        intpart, _, frac = num.partition(".")
        if pos >= 0:
            if pos >= len(intpart):
                return None
            digit = intpart[len(intpart) - 1 - pos]
        else:
            if -pos > len(frac):
                return None
            digit = frac[-pos - 1]
        return Solution(
            "place_value",
            num,
            [f"In ${num}$ the {p.lower()} digit is ${digit}$."],
            digit,
            sp.Integer(int(digit)),
        )

    # estimate by rounding first
    m = re.fullmatch(
        r"estimate\s+"
        + _PLAIN
        + r"\s*([*+\-/x×])\s*"
        + _PLAIN
        + r"\s+by\s+(?:first\s+)?rounding\s+(?:each|both)\s+(?:number|numbers)\s+to\s+the\s+nearest\s+"
        + unit_w,
        t,
        re.I,
    )
    if m:
        unit = decimal.Decimal(str(_NEAREST.get(m.group(4).lower(), m.group(4))))
        if unit <= 0:
            return None
        a, b = (
            (decimal.Decimal(v.replace(",", "")) / unit).quantize(
                decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP
            )
            * unit
            for v in (m.group(1), m.group(3))
        )
        op = {"x": "*", "×": "*"}.get(m.group(2), m.group(2))
        ra, rb = sp.Rational(str(a)), sp.Rational(str(b))
        if op == "/" and rb == 0:
            return None
        val = {"*": ra * rb, "+": ra + rb, "-": ra - rb, "/": ra / rb if rb else None}[op]
        tex = {"*": "\\times", "+": "+", "-": "-", "/": "\\div"}[op]
        steps = [
            f"Round first: ${m.group(1)} \\approx {_latex(ra)}$ and ${m.group(3)} \\approx {_latex(rb)}$.",
            f"$${_latex(ra)} {tex} {_latex(rb)} = {_latex(val)}$$",
        ]
        return Solution("rounding", f"{m.group(1)} {tex} {m.group(3)}", steps, _latex(val), val)
    return None


def _phrasings(s: str) -> Solution | None:
    for f in (_rounding, _limit_words, _equation_words, _functions, _substitute):
        sol = f(s)
        if sol is not None:
            return sol
    return None
