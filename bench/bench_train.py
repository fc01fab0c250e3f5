"""Training throughput: this pipeline vs the seeds' way, same model, same GSM8K rows, one run.

    python bench/bench_train.py [--full]          # prints a table and the ratio, returns a dict via run()

- ours: what `python -m train` does: TRL prompt-completion rows, completion-only loss, the job's
  own fast path (`padding_free: auto`: padding-free batches with flash-attention varlen kernels,
  else dynamic padding to the longest row of the batch), LoRA, gradient checkpointing.
- baseline (the seeds' notebooks): every example padded to max_length, no packing, the rest equal.

Throughput: both variants are built in one process and their steps alternate (forward + backward
of each variant's batch of the same rows), so the load of a shared machine hits both alike.
Peak memory: GPU max allocated growth per step; on CPU, peak RSS growth of a short run of each
variant in its own process.

Both variants train the same rows on the same tiny Gemma-3-style model (hidden 256, 4 layers, so
compute dominates). Effective throughput counts only real (non-padding) tokens. On CPU both use
the 16-bit LoRA path instead of 4-bit: bitsandbytes' CPU 4-bit matmul (without the optional
`kernels` package) has a large fixed cost per call that would hide the data path being measured;
on a GPU both use 4-bit NF4 as the recipes do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.core.paths import REPO_ROOT  # noqa: E402 - after the path that finds it

MAX_LENGTH = 1024
BATCH = 4


def gsm8k_train_path() -> Path:
    """The shared GSM8K train split: beside the checkout (`../shared`), or inside it (`shared/`,
    which is how it travels to a lent GPU machine)."""
    for root in (REPO_ROOT.parent, REPO_ROOT):
        path = root / "shared" / "data" / "gsm8k" / "train.jsonl"
        if path.exists():
            return path
    raise FileNotFoundError("shared/data/gsm8k/train.jsonl is not beside or inside the checkout")


def _rows(n: int) -> list[dict]:
    from train.data import format_gsm8k, to_prompt_completion

    path = gsm8k_train_path()
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rows.append(to_prompt_completion(format_gsm8k(json.loads(line))))
            if len(rows) == n:
                break
    return rows


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _interleaved(
    model_dir: str, steps: int, warmup: int, max_length: int = MAX_LENGTH, batch: int = BATCH
) -> dict:
    """Both variants in one process, their steps alternating, so that machine load hits both alike.

    Each step is one forward + backward of the variant's own batch of the same rows (the optimizer
    step, identical for both, is left out). Memory: the largest growth during a step (GPU: max
    allocated; CPU: RSS sampled every 5 ms).
    """
    import threading

    import torch

    trainers = {
        name: _make_trainer(name, model_dir, steps, max_length, batch) for name in ("baseline", "ours")
    }
    loaders = {name: iter(t.get_train_dataloader()) for name, t in trainers.items()}
    res = {name: {"seconds": 0.0, "tokens": 0, "peak": 0.0} for name in trainers}
    for i in range(steps):
        order = ("baseline", "ours") if i % 2 == 0 else ("ours", "baseline")
        for name in order:
            trainer = trainers[name]
            batch = next(loaders[name])
            real = (
                int(batch["attention_mask"].sum())
                if "attention_mask" in batch
                else batch["input_ids"].numel()
            )
            trainer.model.train()
            cuda = torch.cuda.is_available()
            if cuda:
                torch.cuda.synchronize()
                torch.cuda.reset_peak_memory_stats()
                base_mem = torch.cuda.memory_allocated() / 2**20
            rss0 = _rss_mb()
            peak = [rss0]
            done = threading.Event()

            def sample(done=done, peak=peak):  # this step's event and peak (the thread ends in the step)
                while not done.is_set():
                    peak[0] = max(peak[0], _rss_mb())
                    done.wait(0.005)

            th = threading.Thread(target=sample, daemon=True)
            th.start()
            t0 = time.perf_counter()
            trainer.training_step(trainer.model, batch)
            if cuda:
                torch.cuda.synchronize()
            dt = time.perf_counter() - t0
            done.set()
            th.join()
            trainer.model.zero_grad(set_to_none=True)
            grow = (torch.cuda.max_memory_allocated() / 2**20 - base_mem) if cuda else peak[0] - rss0
            r = res[name]
            r["peak"] = max(r["peak"], grow)
            if i >= warmup:
                r["seconds"] += dt
                r["tokens"] += real
    out = {}
    for name, r in res.items():
        out[name] = {
            "tokens_per_s": r["tokens"] / r["seconds"],
            "seconds": r["seconds"],
            "timed_tokens": r["tokens"],
            "peak_mem_mb": r["peak"],
            "mem_kind": "gpu_max_allocated_growth" if torch.cuda.is_available() else "cpu_rss_growth",
            "mean_row_tokens": trainers[name]._bench_mean_len,
            "fast_path": trainers[name]._bench_fast_path,
        }
    return out


def _make_trainer(name: str, model_dir: str, steps: int, max_length: int = MAX_LENGTH, batch: int = BATCH):
    import torch
    from datasets import Dataset
    from torch.utils.data import SequentialSampler

    from train.config import build_config, lora_config, resolve_precision
    from train.job import _trainer_class, load_base_model, make_sft_config, resolve_padding_free
    from train.targets import resolve  # LoRA on the language model only, as the job does
    from tutor.core.loading import load_tokenizer

    torch.manual_seed(0)
    ours = name == "ours"
    cfg = build_config(
        {
            "model": model_dir,
            "output_dir": tempfile.mkdtemp(prefix=f"bench-{name}-"),
            "max_steps": steps,
            "quantization": "4bit" if torch.cuda.is_available() else "none",
            "lora_r": 16,
            "lora_alpha": 32,
            "max_length": max_length,
            "per_device_train_batch_size": batch,
            "gradient_accumulation_steps": 1,
            "learning_rate": 2e-4,
            "optim": "paged_adamw_8bit",
            "gradient_checkpointing": True,
            "logging_steps": 1000,
            "save_steps": 100000,
            "report_to": ["none"],
            "padding_free": "auto" if ours else False,
            "warmup_ratio": 0.0,
            "datasets": [{"name": "gsm8k", "path": str(gsm8k_train_path())}],
        }
    )
    prec = resolve_precision(cfg)
    tok = load_tokenizer(model_dir)
    tok.padding_side = "right"
    model = load_base_model(cfg, prec, type("S", (), {"num_processes": 1, "local_process_index": 0})())
    padding_free = resolve_padding_free(cfg, model)  # the job's own choice of fast path
    args = make_sft_config(cfg, prec, padding_free=padding_free, has_eval=False, total_steps=steps)
    args.save_strategy = "no"
    if not ours:
        args.pad_to_multiple_of = max_length  # every row padded to max_length, as in the seeds
    trainer = _trainer_class()(
        model=model,
        args=args,
        train_dataset=Dataset.from_list(_rows(steps * batch)),
        processing_class=tok,
        peft_config=lora_config(cfg, resolve(model, cfg.lora_target_modules)),
        truncate_to=max_length if padding_free else None,
    )
    trainer._bench_fast_path = (
        "padding-free" if padding_free else "dynamic padding" if ours else "pad to max_length"
    )
    trainer._get_train_sampler = lambda *a, **k: SequentialSampler(trainer.train_dataset)
    trainer.current_gradient_accumulation_steps = 1  # set by train() otherwise; we call training_step
    lengths = [len(x) for x in trainer.train_dataset["input_ids"]]
    trainer._bench_mean_len = sum(lengths) / len(lengths)
    return trainer


def _variant(name: str, model_dir: str, steps: int, warmup: int) -> dict:
    """One variant alone in this process (for its peak memory): `steps` full optimizer steps."""
    import threading

    import torch
    from transformers import TrainerCallback

    trainer = _make_trainer(name, model_dir, steps)
    timing: dict = {}

    class Clock(TrainerCallback):
        def on_step_begin(self, a, state, control, **kw):
            if state.global_step == warmup:
                timing["t0"] = time.perf_counter()

        def on_step_end(self, a, state, control, **kw):
            if state.global_step == steps:
                timing["t1"] = time.perf_counter()

    trainer.add_callback(Clock())
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    rss0 = _rss_mb()
    peak_rss = [rss0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak_rss[0] = max(peak_rss[0], _rss_mb())
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    trainer.train()
    done.set()
    sampler.join()
    peak = (torch.cuda.max_memory_allocated() / 2**20) if torch.cuda.is_available() else peak_rss[0] - rss0
    return {"seconds": timing["t1"] - timing["t0"], "peak_mem_mb": max(peak, 0.0)}


def run(quick: bool = True) -> dict:
    """Both variants in one fresh subprocess, steps interleaved; returns the figures and the ratio."""
    from tutor.testing.tiny_model import build

    steps, warmup = (3, 1) if quick else (30, 3)  # quick: the whole `--quick` run stays under 3 min
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        model_dir = str(build(Path(tmp) / "model", hidden_size=256, num_layers=4))
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HF_HUB_OFFLINE": "1"}
        p = subprocess.run(
            [
                sys.executable,
                __file__,
                "--variant",
                "both",
                "--model",
                model_dir,
                "--steps",
                str(steps),
                "--warmup",
                str(warmup),
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO_ROOT,
        )
        if p.returncode != 0:
            raise RuntimeError(f"bench failed:\n{p.stderr[-3000:]}")
        results = json.loads(p.stdout.strip().splitlines()[-1])
        import torch

        if not torch.cuda.is_available():
            # CPU memory cannot be told apart inside one process (the allocator keeps freed pages):
            # peak RSS growth from a short run of each variant in its own process instead.
            # The two run side by side (only their memory is read, each its own process's).
            procs = {
                name: subprocess.Popen(
                    [
                        sys.executable,
                        __file__,
                        "--variant",
                        name,
                        "--model",
                        model_dir,
                        "--steps",
                        "3",
                        "--warmup",
                        "1",
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                    cwd=REPO_ROOT,
                )
                for name in ("baseline", "ours")
            }
            for name, q in procs.items():
                out, err = q.communicate()
                if q.returncode != 0:
                    raise RuntimeError(f"bench memory run {name} failed:\n{err[-3000:]}")
                results[name]["peak_mem_mb"] = json.loads(out.strip().splitlines()[-1])["peak_mem_mb"]
                results[name]["mem_kind"] = "cpu_peak_rss_growth_own_process"
    ours, base = results["ours"], results["baseline"]
    return {
        "ours_fast_path": ours.get("fast_path"),
        "ours_tokens_per_s": round(ours["tokens_per_s"], 1),
        "baseline_tokens_per_s": round(base["tokens_per_s"], 1),
        "ratio": round(ours["tokens_per_s"] / base["tokens_per_s"], 2),
        "ours_peak_mem_mb": round(ours["peak_mem_mb"], 1),
        "baseline_peak_mem_mb": round(base["peak_mem_mb"], 1),
        "mem_kind": ours["mem_kind"],
        "steps_timed": steps - warmup,
        "method": "one process, steps of the two variants alternating; forward+backward per step",
        "batch_size": BATCH,
        "max_length": MAX_LENGTH,
        "mean_row_tokens": round(ours["mean_row_tokens"], 1),
        "model": "tiny Gemma3 (hidden 256, 4 layers), "
        + ("4-bit NF4" if _cuda() else "fp32")
        + " + LoRA r=16",
        "device": "cuda" if _cuda() else "cpu",
    }


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--full", action="store_true", help="more steps (slower, steadier)")
    p.add_argument("--variant", choices=("ours", "baseline", "both"), help=argparse.SUPPRESS)
    p.add_argument("--model", help=argparse.SUPPRESS)
    p.add_argument("--steps", type=int, default=10, help=argparse.SUPPRESS)
    p.add_argument("--warmup", type=int, default=2, help=argparse.SUPPRESS)
    p.add_argument("--max-length", type=int, default=MAX_LENGTH, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.variant:
        import logging

        logging.disable(logging.WARNING)
        if args.variant == "both":
            print(json.dumps(_interleaved(args.model, args.steps, args.warmup, args.max_length)))
        else:
            print(json.dumps(_variant(args.variant, args.model, args.steps, args.warmup)))
        return 0
    res = run(quick=not args.full)
    print(
        f"training throughput on {res['device']} ({res['model']}, batch {res['batch_size']}, "
        f"max_length {res['max_length']}, GSM8K rows of {res['mean_row_tokens']} tokens on average)"
    )
    pad = " " * max(1, 22 - len(str(res["ours_fast_path"])))
    print(
        f"  ours ({res['ours_fast_path']}):{pad}{res['ours_tokens_per_s']:>10.1f} real tokens/s, "
        f"peak {res['ours_peak_mem_mb']:.1f} MB"
    )
    print(
        f"  seeds (pad to max_length):            {res['baseline_tokens_per_s']:>10.1f} real tokens/s, "
        f"peak {res['baseline_peak_mem_mb']:.1f} MB"
    )
    print(f"  ratio: {res['ratio']:.2f}x")
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
