"""The training job's config: one flat, typed dataclass in the style of HF `TrainingArguments`.

    cfg = load_config("train/recipes/tiny-cpu.yaml", overrides=["max_steps=5", "lora_r=8"])

Relative paths (`output_dir`, local `model` folders, local data files) are resolved against the
repository root, so recipes can say `../shared/data/gsm8k/train.jsonl` and work in any clone.
Validation reports every problem on its own line (`ConfigError.problems`). Importing this module
does not import torch/transformers; `inspect_model` does, lazily, and never loads weights.
"""

from __future__ import annotations

import dataclasses
import math
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
RECIPES_DIR = Path(__file__).resolve().parent / "recipes"

QUANTIZATIONS = ("4bit", "8bit", "none")
SCHEDULERS = ("linear", "cosine", "cosine_with_restarts", "polynomial", "constant",
              "constant_with_warmup", "inverse_sqrt", "reduce_lr_on_plateau", "cosine_with_min_lr",
              "warmup_stable_decay")
OPTIMIZERS = ("adamw_torch", "adamw_torch_fused", "adafactor", "sgd", "adamw_8bit", "adamw_bnb_8bit",
              "paged_adamw_8bit", "paged_adamw_32bit", "paged_adamw", "lion_8bit", "paged_lion_8bit")
REPORTERS = ("none", "tensorboard", "trackio", "wandb")
FORMATS = ("auto", "gsm8k", "mathx", "numina", "gsm_hard", "mathqa", "mmlu", "messages", "columns")
TRISTATE = ("auto", True, False)


class ConfigError(ValueError):
    """Invalid config: `problems` holds one plain line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class SourceConfig:
    """One data source. `name` is a Hub dataset id or a label for a local `path` (JSONL/CSV/Parquet)."""

    name: str = ""
    path: str | None = None            # local file(s) or folder; when set, `name` is only a label
    config: str | None = None          # Hub dataset config ("main" for openai/gsm8k)
    split: str = "train"
    count: int | None = None           # take the first N rows (after the eval rows)
    weight: float | None = None        # mixing probability when counts are not given
    format: str = "auto"               # formatter; auto = from the Hub id / columns
    columns: dict[str, str] = field(default_factory=dict)  # our field -> the file's column
    streaming: bool = True             # false: download (Arrow cache) first, then iterate lazily

    @property
    def label(self) -> str:
        return self.name or (Path(self.path).name if self.path else "?")


@dataclass
class TrainConfig:
    # model
    model: str = "google/gemma-3-4b-it"
    revision: str | None = None
    build_tiny_model_if_missing: bool = False  # build tutor.testing.tiny_model at `model` if it is missing
    tiny_model_hidden_size: int = 64
    tiny_model_num_layers: int = 2
    output_dir: str = "runs/train"
    system_prompt: str | None = None    # None = tutor.SYSTEM_PROMPT
    # LoRA
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    lora_target_modules: list[str] = field(default_factory=lambda: [
        "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    # precision
    quantization: str = "4bit"
    bf16: Any = "auto"
    fp16: Any = "auto"
    # schedule
    max_steps: int = -1
    num_train_epochs: float = 1.0
    max_length: int = 2048
    per_device_train_batch_size: int = 2
    per_device_eval_batch_size: int | None = None
    gradient_accumulation_steps: int = 8
    learning_rate: float = 2e-4
    lr_scheduler_type: str = "cosine"
    warmup_ratio: float = 0.03
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    optim: str = "paged_adamw_8bit"
    gradient_checkpointing: bool = True
    # speed
    packing: bool = False
    padding_free: Any = "auto"          # auto: on where the attention kernel handles position_ids
    use_liger_kernel: bool = False
    auto_find_batch_size: bool = False
    attn_implementation: str | None = None  # None = transformers' default (sdpa)
    # data
    datasets: list[SourceConfig] = field(default_factory=list)
    num_examples: int | None = None     # cap on the mixed stream (needed with weights)
    shuffle_buffer: int = 1000
    eval_size: int = 0
    # loop
    eval_steps: int | None = None
    save_steps: int = 500
    save_total_limit: int | None = 3
    logging_steps: int = 10
    seed: int = 42
    report_to: list[str] = field(default_factory=lambda: ["none"])
    # hub
    push_to_hub: bool = False
    hub_model_id: str | None = None
    hub_private: bool = True

    # ---- derived -----------------------------------------------------------------------------
    @property
    def run_dir(self) -> Path:
        return Path(self.output_dir)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    def known_train_examples(self) -> int | None:
        """How many training rows the stream yields, when the recipe fixes it."""
        if self.num_examples is not None:
            return self.num_examples
        if self.datasets and all(s.count is not None for s in self.datasets):
            return sum(s.count for s in self.datasets)
        return None

    def world_size(self) -> int:
        return max(int(os.environ.get("WORLD_SIZE", "1")), 1)

    def total_steps(self) -> int | None:
        """Optimizer steps: `max_steps` if set, else epochs x ceil(rows / effective batch)."""
        if self.max_steps and self.max_steps > 0:
            return self.max_steps
        n = self.known_train_examples()
        if n is None:
            return None
        per_step = self.per_device_train_batch_size * self.gradient_accumulation_steps * self.world_size()
        return max(1, math.ceil(math.ceil(n / per_step) * self.num_train_epochs))


FIELDS = {f.name: f for f in dataclasses.fields(TrainConfig)}
SOURCE_FIELDS = {f.name: f for f in dataclasses.fields(SourceConfig)}


# ---- parsing ---------------------------------------------------------------------------------

def _type_name(tp) -> str:
    return getattr(tp, "__name__", str(tp)).replace("typing.", "")


def _coerce(key: str, value, tp, problems: list[str]):
    """Coerce a YAML/CLI value to the field type `tp` (a string annotation resolved below)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return value
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        if value is None or (isinstance(value, str) and value.lower() in ("null", "none", "~")):
            if type(None) in args:
                return None
        inner = [a for a in args if a is not type(None)]
        return _coerce(key, value, inner[0], problems)
    if origin is list:
        if isinstance(value, str):
            value = yaml.safe_load(value) if value.strip().startswith("[") else \
                [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list):
            value = [value]
        (item_tp,) = args or (str,)
        if item_tp is SourceConfig:
            return [_source(key, i, v, problems) for i, v in enumerate(value)]
        return [_coerce(key, v, item_tp, problems) for v in value]
    if origin is dict:
        if isinstance(value, str):
            value = yaml.safe_load(value)
        if not isinstance(value, dict):
            problems.append(f"{key}: expected a mapping, got {value!r}")
            return {}
        return {str(k): str(v) for k, v in value.items()}
    if tp is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "yes", "1", "on", "false", "no", "0", "off"):
            return value.lower() in ("true", "yes", "1", "on")
        problems.append(f"{key}: expected true or false, got {value!r}")
        return None
    if tp is int:
        if isinstance(value, bool):
            problems.append(f"{key}: expected an integer, got {value!r}")
            return None
        try:
            f = float(value)
            if f != int(f):
                raise ValueError
            return int(f)
        except (TypeError, ValueError):
            problems.append(f"{key}: expected an integer, got {value!r}")
            return None
    if tp is float:
        try:
            return float(value)
        except (TypeError, ValueError):
            problems.append(f"{key}: expected a number, got {value!r}")
            return None
    if tp is str:
        return value if isinstance(value, str) else str(value)
    return value


