"""Issue 25's precision classes, each tested as a class with examples written here: a line with
an unknown is never read as arithmetic; log bases (words with a fraction, LaTeX subscripts
without braces, an argument whose end is unclear); degrees inside trigonometric functions;
"Find x if <equation>"."""

from __future__ import annotations

import pytest

from tutor.math import solve, verify
from tutor.math.checks import calculation_verdict


@pytest.mark.parametrize(
    "work",
    [
        "3y + 10 + 20 = 45\n3y = 15\ny = 5",
        "2x - 4 + 6 = 10",
        "5a + 1 + 1 = 12",
        "f(x) + 2 + 3 = 9",
        "(x + 1) + 4 + 4 = 12",
    ],
)
def test_a_line_with_an_unknown_is_not_arithmetic(work):
    assert calculation_verdict(work).status != "calculation_error"


@pytest.mark.parametrize("work", ["He has 3 + 4 = 8 apples", "Total: 10 + 20 = 31", "so 5 + 5 = 11"])
def test_plain_arithmetic_slips_are_still_found(work):
    assert calculation_verdict(work).status == "calculation_error"


def test_the_equation_line_in_a_reply_is_no_calculation_error():
    v = verify("Solve 3y + 30 = 45", "3y + 10 + 20 = 45\n3y = 15\ny = 5\nThe final answer is 5.")
    assert v.status == "verified"


@pytest.mark.parametrize(
    "problem, answer",
    [
        ("log base 5 of 1/25", "-2"),
        ("log base 2 of 1/8", "-3"),
        ("log base 3 of 9", "2"),
        (r"\log_381", "4"),
        (r"\log_28", "3"),
        (r"\log_{3} 81", "4"),
        ("log_2 8", "3"),
        ("log_10 100", "2"),
        (r"Simplify $\sin 30^\circ + \sin 45^\circ$", r"\frac{1 + \sqrt{2}}{2}"),
        ("sin 30° + cos 60°", "1"),
        ("cos 60 degrees", r"\frac{1}{2}"),
        ("Find x if 3^(x+1) = 81", "x = 3"),
        ("What is x if 2x + 1 = 7?", "x = 3"),
        ("Find y when 4y - 2 = 10", "y = 3"),
    ],
)
def test_answers(problem, answer):
    sol = solve(problem)
    assert sol.ok, sol.to_markdown()
    assert sol.answer_latex == answer


@pytest.mark.parametrize(
    "problem, said",
    [
        ("log_381", "where the base ends"),  # plain text: log_38 1 or log_3 81?
        ("log_5 1/25", "inside the logarithm"),  # log_5(1)/25 or log_5(1/25)?
        ("log base 2 of 8^2", "inside the logarithm"),
    ],
)
def test_unclear_logarithms_are_refused(problem, said):
    sol = solve(problem)
    assert not sol.ok and said in sol.reason


def test_degrees_lost_is_a_wrong_answer():
    problem = r"Simplify $\sin 30^\circ + \sin 45^\circ$"
    assert verify(problem, r"The final answer is $\frac{1+\sqrt{2}}{2}$.").status == "verified"
    assert verify(problem, r"The final answer is $\sin(30) + \sin(45)$.").status == "wrong"
