"""Continuous batching in the one generation core: a request that arrives while others generate
joins the running batch at the next step (it does not wait for the batch to end), rows leave the
moment they end and free their slot, and every row still gets exactly its greedy text alone,
whatever its adapter and settings and whoever it shared the batch with.

The checks are on causality, never on wall-clock luck: the running row has no end of its own
here (no end-of-sequence token, a limit of thousands of tokens), so with static batches a late
request could only finish after the test stops that row, and the test would time out."""

from __future__ import annotations

import queue
import threading

import pytest
import torch

from tests.test_adapters import lora_dirs  # noqa: F401
from tutor.adapters.registry import AdapterRegistry
from tutor.core.loading import load_model
from tutor.engine.engines import GenerationSettings, HFEngine
from tutor.engine.generation import GenRequest, run_batch
from tutor.engine.types import Done, Queued, Step

LONG = 4000  # a running row that only its stop event ends (no end-of-sequence token below)
PROMPTS = ["Solve 3x + 7 = 22", "What is 7 times 8?", "x", "A train travels 120 km in 2 hours. Speed?"]


@pytest.fixture(scope="module")
def engine_ab(tiny_model_dir, lora_dirs):  # noqa: F811
    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"), max_batch_size=16, gather_s=0.0)
    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]))
    reg.load(str(lora_dirs["B"]))
    engine.eos_ids = []  # rows end by their limit or their stop event only: lengths are known
    return engine


def alone(engine, prompt: str, adapter: str, settings: GenerationSettings) -> list[int]:
    """The tokens of one request run by itself (a batch of one, on the calling thread)."""
    with engine.lock, engine.adapters.activate(adapter):
        return run_batch(engine.model, engine.tokenizer, [GenRequest(prompt, settings)], eos_ids=[])[0].tokens


def next_event(group, kinds, timeout: float = 120.0):
    """The group's next event of one of `kinds` (others skipped)."""
    while True:
        try:
            ev = group.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no {kinds} within {timeout} s: the request never ran") from None
        if isinstance(ev, kinds):
            return ev


def prompt(engine, text: str, max_new: int) -> str:
    return engine.prepare(text, [], max_new_tokens=max_new).text


def test_late_rows_join_the_running_batch_and_get_their_text_alone(engine_ab):
    engine, core = engine_ab, engine_ab.core
    greedy = GenerationSettings(max_new_tokens=6)
    penalised = GenerationSettings(max_new_tokens=7, repetition_penalty=1.3)
    sampled = GenerationSettings(max_new_tokens=5, temperature=0.8, top_p=0.9)
    long = GenerationSettings(max_new_tokens=LONG)
    first = core.submit([GenRequest(prompt(engine, PROMPTS[2], LONG), long)], ["base"])
    assert isinstance(next_event(first, (Step,)), Step)  # it is generating now
    batches = core.batches
    # three late requests, each with another adapter or other settings, and longer prompts than
    # the running row's (the running cache is padded on the left to take them)
    late = [
        (prompt(engine, PROMPTS[0], 6), "A", greedy),
        (prompt(engine, PROMPTS[3], 7), "base", penalised),
        (prompt(engine, PROMPTS[1], 5), "B", sampled),
    ]
    groups = [core.submit([GenRequest(p, s)], [a]) for p, a, s in late]
    finals = [next_event(g, (Done,)) for g in groups]
    running = first.rows[0]
    assert not running.done, "the late requests waited for the running row to end"
    assert core.batches == batches  # they joined the running batch: no new batch was started
    first.requests[0].stop.set()
    end = next_event(first, (Done,))
    assert end.rows[0].reason == "stop" and all(f.rows[0].finished_at < running.finished_at for f in finals)
    # each row's tokens are its tokens alone (the sampled one: its length only)
    for (p, a, s), f in zip(late, finals):
        if s.temperature == 0:
            assert f.rows[0].tokens == alone(engine, p, a, s), (a, s)
        assert len(f.rows[0].tokens) == s.max_new_tokens and f.rows[0].reason == "length"
    n = len(running.tokens)
    assert running.tokens == alone(
        engine, first.requests[0].prompt, "base", GenerationSettings(max_new_tokens=n)
    )
    seqs = [t for admission in core.admitted for t in admission]
    assert seqs[-4:] == [first.seq] + [g.seq for g in groups]  # first come, first served


def test_a_stopped_row_leaves_and_frees_its_slot_for_the_next_in_line(engine_ab):
    engine, core = engine_ab, engine_ab.core
    long = GenerationSettings(max_new_tokens=LONG)
    short = GenerationSettings(max_new_tokens=4)
    expected = alone(engine, prompt(engine, PROMPTS[3], 4), "B", short)  # before the lock is busy
    saved = core.max_batch_size
    core.max_batch_size = 2
    try:
        a = core.submit([GenRequest(prompt(engine, PROMPTS[0], LONG), long)], ["base"])
        b = core.submit([GenRequest(prompt(engine, PROMPTS[1], LONG), long)], ["A"])
        next_event(a, (Step,))
        next_event(b, (Step,))
        c = core.submit([GenRequest(prompt(engine, PROMPTS[3], 4), short)], ["B"])
        assert isinstance(next_event(c, (Queued,)), Queued)  # the batch is full: c waits in line
        a.requests[0].stop.set()  # a cancelled request leaves the batch ...
        done = next_event(c, (Done,))  # ... and c takes its slot while b still runs
        assert not b.rows[0].done and a.rows[0].reason == "stop"
        assert done.rows[0].tokens == expected
    finally:
        core.max_batch_size = saved
        for g in (a, b):
            g.requests[0].stop.set()
    next_event(b, (Done,))
    assert core.largest_batch >= 2


