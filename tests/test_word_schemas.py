# ruff: noqa: E501  (problem texts are kept on one line each)
"""The schema reader (tutor.math.wordproblems.schemas), each schema from examples written here
(not corpus rows), its refusals, and precision on a fixed development sample of ASDiv."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math.wordproblems import WordProblemRefusal, try_word_problem
from tutor.math.wordproblems.schemas import read_schemas


@pytest.mark.parametrize(
    "text, value, schema",
    [
        # combine: one thing, counted in parts, asked in all
        (
            "Priya baked 14 muffins in the morning and 9 muffins after lunch. How many muffins did she bake in all?",
            23,
            "combine",
        ),
        (
            "Omar collected 31 stickers. Lena collected 12 stickers. How many stickers did they collect altogether?",
            43,
            "combine",
        ),
        (
            "Ines painted 6 fences on Monday and 5 on Tuesday. How many fences did she paint in total?",
            11,
            "combine",
        ),
        # change: a start, gains and losses; the end, or one change asked
        (
            "Bruno had 40 marbles. He lost 12 marbles at school and found 5 marbles at home. How many marbles does he have left?",
            33,
            "change",
        ),
        (
            "Yuki had 25 postcards. Her uncle gave her 8 more postcards. How many postcards does she have now?",
            33,
            "change",
        ),
        (
            "Tariq had 52 crackers. After snack time he had 37 crackers left. How many crackers did Tariq eat?",
            15,
            "change",
        ),
        ("Nadia had 18 shells. Now she has 30 shells. How many shells did she find?", 12, "change"),
        # compare: more / fewer than, and how many more
        (
            "Felix has 17 kites. Greta has 6 more kites than Felix. How many kites does Greta have?",
            23,
            "compare",
        ),
        (
            "Hugo read 44 comics. Ida read 9 fewer comics than Hugo. How many comics did Ida read?",
            35,
            "compare",
        ),
        (
            "Jonas owns 61 coins. Kemal owns 48 coins. How many more coins does Jonas have than Kemal?",
            13,
            "compare",
        ),
        # rate: so many per one; multiply, divide, ceiling when "needed"
        ("A bakery packs 12 rolls in each bag. It filled 7 bags. How many rolls did it pack?", 84, "rate"),
        ("Each crate holds 9 melons. Rosa has 63 melons. How many crates does she need?", 7, "rate"),
        (
            "Each van can carry 8 campers. There are 30 campers. How many vans are needed to carry all the campers?",
            4,
            "rate",
        ),
        (
            "Leo sold his old comics for 3 dollars each. He sold 15 comics. How much money did he earn?",
            45,
            "rate",
        ),
        # equal sharing
        (
            "Mira has 56 beads. She shares them equally among 8 friends. How many beads does each friend get?",
            7,
            "sharing",
        ),
        ("Pablo split 29 cards evenly between 4 cousins. How many cards are left over?", 1, "sharing"),
        # a tally of one verb, asked with that verb
        ("Nora jogged 4 miles on Monday and 6 miles on Friday. How many miles did Nora jog?", 10, "combine"),
        # the start asked, from the changes and the end
        (
            "Tess gave away 12 stamps. Now she has 30 stamps left. How many stamps did Tess have at first?",
            42,
            "change",
        ),
        # N times as many, both ways
        (
            "Sam has 4 kites. Ravi has 3 times as many kites as Sam. How many kites does Ravi have?",
            12,
            "compare",
        ),
        ("Uma has 18 pens. She has twice as many pens as Lars. How many pens does Lars have?", 9, "compare"),
        # part-whole: the rest named, or the part not doing what the others do
        (
            "A farm has a total of 40 animals. 15 of them are cows and 9 of them are goats, the rest are pigs. How many pigs are there?",
            16,
            "part-whole",
        ),
        ("A tank had 30 fish. 12 were sleeping. How many fish were not sleeping?", 18, "part-whole"),
        # a goal and the progress towards it
        (
            "Ivy needs 50 points to win the prize. She scored 18 points in the first round. She scored 20 points in the second round. How many more points does she need?",
            12,
            "goal",
        ),
        # two steps: a rate, then a change; a change, then a rate
        (
            "Omar has 3 boxes with 8 crayons in each box. He gave away 5 crayons. How many crayons does he have left?",
            19,
            "change after a rate",
        ),
        (
            "Pia bought 50 stickers. She lost 8 stickers. She puts 6 stickers on each page. How many pages can she fill?",
            7,
            "change, then rate",
        ),
        # prices: each count at its thing's price (the counts may be in the question)
        (
            "A ruler costs $2 and a notebook costs $5. How much do 3 rulers and 4 notebooks cost?",
            26,
            "unit prices",
        ),
        ("A kite costs 7 dollars. Rami bought 3 kites. How much money did he spend?", 21, "rate"),
        # a goal told after the progress, and a capacity
        (
            "Bela has 14 badges. She needs 40 badges to earn a trophy. How many more badges does Bela need?",
            26,
            "goal",
        ),
        (
            "A shelf holds 60 jars. There are 45 jars on the shelf. How many more jars can be put on the shelf?",
            15,
            "goal",
        ),
        # whole ones each when it does not come out even (the rest is left over)
        (
            "Dina shares 10 grapes equally among 4 friends. How many grapes does each friend get?",
            2,
            "sharing",
        ),
    ],
)
def test_each_schema_reads_its_story(text, value, schema):
    ans = read_schemas(text)
    assert ans is not None, text
    assert (ans.value, ans.schema) == (Fraction(value), schema)
    sol = try_word_problem(text)
    assert sol is not None and Fraction(str(sol.answer)) == value
    assert sol.steps[0].startswith("The ") and "$$" in sol.steps[0]  # the equation comes first


@pytest.mark.parametrize(
    "text",
    [
        # a number that does not enter the answer (a distractor)
        "Wanda swam 30 meters on Monday. She swam 25 meters on Tuesday. The pool is 50 meters long. How many meters did Wanda swim in all?",
        # a part taken "of them" is not known to be added or removed
        "Xavi had 50 plums. He picked 20 of them. How many plums does he have now?",
        # a modifier the story never gives ("good" shells)
        "Ada found 20 shells and Bea found 15 shells. 6 were cracked. How many good shells did they find together?",
        # a pattern to continue is not a sum
        "A farm sold 3 pies on Monday, 5 pies on Tuesday and 9 pies on Wednesday. If this pattern continues, how many pies will it sell on Thursday?",
        # the question's thing is not the story's thing
        "Cleo bought 12 apples and 7 pears. How many oranges did she buy in all?",
        # no word says the grapes are shared out equally
        "Dina has 10 grapes and 4 friends. How many grapes does each friend get?",
        # who picked the sticks up is not the place they were in: the yard's first amount is not
        # the picker's (a reading of "picked up" as the picker's gain would say 61 - 38)
        "Will picked up 38 sticks but there were still 61 left. How many sticks were originally in the yard?",
        # classes found on GSM8K train (not in the split), each refused rather than misread:
        # "N times more than" (N times as many, or N + 1 times?)
        "Kim has 3 times more shells than Lee. Lee has 10 shells. How many shells does Kim have?",
        # "split with his 3 brothers": the one who splits shares too
        "Dev has 24 grapes to split with his 3 brothers. How many grapes does each brother get?",
        # the rate is per wheel, the count is of bicycles
        "Each bicycle wheel has 10 spokes. There are 4 bicycles in the shed. How many spokes are there in all?",
        # a daily amount asked for a week
        "Each tablet has 20 mg of iron. The daily dose is 60 mg. How many tablets does Rui need for the week?",
        # the 12 games are the two players' together, not Bo's
        "Ann and Bo played 12 games. Ann won 4 more games than Bo. How many games did Ann win?",
        # a question's number must name its thing ("a family of 8")
        "Each pie is cut into 8 slices. 20 slices feed a team. How many pies feed a family of 8?",
        # a "more" question whose difference would be negative
        "Eli has 5 caps. Fay has 9 caps. How many more caps does Eli have than Fay?",
    ],
)
def test_refuses_what_no_schema_accounts_for(text):
    assert read_schemas(text) is None
    with pytest.raises(WordProblemRefusal):
        try_word_problem(text)


def test_a_fraction_of_that_is_not_a_schema_but_the_chain_reads_it():
    # a fraction word is an amount the schema reader does not take; the multi-step reader takes
    # "two-thirds of that" as of the amount just told (30 - 20 = 10)
    text = "Ari has 30 dollars. He spends two-thirds of that. How much money does he have left?"
    assert read_schemas(text) is None
    assert try_word_problem(text).answer == 10


def test_no_wrong_answer_on_a_fixed_development_sample():
    """The first 300 ASDiv development rows (by id): every answer the engine gives is right.
    Fails as soon as one wrong answer appears."""
    from bench.bench_words import answer_value, gold_value
    from bench.make_word_split import rows
    from tutor.math import solve

    sample = sorted(rows("asdiv", "dev"), key=lambda r: r["id"])[:300]
    answered = wrong = 0
    for r in sample:
        sol = solve(r["text"])
        if not sol.ok:
            continue
        answered += 1
        if gold_value(r["gold"]) != answer_value(sol):
            wrong += 1
    assert wrong == 0
    assert answered >= 30  # the sample does exercise the readers
