"""Prefix caching in the generation core (`tutor.engine.prefix_cache`): rows that share a prompt
beginning (the system prompt and the chat template's header) start from its remembered states,
and still get exactly the tokens each gets alone on a fresh cache, per adapter; the states are
forgotten when an adapter is loaded or unloaded; models with a sliding window take no prefixes."""

from __future__ import annotations

import threading

import pytest
import torch

from tests.test_adapters import lora_dirs  # noqa: F401
from tests.test_batching_continuous import alone, next_event, prompt
from tutor.adapters.registry import AdapterRegistry
from tutor.core.loading import load_model
from tutor.engine.engines import GenerationSettings, HFEngine
from tutor.engine.generation import GenRequest
from tutor.engine.prefix_cache import MAX_ENTRIES, MAX_TOKENS, MIN_TOKENS, PrefixCache, supported
from tutor.engine.types import Done

QUESTIONS = [
    "Solve 3x + 7 = 22",
    "What is 7 times 8?",
    "Simplify 12/18.",
    "A train travels 120 km in 2 hours.",
]
GREEDY = GenerationSettings(max_new_tokens=6)


# -- choosing a prefix (no model) -------------------------------------------------------------


def states_of(tokens) -> list:
    """Stand-in states: one layer whose keys and values number the positions."""
    t = torch.arange(len(tokens), dtype=torch.float32).view(1, 1, -1, 1)
    return [(t, t.clone())]


def test_newcomers_share_their_common_beginning():
    cache = PrefixCache()
    head = list(range(100, 100 + MIN_TOKENS + 5))
    rows = [head + [1, 2, 3], head + [4, 5], head + [6]]
    assert cache.choose(rows) == (tuple(head), len(head))


def test_a_short_common_beginning_or_a_lone_newcomer_with_nothing_remembered_takes_no_prefix():
    cache = PrefixCache()
    short = list(range(MIN_TOKENS - 1))
    assert cache.choose([short + [1], short + [2]]) is None
    assert cache.choose([list(range(200))]) is None  # one request: nothing to share yet


def test_a_remembered_prompt_serves_the_part_a_later_newcomer_shares_with_it():
    cache = PrefixCache()
    first = list(range(60))  # a whole prompt, prefilled in full
    cache.remember(first, "base", lambda n: states_of(first[:n]))
    key, length = cache.choose([[*first[:40], 999, 998]])  # the same system prompt, another question
    assert key == tuple(first[:59]) and length == 40
    (k, _v), *_ = cache.states(key, length, "base", lambda tokens: pytest.fail("recomputed"))
    assert k.shape[2] == 40 and k[0, 0, -1, 0] == 39  # cut to the shared part
    assert cache.choose([[0, *first]]) is None  # does not start with it


def test_a_row_identical_to_the_others_keeps_a_token_of_its_own():
    cache = PrefixCache()
    same = list(range(3 * MIN_TOKENS))
    chosen = cache.choose([same, same])
    assert chosen is not None and chosen[1] == len(same) - 1


def test_remembered_prompts_are_bounded_in_length_and_number():
    cache = PrefixCache()
    for i in range(MAX_ENTRIES + 3):
        tokens = [i, *range(1000, 1000 + 2 * MAX_TOKENS)]
        cache.remember(tokens, "base", lambda n, t=tokens: states_of(t[:n]))
    assert len(cache) == MAX_ENTRIES
    assert all(len(key) == MAX_TOKENS for key in cache._entries)


def test_states_are_computed_once_per_adapter_and_forgotten_when_the_version_moves():
    version = [0]
    cache = PrefixCache(version=lambda: version[0])
    head = tuple(range(2 * MIN_TOKENS))
    calls: list[str] = []

    def compute(tokens, name):
        calls.append(name)
        return states_of(tokens)

    for name in ("base", "A", "base", "A"):
        key, length = cache.choose([[*head, 1], [*head, 2]])
        cache.states(key, length, name, lambda tokens, n=name: compute(tokens, n))
    assert calls == ["base", "A"] and cache.hits == 2
    version[0] = 1  # an adapter loaded or unloaded
    assert cache.choose([[*head, 1]]) is None and len(cache) == 0


