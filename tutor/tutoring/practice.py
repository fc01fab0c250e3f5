"""Practice: "Try a similar problem" — a new problem of the same kind with different numbers,
whose answer the math core computes and checks before it is shown (no Gradio here).

Two sources, one rule: **no practice problem is returned unless the math core established its
answer twice** (computed, then checked independently).

* **Problems the core can type** (equations, derivatives, arithmetic, percent, …): the student's
  problem with its numbers changed (exponents, decimals, percents and 0/1 kept), solved by
  `tutor.math.solve`; kept only when the solution has the same kind and `tutor.math.verify`
  gives the stated answer the verdict ``verified``. Answers much messier than the original's
  (a fraction or root where it had none) are drawn again.
* **Word problems**: templates from the GSM8K rows' calculator annotations (``<<48/2=24>>``):
  each annotation's operands are the question's numbers, earlier results, or a few unit
  constants (60 minutes, 12 a dozen, 100 percent, number words of the question); the row is a
  template only when that reading is unambiguous and reproduces the row's own answer. New
  numbers go into the question, SymPy recomputes every step exactly, the new steps must be as
  tidy as the original ones (whole numbers stay whole, nothing goes negative), and the math
  core's calculation check (`tutor.math.verify`) must find every step right
  (``calculations_checked``) and the steps' final answer equal to the stored one.

`Session` is the tried/right summary per kind; it is plain data (a dict) so the UI can keep it
in the browser (`gr.BrowserState`) across page reloads.
"""

from __future__ import annotations

import json
import random
import re
import threading
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from tutor.core.answers import final_answer_line
from tutor.core.paths import REPO_ROOT
from tutor.math.families.phrases import COUNT_WORDS

__all__ = [
    "PracticeProblem",
    "PracticeError",
    "similar",
    "word_problem",
    "check_answer",
    "Session",
    "resolve",
    "gsm8k_templates",
]

MAX_ATTEMPTS = 40
MAX_PROBLEM_CHARS = 600
GSM8K_TRAIN = REPO_ROOT.parent / "shared" / "data" / "gsm8k" / "train.jsonl"
WORD_KIND = "word_problem"


class PracticeError(ValueError):
    """No practice problem could be made; the message says why in plain words."""


@dataclass
class PracticeProblem:
    kind: str  # the math core's kind ("linear_equation", ...) or "word_problem"
    problem: str  # what the student sees
    answer: str  # the answer the core established (LaTeX for typed problems, a number for words)
    solution: str  # the worked solution (markdown), shown after the student has answered
    source: str  # how it was made ("numbers changed in: ...", "GSM8K train row 12")
    check: str  # the core's check that passed ("verified", "calculations_checked")
    steps: list[str] = field(default_factory=list)  # word problems: "a op b = c" lines

    def to_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# numbers in text

_NUM = re.compile(
    r"(?<![\w.^/])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w]*\d)(?!\s*%)(?!\s*/\s*\d)"
    r"(?!\s*:\d)"
)
_POW_BEFORE = re.compile(r"(\^|\*\*)\s*[({]?\s*$")


_LOOSE = re.compile(r"(?<![\w.])(\d+)(\.\d+)?(?![\w]*\d)(?!\s*%)")


def _numbers(text: str, loose: bool = False) -> list[re.Match]:
    """Whole numbers in `text` that may change: not exponents, decimals, percents, fractions,
    times of day, years, 0 or 1 (`loose`: exponents and the parts of fractions may change too,
    for problems such as "derivative of x^2 sin x" or "1/2 + 1/3" that have no other numbers)."""
    out = []
    for m in (_LOOSE if loose else _NUM).finditer(text):
        if m.group(2):  # a decimal: kept
            continue
        if not loose and _POW_BEFORE.search(text[: m.start()]):
            continue
        value = int(m.group(1).replace(",", ""))
        if value in (0, 1) or (1900 <= value <= 2100 and "," not in m.group(1)):
            continue
        out.append(m)
    return out


