"""The math core's public interface and its promises (issue 12): typed results, one verdict
vocabulary, never confidently wrong on word problems, English words never become symbols, exact
decimals, the imaginary unit, units through sympy.physics.units, and the grader reading bare
final math as math-verify does."""

from __future__ import annotations

import json
import random
import re

import pytest

from tests.conftest import GSM8K_DIR
from tutor.math import STATUSES, Refusal, Solution, Verdict, check_student, grade, solve, verify
from tutor.math.calculations import check_calculations
from tutor.math.checks import verify_many


def test_public_interface_types():
    assert STATUSES == ("verified", "calculations_checked", "calculation_error", "wrong", "none")
    s = solve("Solve 3x + 7 = 22")
    assert isinstance(s, Solution) and s.ok and s.answer_latex == "x = 5" and s.kind == "linear_equation"
    r = solve("Write a poem about spring")
    assert isinstance(r, Refusal) and not r.ok and "poem" in r.reason
    v = verify("Solve 3x + 7 = 22", "So x = 5.")
    assert isinstance(v, Verdict) and v.status == "verified"
    assert set(v.to_dict()) >= {"status", "message", "line", "expected"}
    g = grade("#### 18", "18")
    assert g.correct and g.extracted == "18"
    with pytest.raises(ValueError):
        Verdict("checked")


# --------------------------------------------------------------------------- phrasings

PHRASINGS = [  # the list, textbook-style, each with its gold answer (LaTeX)
    ("If 3x + 7 = 22, what is the value of x?", "x = 5"),
    ("What is 7 times 8?", "56"),
    ("Calculate 1387582 divided by 7.", "198226"),
    ("Is 91 prime?", "\\text{False}"),
    ("Is 97 prime?", "\\text{True}"),
    ("Which is smaller: -1 or 62/595177?", "-1"),
    ("Let f(x) = -103x - 2479. What is f(-42)?", "1847"),
    ("How many milligrams are there in 664.6418 grams?", "664641.8"),
    ("What is 11817302.9 rounded to the nearest 10000?", "11820000"),
    ("Collect the terms in 3x + x + 0x.", "4 x"),
    ("Let z be (-69)/(-6). Solve 2 = -24o - z for o.", "o = - \\frac{9}{16}"),
    ("Find the slope of the line through (1,2) and (3,8)", "3"),
    ("Calculate 15 choose 3", "455"),
    ("Write 3/20 as a decimal.", "0.15"),
    ("Evaluate (1+2i)(6-3i)", "12 + 9 i"),
    ("0.2 - -21689195950", "21689195950.2"),
    ("What is the remainder when 29 is divided by 4?", "1"),
    ("Does 3 divide 12?", "\\text{True}"),
    ("Is 12 a multiple of 5?", "\\text{False}"),
    ("Sort 5, -2, 3.", "-2, 3, 5"),
    ("What is the next term in 4, 7, 10, 13?", "16"),
    ("Convert 5 (base 6) to base 2.", "101"),
    ("What is 0.7 minutes in seconds?", "42"),
    ("Round 3.14159 to 2 decimal places.", "3.14"),
    ("What is the highest common divisor of 3416 and 168?", "56"),
    ("What is the smallest common multiple of 4 and 6?", "12"),
    ("Is 15 composite?", "\\text{True}"),
    ("Is -4 greater than 211?", "\\text{False}"),
    ("What is the fourth biggest value in -9/11, -4, 0, -5?", "-5"),
    ("What is the difference between -0.4 and 1525?", "1525.4"),
    ("Solve -4*v = 3*s + 1, 5*v - 15 = 10*v + s for v.", "v = -4"),
    ("How many micrograms are there in 27/5 of a milligram?", "5400"),
    ("0.1 + 0.2", "0.3"),
]


