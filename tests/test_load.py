"""Load: 32 concurrent `/solve` sessions against a running app (SymPy engine and a tiny model).

All complete, each reply answers its own question, the queue is fair (see bench/bench_load.py for
the criterion), and the server log has no tracebacks. The p50/p95 figures go to BENCHMARKS.md via
`python -m bench --only load`.
"""

from __future__ import annotations

import pytest

from bench import bench_load
from tests.conftest import AppProcess

pytestmark = pytest.mark.slow  # 32 sessions against a running app


def _check(res: dict) -> None:
    recs = res["records"]
    assert len(recs) == bench_load.N_SESSIONS
    errors = [(r["question"], r["error"]) for r in recs if r["error"]]
    assert not errors, errors
    wrong = [
        (r["question"], (r["reply"] or "")[-200:], r.get("alone", "")[-200:]) for r in recs if not r["ok"]
    ]
    assert not wrong, wrong
    f = res["fairness"]
    assert f["fair"], f
    assert not res["log_problems"], res["log_problems"]


def test_32_concurrent_sessions_symbolic():
    _check(bench_load.run_symbolic(AppProcess))


def test_32_concurrent_sessions_tiny_model(tiny_model_dir):
    _check(bench_load.run_model(AppProcess, str(tiny_model_dir)))