def test_adapters_peft_cannot_mix_run_in_a_lane_each(engine_ab):
    """Where PEFT cannot run two adapters in one forward, their rows decode side by side in a lane
    per adapter: same texts, and a group split over lanes says it was not one batch."""
    engine, core = engine_ab, engine_ab.core
    settings = GenerationSettings(max_new_tokens=5)
    text = prompt(engine, PROMPTS[0], 5)
    core._mixable[frozenset({"A", "B", "base"})] = False
    core._mixable[frozenset({"A", "B"})] = False
    try:
        requests = [GenRequest(text, settings) for _ in range(3)]
        final = [ev for ev in core.stream(requests, ["A", "B", "base"]) if isinstance(ev, Done)][0]
    finally:
        core._mixable.clear()
    assert [r.tokens for r in final.rows] == [alone(engine, text, a, settings) for a in ("A", "B", "base")]
    assert not any(r.batched for r in final.rows)
    final = [ev for ev in core.stream(requests[:2], ["A", "B"]) if isinstance(ev, Done)][0]
    assert all(r.batched for r in final.rows)  # mixable: one batch


def test_sampled_rows_are_seeded_like_generate(engine_ab):
    """Sampling draws from torch's global generator: a caller's seed repeats it (Evaluate)."""
    engine = engine_ab
    sampled = GenerationSettings(max_new_tokens=8, temperature=0.9, top_p=0.9)
    reqs = [GenRequest(prompt(engine, p, 8), sampled, num_return_sequences=2) for p in PROMPTS[:2]]

    def draw():
        torch.manual_seed(7)
        with engine.lock:
            return [r.tokens for r in run_batch(engine.model, engine.tokenizer, reqs, eos_ids=[])]

    once = draw()
    assert once == draw() and len({tuple(t) for t in once}) > 1


def test_a_row_that_ends_on_its_first_token_never_blocks_the_batch(engine_ab):
    engine, core = engine_ab, engine_ab.core
    one = GenerationSettings(max_new_tokens=1)
    stopped = threading.Event()
    stopped.set()
    reqs = [GenRequest(prompt(engine, PROMPTS[0], 1), one), GenRequest(PROMPTS[1], one, stop=stopped)]
    final = [ev for ev in core.stream(reqs, ["base", "A"]) if isinstance(ev, Done)][0]
    assert [r.reason for r in final.rows] == ["length", "stop"] and len(final.rows[0].tokens) == 1


def test_an_adapter_load_waiting_for_the_model_goes_before_later_requests(engine_ab):
    """Someone waiting for the model (an adapter load, an evaluation) stops newcomers from joining
    the running batch: it gets the model when the running rows end, before a request that came
    after it (with joining alone, a class's stream of newcomers would keep it out for good)."""
    engine, core = engine_ab, engine_ab.core
    long = GenerationSettings(max_new_tokens=LONG)
    order: list[str] = []
    running = core.submit([GenRequest(prompt(engine, PROMPTS[2], LONG), long)], ["base"])
    next_event(running, (Step,))

    def load_adapter():
        with engine.lock:
            order.append("adapter load")

    waiter = threading.Thread(target=load_adapter, daemon=True)
    waiter.start()
    for _ in range(2000):  # it is in line for the model (the running batch holds it)
        if engine.lock.waiting:
            break
        threading.Event().wait(0.01)
    assert engine.lock.waiting == 1
    late = core.submit(
        [GenRequest(prompt(engine, PROMPTS[1], 3), GenerationSettings(max_new_tokens=3))], ["A"]
    )
    running.requests[0].stop.set()  # the running row ends ...
    next_event(late, (Done,))
    order.append("late request")
    waiter.join(60)
    next_event(running, (Done,))
    assert order == ["adapter load", "late request"]  # ... and the waiting load went first


def test_the_model_lock_serves_in_order_and_says_who_waits():
    from tutor.engine.model_lock import ModelLock

    lock, got = ModelLock(), []
    lock.acquire()
    assert not lock.acquire(blocking=False) and not lock.acquire(timeout=0.01)
    threads = []
    for i in range(4):
        t = threading.Thread(target=lambda i=i: (lock.acquire(), got.append(i), lock.release()), daemon=True)
        t.start()
        threads.append(t)
        while lock.waiting < i + 1:  # each is in line before the next starts
            threading.Event().wait(0.001)
    lock.release()
    for t in threads:
        t.join(10)
    assert got == [0, 1, 2, 3] and lock.waiting == 0 and not lock.locked()
    with pytest.raises(RuntimeError):
        lock.release()
