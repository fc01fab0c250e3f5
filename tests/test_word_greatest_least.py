# ruff: noqa: E501  (problem texts are kept on one line each)
"""The GCD / LCM story reader (tutor.math.wordproblems.greatest_least), from examples written here
in several phrasings: identical groups with none left over, pieces cut to one length, things that
happen every N days or come in packs of N; refused when the question asks for something else (the
size of a mixed group, the number of packs, how many times, a time of day) or a number has no role."""

from __future__ import annotations

import pytest

from tutor.math import solve
from tutor.math.wordproblems.greatest_least import read_greatest_least


@pytest.mark.parametrize(
    "text, value, unit",
    [
        (
            "A teacher has 24 pencils and 36 erasers. She wants to make identical packs with nothing left over. What is the greatest number of packs she can make?",
            12,
            "packs",
        ),
        (
            "Omar has 30 red beads, 45 blue beads and 60 white beads. He puts them into identical bags so that no beads are left over. What is the greatest number of bags he can fill?",
            15,
            "bags",
        ),
        (
            "A coach divides 16 boys and 24 girls into teams, each with the same combination of boys and girls and nobody left out. What is the greatest number of teams he can make?",
            8,
            "teams",
        ),
        (
            "A farmer plants 42 apple trees and 56 pear trees in rows. Each row has only one type of tree and all rows have the same number of trees. What is the greatest number of trees in each row?",
            14,
            "trees",
        ),
        (
            "Two ropes are 18 m and 30 m long. They are cut into pieces of equal length with no rope left over. What is the greatest possible length of each piece?",
            6,
            "m",
        ),
        (
            "Dana has two planks, one 48 inches long and the other 64 inches long. She cuts both into pieces of the same length without wasting any wood. What is the greatest length of the pieces?",
            16,
            "inches",
        ),
    ],
)
def test_gcd_stories(text, value, unit):
    sol = read_greatest_least(text)
    assert sol is not None, text
    assert sol.answer == value and sol.unit == unit
    assert r"\gcd" in sol.steps[0]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        (
            "One bell rings every 15 minutes and another rings every 20 minutes. They just rang together. In how many minutes will they ring together again?",
            60,
            "minutes",
        ),
        (
            "A red light flashes every 4 seconds and a green light flashes every 6 seconds. Both flashed at the same time. After how many seconds will they next flash together?",
            12,
            "seconds",
        ),
        (
            "Kim visits the library every 6 days and the pool every 8 days. She went to both today. How many days from now will she go to both on the same day again?",
            24,
            "days",
        ),
        (
            "Two runners start together. One completes a lap in 6 minutes and the other completes a lap in 9 minutes. After how many minutes will they meet again at the start?",
            18,
            "minutes",
        ),
        (
            "Hot dogs come in packs of 8 and buns come in packs of 6. Tom wants the same number of hot dogs and buns. What is the least number of hot dogs he can buy?",
            24,
            "hot dogs",
        ),
        (
            "Pens are sold in boxes of 12 and caps in boxes of 20. A school needs the same number of pens and caps. What is the smallest number of pens it can buy?",
            60,
            "pens",
        ),
        (
            "Ali is thinking of a number that is divisible by both 6 and 10. What is the smallest number it could be?",
            30,
            "",
        ),
    ],
)
def test_lcm_stories(text, value, unit):
    sol = read_greatest_least(text)
    assert sol is not None, text
    assert sol.answer == value and sol.unit == unit
    assert r"\operatorname{lcm}" in sol.steps[0]


