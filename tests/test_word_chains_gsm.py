"""GSM8K-style statement kinds of the multi-step reader (tutor/math/wordproblems/chains.py), with
stories written here in several phrasings: answered with their value, or refused where the story
does not settle the answer or where a reading is a guess."""

from __future__ import annotations

import pytest

from tutor.math.wordproblems.chain_debug import unread_pieces, why_refused
from tutor.math.wordproblems.chains import read_chain

ANSWERED = [
    # an act compared with another holder's act that the story tells later (or solves for)
    (
        "Nora got twice as many votes as Owen, and Owen got 4 times as many votes "
        "as Pia. If Pia got 9 votes, how many did Nora get?",
        72,
    ),
    ("Mia picked 4 times as many apples as Noah. Noah picked 7 apples. How many apples did Mia pick?", 28),
    (
        "Ava sold 5 more cookies than Ben. Ben sold twice as many cookies as Cal. Cal sold 8 cookies. "
        "How many cookies did Ava and Ben sell in total?",
        37,
    ),
    ("Kofi baked 3 fewer pies than Lena. Lena baked 11 pies. How many pies did they bake altogether?", 19),
    ("Rosa ran 2 more miles than Sven did. Sven ran 6 miles. How many miles did Rosa run?", 8),
]

ANSWERED += [
    # "how many fewer ... than": the other's amount less this one's
    (
        "Georgia has 25 stamps while Lorene has three times as many stamps as Georgia. "
        "How many fewer stamps does Georgia have than Lorene?",
        50,
    ),
    ("Pia read 40 pages. Quinn read 15 pages. How many fewer pages did Quinn read than Pia?", 25),
    (
        "Ravi has 12 red marbles and 30 blue marbles. How many fewer red marbles does Ravi have than blue marbles?",
        18,
    ),
    (
        "Tina spent 30 dollars on shoes and 12 dollars on socks. How much less did she spend on socks than on shoes?",
        18,
    ),
    # things in containers told by a relative clause: "that are 4 pounds each", "which each hold 15"
    ("Kyle bought 2 jars that each hold 15 stars. How many stars did he buy?", 30),
    (
        "Rita has 4 crates which contain 12 bottles each. She sells 10 bottles. How many bottles does she have left?",
        38,
    ),
    ("Lea bought 3 bags of rice that weigh 2 kilograms each. How many kilograms of rice did she buy?", 6),
    ("Tom has 3 boxes of crayons that have 8 crayons each. How many crayons does Tom have?", 24),
    # one thing bought "that costs" a price; several "that each cost" one
    ("Omar had 50 dollars. He bought a lamp that cost 18 dollars. How much money does he have left?", 32),
    (
        "Omar had 50 dollars. He bought 3 lamps that each cost 12 dollars. How much money does he have left?",
        14,
    ),
    ("Ines bought a scarf that costs 14 dollars and a hat that costs 9 dollars. How much did she spend?", 23),
]

ANSWERED += [
    # a passive question: every holder's act of that verb
    ("Ali ate 5 plums and Bea ate 7 plums. How many plums were eaten?", 12),
    (
        "Cody broke 3 cups, while his sister Dana broke twice as many cups as Cody. How many cups were broken in all?",
        9,
    ),
    ("Eve sold 4 kites. Finn sold 6 more kites than Eve. How many kites were sold?", 14),
    # "left for", "remain": how many are left
    (
        "Neil baked 20 cookies. He gave 2/5 of the cookies to his friend. How many cookies are left for Neil?",
        12,
    ),
    ("Tom had 40 crayons. He lost 15 crayons. How many crayons remain?", 25),
    ("Ken has 20 stamps. Unfortunately, he lost 7 stamps. How many stamps does Ken have now?", 13),
]

ANSWERED += [
    # what a holder is left with / ends up with: what it has now
    (
        "Lucy had some money. She spent half of it and was left with 15 dollars. "
        "How much money did Lucy have at the beginning?",
        30,
    ),
    (
        "Omar had some marbles. He gave 9 marbles to Ida and ended up with 14 marbles. "
        "How many marbles did Omar have at first?",
        23,
    ),
    (
        "Pam lost a third of her beads. She then used a quarter of the remainder, and was left with 30 beads. "
        "How many beads did Pam have at the start?",
        60,
    ),
    # keeping the rest changes nothing; "gave Charles 156 sheets" after "and"
    (
        "Randy had some money. Smith gave him another 200 dollars. Randy then gave Sally 1200 dollars and kept "
        "the rest. If Randy has 2000 dollars left, how much money did Randy have at first?",
        3000,
    ),
    (
        "Fred had 212 cards. He received another 307 cards from Jane and gave Charles 156 cards. "
        "How many cards does Fred have left?",
        363,
    ),
    # "of that": of the amount just told
    ("Arthur has 200 dollars in his wallet. He spends four-fifths of that. How much does he have left?", 40),
    ("Gia had 80 beads. She used half of that for a necklace. How many beads does Gia have left?", 40),
]

