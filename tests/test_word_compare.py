# ruff: noqa: E501  (stories, one a line)
"""The comparison readers (tutor/math/wordproblems/compare_measures.py, compare_items.py): stories
written here, several phrasings per structure, answered with their value and the equations shown;
refused when a sentence cannot be read, a pronoun or a question could mean two things, or a kind
told but not asked about could be among the asked ones."""

from __future__ import annotations

import pytest
from sympy import Rational

from tutor.math.wordproblems import readers
from tutor.math.wordproblems.compare_items import read_item_comparison
from tutor.math.wordproblems.compare_measures import read_measure_comparison
from tutor.math.wordproblems.comparisons import read_comparison

MEASURES = [
    # a measure, and another told by how much taller / longer / farther / lighter it is
    ("Sam is 175 cm tall. John is 20 cm taller than Sam. How tall is John?", 195, "cm", "m_{1} = m_{0} + 20"),
    ("Sara is 150 cm tall. Mia is 12 cm shorter than Sara. How tall is Mia?", 138, "cm", "m_{1} = m_{0} - 12"),
    ("The red rope is 25 feet long. The blue rope is 15 feet longer than the red rope. How long is the blue rope?",
     40, "feet", "m_{1} = m_{0} + 15"),
    ("The grasshopper and the frog had a jumping contest. The grasshopper jumped 25 inches. The frog jumped "
     "15 inches farther than the grasshopper. How far did the frog jump?", 40, "inches", "m_{1} = m_{0} + 15"),
    ("Jill ran 5 miles. Jack ran 3 miles farther than Jill. How many miles did Jack run?", 8, "miles",
     "m_{1} = m_{0} + 3"),
    ("The kangaroo jumped 9 feet. The rabbit jumped 6 feet less than the kangaroo. How far did the rabbit jump?",
     3, "feet", "m_{1} = m_{0} - 6"),
    ("A box weighs 40 kg. A bag weighs 15 kg less than the box. How much does the bag weigh?", 25, "kg",
     "m_{1} = m_{0} - 15"),
    ("The box weighs 40 kg. The bag is 15 kg lighter than the box. How heavy is the bag?", 25, "kg",
     "m_{1} = m_{0} - 15"),
    # a possession measured, and "than Mindy's"
    ("Mindy's toothbrush is 17 centimeters long. Cesar's toothbrush is 1 centimeter longer than Mindy's. "
     "How long is Cesar's toothbrush?", 18, "cm", "m_{1} = m_{0} + 1"),
    ("Richard and Bruno played miniature golf. Richard's score was 62. Bruno's score was 14 points lower than "
     "Richard's score. What was Bruno's score?", 48, "points", "m_{1} = m_{0} - 14"),
    # the difference asked, in several forms, the statements before or inside the question
    ("Mount Ash is 4500 m high. Mount Birch is 3900 m high. How much higher is Mount Ash than Mount Birch?",
     600, "m", "m_{1} = 3900"),
    ("If the oak is 20 m tall and the pine is 26 m tall, how much taller is the pine than the oak?", 6, "m",
     "m_{0} = 20"),
    ("The oak is 20 m tall and the pine is 26 m tall. How much shorter is the oak than the pine?", 6, "m",
     "m_{1} = 26"),
    ("Rob compared the towers. What is the height difference between the two if the north tower is 443 m tall "
     "and the south tower is 452 m tall?", 9, "m", "m_{0} = 443"),
    ("Sam is 175 cm tall. John is 20 cm taller than Sam. What is the difference in height between Sam and John?",
     20, "cm", "m_{1} = m_{0} + 20"),
    # money saved or spent, and prices, compared (exact decimals; "than the first": the first present)
    ("Nick saved $68.50. Lee saved $25.43 less than Nick. How much did Lee save?", Rational(4307, 100), "dollars",
     r"m_{1} = m_{0} - \frac{2543}{100}"),
    ("Nick saved $68.50. If Nick saved $25.43 more than Lee, how much did Lee save?", Rational(4307, 100),
     "dollars", r"m_{0} = m_{1} + \frac{2543}{100}"),
    ("Nick saved $68.50 and Lee saved $43.07. How much more money did Nick save?", Rational(2543, 100), "dollars",
     r"m_{1} = \frac{4307}{100}"),
    ("A shirt costs $18. A jacket costs $7 more than the shirt does. How much does the jacket cost?", 25,
     "dollars", "m_{1} = m_{0} + 7"),
    ("A shirt costs $18. The jacket is $7 more expensive than the shirt. How much does the jacket cost?", 25,
     "dollars", "m_{1} = m_{0} + 7"),
    ("A shirt costs $18. The cap is $7 cheaper than the shirt. How much does the cap cost?", 11, "dollars",
     "m_{1} = m_{0} - 7"),
    ("The first present cost $18. The second present cost $7 more than the first. How much did the second present "
     "cost?", 25, "dollars", "m_{1} = m_{0} + 7"),
    # a fully read statement about another thing stands beside the answer
    ("Sam is 175 cm tall. John is 20 cm taller than Sam. Ann is 5 cm shorter than Sam. How tall is John?",
     195, "cm", "m_{2} = m_{0} - 5"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "unit", "equation"), MEASURES)
