# ruff: noqa: E501  (problem texts are kept on one line each)
"""Equal groups, equal sharing, remainders and unit conversions (wordsh, issue 25): the reader
tutor.math.wordproblems.sharing_groups. Examples written here, several phrasings per structure
(other verbs, other order, other nouns), each with distractors that must be refused; a few go
through the front door (`tutor.math.solve`)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.math import solve
from tutor.math.wordproblems.readers import READERS
from tutor.math.wordproblems.sharing_groups import read_sharing


def _read(text: str) -> Fraction | None:
    sol = read_sharing(text)
    if sol is None:
        return None
    assert "$$" in sol.steps[0], sol.steps  # the equations the story gave come first
    assert sol.equations and sol.unit is not None
    return Fraction(str(sol.answer))


def test_registered_once():
    assert READERS.count(read_sharing) == 1


@pytest.mark.parametrize(
    "text, value",
    [
        # equal groups: the groups counted, the things asked (multiply)
        ("There are 8 buses. Each bus carries 45 students. How many students are there in all?", 360),
        (
            "A school has 8 buses and each bus can hold 45 students. How many students can ride the buses?",
            360,
        ),
        ("A shelf holds 6 books. How many books can 7 shelves hold?", 42),
        ("There are 6 eggs in each carton. How many eggs are in 7 cartons?", 42),
        ("Lucy has 7 boxes with 6 crayons in each box. How many crayons does she have?", 42),
        ("There are 4 rows of chairs with 6 chairs in each row. How many chairs are there?", 24),
        ("Each of the 4 boxes holds 12 pens. How many pens are there in all?", 48),
        ("Tom needs 6 pens for each box. He has 5 boxes. How many pens does he need?", 30),
        ("If each glass needs 2 lemons, how many glasses of lemonade can she make with 18 lemons?", 9),
        # pieces in each pack of gum are pieces of gum
        (
            "Robin has 27 packages of gum. There are 18 pieces in each package. How many pieces of gum does Robin have?",
            486,
        ),
        (
            "Robin has 27 packages of gum. There are 18 pieces in each package. How many pieces does Robin have?",
            486,
        ),
        ("Pencils come in boxes of 10. How many pencils are in 6 boxes?", 60),
        ("They harvest 83 sacks per day. How many sacks will they have after 6 days?", 498),
        ("Mary makes 7 bracelets a day. How many bracelets will she make in 3 days?", 21),
        # prices: money changing hands asked
        ("Tickets were 8 dollars each. Ana bought 9 tickets. How much did she spend?", 72),
        ("Ana bought 9 tickets. Each ticket costs 8 dollars. How much money did she spend?", 72),
        ("Each ticket costs $8. How much do 9 tickets cost?", 72),
        ("Sam earns 6 dollars per hour. He worked 5 hours. How much did he earn?", 30),
    ],
)
def test_equal_groups_multiplied(text, value):
    assert _read(text) == Fraction(value)


@pytest.mark.parametrize(
    "text, value",
    [
        # the things counted, the groups asked: exact, "needed" (ceiling), full ones (floor)
        ("Anna has 120 papers. Each envelope holds 10 papers. How many envelopes does she need?", 12),
        ("A box holds 10 pens. How many boxes are needed for 120 pens?", 12),
        ("Each car has 4 wheels. There are 20 wheels in the parking lot. How many cars are there?", 5),
        ("8 people can sit at each table. How many tables for 40 people?", 5),
        ("A bus can hold 23 people. How many buses are needed to carry 285 people?", 13),
        (
            "Jack reads 23 pages per day. His book has 285 pages. How many days will it take him to finish the book?",
            13,
        ),
        ("Sara bakes 8 cookies per tray. How many trays does she need to bake 35 cookies?", 5),
        ("A box holds 12 pens. Tom has 30 pens. How many boxes does he need to hold all of them?", 3),
        ("A bus can hold 23 people. How many buses can be filled with 285 people?", 12),
        ("A box holds 12 pens. Tom has 30 pens. How many boxes can he fill completely?", 2),
        ("Tom has 19 dollars. One folder costs 2 dollars. How many folders can he buy?", 9),
        ("Each shirt costs 12 dollars. Tom has 60 dollars. How many shirts can he buy?", 5),
        ("Tom has 19 dollars. If 1 folder costs 2 dollars, how many folders can Tom buy?", 9),
        (
            "Sara has 63 magazines. She places them in boxes which can contain 9 magazines. How many boxes will she use?",
            7,
        ),
        ("A pie is cut into 8 slices. There are 40 slices. How many pies are there?", 5),
        (
            "Legoland has 5 kangaroos for each koala. If Legoland has 180 kangaroos, how many koalas are there?",
            36,
        ),
        # the remainder: what no full group took
        ("Marian has 59 croissants. She packs them in bags of 8. How many croissants are left over?", 3),
        (
            "There are 59 croissants. Each bag holds 8 croissants. How many croissants will be left over after filling the bags?",
            3,
        ),
        ("There are 10 shapes. How many will you have left over after making the groups of 5?", 0),
        (
            "Melody made 26 cut-outs. She pastes 4 of them on each card. How many cut-outs will Melody have left?",
            2,
        ),
    ],
)
def test_equal_groups_divided(text, value):
    assert _read(text) == Fraction(value)


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Shiela drew 54 animals. She shares them equally among her 6 neighbors. How many will each neighbor receive?",
            9,
        ),
        ("54 drawings are divided among 6 friends. How many drawings does each friend get?", 9),
        ("Split 54 cards evenly into 6 piles. How many cards are in each pile?", 9),
        ("20 apples were shared equally by the 4 children. How many apples did each child get?", 5),
        ("40 books are placed equally on 5 shelves. How many books are on each shelf?", 8),
        # not whole: the whole ones each, the remainder, how many more come out even
        (
            "Mrs. Hilt has 40 markers. They are divided equally into 7 packages. How many markers are in each package?",
            5,
        ),
        ("40 markers are shared equally among 7 children. How many markers will each child get?", 5),
        ("40 markers are shared equally among 7 children. How many markers are left over?", 5),
        (
            "40 markers are shared equally among 7 children. How many more markers are needed so each child gets the same number?",
            2,
        ),
    ],
)
def test_equal_sharing(text, value):
    assert _read(text) == Fraction(value)


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Marcia spent 300 minutes working on her science project. How many hours did she spend on her science project?",
            5,
        ),
        ("The bookcase was 48 inches long. How many feet long was the bookcase?", 4),
        ("A ribbon is 12 feet long. How many yards long is it?", 4),
        ("A ribbon is 10 feet long. How many inches long is it?", 120),
        ("Tom ran 2000 meters. How many kilometers did he run?", 2),
        ("A movie is 2 hours long. How many minutes long is the movie?", 120),
    ],
)
def test_unit_conversions(text, value):
    assert _read(text) == Fraction(value)


@pytest.mark.parametrize(
    "text",
    [
        # a distractor number, a change or a comparison beside the groups
        "Lucy has 7 boxes with 6 crayons in each box. She gave 5 crayons away. How many crayons does she have?",
        "Lucy has 7 boxes with 6 crayons in each box. How many crayons does she have left?",
        "Each ticket costs 8 dollars. Ana bought 9 tickets and 2 hats. How much did she spend?",
        "Each car has 4 wheels. There are 20 wheels and 3 bikes in the parking lot. How many cars are there?",
        "There are 5 shelves. Each shelf has 8 books. If 3 books fall off, how many books are on the shelves?",
        "Each bus carries 45 students. There are 8 buses. How many more students than buses are there?",
        "Ben reads 20 pages every night and 5 pages every morning. How many nights will it take him to read 140 pages?",
        "A box holds 6 eggs. How many eggs are in 5 boxes and 2 cartons?",
        # the count is of another thing, or of groups of another thing
        "Each ticket costs 8 dollars. Ana bought 9 hats. How much did she spend?",
        "Each car has 4 wheels. There are 20 trucks in the parking lot. How many wheels are there?",
        "There are 6 chairs in each row. There are 4 rows of tables. How many chairs are there?",
        "Robin has 27 packages of gum. There are 18 pieces in each package. How many pieces of candy does Robin have?",
        "Each pack of gum has 18 pieces. Robin has 27 packs of candy. How many pieces of gum does Robin have?",
        "Each bag has 5 red apples. Tom has 3 bags. How many green apples does he have?",
        # the question asks something the groups do not give
        "There are 8 buses. Each bus carries 45 students. How many teachers are there?",
        "Each car has 4 wheels. There are 20 cars in the parking lot. How many tires are there?",
        "Each bag has 5 apples. Tom bought 3 bags. How many apples did he eat?",
        "Each book costs 5 dollars. Tom has 3 books. How much money does Tom have?",
        "Each box holds 6 eggs. Mary has 30 eggs. How many boxes does Tom need?",
        "Legoland has 5 kangaroos for each koala. If Legoland has 180 kangaroos, how many koalas and kangaroos are there altogether?",
        "Each box has 6 pens. There are 5 boxes on each shelf. How many pens?",
        # a need is not a holding; groups said to be empty hold nothing
        "Tom needs 6 pens for each box. He has 5 boxes. How many pens does he have?",
        "There are 6 pens in each box. 5 boxes are empty. How many pens are there?",
        # the question names a holder or a state the story never did
        "Tom reads 10 pages per day. He has read for 3 days. How many pages does the book have?",
        "Each student has 2 pencils. There are 30 pencils in the class. How many students are absent?",
        # a period the story does not count in: "for the week", weeks asked of a daily rate with days
        "Each pill has 50 mg of Vitamin A in it. How many pills does Ryan need for the week?",
        "They harvest 83 sacks per day. How many sacks will they have after 6 weeks?",
        "Sam earns 6 dollars per hour. He worked 5 days. How much did he earn?",
        "Mary makes 7 bracelets a day. How many bracelets will she make in a week?",
    ],
)
def test_equal_groups_refused(text):
    assert _read(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # a quotient that is not whole, and the question does not say how to round it
        "A bus can hold 23 people. How many buses are there for 285 people?",
        "A bus can hold 23 people. About how many buses are needed for 285 people?",
        # a part of an hour or a gallon is an answer too: no rounding of measures
        "A train travels 60 miles per hour. How many hours does it take to travel 250 miles?",
        "A car goes 30 miles per gallon. How many gallons does it need for 45 miles?",
        # what one holder has is no size of a group; an approximate size is not one
        "A boy has 12 marbles. If Uma buys 100 marbles, how many boys does she need?",
        "Each box holds about 12 pens. How many boxes are needed for 120 pens?",
        # the group uses the things up: "needed" is not a ceiling of containers
        "Each student needs 3 pencils. There are 25 pencils. How many students will need pencils?",
        # money divided by a price: only what he can buy, never what he did buy or has
        "Each shirt costs 12 dollars. Tom has 60 dollars. How many shirts did he buy?",
        "Each shirt costs 12 dollars. Tom has 60 dollars. How many shirts does he have?",
        # money is not rounded up, nor left over unless the story says what was bought
        "Tom has 19 dollars. One folder costs 2 dollars. How many folders does he need?",
        "Tom has 20 dollars. Each pen costs 3 dollars. How much money will he have left?",
        # left over after what: nothing was put in groups
        "Each student gets 3 pencils. There are 25 pencils. How many pencils are left?",
        "Candies come in packages of 4. Shirley ate 10 candies. How many candies does she have left?",
    ],
)
def test_rounding_refused(text):
    assert _read(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # the sharer shares too, or keeps some
        "Tom shares 40 markers equally with his 7 friends. How many markers does each get?",
        "Tom shares 40 markers equally among his 7 friends and himself. How many markers does each get?",
        "24 cookies are shared equally among 5 friends and their teacher. How many cookies does each friend get?",
        # not said to be equal, a measure shared, or someone's own share asked
        "42 apples are put into 7 baskets. How many apples are in each basket?",
        "40 liters of juice are shared equally among 7 children. How much juice does each child get?",
        "40 markers are shared equally among 7 children. How many markers does Tom have?",
        "40 books are placed equally on 5 shelves. How many books are on the top shelf?",
        "Tom had 40 markers and gave 7 to his friend. How many markers does he have?",
        "42 apples and 7 pears are put equally in baskets. How many apples are in each basket?",
        "20 apples are shared equally among 4 children. How many apples does each child eat if each eats half?",
        # another amount than the one shared
        "Amy uploaded 180 pics to Facebook. She put 20 pics into 9 albums. How many photos were in each album?",
    ],
)
def test_sharing_refused(text):
    assert _read(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Joy walks 2 miles a day. How many feet does she walk?",
        "The rope is 48 inches long. How many feet long are the 2 ropes?",
        "Tom ran 2000 meters in 3 days. How many kilometers did he run?",
        "Tom ran 2000 meters more than Sam. How many kilometers did Sam run?",
        "The movie lasted 90 minutes. How many hours are left?",
        # a working day is not 24 hours: days and weeks are not converted here
        "Tom worked 3 days. How many hours did he work?",
        "Joy will see her grandma in 2 days. How many hours is that?",
        # another dimension asked, or the unit of another thing
        "The pool is 25 meters long. How many centimeters wide is it?",
        "Tom has 3 quarters. How many cents does he have?",
        # 10 days is 10/7 weeks: not an answer a story gives
        "Tom was away for 10 days. How many weeks was he away?",
    ],
)
def test_conversions_refused(text):
    assert _read(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("A bus can hold 23 people. How many buses are needed to carry 285 people?", 13),
        ("40 markers are shared equally among 7 children. How many markers are left over?", 5),
        ("A ribbon is 10 feet long. How many inches long is it?", 120),
    ],
)
def test_front_door(text, value):
    sol = solve(text)
    assert sol.ok, sol
    assert Fraction(str(sol.answer)) == Fraction(value)
    assert "$$" in sol.steps[0]


@pytest.mark.parametrize(
    "text, value",
    [
        # "a 285-page book" counts the pages; "a 5-day vacation" the days
        (
            "Jack is reading a 285-page book. If he reads 23 pages per day, how many days will he take to finish reading the book?",
            13,
        ),
        (
            "Lex read a 420 page book. If he can read exactly 30 pages a day, how many days will it take Lex to finish reading the book?",
            14,
        ),
        (
            "Lex read a 420 page book about music. If he can read exactly 30 pages a day, how many days will it take Lex to finish reading the book?",
            14,
        ),
        ("A boy has 12 marbles. How many marbles do 3 boys have?", 36),
        (
            "The Sumata family took a 5-day vacation by car. Each day they drove 250 miles. How many total miles did they drive?",
            1250,
        ),
        # "N groups, each having M things"
        (
            "The book has 7 large chapters, each having 566 pages. How many pages does the book have in total?",
            3962,
        ),
        ("Tom has 5 boxes, each with 12 pens. How many pens does he have?", 60),
        # shared between the groups the story counted
        (
            "A baker had 7 boxes for donuts. He made 48 donuts and split them evenly between the boxes. How many extra donuts did he end up with?",
            6,
        ),
        (
            "A baker had 7 boxes. He made 48 donuts and split them evenly between the boxes. How many donuts were in each box?",
            6,
        ),
        # one thing under two names (packs and packages), a group made with its things
        (
            "A builder needed to buy 154 boards. If the boards come in packs of 3, how many packages will he need to buy?",
            52,
        ),
        (
            "If each crown is made with 7 different colored feathers, how many feathers are needed for 934 crowns?",
            6538,
        ),
        # an ordinal grade is no amount
        (
            "Third-grade students went to a concert in 8 buses. Each bus took 45 students. How many students went to the concert?",
            360,
        ),
        ("A car uses 3 gallons of gas per hour. How many gallons in 4 hours?", 12),
    ],
)
def test_more_phrasings(text, value):
    assert _read(text) == Fraction(value)


@pytest.mark.parametrize(
    "text",
    [
        "The Sumata family took a 5-day vacation by car. Each day they drove 250 miles. How many miles did they drive on the first day?",
        "Jack is reading a 285-page book. He has read 23 pages. How many days will he take to finish reading the book?",
        "Tom has 5 boxes, each with 12 pens. How many pencils does he have?",
        "Tom has 5 boxes, each with 12 pens and 3 pencils. How many pens does he have?",
        "A baker had 7 boxes. He made 48 donuts and split them evenly between the bags. How many donuts were in each box?",
        "A baker had 7 boxes and 3 bags. He made 48 donuts and split them evenly between the boxes. How many donuts were in each box?",
        "If each crown is made with 7 different colored feathers, how many crowns are needed for 934 feathers?",
        "Third-grade students went to a concert in 8 buses. Each bus took 45 students. How many teachers went to the concert?",
        # 495 / 25 is not whole, and the question does not say full baskets or baskets needed
        "Mr. Lee harvested 495 apples and he packed them evenly in some baskets. If there are 25 apples in each basket, how many baskets of apples are there?",
    ],
)
def test_more_phrasings_refused(text):
    assert _read(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        # two amounts of one thing told together, then grouped, shared or priced: their sum
        (
            "Each bag holds 7 cookies. Chloe has 34 chocolate cookies and 29 oatmeal cookies. How many bags does she need?",
            9,
        ),
        (
            "Tickets cost 8 dollars each. Victor bought 6 tickets and his friend bought 2 tickets. How much did they spend?",
            64,
        ),
        (
            "Each bag holds 7 cookies. Chloe has 34 cookies and her sister has 29 cookies. How many bags do they need?",
            9,
        ),
        ("Tom has 3 red boxes and 2 blue boxes. Each box has 6 pens. How many pens are in the boxes?", 30),
        (
            "Sam worked 6 hours on Monday and 4 hours on Tuesday. He earns 6 dollars per hour. How much did he earn?",
            60,
        ),
        (
            "Vanessa uploaded twenty-three pictures from her phone and seven from her camera to Facebook. If she sorted the pics into five different albums with the same amount of pics in each album, how many pictures were in each of the albums?",
            6,
        ),
    ],
)
def test_sum_then_groups(text, value):
    sol = read_sharing(text)
    assert sol is not None and Fraction(str(sol.answer)) == Fraction(value)
    assert "+" in sol.equations[0]  # the sum is shown in the equation


@pytest.mark.parametrize(
    "text",
    [
        # the rate is of some of the groups only, or of some of the things
        "Tom has 3 red boxes and 2 blue boxes. Each red box has 6 pens. How many pens are in the boxes?",
        "Tom has 3 red boxes and 2 blue boxes. Each box has 6 pens. How many pens are in the red boxes?",
        "Each box holds 6 red pens. Tom has 30 pens. How many boxes does he need?",
        "Tom has 3 boxes and Ann has 2 fewer boxes. Each box has 6 pens. How many pens do they have in all?",
        "Tom bought 3 boxes and 2 boxes were broken. Each box has 6 pens. How many pens does he have?",
        # someone else's amount, one person asked
        "Tickets cost 8 dollars each. Victor bought 6 tickets and his friend bought 2 tickets. How much did Victor spend?",
        "Each bag holds 7 cookies. Chloe has 34 cookies and her sister has 29 cookies. How many bags does Chloe need?",
        "Each bag holds 7 cookies. Chloe has 34 cookies. Ann has 29 cookies. How many bags does Chloe need?",
        # one of the two asked ("on Monday"), other things, a part of the first, a loss
        "Sam worked 6 hours on Monday and 4 hours on Tuesday. He earns 6 dollars per hour. How much did he earn on Monday?",
        "Each bag holds 7 cookies. Chloe has 34 chocolate cookies and 29 oatmeal bars. How many bags does she need?",
        "Each bag holds 7 cookies. Chloe has 34 cookies and 29 of them are chocolate. How many bags does she need?",
        "Each bag holds 7 cookies. Chloe has 34 cookies and 29 are chocolate. How many bags does she need?",
        "Each bag holds 7 cookies. Chloe has 34 cookies and gave away 29 cookies. How many bags does she need?",
        "Each bag holds 7 cookies. Chloe has 34 cookies and 29 of them broke. How many bags does she need?",
    ],
)
def test_sum_then_groups_refused(text):
    assert _read(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        # "for 12 dollars each": the price of each thing the story counted
        ("Tom bought 5 shirts for 12 dollars each. How much did he spend?", 60),
        (
            "Victor and his friend were buying trick decks from the magic shop for eight dollars each. How much did they spend if Victor bought six decks and his friend bought two decks?",
            64,
        ),
    ],
)
def test_price_of_each_counted(text, value):
    assert _read(text) == Fraction(value)


@pytest.mark.parametrize(
    "text",
    [
        # people counted: who pays for whom is not said ("Tom and his 3 friends": 3 or 4 tickets)
        "Tom and his 3 friends went to the movies for 8 dollars each. How much did they spend?",
        "4 friends went to the movies for 8 dollars each. How much did they spend?",
        "Tom bought 5 shirts for 12 dollars each. How much money does Tom have?",
        "Tom bought 5 shirts for 12 dollars each. How many shirts did he buy?",
        "Tom bought 5 shirts and 2 hats for 12 dollars each. How much did he spend?",
        "Tom bought 5 shirts for 12 dollars each and 2 hats. How much did he spend?",
        # the pair told in the question, one of them asked
        "He earns 6 dollars per hour. How much did he earn on Monday if he worked 6 hours on Monday and 4 hours on Tuesday?",
        "Tickets cost 8 dollars each. How much did Victor spend if Victor bought 6 tickets and his friend bought 2 tickets?",
    ],
)
def test_price_of_each_counted_refused(text):
    assert _read(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        # "give each student the same number": shared among the students the story counted
        (
            "A teacher has 40 pencils and 6 students. She wants to give each student the same number of pencils. How many pencils will be left over?",
            4,
        ),
        (
            "A teacher has 40 pencils and 6 students. She wants to give each student the same number of pencils. How many pencils does each student get?",
            6,
        ),
        (
            "A teacher has 40 pencils and 6 students. She wants to give each student the same number of pencils. How many more pencils should she buy so she doesn't have any left over?",
            2,
        ),
        (
            "A store owner had two employees and bought nine hundred twenty-seven uniforms for them. If he wanted to give each employee the same number of uniforms, how many more should he buy so he doesn't have any extra?",
            1,
        ),
        # the question says the sharing again ("if they give each truck the same amount")
        (
            "A post office has five hundred eighty-two pieces of junk mail they want to split evenly between seven mail trucks. How many extra pieces of junk mail will they have if they give each truck the same amount?",
            1,
        ),
    ],
)
def test_coming_out_even(text, value):
    assert _read(text) == Fraction(value)


@pytest.mark.parametrize(
    "text",
    [
        "A teacher has 40 pencils and 6 students. She wants to give each student the same number of pencils. How many pencils does she have?",
        "A teacher has 40 pencils and 6 students and 2 helpers. She wants to give each student the same number of pencils. How many pencils will be left over?",
        "A teacher has 40 pencils and 6 students. She gave each student 3 pencils. How many pencils will be left over?",
        "A teacher has 40 pencils and 6 students. She wants to give each student the same number of pens. How many pens will be left over?",
        "A teacher has 40 pencils. She wants to give each student the same number of pencils. How many pencils will be left over if there are 6 students and 2 teachers?",
        "There are 40 pencils split evenly between 6 students. How many more pencils should she buy?",
    ],
)
def test_coming_out_even_refused(text):
    assert _read(text) is None