ANSWERED += [
    # a counted group of the story's people: all of them, in total
    (
        "Chris has half as many cookies as Kenny. Glenn has four times as many cookies as Kenny. "
        "How many cookies do these three boys have, if Glenn has 24 cookies?",
        33,
    ),
    ("Ann has 5 pens. Bo has 3 pens. Cy has 2 pens. How many pens do these three friends have?", 10),
    # "combined", "in total" before the verb; a particle after it
    (
        "Lionel walked 4 miles. Esther walked 9 miles and Niklaus walked 12 miles. "
        "How many combined miles did the friends walk?",
        25,
    ),
    ("Tia picked 6 plums. Uma picked 9 plums. How many plums in all did they pick?", 15),
    ("Tia picked 6 plums. Uma picked 9 plums. How many plums altogether were picked?", 15),
    (
        "Daliah picked up 17 cans. Zane picked up 4 times as many cans as Daliah. How many cans did Zane pick up?",
        68,
    ),
]

ANSWERED += [
    # "at a price" is the price of each; "for a price" (or "at a total of") of all of them
    ("Tom sold 5 cakes at $3. How much money did he make?", 15),
    ("Tom had 40 dollars. He bought 5 cakes at $3. How much money does he have left?", 25),
    ("Ana sold 8 mugs at $4. Bo sold 3 mugs at $5 each. How much money did they make in total?", 47),
    (
        "Mark bought 2 pounds of pears for $5 per pound and 5 pounds of plums, at $6 per pound. "
        "How much did he spend in total?",
        40,
    ),
    ("In March, Rui bought 4 kites at $7. How much did Rui spend?", 28),
]

REFUSED = [
    # "at 4 dollars in total": each, or all?
    "Ana sold 8 mugs at $4 in total. How much money did she make?",
    # "these two friends" of a story of three
    "Ann has 5 pens. Bo has 3 pens. Cy has 2 pens. How many pens do these two friends have?",
    # "at the end" is not "at the start": the left-with amount is not what she had before
    "Lucy had some money. She spent 10 dollars and was left with 15 dollars. "
    "How much money did Lucy have at the end of the year?",
    # the answer is told; the other numbers are not used
    "Lucy had 60 dollars. She spent 45 dollars and was left with 15 dollars. How much did she spend?",
    # the passive question of an act with a number it does not use (the 12 picked)
    "Ali picked 12 pears. He gave 4 pears to Bea. How many pears were given?",
    # an act of one day asked by another's
    "Ali sold 5 hats on Monday and 3 hats on Tuesday. How many hats were sold on Wednesday?",
    # "fewer" the other way: a negative count
    "Pia read 40 pages. Quinn read 15 pages. How many more pages did Quinn read than Pia?",
    # "that are 20 pounds": each pack, or all of them?
    "James buys 5 packs of beef that are 20 pounds. How many pounds of beef did he buy?",
    # "3 lamps that cost 12 dollars": each, or the three?
    "Omar had 50 dollars. He bought 3 lamps that cost 12 dollars. How much money does he have left?",
    # a price by the month is not what was spent
    "Ines bought a scarf that costs 14 dollars a month. How much did she spend?",
    # the compared act is never told: not settled
    "Kofi baked 3 fewer pies than Lena. How many pies did Kofi bake?",
    # a number nobody was compared with
    "Mia scored twice as many points as Noah. Noah scored 12 points. Ella scored 5 points. "
    "How many points did Mia score?",
    # two acts of the compared holder: which one was compared?
    "Mia picked 4 times as many apples as Noah. Noah picked 7 apples on Monday and 3 apples on Tuesday. "
    "How many apples did Mia pick?",
    # compared with another kind of act
    "Tom sold twice as many apples as Mary bought. Mary bought 5 apples. How many apples did Tom sell?",
    "Tom spent twice what Mary earned. Mary earned 40 dollars. How much did Tom spend?",
]


@pytest.mark.parametrize(("text", "value"), ANSWERED)
def test_answered(text: str, value: int) -> None:
    sol = read_chain(text)
    assert sol is not None, why_refused(text)
    assert sol.answer == value
    assert sol.equations  # the story's equations are shown


@pytest.mark.parametrize("text", REFUSED)
def test_refused(text: str) -> None:
    assert read_chain(text) is None


def test_why_refused_names_the_unread_clause() -> None:
    compared = (
        "Tom sold twice as many apples as Mary bought. Mary bought 5 apples. How many apples did Tom sell?"
    )
    assert "Tom sold twice as many apples as Mary bought" in (why_refused(compared) or "")
    assert why_refused(ANSWERED[1][0]) is None
    # every unread sentence, not only the first: the survey of how far a story is from being read
    two = "Tom juggles 3 balls. Mary juggles 4 balls. Tom has 5 apples. How many apples does Tom have?"
    assert len(unread_pieces(two)) == 2


def test_refused_through_the_front_door() -> None:
    # "got 2/5 of the cookies to his friend": gained, or given? (read as 8 gained, 28 left, before)
    from tutor.math import solve
    from tutor.math.problems import Solution

    for text in (
        # "2 dozen eggs at 3 dollars": each egg, or each dozen? (72 before)
        "Tom bought 2 dozen eggs at $3. How much did he spend?",
        "Neil baked 20 cookies. He got 2/5 of the cookies to his friend. How many cookies are left for Neil?",
        "Ada baked 30 buns. She got half of the buns to her aunt. How many buns does Ada have now?",
    ):
        assert not isinstance(solve(text), Solution)
