"""Verification of model answers with SymPy: a table of problems with right and deliberately
wrong replies, word problems and questions SymPy can't settle, timeouts, the Reply/API data,
check-my-answer and self-consistency.  One shared SymPy worker; the table is checked in one
batch."""

import time

import pytest

from tutor.core.prompting import Prompt
from tutor.engine.engines import Engine, EngineInfo
from tutor.math import symbolic
from tutor.math.checks import check_student, verify, verify_many
from tutor.tutoring.confidence import cluster_answers
from tutor.tutoring.service import Tutor
from tutor.ui.chat_view import reply_messages


@pytest.fixture(scope="module", autouse=True)
def _worker():
    symbolic.solve("1 + 1")
    yield
    symbolic.shutdown()


def think(body: str, tail: str) -> str:
    return f"<think>\n{body}\n</think>\n\n{tail}"


# (problem, a right reply, a wrong reply) in realistic model styles
TABLE = [
    (
        "Solve 3x + 7 = 22",
        think("Subtract 7: 3x = 15. Divide by 3.", "So $x = 5$.\n\n$\\boxed{5}$"),
        think("3x = 22 - 7 = 16", "The answer is $x = \\frac{16}{3}$."),
    ),
    ("Solve 2x - 4 = 10", "2x = 14, so x = 7. The answer is 7.", "2x = 6, x = 3. The answer is 3."),
    ("Solve 5x = 35", "$\\boxed{x=7}$", "$\\boxed{x=5}$"),
    ("Solve x/2 + 1 = 4", "x/2 = 3\n#### 6", "x/2 = 5\n#### 10"),
    (
        "Solve 2(x + 3) = 5x - 9",
        think("2x+6 = 5x-9, 15 = 3x", "Final answer: $x = 5$"),
        think("2x+6=5x-9 so 3x = 3", "Final answer: $x = 1$"),
    ),
    ("Solve 0.5x - 1 = 2", "The answer is $x = 6$.", "The answer is $x = 1.5$."),
    ("Solve 4x + 1 = 2x + 9", "\\boxed{4}", "\\boxed{5}"),
    ("Solve 7 - x = 10", "\\boxed{-3}", "\\boxed{3}"),
    (
        "Solve x^2 - 5x + 6 = 0",
        think("(x-2)(x-3)=0", "$\\boxed{x = 2 \\text{ or } x = 3}$"),
        think("(x-2)(x-3)", "The answer is $x = 2$."),
    ),
    (
        "Solve x^2 = 9",
        "The solutions are $x = \\pm 3$, so the answer is $x = \\pm 3$.",
        "The answer is $x = 3$.",
    ),
    ("Solve x^2 - 4x + 4 = 0", "\\boxed{2}", "\\boxed{-2}"),
    ("Solve x^2 + 2x - 8 = 0", "\\boxed{x = -4, x = 2}", "\\boxed{x = 4, x = -2}"),
    ("Solve 2x^2 - 8 = 0", "The answer is $x = 2$ or $x = -2$.", "The answer is $x = 4$ or $x = -4$."),
    ("Solve x^2 - 2 = 0", "\\boxed{x = \\pm\\sqrt{2}}", "\\boxed{x = \\pm 2}"),
    (
        "Solve x^2 + 1 = 0",
        "There are no real solutions. The answer is no real solution.",
        "The answer is $x = 1$.",
    ),
    ("Solve x + y = 10 and x - y = 2", "\\boxed{x = 6, y = 4}", "\\boxed{x = 4, y = 6}"),
    ("Solve 2x + y = 7, x - y = 2", "The answer is $x = 3, y = 1$.", "The answer is $x = 1, y = 3$."),
    ("Solve x + 2y = 5 and 3x - y = 1", "\\boxed{(1, 2)}", "\\boxed{(2, 1)}"),
    ("Solve 1/x = 2", "\\boxed{\\frac{1}{2}}", "\\boxed{2}"),
    ("factor x^2 + 5x + 6", "\\boxed{(x+2)(x+3)}", "\\boxed{(x+1)(x+6)}"),
    ("factor x^2 - 9", "\\boxed{(x-3)(x+3)}", "\\boxed{(x-3)^2}"),
    ("expand (x+1)^2", "\\boxed{x^2 + 2x + 1}", "\\boxed{x^2 + 1}"),
    ("expand (x+2)(x-3)", "The answer is $x^2 - x - 6$.", "The answer is $x^2 + x - 6$."),
    ("simplify (x^2 - 1)/(x - 1)", "\\boxed{x + 1}", "\\boxed{x - 1}"),
    ("simplify sin(x)^2 + cos(x)^2", "\\boxed{1}", "\\boxed{0}"),
    ("simplify 2x + 3x", "\\boxed{5x}", "\\boxed{6x}"),
    (
        "derivative of x^2 sin x",
        think("product rule", "$\\boxed{2x\\sin x + x^2\\cos x}$"),
        think("product rule", "$\\boxed{2x\\cos x}$"),
    ),
    ("derivative of x^3", "The answer is $3x^2$.", "The answer is $3x^3$."),
    ("differentiate e^(2x)", "\\boxed{2e^{2x}}", "\\boxed{e^{2x}}"),
    ("derivative of ln(x)", "\\boxed{\\frac{1}{x}}", "\\boxed{\\ln x}"),
    ("derivative of sin(3x)", "\\boxed{3\\cos(3x)}", "\\boxed{\\cos(3x)}"),
    ("second derivative of x^4", "\\boxed{12x^2}", "\\boxed{4x^3}"),
    (
        "integrate x^2",
        think("power rule", "$\\boxed{\\frac{x^3}{3} + C}$"),
        think("power rule", "$\\boxed{\\frac{x^3}{2} + C}$"),
    ),
    ("integrate cos(x)", "\\boxed{\\sin x + C}", "\\boxed{-\\sin x + C}"),
    ("integrate 2x + 1", "The answer is $x^2 + x + C$.", "The answer is $x^2 + C$."),
    ("integrate e^x", "\\boxed{e^x + C}", "\\boxed{x e^x + C}"),
    ("integrate 1/x", "\\boxed{\\ln|x| + C}", "\\boxed{\\frac{-1}{x^2} + C}"),
    (r"\int_0^1 x^2\,dx", "The answer is $\\frac13$.", "The answer is $\\frac12$."),
    ("integrate x from 0 to 2", "\\boxed{2}", "\\boxed{4}"),
    ("integrate sin(x) from 0 to pi", "\\boxed{2}", "\\boxed{0}"),
    ("limit of sin(x)/x as x -> 0", "\\boxed{1}", "\\boxed{0}"),
    ("limit of (x^2-4)/(x-2) as x -> 2", "\\boxed{4}", "\\boxed{2}"),
    ("limit of 1/x as x -> oo", "\\boxed{0}", "\\boxed{1}"),
    ("limit of (3x+1)/(x-2) as x -> oo", "The answer is 3.", "The answer is 1."),
    ("limit of 1/x as x -> 0", "The limit does not exist. \\boxed{\\text{DNE}}", "\\boxed{0}"),
    ("1/2 + 1/3", "\\boxed{\\frac{5}{6}}", "\\boxed{\\frac{2}{5}}"),
    ("3/4 - 1/4", "\\boxed{0.5}", "\\boxed{\\frac{1}{4}}"),
    ("2/3 * 3/5", "\\boxed{\\frac25}", "\\boxed{\\frac{6}{8}}"),
    ("12 * 15", "12 * 15 = 180\n#### 180", "#### 170"),
    ("144 / 12", "\\boxed{12}", "\\boxed{14}"),
    ("2^10", "\\boxed{1024}", "\\boxed{1000}"),
    ("(3 + 5) * 2", "\\boxed{16}", "\\boxed{13}"),
    ("1/3 + 1/3", "\\boxed{0.667}", "\\boxed{0.6}"),
    ("What is 15% of 80?", "15% of 80 = 0.15 * 80 = 12\n#### 12", "#### 15"),
    ("What is 25% of 200?", "\\boxed{50}", "\\boxed{25}"),
    ("Increase 50 by 10%", "\\boxed{55}", "\\boxed{60}"),
    ("30 is what percent of 120?", "The answer is 25%.", "The answer is 30%."),
    ("Decrease 80 by 25%", "\\boxed{60}", "\\boxed{20}"),
    ("Solve 3(x - 1) = 2x + 4", "\\boxed{7}", "\\boxed{5}"),
    ("Solve 6x = 3", "\\boxed{\\frac{1}{2}}", "\\boxed{2}"),
]

