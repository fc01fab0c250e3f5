"""Multiple-choice answers: the options of a question, the gold's letter, the letter a reply
chose (letters A-J; MMLU's indices 0-3 map to A-D) and its grade."""

from __future__ import annotations

import re

from tutor.math.grading import (
    ANSWER_IS_RE,
    ANSWER_LINE_RE,
    Grade,
    answers_equal,
    extract_plain,
    last_boxed,
    normalize_answer,
    strip_math_delims,
)

__all__ = ["LETTERS", "parse_options", "gold_choice_letter", "extract_choice", "grade_choice"]


LETTERS = "ABCDEFGHIJ"


def parse_options(choices) -> dict[str, str]:
    """Options as {letter: text} from a list (MMLU), a dict, or a Math-QA string
    ``"a ) 38 , b ) 27.675 , c ) 30 , d ) data inadequate , e ) none of these"``."""
    if choices is None:
        return {}
    if isinstance(choices, dict):
        return {str(k).strip().upper(): str(v) for k, v in choices.items()}
    if isinstance(choices, str):
        parts = re.split(r"(?:^|,|\[|')\s*'?([a-jA-J])\s*\)\s*", choices)
        out = {}
        for i in range(1, len(parts) - 1, 2):
            out[parts[i].upper()] = parts[i + 1].strip().rstrip(",").strip().strip("']").strip()
        return out
    return {LETTERS[i]: str(c) for i, c in enumerate(choices)}


def gold_choice_letter(gold) -> str:
    """The letter of a multiple-choice gold answer: "b" / "(B)" -> "B"; an index (MMLU's 0-3, or a
    digit) -> its letter, 1 -> "B"."""
    if isinstance(gold, bool):
        raise ValueError(f"not a choice: {gold!r}")
    if isinstance(gold, int):
        return LETTERS[gold]
    g = str(gold).strip().strip("()").strip()
    if re.fullmatch(r"\d", g):
        return LETTERS[int(g)]
    if re.fullmatch(r"[A-Ja-j]", g):
        return g.upper()
    raise ValueError(f"not a choice letter or index: {gold!r}")


def _letter_in(span: str, valid: str) -> str | None:
    """A choice letter at the start of `span`: "(b)", "b )", "B", "B.", "option B"."""
    span = span.strip().lstrip("*:").strip()
    span = re.sub(r"^(?:option|choice)\s+", "", span, flags=re.IGNORECASE)
    boxed = last_boxed(span)
    if boxed is not None:
        span = boxed
    span = strip_math_delims(span) if span.startswith("$") else span
    m = (
        re.match(r"\(\s*([A-Ja-j])\s*\)", span)
        or re.match(r"([A-Ja-j])\s*\)", span)
        or re.match(r"([A-J])(?![\w])", span)
        or re.match(r"([a-j])(?=\s*(?:[.,;:!]|$))", span)
    )
    if m and m.group(1).upper() in valid:
        return m.group(1).upper()
    return None


def extract_choice(response: str, choices=None) -> tuple[str | None, str]:
    """The chosen letter in `response` (or None) and the rule that found it."""
    options = parse_options(choices)
    valid = "".join(sorted(options)) if options else "ABCDE"
    text = response or ""
    prefix = ""
    if "</think>" in text:
        text, prefix = text.rsplit("</think>", 1)[1], "after_think:"
    elif "<think>" in text:
        return None, "unfinished_think"
    boxed = last_boxed(text)
    if boxed is not None:
        letter = _letter_in(boxed, valid)
        if letter:
            return letter, prefix + "boxed"
    for m in reversed(list(ANSWER_IS_RE.finditer(text))):
        letter = _letter_in(text[m.end() :], valid)
        if letter:
            return letter, prefix + "answer_is"
    for m in reversed(list(ANSWER_LINE_RE.finditer(text))):
        letter = _letter_in(m.group(1), valid)
        if letter:
            return letter, prefix + "answer_line"
    for m in reversed(list(re.finditer(r"\b(?:option|choice)\s+\(?([A-Ja-j])\b\)?", text, re.I))):
        if m.group(1).upper() in valid:
            return m.group(1).upper(), prefix + "option"
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if lines:
        letter = _letter_in(lines[-1], valid)
        if (
            letter
            and re.fullmatch(r"[\s(*]*[A-Ja-j][\s).:*]*(?:.*)?", lines[-1])
            and (len(lines[-1]) <= 3 or re.match(r"\(?[A-Ja-j]\)", lines[-1]))
        ):
            return letter, prefix + "letter_line"
    # the option text itself ("... the answer is 27.675")
    if options:
        ans, method = extract_plain(text)
        if ans is not None:
            for letter, opt in options.items():
                if answers_equal(ans, opt) or normalize_answer(ans).lower() == normalize_answer(opt).lower():
                    return letter, prefix + "option_text:" + method
        low = text.lower()
        hits = [
            (low.rfind(opt.lower().strip()), letter)
            for letter, opt in options.items()
            if len(opt.strip()) >= 3 and opt.lower().strip() in low
        ]
        if hits:
            return max(hits)[1], prefix + "option_text"
    paren = list(re.finditer(r"\(([A-Ja-j])\)", text))
    for m in reversed(paren):
        if m.group(1).upper() in valid:
            return m.group(1).upper(), prefix + "paren_letter"
    return None, prefix + "none"


def grade_choice(response: str, gold, choices=None) -> Grade:
    """Grade a multiple-choice response. `gold` is a letter ("b", "B", "(b)") or an index (MMLU
    0-3 -> A-D); `choices` (optional: list, {letter: text} or a Math-QA options string) lets the
    option text itself count as an answer."""
    gold_letter = gold_choice_letter(gold)
    letter, method = extract_choice(response, choices)
    return Grade(correct=letter == gold_letter, extracted=letter, method=method, gold=gold_letter)
