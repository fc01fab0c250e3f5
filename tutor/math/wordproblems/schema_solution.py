"""The worked Solution of a word problem read into one equation (a schema reading of
:mod:`schemas`, or a reader that builds a `SchemaAnswer`): its equation first, then the value with
its unit. Apart from :mod:`solution` so that readers can build one without importing the front door
(which imports the readers)."""

from __future__ import annotations

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution

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
    """`item` as the answer's unit: plural unless the value is 1."""
    words = str(item)
    if value == 1:
        return words
    if words.endswith(("s", "sh", "ch", "x")) and not words.endswith("ss"):
        return words + ("es" if words.endswith(("sh", "ch", "x")) else "")
    if words.endswith("y") and words[-2:-1] not in "aeiou":
        return words[:-1] + "ies"
    return words + "s"