WORD_PROBLEMS = [  # SymPy can't settle these; only the calculations can be checked
    (
        "Janet has 3 boxes with 6 eggs each and sells every egg for $2. How much does she make?",
        "She has 3 * 6 = 18 eggs.\nShe makes 18 * 2 = 36 dollars.\n#### 36",
        "She has 3 * 6 = 18 eggs.\nShe makes 18 * 2 = 38 dollars.\n#### 38",
    ),
    (
        # the $50 bill is a number the answer does not use: the word-problem engine refuses it
        "A book costs $12 and a pen costs $3. Tom buys 2 books and 4 pens with a $50 bill. How much does he pay?",
        think("books and pens", "He pays $2 \\cdot 12 + 4 \\cdot 3 = 36$ dollars.\n\nThe answer is 36."),
        think("books and pens", "He pays $2 \\cdot 12 + 4 \\cdot 3 = 34$ dollars.\n\nThe answer is 34."),
    ),
]

NO_BADGE = [  # outside SymPy's reach, no checkable final arithmetic: never a badge
    (
        "Prove that the square root of 2 is irrational.",
        think(
            "Suppose sqrt 2 = p/q in lowest terms", "So p and q are both even, a contradiction. \\boxed{2}"
        ),
    ),
    ("Explain why dividing by zero is undefined.", "Because no number times 0 gives 5. The answer is 0."),
    ("Why is the sum of two even numbers even?", "2a + 2b = 2(a+b). The answer is even."),
    ("Show that n^2 + n is always even.", "n(n+1) is a product of consecutive integers. \\boxed{0}"),
    (
        "Sarah had some apples and gave some away. How many does she have now?",
        "She has fewer apples now. The answer is 5.",
    ),
    ("A train leaves at noon. When does it arrive if the trip is long?", "The answer is 3 pm."),
    ("What is the meaning of a derivative?", "It is a rate of change. The answer is the slope."),
    ("Tell me a joke about cats", "Why did the cat sit on the computer? #### 1"),
    (
        "Mary read 20 pages on Monday and some more on Tuesday. How many pages did she read?",
        "Mary read 20 pages and then more, for 45 pages in total.\n#### 45",
    ),
]