@pytest.mark.parametrize("problem,gold", PHRASINGS)
def test_everyday_phrasings(problem, gold):
    s = solve(problem)
    assert s.ok, s.reason
    assert s.answer_latex == gold
    assert "<think>" not in s.to_markdown()  # the worked steps are the reply itself


def test_i_is_a_variable_outside_complex_arithmetic():
    s = solve("Collect the terms in -13*i + 18*i**2 + 17*i - 4*i.")
    assert s.ok and s.answer_latex == "18 i^{2}"


@pytest.mark.parametrize(
    "problem",
    [
        "Write a poem about spring",
        "Calculate the choose of 3",
        "What is love?",
        "Explain derivatives to me",
    ],
)
def test_english_words_are_refused_with_the_words_named(problem):
    r = solve(problem)
    assert not r.ok
    named = re.findall(r"'([A-Za-z]+)'", r.reason)
    assert named and all(w in problem for w in named)


def test_a_story_problem_is_read_not_refused():
    # once refused for its English words; the word-problem reader (issue 25) settles it
    r = solve("Janet has 3 apples and eats one. How many are left?")
    assert r.ok and r.answer == 2 and r.kind == "word_problem"


def _gsm8k_questions(n=120):
    rows = [json.loads(x) for x in (GSM8K_DIR / "train.jsonl").read_text().splitlines()[:n]]
    return [r["question"] for r in rows]


def test_no_parse_turns_an_english_word_into_symbols():
    """Property: a problem that is solved never has a symbol spelled by (a letter run of) an
    English word of its input; GSM8K questions and random mixes of their words with maths."""
    rng = random.Random(12)
    questions = _gsm8k_questions()
    words = sorted({w for q in questions for w in re.findall(r"[A-Za-z]{3,}", q)})
    inputs = questions[:40] + [
        "Express \\frac{2}{1 - i} in the form a + bi, where a is real",
        "Calculate \\frac{3}{4} of the cake",
        "\\text{area} = \\pi r^2",
        "Write \\sqrt{x} as a power of x",
        "Simplify \\frac{x}{2} when x is big",
    ]
    exprs = ["3/20", "2x + 1", "15", "x^2 - 4", "(1+2i)(6-3i)", "0.5"]
    # LaTeX-bearing sentences: the guard covers the LaTeX parser too (issue: "Express
    # \\frac{2}{1 - i} in the form a + bi" once read "in", "the", "form" as letters)
    exprs += ["\\frac{2}{1 - i}", "\\sqrt{x} + 1", "\\frac{x^2 - 1}{x - 1}", "2\\frac{1}{3}"]
    for _ in range(80):
        ws = rng.sample(words, rng.randint(1, 3))
        expr = rng.choice(exprs)
        inputs.append(
            rng.choice(
                [
                    f"{ws[0]} {expr}",
                    f"{expr} {' '.join(ws)}",
                    f"Calculate {expr} {ws[0]} {ws[-1]}",
                    f"Solve {expr} = {ws[0]}",
                ]
            )
        )
    solved = 0
    controls = [f"Please calculate {e}" for e in exprs] + [f"What is {e}?" for e in exprs]
    inputs += controls
    for text in inputs:
        s = solve(text)
        if not s.ok:
            continue
        solved += 1
        english = {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)} - {
            "solve",
            "calculate",
            "what",
            "is",
            "the",
            "of",
            "simplify",
            "evaluate",
        }
        syms = set()
        for obj in s.answer if isinstance(s.answer, (list, tuple)) else [s.answer]:
            syms |= {str(t) for t in getattr(obj, "free_symbols", set())}
        letters = {c for w in english for c in w}
        assert not (syms & letters), (text, s.answer_latex)
    # the mixes are refused (an unknown word is a refusal); the controls must be solved, so the
    # property is checked on real solutions too
    assert solved >= len(controls), solved


