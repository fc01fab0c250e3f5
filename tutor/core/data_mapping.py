"""Which column is the question, the worked solution, the answer, the reasoning: guessed from a
file's columns for the formats the training job knows (GSM8K, MathX-5M, NuminaMath, Math-QA, MMLU,
Alpaca-style, chat `messages`, plain columns), editable by the teacher, and written into a recipe's
source as the formatter's `format` and `columns` (train/data.py's formatters read them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROLES = ("question", "solution", "answer", "reasoning")

# role -> the formatter's own field name (SourceConfig.columns maps those to the file's columns)
FORMAT_FIELDS: dict[str, dict[str, str]] = {
    "gsm8k": {"question": "question", "solution": "answer"},
    "mathx": {"question": "problem", "solution": "generated_solution", "answer": "expected_answer"},
    "numina": {"question": "problem", "solution": "solution"},
    "mathqa": {"question": "Problem", "solution": "Rationale", "answer": "correct"},
    "mmlu": {"question": "question", "answer": "answer"},
    "messages": {},
    "columns": {"question": "problem", "solution": "solution", "answer": "answer", "reasoning": "reasoning"},
}
FORMAT_LABELS = {
    "gsm8k": "GSM8K (question, answer ending '#### N')",
    "mathx": "MathX-5M (problem, generated_solution, expected_answer)",
    "numina": "NuminaMath (problem, solution)",
    "mathqa": "Math-QA (Problem, Rationale, options, correct)",
    "mmlu": "MMLU (question, choices, answer)",
    "messages": "chat messages",
    "columns": "your columns (question, solution, answer, reasoning)",
}

_SYNONYMS = {
    "question": ("question", "problem", "prompt", "instruction", "input", "query", "exercise", "task"),
    "solution": (
        "solution",
        "worked_solution",
        "generated_solution",
        "rationale",
        "output",
        "response",
        "completion",
        "explanation",
        "working",
        "steps",
    ),
    "answer": ("answer", "final_answer", "expected_answer", "result", "target", "correct", "gold"),
    "reasoning": ("reasoning", "thinking", "think", "chain_of_thought", "cot", "scratchpad"),
}


@dataclass
class Mapping:
    format: str
    roles: dict = field(default_factory=dict)  # role -> the file's column (or None)
    known: str = ""  # the dataset the columns were recognised as, if any

    def columns(self) -> dict[str, str]:
        """The recipe's `columns`: formatter field -> the file's column, where they differ or the
        teacher chose one."""
        fields = FORMAT_FIELDS.get(self.format, {})
        return {fields[r]: c for r, c in self.roles.items() if c and r in fields}


def _find(columns: list[str], names: tuple[str, ...], taken: set[str]) -> str | None:
    low = {re.sub(r"[\s-]+", "_", c.strip().lower()): c for c in columns if c not in taken}
    for n in names:
        if n in low:
            return low[n]
    return None


def guess(columns: list[str], first_row: dict | None = None) -> Mapping:
    """The likely format and role -> column mapping for a file with these columns."""
    cols = set(columns)
    row = first_row or {}
    if "messages" in cols and isinstance(row.get("messages"), list):
        if {"problem", "solution"} <= cols:
            return Mapping("numina", {"question": "problem", "solution": "solution"}, "NuminaMath")
        return Mapping("messages", {}, "chat messages")
    if "generated_solution" in cols:
        q = "problem" if "problem" in cols else "question" if "question" in cols else None
        ans = "expected_answer" if "expected_answer" in cols else None
        return Mapping("mathx", {"question": q, "solution": "generated_solution", "answer": ans}, "MathX-5M")
    if {"Problem", "Rationale", "options", "correct"} <= cols:
        mqa = {"question": "Problem", "solution": "Rationale", "answer": "correct"}
        return Mapping("mathqa", mqa, "Math-QA")
    if {"question", "choices", "answer"} <= cols:
        return Mapping("mmlu", {"question": "question", "answer": "answer"}, "MMLU")
    if {"question", "answer"} <= cols and "####" in str(row.get("answer", "")):
        return Mapping("gsm8k", {"question": "question", "solution": "answer"}, "GSM8K")
    if {"instruction", "output"} <= cols:
        return Mapping("columns", {"question": "instruction", "solution": "output"}, "Alpaca-style")
    taken: set[str] = set()
    roles: dict[str, str | None] = {}
    for role in ROLES:
        c = _find(columns, _SYNONYMS[role], taken)
        roles[role] = c
        if c:
            taken.add(c)
    return Mapping("columns", roles)


def problems(mapping: Mapping, columns: list[str]) -> list[str]:
    """What keeps this mapping from training: a missing question or solution/answer, a column the
    file does not have."""
    out = []
    if mapping.format not in FORMAT_FIELDS:
        out.append(f"unknown format {mapping.format!r}")
        return out
    for role, col in mapping.roles.items():
        if col and col not in columns:
            out.append(f"{role}: the file has no column {col!r}")
    if mapping.format == "messages":
        if "messages" not in columns:
            out.append("chat format needs a 'messages' column")
        return out
    if not mapping.roles.get("question"):
        out.append("choose the question column")
    if not (mapping.roles.get("solution") or mapping.roles.get("answer")):
        out.append("choose a solution or an answer column")
    return out


def source_entry(
    label: str,
    mapping: Mapping,
    *,
    path: str | None = None,
    sha256: str | None = None,
    hub: tuple[str, str | None, str] | None = None,
    count: int | None = None,
) -> dict:
    """A recipe `datasets` entry for this file (or Hub dataset) and mapping."""
    entry: dict = {"name": label}
    if hub is not None:
        entry["name"], config, split = hub
        if config:
            entry["config"] = config
        entry["split"] = split or "train"
    else:
        entry["path"] = path
    entry["format"] = mapping.format
    cols = mapping.columns()
    if cols:
        entry["columns"] = cols
    if sha256:
        entry["sha256"] = sha256
    if count is not None:
        entry["count"] = count
    return entry