@pytest.fixture(scope="module")
def table_results():
    items = []
    for problem, right, wrong in TABLE + WORD_PROBLEMS:
        items += [(problem, right), (problem, wrong)]
    items += NO_BADGE
    started = time.perf_counter()
    out = verify_many(items)
    return out, time.perf_counter() - started


def test_table_is_big_enough():
    assert len(TABLE) + len(WORD_PROBLEMS) + len(NO_BADGE) >= 60


def test_every_wrong_answer_is_flagged_and_no_right_one(table_results):
    results, _ = table_results
    bad = []
    for k, (problem, right, wrong) in enumerate(TABLE):
        r_ok, r_bad = results[2 * k], results[2 * k + 1]
        if r_ok.status not in ("verified", "none"):
            bad.append(("right reply flagged", problem, r_ok))
        if r_bad.status != "wrong":
            bad.append(("wrong reply not flagged", problem, r_bad))
        elif not r_bad.expected or not r_bad.steps:
            bad.append(("wrong without SymPy's answer/steps", problem, r_bad))
    assert not bad, "\n".join(map(str, bad))


def test_word_problems_get_calculation_verdicts_never_verified_or_wrong(table_results):
    results, _ = table_results
    for k, (problem, right, wrong) in enumerate(WORD_PROBLEMS, len(TABLE)):
        r_ok, r_bad = results[2 * k], results[2 * k + 1]
        assert r_ok.status == "calculations_checked", (problem, r_ok)
        assert r_bad.status == "calculation_error", (problem, r_bad)
        assert r_bad.line is not None and r_bad.expected == "36" and "not" in r_bad.message