@pytest.mark.parametrize(
    "text",
    [
        # the size of a mixed group is the sum over the GCD, not the GCD
        "A florist has 12 roses and 18 lilies. She makes identical bouquets with none left over. What is the greatest number of flowers in each bouquet?",
        "A florist has 12 roses and 18 lilies. She makes identical bouquets with none left over. How many flowers are in each bouquet if she makes the greatest number of bouquets?",
        # a price beside the amounts
        "A baker has 20 muffins and 30 cookies. She puts them into identical boxes with none left over and sells each box for $5. What is the greatest number of boxes she can make?",
        "Sara has 24 stickers and 36 stamps. She puts them in identical albums with none left over. What is the greatest number of albums she can fill, if each album costs $2?",
        # the first number may count the others
        "Rosa got 2 gifts: a box of 18 candies and a bag of 12 cookies. She makes identical snack bags using all of them. What is the greatest number of snack bags she can make?",
        # how many times, a time of day, another unit asked, the number of packs
        "One bell rings every 15 minutes and another rings every 20 minutes. They just rang together. How many times will they ring together in 3 hours?",
        "One bell rings every 15 minutes and another rings every 20 minutes. They rang together at 9:00. At what time will they ring together again?",
        "One bell rings every 15 minutes and another every 20 minutes. They just rang together. In how many hours will they ring together again?",
        "Hot dogs come in packs of 8 and buns in packs of 6. Tom wants the same number of hot dogs and buns. What is the least number of packs of hot dogs he must buy?",
        "Hot dogs come in packs of 8 and buns in packs of 6. Tom wants the same number of hot dogs and buns. What is the smallest total number of hot dogs and buns he can buy?",
        # the number of laps asked, not the time
        "Amy runs a lap every 4 minutes and Bo runs a lap every 6 minutes. They start together. After how many laps will Amy meet Bo at the start again?",
        # (round 2: "every 30 days ... again on a Friday" is answered, lcm(30, 7) with the week's 7 days
        # named in the equations: see test_gcd_lcm_general_phrasings)
    ],
)
def test_other_questions_are_refused(text):
    assert read_greatest_least(text) is None


def test_the_front_door_answers_gcd_and_lcm_stories():
    sol = solve(
        "Jo has 18 apples and 24 pears. She wants identical gift baskets with no fruit left over. What is the greatest number of baskets she can make?"
    )
    assert sol.ok and sol.answer == 6
    sol = solve(
        "Tim swims every 4 days and runs every 10 days. He did both today. In how many days will he do both again on the same day?"
    )
    assert sol.ok and sol.answer == 20 and sol.unit == "days"


# ---- round 2: lengths listed with one unit, the measure asked after its superlative, the least
# length made of whole pieces, a weekday coming round again, a lap time told by ellipsis

GENERAL_GCD_LCM = [
    ("Fabric comes on bolts that are 45 or 60 inches wide. What is the width of the widest strips you can cut from either bolt without wasting any fabric if each strip has the same width?", 15, "inches"),
    ("Two ropes are 18 and 30 m long. They are cut into pieces of equal length with no rope left over. What is the length of the longest pieces that can be cut?", 6, "m"),
    ("Two persons start walking together. Their steps measure 75 cm and 90 cm respectively. What is the minimum distance each should walk so that both cover the same distance in complete steps?", 450, "cm"),
    ("Ann and Bo each have a rope of the same length. Ann cuts hers into pieces of 4 feet and Bo cuts his into pieces of 6 feet, with nothing left over. What is the shortest possible length of each rope?", 12, "feet"),
    ("Two tiles are 12 cm and 18 cm long. Rows of either tile must be the same length, using whole tiles only. What is the shortest possible length of a row?", 36, "cm"),
    ("A full moon occurs every 30 days. If the last full moon was on a Friday, how many days will pass before a full moon occurs again on a Friday?", 210, "days"),
    ("The club meets every 10 days. It met on a Monday. In how many days will it meet on a Monday again?", 70, "days"),
    ("P and Q start at the same time to run around a stadium. P completes a round in 252 seconds and Q in 198 seconds. After what time will they meet again at the starting point?", 2772, "seconds"),
    ("Two bells rang together at noon. One rings every 9 minutes and the other every 12 minutes. After what time will they ring together again?", 36, "minutes"),
]  # fmt: skip


@pytest.mark.parametrize("text, value, unit", GENERAL_GCD_LCM)
def test_gcd_lcm_general_phrasings(text, value, unit):
    sol = read_greatest_least(text)
    assert sol is not None, text
    assert sol.answer == value and sol.unit == unit
    assert r"\gcd" in sol.steps[0] or "lcm" in sol.steps[0]


