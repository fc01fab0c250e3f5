# ruff: noqa: E501  (stories are one line each)
"""A question about a person, place or thing the story never names is refused before any reader
(tutor/math/wordproblems/question_scope.py): every reader would answer it with the story's amounts."""

from __future__ import annotations

import pytest

from tutor.math import solve
from tutor.math.wordproblems.question_scope import unnamed_in_question


@pytest.mark.parametrize(
    "text, word",
    [
        (
            "Tom has 36 cookies. He shares them equally among 3 friends. How many cookies does each teacher get?",
            "teacher",
        ),
        (
            "A school has 8 buses and each bus holds 45 students. How many students can ride in the cars?",
            "cars",
        ),
        ("Lucy has 7 boxes with 6 crayons in each box. How many crayons are in the bags?", "bags"),
        ("Lucy has 7 boxes with 6 crayons in each box. How many crayons are in her desk?", "desk"),
        ("Tom earns 10 dollars an hour. How many hours must Ann work to earn 70 dollars?", "Ann"),
        ("Each page has 20 words. A chapter has 15 pages. How many words are in a book?", "book"),
        ("Mia packs 40 eggs into cartons of 8. How many eggs are in each basket?", "basket"),
        ("Ravi and Lena picked 30 apples. How many apples will Omar eat?", "Omar"),
    ],
)
def test_a_question_about_what_the_story_never_names_is_refused(text, word):
    why = unnamed_in_question(text)
    assert why is not None and word in why, (text, why)
    sol = solve(text)
    assert getattr(sol, "answer", None) is None, text


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Tom has 36 cookies. He shares them equally among 3 friends. How many cookies does each friend get?",
            12,
        ),
        (
            "A school has 8 buses and each bus holds 45 students. How many students can ride in the buses?",
            360,
        ),
        ("Lucy has 7 boxes with 6 crayons in each box. How many crayons are in the boxes?", 42),
        ("Tom earns 10 dollars an hour. How many hours must Tom work to earn 70 dollars?", 7),
        (
            "Megan has 19 seashells. How many more seashells does she need to have 25 seashells in her collection?",
            6,
        ),
        (
            "There are 400 students in a school. The number of students increased by 5%. How many students are in the school now?",
            420,
        ),
    ],
)
def test_a_question_about_the_storys_own_things_is_answered(text, value):
    assert unnamed_in_question(text) is None, text
    assert getattr(solve(text), "answer", None) == value, text


@pytest.mark.parametrize(
    "text",
    [
        # named first in the question where the story says "she" (no name in the story at all)
        "She ate 598 grams of pizza and her sister ate 354 grams. How many grams of pizza did Rachel and Bella eat?",
        # a verb after "each", a word for time, an attribute of a shape
        "Tom and Ann share 12 apples equally. How many apples will each get in a week?",
        "A square has a side of 9 m. What is its perimeter?",
        # the thing named earlier in the question itself
        "A bolt of cloth is 150 cm wide and another is 90 cm wide. How wide are the widest strips you can cut from either bolt if each strip has the same width?",
    ],
)
def test_words_that_name_no_new_thing_are_not_refused(text):
    assert unnamed_in_question(text) is None, text
