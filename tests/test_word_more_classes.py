# ruff: noqa: E501  (problem texts are kept on one line each)
"""More one- and two-step classes of the existing reader (wordsf, issue 25): phrasings that the
phrasing table did not read. Examples written here in several phrasings, not corpus rows; each
answered one goes through the front door (`tutor.math.solve`) and shows its equations first, each
refused one is not answered."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math import solve


def _value(text: str) -> Fraction | None:
    sol = solve(text)
    if not sol.ok:
        return None
    assert "$$" in sol.steps[0], sol.steps  # the equations the story gave come first
    return Fraction(str(sol.answer))


@pytest.mark.parametrize(
    "text, value",
    [
        # "end up with": the holding after the story's changes
        ("Haley had 11 shirts. She gave away 6 shirts. How many shirts did she end up with?", 5),
        ("Nora had 24 marbles. She lost 9 of them. How many marbles did Nora end up with?", 15),
        ("Sam has 8 stamps. He bought 5 more. How many stamps will he end up with?", 13),
        ("Pia had 30 beads. If she gave away 12 of them, how many beads would she end up with?", 18),
        # "got rid of" / "threw out": a loss of the holder's things
        ("Kaleb has 17 shirts. He got rid of 7 of them. How many shirts does Kaleb have now?", 10),
        (
            "Mia had 45 old magazines. If she got rid of 20 of them, how many magazines would Mia have left?",
            25,
        ),
        ("Leo has 12 broken pencils. He threw out 5 of them. How many pencils does he have left?", 7),
    ],
)
def test_answered(text, value):
    assert _value(text) == Fraction(value)


@pytest.mark.parametrize(
    "text",
    [
        # someone else's loss does not change the holder's count
        "Kaleb has 17 shirts. Tom got rid of 7 shirts. How many shirts does Kaleb have now?",
        # a loss of another item: the number does not enter the answer
        "Kaleb has 17 shirts. He got rid of 7 hats. How many shirts does Kaleb have left?",
        # two holders, one asked: the other's number is not used
        "Haley had 11 shirts and Tom had 6 shirts. How many shirts did she end up with?",
    ],
)
def test_refused(text):
    assert _value(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("Haley had 11 shirts. She gave away 6 shirts. How many shirts did she end up with?", 5),
        ("Nora had 24 marbles. She lost 9 of them. How many did Nora end up with?", 15),
        ("Sam has 8 stamps. He bought 5 more. How many stamps will he end up with?", 13),
    ],
)
def test_the_phrasing_table_reads_end_up_with(text, value):
    from tutor.math.wordproblems.solution import _read_table

    assert Fraction(str(_read_table(text).answer)) == Fraction(value)
