"""Checks on training rows before a run: rows with no answer, duplicate problems, answers that the
math core finds inconsistent with the row's own worked solution, and contamination (training
problems that match, normalised or near-duplicate, a problem of the Evaluate sets in use).

Used by the training job's data report (`python -m train.data_report`, and `--dry-run`), which the
Train tab shows. The math core is reached through its grader (`tutor.math.grading`), the same
equivalence Evaluate scores with, so "inconsistent" means what Evaluate would call a wrong answer.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

SHINGLE = 5  # words per shingle for near-duplicates
NEAR_DUPLICATE = 0.6  # shared shingles / the shorter problem's shingles
EXAMPLES = 5  # rows shown per check

_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_FINAL_MARKS = re.compile(r"####|the final answer is|\\boxed\{|final answer\s*:|the answer is", re.I)


@dataclass
class Row:
    """One training row as the checks need it (`index`: 1-based position in its source)."""

    source: str
    index: int
    question: str
    solution: str = ""  # the worked solution as written in the data, without an added answer line
    answer: str | None = None  # the row's own answer (answer column, '#### N', expected_answer)


@dataclass
class Check:
    kind: str  # no_answer | duplicate | inconsistent | contamination
    title: str
    count: int = 0
    examples: list[dict] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # [source, index, question, detail] per flagged row

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        if not self.count:
            return f"data check: {self.title}: none"
        shown = "; ".join(f"{e['source']} row {e['row']}: {e['detail']}" for e in self.examples[:3])
        return f"data check: {self.title}: {self.count} ({shown})"


def normalise(text: str) -> str:
    """Lower case, words and numbers only (punctuation, spacing and LaTeX braces ignored)."""
    return " ".join(_WORD.findall(str(text).lower().replace(",", "")))


def _shingles(norm: str) -> set[str]:
    words = norm.split()
    if len(words) < SHINGLE:
        return {norm} if norm else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _numbers(norm: str) -> frozenset:
    return frozenset(w for w in norm.split() if w[0].isdigit())


def _short(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")


def solution_answer(solution: str) -> str | None:
    """The answer a worked solution states itself ('#### N', a final-answer sentence, a boxed
    value), or None when it states none: no guess from a stray number. In "the final answer is
    15 gallons * 8 = 120 pints" the stated answer is what follows the last '='."""
    text = solution.rsplit("</think>", 1)[-1]
    m = re.search(r"####\s*(.+?)\s*$", text, re.M)
    if m:
        return m.group(1).strip()
    if "\\boxed{" in text:
        from tutor.math.grading import last_boxed

        return last_boxed(text)
    marks = list(_FINAL_MARKS.finditer(text))
    if not marks:
        return None
    sentence = re.split(r"\n|\.(?:\s|$)", text[marks[-1].end() :].strip(), maxsplit=1)[0]
    sentence = sentence.rsplit("=", 1)[-1].strip(" :$")
    return sentence or None


def _number(text: str):
    from tutor.math.grading import to_number

    value = to_number(text)
    if value is None:
        nums = _NUMBER.findall(str(text).replace(",", ""))
        value = to_number(nums[0]) if len(nums) == 1 else None
    return value


def _flag(check: Check, row: Row, detail: str) -> None:
    check.count += 1
    check.rows.append([row.source, row.index, _short(row.question, 300), detail])
    if len(check.examples) < EXAMPLES:
        check.examples.append(
            {"source": row.source, "row": row.index, "question": _short(row.question), "detail": detail}
        )


def no_answer(rows: list[Row]) -> Check:
    c = Check("no_answer", "rows with no answer")
    for r in rows:
        if not (r.answer and str(r.answer).strip()) and not _FINAL_MARKS.search(r.solution or ""):
            _flag(c, r, "no answer column value and no final answer in the solution")
    return c


def duplicates(rows: list[Row]) -> Check:
    c = Check("duplicate", "duplicate problems")
    first: dict[str, Row] = {}
    for r in rows:
        key = normalise(r.question)
        if not key:
            continue
        if key in first:
            f = first[key]
            _flag(c, r, f"same problem as {f.source} row {f.index}")
        else:
            first[key] = r
    return c


