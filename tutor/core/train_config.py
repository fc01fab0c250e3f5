"""The training job's config, shared by the CLI (`python -m train`) and the app's Train tab.

One flat, typed dataclass in the style of HF `TrainingArguments`:

    cfg = load_config("train/recipes/tiny-cpu.yaml", overrides=["max_steps=5", "lora_r=8"])

This is the lower layer both sides use: `train/` runs it, `tutor.jobs` and the Train tab validate
with it before launching, and neither side imports the other. Values from the YAML file and from
`--set key=value` are typed by transformers' `HfArgumentParser` (one argparse action per field,
its bool parsing, enum choices); the learning-rate schedules and optimizers are transformers' own
`SchedulerType` and `OptimizerNames`. Validation reports every problem on its own line
(`ConfigError.problems`). Relative paths (`output_dir`, local `model` folders, local data files)
are resolved against the repository root (the project folder, where app.py is), so recipes can say
`../shared/data/gsm8k/train.jsonl` and work in any clone: the same for the CLI and the app,
wherever either is started from and wherever the recipe file lies (the Train tab's editor text has
no file, so the recipe's folder could not be the rule); `~` is the user's home. Importing this
module imports neither torch nor transformers; parsing imports transformers' argument parser and
the enums (which import torch).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tutor.core.paths import REPO_ROOT

RECIPES_DIR = REPO_ROOT / "train" / "recipes"
# the Train tab's first recipe: the real small model (SmolLM2) on CPU, minutes not hours
DEFAULT_RECIPE = "smollm2-word-problems"

QUANTIZATIONS = ("4bit", "8bit", "none")
REPORTERS = ("none", "tensorboard", "trackio", "wandb")
FORMATS = ("auto", "gsm8k", "mathx", "numina", "gsm_hard", "mathqa", "mmlu", "messages", "columns")
TRISTATE = ("auto", True, False)
TRISTATE_FIELDS = ("bf16", "fp16", "padding_free")


def schedulers() -> list[str]:
    """transformers' learning-rate schedules (`SchedulerType`), the values `lr_scheduler_type` takes."""
    from transformers.trainer_utils import SchedulerType

    return [s.value for s in SchedulerType]


def optimizers() -> list[str]:
    """transformers' optimizers (`OptimizerNames`), the values `optim` takes."""
    from transformers.training_args import OptimizerNames

    return [o.value for o in OptimizerNames]


class ConfigError(ValueError):
    """Invalid config: `problems` holds one plain line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class SourceConfig:
    """One data source. `name` is a Hub dataset id or a label for a local `path` (JSONL/CSV/Parquet)."""

    name: str = ""
    path: str | None = None  # local file(s) or folder; when set, `name` is only a label
    config: str | None = None  # Hub dataset config ("main" for openai/gsm8k)
    split: str = "train"
    count: int | None = None  # take the first N rows (after the eval rows)
    weight: float | None = None  # mixing probability when counts are not given
    format: str = "auto"  # formatter; auto = from the Hub id / columns
    columns: dict[str, str] = field(default_factory=dict)  # our field -> the file's column
    streaming: bool = True  # false: download (Arrow cache) first, then iterate lazily
    sha256: str | None = None  # of an uploaded file: checked when the run pins it (tutor.core.data_files)

    @property
    def label(self) -> str:
        return self.name or (Path(self.path).name if self.path else "?")


@dataclass
class TrainConfig:
    # model
    model: str = "google/gemma-3-4b-it"
    revision: str | None = None
    gguf_file: str | None = None  # a GGUF file in `model` (folder or Hub repo); or model: x.gguf
    output_dir: str = "runs/train"
    system_prompt: str | None = None  # None = tutor.SYSTEM_PROMPT
    # LoRA
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    lora_target_modules: list[str] = field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    )
    # precision
    quantization: str = "4bit"
    bf16: Any = "auto"  # auto | true | false (TRISTATE)
    fp16: Any = "auto"
    # schedule
    max_steps: int = -1
    num_train_epochs: float = 1.0
    max_length: int = 2048
    per_device_train_batch_size: int = 2
    per_device_eval_batch_size: int | None = None
    gradient_accumulation_steps: int = 8
    learning_rate: float = 2e-4
    lr_scheduler_type: str = "cosine"  # transformers.SchedulerType
    warmup_ratio: float = 0.03
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    optim: str = "paged_adamw_8bit"  # transformers.training_args.OptimizerNames
    gradient_checkpointing: bool = True
    # speed
    packing: bool = False
    padding_free: Any = "auto"  # auto: on where the attention kernel handles position_ids
    use_liger_kernel: bool = False
    auto_find_batch_size: bool = False
    attn_implementation: str | None = None  # None = transformers' default (sdpa)
    # data
    datasets: list[SourceConfig] = field(default_factory=list)
    num_examples: int | None = None  # cap on the mixed stream (needed with weights)
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
        counts = [s.count for s in self.datasets]
        if counts and all(c is not None for c in counts):
            return sum(c for c in counts if c is not None)
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


# ---- parsing: transformers' HfArgumentParser types every value ------------------------------


class _Refused(ValueError):
    pass


def _parser_class():
    from transformers import HfArgumentParser

    class FieldParser(HfArgumentParser):
        """HfArgumentParser whose errors are raised (to be collected), not printed with an exit."""

        def error(self, message):
            raise _Refused(message)

    return FieldParser


def _cli_type(name: str, tp):
    """The type HfArgumentParser parses field `name` with: the enums for the schedule and the
    optimizer, str for the auto/true/false fields (mapped after parsing), else the field's own."""
    if name == "lr_scheduler_type":
        from transformers.trainer_utils import SchedulerType

        return SchedulerType
    if name == "optim":
        from transformers.training_args import OptimizerNames

        return OptimizerNames
    if name in TRISTATE_FIELDS:
        return str
    return tp


