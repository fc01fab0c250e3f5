"""Benchmark: batched evaluation versus one problem at a time (not a test).

    python bench/bench_eval.py [--full]

Both runs go through `tutor.evaluation.evaluate.evaluate` (prompting, generation, grading) on the
same items, greedy, fp32 on CPU. `--quick`: GSM8K items on the tiny random Gemma-3-style model
(hidden 256, 4 layers; it rarely stops early, so every reply is the full length). Full: the real
model, SmolLM2-135M-Instruct, on held-out word problems (train/data/word-problems/test.jsonl),
where each reply ends at its own end-of-turn token, as in a real evaluation. Each mode runs `rounds`
times, alternating, and its best time counts (the machine may be shared). Reports problems per second
for each and the ratio; also checks the
two runs produced identical responses (left padding must not change greedy outputs).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tutor` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


WORD_PROBLEMS = "train/data/word-problems/test.jsonl"


def run(quick: bool = True) -> dict:
    """Returns {"batched_items_per_s", "sequential_items_per_s", "ratio", "batch_size", ...}."""
    import torch

    from tutor.core.loading import load_model
    from tutor.core.paths import REPO_ROOT
    from tutor.evaluation.evaluate import evaluate
    from tutor.testing.tiny_model import build

    batch_size = 8
    n_items = 16 if quick else 24
    new_tokens = 64 if quick else 48
    rounds = 2
    # --quick: the tiny random model on GSM8K (seconds); full: the real SmolLM2-135M-Instruct on
    # the held-out word problems, where replies stop at their own end-of-turn token
    dataset = "gsm8k" if quick else str(REPO_ROOT / WORD_PROBLEMS)
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as tmp:
        if quick:
            path = build(Path(tmp) / "tiny", hidden_size=256, num_layers=4)
        else:
            from tutor.core.real_model import ensure_real_model

            path = ensure_real_model()
        loaded = load_model(str(path), precision="fp32", device="cpu")
        kw = dict(
            dataset=dataset,
            limit=n_items,
            max_new_tokens=new_tokens,
            loaded=loaded,
            show_progress=False,
            seed=0,
        )
        evaluate(None, **{**kw, "limit": 2}, batch_size=2)  # warm-up

        # alternate the two modes and keep each one's best time: the machine may be shared
        t_batched = t_seq = c_batched = c_seq = float("inf")
        for _ in range(rounds):
            t0, c0 = time.perf_counter(), time.process_time()
            batched = evaluate(None, batch_size=batch_size, **kw)
            t_batched = min(t_batched, time.perf_counter() - t0)
            c_batched = min(c_batched, time.process_time() - c0)
            t0, c0 = time.perf_counter(), time.process_time()
            sequential = evaluate(None, batch_size=1, **kw)
            t_seq = min(t_seq, time.perf_counter() - t0)
            c_seq = min(c_seq, time.process_time() - c0)

    def responses(report):
        return {it["index"]: it["response"] for it in report["items"]}

    tokens = batched["results"]["base"]["generated_tokens"]
    return {
        "batched_items_per_s": n_items / t_batched,
        "sequential_items_per_s": n_items / t_seq,
        "ratio": t_seq / t_batched,
        "batch_size": batch_size,
        "items": n_items,
        "max_new_tokens": new_tokens,
        "generated_tokens": tokens,
        "batched_s": round(t_batched, 3),
        "sequential_s": round(t_seq, 3),
        "rounds": rounds,
        # CPU seconds of this process: less sensitive to other jobs on a shared machine
        "batched_cpu_s": round(c_batched, 3),
        "sequential_cpu_s": round(c_seq, 3),
        "cpu_time_ratio": c_seq / c_batched,
        "load_average_1m": _loadavg(),
        "identical_responses": responses(batched) == responses(sequential),
        "torch_threads": torch.get_num_threads(),
        "model": "tiny Gemma3ForCausalLM hidden=256 layers=4, fp32, CPU"
        if quick
        else "SmolLM2-135M-Instruct, fp32, CPU",
        "dataset_label": "GSM8K" if quick else "held-out word-problem",
    }


def _loadavg() -> float | None:
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):
        return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    result = run(quick="--full" not in argv)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
