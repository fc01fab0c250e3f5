"""Practice problems: same kind, other numbers, and every answer established by the math core
(re-solved here to the stored answer); word problems from GSM8K templates; the session summary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.math import grading, solve, verify
from tutor.tutoring import practice as pr

GSM8K_TRAIN = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gsm8k" / "train.jsonl"

TYPED = [
    "Solve 3x + 7 = 22",
    "Solve x^2 - 5x + 6 = 0",
    "derivative of x^2 sin x",
    "What is 15% of 80?",
    "1/2 + 1/3",
    "Solve x + y = 10 and x - y = 2",
    r"\int_0^1 x^2\,dx",
    "Solve 2x - 9 = 15",
]


def _same(a: str, b: str) -> bool:
    return a == b or grading.answers_equal(a, b)


def _plain_sympy_solutions(problem: str) -> list[dict]:
    """The solutions of an equation problem ("Solve x^2 - 5x + 6 = 0", "Solve x + y = 10 and
    x - y = 2") by plain SymPy, without the math core's parser or solver."""
    import sympy as sp
    from sympy.parsing.sympy_parser import (
        convert_xor,
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    t = standard_transformations + (implicit_multiplication_application, convert_xor)
    eqs = []
    for part in re.split(r"\s*(?:,|\band\b)\s*", re.sub(r"^Solve\s+", "", problem)):
        left, right = part.split("=")
        eqs.append(sp.Eq(parse_expr(left, transformations=t), parse_expr(right, transformations=t)))
    syms = sorted(set().union(*(e.free_symbols for e in eqs)), key=str)
    return sp.solve(eqs, syms, dict=True)


def _stated_solutions(answer_latex: str) -> list[dict]:
    """'x = 1 \\text{ or } x = 5' -> [{x: 1}, {x: 5}]; 'x = 10, \\; y = 5' -> [{x: 10, y: 5}]."""
    import sympy as sp

    pairs = re.findall(r"([a-z])\s*=\s*(-?[\d/]+)", answer_latex.replace("\\frac", ""))
    names = {n for n, _ in pairs}
    if len(names) == 1:
        return [{sp.Symbol(n): sp.Rational(v)} for n, v in pairs]
    return [{sp.Symbol(n): sp.Rational(v) for n, v in pairs}]


@pytest.mark.parametrize("problem", TYPED)
def test_typed_practice_has_the_same_kind_other_numbers_and_a_resolved_answer(problem):
    original = solve(problem)
    for seed in range(3):
        p = pr.similar(problem, seed=seed)
        assert p.kind == original.kind and p.problem != problem and p.check == "verified"
        again = solve(p.problem)  # the core re-solves the shown problem to the stored answer
        assert again.ok and _same(again.answer_latex, p.answer), (p.problem, p.answer)
        assert pr.resolve(p) == p.answer
        assert verify(p.problem, f"The final answer is ${p.answer}$.").status == "verified"
        if original.kind in ("linear_equation", "quadratic_equation", "linear_system"):
            # independently of the math core: plain SymPy's solutions are the stored ones
            want = _plain_sympy_solutions(p.problem)
            got = _stated_solutions(p.answer)
            assert want and sorted(map(str, want)) == sorted(map(str, got)), (p.problem, p.answer, want)


@pytest.mark.skipif(not GSM8K_TRAIN.is_file(), reason="no shared GSM8K data")
def test_every_word_problem_is_rechecked_to_its_stored_answer():
    assert len(pr.gsm8k_templates()) > 100
    seen_rows = set()
    for seed in range(40):
        p = pr.word_problem(seed=seed)
        seen_rows.add(p.source)
        assert p.kind == "word_problem" and p.check == "calculations_checked"
        # the core's exact check of every step, and the steps end at the stored answer
        assert verify(p.problem, "\n".join(p.steps)).status == "calculations_checked"
        assert _same(pr.resolve(p), p.answer)
        assert grading.grade(p.solution, p.answer).correct
        template = next(t for t in pr.gsm8k_templates() if f"row {t.row}" in p.source)
        assert p.problem != template.question or len(template.slots) == 0
    assert len(seen_rows) > 10


@pytest.mark.skipif(not GSM8K_TRAIN.is_file(), reason="no shared GSM8K data")
def test_a_gsm8k_question_gets_its_own_template_with_new_numbers():
    q = (
        "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips "
        "in May. How many clips did Natalia sell altogether in April and May?"
    )
    p = pr.similar(q, seed=3)
    assert p.source == "GSM8K train row 0" and "48 of her" not in p.problem
    n = int(p.problem.split("to ")[1].split()[0])
    assert p.answer == str(n + n // 2) and n % 2 == 0  # half of it stays a whole number


def test_templates_refuse_ambiguous_rows():
    # 3 is both a question number and the step's unexplained constant: not a template
    assert (
        pr._build_template(
            0,
            "Tom has 3 red and 5 blue pens. He buys 3 times more blue.",
            "5 * 3 = <<5*3=15>>15\n15 + 3 = <<15+3=18>>18\n#### 18",
        )
        is None
    )
    # a step done in words (7 appears nowhere): not a template
    assert (
        pr._build_template(
            0, "Ann has 4 cats and 3 dogs and 6 fish.", "4 + 3 is 7 pets.\n7 + 6 = <<7+6=13>>13\n#### 13"
        )
        is None
    )


def test_refusals_say_why():
    with pytest.raises(pr.PracticeError, match="Solve a problem first"):
        pr.similar("")
    with pytest.raises(pr.PracticeError, match="could not read"):
        pr.similar("tell me a joke")


def test_check_answer_and_session_summary():
    p = pr.similar("Solve 3x + 7 = 22", seed=1)
    value = p.answer.split("=")[1].strip()
    assert pr.check_answer(p, value)[0] is True
    assert pr.check_answer(p, str(int(value) + 1))[0] is False
    s = pr.Session()
    s.record(p.kind, first_try=True, right=False, already_right=False)
    s.record(p.kind, first_try=False, right=True, already_right=False)
    assert s.kinds[p.kind] == {"tried": 1, "right": 1}
    restored = pr.Session.from_dict(s.to_dict())
    assert restored.kinds == s.kinds and "| linear equation | 1 | 1 |" in restored.markdown()
    # a tampered browser value is bounded, never trusted as is
    bad = pr.Session.from_dict({"kinds": {"x" * 500: {"tried": -4, "right": 10**12}}})
    assert all(len(k) <= 64 and v == {"tried": 0, "right": 0} for k, v in bad.kinds.items())
    assert pr.Session.from_dict("garbage").kinds == {}
