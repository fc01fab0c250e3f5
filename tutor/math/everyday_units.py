"""Unit conversion in everyday phrasings ("How many grams are there in 2.5 kilograms?", "Convert 3 km/h
to metres per second"), with sympy.physics.units (runs in the SymPy worker)."""

from __future__ import annotations

import re

from tutor.math.everyday_common import N, latex, num
from tutor.math.families.numbers import decimal_text
from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution

__all__ = ["convert_units"]


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


def convert_units(s: str):
    sp = sympy_module()
    s = re.sub(r"(\d)\s+of\s+an?\s+(?=[a-z])", r"\1 ", s, flags=re.I)  # "5/8 of a gram"
    U = r"([a-z]+(?:\s*/\s*[a-z]+|\s+per\s+[a-z]+)?)"
    pats = [
        r"how\s+many\s+" + U + r"\s+(?:are\s+(?:there\s+)?)?in\s+" + N + r"\s+" + U + r"\s*\??",
        r"(?:what\s+is\s+|convert\s+|express\s+|change\s+)?"
        + N
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
    ratio = exact_number(u.convert_to(qa, qb) / qb)
    if ratio.free_symbols or not ratio.is_number:
        return None  # different dimensions
    v = num(x)
    val = v * ratio
    shown = (
        decimal_text(val)
        if isinstance(val, sp.Rational) and ("." in x or _terminates(val)) or val.is_Integer
        else latex(val)
    )
    steps = [
        f"$1$ {frm} $= {decimal_text(ratio) if isinstance(ratio, sp.Rational) else latex(ratio)}$ {to} "
        "(sympy.physics.units).",
        f"$${decimal_text(v)} \\times {latex(ratio)} = {shown}$$ {to}.",
    ]
    return Solution("unit_conversion", f"{decimal_text(v)}\\ \\text{{{frm}}}", steps, shown, val)
