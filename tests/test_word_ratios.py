# ruff: noqa: E501  (problem texts are kept on one line each)
"""The ratio and proportion reader (tutor.math.wordproblems.ratios), from examples written here in
several phrasings: answered with the value, the unit and the equations shown; refused when the
answer is a ratio (not one number), a number or a sentence is not accounted for, or the question
names neither part."""

from __future__ import annotations

import pytest

from tutor.math import solve
from tutor.math.wordproblems.ratios import read_ratio


@pytest.mark.parametrize(
    "text, value, unit",
    [
        # one part told, the other asked
        (
            "The ratio of boys to girls in a class is 3:5. There are 24 boys. How many girls are there?",
            40,
            "girls",
        ),
        (
            "In a garden the ratio of roses to tulips is 2:7. If there are 14 tulips, how many roses are there?",
            4,
            "roses",
        ),
        (
            "The ratio of Mia's stamps to Leo's stamps is 9:4. Mia has 27 stamps. How many stamps does Leo have?",
            12,
            "stamps",
        ),
        (
            "At a zoo the ratio of lions to zebras was 1:6. If there were 5 lions, how many zebras were there?",
            30,
            "zebras",
        ),
        (
            "The ratio of the length of the red ribbon to the blue ribbon is 5:2. The red ribbon is 35 cm long. How long is the blue ribbon?",
            14,
            "cm",
        ),
        (
            "The weights of Ada and Bo are in the ratio 5:6. The weight of Ada is 40 kg. Find the weight of Bo.",
            48,
            "kg",
        ),
        (
            "In one week a shop sold 12 red bikes. If the ratio of red bikes to blue bikes sold was 4:1, how many blue bikes were sold?",
            3,
            "blue bikes",
        ),
        (
            "During a hike Ira walked for 20 minutes. If the ratio of time he walked to time he rested was 4:1, how many minutes did Ira rest?",
            5,
            "minutes",
        ),
        # a whole shared in the ratio
        ("Sam and Lia share 45 marbles in the ratio 4:5. How many marbles does Lia get?", 25, "marbles"),
        ("Ana and Ben split 36 cards in the ratio 7:5. How many cards does Ana get?", 21, "cards"),
        (
            "Liam and Noah share 30 dollars in the ratio 2:3. How much more does Noah get than Liam?",
            6,
            "dollars",
        ),
        (
            "Rita cut a ribbon 56 inches long into two pieces in the ratio 3:5. What is the length of the shorter piece?",
            21,
            "inches",
        ),
        # both together, or their difference
        (
            "The ratio of cats to dogs at a shelter is 3:2. There are 12 dogs. How many cats and dogs are there altogether?",
            30,
            "cats and dogs",
        ),
        (
            "A bakery sold 18 muffins. If the ratio of muffins to pies sold was 3:1, how many muffins and pies were sold in total?",
            24,
            "muffins and pies",
        ),
        (
            "The ratio of apples to oranges is 5:3. There are 10 more apples than oranges. How many oranges are there?",
            15,
            "oranges",
        ),
        (
            "The ratio of boys to girls is 3:5. There are 24 boys. How many more girls than boys are there?",
            16,
            "girls",
        ),
    ],
)
def test_ratio_stories_are_answered_with_the_equations(text, value, unit):
    sol = read_ratio(text)
    assert sol is not None, text
    assert sol.answer == value
    assert sol.unit == unit
    assert r"\frac{a}{b}" in sol.steps[0]  # the ratio as an equation, shown first
    assert sol.equations[-1].startswith(r"\text{answer}")


@pytest.mark.parametrize(
    "text, value",
    [
        ("If 3 pens cost $4.50, how much do 7 pens cost?", 10.5),
        ("Maria bought 4 notebooks for $10. How much would 10 notebooks cost?", 25),
        ("Tom paid $12 for 3 mugs. How much would 5 mugs cost?", 20),
    ],
)
def test_a_price_scaled_is_answered_in_dollars(text, value):
    sol = read_ratio(text)
    assert sol is not None and float(sol.answer) == value
    assert sol.unit == "dollars"
    assert "u" in sol.steps[0]  # the price of one, as an unknown


@pytest.mark.parametrize(
    "text, value, unit",
    [
        (
            "A recipe needs 3 eggs for every 2 cups of flour. How many eggs are needed for 10 cups of flour?",
            15,
            "eggs",
        ),
        (
            "A recipe uses 3 cups of sugar to make 24 cookies. How many cups of sugar are needed to make 60 cookies?",
            7.5,
            "cups of sugar",
        ),
        (
            "A printer prints 12 pages in 2 minutes. At this rate, how many pages will it print in 7 minutes?",
            42,
            "pages",
        ),
        (
            "A train travels 150 miles in 3 hours. At the same rate, how far will it travel in 5 hours?",
            250,
            "miles",
        ),
        (
            "It takes Omar 20 minutes to wash 4 cars. If he keeps washing at the same rate, how long will it take him to wash 10 cars?",
            50,
            "minutes",
        ),
    ],
)
def test_amounts_told_together_are_scaled(text, value, unit):
    sol = read_ratio(text)
    assert sol is not None, text
    assert float(sol.answer) == value and sol.unit == unit
    assert sol.equations[0].startswith(
        ("2 r", "24 r", "r =", "3 r", "4 r", "15 r")
    )  # the rate's equation first


