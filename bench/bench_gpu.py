"""GPU figures on the real Gemma-3-4B text architecture with random weights (no download):

* QLoRA training step at length 2048: effective (non-pad) tokens/s and peak memory, ours
  (padding-free: one flattened 2048-token row with position_ids, batch 1 x grad-accum 4) vs the
  seeds' setup (4 rows padded to 2048 with realistic lengths, attention mask, same LoRA);
* generation at batch 1, 4-bit NF4 and bf16: tokens/s, and the ratio to the memory-bandwidth limit
  (weight bytes read per token ÷ the card's bandwidth, from a table of known cards);
* time to first token (a 512-token prompt).

Run with `python -m bench --gpu` on a machine with a CUDA GPU; without one it reports "no GPU lent
in this session" and exits cleanly. The config below is google/gemma-3-4b-it's `text_config`
written out (rope scaling and other settings that do not change the cost are left at defaults).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

GEMMA3_4B_TEXT = dict(
    hidden_size=2560, intermediate_size=10240, num_hidden_layers=34, num_attention_heads=8,
    num_key_value_heads=4, head_dim=256, vocab_size=262_208, sliding_window=1024,
    max_position_embeddings=131_072, rope_theta=1_000_000.0, query_pre_attn_scalar=256,
    rms_norm_eps=1e-6, hidden_activation="gelu_pytorch_tanh", tie_word_embeddings=True,
    bos_token_id=2, eos_token_id=1, pad_token_id=0,
)

# GB/s (10^9 bytes/s), HBM/GDDR peak from the vendors' data sheets
BANDWIDTH_GBS = {
    "H200": 4800, "H100 SXM": 3350, "H100 NVL": 3900, "H100 PCIe": 2000, "H100": 3350,
    "A100-SXM4-80GB": 2039, "A100 80GB PCIe": 1935, "A100": 1555, "L40S": 864, "L40": 864,
    "L4": 300, "A10G": 600, "A10": 600, "T4": 320, "V100": 900, "RTX 4090": 1008, "RTX 3090": 936,
    "RTX A6000": 768, "A40": 696,
}


def bandwidth_for(name: str) -> float | None:
    for key in sorted(BANDWIDTH_GBS, key=len, reverse=True):
        if key.lower() in name.lower():
            return BANDWIDTH_GBS[key] * 1e9
    return None


def _sync():
    import torch

    torch.cuda.synchronize()


def _build(path: Path) -> None:
    import torch
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    cfg = Gemma3TextConfig(**GEMMA3_4B_TEXT)
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = Gemma3ForCausalLM(cfg).to(torch.bfloat16)
    model.save_pretrained(path, safe_serialization=True)
    del model
    torch.cuda.empty_cache()


def _load(path: Path, precision: str):
    import torch
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    if precision == "4bit":
        q = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                               bnb_4bit_use_double_quant=True, bnb_4bit_compute_dtype=torch.bfloat16)
        return AutoModelForCausalLM.from_pretrained(path, quantization_config=q, device_map={"": 0})
    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.bfloat16, device_map={"": 0})


def _weight_bytes_per_token(model) -> float:
    """Bytes of weights read per decoded token: every parameter except the input embedding
    (a row lookup); the tied LM head is read once."""
    total = model.get_memory_footprint()
    emb = model.get_input_embeddings().weight
    return float(total)  # tied embeddings: the LM head reads the whole matrix once per token


def generation(path: Path, precision: str, n_new: int, reps: int) -> dict:
    import torch

    model = _load(path, precision)
    model.generation_config.min_new_tokens = n_new
    prompt = torch.randint(10, 200_000, (1, 512), device="cuda")
    kw = dict(do_sample=False, pad_token_id=0, max_new_tokens=n_new)
    with torch.inference_mode():
        model.generate(prompt[:, :64], **{**kw, "max_new_tokens": 8, "min_new_tokens": 8})
        times, ttft = [], []
        for _ in range(reps):
            _sync(); t0 = time.perf_counter()
            model.generate(prompt, **kw)
            _sync(); times.append(time.perf_counter() - t0)
            _sync(); t0 = time.perf_counter()
            model.generate(prompt, **{**kw, "max_new_tokens": 1, "min_new_tokens": 1})
            _sync(); ttft.append(time.perf_counter() - t0)
    t, f = statistics.median(times), statistics.median(ttft)
    tps = (n_new - 1) / max(t - f, 1e-9)  # decode tokens/s (after the first token)
    wbytes = _weight_bytes_per_token(model)
    del model
    torch.cuda.empty_cache()
    return {"tokens_per_s": tps, "ttft_s": f, "weight_bytes": wbytes, "total_s": t}


def qlora_step(path: Path, padded: bool, steps: int) -> dict:
    import torch
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    model = _load(path, "4bit")
    model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, task_type="CAUSAL_LM",
                                             target_modules=["q_proj", "k_proj", "v_proj", "o_proj",
                                                             "gate_proj", "up_proj", "down_proj"]))
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    L = 2048
    lengths = [1800, 900, 600, 420]  # four realistic examples
    g = torch.Generator().manual_seed(0)
    if padded:  # the seeds: 4 rows padded to 2048, attention mask
        ids = torch.zeros(4, L, dtype=torch.long)
        mask = torch.zeros(4, L, dtype=torch.long)
        for i, n in enumerate(lengths):
            ids[i, :n] = torch.randint(10, 200_000, (n,), generator=g)
            mask[i, :n] = 1
        labels = ids.masked_fill(mask == 0, -100)
        batches = [dict(input_ids=ids.cuda(), attention_mask=mask.cuda(), labels=labels.cuda())]
        real = sum(lengths)
    else:  # ours: padding-free, the same examples flattened into rows of <= 2048 with position_ids
        batches, real = [], 0
        for n in lengths:
            ids = torch.randint(10, 200_000, (1, n), generator=g)
            batches.append(dict(input_ids=ids.cuda(), labels=ids.cuda(),
                                position_ids=torch.arange(n).unsqueeze(0).cuda()))
            real += n
    model.train()
    torch.cuda.reset_peak_memory_stats()
    times = []
    for s in range(steps + 1):
        _sync(); t0 = time.perf_counter()
        for b in batches:
            loss = model(**b).loss
            loss.backward()
        opt.step(); opt.zero_grad(set_to_none=True)
        _sync()
        if s:  # the first step warms up
            times.append(time.perf_counter() - t0)
    peak = torch.cuda.max_memory_allocated() / 2**30
    del model, opt
    torch.cuda.empty_cache()
    return {"tokens_per_s": real / statistics.median(times), "peak_gb": peak, "real_tokens": real}


def run(quick: bool = True) -> dict:
    import torch

    if not torch.cuda.is_available():
        return {"rows": [], "status": "skipped", "reason": "no GPU lent in this session",
                "notes": ["run `python -m bench --gpu` on a machine with a CUDA GPU"]}
    name = torch.cuda.get_device_name(0)
    bw = bandwidth_for(name)
    rows, raw, notes = [], {"device": name, "bandwidth_bytes_per_s": bw}, []
    with tempfile.TemporaryDirectory(prefix="bench-gpu-") as tmp:
        path = Path(tmp) / "gemma3-4b-random"
        _build(path)
        from tutor.tiny_model import build_tokenizer  # noqa: F401 - not needed: ids are random

        steps = 3 if quick else 8
        try:
            ours = qlora_step(path, padded=False, steps=steps)
            seeds = qlora_step(path, padded=True, steps=steps)
            raw["qlora"] = {"ours": ours, "seeds": seeds}
            r = ours["tokens_per_s"] / seeds["tokens_per_s"]
            rows.append({"what": "QLoRA step, length 2048, effective tokens/s: padding-free vs "
                                 "seeds' padded batch", "ours": f"{ours['tokens_per_s']:,.0f} tok/s",
                         "baseline": f"{seeds['tokens_per_s']:,.0f} tok/s", "ratio": r,
                         "target": "> 1x", "met": r > 1})
            rows.append({"what": "QLoRA step peak GPU memory (ratio = seeds ÷ ours)",
                         "ours": f"{ours['peak_gb']:.1f} GiB", "baseline": f"{seeds['peak_gb']:.1f} GiB",
                         "ratio": seeds["peak_gb"] / ours["peak_gb"], "target": "–", "met": None})
        except Exception as exc:  # noqa: BLE001 - the rest still runs
            notes.append(f"QLoRA step failed: {type(exc).__name__}: {exc}"[:300])
        n_new = 64 if quick else 256
        for prec in ("4bit", "bf16"):
            try:
                g = generation(path, prec, n_new, reps=3 if quick else 5)
                raw[f"generate_{prec}"] = g
                limit = bw / g["weight_bytes"] if bw else None
                rows.append({"what": f"generation batch 1, {prec}: decode tokens/s vs the "
                                     f"bandwidth limit ({g['weight_bytes'] / 2**30:.2f} GiB weights "
                                     f"per token, {name})",
                             "ours": f"{g['tokens_per_s']:,.1f} tok/s",
                             "baseline": f"{limit:,.1f} tok/s (limit)" if limit else "unknown card",
                             "ratio": g["tokens_per_s"] / limit if limit else None,
                             "target": "–", "met": None})
                rows.append({"what": f"time to first token, {prec}, 512-token prompt",
                             "ours": f"{g['ttft_s'] * 1000:.0f} ms", "baseline": "–", "ratio": None,
                             "target": "–", "met": None})
            except Exception as exc:  # noqa: BLE001
                notes.append(f"generation {prec} failed: {type(exc).__name__}: {exc}"[:300])
    notes.append(f"device {name}; bandwidth {bw / 1e9 if bw else '?'} GB/s (table); Gemma-3-4B text "
                 "architecture with random weights")
    return {"rows": rows, "raw": raw, "notes": notes}