def test_right_answers_are_mostly_checked_not_silent(table_results):
    results, _ = table_results
    checked = sum(results[2 * k].status == "verified" for k in range(len(TABLE)))
    assert checked == len(TABLE)
    for k in range(len(TABLE)):
        assert results[2 * k].message and "$" in results[2 * k].message


def test_out_of_reach_problems_get_no_badge(table_results):
    results, _ = table_results
    n = 2 * (len(TABLE) + len(WORD_PROBLEMS))
    assert len(results) - n == len(NO_BADGE)
    for (problem, _), v in zip(NO_BADGE, results[n:]):
        assert v.status == "none" and v.badge == "", (problem, v)


def test_check_text_shows_the_substitution():
    v = verify("Solve 3x + 7 = 22", "So \\boxed{x = 5}")
    assert v.status == "verified" and "substituting $x = 5$" in v.message and "22" in v.message
    v = verify("Solve 3x + 7 = 22", "The answer is $x = 4$.")
    assert v.status == "wrong" and v.expected == "x = 5" and v.badge == "✗ wrong — SymPy finds $x = 5$"
    v = verify("integrate x^2", "\\boxed{x^3/3 + C}")
    assert "differentiating" in v.message


def test_no_answer_no_badge():
    assert verify("Solve 3x + 7 = 22", "<think>still thinking").status == "none"
    assert verify("Solve 3x + 7 = 22", "").status == "none"


def test_no_check_of_the_table_timed_out(table_results):
    results, seconds = table_results  # speed is measured in bench/, not here
    assert not [v for v in results if "too long" in v.reason], [v.reason for v in results]
    assert seconds < 120  # a safety bound against a hang (about 2 s normally)


# --------------------------------------------------------------------------- the Tutor service


class StubEngine(Engine):
    """A model engine ("hf") that streams a fixed reply, piece by piece."""

    def __init__(self, text: str, delay: float = 0.0) -> None:
        super().__init__()
        self.text, self.delay = text, delay
        self.info = EngineInfo(kind="hf", model="stub", device="cpu", precision="fp32")
        self.calls = []

    def prepare(self, problem, history, max_new_tokens=1024, system_prompt=None):
        self.calls.append((problem, system_prompt))
        return Prompt(text=problem, messages=[{"role": "user", "content": problem}])

    def generate(self, prompt, settings, stop=None, adapter=None):
        text = self.text(settings) if callable(self.text) else self.text
        for i in range(0, len(text), 4):
            if stop is not None and stop.is_set():
                self.stats.last_stopped = True
                return
            if self.delay:
                time.sleep(self.delay)
            yield text[i : i + 4]
        self.stats.last_stopped = False


def test_reply_gets_its_badge_after_the_stream():
    tutor = Tutor(StubEngine(think("3x = 16", "The answer is $x = 4$.")))
    snaps = []
    for r in tutor.reply("Solve 3x + 7 = 22"):  # the same Reply object grows: record each state
        snaps.append((r.checking, r.verification is None, r.done))
        final = r
    assert all(no_v for _, no_v, _ in snaps[:-1])
    assert snaps[-2][0] and not any(c for c, _, _ in snaps[:-2])  # "checking…" after the last token
    assert final.done and final.verification.status == "wrong"
    assert "✗ wrong: SymPy finds $x = 5$" in final.as_text()
    msgs = reply_messages(final)
    assert any("✗ wrong — SymPy finds" in m["content"] for m in msgs)
    assert any((m.get("metadata") or {}).get("title") == "SymPy's solution" for m in msgs)
    data = final.data()
    assert data["verification"]["status"] == "wrong" and data["verification"]["expected"] == "x = 5"


