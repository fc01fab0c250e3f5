"""One answer convention (tutor.core.answers) across training targets, Evaluate's prompt, the
tutor's system prompt and the SymPy solver's replies; the grader reads it."""

from train import data
from tutor import SYSTEM_PROMPT
from tutor.core import answers
from tutor.evaluation import evaluate as ev
from tutor.math import grading, solve


def test_training_target_ends_in_the_convention_and_grades():
    row = {"question": "Tom has 3 apples and buys 4. How many?", "answer": "3 + 4 = <<3+4=7>>7\n#### 7"}
    target = data.format_gsm8k(row)[-1]["content"]
    assert target.splitlines()[-1] == "The final answer is 7."
    assert grading.grade(target, row["answer"]).correct
    assert grading.extract_answer(target) == ("7", "answer_is")


def test_evaluate_prompt_and_few_shot_use_the_convention():
    item = ev.Item(0, "What is 2 + 2?", "2 + 2 = 4\n#### 4", "numeric", solution="2 + 2 = 4\n#### 4")
    q = ev.format_question(item)
    assert answers.PREFIX in q and "####" not in q
    sol = ev.format_solution(item)
    assert sol.splitlines()[-1] == answers.final_answer_line("4") and "####" not in sol
    assert grading.extract_answer(sol)[1] == "answer_is"


def test_system_prompt_and_sympy_reply_use_the_convention():
    assert answers.PREFIX in SYSTEM_PROMPT
    md = solve("Solve 3x + 7 = 22").to_markdown()
    last = md.strip().splitlines()[-1]
    assert last.startswith(answers.PREFIX + " $") and last.endswith("$.")
    ans, method = grading.extract_answer(md)
    assert method == "answer_is" and grading.answers_equal(ans, "5")
