"""The one answer convention: how every final answer in this project is written.

Training targets (`train/data.py`), Evaluate's prompt (`tutor.evaluation.evaluate`), the tutor's
system prompt (`tutor.SYSTEM_PROMPT`) and the SymPy solver's replies all end a solution with one
sentence on its own last line:

    The final answer is 42.

(LaTeX answers in dollars: ``The final answer is $\\frac{1}{3}$.``). The grader reads that sentence
first (`tutor.math.grading.extract_answer`, method ``answer_is``), so an adapter trained here is
scored on the format it learned. Evaluate records `CONVENTION` in its report's config.
"""

from __future__ import annotations

CONVENTION = "final-answer-sentence"  # recorded by Evaluate as config["answer_convention"]
PREFIX = "The final answer is"

INSTRUCTION = f"End with one line of the form '{PREFIX} N.', where N is the final answer (a single number)."
LATEX_INSTRUCTION = (
    f"End with one line of the form '{PREFIX} $ANSWER$.', with the final answer "
    "in LaTeX between the dollar signs."
)


def plain_number(value) -> str:
    """Numbers without noise: 2.0 -> "2", 1e3 -> "1000", strings stripped."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return "nan"
        if value.is_integer():
            return str(int(value))
        return f"{value:.10g}"
    return str(value).strip()


def final_answer_line(answer, latex: bool = False) -> str:
    """The closing sentence for `answer`: "The final answer is 18." (latex=True wraps it in
    dollars, for answers such as ``x = 5`` or ``\\frac{1}{3}``)."""
    text = plain_number(answer)
    if latex:
        text = f"${text.strip('$').strip()}$"
    return f"{PREFIX} {text}."
