"""The training CLI's config: the schema lives in tutor.core.train_config (shared with the app's
Train tab); this module adds what needs torch: the precision plan from the hardware and the model
inspection on the meta device (never loads weights).

    cfg = load_config("train/recipes/tiny-cpu.yaml", overrides=["max_steps=5", "lora_r=8"])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.core.train_config import (
    FORMATS,
    QUANTIZATIONS,
    RECIPES_DIR,
    REPO_ROOT,
    REPORTERS,
    TRISTATE,
    ConfigError,
    SourceConfig,
    TrainConfig,
    build_config,
    load_config,
    model_is_local,
    optimizers,
    parse_overrides,
    repo_path,
    resolve_paths,
    schedulers,
    validate,
)

__all__ = [
    "FORMATS",
    "QUANTIZATIONS",
    "RECIPES_DIR",
    "REPO_ROOT",
    "REPORTERS",
    "TRISTATE",
    "ConfigError",
    "ModelInfo",
    "Precision",
    "SourceConfig",
    "TrainConfig",
    "build_config",
    "inspect_model",
    "load_config",
    "lora_config",
    "model_is_local",
    "optimizers",
    "parse_overrides",
    "repo_path",
    "resolve_paths",
    "resolve_precision",
    "schedulers",
    "validate",
]


# ---- precision -------------------------------------------------------------------------------


@dataclass
class Precision:
    device: str
    bf16: bool
    fp16: bool
    load_precision: str  # what tutor.core.loading understands: 4bit/8bit/bf16/fp16/fp32
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
    targets: object = None  # train.targets.TargetPlan: where LoRA goes on this model


def load_model_config(cfg: TrainConfig):
    from transformers import AutoConfig

    return AutoConfig.from_pretrained(cfg.model, revision=cfg.revision)


def inspect_model(cfg: TrainConfig) -> ModelInfo:
    """Build the model on the meta device from its config, apply the LoRA config, count params."""
    try:
        mconfig = load_model_config(cfg)
    except Exception as exc:  # noqa: BLE001 - reported in plain words
        first = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]
        return ModelInfo(
            False,
            reason=f"the parameter count needs the model config of {cfg.model}, "
            f"which is not available offline/in the cache ({first})",
        )
    return _inspect_from_config(cfg, mconfig)


def _inspect_from_config(cfg: TrainConfig, mconfig) -> ModelInfo:
    import torch
    from transformers import AutoModelForCausalLM

    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(mconfig)
    names = {n.rsplit(".", 1)[-1] for n, m in model.named_modules() if n and not list(m.children())}
    total = sum(p.numel() for p in model.parameters())
    info = ModelInfo(
        True, model_type=getattr(mconfig, "model_type", None), total_params=total, module_names=names
    )
    missing = [t for t in cfg.lora_target_modules if t not in names]
    if missing:
        linear = sorted(n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear))
        known = sorted({n.rsplit(".", 1)[-1] for n in linear})
        raise ConfigError(
            [
                f"lora_target_modules: {t!r} is not a module of {cfg.model} "
                f"(linear modules: {', '.join(known)})"
                for t in missing
            ]
        )
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
    return LoraConfig(
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=modules,
        bias="none",
        task_type="CAUSAL_LM",
    )
