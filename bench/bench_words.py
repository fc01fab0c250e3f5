"""Word-problem benchmark (issue 25): the offline engine on outside word-problem corpora (ASDiv,
GSM8K test; split once by bench/make_word_split.py), per corpus, part and structure; and the badge
on real model replies to them (bench/make_word_replies.py), altered copies included.

    python -m bench.bench_words [--part dev|heldout] [--limit N]

Run from `python -m bench.bench_math --write`, which puts these figures in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

from bench.make_word_split import rows as split_rows

REPLIES = Path(__file__).with_name("data") / "word_replies.jsonl"
_NUM = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:/\d+)?")


def gold_value(gold: str) -> Fraction | None:
    """The gold answer as one exact number, or None when it is not one number ("3:2", "14:55",
    "5 (apples) and 3 (pears)")."""
    g = re.sub(r"\s*\([^()]*\)", "", gold).strip().rstrip(".")
    g = g.replace("$", "").strip()
    if not re.fullmatch(_NUM.pattern + r"\s*%?", g):
        return None
    try:
        return Fraction(g.rstrip("%").strip().replace(",", ""))
    except (ValueError, ZeroDivisionError):
        return None


def answer_value(sol) -> Fraction | None:
    """The engine's answer as an exact number, or None."""
    try:
        import sympy as sp

        v = sp.nsimplify(sol.answer)
        if v.is_Rational:
            return Fraction(int(v.p), int(v.q))
    except Exception:  # noqa: BLE001
        return None
    return None


def offline(corpus: str, part: str, limit: int | None = None) -> dict:
    """How often the offline engine answers a corpus part's problems, and how often it is right
    (the answer equals the gold number; a gold that is not one number counts as wrong when
    answered, so precision can only undercount). Per structure (ASDiv's solution type, GSM8K's
    number of calculator steps)."""
    from tutor.math import solve

    rs = split_rows(corpus, part)[:limit]
    per = defaultdict(Counter)
    wrong = []
    t0 = time.perf_counter()
    for r in rs:
        c = per[r["structure"]]
        c["n"] += 1
        sol = solve(r["text"])
        if not sol.ok:
            continue
        c["answered"] += 1
        g, a = gold_value(r["gold"]), answer_value(sol)
        if g is not None and a is not None and g == a:
            c["right"] += 1
        else:
            wrong.append({"id": r["id"], "gold": r["gold"], "answer": sol.answer_latex})
    n = sum(c["n"] for c in per.values())
    answered = sum(c["answered"] for c in per.values())
    right = sum(c["right"] for c in per.values())
    return {
        "corpus": corpus,
        "part": part,
        "n": n,
        "answered": answered,
        "right": right,
        "answered_pct": round(100 * answered / max(1, n), 1),
        "right_of_answered_pct": round(100 * right / max(1, answered), 1) if answered else None,
        "seconds": round(time.perf_counter() - t0, 1),
        "per_structure": {k: dict(v) for k, v in sorted(per.items())},
        # ids only for the held-out part: its problems are not for reading while writing rules
        "wrong": wrong if part == "dev" else [w["id"] for w in wrong],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="dev")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--corpus", default="asdiv,gsm8k")
    args = ap.parse_args()
    out = {}
    for corpus in args.corpus.split(","):
        res = offline(corpus, args.part, args.limit)
        out[corpus] = res
        short = {k: v for k, v in res.items() if k not in ("per_structure", "wrong")}
        print(json.dumps(short))
    print(json.dumps(out, indent=1)[:3000] if args.part == "dev" else "")


if __name__ == "__main__":
    main()