def _field_default(f: dataclasses.Field):
    if f.default_factory is not dataclasses.MISSING:
        return field(default_factory=f.default_factory)
    return field(default=f.default)


@functools.cache
def _parser(cls: type):
    """One HfArgumentParser over the fields of `cls` that a command line can hold (all but the
    nested `datasets` list and the `columns` mapping, which are read as YAML structures)."""
    hints = typing.get_type_hints(cls)
    skip = {"datasets", "columns"}
    args_cls = dataclasses.make_dataclass(
        f"{cls.__name__}Args",
        [
            (f.name, _cli_type(f.name, hints[f.name]), _field_default(f))
            for f in dataclasses.fields(cls)
            if f.name not in skip
        ],
    )
    return _parser_class()(args_cls, add_help=False), hints


def _token(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # `lora_r: 8.0` is 8
    return str(value)


def _plain_error(key: str, message: str, value) -> str:
    """argparse's wording -> the config's ('lora_r: expected an integer, got 'abc'')."""
    message = message.split(": ", 1)[1] if message.startswith("argument ") else message
    if message.startswith("invalid int value"):
        return f"{key}: expected an integer, got {value!r}"
    if message.startswith("invalid float value"):
        return f"{key}: expected a number, got {value!r}"
    if message.startswith("Truthy value expected"):
        return f"{key}: expected true or false, got {value!r}"
    if message.startswith("invalid choice"):
        return f"{key} {value!r} is unknown ({message.split('(', 1)[-1].rstrip(')')})"
    if message.startswith("unrecognized arguments"):
        return f"{key}: expected one value, got {value!r}"
    return f"{key}: {message} (got {value!r})"


def _parse_value(cls: type, key: str, value, problems: list[str], where: str | None = None):
    """One YAML / `--set` value -> the field's type, through the class's HfArgumentParser."""
    parser, hints = _parser(cls)
    label = where or key
    tp = hints[key]
    if typing.get_origin(tp) is dict:  # SourceConfig.columns: a YAML mapping
        if isinstance(value, str):
            try:
                value = yaml.safe_load(value)
            except yaml.YAMLError:
                pass
        if not isinstance(value, dict):
            problems.append(f"{label}: expected a mapping, got {value!r}")
            return {}
        return {str(k): str(v) for k, v in value.items()}
    optional = type(None) in typing.get_args(tp)
    if optional and isinstance(value, str) and value.strip().lower() in ("null", "none", "~"):
        value = None
    if value is None:
        if optional:
            return None
        problems.append(f"{label}: a value is needed")
        return None
    if typing.get_origin(tp) is list:
        if isinstance(value, str):
            value = (
                yaml.safe_load(value)
                if value.strip().startswith("[")
                else [v.strip() for v in value.split(",") if v.strip()]
            )
        items = value if isinstance(value, list) else [value]
        if not items:
            return []
        tokens = [f"--{key}", *(_token(v) for v in items)]  # nargs="+" (not --key=v: that is one value)
    else:
        if isinstance(value, (list, dict)):
            problems.append(f"{label}: expected one value, got {value!r}")
            return None
        tokens = [f"--{key}={_token(value)}"]
    try:
        parsed = getattr(parser.parse_args(tokens), key)
    except _Refused as exc:
        problems.append(_plain_error(label, str(exc), value))
        return None
    if key in TRISTATE_FIELDS and isinstance(parsed, str) and parsed.lower() != "auto":
        from transformers.hf_argparser import string_to_bool

        try:
            return string_to_bool(parsed)
        except Exception:  # noqa: BLE001 - reported by validate() in the config's words
            return parsed
    return parsed.value if hasattr(parsed, "value") else parsed


def _source(key: str, index: int, value, problems: list[str]) -> SourceConfig:
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
        kwargs[k] = _parse_value(SourceConfig, k, v, problems, where=f"datasets[{index}].{k}")
    return SourceConfig(
        **{
            k: v
            for k, v in kwargs.items()
            if v is not None or k in ("path", "config", "count", "weight", "sha256")
        }
    )


def _parse_datasets(value, problems: list[str]) -> list[SourceConfig]:
    if value is None:
        return []
    if isinstance(value, str):
        value = yaml.safe_load(value) if value.strip().startswith("[") else [value]
    items = value if isinstance(value, list) else [value]
    return [_source("datasets", i, v, problems) for i, v in enumerate(items)]


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
    problems: list[str] = []
    merged = dict(raw or {})
    ds_overrides = []
    for k, v in (overrides or {}).items():
        if k == "__datasets__":
            ds_overrides = v
        else:
            merged[k] = v
    kwargs: dict[str, Any] = {}
    for key, value in merged.items():
        if key not in FIELDS:
            problems.append(f"unknown key {key!r}{_suggest(key, FIELDS)}")
            continue
        kwargs[key] = (
            _parse_datasets(value, problems)
            if key == "datasets"
            else _parse_value(TrainConfig, key, value, problems)
        )
    kwargs = {
        k: v
        for k, v in kwargs.items()
        if v is not None
        or k
        in (
            "revision",
            "gguf_file",
            "system_prompt",
            "per_device_eval_batch_size",
            "attn_implementation",
            "num_examples",
            "eval_steps",
            "save_total_limit",
            "hub_model_id",
        )
    }
    if problems:
        raise ConfigError(problems)
    cfg = TrainConfig(**kwargs)
    for index, k, v in ds_overrides:
        if index >= len(cfg.datasets):
            problems.append(f"datasets.{index}: the recipe has only {len(cfg.datasets)} sources")
        elif k not in SOURCE_FIELDS:
            problems.append(f"datasets.{index}: unknown key {k!r}")
        else:
            setattr(
                cfg.datasets[index],
                k,
                _parse_value(SourceConfig, k, v, problems, where=f"datasets.{index}.{k}"),
            )
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
    if cfg.lr_scheduler_type not in schedulers():
        p.append(f"lr_scheduler_type {cfg.lr_scheduler_type!r} is unknown (known: {', '.join(schedulers())})")
    if cfg.optim not in optimizers():
        p.append(f"optim {cfg.optim!r} is unknown (known: {', '.join(optimizers())})")
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
            p.append(f"{where}: local path {s.path} does not exist{_relative_note(s.path)}")
    counts = [s.count is not None for s in cfg.datasets]
    if cfg.datasets and any(counts) and not all(counts):
        p.append("datasets: give every source a count, or none (mix by weights instead)")
    if cfg.max_steps == -1 and cfg.datasets and cfg.known_train_examples() is None:
        p.append(
            "max_steps is needed when the number of rows is unknown (set counts, num_examples or max_steps)"
        )
    if p:
        raise ConfigError(p)


def _relative_note(path: str) -> str:
    """Said beside a missing path that came from a relative one: where relative paths start."""
    if Path(path).is_relative_to(REPO_ROOT):
        return (
            f" (relative paths in a recipe start at the project folder {REPO_ROOT}, "
            "not at the folder the command runs from nor the recipe's own; write an absolute path "
            "for files elsewhere)"
        )
    return ""


def _expand(path: str) -> list[str]:
    import glob

    return glob.glob(path) or [path]
