"""Training throughput: this pipeline vs the seeds' way, same model, same GSM8K rows, one run.

    python bench/bench_train.py [--full]          # prints a table and the ratio, returns a dict via run()

- ours: what `python -m train` does: TRL prompt-completion rows, completion-only loss, padding-free
  batches (the batch flattened into one row with position_ids, block-diagonal attention), QLoRA
  4-bit NF4, gradient checkpointing, paged AdamW 8-bit.
- baseline (the seeds' notebooks): every example padded to max_length, no packing, the rest equal.

On CPU both variants use the 16-bit LoRA path instead of 4-bit: bitsandbytes' CPU 4-bit matmul
(without the optional `kernels` package) has a large fixed cost per call that would hide the data
path being measured; on a GPU both use 4-bit NF4 as the recipes do.

Both variants train the same rows for the same number of optimizer steps on the same tiny
Gemma-3-style model (hidden 256, 4 layers, so compute dominates). Effective throughput counts only
real (non-padding) tokens: sum of the rows' token counts / wall time of the training loop. Each
variant runs in its own subprocess so peak memory (GPU: max allocated; CPU: peak RSS growth during
training) is measured separately.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

MAX_LENGTH = 1024
BATCH = 4


def _rows(n: int) -> list[dict]:
    from train.data import format_gsm8k, to_prompt_completion

    path = REPO_ROOT.parent / "shared" / "data" / "gsm8k" / "train.jsonl"
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


def _variant(name: str, model_dir: str, steps: int, warmup: int) -> dict:
    """Runs in a subprocess: train `steps` optimizer steps and time the steps after `warmup`."""
    import torch
    from datasets import Dataset
    from transformers import TrainerCallback

    from train.config import build_config, lora_config, resolve_precision
    from train.job import _trainer_class, load_base_model, make_sft_config
    from tutor.loading import load_tokenizer

    torch.manual_seed(0)
    ours = name == "ours"
    cfg = build_config({
        "model": model_dir, "output_dir": tempfile.mkdtemp(prefix=f"bench-{name}-"), "max_steps": steps,
        "quantization": "4bit" if torch.cuda.is_available() else "none", "lora_r": 16, "lora_alpha": 32, "max_length": MAX_LENGTH,
        "per_device_train_batch_size": BATCH, "gradient_accumulation_steps": 1, "learning_rate": 2e-4,
        "optim": "paged_adamw_8bit", "gradient_checkpointing": True, "logging_steps": 1000,
        "save_steps": 100000, "report_to": ["none"], "padding_free": ours, "warmup_ratio": 0.0,
        "datasets": [{"name": "gsm8k", "path": str(REPO_ROOT.parent / "shared/data/gsm8k/train.jsonl")}],
    })
    prec = resolve_precision(cfg)
    tok = load_tokenizer(model_dir)
    tok.padding_side = "right"
    rows = _rows(steps * BATCH)
    model = load_base_model(cfg, prec, type("S", (), {"num_processes": 1, "local_process_index": 0})())
    args = make_sft_config(cfg, prec, padding_free=ours, has_eval=False, total_steps=steps)
    args.save_strategy = "no"
    args.shuffle_dataset = False
    if not ours:
        args.pad_to_multiple_of = MAX_LENGTH  # every row padded to max_length, as in the seeds

    timing: dict = {}

    class Clock(TrainerCallback):
        def on_step_begin(self, a, state, control, **kw):
            if state.global_step == warmup:
                if torch.cuda.is_available():
                    torch.cuda.synchronize()
                timing["t0"] = time.perf_counter()

        def on_step_end(self, a, state, control, **kw):
            if state.global_step == steps:
                if torch.cuda.is_available():
                    torch.cuda.synchronize()
                timing["t1"] = time.perf_counter()

    trainer = _trainer_class()(model=model, args=args, train_dataset=Dataset.from_list(rows), processing_class=tok,
                               peft_config=lora_config(cfg), callbacks=[Clock()],
                               truncate_to=MAX_LENGTH if ours else None)
    # real tokens of the rows trained in the timed steps (the sampler is sequential: no shuffle)
    from torch.utils.data import SequentialSampler

    trainer._get_train_sampler = lambda *a, **k: SequentialSampler(trainer.train_dataset)
    lengths = [len(x) for x in trainer.train_dataset["input_ids"]]
    timed_tokens = sum(lengths[warmup * BATCH: steps * BATCH])
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    rss0 = _rss_mb()
    import threading

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
    seconds = timing["t1"] - timing["t0"]
    peak = (torch.cuda.max_memory_allocated() / 2**20) if torch.cuda.is_available() else peak_rss[0] - rss0
    return {"tokens_per_s": timed_tokens / seconds, "seconds": seconds, "timed_tokens": timed_tokens,
            "peak_mem_mb": max(peak, 0.0), "mem_kind": "gpu_max_allocated" if torch.cuda.is_available()
            else "cpu_peak_rss_growth", "padded_tokens_per_row": MAX_LENGTH if not ours else None,
            "mean_row_tokens": sum(lengths) / len(lengths)}


def run(quick: bool = True) -> dict:
    """Both variants, each in a fresh subprocess; returns the figures and the ratio."""
    from tutor.tiny_model import build

    steps, warmup = (6, 1) if quick else (30, 3)
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        model_dir = str(build(Path(tmp) / "model", hidden_size=256, num_layers=4))
        results = {}
        for name in ("baseline", "ours"):
            env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HF_HUB_OFFLINE": "1"}
            p = subprocess.run([sys.executable, __file__, "--variant", name, "--model", model_dir,
                                "--steps", str(steps), "--warmup", str(warmup)],
                               capture_output=True, text=True, env=env, cwd=REPO_ROOT)
            if p.returncode != 0:
                raise RuntimeError(f"bench variant {name} failed:\n{p.stderr[-3000:]}")
            results[name] = json.loads(p.stdout.strip().splitlines()[-1])
    ours, base = results["ours"], results["baseline"]
    return {
        "ours_tokens_per_s": round(ours["tokens_per_s"], 1),
        "baseline_tokens_per_s": round(base["tokens_per_s"], 1),
        "ratio": round(ours["tokens_per_s"] / base["tokens_per_s"], 2),
        "ours_peak_mem_mb": round(ours["peak_mem_mb"], 1),
        "baseline_peak_mem_mb": round(base["peak_mem_mb"], 1),
        "mem_kind": ours["mem_kind"],
        "steps_timed": steps - warmup,
        "batch_size": BATCH,
        "max_length": MAX_LENGTH,
        "mean_row_tokens": round(ours["mean_row_tokens"], 1),
        "model": "tiny Gemma3 (hidden 256, 4 layers), " + ("4-bit NF4" if _cuda() else "fp32") + " + LoRA r=16",
        "device": "cuda" if _cuda() else "cpu",
    }


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--full", action="store_true", help="more steps (slower, steadier)")
    p.add_argument("--variant", choices=("ours", "baseline"), help=argparse.SUPPRESS)
    p.add_argument("--model", help=argparse.SUPPRESS)
    p.add_argument("--steps", type=int, default=10, help=argparse.SUPPRESS)
    p.add_argument("--warmup", type=int, default=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.variant:
        import logging

        logging.disable(logging.WARNING)
        print(json.dumps(_variant(args.variant, args.model, args.steps, args.warmup)))
        return 0
    res = run(quick=not args.full)
    print(f"training throughput on {res['device']} ({res['model']}, batch {res['batch_size']}, "
          f"max_length {res['max_length']}, GSM8K rows of {res['mean_row_tokens']} tokens on average)")
    print(f"  ours (padding-free, completion-only): {res['ours_tokens_per_s']:>10.1f} real tokens/s, "
          f"peak {res['ours_peak_mem_mb']:.1f} MB")
    print(f"  seeds (pad to max_length):            {res['baseline_tokens_per_s']:>10.1f} real tokens/s, "
          f"peak {res['baseline_peak_mem_mb']:.1f} MB")
    print(f"  ratio: {res['ratio']:.2f}x")
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
