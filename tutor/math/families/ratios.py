"""Ratios and proportion in textbook phrasing: simplify a ratio (``12:18``, ``1.5 : 2 : 2.5``),
share an amount in a ratio, solve a proportion written with colons (``5:8 = x:40``), the unit
rate ("If 5 pencils cost $2.50, how much do 8 pencils cost?"), a part from a ratio and a total
("The ratio of boys to girls is 4:5. If there are 36 pupils, how many girls are there?") and
direct / inverse variation ("y varies directly with x, and y = 12 when x = 4. Find y when x = 10.").
"""

from __future__ import annotations

import re
from functools import reduce

from tutor.math.families.phrases import ASK, NUM, clean, number
from tutor.math.parse import exact_number, latex, sympy_module
from tutor.math.problems import Solution, Unsupported

_R = r"(" + NUM + r"(?:\s*:\s*" + NUM + r")+)"
_NOUN = r"([a-z]+)"


def _ratio(t: str):
    vals = [number(p) for p in t.split(":")]
    if any(v is None or v <= 0 for v in vals):
        return None
    return vals


def _simplest(vals):
    """The ratio in whole numbers with no common factor."""
    sp = sympy_module()
    den = reduce(sp.ilcm, [int(v.q) for v in vals], 1)
    ints = [int(v * den) for v in vals]
    g = reduce(sp.igcd, ints)
    return [sp.Integer(i // g) for i in ints], den, g


def _plural(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` the same noun, singular or plural ("pencil", "pencils")?"""
    a, b = a.lower(), b.lower()
    strip = lambda w: re.sub(r"(?:es|s)$", "", w)
    return a == b or strip(a) == strip(b)


def try_ratio(text: str):
    """A ratio / proportion question in plain phrasing, or None."""
    sp = sympy_module()
    s = clean(text)

    m = re.fullmatch(
        r"(?:simplify|reduce|write|express)\s+(?:the\s+ratio\s+)?"
        + _R
        + r"(?:\s+(?:in|to)\s+(?:its\s+)?(?:simplest|lowest)\s+(?:form|terms))?",
        s,
        re.I,
    ) or re.fullmatch(
        ASK + r"(?:the\s+)?(?:ratio\s+)?" + _R + r"\s+in\s+(?:its\s+)?(?:simplest|lowest)\s+(?:form|terms)",
        s,
        re.I,
    )
    if m:
        vals = _ratio(m.group(1))
        if vals is None:
            return None
        ints, den, g = _simplest(vals)
        steps = []
        if den != 1:
            steps.append(
                f"Multiply every part by ${den}$ to clear the fractions/decimals: ${':'.join(latex(v * den) for v in vals)}$."
            )
        steps.append(
            f"Divide every part by their highest common factor ${g}$: ${':'.join(latex(i) for i in ints)}$."
        )
        ans = ":".join(latex(i) for i in ints)
        return Solution("ratio", ":".join(latex(v) for v in vals), steps, ans, sp.Tuple(*ints))

    # share / divide an amount in a ratio
    m = re.fullmatch(r"(?:share|divide|split)\s+(?:\$\s?)?(" + NUM + r")\s+in\s+the\s+ratio\s+" + _R, s, re.I)
    if m:
        total, vals = number(m.group(1)), _ratio(m.group(2))
        if total is None or vals is None:
            return None
        parts = sum(vals)
        shares = [total * v / parts for v in vals]
        steps = [
            f"There are ${' + '.join(latex(v) for v in vals)} = {latex(parts)}$ parts in all.",
            f"One part is $\\frac{{{latex(total)}}}{{{latex(parts)}}} = {latex(total / parts)}$.",
            "The shares are "
            + ", ".join(
                f"${latex(v)} \\times {latex(total / parts)} = {latex(sh)}$" for v, sh in zip(vals, shares)
            )
            + ".",
        ]
        ans = ", ".join(latex(x) for x in shares)
        return Solution(
            "ratio",
            f"{latex(total)} \\text{{ in }} {':'.join(latex(v) for v in vals)}",
            steps,
            ans,
            sp.Tuple(*shares),
        )

    # a:b = c:d with one unknown
    m = re.fullmatch(
        r"(?:solve(?:\s+the\s+proportion)?|find\s+([a-z])\s+(?:if|when|given\s+that))\s*:?\s*"
        r"("
        + NUM
        + r"|[a-z])\s*:\s*("
        + NUM
        + r"|[a-z])\s*=\s*("
        + NUM
        + r"|[a-z])\s*:\s*("
        + NUM
        + r"|[a-z])",
        s,
        re.I,
    )
    if m:
        terms = [m.group(i) for i in range(2, 6)]
        letters = {t for t in terms if re.fullmatch(r"[a-z]", t)}
        if (
            len(letters) != 1
            or sum(t in letters for t in terms) != 1
            or (m.group(1) and m.group(1) not in letters)
        ):
            return None
        x = sp.Symbol(letters.pop())
        a, b, c, d = (x if re.fullmatch(r"[a-z]", t) else number(t) for t in terms)
        if any(v is None for v in (a, b, c, d)):
            return None
        roots = sp.solve(sp.Eq(a * d, b * c), x)
        if len(roots) != 1 or any(v == 0 for v in (b, d) if v != x):
            return None
        r = roots[0]
        steps = [
            f"Write the proportion as fractions: $\\frac{{{latex(a)}}}{{{latex(b)}}} = \\frac{{{latex(c)}}}{{{latex(d)}}}$.",
            f"Cross-multiply: ${latex(a * d)} = {latex(b * c)}$, so ${latex(x)} = {latex(r)}$.",
        ]
        from tutor.math.problems import EquationData

        return Solution(
            "linear_equation",
            f"{latex(a)}:{latex(b)} = {latex(c)}:{latex(d)}",
            steps,
            f"{latex(x)} = {latex(r)}",
            r,
            EquationData([(a / b, c / d)], [x], [r]),
        )

    # unit rate: "If 5 pencils cost $2.50, how much do 8 pencils cost(, in dollars)?"
    m = re.fullmatch(
        r"if\s+(" + NUM + r")\s+" + _NOUN + r"\s+costs?\s+\$?\s?(" + NUM + r")\s*,\s*"
        r"(?:how\s+much\s+(?:do|does|would|will)\s+(" + NUM + r")\s+" + _NOUN + r"\s+cost|"
        r"what\s+(?:is|would\s+be)\s+the\s+cost\s+of\s+("
        + NUM
        + r")\s+"
        + _NOUN
        + r")(?:\s*,?\s*in\s+dollars)?",
        s,
        re.I,
    )
    if m:
        n1, noun1, price = number(m.group(1)), m.group(2), number(m.group(3))
        n2, noun2 = (number(m.group(4)), m.group(5)) if m.group(4) else (number(m.group(6)), m.group(7))
        if None in (n1, n2, price) or n1 == 0 or not _plural(noun1, noun2):
            return None
        unit = price / n1
        val = unit * n2
        sym = _decimal
        steps = [
            f"One {noun1.rstrip('s') if n1 != 1 else noun1} costs $\\frac{{{sym(price)}}}{{{sym(n1)}}} = {sym(unit)}$ dollars.",
            f"${sym(n2)}$ of them cost ${sym(n2)} \\times {sym(unit)} = {sym(val)}$ dollars.",
        ]
        return Solution(
            "ratio", f"\\frac{{{sym(price)}}}{{{sym(n1)}}} \\times {sym(n2)}", steps, sym(val), val
        )

    # "The ratio of boys to girls (in a group) is 4:5. If there are 36 pupils (in total), how many girls are there?"
    m = re.fullmatch(
        r"the\s+ratio\s+of\s+"
        + _NOUN
        + r"\s+to\s+"
        + _NOUN
        + r"(?:\s+in\s+(?:a|the)\s+[a-z]+)?\s+is\s+("
        + NUM
        + r")\s*:\s*("
        + NUM
        + r")\s*[.,]\s*"
        r"if\s+there\s+are\s+("
        + NUM
        + r")(?:\s+"
        + _NOUN
        + r")?(?:\s+(?:in\s+total|altogether|in\s+all))?\s*,?\s*"
        r"how\s+many\s+" + _NOUN + r"\s+are\s+there",
        s,
        re.I,
    )
    if m:
        p, q = m.group(1).lower(), m.group(2).lower()
        a, b, total = number(m.group(3)), number(m.group(4)), number(m.group(5))
        asked = m.group(7).lower()
        if None in (a, b, total) or a <= 0 or b <= 0 or asked not in (p, q) or p == q:
            return None
        share = a if asked == p else b
        val = total * share / (a + b)
        if not val.is_integer:
            raise Unsupported(
                f"{latex(total)} can't be shared in the ratio {latex(a)}:{latex(b)} in whole {asked}."
            )
        steps = [
            f"There are ${latex(a)} + {latex(b)} = {latex(a + b)}$ parts, so one part is $\\frac{{{latex(total)}}}{{{latex(a + b)}}} = {latex(total / (a + b))}$.",
            f"The {asked} are ${latex(share)}$ parts: ${latex(share)} \\times {latex(total / (a + b))} = {latex(val)}$.",
        ]
        return Solution("ratio", f"{latex(a)}:{latex(b)}", steps, latex(val), val)

    # direct / inverse variation
    m = re.fullmatch(
        r"([a-z])\s+(?:varies|is)\s+(directly|inversely)\s+(?:proportional\s+)?(?:with|as|to)\s+([a-z])\s*[,.]?\s*(?:and\s+)?"
        r"\1\s*=\s*(" + NUM + r")\s+when\s+\3\s*=\s*(" + NUM + r")\s*[.,]\s*"
        r"(?:find|what\s+is|calculate|determine)\s+(?:the\s+value\s+of\s+)?\1\s+when\s+\3\s*=\s*("
        + NUM
        + r")",
        s,
        re.I,
    )
    if m:
        y, how, x = m.group(1), m.group(2).lower(), m.group(3)
        y1, x1, x2 = number(m.group(4)), number(m.group(5)), number(m.group(6))
        if None in (y1, x1, x2) or y == x or x1 == 0 or (how == "inversely" and x2 == 0):
            return None
        if how == "directly":
            k = y1 / x1
            val = k * x2
            steps = [
                f"${y} = k{x}$; from ${y} = {latex(y1)}$ when ${x} = {latex(x1)}$: $k = \\frac{{{latex(y1)}}}{{{latex(x1)}}} = {latex(k)}$.",
                f"When ${x} = {latex(x2)}$: ${y} = {latex(k)} \\times {latex(x2)} = {latex(val)}$.",
            ]
        else:
            k = y1 * x1
            val = k / x2
            steps = [
                f"${y} = \\frac{{k}}{{{x}}}$; from ${y} = {latex(y1)}$ when ${x} = {latex(x1)}$: $k = {latex(y1)} \\times {latex(x1)} = {latex(k)}$.",
                f"When ${x} = {latex(x2)}$: ${y} = \\frac{{{latex(k)}}}{{{latex(x2)}}} = {latex(val)}$.",
            ]
        return Solution(
            "variation",
            f"{y} \\propto {x}" if how == "directly" else f"{y} \\propto 1/{x}",
            steps,
            latex(val),
            val,
        )
    return None


def _decimal(v) -> str:
    """A money amount / count as a plain decimal when it terminates, else a fraction."""
    sympy_module()
    v = exact_number(v)
    q = int(v.q)
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    if q != 1:
        return latex(v)
    import decimal

    with decimal.localcontext() as ctx:
        ctx.prec = 60
        d = decimal.Decimal(int(v.p)) / decimal.Decimal(int(v.q))
    return format(d.normalize(), "f")
