"""Percent word problems in textbook phrasing: the whole from a part ("30 is 20% of what number?",
"20% of a number is 30. Find the number."), the percent change from one amount to another ("What is
the percentage increase from 400 to 500?", "A town's population grew from 400 to 500. What is the
percentage increase?") and a price after a percent change ("A jacket costs $80. In a sale its price
is reduced by 15%. What is the sale price?"). A direction the words contradict is refused. Exact.
"""

from __future__ import annotations

import re

from tutor.math.families.phrases import NUM, clean, number
from tutor.math.parse import exact_number, latex, sympy_module
from tutor.math.problems import Solution, Unsupported

_P = r"(" + NUM + r")\s*(?:%|\s+percent|\s+per\s+cent)"
_UP = ("grew", "increased", "rose", "went up", "climbed")
_DOWN = ("fell", "dropped", "decreased", "went down", "shrank", "declined")
# a short subject: "A town's population", "The price of a ticket", "Her salary"
_SUBJ = (
    r"(?:(?:a|an|the|his|her|their|its|my|our)\s+)?[a-z]+(?:'s)?(?:\s+(?:of\s+(?:a|an|the)\s+)?[a-z]+){0,2}"
)


def _dec(v) -> str:
    sympy_module()
    v = exact_number(v)
    q = int(v.q)
    for f in (2, 5):
        while q % f == 0:
            q //= f
    if q != 1:
        return latex(v)
    import decimal

    with decimal.localcontext() as ctx:
        ctx.prec = 60
        d = decimal.Decimal(int(v.p)) / decimal.Decimal(int(v.q))
    return format(d.normalize(), "f")


def _change(a, b, asked: str, said: str | None) -> Solution:
    sp = sympy_module()
    if a == 0:
        raise Unsupported("A percent change from 0 is not defined.")
    up = b > a
    asked = asked.lower()
    if said is not None and (said in _UP) != up:
        raise Unsupported("The words and the numbers disagree about whether the amount went up or down.")
    if asked == "increase" and not up or asked == "decrease" and up:
        raise Unsupported(f"From {_dec(a)} to {_dec(b)} is not a percentage {asked}.")
    diff = b - a
    pct = exact_number(abs(diff) / abs(a) * 100)
    word = "increase" if up else "decrease"
    if a == b:
        word, pct = "change", sp.Integer(0)
    steps = [
        f"The change is ${_dec(b)} - {_dec(a)} = {_dec(diff)}$.",
        f"Divide by the original amount and multiply by $100$: $\\frac{{{_dec(abs(diff))}}}{{{_dec(abs(a))}}} \\times 100 = {_dec(pct)}\\%$"
        + (f" ({word})." if a != b else "."),
    ]
    ans_v = pct if asked != "change" or up else -pct
    return Solution("percentage", f"{_dec(a)} \\to {_dec(b)}", steps, f"{_dec(ans_v)}\\%", ans_v)


def try_percent_words(text: str):
    """A percent word problem in plain phrasing, or None."""
    sympy_module()
    s = clean(text).replace("\\%", "%")

    # whole from a part
    m = re.fullmatch(r"(" + NUM + r")\s+is\s+" + _P + r"\s+of\s+what(?:\s+number)?", s, re.I)
    m2 = re.fullmatch(
        r"(?:if\s+)?" + _P + r"\s+of\s+(?:a|some|what)\s+number\s+is\s+(" + NUM + r")\s*(?:[.,]\s*|,?\s*)"
        r"(?:(?:what|find|calculate|determine)\s+(?:is\s+)?the\s+number)?",
        s,
        re.I,
    )
    if m or m2:
        part, p = (
            (number(m.group(1)), number(m.group(2))) if m else (number(m2.group(2)), number(m2.group(1)))
        )
        if part is None or p is None or p == 0:
            return None
        whole = exact_number(part * 100 / p)
        steps = [
            f"${_dec(p)}\\%$ of the number is ${_dec(part)}$, so $\\frac{{{_dec(p)}}}{{100}} \\times n = {_dec(part)}$.",
            f"$n = {_dec(part)} \\times \\frac{{100}}{{{_dec(p)}}} = {_dec(whole)}$.",
        ]
        return Solution(
            "percentage", f"{_dec(p)}\\% \\text{{ of }} n = {_dec(part)}", steps, _dec(whole), whole
        )

    # percent change between two amounts
    m = re.fullmatch(
        r"(?:what\s+is\s+|find\s+|calculate\s+|work\s+out\s+)?the\s+percent(?:age)?\s+(increase|decrease|change)\s+from\s+\$?\s?("
        + NUM
        + r")\s+to\s+\$?\s?("
        + NUM
        + r")",
        s,
        re.I,
    )
    if m:
        a, b = number(m.group(2)), number(m.group(3))
        if a is None or b is None:
            return None
        return _change(a, b, m.group(1), None)
    m = re.fullmatch(
        _SUBJ
        + r"\s+("
        + "|".join(_UP + _DOWN)
        + r")\s+from\s+\$?\s?("
        + NUM
        + r")\s+to\s+\$?\s?("
        + NUM
        + r")\s*[.,]\s*"
        r"(?:what\s+is\s+|find\s+|calculate\s+|work\s+out\s+)?the\s+percent(?:age)?\s+(increase|decrease|change)",
        s,
        re.I,
    )
    if m:
        a, b = number(m.group(2)), number(m.group(3))
        if a is None or b is None:
            return None
        return _change(a, b, m.group(4), m.group(1).lower())

    # a price after a percent change
    m = re.fullmatch(
        r"an?\s+([a-z]+)\s+(?:costs|is\s+priced\s+at|sells\s+for)\s+\$?\s?(" + NUM + r")\s*[.,]\s*"
        r"(?:in\s+a\s+sale\s*,?\s+)?(?:its|the)\s+price\s+is\s+(reduced|cut|lowered|discounted|decreased|increased|raised)\s+by\s+"
        + _P
        + r"(?:\s+in\s+a\s+sale)?\s*[.,]\s*(?:what\s+is\s+|find\s+|calculate\s+|work\s+out\s+)?(?:the|its)\s+(sale|new|reduced|discounted|increased)?\s*price(?:\s*,?\s*in\s+dollars)?",
        s,
        re.I,
    )
    if m:
        x, verb, p, which = (
            number(m.group(2)),
            m.group(3).lower(),
            number(m.group(4)),
            (m.group(5) or "new").lower(),
        )
        if x is None or p is None:
            return None
        up = verb in ("increased", "raised")
        if up and which in ("sale", "reduced", "discounted") or not up and which == "increased":
            return None
        change = x * p / 100
        val = x + change if up else x - change
        steps = [
            f"${_dec(p)}\\%$ of ${_dec(x)}$ is $\\frac{{{_dec(p)}}}{{100}} \\times {_dec(x)} = {_dec(change)}$.",
            f"The {which} price is ${_dec(x)} {'+' if up else '-'} {_dec(change)} = {_dec(val)}$ dollars.",
        ]
        return Solution(
            "percentage", f"{_dec(x)} {'+' if up else '-'} {_dec(p)}\\%", steps, _dec(val), exact_number(val)
        )
    return None
