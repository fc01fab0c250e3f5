"""The one answer-leak detector (tutor.tutoring.leaks), used by the live hint guard and by
Evaluate's hint answer-leak rate: what counts as stating the final answer, that both users judge
alike, and that a streamed hint is checked on every piece before it is on screen."""

from __future__ import annotations

import pytest

import tutor.evaluation.evaluate as ev
from tests.test_verify import StubEngine
from tutor.math import symbolic
from tutor.tutoring import hints as hintlib
from tutor.tutoring.leaks import announces_an_answer, answer_leak
from tutor.tutoring.service import Tutor

CAKE = "A baker makes 7 trays of 6 cakes and sells 30 of them. How many cakes are left?"  # 12

LEAKS = [
    ("So 42 - 30 = 12 cakes are left.", "12", CAKE),
    ("There are 12 left, but check your working.", "12", CAKE),
    ("The answer is $\\boxed{12}$.", "12", CAKE),
    ("Subtract 7 from both sides and divide by 3: x = 5.", "5", "Solve 3x + 7 = 22"),
    ("Divide both sides by 3, so $x=5$", "x = 5", "Solve 3x + 7 = 22"),
    ("Add the fractions over 6: you get $\\frac{5}{6}$.", "\\frac{5}{6}", "1/2 + 1/3"),
    ("Add them over a common denominator: 5/6.", "\\frac{5}{6}", "1/2 + 1/3"),
    ("Take 15% as 0.15, and 0.15 * 80 = 12.0", "12", "What is 15% of 80?"),
    ("Now substitute $x = 2$: $4$.", "4", "limit of (x^2-4)/(x-2) as x -> 2"),  # 4 is also given
]

NOT_LEAKS = [
    ("First find how many cakes the baker makes: 7 trays of 6.", "12", CAKE),
    ("Multiply 7 by 6, then take away the 30 sold.", "12", CAKE),
    ("The answer is", "12", CAKE),  # announced, but no value on screen yet
    ("Think about what is left after selling. The final answer is", "12", CAKE),
    ("So 42 - 30 = 13 cakes are left.", "12", CAKE),  # wrong, but not the answer
    ("Subtract 7 from both sides: 3x = 15.", "5", "Solve 3x + 7 = 22"),
    ("15% of 80 is 0.15 * 80", "12", "What is 15% of 80?"),  # the step, not its value
    ("", "12", CAKE),
]


@pytest.mark.parametrize("text,gold,question", LEAKS)
def test_a_text_that_states_the_answer_leaks(text, gold, question):
    assert answer_leak(text, [gold], question)
    assert ev.answer_leak(text, gold, question)  # Evaluate's rate uses the same detector


@pytest.mark.parametrize("text,gold,question", NOT_LEAKS)
def test_a_text_that_does_not_state_the_answer_does_not_leak(text, gold, question):
    assert not answer_leak(text, [gold], question)
    assert not ev.answer_leak(text, gold, question)


def test_the_quick_rules_catch_what_streams_before_the_value_is_announced():
    # the numbers, assignments and LaTeX rules run on every streamed piece
    assert answer_leak("There are 12 left", ["12"], CAKE, quick=True)
    assert answer_leak("so $x=5$", ["x = 5", "5"], "Solve 3x + 7 = 22", quick=True)
    assert not answer_leak("Multiply 7 by 6", ["12"], CAKE, quick=True)


@pytest.mark.parametrize(
    "text,announces",
    [
        ("The answer is 7.", True),
        ("the final answer is $\\boxed{9}$", True),
        ("#### 5", True),
        ("Answer: x = 3", True),
        ("The answer is", False),
        ("The answer is:", False),
        ("\\boxed{}", False),
        ("The answer is to divide both sides by 3.", False),
        ("Think about what the answer should look like.", False),
    ],
)
def test_a_hint_that_announces_a_final_answer_of_its_own(text, announces):
    assert announces_an_answer(text) is announces


@pytest.fixture(scope="module")
def _worker():
    symbolic.solve("1 + 1")
    yield
    symbolic.shutdown()


@pytest.mark.usefixtures("_worker")
def test_the_guard_refuses_what_the_detector_calls_a_leak_and_a_wrong_announced_answer():
    plan = hintlib.sympy_plan("Solve 3x + 7 = 22")
    assert plan is not None and plan.problem
    for text, gold, question in LEAKS[3:5]:
        assert hintlib.reveals(text, plan), text
        assert hintlib.guard(text, plan, 0) == (plan.hints[0], True)
    assert hintlib.reveals("The answer is 6.", plan)  # wrong, announced: a hint states no answer
    assert not hintlib.reveals("Subtract 7 from both sides. The answer is", plan)
    assert hintlib.guard("Subtract 7 from both sides first.", plan, 0) == (
        "Subtract 7 from both sides first.",
        False,
    )


class PiecesEngine(StubEngine):
    """Streams the given pieces as they are (a number can arrive digit by digit)."""

    def __init__(self, pieces: list[str]) -> None:
        super().__init__("".join(pieces))
        self.pieces = pieces

    def generate(self, prompt, settings, stop=None, adapter=None):
        yield from self.pieces


@pytest.mark.usefixtures("_worker")
@pytest.mark.parametrize(
    "problem,answer,pieces",
    [
        # the answer arrives mid-sentence, away from any newline or 40-character mark
        (
            "Solve 3x + 7 = 22",
            "5",
            ["Sub", "tract", " 7", " from", " both", " sides", ",", " then", " divide", " by", " 3", ":"]
            + [" so", " x", " =", " ", "5", ".", " Now", " check", " it", " yourself", " carefully", "."],
        ),
        # the answer arrives digit by digit: not even its first digit reaches the screen
        (
            "Solve x - 3 = 22",
            "25",
            [
                "Add",
                " 3",
                " to",
                " both",
                " sides",
                " and",
                " you",
                " get",
                " x",
                " =",
                " ",
                "2",
                "5",
                " now",
                ".",
            ],
        ),
    ],
    ids=["mid-sentence", "digit-by-digit"],
)
def test_a_streamed_hint_never_puts_the_answer_on_screen(problem, answer, pieces):
    tutor = Tutor(PiecesEngine(pieces))
    state = hintlib.HintState(problem=problem)
    snapshots = [r.as_text() for r in tutor.hint(state)]  # one Reply object grows: read each state
    final = snapshots.pop()
    assert len(snapshots) >= 5  # it streamed
    for shown in snapshots:
        assert not answer_leak(shown, [answer], problem), shown
        assert f"= {answer[0]}" not in shown, shown
    kept = state.hints[-1]  # the model's hint was replaced, and the replacement states no answer
    assert kept != "".join(pieces) and not answer_leak(kept, [answer], problem), kept
    assert "replaced" in final