_SYMBOL_FREE = [  # arithmetic-looking inputs with no variable: numbers, operators, known names
    "2 + 3 * 4",
    "(1/2) + (1/3)",
    "3/20",
    "0.5 * 8",
    "7 - 10",
    "2^10",
    "2**5",
    "sqrt(49)",
    "sqrt 16",
    "\\sqrt{81}",
    "\\frac{3}{4} + \\frac{1}{4}",
    "\\frac{1}{2} \\cdot 6",
    "3 \\times 4",
    "12 \\div 4",
    "sin(pi/2)",
    "cos(0)",
    "tan(pi/4)",
    "\\sin \\frac{\\pi}{6}",
    "e^0",
    "ln(e^3)",
    "ln e",
    "e^{\\ln 3}",
    "log_2 8",
    "log_2(8)",
    "log_{2} 8",
    "\\log_{2} 8",
    "\\log_2 32",
    "log_10 0.01",
    "log_4 2",
    "log base 2 of 8",
    "log base 3 of 81",
    "lg 100",
    "log 100",
    "log(1000)",
    "\\log 1000",
    "log2(8)",
    "log10(100)",
    "log(8, 2)",
    "log_3 81 + 1",
    "2 log_2 8",
    "log_5 (1/25)",
    "log_2 5",
    "10C3",
    "^10C_3",
    "{}^{10}C_{3}",
    "C(10,3)",
    "nCr(10,3)",
    "\\binom{10}{3}",
    "{10 \\choose 3}",
    "5P2",
    "P(5,2)",
    "nPr(5,2)",
    "10P3",
    "5C2 + 4P2",
    "6 C 2",
    "2x3",
    "8 _2",
    "log_2 8 _2",
    "3 C 4",
    "5 %",
    "15% of 80",
    "|-3| + 2",
    "(2+3)(4-1)",
    "-(-4)",
    "1e3",
    "0.1 + 0.2",
    "pi",
    "2pi",
    "abs(-7)",
    "exp(0)",
    "(1+2i)(6-3i)",
    "sin^2(pi/4) + cos^2(pi/4)",
    "\\left(\\frac{1}{2}\\right)^2",
    "4!/2!",
]


def test_no_symbol_free_input_gets_an_answer_with_symbols():
    """Property (sibling of the one above): an input with no variable letters is refused or
    answered with a plain number (no free symbols), and its answer LaTeX has no `_`."""
    assert len(_SYMBOL_FREE) >= 60
    answered = 0
    for text in _SYMBOL_FREE:
        for asked in (text, f"Evaluate {text}", f"Find the value of {text}."):
            s = solve(asked)
            if not s.ok:
                assert s.reason, asked
                continue
            answered += 1
            objs = s.answer if isinstance(s.answer, (list, tuple)) else [s.answer]
            syms = set().union(*(getattr(o, "free_symbols", set()) for o in objs))
            assert not syms, (asked, s.answer_latex)
            assert "_" not in s.answer_latex, (asked, s.answer_latex)
    assert answered >= 120, answered


# --------------------------------------------------------------------------- calculations


def test_calculation_checker_exact_and_rounded():
    rep = check_calculations(
        "First 3 * 6 = 18.\nThen 500/6 = 83\nAnd 20/3 = 6.67\n2 liters * 20% = .4 liters"
    )
    bad = rep.first_error
    assert bad is not None and bad.line == 2 and bad.correct_text == "83.33…"
    assert [c.ok for c in rep.calculations] == [True, False, True]  # the liters line is unreadable
    assert check_calculations("0.1 + 0.2 = 0.3").first_error is None  # exact, not binary floats
    assert check_calculations("2^9999999 = 1").checked == 0  # bounded: not evaluated


def test_calculation_checker_has_no_false_alarms_on_gsm8k_gold():
    rows = [json.loads(x) for x in (GSM8K_DIR / "train.jsonl").read_text().splitlines()[:300]]
    flagged = [
        r
        for r in rows
        if check_calculations(re.sub(r"<<[^<>]*>>", "", r["answer"]).split("####")[0]).first_error
    ]
    # the few flagged are real slips in GSM8K's own gold: 192*100 = $1920, 6*2.5 = $18.00,
    # 6/3 = .5, 4080 + 4080 / 2 = 4000 + 2040
    assert len(flagged) <= 4


