"""The benchmark entry point runs and writes its files (into a temp dir, not the committed ones)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO


def _bench(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "bench", "--output-dir", str(tmp_path), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


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
    (tmp_path / "bench" / "results.json").write_text(json.dumps(
        {"benchmarks": {"other": {"rows": [{"what": "kept", "ours": "1", "baseline": "1",
                                            "ratio": 1.0, "target": "–", "met": None}]}}}))
    res = _bench(tmp_path, "--gpu")
    data = json.loads((tmp_path / "bench" / "results.json").read_text())
    assert "other" in data["benchmarks"]  # merged, not overwritten
    gpu = data["benchmarks"]["gpu"]
    if not torch.cuda.is_available():
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
        assert gpu["status"] == "skipped" and "no GPU" in gpu["reason"]
        assert "no GPU lent in this session" in (tmp_path / "BENCHMARKS.md").read_text()