def test_right_reply_shows_verified():
    final = list(Tutor(StubEngine("So $\\boxed{x = 5}$")).reply("Solve 3x + 7 = 22"))[-1]
    assert final.verification.status == "verified"
    assert "✓ verified by SymPy" in final.as_text()
    assert any("✓ verified" in m["content"] for m in reply_messages(final))


def test_no_badge_message_without_a_verdict():
    final = list(Tutor(StubEngine("It is even. \\boxed{2}")).reply("Prove 2 is even"))[-1]
    assert final.verification.status == "none"
    text = "".join(m["content"] for m in reply_messages(final))
    assert "✓" not in text and "✗" not in text and "verified" not in final.as_text()


def test_a_hanging_check_times_out_and_the_reply_completes():
    tutor = Tutor(StubEngine("\\boxed{0}"), verify_timeout=1.0)
    started = time.perf_counter()
    replies = list(tutor.reply("expand (x + y + z + w + 1)^120"))
    elapsed = time.perf_counter() - started
    final = replies[-1]
    assert final.done and final.error is None
    assert final.verification is not None and final.verification.status == "none"
    assert "took too long" in final.verification.reason
    assert elapsed < 30  # a safety bound against a hang (1.5 s normally)
    assert "verified" not in final.as_text() and "SymPy finds" not in final.as_text()
    # the worker is back for the next check
    assert verify("Solve 2x = 4", "\\boxed{2}").status == "verified"


def test_tokens_do_not_wait_for_the_check():
    tutor = Tutor(StubEngine("abcdefgh \\boxed{0}", delay=0.0), verify_timeout=1.0)
    seen = []
    for r in tutor.reply("expand (x + y + z + w + 1)^120"):
        seen.append((r.text, r.checking, r.done, r.verification))
    # every piece of text was out before "checking" became true, and none came after it
    first_check = next(i for i, (_, checking, _, _) in enumerate(seen) if checking)
    assert seen[first_check - 1][0] == "abcdefgh \\boxed{0}" and first_check > 2
    assert all(text == "abcdefgh \\boxed{0}" for text, *_ in seen[first_check:])
    assert all(v is None for *_, v in seen[:-1]) and seen[-1][2]  # the verdict comes last


def test_symbolic_engine_replies_are_not_badged():
    from tutor.engine.engines import SymbolicEngine

    final = list(Tutor(SymbolicEngine()).reply("Solve 3x + 7 = 22"))[-1]
    assert final.verification is None and "verified" not in final.as_text()


# --------------------------------------------------------------------------- check my answer


@pytest.mark.parametrize("answer", ["1/2", "0.5", "\\frac12", "\\frac{1}{2}", "$\\dfrac{1}{2}$"])
def test_check_accepts_equivalent_forms(answer):
    assert check_student("1/4 + 1/4", answer).status == "verified"


@pytest.mark.parametrize("answer", ["x = 5", "5", "x=5", "$x = 5$"])
def test_check_equation_forms(answer):
    assert check_student("Solve 3x + 7 = 22", answer).status == "verified"


def test_check_wrong_answer_without_revealing_the_solution():
    res = check_student("Solve 3x + 7 = 22", "x = 4")
    assert res.status == "wrong"
    assert "x = 5" not in res.message and "$5$" not in res.message


def test_first_wrong_step_in_worked_lines():
    work = "3x + 7 = 22\n3x = 22 + 7\n3x = 29\nx = 29/3"
    res = check_student("Solve 3x + 7 = 22", work)
    assert res.status == "wrong" and res.line == 2
    assert "line 2" in res.message
    res = check_student("1/2 + 1/3", "= 3/6 + 2/6\n= 5/12")
    assert res.status == "wrong" and res.line == 2
    res = check_student("Solve 3x + 7 = 22", "3x = 15\nx = 5")
    assert res.status == "verified" and res.line is None


