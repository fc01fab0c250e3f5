# ruff: noqa: E501  (problem texts are kept on one line each)
"""Word problems (issue 25): the reader's structures on problems written here (not the corpora),
its refusals naming the sentence, the equations shown first, and the verdicts on replies."""

from __future__ import annotations

import pytest

from tutor.math.problems import Unsupported
from tutor.math.wordproblems import WordProblemRefusal, try_word_problem


@pytest.mark.parametrize(
    "text, answer, shown",
    [
        # change with an unknown amount
        (
            "Priya had 40 stamps. After giving away some stamps she had 28 left. How many stamps did Priya give?",
            12,
            "40 - x_{1} = 28",
        ),
        # change: gave and bought, number words
        (
            "Omar has thirty marbles. He gave 7 marbles to Lena. Then he bought twelve more marbles. How many marbles does Omar have now?",
            35,
            "30 - 7 + 12",
        ),
        # combine (scene)
        ("Four blue cars and nine white cars are in the lot. How many cars are in the lot?", 13, "4 + 9"),
        # compare, stated before the base is known
        (
            "Rosa has 5 more shells than Tim. Tim has 11 shells. How many shells does Rosa have?",
            16,
            "x_{1} = 11",
        ),
        # times as many
        (
            "Ivan has 3 times as many cards as Bea. Bea has 6 cards. How many cards does Ivan have?",
            18,
            "3 x_{1}",
        ),
        # how many more (difference of two holders)
        ("Nora has 17 pens and Ali has 9 pens. How many more pens does Nora have than Ali?", 8, "17 - 9"),
        # transfer: the receiver gains
        (
            "Sam had 12 apples and Kim had 4 apples. Sam gave 3 apples to Kim. How many more apples does Sam have than Kim now?",
            2,
            "12 - 4 - 2 \\cdot 3",
        ),
        # initial unknown of a place
        (
            "Some birds were in a tree. 6 birds flew away. Now there are 9 birds. How many birds were in the tree at first?",
            None,
            None,
        ),
    ],
)
def test_structures(text, answer, shown):
    if answer is None:
        with pytest.raises(WordProblemRefusal):
            try_word_problem(text)
        return
    sol = try_word_problem(text)
    assert sol is not None and sol.kind == "word_problem"
    assert sol.answer == answer
    assert shown in sol.steps[0]  # the equations come first
    assert sol.steps[0].startswith("The equations the story gives")


def test_answer_has_units():
    sol = try_word_problem("Lucy had 12 cookies. She ate 5 cookies. How many cookies does Lucy have left?")
    assert sol.answer == 7 and "**7 cookies**" in sol.steps[-1]


@pytest.mark.parametrize(
    "text, sentence",
    [
        # a number the reader cannot account for
        (
            "Dan has 8 books. His shelf is 3 feet wide. How many books does Dan have?",
            "His shelf is 3 feet wide.",
        ),
        # "they" with two holders: whose?
        (
            "Ada found 4 shells. Ben found 6 shells. They gave 2 shells away. How many shells does Ada have?",
            "They gave 2 shells away.",
        ),
        # "picked 5 of them": taken away or added? not clear
        ("Eli had 20 plums. He picked 5 of them. How many plums does Eli have now?", "He picked 5 of them."),
    ],
)
def test_refuses_naming_the_sentence(text, sentence):
    with pytest.raises(WordProblemRefusal) as exc:
        try_word_problem(text)
    assert sentence in exc.value.reason


def test_asked_item_must_cover_every_told_quantity():
    # "pet fish" asked, "fish" told: the shorter mention means pet fish (one fits)
    sol = try_word_problem(
        "Maya had 26 pet fish. She bought 6 more fish. How many pet fish does Maya have now?"
    )
    assert sol.answer == 32
    # red apples asked, green ones told apart: the 3 green ones do not enter the answer, and a
    # number read but not used is refused (the story may have been misread)
    with pytest.raises(WordProblemRefusal, match='I read 3 in "Jo has 5 red apples and 3 green apples."'):
        try_word_problem("Jo has 5 red apples and 3 green apples. How many red apples does Jo have?")
    sol = try_word_problem("Jo has 5 red apples and 3 green apples. How many apples does Jo have?")
    assert sol.answer == 8


def test_not_a_word_problem_is_left_to_the_families():
    assert try_word_problem("Solve 3x + 7 = 22") is None
    assert try_word_problem("What is 15% of 80?") is None


def test_front_door_and_verdicts():
    from tutor.math import check_student, solve, verify

    problem = "Kai had 50 tickets. After losing some tickets he had 38 left. How many tickets did Kai lose?"
    sol = solve(problem)
    assert sol.ok and sol.kind == "word_problem" and sol.answer == 12
    assert "50 - x_{1} = 38" in sol.to_markdown()
    right = verify(problem, "50 - 38 = 12. The final answer is 12.")
    assert (
        right.status == "verified"
        and "the problem gives 12" in right.message
        and "equations" in right.message
    )
    wrong = verify(problem, "50 - 38 = 13. The final answer is 13.")
    assert wrong.status == "wrong" and "the problem gives 12, not 13" in wrong.message
    assert check_student(problem, "12").status == "verified"
    assert check_student(problem, "11").status == "wrong"
    refused = solve("Dan has 8 books. His shelf is 3 feet wide. How many books does Dan have?")
    assert not refused.ok and "His shelf is 3 feet wide." in refused.reason


