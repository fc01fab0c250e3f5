"""Scoring an evaluation: one item graded, maj@k, Wilson intervals and the per-adapter summary
(accuracy, lm-eval's filters, the math core's verdict shares, hint leaks, reply lengths)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from tutor.evaluation.eval_data import Item
from tutor.math import grading, grading_choice


def wilson_ci(correct: int, n: int, z: float = 1.959963984540054) -> list[float] | None:
    if n == 0:
        return None
    p = correct / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if correct == 0 else max(0.0, centre - half)
    hi = 1.0 if correct == n else min(1.0, centre + half)
    return [lo, hi]


def grade_item(item: Item, response: str) -> dict:
    if item.kind == "choice":
        g = grading_choice.grade_choice(response, item.gold, item.choices)
        strict = flexible = None
    else:
        g = grading.grade(response, item.gold)
        strict = grading.harness_strict(response, item.gold)
        flexible = grading.harness_flexible(response, item.gold)
    return {
        "extracted": g.extracted,
        "method": g.method,
        "correct": bool(g.correct),
        "gold": g.gold,
        "strict_match": strict,
        "flexible_extract": flexible,
    }


def majority(texts: list[str], gold: str, kind: str = "numeric") -> tuple[str | None, bool]:
    """maj@k: the largest cluster of equal final answers among `texts`, and whether it is right."""
    from tutor.tutoring.confidence import cluster_answers

    if kind == "choice":
        answers = [grading_choice.extract_choice(t)[0] for t in texts]
    else:
        answers = [grading.extract_answer(t)[0] for t in texts]
    clusters = cluster_answers(answers)
    if not clusters:
        return None, False
    top = clusters[0][0]
    return top, bool(grading.answers_equal(top, gold))


def _rate(rows: list[dict], key: str, value=True) -> float | None:
    vals = [r.get(key) for r in rows if r.get(key) is not None]
    return sum(v == value for v in vals) / len(vals) if vals else None


def summarize(items: list[dict], names: list[str], indices: Iterable[int], timing: dict[str, dict]) -> dict:
    wanted = set(indices)
    results: dict[str, dict] = {}
    for name in names:
        rows = [it for it in items if it["adapter"] == name and it["index"] in wanted]
        n = len(rows)
        correct = sum(bool(r["correct"]) for r in rows)
        strict = [r["strict_match"] for r in rows if r.get("strict_match") is not None]
        flex = [r["flexible_extract"] for r in rows if r.get("flexible_extract") is not None]
        t = timing.get(name, {})
        tokens, secs = t.get("generated_tokens", 0), t.get("generation_s", 0.0)
        verdicts: dict[str, int] = {}
        for r in rows:
            if r.get("verdict"):
                verdicts[r["verdict"]] = verdicts.get(r["verdict"], 0) + 1
        judged = sum(verdicts.values())
        lengths = [r["new_tokens"] for r in rows if r.get("new_tokens") is not None]
        words = [r["reply_words"] for r in rows if r.get("reply_words") is not None]
        hints = [r for r in rows if r.get("hint_leak") is not None]
        maj = [r for r in rows if r.get("maj_correct") is not None]
        results[name] = {
            "accuracy": correct / n if n else None,
            "ci95": wilson_ci(correct, n),
            "strict_match": sum(strict) / len(strict) if strict else None,
            "flexible_extract": sum(flex) / len(flex) if flex else None,
            "n": n,
            "correct": correct,
            "relative_improvement": None,
            "tokens_per_s": tokens / secs if secs else None,
            "generated_tokens": tokens,
            "generation_s": round(secs, 3),
            "verdicts": verdicts,
            "verified_rate": verdicts.get("verified", 0) / judged if judged else None,
            "calculations_checked_rate": verdicts.get("calculations_checked", 0) / judged if judged else None,
            "calculation_error_rate": verdicts.get("calculation_error", 0) / judged if judged else None,
            "hint_leak_rate": _rate(hints, "hint_leak"),
            "hints_n": len(hints),
            "maj_k": max((r.get("maj_k") or 0 for r in maj), default=0) or None,
            "maj_accuracy": _rate(maj, "maj_correct"),
            "avg_reply_tokens": sum(lengths) / len(lengths) if lengths else None,
            "avg_reply_words": sum(words) / len(words) if words else None,
        }
    base = results.get("base", {}).get("accuracy")
    for name, r in results.items():
        if name != "base" and base and r["accuracy"] is not None:
            r["relative_improvement"] = (r["accuracy"] - base) / base
    return results
