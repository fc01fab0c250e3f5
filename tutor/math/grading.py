"""Grade a model's math answer against a gold answer (no Gradio here).

    >>> grade("... so she makes $18.\\n#### 18", "Janet sells ...\\n#### 18").correct
    True

Extraction (`extract_answer`) looks for the final answer in this order and reports which rule
found it (`Grade.method`):

1. ``</think>``: when the response has a reasoning block, only the text after the *last*
   ``</think>`` is searched (method is prefixed ``after_think:``). A ``<think>`` that is never closed
   means the model did not finish thinking: no answer (method ``unfinished_think``).
2. ``boxed``        the last ``\\boxed{...}`` / ``\\fbox{...}`` (nested braces handled).
3. ``hashes``       ``#### N`` (the last one; the GSM8K convention this project prompts for).
4. ``answer_is``    "The answer is ...", "The final answer is ...", "Final answer: ..." (last one).
5. ``therefore``    a sentence starting "Therefore" / "Thus" / "Hence" on the last non-empty
                    line (its last number, or the right-hand side of its last ``=``).
6. ``answer_line``  the last line starting "A:" or "Answer:".
7. ``last_number``  the last number in the text (calculator annotations ``<<a*b=c>>`` ignored).
   ``none`` when nothing is found.

Equivalence (`answers_equal`) first normalises both sides: math delimiters (``$``, ``\\(``,
``\\[``), a ``\\boxed{}`` wrapper, ``\\text{...}`` / unit words ("18 dollars", "5 cm"), currency
(``$``, ``\\$``), thousands separators ("1,000", ``1{,}000``), degrees (``30^\\circ``, "30°"),
``\\dfrac``/``\\tfrac``, ``\\left``/``\\right``, trailing periods. If both sides are then plain
numbers (integers, decimals, ``a/b``, ``\\frac{a}{b}``) they are compared numerically: exactly when
both are integers, else within a relative tolerance of 1e-6. Otherwise math-verify decides
(``parse`` + ``verify``, symbolic), and as a last resort the normalised strings are compared.

Percent (a decision, documented): "5%" equals both 5 and 0.05, i.e. a percentage matches a gold
written either as the percentage number (GSM8K style: "What percent ...? #### 25") or as the
fraction. A bare number without "%" is never divided by 100 ("5" does not equal "0.05").

Multiple choice: `tutor.math.grading_choice.grade_choice` (letters A-E; MMLU indices 0-3 map to A-D).

lm-evaluation-harness parity (`tutor.math.harness_filters`, names kept here): `harness_strict` and
`harness_flexible` reproduce the `gsm8k` task's
"strict-match" and "flexible-extract" filters and its exact_match normalisation
(ignore_case, regexes_to_ignore ``,`` ``\\$`` ``(?s).*#### `` ``\\.$``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass
from fractions import Fraction

import tutor.math.offload as offload
from tutor.math.harness_filters import (  # lm-evaluation-harness parity, in its own module
    harness_extract_flexible,
    harness_extract_strict,
    harness_flexible,
    harness_strict,
)

__all__ = [
    "Grade",
    "grade",
    "extract_answer",
    "answers_equal",
    "normalize_gold",
    "harness_strict",
    "harness_flexible",
    "harness_extract_strict",
    "harness_extract_flexible",
    "last_boxed",
    "to_number",
    "normalize_answer",
]

REL_TOL = 1e-6


@dataclass
class Grade:
    correct: bool
    extracted: str | None  # the answer found in the response (as written, lightly cleaned)
    method: str  # the rule that found it (see module docstring)
    gold: str  # the normalised gold answer

    def to_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# small text helpers

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
# a number as written in prose: optional sign / currency, thousands separators, decimals, percent
_NUMBER_RE = re.compile(
    r"(?<![\w.])(?:-\s?\\?\$\s?|\\?\$\s?-?|-)?(?:" + _NUM + r")(?:\s*/\s*\d+(?!\.\d))?(?:\s?\\?%)?"
)
_CALC_RE = re.compile(r"<<[^<>]*>>")


def last_boxed(text: str) -> str | None:
    """The content of the last ``\\boxed{...}`` (or ``\\fbox{...}``), nested braces handled."""
    starts = [m for m in re.finditer(r"\\(?:boxed|fbox)\s*\{", text)]
    for m in reversed(starts):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
            i += 1
        if depth == 0:
            return text[m.end() : i - 1].strip()
    m = None
    for m in re.finditer(r"\\boxed\s+([^\s$]+)", text):  # \boxed 5
        pass
    return m.group(1) if m else None


def _numbers(text: str) -> list[str]:
    return [m.group(0).strip() for m in _NUMBER_RE.finditer(_CALC_RE.sub(" ", text))]


def strip_math_delims(s: str) -> str:
    s = s.strip()
    for left, right in (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")):
        if s.startswith(left) and s.endswith(right) and len(s) >= len(left) + len(right):
            inner = s[len(left) : len(s) - len(right)]
            if left == "$" and "$" in inner:
                continue
            return inner.strip()
    return s


def _clean_span(span: str, *, pick: str = "first") -> str | None:
    """Reduce the text that follows e.g. "the answer is" to the answer itself."""
    span = _CALC_RE.sub(" ", span).strip().strip("*").strip()
    if not span:
        return None
    boxed = last_boxed(span)
    if boxed is not None:
        return boxed
    # a math span: $...$, \(...\), \[...\]
    m = re.match(r"\s*(\$\$.+?\$\$|\$.+?\$|\\\(.+?\\\)|\\\[.+?\\\])", span)
    if (
        m
        and not re.fullmatch(r"\$\s?[\d,.]+", m.group(1))
        and not (  # "$18 and $" is money
            m.group(1).startswith("$")
            and "\\" not in m.group(1)
            and any(w.lower() not in _EXPR_NAMES for w in re.findall(r"[a-zA-Z]{2,}", m.group(1)))
        )
    ):
        inner = strip_math_delims(m.group(1))
        rest = span[m.end() :]
        unit = re.match(r"\s*([a-zA-Z]+)\b", rest)  # "$18$ dollars": keep the unit word for display
        return inner + (" " + unit.group(1) if unit and unit.group(1).lower() not in _STOP_WORDS else "")
    if "\\" in span and not re.match(r"\s*\\\$", span):  # bare LaTeX up to the sentence end
        return _sentence(span).rstrip(".").strip()
    sentence = _sentence(span).strip().rstrip(".").strip()
    if "=" in sentence and re.fullmatch(r"[-+*/^().,$\d\s=]+", sentence):
        rhs = sentence.rsplit("=", 1)[1].strip()
        if _numbers(rhs):
            return _numbers(rhs)[0]  # "12 - 4 = 8": the result, not the first operand
    if (
        len(sentence) < 200
        and re.fullmatch(r"[-+*/^().\w\s]+", sentence)
        and re.search(r"[\w)]\s*(?:\*\*|[-+*/^])\s*-?[\w(]|[a-z]+\(|\d[a-z]\b", sentence)
        and all(w.lower() in _EXPR_NAMES for w in re.findall(r"[A-Za-z]{2,}", sentence))
    ):
        return sentence  # a plain-text expression ("5*c**3", "sqrt(17)/21"), not its first number
    nums = _numbers(span)
    if nums:
        return nums[0] if pick == "first" else nums[-1]
    text = _sentence(span).strip().rstrip(".").strip()
    return text or None


_EXPR_NAMES = {"sqrt", "sin", "cos", "tan", "log", "ln", "exp", "pi", "abs", "oo", "sec", "csc", "cot"}
_EXPR_NAMES |= {"arcsin", "arccos", "arctan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "lg"}

_STOP_WORDS = {
    "because",
    "since",
    "as",
    "and",
    "so",
    "which",
    "the",
    "a",
    "an",
    "is",
    "we",
    "i",
    "it",
    "that",
    "for",
    "in",
    "of",
    "to",
    "this",
    "after",
    "then",
    "but",
    "when",
}


def _sentence(text: str) -> str:
    """Text up to the end of the first sentence (a period not inside a number, or a newline)."""
    m = re.search(r"\.(?!\d)(?=\s|$)|\n", text)
    return text[: m.start()] if m else text


# ---------------------------------------------------------------------------------------------
# extraction

ANSWER_IS_RE = re.compile(
    r"(?:the\s+)?(?:final\s+)?answer\s*(?:is|would\s+be|will\s+be|=)\s*:?|final\s+answer[*_\s]*:",
    re.IGNORECASE,
)
_THEREFORE_RE = re.compile(r"\b(?:therefore|thus|hence)\b", re.IGNORECASE)
ANSWER_LINE_RE = re.compile(r"^[ \t>*#_]*(?:answer|a)[ \t*_]*:[ \t]*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def extract_plain(text: str) -> tuple[str | None, str]:
    boxed = last_boxed(text)
    if boxed:
        return boxed, "boxed"
    hashes = [m.group(1).strip() for m in re.finditer(r"####[ \t]*([^#\n]*)", text)]
    hashes = [h for h in hashes if re.search(r"\w", h)]
    if hashes:
        ans = _clean_span(hashes[-1])
        if ans:
            return ans, "hashes"
    for m in reversed(list(ANSWER_IS_RE.finditer(text))):
        ans = _clean_span(text[m.end() :])
        if ans:
            return ans, "answer_is"
    last_line = next((ln for ln in reversed(text.splitlines()) if ln.strip()), "")
    for m in reversed(list(_THEREFORE_RE.finditer(last_line))):  # only a concluding sentence
        sentence = _sentence(last_line[m.end() :])
        if "=" in sentence:
            rhs = sentence.rsplit("=", 1)[1]
            ans = _clean_span(rhs)
        else:
            nums = _numbers(sentence)
            ans = nums[-1] if nums else None
            if ans is None and "\\" in sentence:
                ans = _clean_span(sentence.split(",", 1)[-1])
        if ans:
            return ans, "therefore"
    lines = list(ANSWER_LINE_RE.finditer(text))
    if lines:
        ans = _clean_span(lines[-1].group(1))
        if ans:
            return ans, "answer_line"
    found = offload.symbolic("tutor.math.grading:_math_verify_extract", text[-4 * MV_EXTRACT_CHARS :])
    if found is not None:
        return tuple(found)  # type: ignore[return-value]
    nums = _numbers(text)
    if nums:
        return nums[-1], "last_number"
    return None, "none"


MV_EXTRACT_CHARS = 1500


def _math_verify_extract(text: str) -> tuple[str, str] | None:
    """math-verify's own extraction (LaTeX first, with boxed priority, then plain expressions)
    on the end of the reply: a bare final expression, interval, inequality, set or matrix is the
    answer, not its last number. Method "math_verify" (or "last_number" when what it found is a
    plain number, the weakest rule)."""
    tail = _CALC_RE.sub(" ", text)[-MV_EXTRACT_CHARS:]
    if not tail.strip():
        return None
    timeout = _mv_timeout()
    if timeout is None and _too_hard(tail):
        return None
    try:
        from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse
    except ImportError:  # pragma: no cover - math-verify is a pinned dependency
        return None
    try:
        out = parse(
            tail,
            extraction_config=[LatexExtractionConfig(boxed_match_priority=0), ExprExtractionConfig()],
            parsing_timeout=timeout,
        )
    except Exception:  # noqa: BLE001 - extraction must never crash a grade
        return None
    if len(out) < 2 or not str(out[1]).strip():
        return None
    found = str(out[1]).strip()
    if to_number(found) is not None and "\\" not in found:
        nums = _numbers(tail)  # keep the written form ("1,000", "$18") of a plain number
        return (nums[-1] if nums and to_number(nums[-1]) == to_number(found) else found), "last_number"
    return found, "math_verify"


def extract_answer(response: str) -> tuple[str | None, str]:
    """The final answer in a model response and the rule that found it (see module docstring)."""
    text = response or ""
    if "</think>" in text:
        ans, method = extract_plain(text.rsplit("</think>", 1)[1])
        return ans, ("after_think:" + method)
    if "<think>" in text:
        return None, "unfinished_think"
    return extract_plain(text)


# ---------------------------------------------------------------------------------------------
# normalisation and equivalence

_UNIT_WORDS = (
    "dollars?|cents?|euros?|pounds?|usd|percent|per\\s*cent|degrees?|cm|mm|km|m|meters?|metres?|"
    "kilometers?|centimeters?|inches|inch|in|feet|foot|ft|yards?|miles?|mph|hours?|hrs?|h|"
    "minutes?|mins?|seconds?|secs?|s|days?|weeks?|months?|years?|kg|g|grams?|kilograms?|lbs?|"
    "ounces?|oz|liters?|litres?|l|ml|gallons?|cups?|units?|square|sq|cubic|points?|pts?|marks?"
)


def normalize_answer(s: str, *, keep_assignment: bool = False) -> str:
    """Strip the decoration around an answer (see module docstring); keeps the math itself.
    The one normaliser of the math core: the grader and the SymPy checks
    (`tutor.math.checks`, which keeps ``x = …`` assignments) both start from it."""
    s = str(s).strip()
    boxed = last_boxed(s)
    if boxed is not None and re.fullmatch(r"\$?\\(?:boxed|fbox)\s*\{.*\}\$?\.?", s, re.DOTALL):
        s = boxed
    s = strip_math_delims(s)
    s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    s = re.sub(r"\\left\b|\\right\b", "", s)
    s = re.sub(r"\\(?:text|textbf|mathrm|mbox|textnormal|operatorname)\s*\{\s*([^{}]*)\}", r" \1 ", s)
    s = s.replace("{,}", ",").replace("\\!", "").replace("\\;", " ").replace("\\ ", " ")
    s = re.sub(r"(?<=\d)\\,(?=\d{3})", ",", s)
    s = s.replace("\\,", " ")
    s = re.sub(r"\^\s*\{?\s*\\circ\s*\}?|°|\\degree", "", s)
    s = s.replace("\\$", "$").replace("\\%", "%")
    s = re.sub(r"\s+", " ", s).strip()
    s = s.rstrip(".").strip()
    # "x = 5" / "n=5": keep the right-hand side of a single assignment to a name
    m = None if keep_assignment else re.fullmatch(r"[A-Za-z]\w*\s*=\s*([^=<>]+)", s)
    if m:
        s = m.group(1).strip()
    # unit words after a number: "18 dollars", "5 cm", "5 cm^2", "30 degrees"
    m = re.fullmatch(
        r"(.*?\d\}?\s*%?)\s*(?:(?:" + _UNIT_WORDS + r")\b\.?(?:\s*\^?\s*\{?[23]\}?)?\s*)+", s, re.IGNORECASE
    )
    if m:
        s = m.group(1).strip()
    return s


def to_number(s: str) -> Fraction | float | None:
    """A plain number (int, decimal, a/b, \\frac{a}{b}, "1,000", "$5", "5%") as an exact Fraction
    when possible; percent values are returned as-is (5% -> 5) and flagged by `_is_percent`.
    None when `s` is not a plain number."""
    t = normalize_answer(s)
    t = t.replace(" ", "")
    t = t.rstrip("%")
    neg = False
    if t.startswith("-"):
        neg, t = True, t[1:]
    t = t.lstrip("$")
    if t.startswith("-"):
        neg, t = not neg, t[1:]
    if t.startswith("+"):
        t = t[1:]
    try:
        if re.fullmatch(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+|\d+\.", t):
            val = Fraction(t.replace(",", "").rstrip("."))
        elif re.fullmatch(r"\d+/\d+", t):
            a, b = t.split("/")
            val = Fraction(int(a), int(b))
        elif m := re.fullmatch(r"\\frac\{?(\d+)\}?\{?(\d+)\}?", t):
            val = Fraction(int(m.group(1)), int(m.group(2)))
        elif re.fullmatch(r"\d+(?:\.\d+)?e[-+]?\d+", t, re.IGNORECASE):
            val = Fraction(float(t))
        else:
            return None
    except (ValueError, ZeroDivisionError):
        return None
    return -val if neg else val


def _is_percent(s: str) -> bool:
    return bool(
        re.search(r"(?:%|\\%|\bper\s*cent\b)\s*\.?\s*$", str(s).strip().rstrip("$").strip(), re.IGNORECASE)
    )


def _num_eq(a: Fraction, b: Fraction) -> bool:
    if a.denominator == 1 and b.denominator == 1:
        return a == b
    if a == b:
        return True
    scale = max(abs(a), abs(b))
    return abs(a - b) <= REL_TOL * scale if scale else True


def _mv_timeout() -> int | None:
    # math-verify's timeouts use signal.alarm, which only works in the main thread (the UI runs
    # evaluations in a worker thread): there, run without its timeout.
    return 5 if threading.current_thread() is threading.main_thread() else None


MV_MAX_CHARS = 300
_HUGE_POWER = re.compile(
    r"\^\s*\{?\s*-?\d{3,}|\^\s*\{[^{}]*\^|!\s*!|\d{4,}\s*!|"
    r"\*\*\s*\(?\s*-?\d{3,}|(?:\*\*|\^)\s*\(?[\d\s.]+\)?\s*(?:\*\*|\^)"
)


MAX_NESTING = 12


def _too_hard(text: str) -> bool:
    """Input that can keep SymPy busy for seconds (large powers, deep nesting): refused by the
    math-verify paths when no timeout can be set (off the main thread)."""
    if _HUGE_POWER.search(text):
        return True
    depth = top = 0
    for c in text:
        if c in "({[":
            depth += 1
            top = max(top, depth)
        elif c in ")}]":
            depth -= 1
    return top > MAX_NESTING


def _math_verify_equal(gold: str, pred: str) -> bool:
    try:
        from math_verify import parse, verify
    except ImportError:  # pragma: no cover - math-verify is a pinned dependency
        return False
    timeout = _mv_timeout()
    if timeout is None and any(len(x) > MV_MAX_CHARS or _too_hard(x) for x in (gold, pred)):
        return False  # no timeout off the main thread: do not hand sympy something that can hang

    def p(x):
        x = x.strip()
        wrapped = x if (x.startswith("$") or x.startswith("\\(") or x.startswith("\\[")) else f"${x}$"
        out = parse(wrapped, parsing_timeout=timeout)
        if not out:
            out = parse(x, parsing_timeout=timeout)
        return out

    try:
        g, t = p(gold), p(pred)
        if not g or not t:
            return False
        return bool(verify(g, t, timeout_seconds=timeout))
    except Exception:  # noqa: BLE001 - a grader must never crash an evaluation
        return False


def answers_equal(a: str | None, b: str | None) -> bool:
    """True when two answers are the same value. `b` is treated as the gold side for math-verify
    (whose comparison is not symmetric for assignments/intervals); numeric checks are symmetric."""
    if a is None or b is None:
        return False
    a, b = str(a), str(b)
    if not a.strip() or not b.strip():
        return False
    na, nb = to_number(a), to_number(b)
    if na is not None and nb is not None:
        if _num_eq(na, nb):
            return True
        pa, pb = _is_percent(a), _is_percent(b)
        if pa and not pb and _num_eq(na / 100, nb):
            return True
        if pb and not pa and _num_eq(na, nb / 100):
            return True
        return False
    sa, sb = normalize_answer(a), normalize_answer(b)
    if sa and sa == sb:
        return True
    if offload.symbolic("tutor.math.grading:_math_verify_equal", sb, sa, default=False):
        return True
    return bool(sa) and sa.replace(" ", "").lower() == sb.replace(" ", "").lower()


def _canonical(s: str) -> str:
    n = to_number(s)
    if n is not None and not _is_percent(s):
        if n.denominator == 1:
            return str(n.numerator)
        if 10**12 % n.denominator == 0:  # a terminating decimal
            return format(float(n), ".12g")
        return f"{n.numerator}/{n.denominator}"
    return normalize_answer(s)


def normalize_gold(gold: str) -> str:
    """The gold answer from a GSM8K solution (after ``####``), a MATH solution (last ``\\boxed``)
    or a bare answer, normalised (``"1,000"`` -> ``"1000"``)."""
    g = str(gold).strip()
    if "####" in g:
        g = g.rsplit("####", 1)[1].strip()
    elif "\\boxed" in g or "\\fbox" in g:
        g = last_boxed(g) or g
    return _canonical(g)


def grade(response: str, gold: str) -> Grade:
    """Extract the final answer of `response` and compare it with `gold` (see module docstring)."""
    extracted, method = extract_answer(response)
    gold_norm = normalize_gold(gold)
    correct = extracted is not None and answers_equal(extracted, gold_norm)
    if not correct or re.search(r"\\boxed.*\\boxed", response or "", re.S):
        # sets, decimal comma, relations, lines (tutor.math.answer_forms; SymPy: in the worker)
        again = offload.symbolic("tutor.math.answer_forms:regrade", response, gold, extracted)
        if again is not None:
            correct, extracted, method = again
    return Grade(correct=correct, extracted=extracted, method=method, gold=gold_norm)