def test_check_falls_back_to_the_model_reference():
    engine = StubEngine(lambda s: "She makes 18 * 2 = 36 dollars.\n#### 36")
    tutor = Tutor(engine)
    right = list(tutor.check("Janet sells 18 eggs at $2 each. How much money?", "36"))[-1]
    # the model's answer is not established independently: no verified/wrong, the words say so
    assert right.check.status == "none" and right.check.method == "reference"
    assert "matches the tutor's answer" in right.as_text()
    wrong = list(tutor.check("Janet sells 18 eggs at $2 each. How much money?", "$38"))[-1]
    assert wrong.check.status == "none" and "doesn't match" in wrong.as_text()
    assert "36" not in wrong.as_text()


# --------------------------------------------------------------------------- confidence


def test_self_consistency_clusters_equal_answers():
    clusters = cluster_answers(["1/2", "0.5", "\\frac{1}{2}", "3", None])
    assert clusters[0][1] == 3 and clusters[1][1] == 1
    answers = iter(["\\boxed{5}", "\\boxed{5.0}", "\\boxed{4}"])
    engine = StubEngine(lambda s: next(answers) if s.temperature > 0 else "\\boxed{x=5}")
    final = list(Tutor(engine).reply("Solve 3x + 7 = 22", samples=3))[-1]
    c = final.confidence
    assert c.samples == 3 and abs(c.agreement - 2 / 3) < 1e-9 and c.agrees_with_reply
    assert "2/3 samples agree" in final.as_text()
    assert list(Tutor(StubEngine("\\boxed{5}")).reply("Solve 3x + 7 = 22"))[-1].confidence is None


@pytest.mark.parametrize(
    "reply, status",
    [
        # right answers, exact or correctly rounded: never "wrong"
        ("Taking logs of both sides, x = \\ln 7 / \\ln 10", "verified"),
        ("So $x = \\frac{\\ln 7}{\\ln 10}$.", "verified"),
        ("The answer is x = 0.8451", "verified"),
        ("The answer is x = 0.85", "verified"),
        # a stated wrong answer, or a wrongly rounded one: "wrong"
        ("The answer is x = 2", "wrong"),
        ("The answer is x = 0.9", "wrong"),  # 0.845 to one place is 0.8
        # no stated answer: the grader's last-number guess (here 7 or 2) never earns a "wrong"
        ("Taking logs, x = log(7)", "none"),
        ("Taking logs, x = 2", "none"),
    ],
)
def test_no_false_wrong_badge_from_a_guessed_answer(reply, status):
    assert verify("Solve 10^x = 7", reply).status == status


# --------------------------------------------------------------------------- the form asked for

# (problem, an answer equal to the expression but not in the form asked for): never a ✓
NOT_IN_THE_FORM_ASKED = [
    ("simplify (x^2-1)/(x-1)", "\\boxed{\\frac{x^2-1}{x-1}}", "not simplified"),
    ("simplify 2x + 3x", "\\boxed{2x + 3x}", "not simplified"),
    ("simplify (x+1)^3/(x+1)", "\\boxed{\\frac{(x+1)(x+1)^2}{x+1}}", "not simplified"),
    ("factor x^3 - x", "\\boxed{x(x^2-1)}", "not fully factored"),
    ("factor x^2+5x+6", "\\boxed{x^2+5x+6}", "not fully factored"),
    ("factor 2x + 4", "\\boxed{2x + 4}", "not fully factored"),
    ("factor x^4 - 1", "\\boxed{(x^2-1)(x^2+1)}", "not fully factored"),
    ("expand (x+1)^2", "\\boxed{(x+1)^2}", "not expanded"),
    ("expand (x+1)^2", "\\boxed{x(x+2) + 1}", "not expanded"),
    ("expand (x+2)(x-3)", "\\boxed{2(x^2-x-6)/2 + x - x}", "not expanded"),
]