def test_answers_measures_compared_with_their_equations(text, value, unit, equation):
    sol = read_measure_comparison(text)
    assert sol is not None, text
    assert (sol.answer, sol.unit) == (value, unit)
    assert equation in sol.equations
    assert sol.steps[0].startswith("The equations the story gives") and "$$" in sol.steps[0]


MEASURES_REFUSED = [
    # the question asks a negative difference, or who (not how much)
    "The oak is 20 m tall and the pine is 26 m tall. How much taller is the oak than the pine?",
    "Sam is 175 cm tall. John is 20 cm taller than Sam. Who is taller?",
    # a pronoun as the thing measured; a thing never told
    "Sam is 175 cm tall. He is 20 cm taller than John. How tall is John?",
    "Sam is 175 cm tall. John is 20 cm taller than Sam. How tall is Ann?",
    # two units, two kinds of measure, a verb the question does not use
    "Sam is 175 cm tall. John is 2 m taller than Sam. How tall is John?",
    "Sam is 175 cm tall. John weighs 20 kg. How tall is John?",
    "The tower is 300 m tall. The hill is 200 m long. What is the height difference between the two?",
    "Tom jumped 5 feet. Ann jumped 2 feet farther than Tom. How far did Ann run?",
    # a change, or a condition, the reader does not follow
    "Sam is 175 cm tall. John is 20 cm taller than Sam. Then John grew 3 cm. How tall is John?",
    "The box weighs 40 kg. The bag weighs 15 kg more than the box when full. How heavy is the bag?",
    # a scene-setting sentence that measures something
    "The ladder is long. Sam is 175 cm tall. John is 20 cm taller than Sam. How tall is John?",
    # money: a negative difference, a tense the story did not use, two units, two verbs, a thing never told
    "Nick saved $68.50 and Lee saved $43.07. How much less did Nick save?",
    "Nick saved $68. Lee saved $20 more than Nick. How much does Lee save?",
    "A shirt costs $18. A jacket costs 7 cents more than the shirt. How much does the jacket cost?",
    "Nick saved $68. Lee spent $20 more than Nick. How much did Lee spend?",
    "A shirt costs $18. Tom saved $7 more than the shirt. How much did Tom save?",
    "The first present cost $18. The second present cost $7 more than the first. How much did the third present cost?",
    "Nick saved 68 dollars. Lee saved 20 dollars more than Nick. Ann saved 5 dollars more than Lee. How much more did Ann save?",
    # a numberless sentence after the measures
    "Sam is 175 cm tall. John is 20 cm taller than Sam. John stood on a chair. How tall is John?",
    # heights added up: not a total a story means
    "The pole is 5 m tall. The tree is 3 m taller than the pole. How tall are they together?",
]


@pytest.mark.parametrize("text", MEASURES_REFUSED)
def test_refuses_measures_it_cannot_account_for(text):
    assert read_measure_comparison(text) is None


