"""`/status` reads the engine's public `current_stats()` (batch counters included), never the
engine's insides (its batching core)."""

from __future__ import annotations

from types import SimpleNamespace

from tutor.core.loading import load_model
from tutor.engine.engines import GenerationSettings, HFEngine, SymbolicEngine
from tutor.engine.types import EngineStats
from tutor.ui.app import status_data


class _BatchingStub(SymbolicEngine):
    """An engine that batches somewhere the app cannot see (no `core` attribute)."""

    def current_stats(self) -> EngineStats:
        stats = super().current_stats()
        stats.batches, stats.largest_batch = 7, 3
        return stats


def test_status_reports_the_engines_own_batch_counters():
    engine = _BatchingStub()
    assert not hasattr(engine, "core")
    data = status_data(SimpleNamespace(engine=engine, concurrency=4))
    assert (data["batches"], data["largest_batch"]) == (7, 3)
    assert data["engine"] == "symbolic" and data["concurrency"] == 4
    plain = status_data(SimpleNamespace(engine=SymbolicEngine(), concurrency=1))
    assert plain["batches"] is None and plain["largest_batch"] is None  # it does not batch


def test_hf_engine_current_stats_is_a_snapshot_with_the_cores_counters(tiny_model_dir):
    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"))
    before = engine.current_stats()
    assert (before.batches, before.largest_batch) == (0, 0)
    prompt = engine.prepare("1+1", None, max_new_tokens=4)
    "".join(engine.generate(prompt, GenerationSettings(max_new_tokens=4, temperature=0.0)))
    after = engine.current_stats()
    assert after.batches == 1 and after.largest_batch == 1 and after.generations == 1
    assert before.batches == 0 and after is not engine.stats  # a copy: later changes do not touch it
