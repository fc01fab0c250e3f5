"""What the two-unknown story readers (:mod:`algebra_stories`, :mod:`algebra_money`) share: the
number and word patterns, the words that change a question's unknown, and the checks that a later
sentence is about the story's person and that a solution is a sensible amount."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.wordproblems.reading import singular

NUMBER = r"\d+(?:\.\d+)?"
WORD = r"[a-z][a-z'-]*"
PRONOUN = r"(?:she|he|they|it|we|i|you)"
# words that change a question's unknown: "how many more hours", "how much money is left"
QUESTION_TWIST = re.compile(
    r"\b(?:more|less|fewer|left|else|additional|extra|other|remain\w*|change|each\spiece|both|total|"
    r"altogether|difference|times|percent|average|if|after|before|per|all|each|every)\b"
)


def num(t: str) -> Fraction:
    return Fraction(t)


def positive(v, whole: bool) -> bool:
    try:
        f = Fraction(str(v))
    except (ValueError, ZeroDivisionError):
        return False
    return f > 0 and (not whole or f.denominator == 1)


def same_subject(s: str | None, who: str) -> bool:
    """A later sentence's subject is the story's person: the name again (a store, the store) or a
    pronoun."""
    if s is None:
        return False
    bare = re.sub(r"^(?:the|a|an)\s", "", s)
    if re.fullmatch(PRONOUN, s) or re.fullmatch(PRONOUN, who):
        return True  # "Mindy has ... If she has a total of ...": one person, named once
    return bare == re.sub(r"^(?:the|a|an)\s", "", who)


def same_item(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return [singular(w) for w in a.split()] == [singular(w) for w in b.split()]
