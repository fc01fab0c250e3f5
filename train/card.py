"""The adapter's model card (README.md): base model, data, hyperparameters, final loss, how to load."""

from __future__ import annotations

from pathlib import Path


def write_model_card(adapter_dir: str | Path, cfg, ctx: dict | None = None) -> Path:
    ctx = ctx or {}
    adapter_dir = Path(adapter_dir)
    base = cfg.model
    data_lines = []
    for s in cfg.datasets:
        what = s.name or Path(s.path or "").name
        extra = []
        if s.config:
            extra.append(f"config `{s.config}`")
        if s.split and not s.path:
            extra.append(f"split `{s.split}`")
        if s.count is not None:
            extra.append(f"first {s.count:,} rows")
        if s.weight is not None:
            extra.append(f"weight {s.weight:g}")
        data_lines.append(f"- `{what}`" + (f" ({', '.join(extra)})" if extra else ""))
    hp = [
        ("LoRA r / alpha / dropout", f"{cfg.lora_r} / {cfg.lora_alpha} / {cfg.lora_dropout}"),
        ("target modules", ", ".join(cfg.lora_target_modules)),
        ("quantization", cfg.quantization + (" (NF4, double quant)" if cfg.quantization == "4bit" else "")),
        ("precision", ctx.get("precision", "")),
        ("max length", cfg.max_length),
        ("batch x accumulation", f"{cfg.per_device_train_batch_size} x {cfg.gradient_accumulation_steps}"),
        (
            "learning rate / scheduler",
            f"{cfg.learning_rate:g} {cfg.lr_scheduler_type}, warmup {cfg.warmup_ratio:g}",
        ),
        ("weight decay", cfg.weight_decay),
        ("optimizer", cfg.optim),
        ("epochs / max steps", f"{cfg.num_train_epochs:g} / {cfg.max_steps}"),
        ("steps trained", ctx.get("step", "")),
        ("seed", cfg.seed),
    ]

    def fmt(v):
        return f"{v:.4f}" if isinstance(v, float) else ("n/a" if v is None else str(v))

    base_id = base if not Path(base).is_absolute() else Path(base).name
    text = f"""---
base_model: {base_id}
library_name: peft
pipeline_tag: text-generation
tags:
- lora
- math
- trl
- sft
---

# Math tutor LoRA adapter for `{base_id}`

Trained with Math Tutor Studio (`python -m train`, TRL SFTTrainer, loss on the assistant reply only).

## Base model

`{base}`

## Data

{chr(10).join(data_lines) or "- (none recorded)"}

Formatted as chat turns (system prompt, problem, worked solution ending with a stated final answer).

## Hyperparameters

| parameter | value |
|---|---|
{chr(10).join(f"| {k} | {fmt(v)} |" for k, v in hp)}

## Results

- final training loss: {fmt(ctx.get("final_loss"))}
- eval loss: {fmt(ctx.get("eval_loss"))}

## How to load

```python
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

base = AutoModelForCausalLM.from_pretrained("{base}", dtype="auto", device_map="auto")
model = PeftModel.from_pretrained(base, "path/or/repo-of-this-adapter")
tokenizer = AutoTokenizer.from_pretrained("path/or/repo-of-this-adapter")
```

To get a standalone model: `python -m train.merge --adapter THIS_DIR --output MERGED_DIR`.
"""
    path = adapter_dir / "README.md"
    path.write_text(text, encoding="utf-8")
    return path