# the same problems answered in the form asked for (any order, sign or constant placement)
IN_THE_FORM_ASKED = [
    ("simplify (x^2-1)/(x-1)", "\\boxed{1 + x}"),
    ("simplify 2x + 3x", "\\boxed{5x}"),
    ("factor x^3 - x", "\\boxed{x(x-1)(x+1)}"),
    ("factor x^3 - x", "\\boxed{(x+1) \\cdot x \\cdot (x-1)}"),
    ("factor x^3 - x", "\\boxed{-x(1-x)(x+1)}"),
    ("factor x^2+5x+6", "\\boxed{(x+3)(x+2)}"),
    ("factor 2x + 4", "\\boxed{2(x+2)}"),
    ("factor x^2 + 1", "\\boxed{x^2 + 1}"),  # irreducible over the rationals: already factored
    ("factor x^2 - 2x + 1", "\\boxed{(x-1)^2}"),
    ("factor x^4 - 1", "\\boxed{(x-1)(x+1)(x^2+1)}"),
    ("expand (x+1)^2", "\\boxed{1 + 2x + x^2}"),
    ("expand (x+2)(x-3)", "\\boxed{x^2 - x - 6}"),
]


@pytest.mark.parametrize("problem, reply, why", NOT_IN_THE_FORM_ASKED)
def test_an_equal_answer_not_in_the_form_asked_is_wrong_never_verified(problem, reply, why):
    v = verify(problem, reply)
    assert v.status == "wrong", (problem, reply, v)
    # truthful: the value is equal, the form is not the one asked for
    assert "equal" in v.message and why in v.message, v.message
    s = check_student(problem, reply.replace("\\boxed{", "").rstrip("}"))
    assert s.status != "verified", (problem, s)


@pytest.mark.parametrize("problem, reply", IN_THE_FORM_ASKED)
def test_an_answer_in_the_form_asked_is_verified(problem, reply):
    assert verify(problem, reply).status == "verified", (problem, reply, verify(problem, reply))


def test_an_equal_answer_between_the_problem_and_the_simplest_form_is_never_wrong():
    # (x+1)^2 and x^2 + 2x + 1 are both fair simplifications of (x+1)^3/(x+1): never ✗
    for reply in ("\\boxed{(x+1)^2}", "\\boxed{x^2 + 2x + 1}"):
        assert verify("simplify (x+1)^3/(x+1)", reply).status in ("verified", "none"), reply


# --------------------------------------------------------------------------- other wrong answers


@pytest.mark.parametrize(
    "problem, reply, status",
    [
        ("Solve x^2 - 4 = 0", "There is no real solution.", "wrong"),
        ("Solve x^2 + 1 = 0", "There is no real solution.", "verified"),
        ("Solve x^2 - 4 = 0", "x^2 = 4 so x = 2 or x = -2. There is no real solution.", "wrong"),
        ("limit of sin(x)/x as x -> 0", "\\boxed{\\text{DNE}}", "wrong"),
        ("limit of 1/x as x -> 0", "\\boxed{\\text{DNE}}", "verified"),
        ("Solve x + 1 = x + 1", "\\boxed{x = 3}", "wrong"),  # a solution, not every solution
        ("Solve x + 1 = x + 1", "All real numbers.", "verified"),
        ("Solve x + 1 = x + 1", "\\boxed{\\text{all real numbers}}", "verified"),
        ("Solve x + 1 = x + 2", "There is no solution.", "verified"),
        ("Solve x + 1 = x + 2", "\\boxed{x = 1}", "wrong"),
        ("Does 3 divide 13?", "The answer is yes.", "wrong"),
        ("Does 3 divide 12?", "The answer is yes.", "verified"),
        ("Is -4 greater than 211?", "The answer is True.", "wrong"),
        ("Is -4 greater than 211?", "The answer is False.", "verified"),
        # a system with one unknown asked for (x = 6, y = 4)
        ("Solve x + y = 10 and x - y = 2 for x", "\\boxed{x = 6}", "verified"),
        ("Solve x + y = 10 and x - y = 2 for x", "\\boxed{x = 5}", "wrong"),
        ("Solve x + y = 10 and x - y = 2 for x", "\\boxed{x = 6, y = 4}", "verified"),
        ("Solve x + y = 10 and x - y = 2 for x", "\\boxed{x = 4, y = 6}", "wrong"),
        ("Solve x + y = 10 and x - y = 2 for x", "\\boxed{y = 4}", "none"),  # not the unknown asked
        ("Solve x + y = 10 and x - y = 2 for x", "x = 5", "none"),  # no stated answer: never ✗
    ],
)
def test_more_wrong_and_right_answers(problem, reply, status):
    v = verify(problem, reply)
    assert v.status == status, (problem, reply, v)