def _new_value(n: int, rng: random.Random) -> int:
    step = 10 if n % 10 == 0 and n >= 20 else 5 if n % 5 == 0 and n >= 10 else 1
    lo = max(2, int(n * 0.5))
    hi = max(lo + 2 * step, int(n * 1.6) + step)
    if n <= 5:  # small numbers (exponents, denominators) stay small
        lo, hi = 2, 6
    for _ in range(20):
        v = rng.randrange(lo, hi + 1)
        v -= v % step
        if v >= 2 and v != n:
            return v
    return n + step


def _fmt_int(n: int, like: str) -> str:
    return f"{n:,}" if "," in like else str(n)


def _substitute(text: str, matches: list[re.Match], values: list[int]) -> str:
    out, last = [], 0
    for m, v in zip(matches, values):
        out += [text[last : m.start()], _fmt_int(v, m.group(1))]
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# problems the core can type


def _messier(new: str, old: str) -> bool:
    for mark in ("\\frac", "\\sqrt", "i", "\\pi", "."):
        if mark in new and mark not in old:
            return True
    return len(new) > max(len(old) * 2, len(old) + 12)


def similar(problem: str, seed: int | None = None) -> PracticeProblem:
    """A problem like `problem` with other numbers (typed problems), or a GSM8K-template word
    problem when the core reads `problem` as prose. Raises PracticeError when no problem whose
    answer the core could establish was found."""
    from tutor.math import solve

    text = str(problem or "").strip()
    if not text:
        raise PracticeError("Solve a problem first: practice problems are made like it.")
    if len(text) > MAX_PROBLEM_CHARS:
        raise PracticeError(
            f"That problem is too long to make a practice problem from "
            f"(at most {MAX_PROBLEM_CHARS} characters)."
        )
    rng = random.Random(seed)
    original = solve(text)
    if not getattr(original, "ok", False):
        if len(text.split()) < 8 or not re.search(r"\d", text):
            raise PracticeError(
                "The math core could not read this problem, so it cannot make a "
                "similar one whose answer it can check."
            )
        template = _template_for_question(text)  # a GSM8K row itself, else any template
        return word_problem(seed=rng.randrange(2**31), template=template)
    matches = _numbers(text) or _numbers(text, loose=True)
    if not matches:
        raise PracticeError(
            "This problem has no numbers to change, so there is no similar problem to practise on."
        )
    for _ in range(MAX_ATTEMPTS):
        values = [_new_value(int(m.group(1).replace(",", "")), rng) for m in matches]
        candidate = _substitute(text, matches, values)
        p = _checked_typed(candidate, original)
        if p is not None:
            return p
    raise PracticeError(
        f"No similar {original.kind.replace('_', ' ')} problem with an answer "
        f"the math core could check was found; try another problem."
    )


def _checked_typed(candidate: str, original) -> PracticeProblem | None:
    from tutor.math import solve, verify

    sol = solve(candidate)
    if not getattr(sol, "ok", False) or sol.kind != original.kind:
        return None
    if not sol.answer_latex or _messier(sol.answer_latex, original.answer_latex):
        return None
    verdict = verify(candidate, final_answer_line(sol.answer_latex, latex=True))
    if verdict.status != "verified":
        return None
    return PracticeProblem(
        kind=sol.kind,
        problem=candidate,
        answer=sol.answer_latex,
        solution=sol.to_markdown(),
        source="numbers changed",
        check=verdict.status,
    )


# ---------------------------------------------------------------------------------------------
# word problems: GSM8K templates

