"""The answer's unit reads as English: the plural of the singular item the readers compare
(4 buses, not "4 bus"; 5 glasses, not "5 glasss"), one word for every reader (`reading.plural`)."""

from __future__ import annotations

import pytest

from tutor.math import solve
from tutor.math.wordproblems.reading import plural, singular


@pytest.mark.parametrize(
    "one, many",
    [
        ("apple", "apples"),
        ("box", "boxes"),
        ("bus", "buses"),
        ("glass", "glasses"),
        ("berry", "berries"),
        ("day", "days"),
        ("child", "children"),
        ("foot", "feet"),
        ("sheep", "sheep"),
        ("cup of sugar", "cups of sugar"),
    ],
)
def test_plural_is_the_inverse_of_singular(one, many):
    assert plural(one) == many
    assert plural(many) == many  # already a plural: stays
    if one not in ("bus", "cup of sugar"):  # singular("buses") reads "buse" (houses -> house)
        assert singular(many) == one


@pytest.mark.parametrize(
    "story, unit",
    [
        (
            "There are 150 students going on a trip. Each bus can hold 40 students. How many buses are needed?",
            "buses",
        ),
        ("Tom has 3 glasses. He buys 2 more glasses. How many glasses does he have?", "glasses"),
    ],
)
def test_the_answer_line_says_the_unit_in_the_plural(story, unit):
    sol = solve(story)
    assert sol.unit == unit and f"{unit}**" in sol.steps[-1], sol.steps[-1]


def test_the_question_as_the_answer_restates_it_says_the_plural_too():
    sol = solve("Tom has 3 glasses. He buys 2 more glasses. How many glasses does he have?")
    assert "how many glasses Tom has" in sol.steps[-1], sol.steps[-1]
