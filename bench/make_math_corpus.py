"""Build bench/data/math_corpus.jsonl, the math core's benchmark corpus (run once; the JSONL is
committed, so the bench needs none of this).

Sources, each row records its own:
* ``mathematics_dataset``: DeepMind's school-level mathematics generator (PyPI
  ``mathematics-dataset==1.0.1``, Saxton et al. 2019), "train-easy" difficulty, fixed seeds. Its
  phrasings and gold answers are theirs, not this project's. Install it outside the project
  (``pip install --target DIR --no-deps mathematics-dataset==1.0.1 six absl-py``; with SymPy 1.14
  its ``sample/polynomials.py`` needs ``sympy.solvers.diophantine.diophantine`` in its import of
  ``base_solution_linear``, ``ndarray.itemset`` becomes item assignment and ``np.object`` becomes
  ``object``) and run ``PYTHONHASHSEED=0 PYTHONPATH=DIR python -m bench.make_math_corpus``
  (``--heldout`` writes the held-out draw).
* ``gsm8k-train``: rows of ../shared/data/gsm8k/train.jsonl (their worked answers are the
  replies), plus two altered copies of each for wrong-answer detection: one calculation's result
  changed (``alter: calculation``) and the final answer changed (``alter: final``).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

OUT = Path(__file__).with_name("data") / "math_corpus.jsonl"
# A second draw with other seeds, made after the phrasings were written and never used to tune
# them: the held-out figure (`python -m bench.bench_math --corpus bench/data/math_heldout.jsonl`).
HELDOUT = Path(__file__).with_name("data") / "math_heldout.jsonl"
GSM8K = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "gsm8k" / "train.jsonl"

MODULES = [  # school-level kinds, plain phrasing
    "arithmetic__add_or_sub",
    "arithmetic__mul",
    "arithmetic__div",
    "arithmetic__add_sub_multiple",
    "arithmetic__mixed",
    "arithmetic__mul_div_multiple",
    "numbers__gcd",
    "numbers__lcm",
    "numbers__is_prime",
    "numbers__div_remainder",
    "numbers__round_number",
    "numbers__base_conversion",
    "numbers__is_factor",
    "comparison__pair",
    "comparison__sort",
    "comparison__kth_biggest",
    "algebra__linear_1d",
    "algebra__linear_2d",
    "algebra__sequence_next_term",
    "calculus__differentiate",
    "polynomials__collect",
    "polynomials__expand",
    "polynomials__evaluate",
    "measurement__conversion",
    "polynomials__simplify_power",
    "arithmetic__simplify_surd",
]
PER_MODULE = 16
GSM8K_ROWS = 150


def deepmind_rows(seed_offset: int = 0, source: str = "mathematics_dataset==1.0.1 train-easy"):
    from mathematics_dataset.modules import modules

    def entropy(range_):  # "train-easy": the lower third of each module's entropy range
        lo, hi = range_
        return lo, lo + (hi - lo) / 3

    flat = {}

    def add(d, prefix=""):
        for k, v in d.items():
            if isinstance(v, dict):
                add(v, prefix + k + "__")
            else:
                flat[prefix + k] = v

    add(modules.train(entropy))
    rows = []
    for name in MODULES:
        random.seed(hash(name) % 10_000 + seed_offset)
        import numpy as np

        np.random.seed(abs(hash(name)) % 10_000 + seed_offset)
        seen = set()
        tries = 0
        while sum(r["module"] == name for r in rows) < PER_MODULE and tries < 200:
            tries += 1
            p = flat[name]()
            q, a = str(p.question).strip(), str(p.answer).strip()
            if q in seen:
                continue
            seen.add(q)
            rows.append({"source": source, "module": name, "problem": q, "gold": a})
    return rows


def _alter_calculation(answer: str, rng: random.Random) -> str | None:
    """Change the result of one calculator annotation <<a=b>>b (in the annotation and the text)."""
    calcs = list(re.finditer(r"<<([^<>=]+)=([^<>]+)>>([\d.]+)", answer))
    calcs = [m for m in calcs if re.fullmatch(r"-?\d+(?:\.\d+)?", m.group(2)) and m.group(2) == m.group(3)]
    if not calcs:
        return None
    m = rng.choice(calcs)
    old = m.group(2)
    new = (
        str(int(float(old)) + rng.choice([1, 2, 3, -1, 10]))
        if "." not in old
        else f"{float(old) + 1:.{len(old.split('.')[1])}f}"
    )
    if new == old:
        return None
    return answer[: m.start()] + f"<<{m.group(1)}={new}>>{new}" + answer[m.end() :]


def gsm8k_rows():
    rng = random.Random(12)
    lines = GSM8K.read_text().splitlines()
    picked = rng.sample(range(len(lines)), GSM8K_ROWS)
    rows = []
    for i in picked:
        r = json.loads(lines[i])
        gold = r["answer"].rsplit("####", 1)[1].strip().replace(",", "")
        src = f"gsm8k-train row {i}"
        reply = re.sub(r"<<[^<>]*>>", "", r["answer"])  # as a model writes it, no calculator marks
        rows.append(
            {
                "source": src,
                "module": "gsm8k",
                "problem": r["question"],
                "gold": gold,
                "reply": reply,
                "alter": None,
            }
        )
        altered = _alter_calculation(r["answer"], rng)
        if altered:
            rows.append(
                {
                    "source": src,
                    "module": "gsm8k",
                    "problem": r["question"],
                    "gold": gold,
                    "reply": re.sub(r"<<[^<>]*>>", "", altered),
                    "alter": "calculation",
                }
            )
        head, _, tail = reply.rpartition("####")
        wrong = (
            str(int(float(gold)) + rng.choice([1, 2, 5, -1])) if re.fullmatch(r"-?\d+", gold) else gold + "1"
        )
        rows.append(
            {
                "source": src,
                "module": "gsm8k",
                "problem": r["question"],
                "gold": gold,
                "reply": f"{head}#### {wrong}",
                "alter": "final",
                "stated": wrong,
            }
        )
    return rows


def main() -> None:
    import sys

    if "--heldout" in sys.argv:
        rows = deepmind_rows(7919, "mathematics_dataset==1.0.1 train-easy, held-out seeds (+7919)")
        with HELDOUT.open("w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        print(f"{len(rows)} rows -> {HELDOUT}")
        return
    rows = deepmind_rows() + gsm8k_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