@pytest.mark.parametrize(
    "text",
    [
        # nothing says the pieces are whole / equal: not the LCM
        "Two tiles are 12 cm and 18 cm long. What is the shortest possible length of a row?",
        # pieces cut with a remainder
        "Ann and Bo each have a rope of the same length. Ann cuts hers into pieces of 4 feet and Bo cuts his into pieces of 6 feet, with 1 foot left over. What is the shortest possible length of each rope?",
        # a different weekday asked
        "The club meets every 10 days. It met on a Monday. In how many days will it meet on a Tuesday again?",
        # a weekday story with a second number
        "The club meets every 10 days for 2 hours. It met on a Monday. In how many days will it meet on a Monday again?",
        # a time of day asked
        "Two bells start together. The first rings every 9 minutes and the second every 12 minutes. At what time will they ring together again?",
        # no equal widths and no waste told
        "Two ropes are 18 and 30 m long. They are cut into pieces. What is the length of the longest pieces that can be cut?",
    ],
)
def test_general_phrasings_with_a_missing_condition_are_refused(text):
    assert read_greatest_least(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "A teacher has 24 pencils and 36 erasers. She wants to make identical packs with nothing left over. How many packs at most can she make?",
            12,
        ),
        (
            "Two lights blink every 6 and 10 seconds. They blink together now. After how many seconds will they blink together again?",
            30,
        ),
        (
            "Three bells ring every 4, 6 and 9 minutes. They rang together at once just now. In how many minutes will they next ring together?",
            36,
        ),
    ],
)
def test_at_most_and_periods_listed_with_one_unit(text, value):
    sol = read_greatest_least(text)
    assert sol is not None, text
    assert sol.answer == value


@pytest.mark.parametrize(
    "text",
    [
        # a listed period and another one beside it: not read
        "Two lights blink every 6 and 10 seconds and a third every 4 seconds. They blink together now. After how many seconds will they blink together again?",
        # "at most" without equal groups
        "A teacher has 24 pencils and 36 erasers. How many packs at most can she make?",
    ],
)
def test_at_most_and_listed_periods_not_read_whole_are_refused(text):
    assert read_greatest_least(text) is None


# which amounts are grouped must be settled by the story: a grouping that names only some of the
# counted things, or a family word over three or more things, leaves a distractor in or out by guess
@pytest.mark.parametrize(
    "text",
    [
        "Lavinia has 9 glasses and 28 balloons and 6 mugs. She would like to set them out in identical groups with no glasses or mugs left over. What is the greatest number of groups she can make?",
        "Omar has 12 apples, 20 stickers and 18 pears. He packs the apples and pears into identical bags with none left over. What is the greatest number of bags he can pack?",
        "A club has 16 drums, 40 flags and 24 whistles. Each band gets the same number of drums and whistles, with nothing left over. What is the greatest number of bands?",
        "Mei has 15 oranges and 28 crayons, 9 peaches and 18 pears. She wants to put all of the fruit into baskets with each basket having the same number of each fruit. What is the greatest number of baskets she can make?",
        "Ravi has 20 pencils, 35 marbles and 15 pens. He wants to share all of the stationery equally among his friends with none left over. What is the greatest number of friends he can share with?",
    ],
)
def test_gcd_grouping_of_only_some_things_is_refused(text):
    assert read_greatest_least(text) is None, text


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "A florist has 24 roses and 36 tulips. She wants to make bouquets with the same number of roses and the same number of tulips in each bouquet, using all the flowers. What is the greatest number of bouquets she can make?",
            12,
        ),
        (
            "Mei has 15 oranges, 9 peaches and 18 pears. She wants to put all of the fruit into baskets with each basket having the same number of oranges, peaches and pears. What is the greatest number of baskets she can make?",
            3,
        ),
        (
            "Shona baked 86 chocolate chip cookies and 42 sugar cookies. She wants identical packages and must use all of the cookies. What is the greatest number of identical packages she can make?",
            2,
        ),
        (
            "Lavinia has 9 glasses and 28 balloons and 6 mugs. She would like to set them out in identical groups with no glasses, balloons or mugs left over. What is the greatest number of groups she can make?",
            1,
        ),
    ],
)
def test_gcd_grouping_that_names_every_thing_is_answered(text, value):
    sol = read_greatest_least(text)
    assert sol is not None, text
    assert sol.answer == value
