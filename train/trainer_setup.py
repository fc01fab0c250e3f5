"""What the training job sets up before it trains: logging into the run folder, the process
group, the base model (4-bit NF4 / 8-bit / 16-bit, k-bit prepared), the fast path (padding-free
or dynamic padding), TRL's SFTConfig and the trainer class."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from pathlib import Path

from train.config import Precision, TrainConfig

log = logging.getLogger("train")

_REPORTER_PACKAGES = {
    "tensorboard": ("tensorboard", "tensorboardX"),
    "trackio": ("trackio",),
    "wandb": ("wandb",),
}


def setup_logging(run_dir: Path, main_process: bool) -> list[logging.Handler]:
    """Log to the run's train.log (rank 0) and stderr; returns the handlers to remove at the end."""
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if main_process:
        fh = logging.FileHandler(run_dir / "train.log", encoding="utf-8")
        fh.setFormatter(fmt)
        root.addHandler(fh)
    sh = logging.StreamHandler(sys.stderr)
    sh.setFormatter(fmt)
    root.addHandler(sh)
    handlers = [
        h
        for h in root.handlers
        if h in (sh,)
        or isinstance(h, logging.FileHandler)
        and getattr(h, "baseFilename", "") == str(run_dir / "train.log")
    ]
    logging.captureWarnings(True)
    try:
        import transformers

        transformers.utils.logging.disable_default_handler()
        transformers.utils.logging.enable_propagation()
        transformers.utils.logging.set_verbosity_warning()
    except Exception:  # noqa: BLE001
        pass
    for noisy in ("urllib3", "filelock", "fsspec", "httpx", "huggingface_hub.file_download"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handlers


def report_to(cfg: TrainConfig) -> list[str]:
    """The recipe's `report_to` trackers whose package is installed ("none" when none is)."""
    out = []
    for r in cfg.report_to:
        if r == "none":
            continue
        if any(importlib.util.find_spec(pkg) for pkg in _REPORTER_PACKAGES[r]):
            out.append(r)
        else:
            log.warning("report_to %s: the package is not installed, skipping it", r)
    if "tensorboard" in out:  # inside the run directory, where the UI can find it
        os.environ.setdefault("TENSORBOARD_LOGGING_DIR", str(Path(cfg.output_dir) / "tensorboard"))
    if "wandb" in out:
        os.environ.setdefault("WANDB_PROJECT", "math-tutor-studio")
    return out or ["none"]


def distributed_state():
    """The process group as the Trainer will set it up, so that rank 0 alone writes the run folder.

    On CPU the Trainer (TrainingArguments(use_cpu=True)) starts a gloo group; a bare
    PartialState() there sees no GPU and no MPI and reports one process on every rank, and every
    rank then wrote events.jsonl (found by tests/test_distributed.py, two CPU processes).
    """
    import torch

    from accelerate import PartialState

    return PartialState(cpu=True) if not torch.cuda.is_available() else PartialState()


def load_base_model(cfg: TrainConfig, prec: Precision, state):
    """The base model in 4-bit NF4 (+double quant, compute dtype), 8-bit or 16-bit; k-bit prepared."""
    import torch
    from transformers import AutoModelForCausalLM

    from tutor.core.loading import (
        ModelLoadError,
        compute_dtype,
        explain_load_error,
        quantization_config,
        torch_dtype,
    )

    fsdp = os.environ.get("ACCELERATE_USE_FSDP", "false").lower() == "true"
    kwargs: dict = {"revision": cfg.revision}
    if cfg.attn_implementation:
        kwargs["attn_implementation"] = cfg.attn_implementation
    qconfig = quantization_config(cfg.quantization, prec.device) if cfg.quantization != "none" else None
    cdtype = torch.bfloat16 if prec.bf16 else torch.float16 if prec.fp16 else compute_dtype(prec.device)
    if qconfig is not None:
        if cfg.quantization == "4bit":
            qconfig.bnb_4bit_compute_dtype = cdtype
            if fsdp:  # FSDP shards the packed 4-bit weights: store them in the compute dtype
                qconfig.bnb_4bit_quant_storage = cdtype
        kwargs["quantization_config"] = qconfig
        kwargs["dtype"] = cdtype if prec.device.startswith("cuda") else torch.float32
    else:
        kwargs["dtype"] = torch_dtype(prec.load_precision)
    if fsdp:
        kwargs["device_map"] = None  # FSDP places (and with cpu_ram_efficient_loading, loads) the shards
    elif state.num_processes > 1 and prec.device.startswith("cuda"):
        kwargs["device_map"] = {"": state.local_process_index}  # DDP: one full replica per GPU
    else:
        kwargs["device_map"] = {"": 0} if prec.device.startswith("cuda") else {"": "cpu"}
    try:
        model = AutoModelForCausalLM.from_pretrained(cfg.model, **kwargs)
    except Exception as exc:  # noqa: BLE001
        raise ModelLoadError(explain_load_error(cfg.model, exc)) from exc
    model.config.use_cache = False
    gc_kwargs = {"use_reentrant": False}
    if qconfig is not None and not fsdp:
        # (not under FSDP: its fp32 upcast of the norms would mix dtypes in FSDP's flat params)
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(
            model,
            use_gradient_checkpointing=cfg.gradient_checkpointing,
            gradient_checkpointing_kwargs=gc_kwargs,
        )
    elif cfg.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=gc_kwargs)
    return model


