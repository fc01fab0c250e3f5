"""The answer line of a word problem as a student reads it: the reply is Markdown with $...$ for
math, so a fraction outside math mode would show as raw LaTeX ("\\frac{27}{2} dollars")."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math import solve
from tutor.math.wordproblems.schema_solution import shown_value


@pytest.mark.parametrize(
    "value, unit, shown",
    [
        (Fraction(27, 2), "dollars", "13.50"),
        (Fraction(1, 4), "dollars", "0.25"),
        (Fraction(5, 2), "meters", "2.5"),
        (Fraction(1, 8), "kg", "0.125"),
        (Fraction(7, 3), "pizzas", r"$\frac{7}{3}$"),
        (Fraction(-7, 3), "", r"$-\frac{7}{3}$"),
        (Fraction(12), "apples", "12"),
    ],
)
def test_values_are_shown_as_students_write_them(value, unit, shown):
    assert shown_value(value, unit) == shown


@pytest.mark.parametrize(
    "text, line",
    [
        ("Owen bought 3 sandwiches for $4.50 each. How much did he spend?", "**13.50 dollars**"),
        ("Nina saved $45. She spent $17 on a book. How much money does she have left?", "**28 dollars**"),
    ],
)
def test_the_answer_line_draws_money_as_dollars_and_cents(text, line):
    sol = solve(text)
    assert line in sol.steps[-1], sol.steps[-1]
    assert "\\frac" not in sol.steps[-1]


def test_the_closing_line_states_the_money_answer_in_dollars_and_cents():
    sol = solve("Owen bought 3 sandwiches for $4.50 each and a juice for $1.25. How much did he spend?")
    assert sol.to_markdown().rstrip().endswith("The final answer is $14.75$."), sol.to_markdown()[-80:]
