"""More readers of word problems, tried after the phrasing table and the schema reader: each reads
one family of stories (ratios, greatest/least numbers, shapes, number puzzles, multi-step chains)
and has its own gate, returning None for a text that is not its kind.

A reader answers only when it accounts for every number of the story; when two readers answer one
text with different values, neither answer is given (a refusal is fine, a wrong answer is not).
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.math.problems import Solution
from tutor.math.wordproblems.additive_lists import read_kind_total
from tutor.math.wordproblems.additive_rest import read_rest
from tutor.math.wordproblems.ages import read_ages
from tutor.math.wordproblems.algebra_stories import read_algebra_story
from tutor.math.wordproblems.chains import read_chain
from tutor.math.wordproblems.change_unknowns import read_unknown_change
from tutor.math.wordproblems.compare_items import read_item_comparison
from tutor.math.wordproblems.compare_measures import read_measure_comparison
from tutor.math.wordproblems.comparisons import read_comparison
from tutor.math.wordproblems.digit_puzzles import read_digit_puzzle
from tutor.math.wordproblems.fraction_puzzles import read_fraction_puzzle
from tutor.math.wordproblems.greatest_least import read_greatest_least
from tutor.math.wordproblems.mult_after_change import read_after_change
from tutor.math.wordproblems.mult_money import read_money
from tutor.math.wordproblems.mult_present import read_present
from tutor.math.wordproblems.mult_proportion import read_proportion
from tutor.math.wordproblems.number_puzzles import read_number_puzzle
from tutor.math.wordproblems.percent_parts import read_percent_part
from tutor.math.wordproblems.ratios import read_ratio
from tutor.math.wordproblems.sequences import read_mean, read_pattern
from tutor.math.wordproblems.shapes import read_shape
from tutor.math.wordproblems.sharing_groups import read_sharing

__all__ = ["READERS", "other_readings", "read_with_readers"]

Reader = Callable[[str], "Solution | None"]

# one line per family, each in its own module
READERS: list[Reader] = [
    read_ratio,  # ratios and proportions, amounts scaled
    read_greatest_least,  # GCD / LCM stories
    read_shape,  # area, perimeter, a side, volume of one shape
    read_number_puzzle,  # "twice a number minus 3 is 11", two numbers, consecutive
    read_digit_puzzle,  # a two-digit number and its digits
    read_ages,  # ages now, ago, in n years
    read_pattern,  # a pattern continued
    read_mean,  # the mean of a list
    read_unknown_change,  # a change story with one amount not told
    read_comparison,  # amounts compared between people
    read_item_comparison,  # kinds compared within one holder or place, their difference or total
    read_measure_comparison,  # heights, lengths, weights, distances, scores compared between things
    read_algebra_story,  # two-unknown stories: fee plus rate, items bought, two kinds, two pieces
    read_fraction_puzzle,  # a fraction from its numerator and denominator's relations
    read_chain,  # multi-step stories: statements into equations over named unknowns
    read_kind_total,  # a list of kinds totalled as their common kind (people = girls + boys)
    read_rest,  # a whole, its parts told by what they are, the rest asked
    read_sharing,  # equal groups, equal sharing, remainders, one unit asked in another
    read_percent_part,  # a part of one whole by a fraction or percent, a price changed by a percent
    read_money,  # price lists, a unit price times the things bought, equal amounts from givers
    read_present,  # a group some of whom did not come, a rate for those there
    read_after_change,  # a change, then all that is left shared or put in equal groups
    read_proportion,  # so much for every several ('2 dollars for every 5 cans'), groups of them counted
]

# what a reader's bug may raise: it costs that reader's answer, never the request
_FAULTS = (ValueError, TypeError, AttributeError, KeyError, IndexError, ZeroDivisionError, ArithmeticError)


def other_readings(text: str) -> list[Solution]:
    """Every reader's answer to `text` (a reader's fault costs only its answer)."""
    answers: list[Solution] = []
    for reader in READERS:
        try:
            sol = reader(text)
        except _FAULTS:
            sol = None
        if sol is not None:
            answers.append(sol)
    return answers


def read_with_readers(text: str) -> Solution | None:
    """The one answer the readers agree on; None when none answers or they disagree."""
    answers = other_readings(text)
    if not answers or len({str(a.answer) for a in answers}) != 1:
        return None
    return answers[0]
