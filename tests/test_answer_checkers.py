"""Every kind of solved problem has an answer checker (issue 25): the eleven kinds that had none
(base conversion, sorting, ratio, variation, substitution, place value, midpoint, distance, line
equation, combinatorics, absolute value) get one chosen by the type of the answer they hold;
and the grader's several-answer, decimal-comma, inequality and line forms."""

from __future__ import annotations

import pytest

from tutor.math import grade, solve, verify

# (problem, a right answer as a reply would state it, a wrong one), one or more per kind
CASES = [
    ("What is 13 (base 7) in base 2?", "1010", "1011"),
    ("Put 9, -3, 4 in ascending order.", "-3, 4, 9", "4, -3, 9"),
    ("Simplify the ratio 12:18.", "2:3", "3:2"),
    ("y varies directly with x, and y = 6 when x = 2. Find y when x = 5.", "15", "12"),
    ("Evaluate 2a + 3b when a = 1 and b = 2.", "8", "7"),
    ("What is the value of the digit 5 in 2,538?", "500", "50"),
    ("Find the midpoint of the segment joining (0, 2) and (4, 6).", "(2, 4)", "(4, 2)"),
    ("What is the distance between (1, 1) and (4, 5)?", "5", "7"),
    ("Find the equation of the line passing through (0, 1) and (1, 3).", "2x - y + 1 = 0", "y = 3x + 1"),
    ("In how many ways can 3 different books be arranged on a shelf?", "6", "9"),
    ("Evaluate |-9|.", "9", "-9"),
    ("Solve |x| = 3.", "x = 3 or x = -3", "x = 3"),
    ("Solve |x| < 2.", "-2 < x < 2", "x < 2"),
]


@pytest.mark.parametrize("problem, right, wrong", CASES)
def test_every_kind_has_a_checker(problem, right, wrong):
    sol = solve(problem)
    assert sol.ok, sol.to_markdown()
    good = verify(problem, f"The final answer is ${right}$.")
    assert good.status == "verified", (sol.kind, good)
    bad = verify(problem, f"The final answer is ${wrong}$.")
    assert bad.status == "wrong", (sol.kind, bad)


def test_the_checker_follows_the_type_of_the_answer():
    from tutor.math import symbolic
    from tutor.math.answer_checks import checker_for

    kinds = {p: checker_for(symbolic.solve_here(p)) for p, _, _ in CASES}
    assert kinds["What is 13 (base 7) in base 2?"] == "form"
    assert kinds["Put 9, -3, 4 in ascending order."] == "tuple"
    assert kinds["Find the equation of the line passing through (0, 1) and (1, 3)."] == "line"
    assert kinds["Solve |x| = 3."] == "set"
    assert kinds["Solve |x| < 2."] == "interval"
    assert kinds["Evaluate |-9|."] == "numeric"


@pytest.mark.parametrize(
    "reply, gold, correct",
    [
        (r"So x = \boxed{3} or x = \boxed{-1}", "3, -1", True),
        (r"\boxed{3, -1}", r"\boxed{3} and \boxed{-1}", True),
        ("The answers are 3 and -1.", "-1, 3", True),
        ("x = 3 or x = -1", "3, -1", True),
        ("The answers are 3 and 4.", "3, -1", False),
        ("The final answer is 3.", "3, -1", False),
        # several different answers to a question with one: no credit, said so
        (r"\boxed{3} and \boxed{-1}", "3", False),
        ("The final answer is 2,75.", "2.75", True),
        ("The final answer is 0,5.", "0.5", True),
        ("The final answer is 1,250.", "1250", True),
        ("The final answer is 2,75.", "275", False),
        (r"The answer is $y \geq 3$", "y >= 3", True),
        ("The answer is y is at least 3", r"y \ge 3", True),
        (r"The answer is $y \gt 3$", r"y \geq 3", False),
        (r"The final answer is $3x - y + 2 = 0$", "y = 3x + 2", True),
        (r"The final answer is $3x - y - 2 = 0$", "y = 3x + 2", False),
    ],
)
def test_grader_forms(reply, gold, correct):
    g = grade(reply, gold)
    assert g.correct is correct, g


def test_several_answers_to_one_question_say_why():
    g = grade(r"\boxed{3} and \boxed{-1}", "3")
    assert not g.correct and "several answers" in g.method
