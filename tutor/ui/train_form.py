"""The Train tab's recipe form and its YAML, kept in sync both ways: the form's fields (config
key, label, kind, choices), a YAML mapping as form values, and form values written over a YAML."""

from __future__ import annotations

import pandas as pd
import yaml

from tutor.jobs import manager as jobs
from tutor.jobs.manager import InvalidConfig

SOURCE_COLUMNS = ["name", "path", "config", "split", "format", "count", "weight"]


# (config key, label, kind, choices)
def form_fields():
    """The form's fields: (config key, label, kind, choices), in the form's order."""
    from tutor.core.train_config import QUANTIZATIONS, optimizers, schedulers

    return [
        ("model", "Base model (Hub id or folder)", "text", None),
        ("quantization", "Quantization", "choice", list(QUANTIZATIONS)),
        ("lora_r", "LoRA rank", "int", None),
        ("lora_alpha", "LoRA alpha", "int", None),
        ("lora_dropout", "LoRA dropout", "float", None),
        ("lora_target_modules", "LoRA target modules (comma-separated)", "list", None),
        ("max_length", "Max length (tokens)", "int", None),
        ("per_device_train_batch_size", "Batch size (per device)", "int", None),
        ("gradient_accumulation_steps", "Gradient accumulation", "int", None),
        ("learning_rate", "Learning rate", "float", None),
        ("lr_scheduler_type", "Schedule", "choice", schedulers()),
        ("warmup_ratio", "Warmup ratio", "float", None),
        ("num_train_epochs", "Epochs (when max steps = -1)", "float", None),
        ("max_steps", "Max steps (-1: use epochs)", "int", None),
        ("optim", "Optimizer", "choice", optimizers()),
        ("packing", "Packing", "bool", None),
        ("eval_size", "Eval rows", "int", None),
    ]


def _defaults() -> dict:
    from tutor.core.train_config import TrainConfig

    return TrainConfig().to_dict()


def form_values(raw: dict) -> list:
    """Form values (in form_fields order, then the sources table) for a YAML mapping."""
    d = _defaults()
    out = []
    for key, _, kind, _ in form_fields():
        v = raw.get(key, d.get(key))
        if kind == "list":
            v = ", ".join(v) if isinstance(v, list) else str(v or "")
        elif kind == "bool":
            v = bool(v) if not isinstance(v, str) else v.lower() in ("true", "yes", "1", "on")
        out.append(v)
    rows = []
    for s in raw.get("datasets") or []:
        s = {"name": s} if isinstance(s, str) else (s if isinstance(s, dict) else {})
        rows.append(["" if s.get(c) is None else s.get(c) for c in SOURCE_COLUMNS])
    out.append(pd.DataFrame(rows or [[""] * len(SOURCE_COLUMNS)], columns=SOURCE_COLUMNS))
    return out


def _num(v, kind):
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v  # left as typed: the CLI's validation names it
    return int(f) if kind == "int" and f == int(f) else f


def apply_form(text: str, values: list) -> str:
    """The YAML with the form's values written over it (other keys kept, in their order)."""
    try:
        raw = jobs.parse_yaml(text)
    except InvalidConfig:
        raw = {}
    *vals, table = values
    for (key, _, kind, _), v in zip(form_fields(), vals):
        if kind in ("int", "float"):
            v = _num(v, kind)
        elif kind == "list":
            v = [s.strip() for s in str(v or "").split(",") if s.strip()]
        elif kind == "bool":
            v = bool(v)
        if v is None and key not in raw:
            continue
        raw[key] = v
    old = [s if isinstance(s, dict) else {"name": s} for s in (raw.get("datasets") or [])]
    sources = []
    rows = table.values.tolist() if isinstance(table, pd.DataFrame) else (table or [])
    if isinstance(table, dict):
        rows = table.get("data") or []
    for i, row in enumerate(rows):
        src = dict(old[i]) if i < len(old) else {}
        for c, v in zip(SOURCE_COLUMNS, row):
            if v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == "":
                src.pop(c, None)
                continue
            src[c] = _num(v, "int") if c == "count" else _num(v, "float") if c == "weight" else str(v)
        if src.get("name") or src.get("path"):
            sources.append(src)
    raw["datasets"] = sources
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, default_flow_style=None)