_HINTS: dict | None = None
_SOURCE_HINTS: dict | None = None


def _hints():
    global _HINTS, _SOURCE_HINTS
    if _HINTS is None:
        _HINTS = typing.get_type_hints(TrainConfig)
        _SOURCE_HINTS = typing.get_type_hints(SourceConfig)
    return _HINTS, _SOURCE_HINTS


def _source(key: str, index: int, value, problems: list[str]) -> SourceConfig:
    _, hints = _hints()
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        problems.append(f"datasets[{index}]: expected a mapping with name/path, got {value!r}")
        return SourceConfig()
    kwargs = {}
    for k, v in value.items():
        if k not in SOURCE_FIELDS:
            problems.append(f"datasets[{index}]: unknown key {k!r} (known: {', '.join(SOURCE_FIELDS)})")
            continue
        kwargs[k] = _coerce(f"datasets[{index}].{k}", v, hints[k], problems)
    return SourceConfig(**kwargs)


def _suggest(key: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_overrides(items: list[str] | None) -> dict:
    """`key=value` strings -> dict; values are parsed as YAML scalars/lists, then typed by field."""
    out: dict = {}
    for item in items or []:
        if "=" not in item:
            raise ConfigError([f"--set {item!r}: expected key=value"])
        key, _, raw = item.partition("=")
        key = key.strip()
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        if key.startswith("datasets.") or key.startswith("datasets["):
            # datasets.0.count=5 / datasets[0].count=5
            rest = key.replace("[", ".").replace("]", "").split(".")[1:]
            if len(rest) != 2 or not rest[0].isdigit():
                raise ConfigError([f"--set {key}: use datasets.N.field=value"])
            out.setdefault("__datasets__", []).append((int(rest[0]), rest[1], value))
            continue
        out[key] = value
    return out


def build_config(raw: dict, overrides: dict | None = None) -> TrainConfig:
    hints, _ = _hints()
    problems: list[str] = []
    merged = dict(raw or {})
    ds_overrides = []
    for k, v in (overrides or {}).items():
        if k == "__datasets__":
            ds_overrides = v
        else:
            merged[k] = v
    kwargs = {}
    for key, value in merged.items():
        if key not in FIELDS:
            problems.append(f"unknown key {key!r}{_suggest(key, FIELDS)}")
            continue
        kwargs[key] = _coerce(key, value, hints[key], problems)
    kwargs = {k: v for k, v in kwargs.items() if v is not None or k in (
        "revision", "system_prompt", "per_device_eval_batch_size", "attn_implementation",
        "num_examples", "eval_steps", "save_total_limit", "hub_model_id")}
    if problems:
        raise ConfigError(problems)
    cfg = TrainConfig(**kwargs)
    for index, k, v in ds_overrides:
        if index >= len(cfg.datasets):
            problems.append(f"datasets.{index}: the recipe has only {len(cfg.datasets)} sources")
        elif k not in SOURCE_FIELDS:
            problems.append(f"datasets.{index}: unknown key {k!r}")
        else:
            _, shints = _hints()
            setattr(cfg.datasets[index], k, _coerce(f"datasets.{index}.{k}", v, shints[k], problems))
    if problems:
        raise ConfigError(problems)
    resolve_paths(cfg)
    validate(cfg)
    return cfg


def load_config(path: str | Path | None, overrides: list[str] | None = None) -> TrainConfig:
    raw: dict = {}
    if path is not None:
        p = Path(path)
        if not p.exists() and (RECIPES_DIR / p.name).exists():
            p = RECIPES_DIR / p.name
        if not p.exists():
            raise ConfigError([f"config file {str(path)!r} not found"])
        try:
            raw = yaml.safe_load(p.read_text()) or {}
        except yaml.YAMLError as exc:
            first = str(exc).splitlines()[0]
            raise ConfigError([f"{p}: not valid YAML ({first})"]) from exc
        if not isinstance(raw, dict):
            raise ConfigError([f"{p}: expected a mapping of keys at the top level"])
    return build_config(raw, parse_overrides(overrides))


def _looks_local(s: str) -> bool:
    return s.startswith((".", "/", "~")) or s.startswith("runs/") or Path(s).exists()


def repo_path(p: str) -> str:
    path = Path(os.path.expanduser(p))
    return str(path if path.is_absolute() else (REPO_ROOT / path).resolve())


def resolve_paths(cfg: TrainConfig) -> None:
    cfg.output_dir = repo_path(cfg.output_dir)
    if _looks_local(cfg.model) or (REPO_ROOT / cfg.model).exists():
        cfg.model = repo_path(cfg.model)
    for src in cfg.datasets:
        if src.path:
            src.path = repo_path(src.path)


def model_is_local(cfg: TrainConfig) -> bool:
    return Path(cfg.model).is_absolute()


# ---- validation ------------------------------------------------------------------------------

def validate(cfg: TrainConfig) -> None:
    p: list[str] = []
    if cfg.lora_r <= 0:
        p.append(f"lora_r must be > 0 (got {cfg.lora_r})")
    if cfg.lora_alpha <= 0:
        p.append(f"lora_alpha must be > 0 (got {cfg.lora_alpha})")
    if not 0.0 <= cfg.lora_dropout < 1.0:
        p.append(f"lora_dropout must be in [0, 1) (got {cfg.lora_dropout})")
    if not cfg.lora_target_modules:
        p.append("lora_target_modules must name at least one module")
    if not (0.0 < cfg.learning_rate <= 1e-2):
        p.append(f"learning_rate must be in (0, 0.01] (got {cfg.learning_rate:g})")
    if cfg.quantization not in QUANTIZATIONS:
        p.append(f"quantization must be one of {', '.join(QUANTIZATIONS)} (got {cfg.quantization!r})")
    for name in ("bf16", "fp16", "padding_free"):
        if getattr(cfg, name) not in TRISTATE:
            p.append(f"{name} must be auto, true or false (got {getattr(cfg, name)!r})")
    if cfg.bf16 is True and cfg.fp16 is True:
        p.append("bf16 and fp16 cannot both be true")
    if cfg.per_device_train_batch_size <= 0:
        p.append(f"per_device_train_batch_size must be > 0 (got {cfg.per_device_train_batch_size})")
    if cfg.per_device_eval_batch_size is not None and cfg.per_device_eval_batch_size <= 0:
        p.append(f"per_device_eval_batch_size must be > 0 (got {cfg.per_device_eval_batch_size})")
    if cfg.gradient_accumulation_steps <= 0:
        p.append(f"gradient_accumulation_steps must be > 0 (got {cfg.gradient_accumulation_steps})")
    if cfg.max_length < 16:
        p.append(f"max_length must be >= 16 (got {cfg.max_length})")
    if cfg.max_steps == 0 or cfg.max_steps < -1:
        p.append(f"max_steps must be > 0, or -1 to use num_train_epochs (got {cfg.max_steps})")
    if cfg.max_steps == -1 and cfg.num_train_epochs <= 0:
        p.append(f"num_train_epochs must be > 0 (got {cfg.num_train_epochs})")
    if not 0.0 <= cfg.warmup_ratio < 1.0:
        p.append(f"warmup_ratio must be in [0, 1) (got {cfg.warmup_ratio})")
    if cfg.weight_decay < 0:
        p.append(f"weight_decay must be >= 0 (got {cfg.weight_decay})")
    if cfg.lr_scheduler_type not in SCHEDULERS:
        p.append(f"lr_scheduler_type {cfg.lr_scheduler_type!r} is unknown (known: {', '.join(SCHEDULERS)})")
    if cfg.optim not in OPTIMIZERS:
        p.append(f"optim {cfg.optim!r} is unknown (known: {', '.join(OPTIMIZERS)})")
    for r in cfg.report_to:
        if r not in REPORTERS:
            p.append(f"report_to {r!r} is unknown (known: {', '.join(REPORTERS)})")
    for name in ("logging_steps", "save_steps", "shuffle_buffer"):
        if getattr(cfg, name) <= 0:
            p.append(f"{name} must be > 0 (got {getattr(cfg, name)})")
    if cfg.eval_steps is not None and cfg.eval_steps <= 0:
        p.append(f"eval_steps must be > 0 (got {cfg.eval_steps})")
    if cfg.eval_size < 0:
        p.append(f"eval_size must be >= 0 (got {cfg.eval_size})")
    if cfg.push_to_hub and not cfg.hub_model_id:
        p.append("push_to_hub needs hub_model_id (USER/NAME)")
    if not cfg.datasets:
        p.append("datasets: give at least one source")
    for i, s in enumerate(cfg.datasets):
        where = f"datasets[{i}] ({s.label})"
        if not s.name and not s.path:
            p.append(f"datasets[{i}]: give a Hub id as name or a local path")
        if s.count is not None and s.count <= 0:
            p.append(f"{where}: count must be > 0 (got {s.count})")
        if s.weight is not None and s.weight <= 0:
            p.append(f"{where}: weight must be > 0 (got {s.weight})")
        if s.format not in FORMATS:
            p.append(f"{where}: format {s.format!r} is unknown (known: {', '.join(FORMATS)})")
        if s.path and not any(Path(x).exists() for x in _expand(s.path)):
            p.append(f"{where}: local path {s.path} does not exist")
    counts = [s.count is not None for s in cfg.datasets]
    if cfg.datasets and any(counts) and not all(counts):
        p.append("datasets: give every source a count, or none (mix by weights instead)")
    if cfg.max_steps == -1 and cfg.datasets and cfg.known_train_examples() is None:
        p.append("max_steps is needed when the number of rows is unknown (set counts, num_examples "
                 "or max_steps)")
    if p:
        raise ConfigError(p)


def _expand(path: str) -> list[str]:
    import glob

    return glob.glob(path) or [path]


# ---- precision -------------------------------------------------------------------------------

@dataclass
class Precision:
    device: str
    bf16: bool
    fp16: bool
    load_precision: str     # what tutor.core.loading understands: 4bit/8bit/bf16/fp16/fp32
    warnings: list[str]

    @property
    def label(self) -> str:
        mixed = "bf16" if self.bf16 else "fp16" if self.fp16 else "fp32"
        if self.load_precision == "4bit":
            return f"4bit NF4 weights (double quant), {mixed} training"
        if self.load_precision == "8bit":
            return f"8bit weights, {mixed} training"
        return f"{self.load_precision} weights, {mixed} training"


def resolve_precision(cfg: TrainConfig, device: str | None = None) -> Precision:
    """Mixed precision from the hardware: bf16 where the GPU has it, else fp16; fp32 on CPU.

    bf16 asked on a GPU without bf16 becomes fp16 with a warning.
    """
    import torch

    warnings: list[str] = []
    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    has_bf16 = device.startswith("cuda") and torch.cuda.is_bf16_supported()
    bf16 = fp16 = False
    if device.startswith("cuda"):
        if cfg.fp16 is True:
            fp16 = True
        elif cfg.bf16 is True and not has_bf16:
            warnings.append("bf16 was asked but this GPU has no bf16 support: using fp16 instead")
            fp16 = True
        elif cfg.bf16 in (True, "auto"):
            bf16, fp16 = (True, False) if has_bf16 else (False, cfg.fp16 in (True, "auto"))
    else:
        if cfg.bf16 is True or cfg.fp16 is True:
            warnings.append("mixed precision was asked but there is no GPU: training in fp32 on CPU")
    if cfg.quantization in ("4bit", "8bit"):
        load = cfg.quantization
    else:
        load = "bf16" if bf16 else "fp16" if fp16 else "fp32"
    return Precision(device=device, bf16=bf16, fp16=fp16, load_precision=load, warnings=warnings)


# ---- model inspection (meta device, no weights) ----------------------------------------------

@dataclass
class ModelInfo:
    available: bool
    reason: str = ""
    model_type: str | None = None
    total_params: int | None = None
    trainable_params: int | None = None
    module_names: set[str] = field(default_factory=set)
    targets: Any = None  # train.targets.TargetPlan: where LoRA goes on this model


def load_model_config(cfg: TrainConfig):
    from transformers import AutoConfig

    return AutoConfig.from_pretrained(cfg.model, revision=cfg.revision)


def inspect_model(cfg: TrainConfig) -> ModelInfo:
    """Build the model on the meta device from its config, apply the LoRA config, count params."""
    if cfg.build_tiny_model_if_missing and not Path(cfg.model, "config.json").exists():
        return _inspect_tiny(cfg)
    try:
        mconfig = load_model_config(cfg)
    except Exception as exc:  # noqa: BLE001 - reported in plain words
        first = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]
        return ModelInfo(False, reason=f"the parameter count needs the model config of {cfg.model}, "
                                       f"which is not available offline/in the cache ({first})")
    return _inspect_from_config(cfg, mconfig)


