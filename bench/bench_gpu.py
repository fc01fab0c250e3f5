"""GPU figures on the real multimodal Gemma-3-4B structure with random weights (no download):
`google/gemma-3-4b-it` as it loads, `Gemma3ForConditionalGeneration` with its 34-layer language
model and 27-layer SigLIP vision tower (`tutor.testing.tiny_model.model_config("gemma3-mm",
real=True)`, the real config.json written out). Training loads the whole class as the job does
(LoRA on the language model only, the vision tower frozen); generation loads it as the app does
(the language model alone, `tutor.core.loading`), so both figures are the real model's:

* QLoRA training at length 2048: effective (non-pad) tokens/s and peak memory, ours (the job's
  own trainer set-up: `train.job` with `padding_free: auto`, 4-bit NF4, LoRA r=16, gradient
  checkpointing) vs the seeds' (the same, every row padded to 2048), on the same GSM8K rows, steps
  alternating in one process (`bench.bench_train._interleaved`);
* generation at batch 1, 4-bit NF4 and bf16 (loaded by `tutor.core.loading.load_model`, as the app
  does): decode tokens/s and the ratio to the memory-bandwidth limit (weight bytes read per token
  ÷ the card's bandwidth, from a table of known cards); time to first token (512-token prompt);
* the app's streaming path (`Tutor.reply` + `HFEngine`) vs a bare `model.generate` on the GPU:
  tokens/s ratio and time to first token added;
* Compare, 3 columns (base + 2 LoRA adapters loaded through the adapter registry) as one batch
  with per-row adapters vs one after another.

Run with `python -m bench --gpu` on a machine with a CUDA GPU; without one it reports "no GPU lent
in this session" and exits cleanly. `measure()` runs the full-size structure or its tiny twin
(`real=False`), so the test suite runs this whole file on CPU with the twin (tests/test_bench.py):
the code a lent GPU will run has been run.

Token ids: the model has Gemma's 262,208-entry vocabulary but the tokenizer is the project's tiny
one (no download), so where text must stream (app path, Compare) ids the tokenizer does not know
are suppressed on both sides alike; the bare generation rows suppress nothing.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

# GB/s (10^9 bytes/s), HBM/GDDR peak from the vendors' data sheets
BANDWIDTH_GBS = {
    "H200": 4800,
    "H100 SXM": 3350,
    "H100 NVL": 3900,
    "H100 PCIe": 2000,
    "H100": 3350,
    "A100-SXM4-80GB": 2039,
    "A100 80GB PCIe": 1935,
    "A100": 1555,
    "L40S": 864,
    "L40": 864,
    "L4": 300,
    "A10G": 600,
    "A10": 600,
    "T4": 320,
    "V100": 900,
    "RTX 4090": 1008,
    "RTX 3090": 936,
    "RTX A6000": 768,
    "A40": 696,
}

MAX_LENGTH = 2048
TRAIN_BATCH = 2  # the seeds' PER_DEVICE_BATCH_SIZE
PROBLEM = "Solve 3x + 7 = 22 and explain each step."


def bandwidth_for(name: str) -> float | None:
    for key in sorted(BANDWIDTH_GBS, key=len, reverse=True):
        if key.lower() in name.lower():
            return BANDWIDTH_GBS[key] * 1e9
    return None


def _sync(device: str) -> None:
    import torch

    if device.startswith("cuda"):
        torch.cuda.synchronize()


def _free(device: str) -> None:
    import gc

    import torch

    gc.collect()
    if device.startswith("cuda"):
        torch.cuda.empty_cache()


def build_model(path: Path, real: bool, device: str) -> tuple[Path, int]:
    """Random-weight gemma-3-4b-it structure (bf16; or its tiny twin) with the project's tokenizer
    and Gemma 3's chat template; returns (folder, parameters of the whole multimodal model)."""
    import json

    import torch

    from tutor.testing.tiny_model import build

    build(path, arch="gemma3-mm", real=real, device=device, dtype=torch.bfloat16)
    params = json.loads((path / "TINY_MODEL.json").read_text())["parameters"]
    _free(device)
    return path, params


def weight_bytes_per_token(model) -> float:
    """Bytes of weights read per decoded token: the whole footprint (with tied embeddings the LM
    head reads the full embedding matrix once per token; the input lookup reads one row)."""
    return float(model.get_memory_footprint())


# ---- QLoRA ----------------------------------------------------------------------------------


def qlora(path: Path, steps: int, warmup: int) -> dict:
    from bench.bench_train import _interleaved

    return _interleaved(str(path), steps, warmup, max_length=MAX_LENGTH, batch=TRAIN_BATCH)


