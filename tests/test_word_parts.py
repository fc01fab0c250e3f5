# ruff: noqa: E501  (problem texts are kept on one line each)
"""Parts of a quantity by a fraction or a percent (:mod:`tutor.math.wordproblems.percent_parts`):
stories written here in several phrasings, answered (the value, its unit and the equations shown
first) through the real front door, and refused where a number is unused, "of them" or the asked
group is not settled, or the part is not a whole number of things."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math import solve
from tutor.math.wordproblems.percent_parts import read_percent_part


def _value(text: str):
    sol = solve(text)
    return sol.answer if sol.ok else None


# --- a part of a group, and the rest -----------------------------------------------------------------

PARTS = [
    (
        "There are 40 students in a class. Half of them walk to school. How many students walk to school?",
        20,
        "students",
        [r"x = \frac{1}{2} \cdot 40"],
    ),
    (
        "There are 40 students in a class. Half of them walk to school. How many students do not walk to school?",
        20,
        "students",
        [r"p = \frac{1}{2} \cdot 40", "x = 40 - p"],
    ),
    (
        "There were 36 children at the park. One third of them played soccer. How many children played soccer?",
        12,
        "children",
        [r"x = \frac{1}{3} \cdot 36"],
    ),
    (
        "There were 36 children at the park. One third of them played soccer. How many children didn't play soccer?",
        24,
        "children",
        [r"p = \frac{1}{3} \cdot 36", "x = 36 - p"],
    ),
    (
        "Sam has 40 marbles. 1/4 of them are red. How many marbles are red?",
        10,
        "marbles",
        [r"x = \frac{1}{4} \cdot 40"],
    ),
    (
        "Sam has 40 marbles. Three fourths of his marbles are blue. How many marbles are not blue?",
        10,
        "marbles",
        [r"p = \frac{3}{4} \cdot 40", "x = 40 - p"],
    ),
    (
        "A class has 30 students. 40% of them are boys. How many boys are in the class?",
        12,
        "boys",
        [r"x = \frac{40}{100} \cdot 30"],
    ),
    (
        "A class has 30 students. If 40 percent of them are boys, how many students are not boys?",
        18,
        "students",
        [r"p = \frac{40}{100} \cdot 30", "x = 30 - p"],
    ),
    (
        "A class has 30 students. 40% of them are boys. The rest are girls. How many girls are in the class?",
        18,
        "girls",
        [r"p = \frac{40}{100} \cdot 30", "x = 30 - p"],
    ),
    (
        "There are 30 boys and girls in a class. 40% of them are boys. How many girls are there?",
        18,
        "girls",
        [r"p = \frac{40}{100} \cdot 30", "x = 30 - p"],
    ),
    (
        "There are 40 students in a class. Half of them walk to school and the rest ride the bus. How many students ride the bus?",
        20,
        "students",
        [r"p = \frac{1}{2} \cdot 40", "x = 40 - p"],
    ),
    (
        "The library has 250 books. 20% of the books are new. How many books are new?",
        50,
        "books",
        [r"x = \frac{20}{100} \cdot 250"],
    ),
]


@pytest.mark.parametrize("text, value, unit, equations", PARTS)
def test_a_part_of_a_group_is_answered_with_its_equations(text, value, unit, equations):
    sol = read_percent_part(text)
    assert sol is not None and sol.answer == value
    assert sol.equations == equations and sol.unit == unit
    assert equations[0] in sol.steps[0]  # the equations come first
    assert _value(text) == value


# --- a part given away, eaten, sold ------------------------------------------------------------------

TAKEN = [
    (
        "Kim had 24 cupcakes. She gave one third of them to her neighbor. How many cupcakes did she give away?",
        8,
    ),
    (
        "Kim had 24 cupcakes. She gave one third of them to her neighbor. How many cupcakes did she give to her neighbor?",
        8,
    ),
    (
        "Kim had 24 cupcakes. She gave one third of them to her neighbor. How many cupcakes does she have left?",
        16,
    ),
    (
        "Gina had 20 toy cars. She donated 1/4 of her toy cars to a school. How many toy cars does Gina have left?",
        15,
    ),
    ("Mrs. Lee bought 36 eggs. She used 3/4 of them to bake cakes. How many eggs did she use?", 27),
    ("A farmer has 120 cows. He sold 25% of them. How many cows does he have now?", 90),
]


@pytest.mark.parametrize("text, value", TAKEN)
def test_a_part_taken_away_is_answered(text, value):
    sol = read_percent_part(text)
    assert sol is not None and sol.answer == value
    assert _value(text) == value


# --- a container partly full -------------------------------------------------------------------------

FULL = [
    ("A tank holds 40 gallons. It is 3/4 full. How many gallons are in the tank?", 30),
    (
        "A tank holds 40 gallons of water. It is 3/4 full. How many more gallons are needed to fill the tank?",
        10,
    ),
    (
        "A pool can hold 600 liters of water. The pool is 2/3 full. How many liters of water are in the pool?",
        400,
    ),
    ("A pool can hold 600 liters of water. The pool is 2/3 full. How many more liters can it hold?", 200),
    ("A jug holds 10 cups. It is half full. How many cups are in the jug?", 5),
]


@pytest.mark.parametrize("text, value", FULL)
def test_a_container_partly_full_is_answered(text, value):
    sol = read_percent_part(text)
    assert sol is not None and sol.answer == value
    assert _value(text) == value


# --- a price changed by a percent --------------------------------------------------------------------

PRICES = [
    (
        "A shirt costs $30. It is on sale for 20% off. How much does the shirt cost on sale?",
        24,
        [r"d = \frac{20}{100} \cdot 30", "x = 30 - d"],
    ),
    (
        "A shirt costs $30. It is on sale for 20% off. How much will you save?",
        6,
        [r"x = \frac{20}{100} \cdot 30"],
    ),
    (
        "The price of a bike is $200. The price was reduced by 15%. How much does the bike cost now?",
        170,
        [r"d = \frac{15}{100} \cdot 200", "x = 200 - d"],
    ),
    (
        "The price of a bike is $200. The price was increased by 10%. What is the new price?",
        220,
        [r"d = \frac{10}{100} \cdot 200", "x = 200 + d"],
    ),
    (
        "A jacket costs $80. The store gives a 25% discount on it. What is the sale price?",
        60,
        [r"d = \frac{25}{100} \cdot 80", "x = 80 - d"],
    ),
    (
        "A lamp costs $45. There is a 20 percent discount on the lamp. How much does the lamp cost after the discount?",
        36,
        [r"d = \frac{20}{100} \cdot 45", "x = 45 - d"],
    ),
]


@pytest.mark.parametrize("text, value, equations", PRICES)
def test_a_price_changed_by_a_percent_is_answered(text, value, equations):
    sol = read_percent_part(text)
    assert sol is not None and sol.answer == value and sol.unit == "dollars"
    assert sol.equations == equations
    # "What is the sale price?" loses its "$" in the input guard (not a story question there)
    if "How much" in text:
        assert _value(text) == value


# --- the whole and its part in one sentence; a part then one more step; money ------------------------

MORE = [
    ("In a class of 30 students, 40% are boys. How many boys are in the class?", 12),
    ("Of the 40 students in a class, half walk to school. How many students walk to school?", 20),
    ("Half of the 40 students in a class walk to school. How many students do not walk to school?", 20),
    (
        "There are 40 students in a class. Half of the students walk to school. How many students walk to school?",
        20,
    ),
    (
        "There are 200 students in a school. 12.5% of them walk to school. How many students walk to school?",
        25,
    ),
    ("There are 40 students in a class. 25 per cent of them walk to school. How many walk to school?", 10),
    (
        "A farmer has 120 animals. 25% of them are cows and the rest are sheep. How many sheep does he have?",
        90,
    ),
    (
        "Kim had 24 cupcakes. She gave one third of them to her neighbor and ate 4. How many cupcakes are left?",
        12,
    ),
    (
        "Kim had 24 cupcakes. She gave one third of them to her neighbor. Then she ate 4. How many cupcakes are left?",
        12,
    ),
    (
        "Kim had 24 cupcakes. She gave one third of them to her neighbor. She bought 6 more cupcakes. How many cupcakes does she have now?",
        22,
    ),
    ("Susie has $200. She spent 20% of it on a book. How much money does she have left?", 160),
    (
        "Mary has 36 stamps. One fourth of her stamps are from Canada. How many of Mary's stamps are from Canada?",
        9,
    ),
    ("A bag contains 50 marbles. 20% of the marbles are blue. How many blue marbles are in the bag?", 10),
    (
        "There are 28 students in Mr. Lee's class. Three-fourths of them have pets. How many students have pets?",
        21,
    ),
    (
        "The regular price of a jacket is $80. It is on sale for 25% off. How much does the jacket cost now?",
        60,
    ),
]


@pytest.mark.parametrize("text, value", MORE)
def test_one_sentence_wholes_steps_and_money_are_answered(text, value):
    sol = read_percent_part(text)
    assert sol is not None and sol.answer == value
    assert _value(text) == value


# --- refused: what the story does not settle ---------------------------------------------------------

REFUSED = [
    # the other kind is not told to be the rest of the class (students may be neither, say so first)
    "A class has 30 students. 40% of them are boys. How many girls are in the class?",
    "There are 40 students in a class. Half of them walk to school. How many students ride the bus?",
    # not a whole number of things
    "Kim had 25 cupcakes. She gave one third of them to her neighbor. How many cupcakes did she give away?",
    "There are 25 students in a class. Half of them walk to school. How many students walk to school?",
    # "of them": two groups the story counted
    "There are 40 students and 10 teachers in a school. Half of them walk to school. How many walk to school?",
    "A farmer has 120 cows and 5 dogs. He sold 25% of them. How many cows does he have now?",
    # "half of the girls" when the story counted students
    "There are 40 students in a class. Half of the girls walk to school. How many students walk to school?",
    "There are 40 students in a class. Half of the girls are in the choir. How many students are in the choir?",
    "Sam has 40 marbles. Half of his red marbles are big. How many marbles are big?",
    # a distractor number, a sentence not read
    "There are 40 students in a class. Half of them walk to school. 3 teachers drive. How many students walk to school?",
    "Sam has 40 marbles. 1/4 of them are red. He is 9 years old. How many marbles are red?",
    # the question asks what the story does not tell
    "There are 40 students in a class. Half of them walk to school. How many teachers walk to school?",
    "Sam has 40 marbles. 1/4 of them are red. How many marbles are blue?",
    "Kim had 24 cupcakes. Tom gave one third of them to his neighbor. How many cupcakes did Tom give away?",
    "Sam had 40 marbles. He gave 1/4 of them to Tom. How many marbles does Tom have now?",
    "A tank holds 40 gallons. It is 3/4 full. How many gallons does it hold?",
    "A class has 30 students. 40% of them are boys. How many boys are not in the class?",
    # a step whose number the question does not use; a step about another item or holder
    "Kim had 24 cupcakes. She gave one third of them to her neighbor. She ate 4. How many cupcakes did she give away?",
    "Kim had 24 cupcakes. She gave one third of them to her neighbor. She ate 4 cookies. How many cupcakes are left?",
    "Kim had 24 cupcakes. She gave one third of them to her neighbor. Tom ate 4. How many cupcakes are left?",
    # "half of it" is of an amount, not of things; the part of a part is not told
    "Tom has 40 marbles. He gave half of it to Sam. How many marbles does he have left?",
    "There are 24 cookies in a jar. 1/3 of them are chocolate chip. How many cookies are chocolate?",
    "A farmer has 120 animals. 25% of them are cows and the rest are sheep. How many sheep does Tom have?",
    "Tom has 40 marbles. Half of them have stripes. How many marbles does Tom have?",
    "A box has 48 crayons. 1/4 of the crayons are broken. How many boxes are broken?",
    # more than the whole
    "There are 40 students in a class. 150% of them walk to school. How many students walk to school?",
    # a price: before or after the sale? not a whole number of cents; a saving on a rise
    "A shirt costs $30. It is on sale for 20% off. How much does the shirt cost?",
    "A shirt costs $29.99. It is on sale for 15% off. How much does it cost now?",
    "A shirt costs $30. The price was increased by 10%. How much will you save?",
]


@pytest.mark.parametrize("text", REFUSED)
def test_what_the_story_does_not_settle_is_refused(text):
    assert read_percent_part(text) is None


# --- a number of things or an amount of money changed by a percent -----------------------------------

GROWN = [
    ("A town has 5000 people. The population grew by 20%. How many people live in the town now?", 6000),
    (
        "There are 400 students in a school. The number of students increased by 5%. How many students are in the school now?",
        420,
    ),
    ("Susie has $200 in her bank account. Her money grew by 10%. How much money does she have now?", 220),
    (
        "A farm has 250 chickens. The number of chickens decreased by 20%. How many chickens does the farm have now?",
        200,
    ),
    ("A shop had 30 bikes. The number of bikes went up by 10%. How many bikes does the shop have now?", 33),
]


@pytest.mark.parametrize("text, value", GROWN)
def test_a_quantity_changed_by_a_percent_is_answered(text, value):
    sol = read_percent_part(text)
    assert sol is not None and sol.answer == value
    assert sol.equations[-1].startswith("x = ")
    assert _value(text) == value


@pytest.mark.parametrize(
    "text",
    [
        # before or after? what was lost? another quantity changed; not a whole number of things
        "A town has 5000 people. The population grew by 20%. How many people lived in the town before?",
        "A farm has 250 chickens. The number of chickens decreased by 20%. How many chickens did the farm lose?",
        "There are 400 students in a school. The number of teachers increased by 5%. How many students are in the school now?",
        "A farm has 250 chickens. The number of chickens decreased by 30%. How many ducks are there now?",
        "A farm has 25 chickens. The number of chickens decreased by 10%. How many chickens are there now?",
        # "It": the farm or its chickens?
        "A farm has 250 chickens. It decreased by 20%. How many chickens are there now?",
    ],
)
def test_a_changed_quantity_is_refused_when_the_story_does_not_settle_it(text):
    assert read_percent_part(text) is None


# --- the part told as a number, its share asked ------------------------------------------------------

SHARES = [
    (
        "There are 40 students in a class. 10 of them walk to school. What percent of the students walk to school?",
        25,
        "percent",
    ),
    (
        "There are 40 students in a class. 10 of them walk to school. What percent of the students do not walk to school?",
        75,
        "percent",
    ),
    (
        "There are 40 students in a class. 10 students walk to school. What fraction of them walk to school?",
        Fraction(1, 4),
        "",
    ),
    ("Tom has 20 marbles. 5 of them are red. What fraction of his marbles are red?", Fraction(1, 4), ""),
    ("Tom has 20 marbles. 5 of them are red. What percentage of Tom's marbles are red?", 25, "percent"),
]


@pytest.mark.parametrize("text, value, unit", SHARES)
def test_a_share_of_a_whole_is_answered(text, value, unit):
    sol = read_percent_part(text)
    assert sol is not None and sol.answer == value and sol.unit == unit
    assert _value(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "There are 40 students in a class. 10 of them walk to school. What percent of the teachers walk to school?",
        "There are 40 students in a class. 10 of them walk to school. What percent of the students ride the bus?",
        "There are 40 students in a class. 10 of the girls walk to school. What percent of the students walk to school?",
        "Tom has 20 marbles. 5 of them are red. What percentage of Tom's marbles are blue?",
        "Tom has 20 marbles. 25 of them are red. What percentage of Tom's marbles are red?",
    ],
)
def test_a_share_the_story_does_not_settle_is_refused(text):
    assert read_percent_part(text) is None
