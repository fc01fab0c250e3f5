"""The one generation core: concurrent requests share batches and each gets exactly its greedy
text alone (mixed adapters, mixed prompt lengths and limits, one stopped mid-way); place in
line; self-consistency as one request of k rows; Evaluate's batches through the same core."""

from __future__ import annotations

import threading
import time

import pytest

from tests.test_adapters import lora_dirs  # noqa: F401
from tutor.adapters.registry import AdapterRegistry
from tutor.core.loading import load_model
from tutor.engine.engines import GenerationSettings, HFEngine
from tutor.engine.generation import GenRequest, run_batch
from tutor.engine.types import Done, Queued, TextStream
from tutor.tutoring.service import Tutor

PROBLEMS = [
    "Solve 3x + 7 = 22",
    "What is 7 times 8?",
    "A train travels 120 km in 2 hours and then 60 km in 1 hour. What is its average "
    "speed over the whole trip?",
    "x",
]


@pytest.fixture(scope="module")
def engine_ab(tiny_model_dir, lora_dirs):  # noqa: F811
    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"), max_batch_size=16, gather_s=0.2)
    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]))
    reg.load(str(lora_dirs["B"]))
    return engine


def alone(engine, prompt: str, adapter: str, max_new: int) -> str:
    """The greedy text of one request run by itself (a batch of one, on the calling thread)."""
    req = GenRequest(prompt, GenerationSettings(max_new_tokens=max_new))
    with engine.lock, engine.adapters.activate(adapter):
        return run_batch(engine.model, engine.tokenizer, [req], eos_ids=engine.eos_ids)[0].text


def test_each_request_in_a_batch_gets_its_text_alone(engine_ab):
    engine = engine_ab
    jobs = [
        (PROBLEMS[0], "base", 14),
        (PROBLEMS[1], "A", 20),
        (PROBLEMS[2], "B", 9),
        (PROBLEMS[3], "A", 17),
        (PROBLEMS[2], "base", 20),
        (PROBLEMS[0], "B", 40),
    ]
    prompts = [engine.prepare(p, [], max_new_tokens=n) for p, _, n in jobs]
    expected = [alone(engine, pr.text, a, n) for pr, (_, a, n) in zip(prompts, jobs)]
    assert len(set(expected)) == len(expected)  # really different requests
    assert len({len(engine.tokenizer(p.text)["input_ids"]) for p in prompts}) > 2  # padding
    stopper = len(jobs) - 1  # the longest one is stopped after a few pieces
    stop_events = [threading.Event() for _ in jobs]
    results: list = [None] * len(jobs)

    def run(i):
        _, a, n = jobs[i]
        stream = engine.generate(prompts[i], GenerationSettings(max_new_tokens=n), stop_events[i], adapter=a)
        text, pieces = "", 0
        for piece in stream:
            text += piece
            pieces += bool(piece)
            if i == stopper and pieces == 2:
                stop_events[i].set()
        results[i] = (text, stream.stopped, stream.new_tokens)

    # Deterministic gathering: a batch closes when it is full (6 rows) or after 5 s, and two
    # overlapping requests just before keep the first job from counting as "after a quiet spell".
    core = engine.core
    warm = [
        threading.Thread(
            target=lambda: list(engine.generate(prompts[0], GenerationSettings(max_new_tokens=1)))
        )
        for _ in range(2)
    ]
    for t in warm:
        t.start()
    for t in warm:
        t.join(60)
    saved = core.max_batch_size, core.gather_s
    core.max_batch_size, core.gather_s = len(jobs), 5.0
    try:
        before = core.batches
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        core.max_batch_size, core.gather_s = saved
    assert core.batches == before + 1 and core.largest_batch == len(jobs)  # ONE batch of all six
    for i, (text, stopped, n) in enumerate(results):
        if i == stopper:
            assert stopped and expected[i].startswith(text) and len(text) < len(expected[i])
        else:
            assert (text, stopped) == (expected[i], False), (i, jobs[i])
            assert 0 < n <= jobs[i][2] + 1


def test_queued_requests_learn_their_place_in_line(tiny_model_dir):
    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"), max_batch_size=1, gather_s=0.0)
    tutor = Tutor(engine)
    settings = GenerationSettings(max_new_tokens=40)
    seen: list = []
    first = tutor.reply(PROBLEMS[0], settings=settings)
    next(first)  # the first request is running now
    others = [tutor.reply(PROBLEMS[1], settings=settings) for _ in range(2)]
    positions = []
    done = threading.Event()

    def consume(k, replies):
        for r in replies:
            if r.queue_position:
                positions.append((k, r.queue_position))
                seen.append(r.as_text())
        done.set()

    threads = [threading.Thread(target=consume, args=(k, r)) for k, r in enumerate(others)]
    for t in threads:
        t.start()
    final = list(first)[-1]
    for t in threads:
        t.join(60)
    assert final.done and final.error is None
    assert {p for _, p in positions} >= {1, 2}  # the second in line moved up to next
    assert any("number 2 in line" in s for s in seen) and any("you are next" in s for s in seen)


def test_self_consistency_samples_are_one_request_of_k_rows(engine_ab):
    prompt = engine_ab.prepare(PROBLEMS[0], [], max_new_tokens=12)
    before = engine_ab.core.batches
    texts = engine_ab.sample(prompt, GenerationSettings(max_new_tokens=12, temperature=0.7), 5)
    assert len(texts) == 5 and engine_ab.core.batches == before + 1
    assert len(set(texts)) > 1  # sampled, not five copies


