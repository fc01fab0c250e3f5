# ruff: noqa: E501  (problem texts are kept on one line each)
"""Equal groups read by tutor.math.wordproblems.sharing_groups (wordso, issue 25 round 4): two
rates chained ("each rack holds 8 CDs; a shelf holds 4 racks: how many CDs on the shelf?") and
"bouquets with 5 flowers in each (one)", the container said once. Stories written here, several
phrasings, and the refusals (another question, a number in the question, rates that do not chain)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math import solve
from tutor.math.problems import Solution
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
