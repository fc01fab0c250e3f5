# ruff: noqa: E501  (problem texts are kept on one line each)
"""The schema reader's second pass (tutor.math.wordproblems.schemas): a change told in the rate's
own sentence, "in each one", amounts put in, the story's kind in the question, and the difference
asked of two stated amounts. Examples written here, not corpus rows."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math.wordproblems import WordProblemRefusal, try_word_problem
from tutor.math.wordproblems.schemas import read_schemas


@pytest.mark.parametrize(
    "text, value, schema",
    [
        # a change, then a rate, in one sentence: the rate's clause is cut from the change's
        (
            "Rosa picked 26 plums. She ate 2 plums and then packed the rest into bags with 4 plums in each bag. How many bags did she pack?",
            6,
            "change, then rate",
        ),
        # "in each one": a pronoun, not the number 1; the containers named before it
        (
            "Theo had 50 photos. He deleted 14 of them and put the rest into albums with 9 photos in each one. How many albums did Theo fill?",
            4,
            "change, then rate",
        ),
        # amounts put in: a gain, told with or without someone who puts them
        (
            "There are 12 cups on the tray. Omar put 7 more cups on the tray. How many cups are on the tray now?",
            19,
            "change",
        ),
        (
            "31 pears are in the crate. 9 more pears are put in the crate. How many pears are in the crate now?",
            40,
            "change",
        ),
        # "boxes of crayons" when the whole story is about crayons
        (
            "Mei was buying crayons for her class. She bought 4 boxes with each box having 8 sticks. How many sticks of crayons did she buy?",
            32,
            "rate",
        ),
        (
            "Lola was selling cookies at the fair. She sold 35 bags. Ravi sold 8 more bags than Lola. How many bags of cookies did Ravi sell?",
            43,
            "compare",
        ),
        # kinds counted under their family name ("fowls", "pupils", "flowers"), a place's "there"
        ("Ezra keeps 13 hens and 6 geese. How many fowls does Ezra keep?", 19, "combine"),
        ("A club has 21 girls and 17 boys. How many pupils are there in the club?", 38, "combine"),
        (
            "There are 4 tulips and 9 daisies in a pot. How many flowers are there in the pot in all?",
            13,
            "combine",
        ),
        (
            "Cora cooked 30 dumplings. She ate 8 dumplings. How many dumplings does Cora have now?",
            22,
            "change",
        ),
        # the difference of two stated measures, asked by its adjective
        (
            "The red tower stands at 120 ft and the blue tower stands at 95 ft. How much taller is the red tower than the blue tower?",
            25,
            "compare",
        ),
        # the price of what is wanted is the goal
        (
            "Pia saved $24. She wants to buy a lamp that costs $41. How much more money does Pia need?",
            17,
            "goal",
        ),
        # "tickets were 4 dollars each": a price per ticket
        ("At the fair, rides were 3 dollars each. Ola went on 5 rides. How much did she spend?", 15, "rate"),
        # a whole told as a total, the part not told asked
        (
            "Rhea spent a total of 80 dollars at the fair. She spent 35 dollars on rides and 20 dollars on food. How much did she spend on games?",
            25,
            "part-whole",
        ),
        # the difference of two stated amounts, whichever is larger
        (
            "Iris has 23 badges. Jon has 61 badges. What's the difference between Iris's badges and Jon's badges?",
            38,
            "difference",
        ),
        (
            "Kai spent 40 dollars. Now he has 15 dollars. What is the difference between the money he spent and the money he has now?",
            25,
            "difference",
        ),
    ],
)
def test_second_pass_readers(text, value, schema):
    ans = read_schemas(text)
    assert ans is not None, text
    assert (ans.value, ans.schema) == (Fraction(value), schema)
    sol = try_word_problem(text)
    assert sol is not None and Fraction(str(sol.answer)) == value
    assert "$$" in sol.steps[0]  # the equation comes first


@pytest.mark.parametrize(
    "text",
    [
        # the amount at the end is asked but never told: it must be worked out, not read off
        "Lisa had 10 candies. She gave 4 candies away. What is the difference between the candies she had at first and the candies she has now?",
        # three amounts: which two are meant is not read
        "Pia has 5 pens in her bag, 3 in her desk and 12 at home. What's the difference between the pens in her bag and the pens at home?",
        # a kind the story's facts are told of is not dropped from the question
        "Gus has 20 shirts. 8 of them are red shirts. How many shirts of wool does Gus have?",
        # a measure gained is no stated measure
        "A plant was 10 inches tall. It grew 3 inches. How much taller is it now than before?",
        # the total is asked, not a part
        "Rhea spent a total of 80 dollars at the fair. She spent 35 dollars on rides. How much did she spend in all?",
        # the parts told exceed the total
        "Rhea spent a total of 30 dollars at the fair. She spent 35 dollars on rides. How much did she spend on games?",
        # a kind outside the family asked about
        "Ezra keeps 13 hens and 6 cats. How many fowls does Ezra keep?",
        # one kind only: "there" in the vase does not count what is on the table
        "There are 5 roses in a vase. 3 roses are on the table. How many roses are there in the vase?",
        # "more" amounts that are not put anywhere are no gain
        "There are 12 cups on the tray. 7 more cups are on the shelf. How many cups are on the tray now?",
    ],
)
def test_second_pass_refusals(text):
    assert read_schemas(text) is None
    with pytest.raises(WordProblemRefusal):
        try_word_problem(text)


@pytest.mark.parametrize(
    "text, value",
    [
        # change due: one amount handed over, the prices paid out of it; cents as hundredths
        (
            "Noor gave the cashier $5.00. Her sandwich cost $3.25. How much change should Noor get?",
            Fraction(7, 4),
        ),
        ("Ivo had $2.40. He paid 65 cents for a pencil. How much change will he get?", Fraction(7, 4)),
        ("A kite costs $7.50. How much change does Sam get if he gives the seller $10?", Fraction(5, 2)),
    ],
)
def test_change_due_through_the_solver(text, value):
    """Through the front door (the worker's precheck): "$5.00" in a story is 5 dollars, not a
    math delimiter or a bare 5."""
    from tutor.math import solve

    sol = solve(text)
    assert sol.ok, text
    assert Fraction(str(sol.answer)) == value


def test_story_dollars_keep_their_word_and_latex_keeps_its_delimiters():
    from tutor.math.parse import precheck

    assert "7.50 dollars" in precheck(
        "A kite costs $7.50. How much change does Sam get if he gives the seller $10?"
    )
    assert precheck("Solve $2x + 3 = 7$") == "Solve  2x + 3 = 7"
    assert precheck("What is 15% of $80?") == "What is 15% of 80?"  # no story: as before


@pytest.mark.parametrize(
    "text",
    [
        # two amounts handed over: which one is the payment is not read
        "Noor had $5.00 and gave the cashier $10.00. Her sandwich cost $3.25. How much change should Noor get?",
        # a price per item: the count is not read by this reader
        "Ivo had $5.00. He paid 65 cents each for 3 pencils. How much change will he get?",
        # more spent than handed over
        "Ivo had $2.00. He paid $3.50 for a pen. How much change will he get?",
    ],
)
def test_change_due_refusals(text):
    from tutor.math import solve

    assert not solve(text).ok
