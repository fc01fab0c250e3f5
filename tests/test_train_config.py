"""Config: every recipe dry-runs offline; broken configs fail with one line per problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TWINS, twin_arch
from train.config import (
    RECIPES_DIR,
    REPO_ROOT,
    ConfigError,
    build_config,
    inspect_model,
    load_config,
    resolve_precision,
)

RECIPES = sorted(p.name for p in RECIPES_DIR.glob("*.yaml"))
OFFLINE = {
    **os.environ,
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "PYTHONPATH": str(REPO_ROOT),
}


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir) -> Path:
    return tiny_model_dir  # built once per session by tests/conftest.py


def _spawn(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "train", *args],
        cwd=REPO_ROOT,
        env=OFFLINE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def dry_runs(tmp_path_factory):
    """All recipes dry-run at once (subprocesses, offline), so the module costs one interpreter start."""
    out = tmp_path_factory.mktemp("dry")
    procs = {
        r: _spawn(["--config", f"train/recipes/{r}", "--dry-run", "--set", f"output_dir={out / r}"])
        for r in RECIPES
    }
    results = {}
    for r, p in procs.items():
        stdout, stderr = p.communicate(timeout=120)
        results[r] = (p.returncode, stdout, stderr)
    return results


def test_there_is_a_recipe_per_seed_setup():
    assert set(RECIPES) >= {
        "gemma3-4b-qlora.yaml",
        "gemma3-27b-lora.yaml",
        "tinyllama-r32.yaml",
        "gemma2-2b-mmlu-mathqa.yaml",
        "tiny-cpu.yaml",
    }


@pytest.mark.parametrize("recipe", RECIPES)
@pytest.mark.slow
def test_recipe_dry_run_offline(dry_runs, recipe):
    rc, stdout, stderr = dry_runs[recipe]
    assert rc == 0, stderr[-2000:]
    assert "total_steps:" in stdout and "trainable_params:" in stdout
    assert "no weights loaded" in stdout


def test_recipe_values_match_the_seeds():
    g4 = load_config(RECIPES_DIR / "gemma3-4b-qlora.yaml")
    assert (g4.model, g4.quantization, g4.lora_r, g4.lora_alpha, g4.lora_dropout) == (
        "google/gemma-3-4b-it",
        "4bit",
        16,
        32,
        0.05,
    )
    assert (g4.max_length, g4.per_device_train_batch_size, g4.gradient_accumulation_steps) == (2048, 2, 8)
    assert (g4.learning_rate, g4.lr_scheduler_type, g4.warmup_ratio, g4.optim) == (
        2e-4,
        "cosine",
        0.03,
        "paged_adamw_8bit",
    )
    assert g4.datasets[0].count == 10_000 and g4.datasets[0].columns == {"problem": "question"}
    assert g4.total_steps() == 625
    g27 = load_config(RECIPES_DIR / "gemma3-27b-lora.yaml")
    assert g27.quantization == "none" and g27.bf16 is True and g27.lora_r == 16
    tl = load_config(RECIPES_DIR / "tinyllama-r32.yaml")
    assert (tl.lora_r, tl.lora_alpha, tl.lora_dropout, tl.num_train_epochs, tl.learning_rate) == (
        32,
        64,
        0.1,
        2,
        1e-4,
    )
    assert (tl.weight_decay, tl.warmup_ratio, tl.optim) == (0.05, 0.05, "paged_adamw_32bit")
    assert [(s.name, s.count) for s in tl.datasets] == [
        ("AI-MO/NuminaMath-CoT", 5000),
        ("openai/gsm8k", 3000),
        ("reasoning-machines/gsm-hard", 1000),
    ]
    g2 = load_config(RECIPES_DIR / "gemma2-2b-mmlu-mathqa.yaml")
    assert (
        g2.lora_r,
        g2.lora_alpha,
        g2.per_device_train_batch_size,
        g2.gradient_accumulation_steps,
        g2.max_length,
        g2.num_train_epochs,
    ) == (8, 16, 4, 8, 512, 3)
    assert {s.format for s in g2.datasets} == {"mmlu", "mathqa"}


BROKEN = [
    ("lora_rnak=8", "unknown key 'lora_rnak' (did you mean 'lora_r'?)"),
    ("lora_r=0", "lora_r must be > 0 (got 0)"),
    ("learning_rate=5", "learning_rate must be in (0, 0.01] (got 5)"),
    ("per_device_train_batch_size=0", "per_device_train_batch_size must be > 0 (got 0)"),
]


@pytest.mark.parametrize("override, reason", BROKEN)
def test_broken_config_fails_with_one_line(override, reason):
    with pytest.raises(ConfigError) as exc:
        load_config(RECIPES_DIR / "tiny-cpu.yaml", [override])
    assert exc.value.problems == [reason]


@pytest.mark.slow
def test_the_cli_prints_one_line_per_problem():
    # one process for all the cases above (each interpreter start costs seconds)
    args = ["--config", "train/recipes/tiny-cpu.yaml", "--dry-run"]
    for override, _ in BROKEN[1:]:
        args += ["--set", override]
    p = _spawn(args)
    stdout, stderr = p.communicate(timeout=120)
    assert p.returncode == 2
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines == [f"config error: {reason}" for _, reason in BROKEN[1:]], stderr
    p = _spawn(["--config", "train/recipes/tiny-cpu.yaml", "--set", BROKEN[0][0], "--dry-run"])
    stdout, stderr = p.communicate(timeout=120)
    assert p.returncode == 2 and stderr.strip() == f"config error: {BROKEN[0][1]}", stderr


def test_every_problem_gets_its_own_line():
    with pytest.raises(ConfigError) as exc:
        build_config(
            {
                "model": "m",
                "lora_r": 0,
                "learning_rate": 5,
                "max_steps": 3,
                "datasets": [{"name": "openai/gsm8k", "count": 0}],
            }
        )
    assert len(exc.value.problems) == 3
    with pytest.raises(ConfigError, match="unknown key 'nope'"):
        build_config({"nope": 1})


def test_overrides_are_typed():
    cfg = load_config(
        RECIPES_DIR / "tiny-cpu.yaml",
        [
            "lora_r=4",
            "learning_rate=1e-4",
            "packing=true",
            "report_to=none",
            "lora_target_modules=q_proj,v_proj",
            "datasets.0.count=10",
            "output_dir=/tmp/x",
        ],
    )
    assert cfg.lora_r == 4 and isinstance(cfg.lora_r, int)
    assert cfg.learning_rate == 1e-4 and cfg.packing is True and cfg.report_to == ["none"]
    assert cfg.lora_target_modules == ["q_proj", "v_proj"] and cfg.datasets[0].count == 10
    assert cfg.output_dir == "/tmp/x"
    assert Path(cfg.datasets[0].path).is_file()  # ../shared resolved against the repo root
    with pytest.raises(ConfigError, match="lora_r: expected an integer"):
        load_config(RECIPES_DIR / "tiny-cpu.yaml", ["lora_r=abc"])


def test_unknown_target_module_is_rejected_from_the_meta_model(tiny_model):
    cfg = load_config(
        RECIPES_DIR / "tiny-cpu.yaml", [f"model={tiny_model}", "lora_target_modules=q_proj,qkv"]
    )
    with pytest.raises(ConfigError, match="'qkv' is not a module"):
        inspect_model(cfg)
    ok = inspect_model(load_config(RECIPES_DIR / "tiny-cpu.yaml", [f"model={tiny_model}"]))
    assert ok.available and ok.trainable_params > 0


def test_bf16_on_a_gpu_without_bf16_becomes_fp16(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    cfg = load_config(RECIPES_DIR / "gemma3-27b-lora.yaml")
    prec = resolve_precision(cfg, device="cuda")
    assert (prec.bf16, prec.fp16) == (False, True) and "fp16" in prec.warnings[0]
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    prec = resolve_precision(cfg, device="cuda")
    assert (prec.bf16, prec.fp16, prec.warnings) == (True, False, [])
    cpu = resolve_precision(load_config(RECIPES_DIR / "tiny-cpu.yaml"), device="cpu")
    assert (cpu.bf16, cpu.fp16) == (False, False)


def test_schedules_and_optimizers_are_transformers_own_enums():
    from transformers.trainer_utils import SchedulerType
    from transformers.training_args import OptimizerNames

    from tutor.core.train_config import optimizers, schedulers

    assert schedulers() == [s.value for s in SchedulerType]
    assert optimizers() == [o.value for o in OptimizerNames]
    cfg = load_config(
        RECIPES_DIR / "tiny-cpu.yaml", ["lr_scheduler_type=warmup_stable_decay", "optim=adamw_torch"]
    )
    assert (cfg.lr_scheduler_type, cfg.optim) == ("warmup_stable_decay", "adamw_torch")
    with pytest.raises(ConfigError) as exc:  # the old hand-written list had it; transformers does not
        load_config(RECIPES_DIR / "tiny-cpu.yaml", ["optim=paged_adamw", "lr_scheduler_type=cosine_typo"])
    assert [p.split(" (")[0] for p in exc.value.problems] == [
        "lr_scheduler_type 'cosine_typo' is unknown",
        "optim 'paged_adamw' is unknown",
    ]
    assert "paged_adamw_8bit" in exc.value.problems[1]  # the choices are listed


def test_yaml_and_set_values_are_typed_by_hf_argument_parser():
    # a bare path `m`, max_steps 3: validation needs no model files
    cfg = build_config(
        {
            "model": "m",
            "max_steps": 3,
            "lora_r": 8.0,
            "bf16": "true",
            "fp16": False,
            "padding_free": "auto",
            "revision": "none",
            "report_to": "none",
            "datasets": [{"name": "openai/gsm8k", "count": "5", "columns": {"problem": "q"}}],
        }
    )
    assert cfg.lora_r == 8 and isinstance(cfg.lora_r, int)
    assert (cfg.bf16, cfg.fp16, cfg.padding_free, cfg.revision, cfg.report_to) == (
        True,
        False,
        "auto",
        None,
        ["none"],
    )
    assert cfg.datasets[0].count == 5 and cfg.datasets[0].columns == {"problem": "q"}
    with pytest.raises(ConfigError) as exc:
        build_config(
            {
                "model": "m",
                "max_steps": "many",
                "packing": "maybe",
                "bf16": "sometimes",
                "learning_rate": "fast",
                "datasets": [{"name": "x", "count": "ten"}],
            }
        )
    assert exc.value.problems == [
        "max_steps: expected an integer, got 'many'",
        "packing: expected true or false, got 'maybe'",
        "learning_rate: expected a number, got 'fast'",
        "datasets[0].count: expected an integer, got 'ten'",
    ]
    with pytest.raises(ConfigError, match=r"bf16 must be auto, true or false \(got 'sometimes'\)"):
        build_config({"model": "m", "max_steps": 2, "bf16": "sometimes", "datasets": [{"name": "x"}]})


def test_the_tiny_model_is_not_a_config_knob():
    from tutor.core.train_config import FIELDS

    assert not [f for f in FIELDS if "tiny" in f]
    with pytest.raises(ConfigError, match="unknown key 'build_tiny_model_if_missing'"):
        build_config(
            {
                "model": "m",
                "max_steps": 1,
                "build_tiny_model_if_missing": True,
                "datasets": [{"name": "openai/gsm8k"}],
            }
        )


@pytest.mark.parametrize("base_dir", TWINS, indirect=True)
def test_dry_run_says_where_lora_goes_and_counts_the_language_model_only(base_dir):
    """The 4B recipe's seven projections on each twin: LoRA on the language model's 2 x 7 linear
    layers, the vision tower untouched (its q/k/v_proj match the names), the trainable count
    exactly r x (in + out) over those 14 layers."""
    import io

    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    from train.job import dry_run

    cfg = load_config(RECIPES_DIR / "gemma3-4b-qlora.yaml", [f"model={base_dir}"])
    out = io.StringIO()
    assert dry_run(cfg, out=out) == 0
    text = out.getvalue()
    assert "lora_modules: 14 linear layers get LoRA, all in the language model" in text, text
    multimodal = twin_arch(base_dir) == "gemma3-mm"
    assert ("vision_tower: untouched (no LoRA; 6 of its linear layers" in text) == multimodal
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(base_dir))
    lm = [
        m
        for n, m in model.named_modules()
        if isinstance(m, torch.nn.Linear)
        and n.rsplit(".", 1)[-1] in cfg.lora_target_modules
        and "vision" not in n
    ]
    assert len(lm) == 14
    assert inspect_model(cfg).trainable_params == sum(
        cfg.lora_r * (m.in_features + m.out_features) for m in lm
    )
