"""Hint mode: the next step only; the final answer never appears before the reveal (checked with
the grader); model hints that leak the answer are replaced."""

import pytest

from tests.test_verify import StubEngine
from tutor.engine.engines import SymbolicEngine
from tutor.math import symbolic
from tutor.math.grading import grade
from tutor.tutoring.hints import HintState, guard, reveals, sympy_plan
from tutor.tutoring.service import Tutor


@pytest.fixture(scope="module", autouse=True)
def _worker():
    symbolic.solve("1 + 1")
    yield
    symbolic.shutdown()


PROBLEMS = [
    "Solve 3x + 7 = 22",
    "Solve x^2 - 5x + 6 = 0",
    "Solve x + y = 10 and x - y = 2",
    "derivative of x^2 sin x",
    "integrate x^2 from 0 to 1",
    "1/2 + 1/3",
    "What is 15% of 80?",
    "factor x^2 + 5x + 6",
    "limit of (x^2-4)/(x-2) as x -> 2",
    "Solve 2(x + 3) = 5x - 9",
]


@pytest.mark.parametrize("problem", PROBLEMS)
def test_offline_hints_never_reveal_the_answer_before_the_reveal(problem):
    tutor = Tutor(SymbolicEngine())
    plan = sympy_plan(problem)
    assert plan is not None and plan.answer
    state = HintState(problem=problem)
    shown = []
    for _ in range(len(plan.hints) + 2):  # ask past the last hint
        final = list(tutor.hint(state))[-1]
        assert final.done and final.error is None
        shown.append(final.as_text())
    for text in shown:
        assert not grade(text, plan.answer).correct, (problem, text)
        for v in plan.values:
            assert not grade(text, v).correct, (problem, text, v)
        assert not reveals(text, plan), (problem, text)
    assert "Show full solution" in shown[-1]  # hints ran out: the student is told how to reveal
    assert state.index == len(plan.hints)
    revealed = list(tutor.reveal(state))[-1]
    assert grade(revealed.as_text(), plan.answer).correct or plan.answer in revealed.as_text()


def test_first_hint_is_a_real_step():
    tutor = Tutor(SymbolicEngine())
    text = list(tutor.hint(HintState(problem="Solve 3x + 7 = 22")))[-1].as_text()
    assert "Hint 1" in text and "Subtract $7$" in text


def test_model_hint_that_leaks_the_answer_is_replaced():
    engine = StubEngine("Subtract 7 and divide by 3, so x = 5. The answer is $\\boxed{5}$.")
    tutor = Tutor(engine)
    state = HintState(problem="Solve 3x + 7 = 22")
    final = list(tutor.hint(state))[-1]
    assert not grade(final.as_text(), "5").correct
    assert "Subtract $7$" in final.as_text()  # SymPy's step instead
    assert any("replaced" in n for n in final.notices)
    assert engine.calls[-1][1] and "HINT" in engine.calls[-1][1]  # the hint system prompt


def test_model_hint_that_is_safe_is_kept():
    engine = StubEngine("Start by subtracting 7 from both sides.")
    final = list(Tutor(engine).hint(HintState(problem="Solve 3x + 7 = 22")))[-1]
    assert "subtracting 7" in final.as_text() and not final.notices


def test_guard_without_sympy_uses_a_nudge():
    text, replaced = guard("The final answer is \\boxed{12}", None, 0)
    assert replaced and "12" not in text
    assert guard("Think about what 'of' means.", None, 0) == ("Think about what 'of' means.", False)


def test_unsupported_problem_hint_is_friendly():
    final = list(Tutor(SymbolicEngine()).hint(HintState(problem="Tell me a joke")))[-1]
    assert final.done and "can't" in final.as_text()


def test_api_hint_mode_counts_previous_hints_in_history():
    tutor = Tutor(SymbolicEngine())
    first = list(tutor.respond("hint", "Solve 3x + 7 = 22"))[-1].as_text()
    second = list(
        tutor.respond("hint", "Solve 3x + 7 = 22", history=[{"role": "assistant", "content": first}])
    )[-1].as_text()
    assert "Hint 1" in first and first != second  # the second ask moves on
