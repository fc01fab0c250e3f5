"""The benchmark entry point runs and writes its files (into a temp dir, not the committed ones)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow  # runs the benchmarks in subprocesses


def _bench(tmp_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "bench", "--output-dir", str(tmp_path), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_quick_streaming_writes_a_row(tmp_path):
    res = _bench(tmp_path, "--quick", "--only", "streaming")
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    data = json.loads((tmp_path / "bench" / "results.json").read_text())
    entry = data["benchmarks"]["streaming"]
    assert entry["quick"] and entry["rows"] and entry["machine"]["cores"] >= 1
    assert entry["raw"]["tokens_ours"] == entry["raw"]["tokens_bare"] == entry["raw"]["tokens"]
    md = (tmp_path / "BENCHMARKS.md").read_text()
    assert "| streaming *(quick)* |" in md and "x |" in md


def test_gpu_is_skipped_cleanly_without_a_gpu_and_only_merges(tmp_path):
    import torch

    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "results.json").write_text(
        json.dumps(
            {
                "benchmarks": {
                    "other": {
                        "rows": [
                            {
                                "what": "kept",
                                "ours": "1",
                                "baseline": "1",
                                "ratio": 1.0,
                                "target": "–",
                                "met": None,
                            }
                        ]
                    }
                }
            }
        )
    )
    res = _bench(tmp_path, "--gpu")
    data = json.loads((tmp_path / "bench" / "results.json").read_text())
    assert "other" in data["benchmarks"]  # merged, not overwritten
    gpu = data["benchmarks"]["gpu"]
    if not torch.cuda.is_available():
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
        assert gpu["status"] == "skipped" and "no GPU" in gpu["reason"]
        assert "no GPU lent in this session" in (tmp_path / "BENCHMARKS.md").read_text()


def test_gpu_benchmark_code_runs_end_to_end_on_cpu_with_a_tiny_config():
    """`bench/bench_gpu.py` is only ever run for real on a lent GPU: its dry run runs every part
    (QLoRA through the job's trainer, 4-bit and bf16 generation, the app path, Compare with
    registry-loaded adapters) on CPU, so a lent GPU's time is not spent finding bugs."""
    res = subprocess.run(
        [sys.executable, "-m", "bench.bench_gpu", "--dry-run"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "HF_HUB_OFFLINE": "1"},
    )
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert not [n for n in out["notes"] if "failed" in n], out["notes"]
    whats = " | ".join(r["what"] for r in out["rows"])
    for part in (
        "QLoRA",
        "peak memory",
        "generation batch 1, 4bit",
        "generation batch 1, bf16",
        "time to first token, 4bit",
        "streaming, bf16: tokens/s",
        "Compare, bf16",
    ):
        assert part in whats, (part, whats)
    raw = out["raw"]
    # padding every row to 2048 costs far more than padding to the batch's longest row
    assert raw["qlora"]["ours"]["tokens_per_s"] > raw["qlora"]["baseline"]["tokens_per_s"]
    assert raw["qlora"]["ours"]["fast_path"] != "pad to max_length"
    assert raw["app_path_bf16"]["tokens_ours"] == raw["app_path_bf16"]["tokens_bare"] == 64
    cmp = raw["compare_bf16"]
    assert cmp["ran_batched"] and cmp["columns"] == ["base", "lora-1", "lora-2"]
    assert cmp["tokens"] == 3 * 32
    assert raw["generate_4bit"]["weight_bytes"] < raw["generate_bf16"]["weight_bytes"]
    # the multimodal Gemma-3-4B structure (as its tiny twin): trained as the whole class, served
    # as its language model alone, the Compare adapters mapped onto it
    assert raw["config"]["architectures"] == ["Gemma3ForConditionalGeneration"]
    assert raw["config"]["vision_config"]["model_type"] == "siglip_vision_model"
    assert "language model of Gemma3ForConditionalGeneration alone" in raw["loading"]


def test_a_marked_section_is_replaced_in_place_or_appended(tmp_path):
    """The benches that own a marked BENCHMARKS.md section (math, words, photos, fine-tune) share
    one writer: a second write replaces the section between its markers and keeps the rest."""
    from bench.common import replace_section

    md = tmp_path / "BENCHMARKS.md"
    md.write_text("# Benchmarks\n\nbefore\n")
    begin, end = "<!-- issue-99 x: begin -->", "<!-- issue-99 x: end -->"
    replace_section(md, begin, end, f"{begin}\nfirst\n{end}")
    md.write_text(md.read_text() + "after\n")
    replace_section(md, begin, end, f"{begin}\nsecond\n{end}")
    text = md.read_text()
    assert text == f"# Benchmarks\n\nbefore\n\n{begin}\nsecond\n{end}\nafter\n"