ITEMS = [
    # kinds of thing of one holder or one place: the difference asked
    ("A baker made 43 cakes and 114 pastries. How many more pastries than cakes did he make?", 71, "pastries",
     "n_{1} = 114"),
    ("The baker made 8 cakes. He made 139 pastries. How many more pastries than cakes did he make?", 131,
     "pastries", "n_{0} = 8"),
    ("There are 7 short trees and 13 tall trees in the park. How many more tall trees than short trees are in "
     "the park?", 6, "tall trees", "n_{1} = 13"),
    ("In a school there are 542 girls and 387 boys. How many more girls than boys are there in the school?",
     155, "girls", "n_{0} = 542"),
    ("Paul had 50 books. He had 14 more books than pens. How many pens did he have?", 36, "pens",
     "n_{0} = n_{1} + 14"),
    # a total of compared kinds asked as their common kind
    ("There are 42 boys in the computer club. There are 9 fewer girls than boys in the club. How many children "
     "are in the club altogether?", 75, "children", "n_{1} = n_{0} - 9"),
    ("A farmer has 42 cows. He has 9 more pigs than cows. How many animals does he have in all?", 93, "animals",
     "n_{1} = n_{0} + 9"),
    ("The farm has 25 cows and 8 more sheep than cows. How many animals does the farm have?", 58, "animals",
     "n_{1} = n_{0} + 8"),
    ("Zara bought 3 snowflake stamps. She bought 5 more truck stamps than snowflake stamps, and 2 fewer rose "
     "stamps than truck stamps. How many stamps did Zara buy in all?", 17, "stamps", "n_{2} = n_{1} - 2"),
    # two holders' tallies of one kind, the other holder implied when there is just one
    ("Ella scored 45 points and Sara scored 33 points. How many more points did Ella score?", 12, "points",
     "n_{1} = 33"),
    ("The Lions scored 45 points. The Tigers scored 33 points. How many fewer points did the Tigers score?", 12,
     "points", "n_{0} = 45"),
    ("Kevin collected 45 stamps while Simon collected 27 stamps. How many more stamps did Kevin collect than "
     "Simon?", 18, "stamps", "n_{1} = 27"),
    # a numberless scene before the amounts
    ("The Lions and the Tigers played a game. The Lions scored 45 points. The Tigers scored 33 points. How many "
     "more points did the Lions score?", 12, "points", "n_{1} = 33"),
    ("Tom went to the market. Tom bought 12 apples and 5 more pears than apples. How many fruits did Tom buy?",
     29, "fruits", "n_{1} = n_{0} + 5"),
    # one "than" for two comparisons; the difference between two kinds' numbers
    ("Jake has 6 fewer peaches and 8 more apples than Steven. Steven has 18 peaches and 10 apples. How many "
     "peaches does Jake have?", 12, "peaches", "n_{2} = n_{3} + 8"),
    ("There are 6 birds and 3 nests. What is the difference between the number of birds and nests?", 3, "",
     "n_{1} = 3"),
    ("There are 6 birds and 3 nests. What's the difference of the number of birds and nests over there?", 3, "",
     "n_{0} = 6"),
    ("Tom has 9 cards and 4 stamps. What's the difference between the number of cards and the number of stamps?",
     5, "", "n_{1} = 4"),
    # "31 red and 15 green balloons" says balloons once; a holder of two words
    ("Sara has 31 red and 15 green balloons. How many more red balloons than green balloons does she have?", 16,
     "red balloons", "n_{1} = 15"),
    ("A pet store has 12 puppies and 5 kittens. How many more puppies than kittens does the pet store have?", 7,
     "puppies", "n_{0} = 12"),
    ("There were 58 geese and 37 ducks in the marsh. How many more geese were there than ducks?", 21, "geese",
     "n_{1} = 37"),
    # the kind said once for two holders; "was able to collect"
    ("Tom has 12 apples and Ann has 5. How many more apples does Tom have than Ann?", 7, "apples", "n_{1} = 5"),
    ("Kevin was able to collect 45 stamps while Simon was only able to collect 27. How many more stamps did Kevin "
     "collect?", 18, "stamps", "n_{1} = 27"),
    # chains, forward references and a fully read comparison about another holder (a distractor)
    ("Jake has 18 peaches. Jake has 5 more peaches than Steven. How many peaches does Steven have?", 13,
     "peaches", "n_{0} = n_{1} + 5"),
    ("Mary has 5 more dolls than Jane. Jane has 12 dolls. How many dolls do they have together?", 29, "dolls",
     "n_{0} = n_{1} + 5"),
    ("Adam has 29 marbles in his collection. Mary has 11 fewer marbles than Adam. Greg has 14 more marbles "
     "than Adam. How many marbles does Greg have?", 43, "marbles", "n_{2} = n_{0} + 14"),
    ("Lucy picked 35 apples. Her brother picked 8 more apples than Lucy. How many apples did her brother pick?",
     43, "apples", "n_{1} = n_{0} + 8"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "unit", "equation"), ITEMS)
