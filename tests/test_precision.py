"""Precision classes found by the independent textbook corpus (bench/data/textbook_corpus.jsonl):
each is fixed in general, so each test has several phrasings plus the corpus item itself. The
rule: an answer given must be right; an input the solver cannot account for is refused."""

from __future__ import annotations

import pytest

from tutor.math import solve, verify


def _answer(problem: str) -> str:
    s = solve(problem)
    assert s.ok, (problem, s.message)
    return s.answer_latex


def _refused(problem: str) -> None:
    s = solve(problem)
    assert not s.ok, (problem, s.answer_latex)


# 1. mixed numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem, answer",
    [
        ("Evaluate 2 1/3 divided by 7/9.", "3"),  # the corpus item
        ("Evaluate 2 1/3 ÷ 7/9.", "3"),
        ("2 1/3 + 1 1/2", "\\frac{23}{6}"),
        ("Compute 3 1/4 - 1 1/2.", "\\frac{7}{4}"),
        ("What is 1 1/2 times 2 2/3?", "4"),
        ("-2 1/3 + 1", "- \\frac{4}{3}"),
        ("2\\frac{1}{3} \\div \\frac{7}{9}", "3"),
        ("2 (1/3)", "\\frac{2}{3}"),  # brackets: a product, as written
    ],
)
def test_mixed_numbers_are_sums(problem, answer):
    assert _answer(problem) == answer


@pytest.mark.parametrize("problem", ["2 4/3", "Compute 3 5/5.", "2\\frac{5}{3}", "2 3", "Evaluate 4 0.5"])
def test_whole_number_beside_an_improper_fraction_or_number_is_refused(problem):
    _refused(problem)


# 2. Unicode operators, left to right ---------------------------------------------------------


@pytest.mark.parametrize(
    "problem, answer",
    [
        ("Calculate 48 ÷ 6 × 2.", "16"),  # the corpus item
        ("12 ÷ 4 · 3", "9"),
        ("48 ÷ 6 ÷ 2", "4"),
        ("10 − 3 × 2", "4"),
        ("2 + 6 ÷ 3", "4"),
        ("48 \\div 6 \\times 2", "16"),
        ("1/2 ÷ 3/4", "\\frac{2}{3}"),
    ],
)
def test_unicode_operators_keep_the_usual_precedence(problem, answer):
    assert _answer(problem) == answer


def test_the_division_is_a_shown_step():
    s = solve("Calculate 48 ÷ 6 × 2.")
    assert s.problem_latex == "48 \\div 6 \\cdot 2"
    assert any("48 \\div 6 = 8" in step for step in s.steps)
    assert any("8 \\cdot 2 = 16" in step for step in s.steps)


# 3. Unicode integral, root --------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem, answer",
    [
        ("Evaluate ∫_0^1 (x^2 + 1) dx.", "\\frac{4}{3}"),  # the corpus item
        ("∫_0^2 x dx", "2"),
        ("∫_{-1}^{1} x^3 dx", "0"),
        ("∫_{0}^{π} sin(x) dx", "2"),
        ("∫ x^2 dx", "\\frac{x^{3}}{3} + C"),
        ("√16 + 3", "7"),
        ("Evaluate 3² + 4².", "25"),
    ],
)
def test_unicode_integrals_and_roots(problem, answer):
    assert _answer(problem) == answer


@pytest.mark.parametrize("problem", ["∫_0 x dx", "√2x", "Solve x ≠ 3", "_0 x"])
def test_unreadable_unicode_is_refused(problem):
    _refused(problem)


# 4. factorials ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem, answer",
    [
        ("Compute 5!", "120"),  # the corpus items
        ("Simplify 8!/6!.", "56"),
        ("5! = ?", "120"),
        ("What is 5!?", "120"),
        ("Calculate 3! + 4!.", "30"),
        ("(2+1)!", "6"),
        ("0!", "1"),
        ("Evaluate 10!/(8! 2!)", "45"),
    ],
)
def test_factorial_is_not_punctuation(problem, answer):
    assert _answer(problem) == answer


