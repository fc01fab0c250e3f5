"""GSM8K-style statement kinds of the multi-step reader (tutor/math/wordproblems/chains.py), with
stories written here in several phrasings: answered with their value, or refused where the story
does not settle the answer or where a reading is a guess."""

from __future__ import annotations

import pytest

from tutor.math.wordproblems.chain_debug import why_refused
from tutor.math.wordproblems.chains import read_chain

ANSWERED = [
    # an act compared with another holder's act that the story tells later (or solves for)
    (
        "Nora got twice as many votes as Owen, and Owen got 4 times as many votes "
        "as Pia. If Pia got 9 votes, how many did Nora get?",
        72,
    ),
    ("Mia picked 4 times as many apples as Noah. Noah picked 7 apples. How many apples did Mia pick?", 28),
    (
        "Ava sold 5 more cookies than Ben. Ben sold twice as many cookies as Cal. Cal sold 8 cookies. "
        "How many cookies did Ava and Ben sell in total?",
        37,
    ),
    ("Kofi baked 3 fewer pies than Lena. Lena baked 11 pies. How many pies did they bake altogether?", 19),
    ("Rosa ran 2 more miles than Sven did. Sven ran 6 miles. How many miles did Rosa run?", 8),
]

REFUSED = [
    # the compared act is never told: not settled
    "Kofi baked 3 fewer pies than Lena. How many pies did Kofi bake?",
    # a number nobody was compared with
    "Mia scored twice as many points as Noah. Noah scored 12 points. Ella scored 5 points. "
    "How many points did Mia score?",
    # two acts of the compared holder: which one was compared?
    "Mia picked 4 times as many apples as Noah. Noah picked 7 apples on Monday and 3 apples on Tuesday. "
    "How many apples did Mia pick?",
    # compared with another kind of act
    "Tom sold twice as many apples as Mary bought. Mary bought 5 apples. How many apples did Tom sell?",
    "Tom spent twice what Mary earned. Mary earned 40 dollars. How much did Tom spend?",
]


@pytest.mark.parametrize(("text", "value"), ANSWERED)
def test_answered(text: str, value: int) -> None:
    sol = read_chain(text)
    assert sol is not None, why_refused(text)
    assert sol.answer == value
    assert sol.equations  # the story's equations are shown


@pytest.mark.parametrize("text", REFUSED)
def test_refused(text: str) -> None:
    assert read_chain(text) is None


def test_why_refused_names_the_unread_clause() -> None:
    assert why_refused("Tom filled 3 jars with jam. How many jars did he fill?") is not None
    assert why_refused(ANSWERED[1][0]) is None
    assert "Tom sold twice as many apples as Mary bought" in (why_refused(REFUSED[3]) or "")
