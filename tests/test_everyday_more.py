"""Textbook phrasings of the plain-phrasing families (issue 12): sequences, coordinate geometry,
absolute value, ratios, counting, statistics, percent word problems, function evaluation,
substitution, systems, limits in words, rounding and place value, unit rates. Each is answered
exactly with worked steps, and a phrasing with a word it cannot account for is refused."""

from __future__ import annotations

import re

import pytest

from tutor.math import solve

ANSWERED = [
    # sequences
    ("Find the next term: 3, 7, 11, 15, ...", "19"),
    ("What is the next number in the sequence 2, 6, 18, 54, ...?", "162"),
    ("What is the 10th term of 3, 7, 11, ...?", "39"),
    ("Find the 8th term of the geometric sequence 3, 6, 12, ...", "384"),
    ("Find the nth term of the sequence 7, 5, 3, 1, ...", "9 - 2 n"),
    ("Write a formula for the nth term of 4, 9, 14, 19", "5 n - 1"),
    ("Find the nth term of the geometric sequence 2, 6, 18", "2 \\cdot 3^{n - 1}"),
    (
        "An arithmetic sequence has first term 4 and common difference 2.5. What is the 12th term?",
        "\\frac{63}{2}",
    ),
    ("A geometric sequence has first term 3 and common ratio 2. Find the 6th term.", "96"),
    ("Find the sum of the first 5 terms of the geometric series 2 + 6 + 18 + ...", "242"),
    ("What is the sum of the first 10 terms of the arithmetic series 1 + 4 + 7 + ...?", "145"),
    ("In an arithmetic sequence a_2 = 5 and a_4 = 11. Find a_20.", "59"),
    ("Which term of the sequence 6, 10, 14, ... is equal to 54?", "13"),
    ("What comes next in the sequence 1, 4, 9, 16, 25?", "36"),
    # coordinate geometry
    ("Find the midpoint of A(1, 2) and B(5, 8).", "(3, 5)"),
    ("What is the midpoint of the line segment joining (-3, 7) and (5, -1)?", "(1, 3)"),
    ("What is the length of the segment joining (1, 2) and (4, 6)?", "5"),
    ("Find the distance between (1, 1) and (3, 4).", "\\sqrt{13}"),
    ("What is the gradient of the line joining (0, 0) and (2, 5)?", "\\frac{5}{2}"),
    ("What is the gradient of y = 4x - 2?", "4"),
    ("Find the slope of the line 3x + 2y = 6.", "- \\frac{3}{2}"),
    ("Find the y-intercept of the line 2x + 3y = 12.", "4"),
    ("Find the equation of the line through (0, 1) with slope 3.", "y = 3 x + 1"),
    ("Find the equation of the line passing through (1, 3) and (2, 5).", "y = 2 x + 1"),
    ("Find the equation of the line through (2, 3) and (2, 7).", "x = 2"),
    # absolute value
    ("What is the absolute value of -15?", "15"),
    ("Compute |-4| + |6 - 9|.", "7"),
    ("What is ||-3| - 5|?", "2"),
    ("Solve |2x - 1| = 5.", "x = -2 \\text{ or } x = 3"),
    ("Solve |x - 3| = 2x.", "x = 1"),
    ("Solve |x + 1| = -2.", "\\text{no solution}"),
    ("Solve |x + 2| <= 5.", "-7 \\le x \\le 3"),
    ("Solve |2x - 1| > 3.", "x < -1 \\text{ or } x > 2"),
    ("What is the distance between -3 and 8 on the number line?", "11"),
    # ratios and proportion
    ("Simplify the ratio 12:18.", "2:3"),
    ("Simplify 12:18:24.", "2:3:4"),
    ("Write 1.5:2 in its simplest form.", "3:4"),
    ("Share 60 in the ratio 2:3.", "24, 36"),
    ("Divide $90 in the ratio 1:2:3.", "15, 30, 45"),
    ("Solve the proportion x/4 = 6/8.", "x = 3"),
    ("Find x if x:3 = 10:15.", "x = 2"),
    ("If 4 apples cost $2, how much do 10 apples cost?", "5"),
    ("If 5 pencils cost $2.50, how much do 8 pencils cost, in dollars?", "4"),
    (
        "The ratio of cats to dogs in a shelter is 2:3. If there are 40 animals, how many dogs are there?",
        "24",
    ),
    ("y varies inversely with x, and y = 6 when x = 2. Find y when x = 3.", "4"),
    ("p varies directly as q. p = 10 when q = 4. Find p when q = 6.", "15"),
    # counting
    ("Find C(10, 3).", "120"),
    ("What is 10C3?", "120"),
    ("Evaluate P(7, 3).", "210"),
    ("In how many ways can 6 people be seated in a row?", "720"),
    ("How many 4-person teams can be selected from 10 students?", "210"),
    ("How many different arrangements are there of the letters in the word LETTER?", "180"),
    # statistics
    ("Find the mode of 2, 4, 4, 5, 7, 4, 9, 5.", "4"),
    ("What is the range of the data set 4, 9, 1?", "8"),
    ("The heights of three plants are 10, 12 and 14. What is their mean height?", "12"),
    ("The mean of three numbers is 10. Two of the numbers are 8 and 9. What is the third number?", "13"),
    # percent word problems
    ("30 is 20% of what number?", "150"),
    ("15% of a number is 45. Find the number.", "300"),
    ("What is the percentage decrease from 80 to 60?", "25\\%"),
    ("The price of a car fell from 20000 to 15000. What is the percentage decrease?", "25\\%"),
    ("A shirt costs $40. Its price is increased by 10%. What is the new price?", "44"),
    ("A jacket costs $80. In a sale its price is reduced by 15%. What is the sale price in dollars?", "68"),
    # functions and substitution
    ("If g(t) = t^2 + 1, what is g(-1)?", "2"),
    ("f(x) = (x + 1)/(x - 1). Find f(3).", "2"),
    ("Let f(x) = x + 1 and g(x) = 2x. Find g(f(3)).", "8"),
    ("Evaluate x^2 - y when x = 3 and y = 4.", "5"),
    ("If x = 3, what is 2x + 1?", "7"),
    # systems, roots, limits in words
    ("Solve simultaneously: 2x + y = 5, x - y = 1.", "x = 2, \\; y = 1"),
    ("Solve the system: x + y = 10, x - y = 4.", "x = 7, \\; y = 3"),
    ("Use substitution to solve y = x + 1 and 2x + y = 7.", "x = 2, \\; y = 3"),
    ("Find x and y if x + y = 3 and x - y = 1.", "x = 2, \\; y = 1"),
    ("Solve {2a + 3b = 12, a - b = 1}.", "a = 3, \\; b = 2"),
    ("Find the roots of x^2 - 5x + 6.", "x = 2 \\text{ or } x = 3"),
    ("Find the limit as x approaches 0 of sin(2x)/x.", "2"),
    ("Evaluate lim_{x->2} (x^2 - 4)/(x - 2).", "4"),
    # rounding and place value
    ("Round 2,345.678 to the nearest tenth.", "2345.7"),
    ("Round 15,499 to the nearest thousand.", "15000"),
    ("What is 1,234,567 rounded to the nearest ten thousand?", "1230000"),
    ("Round 0.000123456 to 3 significant figures.", "0.000123"),
    ("Round 123456 to 2 significant figures.", "120000"),
    ("What is the value of the digit 5 in 12.345?", "0.005"),
    ("Which digit is in the tens place of 4,567?", "6"),
    ("Estimate 312 × 48 by rounding each number to the nearest ten.", "15500"),
    # units
    ("How many centimetres are in 2.4 m?", "240"),
    ("Express 750 mL in litres.", "0.75"),
    ("Convert 90 km/h to metres per second.", "25"),
]


