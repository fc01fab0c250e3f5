"""The worked Solution of a word problem read into one equation (a schema reading of
:mod:`schemas`, or a reader that builds a `SchemaAnswer`): its equation first, then the value with
its unit. Apart from :mod:`solution` so that readers can build one without importing the front door
(which imports the readers)."""

from __future__ import annotations

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
        f"So the answer is **{sp.latex(value)} {unit}**.",
    ]
    sol = Solution(KIND, ans.equation, steps, sp.latex(value), value)
    sol.unit = unit  # type: ignore[attr-defined]
    sol.equations = ans.equation.split(r" \\ ")  # type: ignore[attr-defined]  # one per step
    return sol


def unit_words(item, value) -> str:
    """`item` as the answer's unit: plural unless the value is 1 (4 buses, 5 glasses)."""
    words = str(item)
    return words if value == 1 else plural(words)
