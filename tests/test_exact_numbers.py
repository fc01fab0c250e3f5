"""Answers stay exact numbers: `sympy.nsimplify` (1.14) turns some plain values into products of odd
powers (267.6 and 1338/5 both became 100000000*2**(68/113)*3**(47/113)*...), an answer that looks
exact and is wrong. The math core converts through `tutor.math.parse.exact_number` instead."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from tutor.math import solve
from tutor.math.parse import exact_number

# values nsimplify mangles (found by scanning p/q for small q)
MANGLED = [sp.Rational(1338, 5), sp.Rational(1947, 2), sp.Rational(1387, 25), sp.Rational(2871, 8)]


@pytest.mark.parametrize("value", MANGLED)
def test_exact_number_keeps_rationals_and_reads_floats_as_their_decimals(value):
    # the fault this guards against: nsimplify mangles the value or its decimal
    assert not (sp.nsimplify(value).is_Rational and sp.nsimplify(sp.Float(str(float(value)))).is_Rational)
    assert exact_number(value) == value
    assert exact_number(sp.Float(str(float(value)))) == value


def test_exact_number_still_finds_simple_fractions_and_keeps_symbols():
    assert exact_number(sp.Float(1 / 3)) == sp.Rational(1, 3)
    assert exact_number(2 * sp.pi) == 2 * sp.pi


@pytest.mark.parametrize(
    "problem, answer",
    [
        ("Find the mean of 267.6, 267.6 and 267.6", sp.Rational(1338, 5)),
        ("What is |-267.6|?", sp.Rational(1338, 5)),
        ("What is 15% of 1784?", sp.Rational(1338, 5)),
    ],
)
def test_typed_problems_with_such_values_get_the_exact_answer(problem, answer):
    sol = solve(problem)
    assert sol.answer == answer, sol.answer


def test_the_word_benchmark_scores_such_an_answer_as_the_number_it_is():
    """The word benchmark's scorer passed answers through nsimplify too: a right 1561/5 scored as
    no number at all, so counted wrong (found by the perturbed-number benchmark)."""
    from bench.bench_words import answer_value

    sol = solve(
        "Kim wants to buy a watch that costs $87.80. How much change does she get if she gives the cashier $400?"
    )
    assert sol.answer == sp.Rational(1561, 5)
    assert answer_value(sol) == Fraction(1561, 5)


def test_the_story_check_set_counts_answers_and_wrong_golds(tmp_path):
    from bench.bench_words import stories

    f = tmp_path / "stories.tsv"
    f.write_text(
        "# a note line\n"
        "Tom has 5 apples. He buys 3 more apples. How many apples does he have now?\t8\n"
        "Tom has 5 apples. He buys 3 more apples. How many apples does he have now?\t9\n"
        "Tom has some apples. How many apples does he have?\t4\n"
    )
    res = stories(f)
    assert (res["stories"], res["answered"], res["right"]) == (3, 2, 1)
    assert res["wrong"][0]["gold"] == "9"
