"""The training job: `python -m train --config RECIPE.yaml [--set key=value ...] [--dry-run] [--resume]`.

Loads the base model (4-bit NF4 + double quant, 8-bit or 16-bit) with the tutor.core.loading helpers,
prepares it for k-bit training, adds LoRA (PEFT) and trains with TRL's SFTTrainer on the
conversational prompt-completion format with `completion_only_loss=True` (loss on the assistant
reply only). The run directory (`output_dir`) is the contract with the UI; see
docs/train_events.md. Runs unchanged under `accelerate launch` (DDP, FSDP+QLoRA).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import re
import signal
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

from train.config import (
    ConfigError,
    Precision,
    TrainConfig,
    inspect_model,
    load_config,
    lora_config,
    resolve_precision,
)
from train.events import EventWriter

log = logging.getLogger("train")

_REPORTER_PACKAGES = {
    "tensorboard": ("tensorboard", "tensorboardX"),
    "trackio": ("trackio",),
    "wandb": ("wandb",),
}
_EXIT_CONFIG = 2


# ---- CLI ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m train", description="Train a LoRA adapter (QLoRA) with TRL.")
    p.add_argument("--config", "-c", help="recipe YAML (train/recipes/*.yaml)")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config key (typed), e.g. --set max_steps=10 --set lora_r=8; "
        "sources: --set datasets.0.count=100",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print the resolved config, the trainable-parameter count and the steps, then exit",
    )
    p.add_argument("--resume", action="store_true", help="continue from the last checkpoint in output_dir")
    p.add_argument(
        "--push-to-hub", metavar="REPO", help="push the adapter and its card to USER/NAME when done"
    )
    p.add_argument("--private", action="store_true", help="with --push-to-hub: create a private repo")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = list(args.overrides)
    if args.push_to_hub:
        overrides += ["push_to_hub=true", f"hub_model_id={args.push_to_hub}"]
        if args.private:
            overrides.append("hub_private=true")
    try:
        # the enums the config is checked against import transformers, and with it bitsandbytes,
        # which logs its optional-kernel notice on import: a config error stays one line per problem
        bnb_log = logging.getLogger("bitsandbytes")
        level = bnb_log.level
        bnb_log.setLevel(logging.ERROR)
        try:
            cfg = load_config(args.config, overrides)
        finally:
            bnb_log.setLevel(level)
    except ConfigError as exc:
        for line in exc.problems:
            print(f"config error: {line}", file=sys.stderr)
        return _EXIT_CONFIG
    from tutor.core.gguf_models import GGUFError, use_gguf_base

    try:  # a GGUF base (model: x.gguf, or gguf_file:) trains from its dequantized folder
        use_gguf_base(cfg, out=sys.stderr)
    except GGUFError as exc:
        print(f"config error: model: {exc}", file=sys.stderr)
        return _EXIT_CONFIG
    if args.dry_run:
        return dry_run(cfg)
    return run_job(cfg, resume=args.resume)


def _env_true(name: str, default: str = "false") -> bool:
    return os.environ.get(name, default).strip().lower() == "true"


def distributed_plan(cfg: TrainConfig, prec: Precision) -> tuple[list[str], list[str]]:
    """What `accelerate launch` set up (read from the environment it gives the job): lines for the
    dry run, and the problems that would break the run under FSDP + QLoRA."""
    world = cfg.world_size()
    if not _env_true("ACCELERATE_USE_FSDP"):
        return [
            f"distributed: DDP over {world} processes, one full replica each"
            if world > 1
            else "distributed: one process"
        ], []
    env = os.environ.get
    lines = [
        f"distributed: FSDP v{env('FSDP_VERSION', '1')} over {world} processes, "
        f"{env('FSDP_SHARDING_STRATEGY', 'FULL_SHARD')}, {env('FSDP_AUTO_WRAP_POLICY', 'no auto wrap')} "
        "(PEFT's fsdp_auto_wrap_policy gives the LoRA layers their own units)"
    ]
    problems = []
    if cfg.quantization == "4bit":
        dtype = "bf16" if prec.bf16 else "fp16" if prec.fp16 else "fp32"
        lines.append(
            f"fsdp_qlora: 4-bit weights stored as {dtype} (bnb_4bit_quant_storage) so FSDP can shard "
            "them; no k-bit preparation (its fp32 norms would mix dtypes in FSDP's flat parameters)"
        )
        if _env_true("FSDP_USE_ORIG_PARAMS"):
            problems.append(
                "FSDP + QLoRA needs fsdp_use_orig_params: false (frozen 4-bit weights and "
                "trainable LoRA weights in one flat parameter)"
            )
    elif cfg.quantization == "8bit":
        problems.append("FSDP shards 4-bit bitsandbytes weights only: use quantization 4bit or none")
    if _env_true("FSDP_CPU_RAM_EFFICIENT_LOADING") and not _env_true("FSDP_SYNC_MODULE_STATES"):
        problems.append(
            "fsdp_cpu_ram_efficient_loading needs fsdp_sync_module_states: true (the other ranks "
            "start from empty weights)"
        )
    if prec.device == "cpu":
        lines.append("note: FSDP runs on GPUs; without one the run itself would stop when it starts")
    return lines, problems


def dry_run(cfg: TrainConfig, out=None) -> int:
    out = out or sys.stdout
    if int(os.environ.get("RANK", "0")) != 0:  # under `accelerate launch`: the plan is printed once
        out = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    prec = resolve_precision(cfg)
    try:
        info = inspect_model(cfg)
    except ConfigError as exc:
        for line in exc.problems:
            print(f"config error: {line}", file=sys.stderr)
        return _EXIT_CONFIG
    print("# resolved config", file=out)
    print(cfg.to_yaml(), file=out)
    print("# plan", file=out)
    print(f"device: {prec.device}", file=out)
    print(f"precision: {prec.label}", file=out)
    for w in prec.warnings:
        print(f"warning: {w}", file=out)
    if info.available:
        pct = 100.0 * info.trainable_params / max(info.total_params, 1)
        print(f"model: {cfg.model} ({info.model_type}, {info.total_params:,} parameters)", file=out)
        print(f"trainable_params: {info.trainable_params:,} ({pct:.3f}% of the model)", file=out)
        if info.targets is not None:
            for line in info.targets.lines(cfg.quantization):
                print(line, file=out)
        if info.reason:
            print(f"note: {info.reason}", file=out)
    else:
        print(f"model: {cfg.model}", file=out)
        print("trainable_params: unknown", file=out)
        print(f"note: {info.reason}; continuing with what is known", file=out)
    lines, problems = distributed_plan(cfg, prec)
    if problems:
        for line in problems:
            print(f"config error: {line}", file=sys.stderr)
        return _EXIT_CONFIG
    for line in lines:
        print(line, file=out)
    n = cfg.known_train_examples()
    per_step = cfg.per_device_train_batch_size * cfg.gradient_accumulation_steps * cfg.world_size()
    print(f"train_examples: {n if n is not None else 'unknown (streamed)'}", file=out)
    print(f"eval_examples: {cfg.eval_size}", file=out)
    print(f"effective_batch_size: {per_step}", file=out)
    print(f"total_steps: {cfg.total_steps() if cfg.total_steps() is not None else 'unknown'}", file=out)
    from train.data_report import print_dry_run_checks

    print_dry_run_checks(cfg, out)  # the data checks the Train tab shows (local files only)
    print("dry run: no weights loaded, nothing trained", file=out)
    return 0


# ---- signals -----------------------------------------------------------------------------------


class StopFlag:
    """Set by SIGTERM/SIGINT; the trainer callback turns it into save + stop at the next step end."""

    def __init__(self):
        self.signum: int | None = None
        self._previous = {}

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            self._previous[sig] = signal.signal(sig, self._handle)

    def _handle(self, signum, frame):  # noqa: ARG002
        if self.signum is not None:  # second signal: stop now
            raise KeyboardInterrupt
        self.signum = signum
        log.warning(
            "received %s: saving a checkpoint and the adapter, then stopping", signal.Signals(signum).name
        )

    @property
    def set(self) -> bool:
        return self.signum is not None

    def restore(self) -> None:
        for sig, prev in self._previous.items():
            signal.signal(sig, prev)


def _any_rank(flag: bool) -> bool:
    """True if `flag` is set on any process (a no-op without torch.distributed)."""
    import torch
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return flag
    device = torch.device("cuda", torch.cuda.current_device()) if torch.cuda.is_available() else "cpu"
    t = torch.tensor([1 if flag else 0], device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())


# ---- callbacks ---------------------------------------------------------------------------------


def _make_callbacks(writer: EventWriter, stop: StopFlag, ctx: dict):
    import torch
    from transformers import TrainerCallback

    class StopCallback(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            if _any_rank(stop.set):  # all ranks stop (and save) at the same step
                if stop.signum is None:  # another rank got the signal
                    stop.signum = signal.SIGTERM
                control.should_save = True
                control.should_training_stop = True
            return control

    class EventsCallback(TrainerCallback):
        def __init__(self):
            self.t0 = None
            self.start_step = 0
            self.last_t = None
            self.last_tokens = None
            self.last_loss = None

        def on_train_begin(self, args, state, control, **kwargs):
            self.t0 = self.last_t = time.time()
            self.start_step = state.global_step
            ctx["start_step"] = state.global_step
            total = state.max_steps
            writer.emit(
                "start",
                total_steps=total,
                num_examples=ctx.get("num_examples"),
                eval_examples=ctx.get("eval_examples"),
                trainable_params=ctx.get("trainable_params"),
                total_params=ctx.get("total_params"),
                model=ctx.get("model"),
                precision=ctx.get("precision"),
                device=ctx.get("device"),
                started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                resumed_from_step=state.global_step or None,
                run_dir=ctx.get("run_dir"),
                effective_batch_size=ctx.get("effective_batch_size"),
                world_size=ctx.get("world_size"),
                datasets=ctx.get("datasets"),
                pid=os.getpid(),
            )

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            now = time.time()
            if "loss" in logs:
                elapsed = now - (self.t0 or now)
                done = state.global_step - self.start_step
                eta = elapsed / done * (state.max_steps - state.global_step) if done > 0 else None
                tokens = logs.get("num_tokens")
                tps = None
                if tokens is not None:
                    base_tokens = (
                        self.last_tokens
                        if self.last_tokens is not None
                        else (0 if self.start_step == 0 else None)
                    )
                    if base_tokens is not None and now > self.last_t:
                        tps = (tokens - base_tokens) / (now - self.last_t)
                    self.last_tokens = tokens
                self.last_t = now
                self.last_loss = logs["loss"]
                ctx["final_loss"] = logs["loss"]
                gpu = (torch.cuda.max_memory_allocated() / 1e9) if torch.cuda.is_available() else None
                n, eff = ctx.get("num_examples"), ctx.get("effective_batch_size")
                # a stream has no length, so the Trainer's own epoch counter is step / max_steps
                epoch = state.global_step * eff / n if n and eff else logs.get("epoch", state.epoch)
                writer.emit(
                    "step",
                    step=state.global_step,
                    total=state.max_steps,
                    loss=logs["loss"],
                    lr=logs.get("learning_rate"),
                    epoch=round(epoch, 4),
                    grad_norm=logs.get("grad_norm"),
                    tokens_per_s=round(tps, 1) if tps is not None else None,
                    elapsed_s=round(elapsed, 2),
                    eta_s=round(eta, 1) if eta is not None else None,
                    gpu_mem_gb=round(gpu, 3) if gpu is not None else None,
                    num_tokens=tokens,
                )
            if "eval_loss" in logs:
                ctx["eval_loss"] = logs["eval_loss"]
                ctx["eval_step"] = state.global_step
                writer.emit("eval", step=state.global_step, eval_loss=logs["eval_loss"])

        def on_save(self, args, state, control, **kwargs):
            path = Path(args.output_dir) / f"checkpoint-{state.global_step}"
            ctx["last_checkpoint"] = str(path)
            writer.emit("checkpoint", step=state.global_step, path=str(path))

    return [EventsCallback(), StopCallback()]


# ---- the job -----------------------------------------------------------------------------------


def _setup_logging(run_dir: Path, main_process: bool) -> list[logging.Handler]:
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


def _report_to(cfg: TrainConfig) -> list[str]:
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


def _distributed():
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
        report_to=_report_to(cfg),
        project="math-tutor-studio",  # trackio's project name
        disable_tqdm=True,
        dataloader_num_workers=0,
        push_to_hub=False,  # we push the adapter and its card ourselves (train.push)
        ddp_find_unused_parameters=False if int(os.environ.get("WORLD_SIZE", "1")) > 1 else None,
    )


def _trainer_class():
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


def run_job(cfg: TrainConfig, resume: bool = False) -> int:
    run_dir = Path(cfg.output_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    state = _distributed()
    main_process = state.is_main_process
    handlers = _setup_logging(run_dir, main_process)
    writer = EventWriter(run_dir / "events.jsonl", enabled=main_process)
    stop = StopFlag()
    stop.install()
    if main_process:
        (run_dir / "pid").write_text(str(os.getpid()))
        (run_dir / "config.yaml").write_text(cfg.to_yaml())
    ctx: dict = {"run_dir": str(run_dir), "model": cfg.model}
    try:
        result = _train(cfg, resume, writer, stop, state, ctx)
        return result
    except KeyboardInterrupt:
        log.warning("stopped by a second signal before a checkpoint could be saved")
        writer.emit(
            "stopped",
            step=ctx.get("step"),
            checkpoint=ctx.get("last_checkpoint"),
            adapter=None,
            reason="second signal: stopped at once",
        )
        return 1
    except ConfigError as exc:
        log.error("config error: %s", "; ".join(exc.problems))
        writer.emit("error", message="; ".join(exc.problems), traceback_tail="")
        return _EXIT_CONFIG
    except BaseException as exc:  # noqa: BLE001 - every failure ends in an `error` event
        log.exception("training failed")
        writer.error(exc)
        return 1
    finally:
        stop.restore()
        writer.close()
        for h in handlers:
            logging.getLogger().removeHandler(h)
            h.close()
        logging.captureWarnings(False)


def _train(cfg: TrainConfig, resume: bool, writer: EventWriter, stop: StopFlag, state, ctx: dict) -> int:

    from train.data import build_datasets
    from tutor.core.loading import ModelLoadError, explain_load_error, load_tokenizer
    from tutor.core.prompting import template_rejects_system

    prec = resolve_precision(cfg)
    for w in prec.warnings:
        warnings.warn(w, stacklevel=1)
    log.info("device %s, %s", prec.device, prec.label)
    from train.standard_model import ensure_standard_model

    ensure_standard_model(cfg.model)  # runs/.real-model, the default CPU recipe's base, made on first use
    info_model = inspect_model(cfg)  # meta device: unknown LoRA target modules fail here, before any weights
    if info_model.available:
        ctx["total_params"] = info_model.total_params
    try:
        tokenizer = load_tokenizer(cfg.model, revision=cfg.revision)
    except Exception as exc:  # noqa: BLE001 - e.g. offline and not cached: say so in one line
        raise ModelLoadError(explain_load_error(cfg.model, exc)) from exc
    tokenizer.padding_side = "right"
    fold = bool(tokenizer.chat_template) and template_rejects_system(tokenizer)
    if fold:
        log.info("the chat template rejects a system role: folding the system prompt into the user turn")
    train_ds, eval_ds, info = build_datasets(cfg, fold_system_prompt=fold)
    if eval_ds is not None:  # eval_size rows: kept in memory so each evaluation does not re-read the stream
        from datasets import Dataset

        eval_ds = Dataset.from_list(list(eval_ds))
    total_steps = cfg.total_steps()
    if total_steps is None:
        raise ValueError("the number of training steps is unknown: set max_steps or counts")

    model = load_base_model(cfg, prec, state)
    from train.targets import resolve

    targets = resolve(model, cfg.lora_target_modules)
    for line in targets.lines(cfg.quantization):
        log.info("%s", line)
    padding_free = resolve_padding_free(cfg, model)
    log.info(
        "fast path: %s",
        "padding-free (flattened batches, position_ids)"
        if padding_free
        else "packing"
        if cfg.packing
        else "dynamic padding to the longest in the batch",
    )
    sft_args = make_sft_config(
        cfg, prec, padding_free=padding_free, has_eval=eval_ds is not None, total_steps=total_steps
    )
    ctx.update(
        num_examples=info["num_examples"],
        eval_examples=info["eval_examples"] or None,
        precision=prec.label,
        device=prec.device,
        datasets=info["formats"],
        effective_batch_size=cfg.per_device_train_batch_size
        * cfg.gradient_accumulation_steps
        * state.num_processes,
        world_size=state.num_processes,
    )
    callbacks = _make_callbacks(writer, stop, ctx)
    Trainer = _trainer_class()
    trainer = Trainer(
        model=model,
        args=sft_args,
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        peft_config=lora_config(cfg, targets),
        callbacks=callbacks,
        truncate_to=cfg.max_length if padding_free and not cfg.packing else None,
    )
    peft_model = trainer.model
    fsdp_plugin = getattr(trainer.accelerator.state, "fsdp_plugin", None)
    if fsdp_plugin is not None:  # PEFT's wrap policy: LoRA layers get their own FSDP units
        from peft.utils.other import fsdp_auto_wrap_policy

        fsdp_plugin.auto_wrap_policy = fsdp_auto_wrap_policy(peft_model)
    ctx["trainable_params"] = sum(p.numel() for p in peft_model.parameters() if p.requires_grad)
    ctx.setdefault("total_params", sum(p.numel() for p in peft_model.parameters()))

    checkpoint = None
    if resume:
        ckdir = Path(sft_args.output_dir)
        checkpoint = last_complete_checkpoint(ckdir) if ckdir.exists() else None
        if checkpoint is None:
            log.warning("--resume: no checkpoint in %s, starting from the beginning", ckdir)
        else:
            log.info("resuming from %s", checkpoint)
    if stop.set:
        writer.emit("stopped", step=0, checkpoint=None, adapter=None, reason="signal before training started")
        return 0

    if checkpoint is not None and _checkpoint_step(checkpoint) >= total_steps:
        # Every step is already in the checkpoint (the job was killed after saving it): the
        # Trainer would take one step past max_steps on resume, so load it and finish instead.
        from transformers import TrainerState

        trainer._load_from_checkpoint(checkpoint)
        trainer.state = TrainerState.load_from_json(str(Path(checkpoint) / "trainer_state.json"))
        ctx["last_checkpoint"] = checkpoint
        log.info("%s already holds all %d steps: finishing without training", checkpoint, total_steps)
    else:
        trainer.train(resume_from_checkpoint=checkpoint)
    step = trainer.state.global_step
    ctx["step"] = step
    log.info("process %d of %d ended training at step %d", state.process_index, state.num_processes, step)

    adapter_dir = Path(cfg.output_dir) / "adapter"
    if stop.set and step < trainer.state.max_steps:  # a stop on the last step is just done
        save_adapter(trainer, tokenizer, cfg, adapter_dir, ctx, state)
        writer.emit(
            "stopped",
            step=step,
            total=trainer.state.max_steps,
            checkpoint=ctx.get("last_checkpoint"),
            adapter=str(adapter_dir),
            final_loss=ctx.get("final_loss"),
            reason=f"{signal.Signals(stop.signum).name} received",
        )
        return 0

    if eval_ds is not None and ctx.get("eval_step") != step:
        metrics = trainer.evaluate()  # the final eval loss (logged as an `eval` event by the callback)
        ctx["eval_loss"] = metrics.get("eval_loss")
    save_adapter(trainer, tokenizer, cfg, adapter_dir, ctx, state)
    pushed = None
    if cfg.push_to_hub and state.is_main_process:
        from train.push import push_adapter

        pushed = push_adapter(adapter_dir, cfg.hub_model_id, private=cfg.hub_private)
    writer.emit(
        "done",
        step=step,
        total=trainer.state.max_steps,
        final_loss=ctx.get("final_loss"),
        eval_loss=ctx.get("eval_loss"),
        adapter=str(adapter_dir),
        checkpoint=ctx.get("last_checkpoint"),
        pushed_to=pushed,
        runtime_s=round(time.time() - _T0, 2),
    )
    return 0


_T0 = time.time()


def last_complete_checkpoint(ckdir: Path) -> str | None:
    """The newest `checkpoint-N` whose save finished; a folder left by a kill mid-save is skipped.

    The Trainer writes trainer_state.json last, after the weights, optimizer and RNG state, so a
    folder without it is a save that never finished (`get_last_checkpoint` would pick it by name and
    the resume would fail). A folder that has it but is damaged afterwards is not skipped: loading
    it fails with a clear error, so nothing is silently thrown away.
    """
    found = []
    for p in ckdir.iterdir():
        m = re.fullmatch(r"checkpoint-(\d+)", p.name)
        if m and p.is_dir():
            found.append((int(m.group(1)), p))
    for _, p in sorted(found, reverse=True):
        if (p / "trainer_state.json").exists():
            return str(p)
        log.warning("skipping %s: its save did not finish (no trainer_state.json)", p.name)
    return None


def _checkpoint_step(checkpoint: str) -> int:
    """The optimizer step a `checkpoint-N` folder holds (its trainer_state.json, else its name)."""
    state_file = Path(checkpoint) / "trainer_state.json"
    try:
        return int(json.loads(state_file.read_text())["global_step"])
    except (OSError, ValueError, KeyError):
        return int(Path(checkpoint).name.rsplit("-", 1)[-1])


def save_adapter(trainer, tokenizer, cfg: TrainConfig, adapter_dir: Path, ctx: dict, state) -> None:
    """adapter_config.json + adapter_model.safetensors + tokenizer + README.md model card."""
    if getattr(trainer, "is_fsdp_enabled", False):
        trainer.accelerator.state.fsdp_plugin.set_state_dict_type("FULL_STATE_DICT")
    trainer.save_model(str(adapter_dir))  # PeftModel -> the adapter only (gathers shards under FSDP)
    if state.is_main_process:
        tokenizer.save_pretrained(str(adapter_dir))
        for stray in ("training_args.bin",):
            (adapter_dir / stray).unlink(missing_ok=True)
        from train.card import write_model_card

        write_model_card(adapter_dir, cfg, ctx)
        log.info("adapter saved to %s", adapter_dir)


if __name__ == "__main__":
    raise SystemExit(main())
