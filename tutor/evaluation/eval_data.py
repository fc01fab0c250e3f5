"""The data of an evaluation: dataset rows as `Item`s (the schema detected from the fields),
GSM8K from the shared folder or the Hub, and the seeded selection. No Gradio, no model."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from tutor.core.paths import REPO_ROOT
from tutor.math import grading, grading_choice


class EvaluationError(RuntimeError):
    """An evaluation could not run; the message says why in plain words."""


@dataclass
class Item:
    index: int
    question: str
    gold: str  # as given (GSM8K solution, boxed solution, letter, ...)
    kind: str  # "numeric" | "latex" | "choice"
    choices: object = None  # options for "choice": list / dict / Math-QA string
    solution: str | None = None  # a worked solution, for few-shot examples

    def gold_short(self) -> str:
        if self.kind == "choice":
            return grading_choice.gold_choice_letter(self.gold)
        return grading.normalize_gold(self.gold)


def shared_data_dir() -> Path | None:
    for base in (REPO_ROOT.parent / "shared", REPO_ROOT / "shared"):
        if (base / "data").is_dir():
            return base / "data"
    return None


def _read_rows(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(text)
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), [])
        return list(data)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def strip_calculator_notes(text: str) -> str:
    """GSM8K's calculator annotations (<<48/2=24>>) removed."""
    return re.sub(r"<<[^<>]*>>", "", text)


def rows_to_items(
    rows: list[dict],
    question_field: str | None = None,
    answer_field: str | None = None,
    choices_field: str | None = None,
) -> list[Item]:
    """Turn dataset rows into Items, detecting the schema (see module docstring)."""
    if not rows:
        return []
    keys = set(rows[0])
    items: list[Item] = []
    for i, r in enumerate(rows):
        if question_field or answer_field:
            q, a = r[question_field or "question"], r[answer_field or "answer"]
            ch = r.get(choices_field) if choices_field else None
            if ch is not None:
                items.append(Item(i, str(q), a, "choice", ch))
            else:
                a = str(a)
                kind = "latex" if "\\" in a else "numeric"
                items.append(Item(i, str(q), a, kind, solution=a if "####" in a else None))
        elif {"Problem", "options", "correct"} <= keys:  # Math-QA
            items.append(
                Item(i, r["Problem"], r["correct"], "choice", r["options"], solution=r.get("Rationale"))
            )
        elif {"question", "choices", "answer"} <= keys:  # MMLU
            ch = r["choices"]
            if isinstance(ch, dict) and "text" in ch:  # ARC-style {"label": [...], "text": [...]}
                ch = dict(zip(ch.get("label", grading.LETTERS), ch["text"]))
            items.append(Item(i, r["question"], r["answer"], "choice", ch))
        elif {"problem", "solution"} <= keys or {"problem", "answer"} <= keys:  # MATH
            gold = r.get("answer") or grading.last_boxed(r.get("solution", "")) or r.get("solution")
            items.append(Item(i, r["problem"], str(gold), "latex", solution=r.get("solution")))
        elif {"question", "answer"} <= keys:  # GSM8K and GSM8K-like
            a = str(r["answer"])
            items.append(
                Item(
                    i,
                    r["question"],
                    a,
                    "numeric",
                    solution=strip_calculator_notes(a) if "####" in a else None,
                )
            )
        else:
            raise EvaluationError(
                f"cannot tell the dataset format from its fields {sorted(keys)}: pass "
                f"--question-field and --answer-field"
            )
    return items


def _hub_gsm8k(split: str) -> list[dict]:
    try:
        from datasets import load_dataset

        ds = load_dataset("openai/gsm8k", "main", split=split)
    except Exception as exc:  # noqa: BLE001
        raise EvaluationError(
            f"GSM8K is not in shared/data and the Hub copy could not be loaded "
            f"({type(exc).__name__}: {str(exc)[:200]})"
        ) from exc
    return [dict(r) for r in ds]


def load_dataset_items(
    dataset: str,
    *,
    question_field: str | None = None,
    answer_field: str | None = None,
    choices_field: str | None = None,
    split: str = "test",
    roots=None,
) -> list[Item]:
    """Items of `dataset` ("gsm8k" or a file path); `split="train"` for the few-shot pool.
    `roots` (a `tutor.security.AllowedRoots`): a file path must lie inside them, else the roots'
    one refusal (the same whether the file exists or not)."""
    if dataset.lower() in ("gsm8k", "openai/gsm8k"):
        data = shared_data_dir()
        path = data / "gsm8k" / f"{split}.jsonl" if data else None
        rows = _read_rows(path) if path and path.exists() else _hub_gsm8k(split)
        return rows_to_items(rows)
    path = Path(dataset)
    if roots is not None and roots.enforce:
        from tutor.security.paths import PathRefused

        try:
            path = roots.check(dataset)
        except PathRefused as exc:
            raise EvaluationError(str(exc)) from None
    if split != "test":
        candidates = [
            path.with_name(f"{split}{path.suffix}"),
            path.with_name(path.name.replace("test", split)),
        ]
        path = next(
            (
                c
                for c in candidates
                if c.exists() and c != Path(dataset) and (roots is None or roots.inside(c))
            ),
            None,
        )
        if path is None:
            raise EvaluationError(
                f"few-shot examples need a {split} split beside {dataset} (e.g. {candidates[0]})"
            )
    if not path.exists():
        raise EvaluationError(f"no such dataset: {dataset!r} (use 'gsm8k' or a .jsonl path)")
    return rows_to_items(_read_rows(path), question_field, answer_field, choices_field)


def select(items: list[Item], limit: int | None, seed: int | None) -> list[Item]:
    """The first `limit` items of a `seed`-permutation (seed None: file order)."""
    order = list(items)
    if seed is not None:
        random.Random(seed).shuffle(order)
    return order[:limit] if limit else order