def test_a_right_final_answer_after_a_wrong_line_names_the_line():
    v = check_student("Solve 3x + 7 = 22", "3x = 16\nx = 5")
    assert v.line == 1 and "line 1" in v.message and "3x = 16" in v.message
    assert "Right!" not in v.message  # not presented as a plain ✓
    assert v.status != "wrong"  # the final answer itself is right


def test_a_crash_in_the_checking_worker_gives_no_verdict_not_an_exception(monkeypatch):
    import os
    import signal

    from tutor.math import checks
    from tutor.math import client as worker

    symbolic.solve("1 + 1")
    os.kill(worker.worker_process().pid, signal.SIGKILL)  # the worker dies under the check
    assert verify("Solve 3x + 7 = 22", "\\boxed{x = 5}").status in ("none", "verified")
    symbolic.solve("1 + 1")
    os.kill(worker.worker_process().pid, signal.SIGKILL)
    assert check_student("Solve 3x + 7 = 22", "x = 4").status in ("none", "wrong")

    def boom(*args, **kwargs):
        raise RuntimeError("the worker pipe broke")

    monkeypatch.setattr(checks.symbolic, "call", boom)
    assert verify("Solve 3x + 7 = 22", "\\boxed{x = 4}").status == "none"
    assert verify_many([("Solve 3x + 7 = 22", "\\boxed{x = 4}")] * 2)[1].status == "none"
    assert check_student("Solve 3x + 7 = 22", "x = 4").status == "none"
    monkeypatch.undo()
    assert verify("Solve 2x = 4", "\\boxed{2}").status == "verified"  # the worker is back


# --------------------------------------------------------------------------- no answer leaks


@pytest.mark.parametrize("work", ["x = 4", "3x = 16\nx = 16/3", "banana", "x = 5"])
def test_check_my_answer_data_never_carries_the_answer_to_a_wrong_or_unread_answer(work):
    v = check_student("Solve 3x + 7 = 22", work)
    if v.status != "verified":
        assert v.expected is None, v
        assert "x = 5" not in v.message.replace("$", "") and "5$" not in v.message
    final = list(Tutor(StubEngine("unused")).check("Solve 3x + 7 = 22", work))[-1]
    data = final.data()["check"]
    if data["status"] != "verified":
        assert data["expected"] is None and not data["steps"], data


def test_the_model_reference_answer_is_not_leaked_to_a_wrong_answer():
    engine = StubEngine(lambda s: "She makes 18 * 2 = 36 dollars.\n#### 36")
    wrong = list(Tutor(engine).check("Janet sells 18 eggs at $2 each. How much money?", "$38"))[-1]
    assert wrong.data()["check"]["expected"] is None
    assert "36" not in str(wrong.data())


def test_teachers_verify_still_gives_sympys_answer():
    v = verify("Solve 3x + 7 = 22", "\\boxed{x = 4}")
    assert v.status == "wrong" and v.expected == "x = 5" and v.steps
