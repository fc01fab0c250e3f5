"""More readers of word problems, tried after the phrasing table and the schema reader: each reads
one family of stories (ratios, greatest/least numbers, shapes, number puzzles, multi-step chains)
and has its own gate, returning None for a text that is not its kind.

A reader answers only when it accounts for every number of the story; when two readers answer one
text with different values, neither answer is given (a refusal is fine, a wrong answer is not).
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.math.problems import Solution
from tutor.math.wordproblems.chains import read_chain

__all__ = ["READERS", "read_with_readers"]

Reader = Callable[[str], "Solution | None"]

# one line per family, each in its own module
READERS: list[Reader] = []
READERS.append(read_chain)  # multi-step chains (wordsc)

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
