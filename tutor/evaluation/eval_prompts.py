"""The prompts of an evaluation: the question with its answer instruction, few-shot solutions in
the same format, the chat template (or plain Q/A text for a base model), and the tutor's
hint-mode prompt. See `tutor.evaluation.evaluate`'s docstring for the convention."""

from __future__ import annotations

import re

from tutor import SYSTEM_PROMPT
from tutor.core import answers
from tutor.evaluation.eval_data import Item, strip_calculator_notes
from tutor.math import grading_choice

NUMERIC_INSTRUCTION = f"Solve the problem step by step. {answers.INSTRUCTION}"


LATEX_INSTRUCTION = f"Solve the problem step by step. {answers.LATEX_INSTRUCTION}"


CHOICE_INSTRUCTION = (
    "Solve the problem step by step, then end with a line 'Answer: X', where X "
    "is the letter of the correct option."
)


def format_question(item: Item) -> str:
    if item.kind == "choice":
        options = grading_choice.parse_options(item.choices)
        listed = "\n".join(f"{k}) {v}" for k, v in options.items())
        return f"{item.question.strip()}\n\n{listed}\n\n{CHOICE_INSTRUCTION}"
    instruction = LATEX_INSTRUCTION if item.kind == "latex" else NUMERIC_INSTRUCTION
    return f"{item.question.strip()}\n\n{instruction}"


def format_solution(item: Item) -> str:
    """The assistant turn of a few-shot example, in the format the prompt asks for."""
    if item.kind == "choice":
        letter = grading_choice.gold_choice_letter(item.gold)
        return f"{(item.solution or '').strip()}\nAnswer: {letter}".strip()
    if item.kind == "latex":
        sol = (item.solution or "").strip()
        return f"{sol}\n{answers.final_answer_line(item.gold_short(), latex=True)}".strip()
    sol = strip_calculator_notes(item.solution or "")
    if "####" in sol:  # a GSM8K solution: its "#### N" line becomes the convention's sentence
        sol = re.sub(r"^\s*####.*$", "", sol, flags=re.M).strip()
    return f"{sol}\n{answers.final_answer_line(item.gold_short())}".strip()


def build_prompt(tokenizer, item: Item, shots: list[Item] = ()) -> str:
    from tutor.core.prompting import apply_template, build_messages

    if not getattr(tokenizer, "chat_template", None):  # a base model: plain Q/A text
        parts = [SYSTEM_PROMPT, ""]
        for ex in shots:
            parts += [f"Question: {format_question(ex)}", f"Answer: {format_solution(ex)}", ""]
        parts += [f"Question: {format_question(item)}", "Answer:"]
        return (tokenizer.bos_token or "") + "\n".join(parts)
    history = []
    for ex in shots:
        history += [
            {"role": "user", "content": format_question(ex)},
            {"role": "assistant", "content": format_solution(ex)},
        ]
    messages = build_messages(format_question(item), history, system_prompt=SYSTEM_PROMPT)
    return apply_template(tokenizer, messages)


def hint_prompt(tokenizer, item: Item) -> str:
    """The tutor's hint-mode prompt for the first hint on `item` (tutor.tutoring.hints)."""
    from tutor.core.prompting import apply_template, build_messages
    from tutor.tutoring import hints as hintlib

    ask = hintlib.hint_request(item.question.strip(), 0)
    if not getattr(tokenizer, "chat_template", None):
        return (tokenizer.bos_token or "") + f"{hintlib.HINT_SYSTEM_PROMPT}\n\n{ask}\n"
    return apply_template(tokenizer, build_messages(ask, [], system_prompt=hintlib.HINT_SYSTEM_PROMPT))
