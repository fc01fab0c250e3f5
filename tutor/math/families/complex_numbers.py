"""Complex numbers in textbook words: "Express 2/(1 - i) in the form a + bi" (also standard /
rectangular form), the modulus, the conjugate, and "Add / Subtract / Multiply / Divide" two
complex numbers. `i` is the imaginary unit here; anything else in the expression (another
letter, an English word) is refused by the parser, never guessed."""

from __future__ import annotations

import re

from tutor.math.families.common import ratify
from tutor.math.parse import exact_number, imaginary_unit, latex, parse_any, sympy_module
from tutor.math.problems import Solution, Unsupported

_FORM = re.compile(
    r"^(?:express|write|put|give|rewrite|simplify|compute|evaluate|calculate|find)?\s*(.+?)\s*,?\s+in\s+"
    r"(?:the\s+)?(?:form\s+\$?\s*a\s*\+\s*b\s*\*?\s*i\s*\$?|(?:standard|rectangular|cartesian|algebraic)"
    r"\s+form|\$?a\s*\+\s*bi\$?\s+form)(?:\s*,?\s*where\s+a\s+and\s+b\s+are\s+real(?:\s+numbers)?)?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBER = r"(?:the\s+complex\s+number\s+)?"
_MODULUS = re.compile(rf"^(?:the\s+)?(?:modulus|absolute\s+value|magnitude)\s+of\s+{_NUMBER}(.+)$", re.I)
_CONJUGATE = re.compile(rf"^(?:the\s+)?(?:complex\s+)?conjugate\s+of\s+{_NUMBER}(.+)$", re.I)
_TWO = [
    (re.compile(r"^add\s+(.+?)\s+(?:and|to)\s+(.+)$", re.I), "+", False),
    (re.compile(r"^subtract\s+(.+?)\s+from\s+(.+)$", re.I), "-", True),
    (re.compile(r"^multiply\s+(.+?)\s+(?:and|by)\s+(.+)$", re.I), "*", False),
    (re.compile(r"^divide\s+(.+?)\s+by\s+(.+)$", re.I), "/", False),
]


def _complex(t: str):
    """`t` read with `i` the imaginary unit; None unless it is a number with an `i` in it."""
    sp = sympy_module()
    t = t.strip().rstrip(".?").strip()
    if not re.search(r"(?<![A-Za-z])i(?![A-Za-z])", t):
        return None
    with imaginary_unit(True):
        e = ratify(parse_any(t))
    if e.free_symbols or not e.is_number:
        return None
    if not e.has(sp.I):
        return None
    return e


def _rect(e):
    sp = sympy_module()
    v = exact_number(sp.expand(sp.simplify(e)))
    re_, im_ = v.as_real_imag()
    return exact_number(re_) + exact_number(im_) * sp.I


def _conjugate_steps(e) -> list[str]:
    sp = sympy_module()
    num, den = sp.fraction(sp.together(e))
    if not den.has(sp.I):
        return [f"Expand, using $i^2 = -1$: $${latex(e)} = {latex(_rect(e))}$$"]
    conj = sp.conjugate(den)
    top, bottom = sp.expand(num * conj), sp.expand(den * conj)
    return [
        f"Multiply the top and bottom by the conjugate of the denominator, ${latex(conj)}$:",
        f"$$\\frac{{{latex(num)}}}{{{latex(den)}}} \\cdot \\frac{{{latex(conj)}}}{{{latex(conj)}}} = "
        f"\\frac{{{latex(top)}}}{{{latex(bottom)}}}$$ (using $i^2 = -1$; the bottom is real).",
        f"Split into real and imaginary parts: $${latex(_rect(e))}$$",
    ]


_SIGNS = {"+": "+", "-": "-", "*": "\\cdot", "/": "\\div"}


def try_complex(s: str):
    """A complex-number problem in words, or None when `s` is not one."""
    sp = sympy_module()
    t = s.strip().rstrip(".?").strip()
    m = _FORM.match(t)
    if m:
        e = _complex(m.group(1))
        if e is None:
            raise Unsupported("I can only put a number written with i (like 2/(1 - i)) in the form a + bi.")
        v = _rect(e)
        return Solution("arithmetic", latex(e), _conjugate_steps(e), latex(v), v)
    m = _MODULUS.match(t)
    if m:
        e = _complex(m.group(1))
        if e is None:
            return None
        z = _rect(e)
        a, b = z.as_real_imag()
        v = sp.sqrt(a**2 + b**2)
        steps = [
            f"$z = {latex(z)}$ has real part ${latex(a)}$ and imaginary part ${latex(b)}$.",
            f"$$|z| = \\sqrt{{{latex(a)}^2 + {latex(b)}^2}} = {latex(v)}$$",
        ]
        return Solution("arithmetic", f"\\left|{latex(z)}\\right|", steps, latex(v), v)
    m = _CONJUGATE.match(t)
    if m:
        e = _complex(m.group(1))
        if e is None:
            return None
        z = _rect(e)
        v = sp.conjugate(z)
        steps = [
            f"The conjugate changes the sign of the imaginary part: $\\overline{{{latex(z)}}} = {latex(v)}$."
        ]
        return Solution("arithmetic", f"\\overline{{{latex(z)}}}", steps, latex(v), v)
    m = re.match(r"^(?:add|subtract|multiply|divide|simplify)\s+(.+)$", t, re.I)
    if m and not any(p.match(t) for p, _, _ in _TWO):
        e = _complex(m.group(1))  # "Add (4 - 2i) + (-1 + 5i)": the operation is written out
        if e is None:
            return None
        v = _rect(e)
        return Solution("arithmetic", latex(e), _conjugate_steps(e), latex(v), v)
    for pat, op, swap in _TWO:
        m = pat.match(t)
        if not m:
            continue
        a, b = m.group(2), m.group(1)
        if not swap:
            a, b = b, a
        ea, eb = _complex_or_number(a), _complex_or_number(b)
        if ea is None or eb is None or not (ea.has(sp.I) or eb.has(sp.I)):
            return None
        if op == "/" and eb == 0:
            raise Unsupported("Division by zero is undefined.")
        e = {"+": ea + eb, "-": ea - eb, "*": ea * eb, "/": ea / eb}[op]
        sign = _SIGNS[op]
        shown = f"\\left({latex(ea)}\\right) {sign} \\left({latex(eb)}\\right)"
        steps = (
            _conjugate_steps(ea / eb)
            if op == "/"
            else [
                f"Combine the real parts and the imaginary parts (with $i^2 = -1$): $${shown} = {latex(_rect(e))}$$"
            ]
        )
        v = _rect(e)
        return Solution("arithmetic", shown, steps, latex(v), v)
    return None


def _complex_or_number(t: str):
    """`t` as a complex number (with i) or a plain number; None otherwise."""
    e = _complex(t)
    if e is not None:
        return e
    t = t.strip().rstrip(".?").strip()
    if not re.fullmatch(r"[\d\s.+\-*/()]+", t):
        return None
    e = ratify(parse_any(t))
    return e if e.is_number and not e.free_symbols else None
