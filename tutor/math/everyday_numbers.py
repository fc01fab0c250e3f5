"""Handlers of the everyday phrasings about numbers (runs in the SymPy worker): operations in words,
GCD / LCM / common denominators, prime, composite, divisibility, remainders, comparisons, sorting,
rounding to the nearest unit, n choose k, decimals and percentages, base conversion.

Each handler gets the match of its pattern in :mod:`tutor.math.everyday_table` and which of the
entry's patterns matched; it returns a :class:`Solution`, None (its phrasing, but not answerable)
or :data:`~tutor.math.everyday_common.NOT_MINE`."""

from __future__ import annotations

import re

from tutor.math.everyday_common import NOT_MINE, latex, true_false, val
from tutor.math.families.bare import bare_expression
from tutor.math.families.numbers import decimal_text, number_latex, number_problem, recurring_decimal_latex
from tutor.math.parse import sympy_module
from tutor.math.problems import Solution, Unsupported

_TWO_NUMBER_OPS = ["+", "*", "diff", "/", "from"]


def two_numbers(m, which: int):
    """ "Add 2.4 and 0.5", "Product of -2 and -9", "the difference between -0.4 and 1525", …"""
    op = _TWO_NUMBER_OPS[which]
    a, b = m.group(1).replace(" ", ""), m.group(2).replace(" ", "")
    expr = {
        "+": f"({a}) + ({b})",
        "*": f"({a}) * ({b})",
        "/": f"({a}) / ({b})",
        "from": f"({b}) - ({a})",
        "diff": f"({b}) - ({a})",
    }[op]
    sol = bare_expression(expr)
    if op == "diff":
        v = abs(sol.answer)
        sol = Solution(
            "arithmetic",
            f"\\left|{latex(val(b))} - ({latex(val(a))})\\right|",
            sol.steps + [f"The difference is the distance between them: ${latex(v)}$."],
            number_latex(v, decimals_hint="." in a + b),
            v,
        )
    return sol


def gcd_words(m, which: int):
    return number_problem(f"gcd of {m.group(2)} and {m.group(3)}")


def lcm_words(m, which: int):
    return number_problem(f"lcm of {m.group(1)} and {m.group(2)}")


def common_denominator(m, which: int):
    sp = sympy_module()
    a, b = val(m.group(1)), val(m.group(2))
    if not (a.is_Rational and b.is_Rational):
        return None
    v = sp.ilcm(int(a.q), int(b.q))
    return Solution(
        "lcm",
        f"{latex(a)}, {latex(b)}",
        [f"The denominators are ${a.q}$ and ${b.q}$; their LCM is ${v}$."],
        str(v),
        sp.Integer(v),
    )


def composite(m, which: int):
    sp = sympy_module()
    n = int(m.group(1))
    if n < 2:
        return true_false(False, f"${n}$ is neither prime nor composite.", "prime", str(n))
    if sp.isprime(n):
        return true_false(False, f"${n}$ is prime, so it is not composite.", "prime", str(n))
    p = min(sp.factorint(n))
    return true_false(True, f"${n} = {p} \\times {n // p}$.", "prime", str(n))


