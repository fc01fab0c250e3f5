"""Logarithm bases, nCr/nPr notation and the front door's guard (tutor.math.notation)."""

from __future__ import annotations

import pytest

from tutor.math import solve, verify

LOGS = [
    ("Evaluate log_2 8", "3"),
    ("Evaluate log_10 0.01", "-2"),
    ("Evaluate log_4 2", "\\frac{1}{2}"),
    ("log_{2} 8", "3"),
    ("log_2(8)", "3"),
    ("\\log_{2} 8", "3"),
    ("Evaluate \\log_2 8", "3"),
    ("log base 2 of 8", "3"),
    ("What is log base 3 of 81?", "4"),
    ("lg 100", "2"),
    ("log 100", "2"),
    ("\\log 1000", "3"),
    ("log2(8)", "3"),
    ("log(8, 2)", "3"),
    ("ln(e^3)", "3"),
    ("log_5 (1/25)", "-2"),
    ("log_{0.5} 4", "-2"),
    ("ln(e^3) + log_2 16", "7"),
    ("log_2 5", "\\frac{\\ln{\\left(5 \\right)}}{\\ln{\\left(2 \\right)}}"),
    ("Solve 2^x = 32", "x = 5"),
    ("Solve log_2 x = 3", "x = 8"),
    ("Solve log_2(x) + log_2(x-2) = 3", "x = 4"),
]


@pytest.mark.parametrize("text,answer", LOGS)
def test_logarithm_notation(text, answer):
    s = solve(text)
    assert s.ok, (text, getattr(s, "reason", ""))
    assert s.answer_latex == answer, (text, s.answer_latex)


def test_log_steps_say_what_the_base_is():
    assert any("common logarithm $\\log_{10}$" in t for t in solve("log 100").steps)
    assert any("$\\lg$ is the common logarithm" in t for t in solve("lg 100").steps)
    assert any("logarithm to base $4$" in t for t in solve("Evaluate log_4 2").steps)


@pytest.mark.parametrize("text", ["log_1 5", "log_{-2} 4", "log_2 (-4)", "log_2 0"])
def test_bad_logarithms_are_refused(text):
    assert not solve(text).ok


COMBINATIONS = [
    ("Find the value of 10C3.", "120"),
    ("^10C_3", "120"),
    ("{}^{10}C_{3}", "120"),
    ("C(10,3)", "120"),
    ("nCr(10,3)", "120"),
    ("\\binom{10}{3}", "120"),
    ("{10 \\choose 3}", "120"),
    ("5P2", "20"),
    ("P(5,2)", "20"),
    ("What is 10P3?", "720"),
    ("Find 5C2 + 4P2", "22"),
]


@pytest.mark.parametrize("text,answer", COMBINATIONS)
def test_combination_notation(text, answer):
    s = solve(text)
    assert s.ok, (text, getattr(s, "reason", ""))
    assert s.answer_latex == answer and not s.answer.free_symbols, (text, s.answer_latex)


def test_combination_steps_and_impossible_choice():
    steps = "\n".join(solve("10C3").steps)
    assert "\\frac{n!}{k!\\,(n-k)!}" in steps and "\\frac{10!}{3!\\,7!}" in steps
    assert "\\frac{n!}{(n-k)!}" in "\n".join(solve("5P2").steps)
    assert not solve("7C9").ok


@pytest.mark.parametrize(
    "text",
    [
        "2x3",  # x between digits is not a variable
        "Evaluate x_1 + x_1",  # read as _1*x before: a symbol the input never wrote
    ],
)
def test_guard_refuses_symbols_the_input_never_wrote(text):
    s = solve(text)
    assert not s.ok, (text, getattr(s, "answer_latex", None))


def test_guard_keeps_real_variables():
    for text, answer in [
        ("Simplify 2\\theta + \\theta", "3 \\theta"),
        ("derivative of xsinx", "x \\cos{\\left(x \\right)} + \\sin{\\left(x \\right)}"),
        ("Simplify 2xy + 3xy", "5 x y"),
        ("Convert 5 (base 6) to base 2.", None),
    ]:
        s = solve(text)
        assert s.ok, (text, getattr(s, "reason", ""))
        assert answer is None or s.answer_latex == answer, (text, s.answer_latex)


@pytest.mark.parametrize(
    "problem,reply",
    [
        ("Differentiate tan(x) with respect to x.", "Answer: $sec(x)^2$"),
        ("Differentiate tan(x) with respect to x.", "Answer: sec(x)^2"),
        ("Differentiate tan(x) with respect to x.", "So the derivative is $\\sec^2 x$."),
        ("Differentiate tan(x) with respect to x.", "Answer: $1 + tan(x)^2$"),
        ("Differentiate tan(x) with respect to x.", "Answer: $1/cos(x)^2$"),
        ("Differentiate sin(x)^2", "Answer: $sin(2x)$"),
        ("Differentiate sin(x)^2", "Answer: $2 \\sin x \\cos x$"),
        ("Differentiate 1/tan(x)", "Answer: $-\\csc^2 x$"),
        ("Differentiate sec(x)", "Answer: $\\sec x \\tan x$"),
        ("Evaluate log_4 2", "Answer: 0.5"),
        ("Evaluate log 100", "Answer: 2"),
        ("Find 10C3", "Answer: 120"),
    ],
)
def test_equivalent_replies_are_verified(problem, reply):
    assert verify(problem, reply, timeout=20).status == "verified", (problem, reply)


@pytest.mark.parametrize(
    "problem,reply",
    [
        ("Differentiate tan(x) with respect to x.", "Answer: $cos(x)^2$"),
        ("Evaluate log_2 8", "Answer: 4"),
        ("Find 10C3", "Answer: 30"),
    ],
)
def test_wrong_replies_are_wrong(problem, reply):
    assert verify(problem, reply, timeout=20).status == "wrong", (problem, reply)
