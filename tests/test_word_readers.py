"""The hook for more word-problem readers: agreement or nothing."""

from fractions import Fraction

import pytest

from tutor.math.problems import Solution
from tutor.math.wordproblems import readers


def _answering(value):
    def reader(text):
        return Solution("word_problem", "", ["step"], str(value), value) if "marbles" in text else None

    return reader


def _broken(text):
    raise ZeroDivisionError


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(readers, "READERS", [])
    return readers.READERS


def test_no_reader_no_answer(fresh):
    assert readers.read_with_readers("Tom has 3 marbles. How many?") is None


def test_readers_that_agree_answer_and_a_broken_one_costs_nothing(fresh):
    fresh += [_answering(Fraction(5)), _broken, _answering(Fraction(5))]
    assert readers.read_with_readers("Tom has 3 marbles.").answer == 5
    assert readers.read_with_readers("Tom has 3 cars.") is None


def test_readers_that_disagree_give_no_answer(fresh):
    fresh += [_answering(Fraction(5)), _answering(Fraction(6))]
    assert readers.read_with_readers("Tom has 3 marbles.") is None