def test_an_exclamation_after_a_word_is_still_punctuation():
    _refused("Wow!")
    assert _answer("What is 2 + 3!") == "8"  # the ! after a number is maths


# 5. complex numbers, solver and verifier alike ---------------------------------------------------

COMPLEX = [
    ("Compute i^2.", "-1"),  # the corpus items
    ("Simplify (1 + i)^2.", "2 i"),
    ("Compute i^7.", "- i"),
    ("Simplify (2 + 3i)(1 - i).", "5 + i"),
    ("Express \\frac{2}{1 - i} in the form a + bi.", "1 + i"),
    ("Add (4 - 2i) + (-1 + 5i).", "3 + 3 i"),
    ("What is the modulus of 3 - 4i?", "5"),
    ("Divide (5 + 5i) by (1 + 2i).", "3 - i"),
    ("What is the complex conjugate of 7 - 3i?", "7 + 3 i"),
    ("Write (1+2i)^2 in the form a + bi.", "-3 + 4 i"),
    ("Express (3 + 2i)(4 - i) in standard form.", "14 + 5 i"),
    ("i^4 + i^3", "1 - i"),
    ("Evaluate (3+i)/(1-i)", "1 + 2 i"),
]


@pytest.mark.parametrize("problem, answer", COMPLEX)
def test_i_is_the_imaginary_unit_in_complex_problems(problem, answer):
    assert _answer(problem) == answer


@pytest.mark.parametrize("problem, answer", COMPLEX)
def test_the_verifier_reads_i_as_the_solver_does(problem, answer):
    reply = f"The answer is ${answer}$."
    assert verify(problem, reply).status == "verified", (problem, reply)
    assert verify(problem, "The answer is $7 + 11i$.").status == "wrong"


def test_a_plain_text_complex_reply_is_verified():
    assert verify("Simplify (2 + 3i)(1 - i).", "The answer is 5 + i.").status == "verified"
    assert verify("Simplify (2 + 3i)(1 - i).", "The answer is 5 + 1*i.").status == "verified"
    assert verify("Simplify (2 + 3i)(1 - i).", "The answer is 5 - i.").status == "wrong"


@pytest.mark.parametrize(
    "problem, reply",
    [
        ("Collect the terms in -13*i + 18*i**2 + 17*i - 4*i.", "The answer is 18i^2."),
        ("Collect the terms in -13*i + 18*i**2 + 17*i - 4*i.", "The answer is 18*i**2."),
        ("Solve -30*i = 41 - 11 for i.", "i = -1"),
    ],
)
def test_i_as_a_variable_stays_a_variable_for_the_verifier_too(problem, reply):
    verify("Compute i^7.", "The answer is -i.")  # a complex problem just before must not leak
    assert verify(problem, reply).status == "verified"


# 6. English words in LaTeX ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem",
    [
        "Calculate \\frac{3}{4} of the cake",
        "\\text{area} = \\pi r^2",
        "\\frac{x}{2} when x is big",
        "Express \\frac{2}{1 - x} in the form a + bi.",
    ],
)
def test_english_words_beside_latex_are_refused(problem):
    _refused(problem)


# 7. percents and conversions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem, answer",
    [
        ("Express 125% as a decimal.", "1.25"),  # the corpus item
        ("Write 2.5% as a decimal.", "0.025"),
        ("Convert 45% to a fraction.", "\\frac{9}{20}"),
        ("Write 3/8 as a percent.", "37.5\\%"),
        ("Convert 0.45 to a fraction.", "\\frac{9}{20}"),
        ("Express 7/4 as a percentage", "175\\%"),
        ("What is 150% of 40?", "60"),
    ],
)
def test_percent_conversions(problem, answer):
    assert _answer(problem) == answer
