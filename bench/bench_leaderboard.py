"""Benchmark (issue 16): the leaderboard fit and practice-problem generation (not a test).

    python -m bench --only leaderboard [--quick]     # merges its rows into BENCHMARKS.md
    python -m bench.bench_leaderboard [--quick]      # prints the figures only

Leaderboard: 10,000 synthetic votes over 8 adapters (Bradley–Terry strengths spread over ±1.5,
2-column votes, 10% ties, 3% "all bad"), fitted by `tutor.evaluation.leaderboard.leaderboard`
with 200 bootstrap rounds; the median of `reps` timed fits after one untimed warm-up fit (the
first call in a process pays SciPy's lazy imports, ~1-4 s here); votes already in memory, as
the endpoint has them after reading the log. Side by side, the same fit and bootstrap done the
obvious way — one likelihood term per comparison and SciPy's default L-BFGS-B, as this module's
first version did — instead of the aggregated win matrix and `trust-exact` with the exact
Hessian. Target: under 2 s.

Practice: `tutor.tutoring.practice.similar` on typed problems (each draw solved and verified by
the math core in its worker) and GSM8K-template word problems (each step re-checked), after one
warm-up call (the SymPy worker start and the template build are not per problem). Target:
median under 200 ms per problem.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TYPED = [
    "Solve 3x + 7 = 22",
    "Solve x^2 - 5x + 6 = 0",
    "What is 15% of 80?",
    "1/2 + 1/3",
    "Solve x + y = 10 and x - y = 2",
    "derivative of x^2 sin x",
    r"\int_0^1 x^2\,dx",
    "Solve 2x - 9 = 15",
]


def synthetic_votes(n: int = 10_000, m: int = 8, seed: int = 0) -> list[dict]:
    import numpy as np

    rng = np.random.default_rng(seed)
    theta = np.linspace(-1.5, 1.5, m)
    first = rng.integers(0, m, n)
    second = (first + rng.integers(1, m, n)) % m
    p = 1 / (1 + np.exp(theta[second] - theta[first]))
    u = rng.random(n)
    out = []
    for v in range(n):
        vote = "all bad" if u[v] < 0.03 else "tie" if u[v] < 0.13 else ("A" if rng.random() < p[v] else "B")
        out.append(
            {
                "time": "2026-12-01T12:00:00Z",
                "session": f"s{v % 3000}",
                "problem": f"problem {v}",
                "vote": vote,
                "columns": [f"adapter-{first[v]}", f"adapter-{second[v]}"],
                "kind": "word_problem",
            }
        )
    return out


def _per_comparison_fit(votes, rounds: int, seed: int = 0):
    """The baseline: one log-likelihood term per comparison, L-BFGS-B."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import expit, log_expit

    from tutor.evaluation import leaderboard as lb

    kept, _, _ = lb.select_votes(votes, cap=lb.DEFAULT_CAP)
    models, vi, ii, jj, ss = lb.comparisons(kept)
    m = len(models)

    def fit(w):
        def nll(theta):
            d = theta[ii] - theta[jj]
            val = -np.sum(w * (ss * log_expit(d) + (1 - ss) * log_expit(-d))) + lb.RIDGE * theta @ theta
            g = w * (ss - expit(d))
            grad = (
                -np.bincount(ii, weights=g, minlength=m)
                + np.bincount(jj, weights=g, minlength=m)
                + 2 * lb.RIDGE * theta
            )
            return val, grad

        return minimize(nll, np.zeros(m), jac=True, method="L-BFGS-B").x

    fit(np.ones(len(ss)))
    rng = np.random.default_rng(seed)
    for _ in range(rounds):
        counts = np.bincount(rng.integers(0, len(kept), len(kept)), minlength=len(kept))
        fit(counts[vi].astype(float))


def run(quick: bool = True) -> dict:
    from tutor.evaluation import leaderboard as lb
    from tutor.tutoring import practice

    reps = 3 if quick else 7
    votes = synthetic_votes()
    ours, base = [], []
    board = lb.leaderboard(votes, rounds=5, seed=1)  # warm-up: SciPy's lazy imports, caches
    for _ in range(reps):  # alternating, so load on the machine hits both alike
        t0 = time.perf_counter()
        board = lb.leaderboard(votes, rounds=200, seed=0)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        _per_comparison_fit(votes, rounds=200)
        base.append(time.perf_counter() - t0)
    fit_s, base_s = statistics.median(ours), statistics.median(base)
    order_ok = [e.model for e in board.entries] == [f"adapter-{k}" for k in range(7, -1, -1)]

    practice.similar(TYPED[0], seed=0)  # warm: the SymPy worker and the templates
    practice.warm()
    n_each = 3 if quick else 10
    typed_ms, word_ms, failed = [], [], 0
    for k in range(n_each):
        for prob in TYPED:
            t0 = time.perf_counter()
            try:
                practice.similar(prob, seed=k)
            except practice.PracticeError:
                failed += 1
                continue
            typed_ms.append((time.perf_counter() - t0) * 1000)
    for k in range(n_each * len(TYPED)):
        t0 = time.perf_counter()
        practice.word_problem(seed=k)
        word_ms.append((time.perf_counter() - t0) * 1000)
    all_ms = typed_ms + word_ms
    med = statistics.median(all_ms)
    rows = [
        {
            "what": f"leaderboard fit: {len(votes):,} votes, 8 adapters, 200 bootstrap rounds "
            f"(win matrix + trust-exact vs one term per comparison + L-BFGS-B; ranks in true "
            f"order: "
            f"{'yes' if order_ok else 'NO'})",
            "ours": f"{fit_s:.2f} s",
            "baseline": f"{base_s:.2f} s",
            "ratio": base_s / fit_s,
            "target": "< 2 s",
            "met": fit_s < 2.0 and order_ok,
        },
        {
            "what": f"practice problem generation, median per problem ({len(typed_ms)} typed + "
            f"{len(word_ms)} word problems; typed p50 {statistics.median(typed_ms):.0f} ms, "
            f"word p50 {statistics.median(word_ms):.0f} ms, max {max(all_ms):.0f} ms)",
            "ours": f"{med:.0f} ms",
            "baseline": "–",
            "ratio": None,
            "target": "< 200 ms",
            "met": med < 200,
        },
    ]
    notes = [
        f"leaderboard fits (s): ours {[round(x, 3) for x in ours]}, per-comparison "
        f"{[round(x, 3) for x in base]}",
        f"practice: {failed} typed draws refused (no checkable problem found)",
        "every practice problem's answer is computed and checked by the math core "
        "before it is returned (typed: solve + verify = verified; words: every step "
        "calculations_checked)",
    ]
    return {
        "rows": rows,
        "notes": notes,
        "raw": {
            "fit_s": ours,
            "baseline_s": base,
            "typed_ms": typed_ms,
            "word_ms": word_ms,
            "order_ok": order_ok,
            "practice_refused": failed,
        },
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv)["rows"], indent=2))
