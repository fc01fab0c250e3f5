# ruff: noqa: E501  (problem texts are kept on one line each)
"""The schema reader's third pass (wordsd, issue 25): the change the story leaves unsaid ("some"),
and the other classes added this pass. Examples written here in several phrasings, not corpus
rows; each answered one shows its value and its equation, each refused one says why."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math.wordproblems import WordProblemRefusal, try_word_problem
from tutor.math.wordproblems.schemas import read_schemas


def _answered(text: str, value, equation: str | None = None):
    ans = read_schemas(text)
    assert ans is not None, text
    assert ans.value == Fraction(value), (text, ans)
    if equation is not None:
        assert equation in ans.equation, ans.equation
    sol = try_word_problem(text)
    assert sol is not None and Fraction(str(sol.answer)) == Fraction(value)
    assert "$$" in sol.steps[0]  # the equations come first
    return ans


def _refused(text: str):
    assert read_schemas(text) is None, text
    with pytest.raises(WordProblemRefusal):
        try_word_problem(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # a loss by someone else, from the holder's things
        (
            "Greta had 40 stickers in her album. Her brother took some of her stickers. Now she has 23 stickers. How many stickers did her brother take?",
            17,
            "40 - x = 23",
        ),
        # a gain by the holder, the end in the same sentence
        (
            "Omar put 15 marbles in a jar. He found some more marbles and now he has 32 marbles. How many more did he find?",
            17,
            "15 + x = 32",
        ),
        # comings to a place, "some" as the subject
        (
            "There are 30 ducks on the pond. Some more ducks joined them. Now there are 47 ducks on the pond. How many ducks joined them?",
            17,
            "30 + x = 47",
        ),
        # a passive loss
        (
            "Twelve cups were on the shelf. Some of the cups were broken. Now there are 9 cups. How many cups were broken?",
            3,
            "12 - x = 9",
        ),
        # given to the holder ("gave her some")
        (
            "Mina had 8 shells. Her aunt gave her some shells. Now Mina has 20 shells in all. How many shells did Mina's aunt give her?",
            12,
            "8 + x = 20",
        ),
        # "had to add"
        # the untold change beside a told one: 40 - x + 5 = 23
        (
            "Greta had 40 stickers. Her brother took some of her stickers and she bought 5. Now she has 23 stickers. How many stickers did her brother take?",
            22,
            "- x = 23",
        ),
        (
            "Leo built a wall with 25 bricks. He added some more bricks and now he has 61 bricks. How many did he have to add?",
            36,
            "25 + x = 61",
        ),
    ],
)
def test_unknown_change(text, value, equation):
    ans = _answered(text, value, equation)
    assert ans.schema == "change"


@pytest.mark.parametrize(
    "text, value",
    [
        # the untold change read from the holder's side: "gave him some" is what he got
        (
            "Rafa had 12 coins. His uncle gave him some more. Then Rafa had 30 coins. How many coins did Rafa get from his uncle?",
            18,
        ),
        (
            "Ines had 9 beads. She got some more to add to her necklace and now she has 25 beads. How many did she add to her necklace?",
            16,
        ),
    ],
)
def test_unknown_change_same_direction(text, value):
    _answered(text, value)


@pytest.mark.parametrize(
    "text",
    [
        # the amounts say a gain, the verb a loss: the story contradicts itself
        "Greta had 20 stickers. Her brother took some of her stickers. Now she has 23 stickers. How many stickers did her brother take?",
        # the question asks another change than the one told
        "Omar had 15 marbles. He found some more marbles and now he has 32 marbles. How many marbles did he lose?",
        # the end is not told as the end (no "now", "left"): which amount is it?
        "Omar had 15 marbles. He found some more marbles. Ana has 32 marbles. How many more did he find?",
        # two unknown changes
        "Omar had 15 marbles. He found some marbles and lost some marbles. Now he has 32 marbles. How many did he find?",
        # "took some" without saying from whom: for himself, or from the holder?
        "Lia had 10 pens. Max took some pens. Now Lia has 4 pens. How many pens did Max take?",
    ],
)
def test_unknown_change_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text",
    [
        # the change asked is one the story states (4 found): the untold one is the loss
        "Tom had 15 shells. He found 4 shells and lost some. Now he has 20 shells. How many shells did he find?",
        # two untold changes
        "Tom had 15 shells. He found some shells and lost some shells. Now he has 20 shells. How many shells did he find?",
    ],
)
def test_change_asks_the_untold_change(text):
    """The change schema (before this pass it answered 1 and 5 here): the asked change must be the
    one the story leaves untold."""
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # "in each of his 9 bookshelves": the 9 is the count, not a rate "per of"; compound plurals
        (
            "Nadia keeps 24 jars in each of her 6 cupboards. How many jars does she keep in total?",
            144,
            "6 \\times 24",
        ),
        (
            "If there are 15 books on each of the 8 bookshelves, how many books are there in all?",
            120,
            "8 \\times 15",
        ),
        # ", each having / each containing N": per the thing counted just before
        (
            "The album has 12 pages, each having 6 photos. How many photos does the album have in total?",
            72,
            "12 \\times 6",
        ),
        (
            "Kofi carried 4 crates, each containing 25 melons. How many melons did Kofi carry?",
            100,
            "4 \\times 25",
        ),
        # and then one more step: 12 x 6 photos and 3 more
        (
            "The album has 12 pages, each having 6 photos, and 3 loose photos. How many photos does the album have in all?",
            75,
            "x = 72 + 3",
        ),
        # a container named in two words ("in each flower bed")
        (
            "Vera planted 42 bulbs. She put 7 bulbs in each flower bed. How many flower beds did she use?",
            6,
            "42 \\div 7",
        ),
        # things arriving, told in the present tense
        (
            "There are 9 gulls on the pier. Six more gulls land on the pier. How many gulls are on the pier?",
            15,
            "9 + 6",
        ),
        (
            "Fourteen frogs are croaking. Five more frogs start to croak. How many frogs are croaking?",
            19,
            "14 + 5",
        ),
        # the question takes the sharing as equal; the division comes out whole
        (
            "Ravi had 96 cards. He placed the cards into 8 piles. How many cards are in each pile?",
            12,
            "96 \\div 8",
        ),
        (
            "If Jo puts her 45 stamps into 5 envelopes, how many stamps would be in each envelope?",
            9,
            "45 \\div 5",
        ),
    ],
)
def test_rates_and_sharing_read_more_phrasings(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # the division does not come out whole and the sharing is not said to be equal
        "Ravi had 97 cards. He placed the cards into 8 piles. How many cards are in each pile?",
        # "in each" asked of a thing the story does not count
        "Ravi had 96 cards and 8 friends. How many cards are in each box?",
        # gulls on another place
        "There are 9 gulls on the pier. Six more gulls are on the roof. How many gulls are on the pier now?",
        # a number the story states, asked back: the rate is not used
        "Kofi carried 4 crates, each containing 25 melons. How many crates did Kofi carry?",
    ],
)
def test_rates_and_sharing_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # "how many would each friend get": the thing shared, not the friends
        ("Ada wants to share 40 stickers among 8 friends. How many would each friend get?", 5, "40 \\div 8"),
        (
            "27 plums are being shared equally among 5 children. How many does each child get?",
            5,
            "\\lfloor 27 \\div 5",
        ),
        # a container's capacity told with "a" / "an": need (ceiling), full ones (floor)
        (
            "A crate can hold 12 bottles. If Lin buys 100 bottles, how many crates does she need?",
            9,
            "\\lceil 100 / 12",
        ),
        (
            "There are 130 guests at a wedding. If a table can seat 8 guests, how many tables do they need?",
            17,
            "\\lceil 130 / 8",
        ),
        (
            "A tray can hold 6 muffins. If a cook baked 45 muffins, how many full trays of muffins did he bake?",
            7,
            "\\lfloor 45 / 6",
        ),
        # what is left after filling whole ones
        (
            "70 scouts are going camping. Each tent can take 8 scouts. How many scouts are left?",
            6,
            "70 - 8 \\times 8",
        ),
        (
            "A jar can hold 15 candies. If Uma buys 100 candies, how many candies are there in the jar that is not full?",
            10,
            "100 - 15 \\times 6",
        ),
    ],
)
def test_capacity_sharing_and_remainders(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # a rate per day is no container: "left" asks what she may still send (10 - 8), not a remainder
        "Sara could send 10 texts a day. If she sent 8, how many texts does she have left she can send?",
        # eaten out of packs: what is left of whole packs (3 x 4 - 10), not 10 mod 4
        "Each pack holds 4 candies. Joe ate 10 candies. How many candies are left?",
        # no container is short when the division is whole
        "A jar can hold 10 candies. If Uma buys 100 candies, how many candies are there in the jar that is not full?",
        # "a boy has 5": no capacity verb, no rate
        "A boy has 12 marbles. If Uma buys 100 marbles, how many boys does she need?",
    ],
)
def test_capacity_and_remainder_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # "N things <verb> M each": per the things counted before
        (
            "There are 30 children making 4 paper cranes each. How many paper cranes will they make?",
            120,
            "30 \\times 4",
        ),
        ("The Owls scored 5 goals worth 3 points each. How many points do they have?", 15, "5 \\times 3"),
        (
            "Our pumpkins have 40 seeds each. If we have 6 pumpkins, how many seeds are there?",
            240,
            "6 \\times 40",
        ),
        # so many a day, over weeks: 7 days a week
        ("Nia swims 3 laps every day. How many laps will Nia swim in 4 weeks?", 84, "3 \\times 7 \\times 4"),
        (
            "Every day I drink 2 glasses of milk. How many glasses of milk do I drink in one week?",
            14,
            "2 \\times 7 \\times 1",
        ),
        ("Omar reads 5 pages per day. How many pages does he read in a week?", 35, "5 \\times 7 \\times 1"),
    ],
)
def test_each_after_the_count_and_days_over_weeks(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # Tom is one of them too: 4 people, not 3
        "Tom and his 3 friends bought 5 apples each. How many apples did they buy?",
        # not every day counts
        "Nia swims 3 laps on every day that starts with T. How many laps will Nia swim in 4 weeks?",
        "Nia swims 3 laps every day except Sunday. How many laps will Nia swim in 4 weeks?",
        # weekdays named
        "Nia swims 3 laps every day on Monday and Friday. How many laps will Nia swim in 2 weeks?",
        # the cost split with someone: a second step this rate does not read
        "Ben buys 3 cakes for $12 each and splits the cost with his sister. How much did he pay?",
    ],
)
def test_each_and_weeks_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # "does she have" after the changes told: what she has now
        (
            "Rita had 40 photos on her phone. If she deleted 12 photos and then saved 9 new photos, how many photos does she have on her phone?",
            37,
            "x = 40 + 9 - 12",
        ),
        # the end asked in the past tense, "at the end" / "then"
        (
            "Kai was playing a card game. In the first round he scored 20 points and in the second round he scored 15 points. In the last round he lost 30 points. How many points did he have at the end of the game?",
            5,
            "x = 20 + 15 - 30",
        ),
        (
            "Noel had 25 stamps. He gave 7 stamps to his sister. Then he bought 4 stamps. How many stamps did Noel have then?",
            22,
            "x = 25 + 4 - 7",
        ),
        # "13 new ones": the noun of the number before
        (
            "Ida had 20 pens. She threw away 6 old pens and bought 9 new ones. How many pens does Ida have now?",
            23,
            "x = 20 + 9 - 6",
        ),
    ],
)
def test_change_end_asked_in_more_tenses(text, value, equation):
    _answered(text, value, equation)


def test_what_amount_of_money_through_the_front_door():
    """ "What amount of money ...?" is a story question at the front door too: its "$20" is 20
    dollars, not a math delimiter (before, the front door read "Tony had 20." and refused)."""
    from tutor.math import solve

    sol = solve(
        "Lea had $30. She paid $12 for a book. Then she bought a pen for $5. What amount of money did Lea have then?"
    )
    assert sol.ok and Fraction(str(sol.answer)) == 13


@pytest.mark.parametrize(
    "text",
    [
        # "did she have" with no end named: before or after the changes?
        "Rita had 40 photos. She deleted 12 photos and took 9 new photos. How many photos did she have?",
        # "ones" with nothing counted before: no noun to take
        "Ida threw away 6 old ones and bought 9 new ones. How many pens does Ida have now?",
    ],
)
def test_change_end_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # "After some left", "after deleting some", "got rid of some"
        (
            "A bus had 40 riders. After some left it still had 26 riders. How many riders left?",
            14,
            "40 - x = 26",
        ),
        (
            "Zoe put 30 songs on a list. After deleting some, she had 21 left. How many songs did Zoe delete?",
            9,
            "30 - x = 21",
        ),
        (
            "A library had 75 chairs. After they got rid of some, they had 60 left. How many chairs did they get rid of?",
            15,
            "75 - x = 60",
        ),
        # the start asked of one holder never named ("a chef ... he")
        (
            "A baker used 12 eggs to make a cake. Now he has 5 eggs left. How many eggs did he have before he made the cake?",
            17,
            "x - 12 = 5",
        ),
        # "stored" holds
        (
            "Ana stored 50 jars in the cellar. She used 18 for jam. How many jars does she have left?",
            32,
            "x = 50 - 18",
        ),
    ],
)
def test_untold_change_phrasings(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # "some pies" made: some of another thing; the apples used are not told
        "A chef had 46 apples. After making some pies he had 14 left. How many pies did he make?",
        # named holders: the start asked of whom?
        "Ana used 12 eggs. Now Ben has 5 eggs left. How many eggs did he have before?",
    ],
)
def test_untold_change_phrasing_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        ("I see 12 cats and 3 owls. How many legs do I see?", 54, "12 \\times 4 + 3 \\times 2"),
        ("There are 7 girls on the bench. How many eyes are there on the bench?", 14, "7 \\times 2"),
        (
            "There are 4 tricycles and 2 cars in the shed. How many wheels are there in the shed?",
            20,
            "4 \\times 3 + 2 \\times 4",
        ),
        ("Lena counted 9 ducks at the pond. How many duck feet did she count?", 18, "9 \\times 2"),
        ("Omar has 6 rabbits. How many ears do they have?", 12, "6 \\times 2"),
    ],
)
def test_parts_of_known_things(text, value, equation):
    ans = _answered(text, value, equation)
    assert ans.schema == "counting parts"


@pytest.mark.parametrize(
    "text",
    [
        # the story speaks of the parts itself
        "I see 3 dogs. One dog has only 3 legs. How many legs do I see?",
        # a farmer who has the cows: are his own legs counted?
        "A farmer has 5 cows. How many legs are there on the farm?",
        # birds have no outer ears; spiders' eyes are not two
        "There are 6 parrots in the cage. How many ears are there in the cage?",
        # a thing whose legs are not known
        "There are 4 tables in the room. How many legs are there in the room?",
        # toy dogs
        "There are 5 toy dogs on the shelf. How many legs are there on the shelf?",
        # bird legs asked, dogs told
        "There are 3 dogs in the yard. How many bird legs are there in the yard?",
    ],
)
def test_parts_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # the condition after the question
        ("How many notebooks can you buy with 45 dollars if one notebook costs 5 dollars?", 9, "45 \\div 5"),
        (
            "How many stickers are there in all if Kim has 6 sheets with 10 stickers on each sheet?",
            60,
            "6 \\times 10",
        ),
    ],
)
def test_condition_after_the_question(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # a number glued to its unit is a number too: not read, so the story is refused
        "How many cheese balls are in a 35oz barrel if the 24oz barrel has 60 servings and each serving has 12 cheese balls?",
        "A 5kg bag holds 40 apples. Each apple is sold for 2 dollars. How much money are the apples worth?",
        # "than women and 180 people": women are compared, people are the whole (another schema's)
        "How many men does he employ if there are 20 fewer men than women and 180 people working for him?",
        # two conditions after the question
        "How many pens can you buy with 45 dollars if one pen costs 5 dollars and if you have a coupon?",
    ],
)
def test_condition_and_glued_number_refusals(text):
    assert read_schemas(text) is None, text


@pytest.mark.parametrize(
    "text, value, equation",
    [
        (
            "There are 48 shells in Rosa's shell collection. If the shells are organized into 6 groups, how big is each group?",
            8,
            "48 \\div 6",
        ),
        ("Leo has 36 cards. He sorts the cards into 4 piles. How big is each pile?", 9, "36 \\div 4"),
    ],
)
def test_how_big_is_each_group(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # not whole: "how big" of an uneven split is not asked that way
        "Leo has 37 cards. He sorts the cards into 4 piles. How big is each pile?",
        # a distractor count (the erasers) is not used
        "There are 48 shells in Rosa's collection. Rosa also has 11 erasers. If the shells are organized into 6 groups, how big is each group?",
    ],
)
def test_how_big_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value",
    [
        # "class", "open", ";" in a story are English (the front door refused them as code before)
        (
            "Mia did 30 sit-ups in gym class today. Leo did 12 more sit-ups than Mia. How many sit-ups did Leo do?",
            42,
        ),
        (
            "The class had 28 pencils. The teacher gave away 9 pencils. How many pencils does the class have left?",
            19,
        ),
    ],
)
def test_story_words_that_look_like_code_reach_the_reader(text, value):
    from tutor.math import solve

    sol = solve(text)
    assert sol.ok, getattr(sol, "reason", "")
    assert Fraction(str(sol.answer)) == value


@pytest.mark.parametrize(
    "text",
    [
        "There are 30 kids in a class. How many are there? __import__('os')",
        "Tom has 5 apples. How many apples? open('/etc/passwd')",
        "Tom went to class. import os. How many apples does he have?",
        "class Foo: pass. Tom has 5 apples. How many apples does he have?",
    ],
)
def test_code_in_a_story_is_still_refused_at_the_front_door(text):
    from tutor.math.parse import precheck
    from tutor.math.problems import Unsupported

    with pytest.raises(Unsupported):
        precheck(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        (
            "Mara has 30 socks. 12 are red, the rest are white. How many white socks does Mara have?",
            18,
            "x = 30 - 12",
        ),
        (
            "A box has 50 pieces of fruit. 14 are apples, 21 are pears, and the rest are plums. How many plums are there?",
            15,
            "x = 50 - 14 - 21",
        ),
        (
            "There are 40 balloons at the party. 9 of them are green, 16 of them are pink and the rest are yellow. How many yellow balloons are there at the party?",
            15,
            "x = 40 - 9 - 16",
        ),
    ],
)
def test_the_rest_are(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # the kind asked is not the rest
        "Mara has 30 socks. 12 are red, the rest are white. How many blue socks does Mara have?",
        # the parts exceed the whole
        "Mara has 10 socks. 12 are red, the rest are white. How many white socks does Mara have?",
        # a part with no kind named
        "A box has 50 pieces of fruit. 14 are in the bag and the rest are plums. How many plums are there?",
    ],
)
def test_the_rest_are_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # "N of them died / were cut / ran away": gone from what is held
        (
            "There were 60 fish in a pond. 8 of them died and another 12 of them were caught. How many fish were still left?",
            40,
            "x = 60 - 8 - 12",
        ),
        (
            "A farmer had 40 sheep. 6 of them ran away. How many sheep does the farmer have left?",
            34,
            "x = 40 - 6",
        ),
        # a price the story wants to pay, told in its own sentence
        (
            "Omar wants to buy a kite. The kite costs 90 cents. Omar has 55 cents. How much more money does he need?",
            35,
            "55 + x = 90",
        ),
    ],
)
def test_gone_of_them_and_prices_wanted(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # "the three of them" counts people, not firewood (GSM8K train: read as 3 pounds before)
        "Kim, Ela, and Hal collect firewood. Kim collects 10 pounds of firewood, and Hal collects 12 pounds of firewood. If the three of them managed to collect a total of 35 pounds of firewood, how many pounds were collected by Ela?",
        # nobody wants to buy: the price is no goal
        "The kite costs 90 cents. Omar has 55 cents. How much more money does he need?",
    ],
)
def test_gone_and_price_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # "on the back" is a place, not "gave back"
        (
            "Ivy drew 4 stars on the front of a card and 6 stars on the back. How many stars did she draw total?",
            10,
            "x = 4 + 6",
        ),
        # "went" is a form of "go"
        (
            "At the park Sam went on 5 slides in the morning and 2 at noon. How many slides did Sam go on total?",
            7,
            "x = 5 + 2",
        ),
    ],
)
def test_combine_more_phrasings(text, value, equation):
    _answered(text, value, equation)


def test_given_back_is_still_no_combine():
    # "gave back" changes what is held: the amounts are not simply added
    _refused("Ivy had 4 stars and gave back 6 stars. How many stars did she have total?")


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # asked in the passive, each maker named ("was able to make" is "made")
        ("If Rosa made 14 masks and Dev was able to make 9, how many masks were made?", 23, "x = 14 + 9"),
        ("Ana baked 12 pies and Ben baked 9 pies. How many pies were baked?", 21, "x = 12 + 9"),
        # "her father": the second holder, so "they" is both
        (
            "At the lake, Nia caught 7 fish while her father caught 5. How many fish did they catch?",
            12,
            "x = 7 + 5",
        ),
    ],
)
def test_combine_passive_and_kin(text, value, equation):
    _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # another verb than the one asked
        "Ana baked 12 pies and Ben ate 9 pies. How many pies were baked?",
        # one maker named, one not: who made the 9?
        "Ana baked 12 pies and 9 more pies were bought. How many pies were baked?",
    ],
)
def test_combine_passive_refusals(text):
    _refused(text)


@pytest.mark.parametrize(
    "text, value, equation",
    [
        # "Each team should have 18": per team; "can they form": as many whole teams as can be made
        (
            "100 scouts are forming patrols. Each patrol should have 8 scouts. How many patrols can they form?",
            12,
            "\\lfloor 100 / 8",
        ),
        (
            "Each vase must hold 6 roses. If a florist has 50 roses, how many vases can she fill?",
            8,
            "\\lfloor 50 / 6",
        ),
    ],
)
def test_whole_groups_that_can_be_made(text, value, equation):
    _answered(text, value, equation)


def test_groups_asked_without_can_or_need_are_refused():
    # neither "need" (ceiling) nor "can / full" (floor): which is meant is not said
    _refused("100 scouts are forming patrols. Each patrol should have 8 scouts. How many patrols are there?")


def test_left_over_asked_without_a_noun():
    # "How many are left?" after sharing into rows: the things shared, not the rows
    _answered(
        "There were 50 chairs in the hall, and Ada divided them equally into 6 rows. How many are left?",
        2,
        "50 - 6 \\times 8",
    )
    # two things and no sharing: which is asked is not said
    _refused("There were 50 chairs and 6 tables in the hall. Ada took 5 of them. How many are left?")


@pytest.mark.parametrize(
    "text, value",
    [
        # one sentence, "If ..., how many ...": its "$80" and "$400" are prices at the front door too
        ("If one ticket costs $12, how many tickets can you buy with $60?", 5),
        # "$3," keeps its comma out of the number
        ("Tia has $9. If a pen costs $3, how many pens can she buy?", 3),
    ],
)
def test_one_sentence_story_prices_through_the_front_door(text, value):
    from tutor.math import solve

    sol = solve(text)
    assert sol.ok, getattr(sol, "reason", "")
    assert Fraction(str(sol.answer)) == value


def test_latex_after_if_keeps_its_delimiters():
    from tutor.math.parse import precheck

    assert "dollars" not in precheck("If $x = 2$, how much is $x + 1$?")


@pytest.mark.parametrize(
    "text, value, equation",
    [
        (
            "Kim has 4 cousins. She wants to give each one 5 pieces of gum. How many pieces of gum will she need?",
            20,
            "4 \\times 5",
        ),
        (
            "Rae invited 6 friends. If each of them brought 3 cupcakes, how many cupcakes do they have in total?",
            18,
            "6 \\times 3",
        ),
    ],
)
def test_each_of_them(text, value, equation):
    _answered(text, value, equation)


def test_each_of_them_with_the_speaker_too_is_refused():
    # Rae and her 6 friends are 7: "each of them" is not the 6
    _refused(
        "Rae and her 6 friends met. If each of them brought 3 cupcakes, how many cupcakes do they have in total?"
    )


@pytest.mark.parametrize(
    "text, value, equation",
    [
        (
            "There are 3 red cars, 2 blue cars and 5 white cars in a lot. If 4 of them are taken away, how many cars are left in the lot?",
            6,
            "x = 3 + 2 + 5 - 4",
        ),
        (
            "A shop has 4 small boxes, 6 big boxes and 2 gift boxes. If 7 boxes are sold, how many boxes are left?",
            5,
            "x = 4 + 6 + 2 - 7",
        ),
        (
            "There are 5 boys, 3 girls and 2 teachers in a room. 4 of them leave. How many people are left in the room?",
            None,
            None,
        ),
    ],
)
def test_kinds_then_taken(text, value, equation):
    if value is None:  # boys, girls and teachers are not kinds of one thing the reader counts
        _refused(text)
    else:
        _answered(text, value, equation)


@pytest.mark.parametrize(
    "text",
    [
        # more taken than there were
        "There are 3 red cars and 2 blue cars in a lot. If 9 of them are taken away, how many cars are left in the lot?",
        # the question asks a kind, not what is left of all
        "There are 3 red cars, 2 blue cars and 5 white cars in a lot. If 4 of them are taken away, how many red cars are left in the lot?",
    ],
)
def test_kinds_then_taken_refusals(text):
    _refused(text)