# ---- generation -----------------------------------------------------------------------------


def bare_generation(loaded, device: str, n_new: int, reps: int) -> dict:
    """Batch 1, greedy, exactly `n_new` tokens after a 512-token prompt; nothing suppressed."""
    import torch

    model = loaded.model
    vocab = model.config.vocab_size
    g = torch.Generator().manual_seed(0)
    prompt = torch.randint(10, min(vocab, 200_000), (1, 512), generator=g).to(model.device)
    kw = dict(
        do_sample=False,
        pad_token_id=loaded.tokenizer.pad_token_id,
        max_new_tokens=n_new,
        min_new_tokens=n_new,
    )
    one = {**kw, "max_new_tokens": 1, "min_new_tokens": 1}
    with torch.inference_mode():
        model.generate(prompt[:, :64], **{**kw, "max_new_tokens": 8, "min_new_tokens": 8})  # warm-up
        times, ttft = [], []
        for _ in range(reps):
            _sync(device)
            t0 = time.perf_counter()
            model.generate(prompt, **kw)
            _sync(device)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            model.generate(prompt, **one)
            _sync(device)
            ttft.append(time.perf_counter() - t0)
    t, f = statistics.median(times), statistics.median(ttft)
    return {
        "tokens_per_s": (n_new - 1) / max(t - f, 1e-9),  # decode rate, after the first token
        "ttft_s": f,
        "total_s": t,
        "weight_bytes": weight_bytes_per_token(model),
        "new_tokens": n_new,
        "prompt_tokens": 512,
    }


def app_path(loaded, device: str, n_new: int, reps: int) -> dict:
    """`Tutor.reply` + `HFEngine` vs bare `generate`, same prompt and length, alternating."""

    from bench.bench_streaming import app_and_bare
    from bench.common import interleaved, paired_ratio
    from tutor.engine.engines import HFEngine

    engine = HFEngine(loaded)
    ours, bare, ours_ttft, bare_ttft, _ = app_and_bare(
        engine, PROBLEM, n_new, sync=lambda: _sync(device), verify_answer=False
    )
    res = interleaved({"ours": ours, "bare": bare}, reps=reps, warmup=1)
    n_ours, n_bare = res["ours"]["last"], res["bare"]["last"]
    ttft = interleaved({"ours": ours_ttft, "bare": bare_ttft}, reps=reps, warmup=1)
    return {
        "tokens_ours": n_ours,
        "tokens_bare": n_bare,
        "tokens_per_s_ours": n_ours / res["ours"]["median"],
        "tokens_per_s_bare": n_bare / res["bare"]["median"],
        "ratio": paired_ratio(res, "bare", "ours") * n_ours / max(n_bare, 1),
        "ttft_ours_s": statistics.median(ttft["ours"]["times"]),
        "ttft_bare_s": statistics.median(ttft["bare"]["times"]),
    }


def compare_columns(loaded, work: Path, n_new: int, reps: int) -> dict:
    """Base + 2 random LoRA adapters (r=16, all projections) through the adapter registry; the 3
    columns as one batch with per-row adapters vs one after another (the same greedy outputs)."""
    import torch
    from transformers import AutoModelForCausalLM

    from bench.common import interleaved, paired_ratio
    from tutor.adapters.registry import AdapterRegistry
    from tutor.engine.engines import GenerationSettings, HFEngine
    from tutor.evaluation.compare import compare
    from tutor.testing.tiny_model import randomize_lora

    targets = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
    engine = HFEngine(loaded)
    registry = AdapterRegistry(engine)
    # both adapters made on the class the checkpoint names (as a trained one is: LoRA on the
    # language model, model.language_model.* keys), then loaded through the registry onto the
    # language model the app serves alone
    full = AutoModelForCausalLM.from_pretrained(
        loaded.source, dtype=torch.bfloat16, device_map={"": loaded.device}
    )
    paths = [
        randomize_lora(full, work / f"lora-{seed}", seed=seed, r=16, scale=0.01, targets=targets)
        for seed in (1, 2)
    ]
    del full
    _free(loaded.device)
    for p in paths:
        registry.load(str(p))
    columns = ["base", *registry.names()[:2]]
    settings = GenerationSettings(max_new_tokens=n_new)
    outputs: dict = {}

    def run(batched: bool):
        def fn():
            final = list(compare(engine, PROBLEM, columns, settings, batched=batched))[-1]
            outputs[batched] = ([c.reply.text for c in final], [c.batched for c in final])
            return sum(c.tokens for c in final)

        return fn

    res = interleaved({"batched": run(True), "sequential": run(False)}, reps=reps, warmup=1)
    for name in registry.names():
        registry.unload(name)
    return {
        "columns": columns,
        "batched_s": res["batched"]["median"],
        "sequential_s": res["sequential"]["median"],
        "ratio": paired_ratio(res, "sequential", "batched"),
        "tokens": res["batched"]["last"],
        "identical_outputs": outputs[True][0] == outputs[False][0],
        "identical_columns": sum(a == b for a, b in zip(outputs[True][0], outputs[False][0])),
        "ran_batched": all(outputs[True][1]),
    }