_ANNOT = re.compile(r"<<([^<>=]+)=([^<>]+)>>")
_OPERAND = re.compile(r"\d+(?:\.\d+)?")
_EXPR_OK = re.compile(r"^[\d.+\-*/() ]+$")
# constants a step may use without the question writing them, each only when a cue word says so
_UNIT_CONSTANTS = {
    2: r"half|twice|double|pairs?|both|couple|two|twins?",
    7: r"weeks?|weekly",
    10: r"ten|dimes?|decades?",
    12: r"dozens?|months?|inch|"
    r"inches|foot|feet|years?",
    24: r"days?|hours?|daily",
    30: r"months?",
    52: r"weeks?|years?",
    60: r"minutes?|hours?|seconds?|mph|per hour",
    100: r"percent|%|cents?|dollars?|\$|centimeters?|meters?",
    365: r"years?|days?",
    1000: r"thousand|kilo\w*|grams?|meters?|liters?|"
    r"millili\w*",
}
_WORDS = {
    **COUNT_WORDS,
    "twice": 2,
    "double": 2,
    "triple": 3,
    "half": 2,
    "halves": 2,
    "dozen": 12,
    "quarter": 4,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "hundred": 100,
    "thousand": 1000,
}


@dataclass
class Template:
    row: int
    question: str
    slots: list[tuple[int, int, str]]  # (start, end, original text) of each varied number
    originals: list[int]
    steps: list[list[tuple[str, object]]]  # tokens: ("op", "+") | ("q", k) | ("r", k) | ("c", F)
    results: list[Fraction]  # the original step results
    answer: Fraction


def _frac(s: str) -> Fraction:
    return Fraction(s)