_RELATIONS = {
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


def relation(m, which: int):
    """ "Is -4 greater than 211?" / "Is 722 <= 721?"."""
    sp = sympy_module()
    try:
        a, b = val(m.group(1)), val(m.group(3))
    except Unsupported:
        return None
    if not (a.is_real and b.is_real):
        return None
    op = _RELATIONS[m.group(2).lower()]
    flag = {"<=": a <= b, ">=": a >= b, "<": a < b, ">": a > b, "==": a == b, "!=": a != b}[op]
    return true_false(
        bool(flag),
        f"${latex(a)} \\approx {sp.N(a, 8)}$ and ${latex(b)} \\approx {sp.N(b, 8)}$.",
        "comparison_test",
        f"{latex(a)}, {latex(b)}",
    )


_ORDINALS = {"": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def kth_biggest(m, which: int):
    """ "What is the fourth biggest value in -9/11, -4, 0, -5?"."""
    if "," not in m.group(3):
        return NOT_MINE
    vals = [val(t) for t in m.group(3).split(",")]
    k = _ORDINALS[(m.group(1) or "").lower()]
    big = m.group(2).lower() in ("biggest", "largest", "greatest")
    order = sorted(vals, key=lambda v: float(v), reverse=big)
    if k > len(order):
        return None
    v = order[k - 1]
    return Solution(
        "comparison",
        ", ".join(latex(x) for x in vals),
        [
            f"In {'decreasing' if big else 'increasing'} order: ${', '.join(latex(x) for x in order)}$.",
            f"Value number ${k}$ is ${latex(v)}$.",
        ],
        latex(v),
        v,
    )


def prime(m, which: int):
    sp = sympy_module()
    n = int(m.group(1))
    if sp.isprime(n):
        return true_false(True, f"${n}$ has no divisor between $2$ and $\\sqrt{{{n}}}$.", "prime", f"{n}")
    f = sp.factorint(n)
    p = min(f) if f else None
    why = (
        f"${n} = {p} \\times {n // p}$, so it has the divisor ${p}$."
        if p and n > 1
        else f"${n}$ is not prime by definition."
    )
    return true_false(False, why, "prime", f"{n}")


def divisibility(m, which: int):
    """ "Does 3 divide 12?", "Is 3 a factor of 12?" (which 0, 1); "Is 12 a multiple of 3?" (2)."""
    a, b = (int(m.group(1)), int(m.group(2))) if which < 2 else (int(m.group(2)), int(m.group(1)))
    if a == 0:
        return None
    q, r = divmod(b, a)
    return true_false(r == 0, f"${b} \\div {a} = {q}$ remainder ${r}$.", "divisibility", f"{a} \\mid {b}")


def remainder(m, which: int):
    sp = sympy_module()
    a, b = int(m.group(1)), int(m.group(2))
    if b == 0:
        return None
    q, r = divmod(a, b)
    return Solution(
        "remainder", f"{a} \\bmod {b}", [f"${a} = {b} \\times {q} + {r}$."], str(r), sp.Integer(r)
    )


def which_is(m, which: int):
    """ "Which is smaller: -1 or 62/595177?"."""
    sp = sympy_module()
    a, b = val(m.group(2)), val(m.group(3))
    if not (a.is_real and b.is_real):
        return None
    want_small = m.group(1).lower() in ("smaller", "less", "lower")
    pick = a if (a < b) == want_small else b
    if a == b:
        return None
    steps = [f"Compare: ${latex(a)} \\approx {sp.N(a, 8)}$ and ${latex(b)} \\approx {sp.N(b, 8)}$."]
    return Solution("comparison", f"{latex(a)}, {latex(b)}", steps, latex(pick), pick)


def sort_values(m, which: int):
    sp = sympy_module()
    if "," not in m.group(1):
        return NOT_MINE
    vals = [val(t) for t in m.group(1).split(",")]
    desc = (m.group(2) or "").lower() in ("decreasing", "descending")
    out = sorted(vals, key=lambda v: float(v), reverse=desc)
    ans = ", ".join(latex(v) for v in out)
    return Solution(
        "sorting",
        ", ".join(latex(v) for v in vals),
        [f"In {'decreasing' if desc else 'increasing'} order: ${ans}$."],
        ans,
        sp.Tuple(*out),
    )


_ROUND_WORDS = {
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


def round_simple(m, which: int):
    """To the nearest 10 / integer (which 0, 1) or to k decimal places (2, 3)."""
    import decimal

    sp = sympy_module()
    x = decimal.Decimal(m.group(1))
    nearest = which < 2
    if nearest:
        unit = decimal.Decimal(_ROUND_WORDS.get(m.group(2).lower(), m.group(2)))
        if unit == 0:
            return None
        r = (x / unit).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP) * unit
        what = f"the nearest ${unit}$"
    else:
        k = int(_ROUND_WORDS.get(m.group(2).lower(), m.group(2)))
        r = x.quantize(decimal.Decimal(1).scaleb(-k), rounding=decimal.ROUND_HALF_UP)
        what = f"${k}$ decimal places"
    out = format(r.normalize(), "f") if "." in format(r, "f") and nearest else format(r, "f")
    return Solution("rounding", str(x), [f"Round ${x}$ to {what}: ${out}$."], out, sp.Rational(out))


def choose(m, which: int):
    sp = sympy_module()
    n, k = int(m.group(1)), int(m.group(2))
    v = sp.binomial(n, k)
    steps = (
        [f"$$\\binom{{{n}}}{{{k}}} = \\frac{{{n}!}}{{{k}!\\,{n - k}!}} = {v}$$"]
        if k <= n
        else ["$k > n$, so it is $0$."]
    )
    return Solution("arithmetic", f"\\binom{{{n}}}{{{k}}}", steps, str(v), v)


def as_form(m, which: int):
    """ "Write 3/20 as a decimal" / "Express 0.35 as a percentage"."""
    sp = sympy_module()
    v = val(m.group(1))
    what = m.group(2).lower()
    if what == "decimal":
        out = recurring_decimal_latex(v) if isinstance(v, sp.Rational) else str(sp.N(v, 10))
        return Solution("arithmetic", latex(v), [f"Divide: ${latex(v)} = {out}$."], out, v)
    if what == "fraction":
        return Solution(
            "arithmetic", latex(v), [f"As a fraction in lowest terms: ${latex(v)}$."], latex(v), v
        )
    out = decimal_text(v * 100)
    return Solution(
        "percentage",
        latex(v),
        [f"Multiply by $100$: ${latex(v)} \\times 100 = {out}$, so ${out}\\%$."],
        f"{out}\\%",
        v * 100,
    )


def base_conversion(m, which: int):
    """ "What is 1011 (base 2) in base 10?" / "Convert 5 (base 6) to base 2."."""
    sp = sympy_module()
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


def word_operators(m, which: int):
    """ "What is 7 times 8?", "Calculate 1387582 divided by 7." (plain numbers only)."""
    t = m.group(0)
    for pat, op in _WORD_OPS:
        t = re.sub(pat, f" {op} ", t, flags=re.I)
    if re.fullmatch(r"[\d\s.+\-*/^()]+", t):
        return bare_expression(re.sub(r"\s+", " ", t).strip())
    return None
