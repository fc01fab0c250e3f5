"""More readers of word problems, tried after the phrasing table and the schema reader: each reads
one family of stories (ratios, greatest/least numbers, shapes, number puzzles, multi-step chains)
and has its own gate, returning None for a text that is not its kind.

A reader answers only when it accounts for every number of the story; when two readers answer one
text with different values, neither answer is given (a refusal is fine, a wrong answer is not).
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.math.problems import Solution
from tutor.math.wordproblems import (
    ages,
    change_unknowns,
    comparisons,
    digit_puzzles,
    number_puzzles,
    sequences,
)
from tutor.math.wordproblems.greatest_least import read_greatest_least
from tutor.math.wordproblems.ratios import read_ratio
from tutor.math.wordproblems.shapes import read_shape

__all__ = ["READERS", "read_with_readers"]

Reader = Callable[[str], "Solution | None"]

# one line per family, each in its own module
READERS: list[Reader] = []
READERS.append(read_ratio)  # ratios and proportions (wordsa)
READERS.append(read_greatest_least)  # GCD / LCM stories (wordsa)
READERS.append(read_shape)  # area, perimeter, sides, volume of one shape (wordsa)
READERS += [
    number_puzzles.read_number_puzzle,
    digit_puzzles.read_digit_puzzle,
    ages.read_ages,
    sequences.read_pattern,
    sequences.read_mean,
    change_unknowns.read_unknown_change,
    comparisons.read_comparison,
]  # wordsb

# what a reader's bug may raise: it costs that reader's answer, never the request
_FAULTS = (ValueError, TypeError, AttributeError, KeyError, IndexError, ZeroDivisionError, ArithmeticError)


def read_with_readers(text: str) -> Solution | None:
    """The one answer the readers agree on; None when none answers or they disagree."""
    answers: list[Solution] = []
    for reader in READERS:
        try:
            sol = reader(text)
        except _FAULTS:
            sol = None
        if sol is not None:
            answers.append(sol)
    if not answers or len({str(a.answer) for a in answers}) != 1:
        return None
    return answers[0]
