"""What the everyday phrasings' handlers share (runs in the SymPy worker): exact values of small
expressions, the true/false answer, and the question words taken off a phrasing."""

from __future__ import annotations

import re

from tutor.math.families.common import ratify
from tutor.math.parse import parse_any, sympy_module
from tutor.math.problems import Solution, Unsupported

__all__ = ["N", "NOT_MINE", "num", "val", "latex", "true_false", "question_body"]

# a number as the phrasings write it: -3, 2.5, 3/4, .5
N = r"(-?\s*\d+(?:\.\d+)?(?:\s*/\s*-?\d+)?|-?\s*\.\d+)"

# a handler's answer for "this input is not my phrasing after all" (the next one is tried); None
# means "mine, and not answerable" (the general parser takes over, as before the table)
NOT_MINE = object()


def num(t: str):
    sp = sympy_module()
    t = t.replace(" ", "")
    if "/" in t:
        a, b = t.split("/")
        return sp.Rational(sp.Rational(a), sp.Rational(b))
    return sp.Rational(t)


def latex(e) -> str:
    return sympy_module().latex(e)


def val(t: str):
    """An exact value of a small expression (numbers, fractions, operators)."""
    e = ratify(parse_any(t.strip()))
    if e.free_symbols:
        raise Unsupported(f"'{t.strip()}' is not a number.")
    return e


def true_false(flag: bool, why: str, kind: str, problem: str) -> Solution:
    sp = sympy_module()
    ans = "True" if flag else "False"
    return Solution(
        kind,
        problem,
        [why, f"So the answer is **{ans}**."],
        f"\\text{{{ans}}}",
        sp.true if flag else sp.false,
    )


def question_body(s: str) -> str:
    """`s` without its question words ("What is", "Calculate", …) and closing punctuation."""
    body = re.sub(
        r"^(?:what\s+is|what's|calculate|compute|evaluate|work\s+out|find|determine|give)\s+",
        "",
        s.strip(),
        flags=re.I,
    ).strip()
    # closing punctuation; a `!` straight after a number, `)` or a lone letter is a factorial (5!, n!)
    return re.sub(r"(?:[?.\s]|(?<![\d)!\s])(?<!(?<![A-Za-z])[A-Za-z])!)+$", "", body).strip()