def _altered(answer: str) -> str | None:
    m = re.search(r"<<([^<>=]+)=(\d+)>>(\d+)", answer)
    if not m or m.group(2) != m.group(3):
        return None
    new = str(int(m.group(2)) + 3)
    return re.sub(r"<<[^<>]*>>", "", answer[: m.start()] + f"<<{m.group(1)}={new}>>{new}" + answer[m.end() :])


def test_word_problem_verdicts_on_gsm8k_replies_and_altered_copies():
    rows = [json.loads(x) for x in (GSM8K_DIR / "train.jsonl").read_text().splitlines()[300:340]]
    items, kinds = [], []
    for r in rows:
        plain = re.sub(r"<<[^<>]*>>", "", r["answer"])
        items.append((r["question"], plain))
        kinds.append("plain")
        head, _, gold = plain.rpartition("####")
        items.append((r["question"], f"{head}#### {int(float(gold.strip().replace(',', ''))) + 7}"))
        kinds.append("final")
        alt = _altered(r["answer"])
        if alt:
            items.append((r["question"], alt))
            kinds.append("calc")
    out = verify_many(items, timeout=120)
    for (problem, reply), kind, v in zip(items, kinds, out):
        if v.kind == "word_problem" and v.status in ("verified", "wrong"):
            # the engine settled the story itself (e.g. "Hash has nine more than half as many toys as
            # Bill"): its verdict must be the right one, ✓ for the gold reply, ✗ for the altered final
            # answer; a "calc" copy keeps the right final answer, so never ✗ (the calculation checker
            # reads no line with unit words, "60 toys / 2 = 33 toys", so it cannot flag that slip)
            expected = {"plain": ("verified",), "final": ("wrong",), "calc": ("verified",)}[kind]
            assert v.status in expected, (kind, problem, v)
            continue
        assert v.status not in ("verified", "wrong"), (kind, problem, v)  # not settled: never ✓/✗
        if kind in ("plain", "final"):
            assert v.status in ("calculations_checked", "none"), (kind, reply, v)
    calc = [v for k, v in zip(kinds, out) if k == "calc"]
    assert len(calc) >= 20, len(calc)  # enough altered replies for the share below to mean something
    caught = [v for v in calc if v.status == "calculation_error"]
    assert len(caught) >= 0.6 * len(calc)
    for v in caught:
        assert v.line is not None and v.expected and f"line {v.line}:" in v.message


def test_calculation_error_is_never_presented_as_the_answer():
    v = verify(
        "Tom buys 6 boxes of 500 pencils and shares them among 6 friends. How many each?",
        "6 * 500 = 3000 pencils.\nEach gets 3000/6 = 600\n#### 600",
    )
    assert v.status == "calculation_error" and v.line == 2
    assert v.expected == "500" and "SymPy finds" not in v.note() and "✗" not in v.note()


def test_check_student_uses_the_same_vocabulary():
    assert check_student("Solve 3x + 7 = 22", "x = 5").status == "verified"
    assert check_student("Solve 3x + 7 = 22", "x = 4").status == "wrong"
    v = check_student("A shop sells 4 pens at $3. How much?", "4 * 3 = 13\n13")
    assert v.status == "calculation_error" and v.line == 1
    v = check_student("A shop sells 4 pens at $3. How much?", "4 * 3 = 12\n12")
    assert v.status == "calculations_checked" and "not checked" in v.message