def test_answers_kinds_and_holders_compared_with_their_equations(text, value, unit, equation):
    sol = read_item_comparison(text)
    assert sol is not None, text
    assert (sol.answer, sol.unit) == (value, unit)
    assert equation in sol.equations
    assert f"**{value} {unit}".strip() + "**" in sol.steps[-1]


ITEMS_REFUSED = [
    # two pronouns, two holders: which one?
    "He has 5 apples. She has 8 more pears than apples. How many more pears than apples does he have?",
    "Tom has 20 apples. Ann has 5 more apples than Tom. How many more apples does she have?",
    # a verb, a tense or a place the story did not use
    "A baker made 8 cakes and 139 pastries. He sold 100 pastries. How many more pastries than cakes did he make?",
    "A baker made 8 cakes and 139 pastries. How many more pastries than cakes did he sell?",
    "There were 36 willows and 47 oaks in the park. How many more oaks than willows are there?",
    "There are 36 willows and 47 oaks in the park. How many more oaks than willows are there in the forest?",
    "There are 20 girls in the class. There are 4 more boys than girls in the gym. How many children are in the class?",
    # a negative difference; a kind that may be among the others; a kind outside the asked total
    "There are 36 willows and 47 oaks in the park. How many more willows than oaks are there?",
    "Tom has 5 apples and 8 red apples. How many more red apples than apples does he have?",
    "Tom has 5 apples, 8 pears and 3 fruits. How many more pears than apples does he have?",
    "There are 42 boys and 9 fewer girls than boys in the club. There are 3 toddlers. How many children are in the club?",
    # not settled: the parts of a whole never told; a comparison without "than"
    "There are 20 students. There are 4 more girls than boys. How many girls are there?",
    "Ella scored 45 points. Sara scored 4 more points. How many points did they score in total?",
    "Ella scored 45 points. She scored 4 more points in the second game. How many points did she score in total?",
    # the difference between a kind and another holder's, or kinds never told
    "Tom has 6 birds. Ann has 3 nests. What is the difference between the number of birds and nests?",
    "There are 6 birds and 3 nests. What is the difference between the number of birds and eggs?",
    # "31 red and 15 balloons": are the red ones balloons among the 15?
    "Sara has 31 red and 15 balloons. How many more red balloons than balloons does Sara have?",
    # a number without its kind after two kinds: which one?
    "Kevin collected 45 stamps and 3 coins while Simon collected 27. How many more stamps did Kevin collect than Simon?",
    # a total of one kind of one holder: which total?
    "Tom has 5 apples and 8 pears. How many more pears than apples does he have altogether?",
    # a scene with a time on one side only
    "The Lions scored 45 points in the first half. The Tigers scored 33 points. How many more points did the Lions score?",
    # a numberless sentence that changes what is held, or one between the amounts
    "Tom ate all his apples. Tom has 12 apples and 5 more pears than apples. How many pears does Tom have?",
    "Tom has 12 apples. Ann was happy. Ann has 5 more apples than Tom. How many apples does Ann have?",
    # a story that changes what is held
    "Tom has 20 apples. Ann has 5 more apples than Tom. Then she gave 3 apples away. How many apples does Ann have?",
]


@pytest.mark.parametrize("text", ITEMS_REFUSED)
def test_refuses_comparisons_it_cannot_account_for(text):
    assert read_item_comparison(text) is None


def test_a_difference_question_is_not_read_as_an_amount():
    """ "How many more apples does she have?" asks a difference: the amount reader no longer reads
    "more apples" as the thing counted (it answered 25, Ann's apples)."""
    assert (
        read_comparison(
            "Tom has 20 apples. Ann has 5 more apples than Tom. How many more apples does she have?"
        )
        is None
    )
    assert (
        read_comparison(
            "Tom has 20 apples. Ann has 5 more apples than Tom. How many apples does Ann have?"
        ).answer
        == 25
    )


def test_registered_as_readers_and_answer_through_the_front_door():
    from tutor.math import solve

    assert read_item_comparison in readers.READERS and read_measure_comparison in readers.READERS
    sol = solve("Sam is 175 cm tall. John is 20 cm taller than Sam. How tall is John?")
    assert sol.ok and sol.answer == 195
    assert "m_{1} = m_{0} + 20" in sol.steps[0]
    sol = solve(
        "A baker made 43 cakes and 114 pastries. How many more pastries than cakes did the baker make?"
    )
    assert sol.ok and sol.answer == 71
