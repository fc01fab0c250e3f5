"""A classroom on one model, end to end: 16 concurrent gradio_client sessions on the tiny model
share batches, each gets its own answer (what it gets alone), and a stop ends only its own
stream."""

from __future__ import annotations

import threading
import time

import pytest

from tests.conftest import AppProcess
from tutor.core.loading import load_model
from tutor.engine.engines import GenerationSettings, HFEngine
from tutor.tutoring.service import Tutor

pytestmark = pytest.mark.slow

PROBLEMS = [
    f"Solve {a}x + {b} = {a * 3 + b}"
    for a, b in [
        (2, 1),
        (3, 7),
        (4, 2),
        (5, 5),
        (6, 1),
        (7, 3),
        (8, 8),
        (9, 2),
        (2, 9),
        (3, 3),
        (4, 6),
        (5, 1),
        (6, 6),
        (7, 7),
        (8, 1),
    ]
]
MAX_NEW = 12


@pytest.fixture(scope="module")
def class_app(tiny_model_dir):
    app = AppProcess(
        "--model",
        str(tiny_model_dir),
        "--precision",
        "fp32",
        "--max-batch-size",
        "16",
        "--batch-wait-ms",
        "300",
    )
    yield app
    app.stop()


def test_sixteen_sessions_share_batches_and_one_stop_ends_only_its_own(class_app, tiny_model_dir):
    tutor = Tutor(HFEngine(load_model(str(tiny_model_dir), precision="fp32")))
    settings = GenerationSettings(max_new_tokens=MAX_NEW)
    expected = [list(tutor.reply(p, settings=settings))[-1].as_text() for p in PROBLEMS]
    assert len(set(expected)) > 3  # the problems get different replies
    clients = [class_app.client() for _ in range(16)]  # 16 sessions
    go = threading.Event()
    results: dict[int, object] = {}

    def student(k):
        go.wait()
        if k == 15:  # the long one, stopped after a few pieces
            job = clients[k].submit(PROBLEMS[0], None, 3000, api_name="/solve")
            deadline = time.time() + 60
            while len(job.outputs()) < 3 and time.time() < deadline:
                time.sleep(0.02)
            job.cancel()
            results[k] = job
            return
        results[k] = clients[k].submit(PROBLEMS[k], None, MAX_NEW, api_name="/solve").result(120)

    threads = [threading.Thread(target=student, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    go.set()
    for t in threads:
        t.join(180)
    for k in range(15):
        assert results[k] == expected[k], k
    stopped = results[15]
    time.sleep(1.0)
    assert stopped.status().code.name in ("CANCELLED", "FINISHED")
    status = clients[0].predict(api_name="/status")
    assert status["largest_batch"] >= 8  # the students really shared forward passes
    assert status["concurrency"] == 32 and not status["active"]
    # the stopped session's model is free again at once, and so is everyone's
    assert clients[15].predict(PROBLEMS[1], None, MAX_NEW, api_name="/solve") == expected[1]
