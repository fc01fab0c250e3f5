"""Rounding in everyday phrasings (to the nearest ten / tenth / ten thousand, to decimal places or
significant figures), the value of a digit, the digit in a place, estimating by rounding first
(runs in the SymPy worker)."""

from __future__ import annotations

import re

from tutor.math.everyday_common import latex
from tutor.math.families.numbers import decimal_text
from tutor.math.parse import sympy_module
from tutor.math.problems import Solution

__all__ = ["rounding"]

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


def rounding(s: str) -> Solution | None:
    """Rounding to the nearest ten / tenth / ten thousand, to decimal places or significant
    figures; the value of a digit; the digit in a place; estimating by rounding first."""
    import decimal

    sp = sympy_module()
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
        out = decimal_text(val)
        return Solution(
            "place_value",
            num,
            [f"The digit ${d}$ is worth ${d} \\times {latex(sp.Integer(10) ** pos)} = {out}$."],
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
            f"Round first: ${m.group(1)} \\approx {latex(ra)}$ and ${m.group(3)} \\approx {latex(rb)}$.",
            f"$${latex(ra)} {tex} {latex(rb)} = {latex(val)}$$",
        ]
        return Solution("rounding", f"{m.group(1)} {tex} {m.group(3)}", steps, latex(val), val)
    return None
