"""Fraction puzzles (issue 25, wordsi's fraction_puzzles reader): a fraction from a sum or relation
of its numerator and denominator and a change that makes it p/q. Our own examples in several
phrasings, answered with the equations shown first; refused when a sentence is not read, the two
equations have no single whole solution, or the numbers do not all get a role."""

from fractions import Fraction

import pytest

from tutor.math import solve
from tutor.math.wordproblems.fraction_puzzles import read_fraction_puzzle

ANSWERED = [
    ("The sum of the numerator and denominator of a fraction is 18. If the denominator is increased by 2, the "
     "fraction reduces to 1/3. Find the fraction.", Fraction(5, 13), r"\frac{5}{13}"),
    ("The numerator of a fraction is 3 less than its denominator. If the numerator is increased by 1 and the "
     "denominator is increased by 3, the fraction becomes equal to 1/2. Find the original fraction.",
     Fraction(4, 7), r"\frac{4}{7}"),
    ("The denominator of a fraction is 1 more than twice its numerator. If 4 is added to both the numerator and the "
     "denominator, the fraction becomes 2/3. What is the fraction?", Fraction(2, 5), r"\frac{2}{5}"),
    ("The denominator of a fraction is 4 more than the numerator. If 1 is subtracted from both, the fraction becomes "
     "1/3. Find the fraction.", Fraction(3, 7), r"\frac{3}{7}"),
    ("The numerator of a fraction is 3 less than its denominator. If the numerator is increased by 1 and the "
     "denominator by 3, the fraction becomes 1/2. Find the fraction.", Fraction(4, 7), r"\frac{4}{7}"),
    # the fraction is shown as the story's numerator over its denominator, its value is 1/2
    ("The denominator of a fraction is twice the numerator. If 3 is added to the numerator, the fraction becomes "
     "5/8. Find the fraction.", Fraction(1, 2), r"\frac{12}{24}"),
]  # fmt: skip


@pytest.mark.parametrize("text,value,shown", ANSWERED)
def test_fraction_puzzles_are_answered(text, value, shown):
    sol = read_fraction_puzzle(text)
    assert sol is not None, text
    assert sol.answer == value and sol.answer_latex == shown
    assert "n" in sol.steps[0] and "d" in sol.steps[0]
    full = solve(text)
    assert full.ok and full.answer == value


@pytest.mark.parametrize(
    "text",
    [
        # a sentence not read
        "The denominator of a fraction is 4 more than the numerator. If 1 is subtracted from both, the fraction "
        "becomes 1/3. The fraction is red. Find the fraction.",
        # no whole solution (n = 7/3)
        "The denominator of a fraction is 4 more than the numerator. If 1 is subtracted from both, the fraction "
        "becomes 1/4. Find the fraction.",
        # every fraction with d = 2n + 1 gives 1/2 when 1 is added to both: no single solution
        "The denominator of a fraction is 1 more than twice its numerator. If 1 is added to both the numerator and "
        "the denominator, the fraction becomes 1/2. What is the fraction?",
        # a change with no verb at all
        "The numerator of a fraction is 3 less than its denominator. If the numerator by 1, the fraction becomes 1/2. "
        "Find the fraction.",
        # only one equation
        "If the numerator of a fraction is increased by 2, the fraction becomes 1/2. Find the fraction.",
        # the numerator asked, not the fraction
        "The denominator of a fraction is 4 more than the numerator. If 1 is subtracted from both, the fraction "
        "becomes 1/3. Find the numerator.",
    ],
)
def test_fraction_puzzles_not_read_whole_are_refused(text):
    assert read_fraction_puzzle(text) is None