def test_refusal_is_unsupported():
    assert issubclass(WordProblemRefusal, Unsupported)


def test_wrong_reply_names_the_line_where_it_went_wrong():
    from tutor.math import verify

    problem = "Kai had 50 tickets. After losing some tickets he had 38 left. How many tickets did Kai lose?"
    v = verify(problem, "Kai had 50 tickets.\nHe lost 50 - 38 = 13 tickets.\nThe final answer is 13.")
    assert v.status == "wrong" and v.line == 2
    assert "the problem gives 12, not 13" in v.message and "line 2: 50 - 38 = 12, not 13" in v.message


def test_names_inside_items_are_not_read():
    # "a game Kaleb had 98 lives" is not "98 lives per game Kaleb" (a rate row once read it so)
    sol = try_word_problem(
        "While playing a game Kaleb had 98 lives. After losing some lives he had 73 left. How many lives did Kaleb lose?"
    )
    assert sol.answer == 25


def test_made_things_start_from_none_unless_the_story_says_otherwise():
    sol = try_word_problem("A baker made 24 cakes. He sold 15 cakes. How many cakes are left?")
    assert sol.answer == 9 and "no cakes before they were made" in sol.steps[1]
    assert "24 - 15 + 0" in sol.steps[0]
    # "already had" says otherwise: the first amount comes from the story
    sol = try_word_problem("Tom picked 8 plums. If he already had 9 plums, how many plums does he have now?")
    assert sol.answer == 17 and not any("no plums before" in s for s in sol.steps)


def test_a_rate_is_never_read_from_a_holding():
    # "A baker made 24 cakes" is what the baker made, not 24 cakes per baker
    from tutor.math.wordproblems.phrasings import read_clause
    from tutor.math.wordproblems.structures import World

    w = World()
    assert read_clause(w, "A baker made 24 cakes", "A baker made 24 cakes.")
    assert not w.rates and w.events and w.events[0].verb == "made"


def test_prices():
    assert try_word_problem("Sam bought 4 pens for 2 dollars each. How much did he spend?").answer == 8
    assert (
        try_word_problem("A pen costs 3 dollars. Tim bought 5 pens. How much money did Tim spend?").answer
        == 15
    )


def test_goals_how_many_more_needed():
    sol = try_word_problem(
        "Nina needs 40 beads to finish a necklace. She has 26 beads. How many more beads does Nina need?"
    )
    assert sol.answer == 14
    sol = try_word_problem(
        "Omar has 18 shells. How many more shells does Omar need to collect to have 30 shells?"
    )
    assert sol.answer == 12
    # a number in the question that no phrasing reads is refused
    with pytest.raises(WordProblemRefusal, match="I could not read"):
        try_word_problem("Omar has 18 shells. How many shells does Omar have after 3 days?")


def test_taking_from_a_place():
    sol = try_word_problem(
        "There are 8 apples in a basket. Tom took 3 apples from the basket. How many apples are in the basket now?"
    )
    assert sol.answer == 5
    # the place a question names is the story's place, so Tom's apples are not counted in it, and
    # a number that does not enter the answer is refused
    with pytest.raises(WordProblemRefusal):
        try_word_problem(
            "There are 5 apples on the table. Tom put 3 apples in the basket. How many apples are in the basket?"
        )


def test_a_right_answer_with_a_wrong_line_on_the_way_says_so():
    from tutor.math import verify

    problem = "Kai had 50 tickets. After losing some tickets he had 38 left. How many tickets did Kai lose?"
    v = verify(problem, "50 - 38 = 12\n12 * 5 = 64\nSo Kai lost 12 tickets.\nThe final answer is 12.")
    # no ✓ under a reply with a wrong line, though its final number is right
    assert v.status == "calculation_error" and v.line == 2
    assert "the final answer 12 is what the problem gives" in v.message
    assert "but a calculation on the way is off, line 2: 12 * 5 = 60, not 64" in v.message


def test_a_reply_with_no_stated_final_answer_is_not_called_wrong():
    from tutor.math import verify

    problem = "Cindy has 105 stickers. She uses 23 stickers. She buys 45 more stickers. How many stickers does Cindy have now?"
    # cut off mid-list: its last number is a list's numbering, not an answer
    v = verify(problem, "Let's see.\n\n4\n\nCindy has 105 - 23 = 82 stickers.\n\n5\n\nCindy has 1")
    assert v.status != "wrong"
    # a number only math-verify finds (no "the answer is", no box) is not called wrong either
    v = verify(problem, "Cindy uses some and buys some. We get $\\frac{5}{1}$ stickers")
    assert v.status != "wrong"
    assert verify(problem, "Cindy has 105 - 23 + 45 = 127. The final answer is 5.").status == "wrong"


def test_the_badge_of_a_wrong_word_problem_reply():
    from tutor.math import verify

    problem = "Kai had 50 tickets. After losing some tickets he had 38 left. How many tickets did Kai lose?"
    v = verify(problem, "50 - 38 = 13\nThe final answer is 13.")
    assert v.badge == "✗ wrong" and v.message.startswith("the problem gives 12, not 13")
    assert verify("Solve 2x = 4", "The final answer is x = 3.").badge.startswith("✗ wrong — SymPy finds")
