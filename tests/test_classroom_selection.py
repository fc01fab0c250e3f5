"""Adaptive practice: the skill with the lowest mastery among those started or assigned, a
difficulty that moves with the answers, and only problems whose answer the math core verified."""

import pytest

from tutor.classroom import selection
from tutor.math import solve
from tutor.tutoring import practice


def test_every_seed_is_read_as_its_skill_by_the_math_core():
    for skill, seeds in selection.SEEDS.items():
        assert len(seeds) == len(selection.LEVELS)
        for seed in seeds:
            assert getattr(solve(seed), "kind", None) == skill, seed


def test_the_level_moves_with_the_answers():
    assert selection.level([]) == 1
    assert selection.level([(True, 1)]) == 1
    assert selection.level([(True, 1), (True, 1)]) == 2
    assert selection.level([(True, 1)] * 4) == 3
    assert selection.level([(True, 1)] * 10) == 3  # capped
    assert selection.level([(True, 1)] * 4 + [(False, 3)]) == 2
    assert selection.level([(True, 1), (False, 1), (True, 1)]) == 1  # a wrong answer breaks the run
    assert selection.level([(False, 1)] * 3) == 1


def test_the_next_skill_is_the_lowest_mastery_started_or_assigned():
    mastery = {"linear_equation": 0.8, "percentage": 0.3, "derivative": 0.1}
    # derivative has the lowest mastery but was neither started nor assigned
    assert selection.next_skill(mastery, {"linear_equation", "percentage"}) == "percentage"
    # an assigned skill not yet started counts at the prior (0.2 < 0.3)
    assert selection.next_skill(mastery, {"linear_equation", "percentage"}, ["expand"]) == "expand"
    # a skill no problem can be made for is skipped, unless the student's own problem seeds it
    assert selection.next_skill({"limit": 0.0, "percentage": 0.5}, {"limit", "percentage"}) == "percentage"
    assert (
        selection.next_skill({"limit": 0.0}, {"limit"}, last_problems={"limit": "lim x->0 sin(3x)/x"})
        == "limit"
    )
    assert selection.next_skill({}, set()) is None
    # the Class tab tries the next one when no problem can be made for the weakest
    assert selection.ranked_skills(mastery, {"linear_equation", "percentage", "other"}, ["expand"]) == [
        "expand",
        "percentage",
        "linear_equation",
    ]


@pytest.mark.parametrize(
    ("skill", "lvl"), [("linear_equation", 1), ("linear_equation", 3), ("percentage", 2)]
)
def test_problems_are_of_the_skill_and_verified(skill, lvl):
    p = selection.make_problem(skill, lvl, seed=5)
    assert p.kind == skill and p.check == "verified"
    assert practice.resolve(p) == p.answer  # the core finds the same answer afresh


def test_a_harder_level_gives_a_harder_problem():
    easy = selection.make_problem("linear_equation", 1, seed=1).problem
    hard = selection.make_problem("linear_equation", 3, seed=1).problem
    assert easy.count("x") == 1 and hard.count("x") == 2  # x on both sides at level 3


def test_word_problems_get_more_steps_at_higher_levels():
    if not practice.gsm8k_templates():
        pytest.skip("no GSM8K data in ../shared/data")
    one = selection.make_problem(practice.WORD_KIND, 1, seed=3)
    three = selection.make_problem(practice.WORD_KIND, 3, seed=3)
    assert one.check == three.check == "calculations_checked"
    assert len(one.steps) <= 2 < 4 <= len(three.steps)
