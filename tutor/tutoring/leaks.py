"""The one answer-leak detector: does a text (a hint) state the final answer?

Used by the live hint guard (`tutor.tutoring.hints.reveals`, checked on every streamed piece
before it is shown) and by Evaluate's hint answer-leak rate (`tutor.evaluation.evaluate`), so
the rate Evaluate reports measures exactly what the app refuses to show.

A text leaks the answer when it states one of the answer's values, judged with the grader:

* its own final answer (``\\boxed{}``, "the answer is …", ``####`` …; not the grader's
  last number or bare final expression: "multiply 0.15 * 80" is a step, not the value) equals a value;
* it writes a value as a result, after ``=`` or ``:`` (``x = 4``, ``2 \\cdot 4 = 8``);
* it writes a number equal to a value that the question does not already give;
* it writes the answer's LaTeX out (a derivative, a fraction) with at least 3 characters.

Words that announce an answer without a value ("The answer is" at the end of a streamed prefix)
state nothing and are not a leak. A hint that announces a final answer of its own, right or wrong,
is the guard's separate rule (:func:`announces_an_answer`): a hint states no final answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tutor.math.grading import answers_equal, grade, normalize_answer, to_number

__all__ = ["answer_leak", "announces_an_answer"]

# a number as written in prose: sign, currency, thousands separators, decimals, a fraction, percent
_NUMBER = re.compile(r"(?<![\w.])-?\$?\d[\d,]*(?:\.\d+)?(?:/\d+)?%?")
# the grader's rules that find an expression, not a stated answer: the last number of a hint is
# usually one the problem gives, and "0.15 * 80" is the step to take, not its value
_NOT_STATED = ("last_number", "math_verify")
# words or marks that announce a final answer, followed by the start of a value
_ANNOUNCED = re.compile(
    r"(?:\banswer\s*(?:is|would\s+be|will\s+be|=|:)|\bfinal\s+answer\s*:?|\\(?:boxed|fbox)\s*\{|####)"
    r"[\s*_:$]*(?:\\\(|\\\[)?\s*(?:[-+(\d.\\]|[A-Za-z]\s*=)",
    re.IGNORECASE,
)


def _compact(s: str) -> str:
    return re.sub(r"\s+|\\[,;!]|\\left|\\right|[{}$]", "", s or "")


def _given(question: str) -> set[str]:
    return {m.group(0).rstrip(",").strip("$,%") for m in _NUMBER.finditer(question or "")}


def _is_number(gold: str) -> bool:
    try:
        return to_number(normalize_answer(gold)) is not None
    except Exception:  # noqa: BLE001 - an odd gold is simply not a number
        return False


def answer_leak(text: str, answers: Iterable[str] | str, question: str = "", *, quick: bool = False) -> bool:
    """Does `text` state the final answer?  `answers`: the answer and/or its individual values
    (LaTeX or plain, e.g. ``["x = 4", "4"]`` or a GSM8K gold ``"18"``); `question`: the problem,
    whose own numbers are not a leak when a hint repeats them.

    `quick` skips the grader's reading of the text's own final answer (tens of milliseconds):
    the live guard runs the quick rules on every streamed piece, where an announced final answer
    is refused anyway (:func:`announces_an_answer`), and the whole detector on the finished hint."""
    text = str(text or "")
    golds = [answers] if isinstance(answers, str) else list(answers)
    golds = [str(a).strip() for a in golds if a is not None and str(a).strip()]
    if not text.strip() or not golds:
        return False
    flat = _compact(text)
    for gold in golds:
        cg = _compact(gold)
        if len(cg) >= 3 and cg in flat:
            return True
        value = cg.split("=", 1)[1] if re.fullmatch(r"[A-Za-z]=[^=]+", cg) else cg
        if value and re.search(r"[=:]" + re.escape(value) + r"(?![\w^_/*+\-(]|\.\d)", flat):
            return True  # "x = 5", "2 * 4 = 8", "substitute x = 2: $4$" (even a number the problem gives)
    numeric = [g for g in golds if _is_number(g)]
    given = _given(question)
    for m in _NUMBER.finditer(text) if numeric else ():
        number = m.group(0).rstrip(",")
        if number.strip("$,%") not in given and any(answers_equal(number, g) for g in numeric):
            return True
    if quick:
        return False
    for gold in golds:
        g = grade(text, gold)
        if g.correct and not g.method.endswith(_NOT_STATED):
            return True
    return False


def announces_an_answer(text: str) -> bool:
    """Does `text` announce a final answer with a value of its own (``\\boxed{7}``, "the answer
    is 7", ``#### 7``, "Final answer: 7")?  "The answer is" with nothing after it announces nothing."""
    return bool(_ANNOUNCED.search(str(text or "")))
