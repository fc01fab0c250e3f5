"""The multi-GPU path, run for real on CPU: `accelerate launch` with the shipped DDP config starts
two processes of the tiny recipe (a gloo process group); a stop signalled to one rank stops both
at the same step, and rank 0 alone writes the run folder and the one adapter. The FSDP + QLoRA
config dry-runs through the same launcher."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import GSM8K_DIR, REPO

pytestmark = [
    pytest.mark.slow,  # two training processes
    pytest.mark.skipif(not (GSM8K_DIR / "train.jsonl").exists(), reason="shared GSM8K data not present"),
]

ACCELERATE = str(Path(sys.executable).with_name("accelerate"))
ENV = {
    **os.environ,
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "PYTHONUNBUFFERED": "1",
    "OMP_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONPATH": str(REPO),
}


def _launch(config: str, *args: str) -> list[str]:
    if not Path(ACCELERATE).exists():
        pytest.skip("accelerate's launcher is not installed beside this Python")
    from tests.conftest import free_port

    # each launch its own rendezvous port: the DDP run and the FSDP dry run overlap
    return [
        ACCELERATE,
        "launch",
        "--config_file",
        f"accelerate/{config}",
        "--main_process_port",
        str(free_port()),
        "-m",
        "train",
        *args,
    ]


def _events(run_dir: Path) -> list[dict]:
    path = run_dir / "events.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _rank_pid(launcher: subprocess.Popen, rank: int, timeout: float = 300) -> int:
    """The pid of the training process with RANK=rank among the launcher's descendants."""
    import psutil

    deadline = time.time() + timeout
    while time.time() < deadline:
        if launcher.poll() is not None:  # ended before its ranks were seen: say why
            raise AssertionError(
                f"accelerate launch exited {launcher.returncode}: {(launcher.communicate()[0] or '')[-3000:]}"
            )
        for child in psutil.Process(launcher.pid).children(recursive=True):
            try:
                if child.environ().get("RANK") == str(rank) and "train" in " ".join(child.cmdline()):
                    return child.pid
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        time.sleep(0.2)
    raise TimeoutError(f"no process with RANK={rank}")


@pytest.fixture(scope="module")
def fsdp_dry_run(tiny_model_dir, tmp_path_factory):
    """The FSDP + QLoRA dry run, started before the DDP run and read after it (the two launches
    overlap their interpreter starts instead of paying them one after the other)."""
    out = tmp_path_factory.mktemp("fsdp") / "run"
    cmd = _launch(
        "fsdp_qlora.yaml",
        "--config",
        "train/recipes/gemma3-27b-lora.yaml",
        "--set",
        "quantization=4bit",
        "--set",
        f"model={tiny_model_dir}",
        "--set",
        f"output_dir={out}",
        "--dry-run",
    )
    proc = subprocess.Popen(cmd, cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield proc, out
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def test_ddp_on_two_cpu_processes_stops_both_ranks_at_the_same_step(tiny_model_dir, tmp_path, fsdp_dry_run):
    run_dir = tmp_path / "ddp"
    cmd = _launch(
        "ddp.yaml",
        "--config",
        "train/recipes/tiny-cpu.yaml",
        "--set",
        f"model={tiny_model_dir}",
        "--set",
        f"output_dir={run_dir}",
        "--set",
        "max_steps=500",
        "--set",
        "eval_size=0",
        "--set",
        "save_steps=1000",
        "--set",
        "logging_steps=1",
        "--set",
        "quantization=none",
        "--set",
        "gradient_checkpointing=false",
    )
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        rank1 = _rank_pid(proc, 1)
        deadline = time.time() + 300
        while not any(e["event"] == "step" and e["step"] >= 2 for e in _events(run_dir)):
            assert proc.poll() is None, proc.stdout.read()[-3000:]
            assert time.time() < deadline, "no second step in 180 s"
            time.sleep(0.1)
        os.kill(rank1, signal.SIGTERM)  # one rank only: the other learns it through the all-reduce
        out, _ = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out[-3000:]
    ended = dict(re.findall(r"process (\d) of 2 ended training at step (\d+)", out))
    assert set(ended) == {"0", "1"}, out[-3000:]
    assert ended["0"] == ended["1"], ended
    step = int(ended["0"])
    assert 2 <= step < 500

    events = _events(run_dir)  # rank 0 alone writes the run folder: one start, one ending
    assert [e["event"] for e in events if e["event"] in ("start", "stopped", "done", "error")] == [
        "start",
        "stopped",
    ], events
    start, stopped = events[0], events[-1]
    assert start["world_size"] == 2 and start["effective_batch_size"] == 2 * 4
    assert stopped["step"] == step and stopped["reason"] == "SIGTERM received"
    assert [e["step"] for e in events if e["event"] == "step"] == list(range(1, step + 1))
    adapters = sorted(p.parent for p in run_dir.rglob("adapter_model.safetensors"))
    assert adapters == [run_dir / "adapter", run_dir / "checkpoints" / f"checkpoint-{step}"], adapters
    assert (run_dir / "adapter" / "adapter_config.json").is_file()


def test_fsdp_qlora_config_dry_runs(fsdp_dry_run):
    proc, out = fsdp_dry_run
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr[-3000:]
    assert stdout.count("dry run: no weights loaded") == 1  # printed by rank 0 only
    assert "distributed: FSDP v1 over 2 processes, FULL_SHARD, TRANSFORMER_BASED_WRAP" in stdout
    assert "fsdp_qlora: 4-bit weights stored as" in stdout
    assert re.search(r"trainable_params: [\d,]+ ", stdout)
    assert not out.exists()  # a dry run writes nothing


def test_fsdp_plan_refuses_what_fsdp_qlora_cannot_do(monkeypatch):
    from train.config import load_config, resolve_precision
    from train.job import distributed_plan

    for key, value in {
        "ACCELERATE_USE_FSDP": "true",
        "WORLD_SIZE": "2",
        "FSDP_USE_ORIG_PARAMS": "true",
        "FSDP_CPU_RAM_EFFICIENT_LOADING": "true",
        "FSDP_SYNC_MODULE_STATES": "false",
    }.items():
        monkeypatch.setenv(key, value)
    cfg = load_config(REPO / "train/recipes/gemma3-27b-lora.yaml", ["quantization=4bit"])
    _, problems = distributed_plan(cfg, resolve_precision(cfg, device="cpu"))
    assert [p.split(" (")[0] for p in problems] == [
        "FSDP + QLoRA needs fsdp_use_orig_params: false",
        "fsdp_cpu_ram_efficient_loading needs fsdp_sync_module_states: true",
    ]
    cfg8 = load_config(REPO / "train/recipes/gemma3-27b-lora.yaml", ["quantization=8bit"])
    _, problems = distributed_plan(cfg8, resolve_precision(cfg8, device="cpu"))
    assert problems[0].startswith("FSDP shards 4-bit bitsandbytes weights only")
    monkeypatch.setenv("ACCELERATE_USE_FSDP", "false")
    assert distributed_plan(cfg, resolve_precision(cfg, device="cpu")) == (
        ["distributed: DDP over 2 processes, one full replica each"],
        [],
    )
