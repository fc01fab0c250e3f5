"""The job end to end on CPU: 4-bit QLoRA on the tiny model with real GSM8K rows; SIGTERM + --resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from train.config import REPO_ROOT
from train.events import TERMINAL, read_events

pytestmark = pytest.mark.slow  # real training runs in subprocesses

ENV = {
    **os.environ,
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "PYTHONPATH": str(REPO_ROOT),
    "OMP_NUM_THREADS": "2",
}
STEP_KEYS = {"step", "total", "loss", "lr", "epoch", "tokens_per_s", "elapsed_s", "eta_s", "gpu_mem_gb"}


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir) -> Path:
    return tiny_model_dir  # built once per session by tests/conftest.py


def _cmd(model: Path, run_dir: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "train",
        "--config",
        "train/recipes/tiny-cpu.yaml",
        "--set",
        f"model={model}",
        "--set",
        f"output_dir={run_dir}",
        *extra,
    ]


def _terminal(events):
    return [e for e in events if e["event"] in TERMINAL]


@pytest.fixture(scope="module")
def finished_run(tiny_model, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    p = subprocess.run(
        _cmd(tiny_model, run_dir), cwd=REPO_ROOT, env=ENV, capture_output=True, text=True, timeout=180
    )
    return run_dir, p


def test_qlora_run_writes_the_run_directory(finished_run):
    run_dir, p = finished_run
    assert p.returncode == 0, p.stderr[-3000:]
    events = read_events(run_dir / "events.jsonl")
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done"
    assert len(_terminal(events)) == 1
    start = events[0]
    assert start["total_steps"] == 6 and start["num_examples"] == 64 and start["trainable_params"] > 0
    assert start["device"] == "cpu" and "4bit" in start["precision"]
    steps = [e for e in events if e["event"] == "step"]
    assert [e["step"] for e in steps] == [1, 2, 3, 4, 5, 6]
    assert all(STEP_KEYS <= set(e) and e["gpu_mem_gb"] is None and e["total"] == 6 for e in steps)
    assert steps[-1]["tokens_per_s"] > 0 and steps[-1]["eta_s"] == 0
    assert any(e["event"] == "eval" and e["eval_loss"] > 0 for e in events)
    assert {e["step"] for e in events if e["event"] == "checkpoint"} == {3, 6}
    assert (run_dir / "checkpoints" / "checkpoint-6").is_dir()
    adapter = run_dir / "adapter"
    for name in ("adapter_config.json", "adapter_model.safetensors", "tokenizer.json", "README.md"):
        assert (adapter / name).exists(), name
    card = (adapter / "README.md").read_text()
    assert "PeftModel.from_pretrained" in card and "final training loss" in card and "gsm8k" in card
    assert (run_dir / "config.yaml").exists() and (run_dir / "pid").read_text().strip().isdigit()
    assert "adapter saved" in (run_dir / "train.log").read_text()
    # QLoRA setup as asked: paged 8-bit AdamW and gradient checkpointing went to the trainer.
    args = json.loads(json.dumps(__import__("yaml").safe_load((run_dir / "config.yaml").read_text())))
    assert args["optim"] == "paged_adamw_8bit" and args["gradient_checkpointing"] is True


def test_adapter_loads_back_and_changes_the_logits(finished_run, tiny_model, tmp_path):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    run_dir, p = finished_run
    assert p.returncode == 0, p.stderr[-3000:]
    tok = AutoTokenizer.from_pretrained(run_dir / "adapter")
    ids = tok("Natalia sold 48/2 = 24 clips in May.", return_tensors="pt")
    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    with torch.no_grad():
        before = base(**ids).logits
    model = PeftModel.from_pretrained(base, str(run_dir / "adapter"))
    with torch.no_grad():
        after = model(**ids).logits
    assert (after - before).abs().max().item() > 1e-3
    # and train.merge folds it into a standalone model with the same outputs
    from train.merge import merge

    merged_dir = merge(run_dir / "adapter", tmp_path / "merged", base=str(tiny_model), dtype="fp32")
    merged = AutoModelForCausalLM.from_pretrained(merged_dir)
    with torch.no_grad():
        m = merged(**ids).logits
    assert torch.allclose(m, after, atol=1e-4)


def test_sigterm_stops_with_checkpoint_and_resume_finishes(tiny_model, tmp_path):
    run_dir = tmp_path / "run"
    extra = ["--set", "max_steps=400", "--set", "save_steps=1000", "--set", "eval_size=0"]
    proc = subprocess.Popen(
        _cmd(tiny_model, run_dir, *extra),
        cwd=REPO_ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        if any(e["event"] == "step" for e in read_events(run_dir / "events.jsonl")):
            break
        assert proc.poll() is None, proc.stderr.read()[-3000:]
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr[-3000:]
    events = read_events(run_dir / "events.jsonl")
    assert [e["event"] for e in _terminal(events)] == ["stopped"]
    stopped = events[-1]
    ckpt = Path(stopped["checkpoint"])
    assert ckpt.is_dir() and ckpt.name == f"checkpoint-{stopped['step']}"
    assert any(e["event"] == "checkpoint" and e["step"] == stopped["step"] for e in events)
    assert stopped["step"] < 400
    assert (run_dir / "adapter" / "adapter_model.safetensors").exists()

    n_before = len(events)
    resume_to = stopped["step"] + 3
    p = subprocess.run(
        _cmd(tiny_model, run_dir, *extra[2:], "--set", f"max_steps={resume_to}", "--resume"),
        cwd=REPO_ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    new = read_events(run_dir / "events.jsonl")[n_before:]
    assert new[0]["event"] == "start" and new[0]["resumed_from_step"] == stopped["step"]
    first_step = next(e for e in new if e["event"] == "step")
    assert first_step["step"] > stopped["step"]
    assert [e["event"] for e in _terminal(new)] == ["done"] and new[-1]["step"] == resume_to


def test_a_failing_job_writes_one_error_event(tiny_model, tmp_path):
    from train.config import load_config
    from train.job import run_job

    run_dir = tmp_path / "bad"
    cfg = load_config(
        REPO_ROOT / "train/recipes/tiny-cpu.yaml",
        [f"model={tiny_model}", f"output_dir={run_dir}", "lora_target_modules=nope_proj"],
    )
    assert run_job(cfg) != 0
    events = read_events(run_dir / "events.jsonl")
    assert [e["event"] for e in _terminal(events)] == ["error"]
    assert "'nope_proj' is not a module" in events[-1]["message"]
    assert "nope_proj" in (run_dir / "train.log").read_text()
    # any other exception: message + traceback tail
    cfg = load_config(
        REPO_ROOT / "train/recipes/tiny-cpu.yaml",
        [f"model={tiny_model}", f"output_dir={run_dir}-2", "datasets.0.format=mmlu"],
    )
    assert run_job(cfg) == 1
    events = read_events(Path(f"{run_dir}-2") / "events.jsonl")
    assert [e["event"] for e in _terminal(events)] == ["error"]
    assert "gsm8k" in events[-1]["message"] and "File " in events[-1]["traceback_tail"]


def test_resume_from_a_checkpoint_that_holds_every_step_finishes_without_an_extra_step(
    finished_run, tiny_model, tmp_path
):
    """Killed after the last checkpoint but before `done`: resume must not train step N+1 (the
    Trainer does that when asked to resume from a checkpoint at max_steps)."""
    import shutil

    src, p = finished_run
    assert p.returncode == 0, p.stderr[-3000:]
    run_dir = tmp_path / "run"
    shutil.copytree(src, run_dir)
    shutil.rmtree(run_dir / "adapter")
    q = subprocess.run(
        _cmd(tiny_model, run_dir, "--resume"),
        cwd=REPO_ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert q.returncode == 0, q.stderr[-3000:]
    last = _terminal(read_events(run_dir / "events.jsonl"))[-1]
    assert last["event"] == "done" and last["step"] == last["total"] == 6, last
    assert (run_dir / "adapter" / "adapter_model.safetensors").is_file()
    assert not list(run_dir.glob("**/checkpoint-7"))


def test_a_stop_that_lands_on_the_last_step_ends_done(tiny_model, tmp_path):
    """SIGTERM delivered during the final step: every step ran, so the run is done, not stopped."""
    run_dir = tmp_path / "run"
    code = (
        "import os, signal, sys\n"
        "from transformers import TrainerCallback\n"
        "import train.job as job\n"
        "make = job._make_callbacks\n"
        "class TermOnLastStep(TrainerCallback):\n"
        "    def on_step_end(self, args, state, control, **kw):\n"
        "        if state.global_step == state.max_steps:\n"
        "            os.kill(os.getpid(), signal.SIGTERM)\n"
        "job._make_callbacks = lambda *a, **k: make(*a, **k) + [TermOnLastStep()]\n"
        "sys.exit(job.main(sys.argv[1:]))\n"
    )
    cmd = [sys.executable, "-c", code] + _cmd(tiny_model, run_dir)[3:]
    q = subprocess.run(cmd, cwd=REPO_ROOT, env=ENV, capture_output=True, text=True, timeout=180)
    assert q.returncode == 0, q.stderr[-3000:]
    assert "received SIGTERM" in q.stderr  # the stop really arrived
    last = _terminal(read_events(run_dir / "events.jsonl"))[-1]
    assert last["event"] == "done" and last["step"] == 6, last


# ---- the seeds' recipes on the twins of their bases ---------------------------------------------

SEED_RECIPES = [
    ("gemma3-4b-qlora", "gemma3-mm"),
    ("gemma3-27b-lora", "gemma3-mm"),
    ("gemma2-2b-mmlu-mathqa", "gemma2"),
    ("tinyllama-r32", "llama"),
]
GSM8K_TRAIN = REPO_ROOT.parent / "shared" / "data" / "gsm8k" / "train.jsonl"


def _seed_overrides(model: Path, run_dir: Path, max_steps: int) -> list[str]:
    """The recipe's shape as it is (LoRA r/alpha/dropout/targets, quantization, precision, optimizer,
    scheduler, template handling); only the base (`model=<twin>`), the data (16 local GSM8K
    rows) and the length of the run are small."""
    return [
        f"model={model}",
        f"output_dir={run_dir}",
        f"max_steps={max_steps}",
        "save_steps=1",
        "eval_size=0",
        "max_length=256",
        "per_device_train_batch_size=2",
        "gradient_accumulation_steps=1",
        "logging_steps=1",
        "shuffle_buffer=16",
        f"datasets=[{{name: gsm8k, path: {GSM8K_TRAIN}, format: gsm8k, count: 16}}]",
    ]


def _lora_keys(adapter: Path) -> list[str]:
    from safetensors import safe_open

    with safe_open(str(adapter / "adapter_model.safetensors"), "pt") as f:
        return [k for k in f.keys() if ".lora_" in k]


@pytest.mark.slow
@pytest.mark.parametrize("recipe,arch", SEED_RECIPES, ids=[r for r, _ in SEED_RECIPES])
def test_seed_recipe_on_its_twin_trains_lora_on_the_language_model_only_resumes_and_merges(
    recipe, arch, twin_dirs, tmp_path
):
    """Every seed recipe's shape with `--set model=<twin of its base>`: trains, puts LoRA on the
    language model only (no vision-tower keys in the adapter, every layer's projections in it),
    resumes from its checkpoint, merges, and the merged model answers with the adapter's logits."""
    import torch
    import yaml
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from train.config import load_config
    from train.job import run_job
    from train.merge import merge
    from tutor.core.loading import load_model
    from tutor.engine.engines import GenerationSettings, HFEngine
    from tutor.tutoring.service import Tutor

    base = twin_dirs(arch)
    run_dir = tmp_path / "run"
    recipe_path = REPO_ROOT / "train" / "recipes" / f"{recipe}.yaml"
    recipe_cfg = yaml.safe_load(recipe_path.read_text())
    cfg = load_config(recipe_path, _seed_overrides(base, run_dir, 2))
    assert run_job(cfg) == 0, (run_dir / "train.log").read_text()[-3000:]
    events = read_events(run_dir / "events.jsonl")
    assert events[-1]["event"] == "done" and events[-1]["step"] == 2
    assert (recipe_cfg["quantization"] == "4bit") == ("4bit" in events[0]["precision"])

    adapter = run_dir / "adapter"
    keys = _lora_keys(adapter)
    assert keys and not [k for k in keys if "vision_tower" in k or "multi_modal_projector" in k], [
        k for k in keys if "vision_tower" in k
    ][:3]
    layers = 2
    assert len(keys) == 2 * layers * len(recipe_cfg["lora_target_modules"])  # A and B per module
    if arch == "gemma3-mm":  # the standard class's names, so it loads on AutoModelForCausalLM
        assert all(k.startswith("base_model.model.model.language_model.layers.") for k in keys), keys[:2]
    adapter_cfg = json.loads((adapter / "adapter_config.json").read_text())
    assert adapter_cfg["r"] == recipe_cfg["lora_r"] and adapter_cfg["lora_alpha"] == recipe_cfg["lora_alpha"]

    # resume from the step-2 checkpoint to step 3
    cfg3 = load_config(recipe_path, _seed_overrides(base, run_dir, 3))
    n_before = len(events)
    assert run_job(cfg3, resume=True) == 0, (run_dir / "train.log").read_text()[-3000:]
    new = read_events(run_dir / "events.jsonl")[n_before:]
    assert new[0]["event"] == "start" and new[0]["resumed_from_step"] == 2
    assert new[-1]["event"] == "done" and new[-1]["step"] == 3

    # merge, then the merged model (loaded as the app loads it) answers as base + adapter does
    merged_dir = merge(adapter, tmp_path / "merged", base=str(base), dtype="fp32")
    tok = load_model(str(merged_dir), precision="fp32").tokenizer
    ids = tok("Natalia sold 48/2 = 24 clips in May.", return_tensors="pt")
    with torch.no_grad():
        ref = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), str(adapter))
        want = ref(**ids).logits
        bare = AutoModelForCausalLM.from_pretrained(base)(**ids).logits
    merged = load_model(str(merged_dir), precision="fp32")
    with torch.no_grad():
        got = merged.model(**ids).logits
    assert torch.allclose(got, want, atol=1e-4) and (want - bare).abs().max() > 1e-4
    final = list(
        Tutor(HFEngine(merged)).reply("Solve 3x + 7 = 22", settings=GenerationSettings(max_new_tokens=8))
    )[-1]
    assert final.done and final.error is None and final.text
