"""The worked Solution of a word problem read into one equation (a schema reading of
:mod:`schemas`, or a reader that builds a `SchemaAnswer`): its equation first, then the value with
its unit. Apart from :mod:`solution` so that readers can build one without importing the front door
(which imports the readers)."""

from __future__ import annotations

from fractions import Fraction

from tutor.math.calculations import fmt_value
from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.reading import plural

KIND = "word_problem"


def schema_solution(ans) -> Solution:
    """The worked solution of a schema reading: its equation first, then the value with its unit."""
    sp = sympy_module()
    value = sp.Rational(ans.value.numerator, ans.value.denominator)
    unit = unit_words(ans.item, value)
    steps = [
        f"The story is a {ans.schema} problem; the equations it gives (x = {ans.says}):\n\n$${ans.equation}$$",
        f"So the answer is **{shown_value(value, unit)} {unit}**.",
    ]
    sol = Solution(KIND, ans.equation, steps, sp.latex(value), value)
    sol.unit = unit  # type: ignore[attr-defined]
    sol.equations = ans.equation.split(r" \\ ")  # type: ignore[attr-defined]  # one per step
    return sol


def unit_words(item, value) -> str:
    """`item` as the answer's unit: plural unless the value is 1 (4 buses, 5 glasses)."""
    words = str(item)
    return words if value == 1 else plural(words)


def terminates(v) -> bool:
    """A value a story answers with as a decimal: whole or finite (2.5), never 10/7."""
    d = v.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def shown_value(value, unit: str = "") -> str:
    """The answer's value as a student reads it in the reply's Markdown: 8, 2.5, 13.50 (dollars)
    or $\\frac{7}{3}$ (a fraction that is no finite decimal, in math mode so it is drawn)."""
    v = Fraction(str(value)) if not hasattr(value, "p") else Fraction(int(value.p), int(value.q))
    if not terminates(v):
        return f"${'-' if v < 0 else ''}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}}$"
    if v.denominator != 1 and unit.split(" ")[0] in ("dollar", "dollars") and (v * 100).denominator == 1:
        return f"{float(v):.2f}"  # money in dollars and cents
    return fmt_value(v)  # 8, 2.5, 0.125: the project's one way of writing an exact value