@pytest.mark.parametrize("problem,answer", ANSWERED)
def test_textbook_phrasings_are_answered_exactly_with_steps(problem, answer):
    s = solve(problem)
    assert s.ok, s.reason
    assert s.answer_latex == answer
    assert s.steps and all(isinstance(t, str) and t for t in s.steps)


REFUSED = [
    "Find the next apple in 1, 2, 3, 4",  # an unknown word
    "What is the next term of 1, 1, 2, 3, 5, 8?",  # no constant difference or ratio: no guess
    "Find the 22nd term of the arithmetic sequence 1, 2, 4",  # not arithmetic
    "Find the 21th term of 1, 2, 3",  # a misspelt ordinal
    "The first term of an arithmetic sequence is 10 and the common ratio is 2. Find the 5th term.",
    "Which term of the sequence 6, 10, 14, ... is equal to 55?",  # not a term
    "Find the distance between the cities (1, 2) and (3, 4).",
    "Find the slope of the line through (2, 3) and (2, 7).",  # vertical
    "Find the slope of the line y = x^2 + 1.",  # not a line
    "Evaluate |apple|.",
    "If 4 apples cost $2, how much do 10 pears cost?",  # a different noun
    "The ratio of cats to dogs is 2:3. If there are 40 animals, how many birds are there?",
    "The ratio of cats to dogs is 2:3. If there are 41 animals, how many dogs are there?",
    "How many ways can 3 dragons fly?",
    "Find the mode of 1, 2, 3.",  # no mode
    "Find the mode of 1, 1, 2, 2.",  # two modes
    "The heights of three plants are 10, 12 and 14. What is their mean weight?",
    "The heights of four plants are 10, 12 and 14. What is their mean height?",  # count disagrees
    "What is the percentage increase from 80 to 60?",
    "The price of a car fell from 20000 to 15000. What is the percentage increase?",
    "A shirt costs $40. Its price is reduced by 25%. What is the increased price?",
    "A shirt costs $40 on Mondays. Its price is reduced by 25%. What is the sale price?",
    "If f(x) = 2x + 3, find f(h(2)).",  # h is not defined
    "Given f(x) = 1/x, find f(0).",
    "If f(x) = 3x + y, what is f(2)?",
    "Find the value of 2x + 1 when x = apple.",
    "Evaluate 2x + z when x = 1.",
    "Find a and b if x + y = 3 and x - y = 1.",
    "The formula F = (9/5)C + 32 converts Celsius to Fahrenheit. Find F when C = 25.",
    "What is the value of the digit 3 in 3,332?",  # the digit is not unique
    "In the number 58.329, which digit is in the thousands place?",
    "Convert 5 km/h to kilograms.",
    "Convert 3 apples to pears.",
    "Solve the magic system: x + y = 10, x - y = 4.",
]


@pytest.mark.parametrize("problem", REFUSED)
def test_phrasings_with_something_unaccounted_for_are_refused(problem):
    r = solve(problem)
    assert not r.ok, (problem, getattr(r, "answer_latex", None))
    assert r.reason


def test_refusal_of_an_unknown_word_names_it():
    r = solve("Find the midpoint of the banana (1, 2) and (3, 4).")
    assert not r.ok
    assert "banana" in re.findall(r"'([A-Za-z]+)'", r.reason)


def test_system_is_still_refused_as_code():
    assert not solve("__import__('os').system('ls')").ok
    assert not solve("system('ls')").ok


def test_real_solutions_asked_for_are_never_complex_and_sizes_are_bounded():
    assert not solve("Find all real solutions of x^2 + 1 = 0.").ok
    assert solve("Find all real solutions of x^2 - 1 = 0.").answer_latex == "x = -1 \\text{ or } x = 1"
    assert not solve("Find the 999999th term of the geometric sequence 2, 4, 8").ok
    assert not solve("Find C(9999, 5000).").ok