@pytest.mark.parametrize(
    "text",
    [
        # more workers take less time: not a direct proportion
        "3 workers build a wall in 6 days. Working at the same rate, how many days would 9 workers take?",
        # the time grows with the area, not with the side
        "Kim can paint a square wall that is 3 meters on each side in 20 minutes. At the same rate, how many minutes will a wall 6 meters on each side take?",
        # only whole groups count; a count that comes out fractional
        "Ben gets 2 dollars for every 5 cans he recycles. How many dollars does he get for 23 cans?",
        "A recipe needs 2 cups of milk for 5 pancakes. At this rate, how many pancakes can be made with 3 cups of milk?",
        # no sign the amounts keep in step ("it takes 10 minutes to dry 1 shirt")
        "It takes 30 minutes to dry 2 shirts in the sun. How long does it take to dry 6 shirts?",
        # a third kind asked
        "A recipe needs 3 eggs for every 2 cups of flour. How many cups of milk are needed for 10 cups of flour?",
    ],
)
def test_amounts_not_in_step_are_refused(text):
    assert read_ratio(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # the answer is a ratio, not one number
        "The ratio of boys to girls is 3:5. There are 24 boys. What is the ratio of girls to boys?",
        "Nina has 12 red beads and 18 blue beads. What is the ratio of red beads to blue beads?",
        # a number not accounted for
        "The ratio of boys to girls is 3:5. There are 24 boys and 2 teachers. How many girls are there?",
        "If 3 pens cost $4.50 and a ruler costs $2, how much do 7 pens cost?",
        # a sentence with a quantity the reader did not place
        "The ratio of boys to girls is 3:5. There are 24 boys. Half of the girls wear hats. How many girls are there?",
        # the told amount names neither part, or the question asks about something else
        "The ratio of boys to girls is 3:5. There are 24 children. How many girls are there?",
        "The ratio of red to blue marbles is 2:3. There are 10 red marbles. How many green marbles are there?",
        "The ratio of boys to girls in a classroom is 3:5. If there are 4 more girls than boys, how many students are in the classroom?",
        # the parts may not make up the whole (eaten apples are among the bought ones)
        "The ratio of apples eaten to apples bought was 1:4. He ate 5 apples. How many apples were there in total?",
        # a change or another time: the ratio may not hold for the amount told
        "The ratio of boys to girls is 1:2. If 4 more boys join, how many girls are there?",
        "The ratio of boys to girls was 3:5 last year. There are 24 boys. How many girls are there?",
        # other items priced
        "If 3 pens cost $4.50, how much do 7 pencils cost?",
        # three parts
        "The ratio of red, blue and green balls is 2:3:4. There are 10 red balls. How many blue balls are there?",
    ],
)
def test_ratio_stories_not_accounted_for_are_refused(text):
    assert read_ratio(text) is None


def test_a_class_in_a_story_reaches_the_reader_while_code_is_still_refused():
    # "class" and "open" are everyday words in school stories; only code shapes are refused
    sol = solve("The ratio of boys to girls in a class is 3:5. There are 24 boys. How many girls are there?")
    assert sol.ok and sol.answer == 40
    for code in ("class Foo: pass", "class A(object): x = 1", 'open("/etc/passwd")', "import os"):
        assert not solve(code).ok


def test_the_front_door_answers_a_ratio_story():
    sol = solve(
        "The ratio of red cars to blue cars in a lot is 4:3. If there are 28 red cars, how many blue cars are there?"
    )
    assert sol.ok and sol.answer == 21
    assert "blue car" in sol.unit


# round 2: a ratio written "3 to 4", the tenses of irregular verbs matched (lose / lost, win / won,
# wins / losses), and a question whose verb the story never used refused


@pytest.mark.parametrize(
    "text, value",
    [
        ("The ratio of boys to girls in a class is 3 to 4. There are 12 boys. How many girls are there?", 16),
        (
            "A team won 30 games. The ratio of games won to games lost was 5:2. How many games did the team lose?",
            12,
        ),
        ("A team won 30 games. The ratio of wins to losses was 5:2. How many games did the team lose?", 12),
        (
            "A team lost 12 games. The ratio of games won to games lost was 5 to 2. How many games did the team win?",
            30,
        ),
        (
            "A shop sold 40 red pens. The ratio of red pens sold to blue pens sold was 4 to 3. How many blue pens did the shop sell?",
            30,
        ),
    ],
)
def test_ratio_in_words_and_verb_tenses(text, value):
    sol = read_ratio(text)
    assert sol is not None, text
    assert sol.answer == value


@pytest.mark.parametrize(
    "text",
    [
        # pens sold, pens bought asked
        "A shop sold 40 red pens. The ratio of red pens sold to blue pens sold was 4 to 3. How many blue pens did the shop buy?",
        # the ratio held last year
        "A team won 30 games. The ratio of games won to games lost was 5:2 last year. How many games did the team lose?",
        # "3 to 4" that is not the ratio's value: a time span
        "The ratio of boys to girls is 3:4. The class meets from 3 to 4. How many girls are there?",
    ],
)
def test_ratio_verbs_not_in_the_story_are_refused(text):
    assert read_ratio(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Boys and girls are in the ratio 3:4 in a class. There are 16 girls. How many boys are in the class?",
            12,
        ),
        (
            "A recipe uses flour and sugar in the ratio 5:2. If 10 cups of flour are used, how many cups of sugar are used?",
            4,
        ),
        (
            "Paint is mixed from red and white in the ratio 1:4. Ann used 3 liters of red. How much white did she use?",
            12,
        ),
    ],
)
def test_two_nouns_in_a_ratio(text, value):
    sol = read_ratio(text)
    assert sol is not None, text
    assert sol.answer == value


def test_two_nouns_in_a_ratio_with_an_unnamed_amount_are_refused():
    text = "Boys and girls are in the ratio 3:4 in a class. There are 16 teachers. How many boys are in the class?"
    assert read_ratio(text) is None
