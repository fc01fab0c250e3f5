# ruff: noqa: E501  (stories are one line each)
"""A question about another act than the story tells is refused before any reader
(tutor/math/wordproblems/question_acts.py); the asked act may still be the story's unknown."""

from __future__ import annotations

import pytest

from tutor.math import solve
from tutor.math.wordproblems.question_acts import untold_act


@pytest.mark.parametrize(
    "text",
    [
        "Adam sold 5 boxes of candy. Each box has 9 pieces. How many pieces did he buy?",
        "Adam bought 5 boxes of candy. Each box has 9 pieces. How many pieces did he sell?",
        "Adam bought 5 boxes of candy. Each box has 9 pieces. How many pieces did he eat?",
        "The price of a comic is 3 dollars. Ben bought 6 comics. How much did Ben earn?",
        "The price of a comic is 3 dollars. Ben read 6 comics. How much did Ben spend?",
        "Nia planted 4 rows of 7 tulips. How many tulips did she sell?",
    ],
)
def test_a_question_about_an_act_the_story_does_not_tell_is_refused(text):
    assert untold_act(text) is not None, text
    assert getattr(solve(text), "answer", None) is None, text


@pytest.mark.parametrize(
    "text, value",
    [
        ("Tom sold 6 cakes for 3 dollars each. How much money did he earn?", 18),
        ("Tom bought 6 cakes for 3 dollars each. How much money did he spend?", 18),
        ("Lisa read 20 pages on Monday and 15 pages on Tuesday. How many pages did she read?", 35),
        # the asked act is the unknown: no other act of the kind is told
        (
            "When Amy got to the fair she had $15. When she left she had $11. How much money did she spend at the fair?",
            4,
        ),
        ("Lucy has 212 fish. How many more fish does she need to buy to have 280 fish?", 68),
    ],
)
def test_the_storys_own_act_or_its_unknown_is_answered(text, value):
    assert untold_act(text) is None, text
    assert getattr(solve(text), "answer", None) == value, text


# "4 dollars each for kids and 6 dollars each for adults": "each for kids" is no price per "for kid"
# (the adults' price had been paired with the kids' tickets: 26, not 24)
def test_a_price_each_for_a_kind_is_not_paired_with_another_kind():
    text = "Tickets were 4 dollars each for kids and 6 dollars each for adults. Haley bought 3 kids tickets and 2 adult tickets. How much did she spend?"
    assert getattr(solve(text), "answer", None) in (None, 24)