def resolve_padding_free(cfg: TrainConfig, model=None) -> bool:
    """Padding-free (flattened batch + position_ids) where the attention has varlen kernels.

    auto: on with flash-attention (varlen kernels: attention stays per sequence). With sdpa/eager
    transformers builds a dense block-diagonal mask over the whole flattened batch, which costs
    more than it saves (measured on CPU: padding-free 0.39 s vs dynamic padding 0.28 s per step),
    so there the fast path is dynamic padding to the longest row of the batch. Packing implies
    padding-free in TRL.
    """
    if cfg.packing:
        return False
    if cfg.padding_free is not True and cfg.padding_free is not False:  # auto
        impl = (
            getattr(getattr(model, "config", None), "_attn_implementation", None) or cfg.attn_implementation
        )
        return bool(impl) and ("flash" in impl)
    return bool(cfg.padding_free)


def make_sft_config(
    cfg: TrainConfig, prec: Precision, *, padding_free: bool, has_eval: bool, total_steps: int
):
    from trl import SFTConfig

    use_liger = cfg.use_liger_kernel
    if use_liger and importlib.util.find_spec("liger_kernel") is None:
        log.warning("use_liger_kernel: liger-kernel is not installed, training without it")
        use_liger = False
    eval_steps = cfg.eval_steps or max(1, cfg.save_steps)
    return SFTConfig(
        output_dir=str(Path(cfg.output_dir) / "checkpoints"),
        max_steps=total_steps,
        num_train_epochs=cfg.num_train_epochs,
        per_device_train_batch_size=cfg.per_device_train_batch_size,
        per_device_eval_batch_size=cfg.per_device_eval_batch_size or cfg.per_device_train_batch_size,
        gradient_accumulation_steps=cfg.gradient_accumulation_steps,
        learning_rate=cfg.learning_rate,
        lr_scheduler_type=cfg.lr_scheduler_type,
        warmup_steps=cfg.warmup_ratio,  # a float in [0, 1) is a ratio of the total steps
        weight_decay=cfg.weight_decay,
        max_grad_norm=cfg.max_grad_norm,
        optim=cfg.optim,
        gradient_checkpointing=cfg.gradient_checkpointing,
        gradient_checkpointing_kwargs={"use_reentrant": False},
        bf16=prec.bf16,
        fp16=prec.fp16,
        use_cpu=prec.device == "cpu",
        # TRL: max_length is enforced by our trainer subclass when padding-free without packing
        max_length=None if padding_free else cfg.max_length,
        packing=cfg.packing,
        padding_free=padding_free,
        completion_only_loss=True,
        assistant_only_loss=False,
        use_liger_kernel=use_liger,
        auto_find_batch_size=cfg.auto_find_batch_size,
        eval_strategy="steps" if has_eval else "no",
        eval_steps=eval_steps if has_eval else None,
        save_strategy="steps",
        save_steps=cfg.save_steps,
        save_total_limit=cfg.save_total_limit,
        logging_steps=cfg.logging_steps,
        logging_first_step=True,
        seed=cfg.seed,
        data_seed=cfg.seed,
        report_to=report_to(cfg),
        project="math-tutor-studio",  # trackio's project name
        disable_tqdm=True,
        dataloader_num_workers=0,
        push_to_hub=False,  # we push the adapter and its card ourselves (train.push)
        ddp_find_unused_parameters=False if int(os.environ.get("WORLD_SIZE", "1")) > 1 else None,
    )


def trainer_class():
    """TRL's SFTTrainer with the truncation padding-free needs (imported on first use)."""
    from trl import SFTTrainer

    class TutorSFTTrainer(SFTTrainer):
        """SFTTrainer that truncates to `truncate_to` itself when padding-free runs without packing.

        (TRL only truncates when `max_length` is set, and refuses `max_length` with padding-free
        unless packing.) Tokenization and the completion-only labels stay TRL's own.
        """

        def __init__(self, *args, truncate_to: int | None = None, **kwargs):
            self._truncate_to = truncate_to
            super().__init__(*args, **kwargs)

        def _prepare_dataset(self, dataset, processing_class, args, packing, formatting_func, dataset_name):
            dataset = super()._prepare_dataset(
                dataset, processing_class, args, packing, formatting_func, dataset_name
            )
            n = self._truncate_to
            if n and not packing:
                dataset = dataset.map(
                    lambda ex: {"input_ids": ex["input_ids"][:n], "labels": ex["labels"][:n]}
                )
                dataset = dataset.filter(lambda ex: any(label != -100 for label in ex["labels"]))
            return dataset

    return TutorSFTTrainer