def _inspect_tiny(cfg: TrainConfig) -> ModelInfo:
    from transformers import Gemma3TextConfig

    from tutor.testing.tiny_model import build_tokenizer

    h = cfg.tiny_model_hidden_size
    mconfig = Gemma3TextConfig(vocab_size=len(build_tokenizer()), hidden_size=h, intermediate_size=2 * h,
                               num_hidden_layers=cfg.tiny_model_num_layers, num_attention_heads=4,
                               num_key_value_heads=2, head_dim=h // 4, tie_word_embeddings=True)
    info = _inspect_from_config(cfg, mconfig)
    info.reason = "tiny model not built yet: counted from the config it will be built with"
    return info


def _inspect_from_config(cfg: TrainConfig, mconfig) -> ModelInfo:
    import torch
    from transformers import AutoModelForCausalLM

    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(mconfig)
    names = {n.rsplit(".", 1)[-1] for n, m in model.named_modules()
             if n and not list(m.children())}
    total = sum(p.numel() for p in model.parameters())
    info = ModelInfo(True, model_type=getattr(mconfig, "model_type", None), total_params=total,
                     module_names=names)
    missing = [t for t in cfg.lora_target_modules if t not in names]
    if missing:
        linear = sorted(n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear))
        known = sorted({n.rsplit(".", 1)[-1] for n in linear})
        raise ConfigError([f"lora_target_modules: {t!r} is not a module of {cfg.model} "
                           f"(linear modules: {', '.join(known)})" for t in missing])
    from peft import get_peft_model

    from train.targets import resolve

    info.targets = resolve(model, cfg.lora_target_modules)
    peft_model = get_peft_model(model, lora_config(cfg, info.targets))
    info.trainable_params = sum(p.numel() for p in peft_model.parameters() if p.requires_grad)
    return info


def lora_config(cfg: TrainConfig, targets=None):
    """PEFT's LoraConfig; `targets` (train.targets.resolve on the model) limits LoRA to the
    language model of a multimodal base."""
    from peft import LoraConfig

    modules = targets.target_modules if targets is not None else list(cfg.lora_target_modules)
    return LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=modules, bias="none", task_type="CAUSAL_LM")