# -- on a model ----------------------------------------------------------------------------------


# the llama twin: every layer attends to the whole past (the text-only Gemma 3 twin has sliding
# layers, so it takes no prefixes); the real model (a Llama) runs this path in test_real_model.py
LLAMA = pytest.mark.parametrize("base_dir", ["llama"], indirect=True)


@pytest.fixture()
def engine_ab(base_dir, lora_dirs):  # noqa: F811
    engine = HFEngine(load_model(str(base_dir), precision="fp32"), max_batch_size=16, gather_s=0.0)
    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]))
    reg.load(str(lora_dirs["B"]))
    engine.eos_ids = []  # rows end by their limit only: lengths are known
    return engine


def class_at_once(engine, items: list[tuple[str, str]]) -> list[list[int]]:
    """`items` (question, adapter) submitted as ONE group (they join together): each row's tokens."""
    texts = [prompt(engine, q, GREEDY.max_new_tokens) for q, _ in items]
    group = engine.core.submit([GenRequest(t, GREEDY) for t in texts], [a for _, a in items])
    done = next_event(group, (Done,))
    return [r.tokens for r in done.rows]


@LLAMA
def test_rows_from_a_shared_prefix_get_their_tokens_alone_per_adapter(engine_ab):
    prefixes = engine_ab.core.prefixes
    assert supported(engine_ab.model)
    items = [(q, a) for q in QUESTIONS for a in ("base", "A", "B")]
    computed = prefixes.computed
    got = class_at_once(engine_ab, items)
    # the system prompt and header were prefilled once per adapter, not once per row
    assert prefixes.computed - computed == 3 and len(prefixes) >= 1
    for (q, a), tokens in zip(items, got):
        assert tokens == alone(engine_ab, prompt(engine_ab, q, GREEDY.max_new_tokens), a, GREEDY), (q, a)
    # a lone newcomer afterwards starts from the remembered states (no new prefill of them)
    computed, hits = prefixes.computed, prefixes.hits
    assert class_at_once(engine_ab, [(QUESTIONS[0], "A")]) == [got[1]]
    assert prefixes.computed == computed and prefixes.hits == hits + 1


@LLAMA
def test_reloaded_adapter_weights_are_not_served_from_stale_prefix_states(base_dir, lora_dirs):  # noqa: F811
    engine = HFEngine(load_model(str(base_dir), precision="fp32"), max_batch_size=16, gather_s=0.0)
    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]), name="tutor")
    engine.eos_ids = []
    items = [(q, "tutor") for q in QUESTIONS]
    first = class_at_once(engine, items)  # the prefix states of "tutor" = A are remembered
    revision = reg.revision
    reg.unload("tutor")
    reg.load(str(lora_dirs["B"]), name="tutor")  # same name, other weights
    assert reg.revision == revision + 2
    again = class_at_once(engine, items)
    expected = [alone(engine, prompt(engine, q, GREEDY.max_new_tokens), "tutor", GREEDY) for q, _ in items]
    assert again == expected and again != first


@LLAMA
def test_concurrent_sessions_join_one_batch_from_the_shared_prefix(engine_ab):
    """Sessions arriving on their own threads (a class) start from the shared prefix too: all of
    them when they join together, every one after the first when the first ran alone (its prompt
    is remembered from its own prefill)."""
    prefixes = engine_ab.core.prefixes
    rows = prefixes.rows
    out: list[list[int] | None] = [None] * len(QUESTIONS)

    def one(i: int) -> None:
        out[i] = class_at_once(engine_ab, [(QUESTIONS[i], "base")])[0]

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(QUESTIONS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert prefixes.rows - rows >= len(QUESTIONS) - 1
    for q, tokens in zip(QUESTIONS, out):
        assert tokens == alone(engine_ab, prompt(engine_ab, q, GREEDY.max_new_tokens), "base", GREEDY)


def test_a_sliding_window_model_takes_no_prefixes(twin_dirs):
    assert not supported(load_model(str(twin_dirs("gemma3-text")), precision="fp32").model)
    assert not supported(load_model(str(twin_dirs("gemma2")), precision="fp32").model)
    assert supported(load_model(str(twin_dirs("llama")), precision="fp32").model)