# ---- the whole set --------------------------------------------------------------------------


def measure(real: bool, device: str, quick: bool, work: Path, label: str) -> dict:
    """Every GPU figure for one model config on one device; each part runs even if another
    failed (its failure becomes a note)."""
    import torch

    from tutor.core.loading import load_model

    on_cuda = device.startswith("cuda")
    name = torch.cuda.get_device_name(0) if on_cuda else "CPU (dry run)"
    bw = bandwidth_for(name) if on_cuda else None
    rows, notes = [], []
    import json

    raw: dict = {"device": name, "bandwidth_bytes_per_s": bw}
    t0 = time.perf_counter()
    path, params = build_model(work / "model", real, device)
    raw["build_s"], raw["parameters"] = time.perf_counter() - t0, params
    raw["config"] = json.loads((path / "config.json").read_text())
    steps, warmup = (4, 1) if quick else (10, 2)
    n_new = 64 if quick else 256
    reps = 3 if quick else 7

    def part(what: str, fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - the rest still runs; the note says why
            notes.append(f"{what} failed: {type(exc).__name__}: {exc}"[:400])
        finally:
            _free(device)

    def do_qlora():
        r = qlora(path, steps, warmup)
        raw["qlora"] = r
        ours, seeds = r["ours"], r["baseline"]
        ratio = ours["tokens_per_s"] / seeds["tokens_per_s"]
        kind = "4-bit NF4" if on_cuda else "fp32 (CPU dry run)"
        rows.append(
            {
                "what": f"QLoRA ({kind}, LoRA r=16) at max length {MAX_LENGTH}, batch "
                f"{TRAIN_BATCH}, GSM8K rows: effective tokens/s, ours "
                f"({ours['fast_path']}) vs the seeds' (padded to {MAX_LENGTH})",
                "ours": f"{ours['tokens_per_s']:,.0f} tok/s",
                "baseline": f"{seeds['tokens_per_s']:,.0f} tok/s",
                "ratio": ratio,
                "target": "> 1x",
                "met": ratio > 1,
            }
        )
        po, pb = ours["peak_mem_mb"], seeds["peak_mem_mb"]
        rows.append(
            {
                "what": f"QLoRA step peak memory growth ({ours['mem_kind']}; ratio = seeds ÷ ours)",
                "ours": f"{po / 1024:,.2f} GiB",
                "baseline": f"{pb / 1024:,.2f} GiB",
                "ratio": pb / po if po > 0 else None,
                "target": "–",
                "met": None,
            }
        )

    def do_generation(prec: str):
        loaded = load_model(str(path), precision=prec, device=device)
        raw.setdefault("loading", loaded.note)
        try:
            g = bare_generation(loaded, device, n_new, reps)
            raw[f"generate_{prec}"] = g
            limit = bw / g["weight_bytes"] if bw else None
            rows.append(
                {
                    "what": f"generation batch 1, {prec}: decode tokens/s vs the memory-"
                    f"bandwidth limit ({g['weight_bytes'] / 2**30:.2f} GiB of weights "
                    f"per token, {name})",
                    "ours": f"{g['tokens_per_s']:,.1f} tok/s",
                    "baseline": f"{limit:,.1f} tok/s (limit)" if limit else "unknown card",
                    "ratio": g["tokens_per_s"] / limit if limit else None,
                    "target": "–",
                    "met": None,
                }
            )
            rows.append(
                {
                    "what": f"time to first token, {prec}, 512-token prompt",
                    "ours": f"{g['ttft_s'] * 1000:.0f} ms",
                    "baseline": "–",
                    "ratio": None,
                    "target": "–",
                    "met": None,
                }
            )
            if prec == "bf16":
                from bench.common import unknown_ids

                loaded.model.generation_config.suppress_tokens = unknown_ids(
                    loaded.tokenizer, loaded.model.config.vocab_size
                )
                loaded.model.generation_config.min_new_tokens = n_new
                a = app_path(loaded, device, n_new, reps)
                raw["app_path_bf16"] = a
                rows.append(
                    {
                        "what": f"streaming, bf16: tokens/s, `Tutor.reply`+HFEngine vs bare "
                        f"`generate` ({n_new} tokens, greedy)",
                        "ours": f"{a['tokens_per_s_ours']:,.1f} tok/s",
                        "baseline": f"{a['tokens_per_s_bare']:,.1f} tok/s",
                        "ratio": a["ratio"],
                        "target": "≥ 0.95x",
                        "met": a["ratio"] >= 0.95,
                    }
                )
                added = (a["ttft_ours_s"] - a["ttft_bare_s"]) * 1000
                rows.append(
                    {
                        "what": "streaming, bf16: time to first token added by the app path",
                        "ours": f"{a['ttft_ours_s'] * 1000:.1f} ms",
                        "baseline": f"{a['ttft_bare_s'] * 1000:.1f} ms",
                        "ratio": None,
                        "target": "≤ 50 ms added",
                        "met": added <= 50,
                    }
                )
                loaded.model.generation_config.min_new_tokens = None
                c = compare_columns(loaded, work, n_new // 2, reps)
                raw["compare_bf16"] = c
                rows.append(
                    {
                        "what": f"Compare, bf16, 3 columns × {n_new // 2} new tokens: one "
                        "batch with per-row adapters vs one after another"
                        + (
                            ""
                            if c["identical_outputs"]
                            else f" — {c['identical_columns']}/3 columns identical (bf16 "
                            "rounding differs between batch shapes)"
                        )
                        + ("" if c["ran_batched"] else " — batch NOT used"),
                        "ours": f"{c['batched_s']:.2f} s",
                        "baseline": f"{c['sequential_s']:.2f} s",
                        "ratio": c["ratio"],
                        "target": "≥ 1.5x",
                        "met": c["ratio"] >= 1.5,
                    }
                )
        finally:
            del loaded

    part("QLoRA", do_qlora)
    for prec in ("4bit", "bf16"):
        part(f"generation {prec}", lambda p=prec: do_generation(p))
    notes.append(
        f"{label} ({params / 1e9:.2f}B parameters); device {name}; bandwidth "
        f"{f'{bw / 1e9:,.0f} GB/s (data sheet)' if bw else 'unknown'}; random weights, "
        f"the project's tiny tokenizer (GSM8K rows are longer in its tokens than in Gemma's)"
    )
    notes.append(
        "training loads the whole multimodal class (LoRA on the language model only, "
        "the vision tower frozen); generation, streaming and Compare load the language "
        f"model alone, as the app does ({raw.get('loading', 'not loaded')})"
    )
    notes.append(
        f"QLoRA: {steps - warmup} timed steps per side after {warmup} warm-up, steps "
        "alternating in one process; generation: medians of "
        f"{reps}; Compare and streaming ratios: medians of per-repetition ratios"
    )
    return {"rows": rows, "raw": raw, "notes": notes}


def run(quick: bool = True) -> dict:
    import torch

    if not torch.cuda.is_available():
        return {
            "rows": [],
            "status": "skipped",
            "reason": "no GPU lent in this session",
            "notes": ["run `python -m bench --gpu` on a machine with a CUDA GPU"],
        }
    with tempfile.TemporaryDirectory(prefix="bench-gpu-") as tmp:
        result = measure(
            True, "cuda", quick, Path(tmp), "google/gemma-3-4b-it structure (Gemma3ForConditionalGeneration)"
        )
    try:  # the real small model on the GPU too (bench_real's streaming and class rows)
        from bench.bench_real import run_on

        real = run_on("cuda", quick=quick)
        result["rows"] += real["rows"]
        result["notes"] += real["notes"]
        result["raw"]["real_model"] = real["raw"]
    except Exception as exc:  # noqa: BLE001 - the GPU figures above still count
        result["notes"].append(f"real-model rows failed: {type(exc).__name__}: {exc}"[:300])
    return result


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.bench_gpu --dry-run`: the whole GPU benchmark on CPU with a tiny config
    (checks the code before a GPU is borrowed; its figures mean nothing); prints JSON."""
    import argparse
    import json
    import logging

    p = argparse.ArgumentParser(prog="python -m bench.bench_gpu", description=main.__doc__)
    p.add_argument("--dry-run", action="store_true", help="the tiny gemma3-mm twin on CPU")
    args = p.parse_args(argv)
    logging.disable(logging.WARNING)
    if not args.dry_run:
        print(json.dumps(run(quick=True), default=str))
        return 0
    import torch

    torch.set_num_threads(1)  # steadier on a small shared machine; the figures are not kept
    with tempfile.TemporaryDirectory(prefix="bench-gpu-dry-") as tmp:
        res = measure(False, "cpu", True, Path(tmp), "dry run: the tiny gemma3-mm twin")
    print(json.dumps(res, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
