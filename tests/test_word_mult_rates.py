# ruff: noqa: E501  (problem texts are kept on one line each)
"""Equal groups read by tutor.math.wordproblems.sharing_groups and mult_proportion (wordso, issue
25 round 4): a rate per several ("2 dollars for every 5 cans"), two rates chained ("each rack holds 8 CDs; a shelf holds 4 racks: how many CDs on the shelf?") and
"bouquets with 5 flowers in each (one)", the container said once. Stories written here, several
phrasings, and the refusals (another question, a number in the question, rates that do not chain)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math import solve
from tutor.math.problems import Solution
from tutor.math.wordproblems.mult_proportion import read_proportion
from tutor.math.wordproblems.sharing_groups import read_sharing


def _solved(text: str) -> Fraction | None:
    sol = solve(text)
    return Fraction(str(sol.answer)) if isinstance(sol, Solution) else None


@pytest.mark.parametrize(
    "text, value",
    [
        ("Each CD rack holds 8 CDs. A shelf can hold 4 racks. How many CDs fit on the shelf?", 32),
        ("A shelf can hold 4 racks. Each rack holds 8 CDs. How many CDs can a shelf hold?", 32),
        ("Each page has 20 words. A chapter has 15 pages. How many words are in a chapter?", 300),
        ("A box holds 6 pens. A bag holds 4 boxes. How many pens are in a bag?", 24),
    ],
)
def test_rate_of_rates(text, value):
    sol = read_sharing(text)
    assert sol is not None and Fraction(str(sol.answer)) == value
    assert "\\times" in sol.equations[-1] and "$$" in sol.steps[0]
    assert _solved(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "A box holds 6 pens. A bag holds 4 pens. How many pens are in a bag?",  # the rates do not chain
        "Each box holds 6 pens. A bag holds 4 boxes. How many pens are in 3 bags?",  # a number asked
        "Each box holds 6 pens. A bag holds 4 boxes. How many boxes are in a bag?",
        "Each box holds 6 pens. A bag holds 4 boxes. How many pens are in each box?",
        "Each box holds 6 pens. A bag holds 4 boxes. How many pens are left?",
        "Each rack holds 8 CDs. A shelf can hold 4 racks. How many CDs fit on the shelves?",  # how many shelves?
    ],
)
def test_rate_of_rates_refused(text):
    assert read_sharing(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Faye picked 88 flowers. She was making bouquets with 5 flowers in each one. How many bouquets could she make?",
            17,
        ),
        ("Tom is filling bags with 6 apples in each. He has 42 apples. How many bags can he fill?", 7),
        (
            "Mia is making baskets with 4 muffins in each one. She baked 36 muffins. How many baskets can she make?",
            9,
        ),
    ],
)
def test_in_each_of_the_containers_named(text, value):
    """ "in each (one)" is each of the containers just named (refused before: no group)."""
    assert read_sharing(text) is not None
    assert _solved(text) == value


# ----------------------------------------------------------------------------------------------
# so much for every several (tutor.math.wordproblems.mult_proportion)


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "For every 6 pounds they recycled they earned 1 point. Chloe recycled 30 pounds. How many points did she earn?",
            5,
        ),
        (
            "For every 5 cans you recycle, you get 2 dollars. Tom recycled 40 cans. How much money did he get?",
            16,
        ),
        (
            "Tom gets 2 dollars for every 5 cans he recycles. He recycled 40 cans. How much money did he get?",
            16,
        ),
        ("A machine makes 12 toys every 3 minutes. How many toys does it make in 15 minutes?", 60),
        ("Sara reads 20 pages in 2 hours. How many pages does she read in 6 hours?", 60),
    ],
)
def test_per_several(text, value):
    sol = read_proportion(text)
    assert sol is not None and Fraction(str(sol.answer)) == value
    assert "\\frac" in sol.equations[0] and "$$" in sol.steps[0]
    assert _solved(text) == value


@pytest.mark.parametrize(
    "text",
    [
        # a part of a group: does it count?
        "For every 6 pounds they recycled they earned 1 point. Chloe recycled 28 pounds. How many points did she earn?",
        "A machine makes 12 toys every 3 minutes. How many toys does it make in 16 minutes?",
        # a distractor, someone else's count, another thing asked, the inverse asked
        "Tom gets 2 dollars for every 5 cans he recycles. He recycled 40 cans and 3 bottles. How much money did he get?",
        "Tom gets 2 dollars for every 5 cans he recycles. Mary recycled 40 cans. How much money did Tom get?",
        "Sara reads 20 pages in 2 hours. How many books does she read in 6 hours?",
        "A machine makes 12 toys every 3 minutes. How many minutes does it take to make 48 toys?",
    ],
)
def test_per_several_refused(text):
    assert read_proportion(text) is None
    assert _solved(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Mary gives 8 stickers to each friend. She has 4 friends. How many stickers does she have?",
            None,
        ),  # was 32
        ("Tom hands 3 cards to each player. He has 5 players. How many cards does he have?", None),
        (
            "A teacher gives 3 pencils to each student. There are 24 students. How many pencils does she need?",
            72,
        ),
    ],
)
def test_given_is_not_held(text, value):
    """What is given to each one is not what the giver has (the rate schema read 4 x 8 = 32)."""
    assert _solved(text) == value
