"""A line with an unknown is checked as an equation (issue 25 item 3): implied by the lines before
it (and the problem's own equation), never read as an arithmetic statement. A right chain is never
marked wrong; the first wrong line is named with the kind of slip and the value it should have had."""

from __future__ import annotations

import pytest

from tutor.math.checks import check_student, verify

# a story the engine does not settle, so only the lines are checked
STORY = (
    "Sam packs some bags of 3 apples, picks 10 more and is given 20. He ends with 45 apples. How many bags?"
)

RIGHT_CHAINS = [
    "3y + 10 + 20 = 45\n3y = 15\ny = 5",
    "So 3y + 30 = 45.\nThen 3y = 45 - 30\ny = 15/3 = 5",
    "$3y + 10 + 20 = 45$\n$3y = 15$\n$y = 5$",
    "2(n + 4) = 18\nn + 4 = 9\nn = 5",
    "\\frac{x}{4} = 3\nx = 12",
    "0.5k + 2 = 7\n0.5k = 5\nk = 10",
    "a + 7 = 12\na = 5\nb - 2 = 10\nb = 12",  # a second unknown starts its own chain
    "5 x 3 = 15\n15 x 2 = 30",  # products, the arithmetic check's
]


@pytest.mark.parametrize("work", RIGHT_CHAINS)
def test_a_right_chain_of_equations_is_never_marked_wrong(work):
    for v in (check_student(STORY, work), verify(STORY, work + "\nThe answer is 5.")):
        assert v.status not in ("calculation_error", "wrong"), (work, v)


WRONG_CHAINS = [
    # work, wrong line, the value the line should have had, the slip
    ("3y + 10 + 20 = 45\n3y = 25\ny = 25/3", 2, "15", "arithmetic"),
    ("3y + 10 + 20 = 45\n3y = -15\ny = -5", 2, "15", "sign"),
    ("2(n + 4) = 18\nn + 4 = 9\nn = 4", 3, "5", "arithmetic"),
    ("3y + 30 = 45\n3y = 15\ny = 5\ny + 1 = 7", 4, "6", "arithmetic"),
]


@pytest.mark.parametrize("work, line, value, slip", WRONG_CHAINS)
def test_the_first_wrong_equation_is_named_with_its_slip_and_value(work, line, value, slip):
    v = check_student(STORY, work)
    assert v.status == "calculation_error" and v.line == line, v
    assert v.expected == value and f"{slip} slip" in v.message, v
    r = verify(STORY, work + "\nThe answer is 5.")
    assert r.status == "calculation_error" and r.line == line and r.expected == value, r


def test_the_problems_own_equation_fixes_the_unknown():
    # SymPy does not settle an "explain" question, so the lines are checked against its equation
    problem = "Ann thinks of a number x with 2x + 3 = 11. Explain how she finds it."
    v = check_student(problem, "2x = 8\nx = 3")
    assert v.status == "calculation_error" and v.line == 2 and v.expected == "4", v
    assert check_student(problem, "2x = 8\nx = 4").status != "calculation_error"


def test_where_sympy_settles_the_problem_its_verdict_stands():
    # a reply with no clear final answer is never marked wrong, equation lines or not
    v = verify("Solve x + y = 10 and x - y = 2 for x", "x = 5")
    assert v.status == "none", v


def test_an_arithmetic_error_before_the_equation_slip_is_named_first():
    v = check_student(STORY, "10 + 20 = 35\n3y + 35 = 45\n3y = 12")
    assert v.status == "calculation_error" and v.line == 1, v