def _tokens(expr: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?|[+\-*/()]", expr)


def _build_template(row: int, question: str, answer: str) -> Template | None:
    """The template of one GSM8K row, or None when its reading is not unambiguous."""
    from tutor.math.grading import normalize_gold

    annots = _ANNOT.findall(answer)
    if not annots or len(annots) > 8 or len(question) > MAX_PROBLEM_CHARS:
        return None
    matches = _numbers(question)
    q_values = [int(m.group(1).replace(",", "")) for m in matches]
    if len(set(q_values)) != len(q_values):
        return None  # a number said twice: which one a step means is ambiguous
    every = [Fraction(x) for x in re.findall(r"\d+(?:\.\d+)?", question.replace(",", ""))]
    if len(every) != len(set(every)):
        return None  # the same value written twice (a count and a percent, ...): ambiguous
    fixed_numbers = set(every) - {Fraction(v) for v in q_values}
    words = {v for w, v in _WORDS.items() if re.search(rf"\b{w}\b", question, re.IGNORECASE)}
    units = {
        c
        for c, cue in _UNIT_CONSTANTS.items()
        if re.search(rf"(?:\b|(?<=\W))(?:{cue})(?:\b|(?=\W)|$)", question, re.IGNORECASE)
    }
    allowed = {Fraction(c) for c in units | words} | fixed_numbers | {Fraction(1)}
    q_index = {Fraction(v): k for k, v in enumerate(q_values)}
    results: list[Fraction] = []
    steps: list[list[tuple[str, object]]] = []
    used_q: set[int] = set()
    for expr, res in annots:
        expr = expr.replace("x", "*").replace("×", "*").replace(",", "").strip()
        if not _EXPR_OK.match(expr):
            return None
        try:
            value = Fraction(res.replace(",", "").strip())
        except (ValueError, ZeroDivisionError):
            return None
        toks: list[tuple[str, object]] = []
        for t in _tokens(expr):
            if not _OPERAND.fullmatch(t):
                toks.append(("op", t))
                continue
            v = Fraction(t)
            hits = []
            if v in q_index:
                hits.append(("q", q_index[v]))
            prev = [k for k, r in enumerate(results) if r == v]
            if prev:
                hits.append(("r", prev[-1]))
            if v in allowed:
                hits.append(("c", v))
            if len(hits) != 1:
                return None  # unknown (a step done in words) or ambiguous operand
            if hits[0][0] == "q":
                used_q.add(hits[0][1])
            toks.append(hits[0])
        if _eval(toks, [Fraction(v) for v in q_values], results) != value:
            return None
        results.append(value)
        steps.append(toks)
    try:
        gold = Fraction(normalize_gold(answer).replace(",", ""))
    except (ValueError, ZeroDivisionError):
        return None
    if not results or results[-1] != gold or not used_q:
        return None
    keep = sorted(used_q)  # numbers no step uses stay as they are
    return Template(
        row=row,
        question=question,
        slots=[(matches[k].start(), matches[k].end(), matches[k].group(1)) for k in keep],
        originals=[q_values[k] for k in keep],
        steps=[[(kind, keep.index(v) if kind == "q" else v) for kind, v in toks] for toks in steps],
        results=results,
        answer=gold,
    )


def _eval(toks, q_values: list[Fraction], results: list[Fraction]) -> Fraction | None:
    """Exact value of a step's tokens with SymPy (Rational arithmetic)."""
    import sympy as sp

    parts = []
    for kind, v in toks:
        if kind == "op":
            parts.append(v)
        else:
            value = q_values[v] if kind == "q" else results[v] if kind == "r" else v
            parts.append(f"Rational({value.numerator}, {value.denominator})")
    try:
        out = sp.sympify("".join(parts), locals={"Rational": sp.Rational}, rational=True)
    except (sp.SympifyError, SyntaxError, TypeError, ZeroDivisionError):
        return None
    if not out.is_Rational:
        return None
    return Fraction(int(out.p), int(out.q))


@lru_cache(maxsize=1)
def gsm8k_templates(path: str | None = None, limit: int = 2000) -> tuple[Template, ...]:
    """Templates from the first `limit` rows of the GSM8K train split (shared data)."""
    src = Path(path) if path else GSM8K_TRAIN
    out: list[Template] = []
    if not src.is_file():
        return ()
    with open(src, encoding="utf-8") as f:
        for row, line in enumerate(f):
            if row >= limit:
                break
            try:
                item = json.loads(line)
                t = _build_template(row, str(item["question"]), str(item["answer"]))
            except (ValueError, KeyError, TypeError):
                continue
            if t is not None:
                out.append(t)
    return tuple(out)


def _template_for_question(question: str) -> Template | None:
    norm = " ".join(question.split()).lower()
    for t in gsm8k_templates():
        if " ".join(t.question.split()).lower() == norm:
            return t
    return None


def _tidy(new: Fraction, old: Fraction) -> bool:
    if new < 0 <= old:
        return False
    if old.denominator == 1:
        return new.denominator == 1
    d = new.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    return d == 1 and len(_dec(new)) <= len(_dec(old)) + 2


def _dec(x: Fraction) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    from decimal import Decimal, getcontext

    getcontext().prec = 30
    return format((Decimal(x.numerator) / Decimal(x.denominator)).normalize(), "f")


def _step_text(toks, q_values: list[Fraction], results: list[Fraction]) -> str:
    parts = []
    for kind, v in toks:
        if kind == "op":
            parts.append({"*": "×", "/": "÷"}.get(v, v))
        else:
            value = q_values[v] if kind == "q" else results[v] if kind == "r" else v
            parts.append(_dec(value))
    return " ".join(parts).replace("( ", "(").replace(" )", ")")


def word_problem(seed: int | None = None, template: Template | None = None) -> PracticeProblem:
    """A GSM8K-template word problem with new numbers (see the module docstring)."""
    from tutor.math import verify
    from tutor.math.grading import answers_equal, extract_answer

    rng = random.Random(seed)
    pool = [template] if template is not None else list(gsm8k_templates())
    if not pool:
        raise PracticeError("No word-problem templates: the GSM8K data is not in shared/data.")
    for _ in range(MAX_ATTEMPTS):
        t = pool[rng.randrange(len(pool))] if len(pool) > 1 else pool[0]
        values = [_new_value(v, rng) for v in t.originals]
        qv = [Fraction(v) for v in values]
        results: list[Fraction] = []
        ok = True
        for toks, old in zip(t.steps, t.results):
            value = _eval(toks, qv, results)
            if value is None or not _tidy(value, old):
                ok = False
                break
            results.append(value)
        if not ok:
            continue
        question = t.question
        for (start, end, like), v in sorted(zip(t.slots, values), reverse=True):
            question = question[:start] + _fmt_int(v, like) + question[end:]
        lines = [
            f"{_step_text(toks, qv, results[:k])} = {_dec(results[k])}" for k, toks in enumerate(t.steps)
        ]
        answer = _dec(results[-1])
        solution = "\n".join(lines + [final_answer_line(answer)])
        verdict = verify(question, solution)  # the core's exact check of every step
        stated = extract_answer(solution)[0]
        if verdict.status != "calculations_checked" or not answers_equal(stated, answer):
            continue
        return PracticeProblem(
            kind=WORD_KIND,
            problem=question,
            answer=answer,
            solution=solution,
            source=f"GSM8K train row {t.row}",
            check=verdict.status,
            steps=lines,
        )
    raise PracticeError("No word problem with steps the math core could check was found; try again.")


def resolve(p: PracticeProblem) -> str | None:
    """The core's own answer to a stored practice problem, found afresh: `solve` for typed
    problems; for word problems the exact value of the stored steps, each checked by the core's
    calculation check. None when the core cannot establish it."""
    from tutor.math import solve, verify

    if p.kind != WORD_KIND:
        sol = solve(p.problem)
        return sol.answer_latex if getattr(sol, "ok", False) else None
    if verify(p.problem, "\n".join(p.steps)).status != "calculations_checked":
        return None
    return p.steps[-1].rsplit("=", 1)[1].strip() if p.steps else None


# ---------------------------------------------------------------------------------------------
# the student's answer and the session summary


def check_answer(p: PracticeProblem, work: str) -> tuple[bool | None, str]:
    """(right, message) for the student's answer to a practice problem: the math core's
    check-my-answer for typed problems, the grader against the established answer for word
    problems. `right` is None when nothing could be read."""
    from tutor.math import check_student, same_answer
    from tutor.math.grading import extract_answer

    work = str(work or "").strip()[:2000]
    if not work:
        return None, "Type your answer first."
    if p.kind != WORD_KIND:
        v = check_student(p.problem, work)
        if v.status == "verified" and v.line is not None:  # right answer, a wrong line on the way
            return True, v.message
        if v.status == "verified":
            return True, "✓ Right! " + (v.message or "")
        if v.status in ("wrong", "calculation_error"):
            return False, "✗ Not yet. " + (v.message or "")
    got = extract_answer(work)[0] or work
    if same_answer(got, p.answer):  # in the worker: `got` is the visitor's
        return True, "✓ Right!"
    if extract_answer(work)[0] is None:
        return None, "I couldn't find an answer in that; type just the final answer."
    return False, "✗ Not yet: that is not the answer. Try again, or look at the solution."


@dataclass
class Session:
    """Tried/right per kind; `to_dict()` is what the browser keeps."""

    kinds: dict = field(default_factory=dict)  # kind -> {"tried": n, "right": m}

    @classmethod
    def from_dict(cls, data) -> Session:
        kinds = {}
        if isinstance(data, dict):
            for k, v in list((data.get("kinds") or {}).items())[:64]:
                if isinstance(v, dict):
                    tried = max(0, min(int(v.get("tried", 0) or 0), 10**6))
                    right = max(0, min(int(v.get("right", 0) or 0), tried))
                    kinds[str(k)[:64]] = {"tried": tried, "right": right}
        return cls(kinds)

    def record(self, kind: str, first_try: bool, right: bool, already_right: bool) -> None:
        entry = self.kinds.setdefault(kind, {"tried": 0, "right": 0})
        if first_try:
            entry["tried"] += 1
        if right and not already_right:
            entry["right"] += 1

    def to_dict(self) -> dict:
        return {"kinds": self.kinds}

    def markdown(self) -> str:
        if not self.kinds:
            return "_No practice problems tried yet._"
        rows = ["| kind | tried | right |", "|---|---|---|"]
        for k, v in sorted(self.kinds.items()):
            rows.append(f"| {k.replace('_', ' ')} | {v['tried']} | {v['right']} |")
        return "\n".join(rows)


_lock = threading.Lock()  # gsm8k_templates' first build is not run twice at once


def warm() -> int:
    """Build the word-problem templates now (the first call reads the GSM8K rows)."""
    with _lock:
        return len(gsm8k_templates())