def test_a_batch_run_by_hand_does_not_change_the_tokenizer(engine_ab):
    tok = engine_ab.tokenizer
    side = tok.padding_side
    req = [GenRequest(p, GenerationSettings(max_new_tokens=3)) for p in PROBLEMS[:2]]
    with engine_ab.lock:
        rows = run_batch(engine_ab.model, tok, req)
    assert tok.padding_side == side and all(r.done and r.reason for r in rows)


def test_on_zerogpu_each_request_runs_from_its_own_caller(tiny_model_dir, monkeypatch):
    monkeypatch.setenv("SPACES_ZERO_GPU", "true")
    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"))
    assert engine.core.inline
    final = list(Tutor(engine).reply(PROBLEMS[0], settings=GenerationSettings(max_new_tokens=6)))[-1]
    assert final.done and final.error is None and final.text and engine.core.batches == 1
    assert engine.core._thread is None  # no shared worker was started
    assert engine.core.prefixes is None  # no model states kept between GPU calls


def test_one_student_asking_again_does_not_wait_for_company(tiny_model_dir):
    """The gathering window is spent only after requests have overlapped: a lone student's
    back-to-back requests start at once (a 30 s window would otherwise hold each one)."""
    import time

    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"), gather_s=30.0)
    prompt = engine.prepare("Solve 3x + 7 = 22", [])
    started = time.perf_counter()
    for _ in range(3):
        assert "".join(engine.generate(prompt, GenerationSettings(max_new_tokens=2))) is not None
    assert time.perf_counter() - started < 25, "a lone request waited for company"
    assert engine.core.batches == 3


def test_a_burst_longer_than_one_gathering_window_starts_as_one_batch(tiny_model_dir):
    """A class pressing Send together does not arrive in one instant: while requests keep coming
    (each within `gather_s` of the one before), the new batch stays open for them, up to
    GATHER_BURSTS windows; with a window counted from the first arrival only, the fourth request
    below (2.4 s after the first, window 2 s) would start a second prefill. Each gap (0.8 s)
    leaves 1.2 s to spare on a busy machine."""
    from tutor.engine.generation import GATHER_BURSTS

    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"), max_batch_size=16, gather_s=2.0)
    core = engine.core
    prompt = engine.prepare("Solve 3x + 7 = 22", [], max_new_tokens=2).text
    settings = GenerationSettings(max_new_tokens=2)
    warm = [core.submit([GenRequest(prompt, settings)], ["base"]) for _ in range(2)]  # requests overlapped
    for g in warm:
        while not isinstance(g.events.get(timeout=60), Done):
            pass
    groups = []
    for _ in range(4):  # arrivals 0.8 s apart: 2.4 s from first to last, < GATHER_BURSTS windows
        groups.append(core.submit([GenRequest(prompt, settings)], ["base"]))
        time.sleep(0.8)
    for g in groups:
        while not isinstance(g.events.get(timeout=60), Done):
            pass
    assert 2.4 < GATHER_BURSTS * core.gather_s
    first = next(batch for batch in core.admitted if groups[0].seq in batch)
    assert set(first) >= {g.seq for g in groups}, list(core.admitted)


def test_a_place_in_line_is_an_event_beside_the_text():
    events = [Queued(2), "So", Queued(1), "lve"]
    assert list(TextStream()._run(iter(events))) == ["So", "lve"]  # text consumers see text only
    assert list(TextStream()._run(iter(events)).events()) == events


def test_batches_take_the_line_in_order_and_the_head_always_goes_next(tiny_model_dir):
    """What the core promises, checked on the order groups are admitted into the running batch
    (not on the order replies complete, which depends on their lengths and on the machine): first
    come, first served, and the head of the line always goes next (no starvation: a big group is
    not passed over for ever by small ones that would fit sooner); groups with other sampling
    settings join the same running batch; the batch never holds more than `max_batch_size` rows."""
    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"), max_batch_size=4, gather_s=0.0)
    core = engine.core
    greedy = GenerationSettings(max_new_tokens=2)
    sampled = GenerationSettings(max_new_tokens=2, temperature=0.7)
    groups = []
    with engine.lock:  # the first batch waits at the model, so everyone after it is in line
        groups.append(core.submit([GenRequest(PROBLEMS[0], greedy)], ["base"]))
        deadline = time.monotonic() + 30
        while not core.admitted and time.monotonic() < deadline:
            time.sleep(0.01)
        assert list(core.admitted) == [(0,)]
        for size, settings in [(3, greedy), (1, greedy), (1, greedy), (1, greedy), (1, sampled), (1, greedy)]:
            request = GenRequest(PROBLEMS[1], settings, num_return_sequences=size)
            groups.append(core.submit([request], ["base"]))
    for g in groups:  # every group ends (Done)
        while not isinstance(g.events.get(timeout=60), Done):
            pass
    order = [seq for admission in core.admitted for seq in admission]
    assert order == list(range(7))  # 1 (3 rows) is the head: nobody behind it went first
    assert core.batches == 1 and core.largest_batch == 4  # one running batch, never over 4 rows
