"""Nothing symbolic runs in the app process (issue 23): the grader's math-verify steps (reading a
reply's final expression, comparing two answers symbolically) and its SymPy re-reading of sets,
relations and lines run in the fair pool of workers with a deadline — so Evaluate, Compare, the
self-consistency clustering and the hint guard, which call the grader in app threads, cannot be
held by a hostile answer."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tutor.math import client, grading, offload
from tutor.tutoring.confidence import cluster_answers

REPO = Path(__file__).resolve().parents[1]
# math-verify on this pair ran > 45 s in an app thread before (a five-term 30th power: 123 s)
HOSTILE_GOLD = "(x+y+z+w)^{40}+1"
BOUND_S = 20.0  # the deadline (2 s here) plus a busy machine's slack


@pytest.fixture(autouse=True)
def _short_deadline(monkeypatch):
    monkeypatch.setattr(offload, "DEADLINE_S", 2.0)


def _in_app_thread(fn, *args):
    """`fn(*args)` in a thread that is not the main one (as Gradio and Evaluate run it), timed."""
    out: dict = {}

    def run():
        t = time.monotonic()
        out["value"] = fn(*args)
        out["seconds"] = time.monotonic() - t

    th = threading.Thread(target=run, daemon=True)
    th.start()
    th.join(120)
    assert not th.is_alive(), "the grader did not come back in 120 s"
    return out["value"], out["seconds"]


def _warm():
    client.call("tutor.math.offload:in_worker", timeout=90)


def test_a_hostile_gold_answer_is_settled_within_the_deadline_not_in_the_app():
    _warm()
    same, seconds = _in_app_thread(grading.answers_equal, "1", HOSTILE_GOLD)
    assert same is False
    assert seconds < BOUND_S, seconds
    g, seconds = _in_app_thread(grading.grade, "So the answer is 1.", HOSTILE_GOLD)
    assert g.correct is False and g.extracted == "1"
    assert seconds < 2 * BOUND_S, seconds


def test_self_consistency_clusters_a_hostile_sample_within_the_deadline():
    _warm()
    clusters, seconds = _in_app_thread(cluster_answers, ["1", HOSTILE_GOLD, "1"])
    assert clusters[0] == ["1", 2]
    assert seconds < 2 * BOUND_S, seconds


def test_the_grader_still_reads_and_compares_symbolically_through_the_pool():
    assert offload.in_worker() is False
    assert grading.answers_equal("\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt{2}}{2}")  # math-verify's verify
    assert grading.extract_answer("We get $x^2 + 1$")[0] is not None  # math-verify's extraction
    assert grading.grade("\\boxed{3} and \\boxed{-1}", "3, -1").correct  # answer_forms (SymPy)


@pytest.mark.slow
def test_the_app_process_grades_without_loading_math_verify_or_sympy():
    code = (
        "import sys\n"
        "from tutor.math import grading\n"
        "assert grading.answers_equal('\\\\frac{1}{\\\\sqrt{2}}', '\\\\frac{\\\\sqrt{2}}{2}')\n"
        "assert grading.extract_answer('We get $x^2 + 1$')[0] is not None\n"
        "assert grading.grade('y >= 3', 'y \\\\geq 3').correct\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('sympy', 'math_verify', 'latex2sympy2')))\n"
        "assert not bad, bad[:5]\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_full_pool_costs_the_grader_one_step_not_the_pools_minute(monkeypatch):
    """The step's deadline bounds its wait for a free worker too: with every worker taken, a
    symbolic step gives its default after about its deadline (it waited the pool's 60 s before)."""
    from tutor.math import pool

    full = pool.Pool(size=1, wait_s=60.0)
    held = full._acquire(None, time.monotonic() + 1)  # the only worker, busy with someone else
    monkeypatch.setattr(pool, "POOL", full)
    try:
        step = functools.partial(offload.symbolic, default="no-worker", timeout=0.5)
        value, seconds = _in_app_thread(step, "tutor.math.offload:in_worker")
    finally:
        full._release(held, None)
    assert value == "no-worker"
    assert seconds < 30, seconds  # 0.5 s deadline; the pool's own limit is 60 s