def test_typed_problem_wrong_and_verified():
    assert verify("Is 91 prime?", "No. The answer is False").status == "verified"
    assert verify("Is 91 prime?", "The answer is yes.").status == "wrong"
    assert verify("Is 91 prime?", "It is not prime, since 7 divides it.").status != "wrong"
    assert verify("What is 7 times 8?", "The answer is 56.").status == "verified"
    v = verify("What is 7 times 8?", "The answer is 54.")
    assert v.status == "wrong" and v.expected == "56"


# --------------------------------------------------------------------------- grader


@pytest.mark.parametrize(
    "reply,gold,extracted",
    [
        ("$\\frac{1}{3}$", "1/3", "\\frac{1}{3}"),
        ("$[0,1)$", "[0,1)", "[0,1)"),
        ("\\frac{10}{9}", "10/9", "\\frac{10}{9}"),
        ("$x \\geq 5$", "x \\ge 5", "x \\geq 5"),
        ("$k = \\frac{1}{3}$", "\\frac{1}{3}", "k = \\frac{1}{3}"),
        ("The set is $\\{1, 2, 3\\}$", "\\{1,2,3\\}", "\\{1, 2, 3\\}"),
        ("The answer is sqrt(17)/21.", "sqrt(17)/21", "sqrt(17)/21"),
    ],
)
def test_grader_reads_bare_final_math_as_math_verify(reply, gold, extracted):
    g = grade(reply, gold)
    assert g.extracted == extracted and g.correct
    assert not grade(reply, "3").correct


def test_grader_keeps_gsm8k_rules_and_percent_policy():
    assert grade("so 18 eggs.\n#### 18", "#### 18").correct
    assert grade("The answer is 25%.", "25").correct
    assert grade("The answer is 5%.", "0.05").correct
    assert not grade("The answer is 5.", "0.05").correct


def test_bench_math_runs_on_a_slice_and_its_corpus_records_sources():
    from bench import bench_math

    rows = [json.loads(x) for x in bench_math.CORPUS.read_text().splitlines()]
    assert len(rows) >= 400 and all(r.get("source") for r in rows)
    res = bench_math.run(limit=20)  # the first 20 typed problems give 5 typed wrong answers
    assert res["offline"]["answered"] <= 20 and res["gsm8k_replies"] == 60
    v = res["verdicts"]
    assert v["typed_wrong"] >= 5 and v["verified_on_wrong"] == 0
    assert bench_math.BEGIN in bench_math.render(res)


def test_calculation_checker_work_is_bounded_on_hostile_replies():
    import time

    t0 = time.perf_counter()
    for text in [
        "1 + " * 5000 + "= 3",
        ("2 " * 3000 + "= ") * 3,
        ("2 " * 30 + "= ") * 600,
        "3 * 4 = 12 " * 2000,
        "(" * 50 + "1" + ")" * 50 + " = 1",
        "9" * 59 + "**64 = 1",
    ]:
        check_calculations(text)
    assert time.perf_counter() - t0 < 10  # a safety bound against a hang (0.3 s normally)
    assert check_calculations("3 + 4 = 7 " + "+ 1 " * 100).first_error is None  # cut, not misread


def test_grader_off_the_main_thread_is_bounded():
    """math-verify's own timeouts need the main thread (signal.alarm); in the app's worker threads
    input that can keep SymPy busy (large powers, deep nesting) skips math-verify instead."""
    import threading
    import time

    took = []

    def run():
        t0 = time.perf_counter()
        for text in [
            "$(x+1)^{999}$",
            "$" + "\\frac{1}{" * 40 + "2" + "}" * 40 + "$",
            "$" + "(" * 100 + "1" + ")" * 100 + "$",
            "so 9**9**9",
        ]:
            grade(text, "1")
        took.append(time.perf_counter() - t0)
        took.append(grade("so it is $\\frac{1}{3}$", "1/3").correct)

    t = threading.Thread(target=run)
    t.start()
    t.join(60)
    assert took and took[0] < 10 and took[1] is True  # bounded: 0.2 s normally, minutes unbounded