def inconsistent(rows: list[Row]) -> Check:
    """Rows whose answer is a different number from the one their own worked solution states
    (compared as numbers by the math core's grader; rows without two numbers are not judged)."""
    from tutor.math.grading import answers_equal

    c = Check("inconsistent", "answers inconsistent with their own worked solution")
    for r in rows:
        if not r.answer or not str(r.answer).strip() or not r.solution:
            continue
        own = solution_answer(r.solution)
        if own is None or _number(own) is None or _number(str(r.answer)) is None:
            continue
        if answers_equal(str(_number(own)), str(_number(str(r.answer)))):
            continue
        _flag(
            c, r, f"the solution ends with {_short(own, 30)!r}, the answer says {_short(str(r.answer), 30)!r}"
        )
    return c


class EvalIndex:
    """The problems of the Evaluate sets, for normalised and near-duplicate lookups."""

    def __init__(self, sets: dict[str, list[str]]):
        self.exact: dict[str, tuple[str, int]] = {}
        self.by_shingle: dict[str, list[int]] = defaultdict(list)
        self.items: list[tuple[str, int, frozenset, int]] = []  # (set, row, numbers, shingle count)
        for name, questions in sets.items():
            for i, q in enumerate(questions, 1):
                norm = normalise(q)
                if not norm:
                    continue
                self.exact.setdefault(norm, (name, i))
                sh = _shingles(norm)
                k = len(self.items)
                self.items.append((name, i, _numbers(norm), len(sh)))
                for s in sh:
                    self.by_shingle[s].append(k)

    def __len__(self) -> int:
        return len(self.items)

    def match(self, question: str) -> tuple[str, int, float | None] | None:
        """(set, row, overlap) of the Evaluate problem this one duplicates (overlap None: the same
        text once normalised), or None."""
        norm = normalise(question)
        if not norm:
            return None
        if norm in self.exact:
            name, i = self.exact[norm]
            return name, i, None
        sh = _shingles(norm)
        hits: dict[int, int] = defaultdict(int)
        for s in sh:
            for k in self.by_shingle.get(s, ()):
                hits[k] += 1
        best, numbers = None, _numbers(norm)
        for k, n in hits.items():
            overlap = n / max(1, min(len(sh), self.items[k][3]))
            # the same words with other numbers is another problem of the same kind, not this one
            if overlap < NEAR_DUPLICATE or numbers != self.items[k][2]:
                continue
            if best is None or overlap > best[2]:
                best = (self.items[k][0], self.items[k][1], overlap)
        return best


def contamination(rows: list[Row], index: EvalIndex) -> Check:
    c = Check("contamination", "problems that are in the Evaluate sets")
    for r in rows:
        m = index.match(r.question)
        if m is not None:
            name, i, overlap = m
            if overlap is None:
                how = "same problem"
            elif overlap >= 1.0:
                how = "contains the whole problem"
            else:
                how = f"near-duplicate: same numbers, {overlap:.0%} of its word runs"
            _flag(c, r, f"{name} row {i} ({how})")
    return c


def read_questions(path: str | Path, field_names=("question", "problem", "Problem", "input")) -> list[str]:
    """The problems of an evaluation file (JSONL or a JSON list), read from the first known field."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    rows = (
        json.loads(text) if p.suffix == ".json" else [json.loads(x) for x in text.splitlines() if x.strip()]
    )
    out = []
    for r in rows:
        if isinstance(r, dict):
            out.append(str(next((r[f] for f in field_names if r.get(f)), "")))
    return out


def run_checks(rows: list[Row], eval_sets: dict[str, list[str]] | None = None) -> list[Check]:
    """Every check on `rows`; contamination against `eval_sets` (name -> problems) when given."""
    checks = [no_answer(rows), duplicates(rows), inconsistent(rows)]
    if eval_sets:
        checks.append(contamination(rows, EvalIndex(eval_sets)))
    return checks
