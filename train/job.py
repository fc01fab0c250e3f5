"""The training job: `python -m train --config RECIPE.yaml [--set key=value ...] [--dry-run] [--resume]`.

Loads the base model (4-bit NF4 + double quant, 8-bit or 16-bit) with the tutor.core.loading helpers,
prepares it for k-bit training, adds LoRA (PEFT) and trains with TRL's SFTTrainer on the
conversational prompt-completion format with `completion_only_loss=True` (loss on the assistant
reply only). The run directory (`output_dir`) is the contract with the UI; see
docs/train_events.md. Runs unchanged under `accelerate launch` (DDP, FSDP+QLoRA).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from train.callbacks import make_callbacks
from train.checkpoints import checkpoint_step, last_complete_checkpoint, save_adapter
from train.config import (
    ConfigError,
    TrainConfig,
    inspect_model,
    load_config,
    lora_config,
    resolve_precision,
)
from train.events import EventWriter
from train.plan import EXIT_CONFIG as _EXIT_CONFIG
from train.plan import distributed_plan, dry_run, env_true  # noqa: F401 - re-exported
from train.run_context import RunContext
from train.signals import StopFlag, any_rank  # noqa: F401 - re-exported
from train.trainer_setup import (  # noqa: F401 - re-exported
    distributed_state,
    load_base_model,
    make_sft_config,
    report_to,
    resolve_padding_free,
    setup_logging,
    trainer_class,
)

log = logging.getLogger("train")

# the names these had when they lived here (tests and bench_train use them; a test replaces
# `_make_callbacks` to add a callback, so the job calls it by this name)
_make_callbacks = make_callbacks
_trainer_class = trainer_class
_setup_logging = setup_logging
_distributed = distributed_state
_report_to = report_to
_checkpoint_step = checkpoint_step
_env_true = env_true
_any_rank = any_rank


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


# ---- signals -----------------------------------------------------------------------------------


# ---- callbacks ---------------------------------------------------------------------------------


# ---- the job -----------------------------------------------------------------------------------


@dataclass
class Job:
    """One process's run: its config, the process group, the events, the stop flag and what it
    learns (`ctx`). The steps below read and fill it instead of passing a dozen arguments."""

    cfg: TrainConfig
    resume: bool
    state: Any  # accelerate's PartialState
    writer: EventWriter
    stop: StopFlag
    ctx: RunContext

    @property
    def adapter_dir(self) -> Path:
        return Path(self.cfg.output_dir) / "adapter"


@dataclass
class Prepared:
    """The trainer and what the job's end needs of its set-up."""

    trainer: Any
    tokenizer: Any
    has_eval: bool
    total_steps: int
    checkpoint: str | None  # the checkpoint to resume from


def run_job(cfg: TrainConfig, resume: bool = False) -> int:
    run_dir = Path(cfg.output_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    state = distributed_state()
    main_process = state.is_main_process
    handlers = setup_logging(run_dir, main_process)
    writer = EventWriter(run_dir / "events.jsonl", enabled=main_process)
    stop = StopFlag()
    stop.install()
    if main_process:
        (run_dir / "pid").write_text(str(os.getpid()))
        (run_dir / "config.yaml").write_text(cfg.to_yaml())
    job = Job(cfg, resume, state, writer, stop, RunContext(run_dir=str(run_dir), model=cfg.model))
    try:
        return _train(job)
    except KeyboardInterrupt:
        log.warning("stopped by a second signal before a checkpoint could be saved")
        writer.emit(
            "stopped",
            step=job.ctx.step,
            checkpoint=job.ctx.last_checkpoint,
            adapter=None,
            reason="second signal: stopped at once",
        )
        return 1
    except ConfigError as exc:
        log.error("config error: %s", "; ".join(exc.problems))
        writer.emit(
            "error", type="ConfigError", causes=[], message="; ".join(exc.problems), traceback_tail=""
        )
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


def _train(job: Job) -> int:
    """Set up, train (or finish a run whose checkpoint holds every step), then save and report."""
    prepared = _prepare(job)
    if job.stop.set:
        job.writer.emit(
            "stopped", step=0, checkpoint=None, adapter=None, reason="signal before training started"
        )
        return 0
    _run_trainer(job, prepared)
    return _finish(job, prepared)


def _load_tokenizer_and_data(job: Job):
    """The tokenizer (right padding) and the train / eval datasets (eval kept in memory)."""
    from train.data import build_datasets
    from tutor.core.loading import ModelLoadError, explain_load_error, load_tokenizer
    from tutor.core.prompting import template_rejects_system

    cfg = job.cfg
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
    job.ctx.num_examples = info["num_examples"]
    job.ctx.eval_examples = info["eval_examples"] or None
    job.ctx.datasets = info["formats"]
    return tokenizer, train_ds, eval_ds


def _prepare(job: Job) -> Prepared:
    """Precision, the base model with LoRA targets, the data, the trainer and the resume point."""
    cfg, state, ctx = job.cfg, job.state, job.ctx
    prec = resolve_precision(cfg)
    for w in prec.warnings:
        warnings.warn(w, stacklevel=1)
    log.info("device %s, %s", prec.device, prec.label)
    from train.standard_model import ensure_standard_model

    ensure_standard_model(cfg.model)  # runs/.real-model, the default CPU recipe's base, made on first use
    info_model = inspect_model(cfg)  # meta device: unknown LoRA target modules fail here, before any weights
    if info_model.available:
        ctx.total_params = info_model.total_params
    tokenizer, train_ds, eval_ds = _load_tokenizer_and_data(job)
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
    ctx.precision, ctx.device = prec.label, prec.device
    ctx.effective_batch_size = (
        cfg.per_device_train_batch_size * cfg.gradient_accumulation_steps * state.num_processes
    )
    ctx.world_size = state.num_processes
    Trainer = trainer_class()
    trainer = Trainer(
        model=model,
        args=sft_args,
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        peft_config=lora_config(cfg, targets),
        callbacks=_make_callbacks(job.writer, job.stop, ctx),
        truncate_to=cfg.max_length if padding_free and not cfg.packing else None,
    )
    peft_model = trainer.model
    fsdp_plugin = getattr(trainer.accelerator.state, "fsdp_plugin", None)
    if fsdp_plugin is not None:  # PEFT's wrap policy: LoRA layers get their own FSDP units
        from peft.utils.other import fsdp_auto_wrap_policy

        fsdp_plugin.auto_wrap_policy = fsdp_auto_wrap_policy(peft_model)
    ctx.trainable_params = sum(p.numel() for p in peft_model.parameters() if p.requires_grad)
    if ctx.total_params is None:
        ctx.total_params = sum(p.numel() for p in peft_model.parameters())

    checkpoint = None
    if job.resume:
        ckdir = Path(sft_args.output_dir)
        checkpoint = last_complete_checkpoint(ckdir) if ckdir.exists() else None
        if checkpoint is None:
            log.warning("--resume: no checkpoint in %s, starting from the beginning", ckdir)
        else:
            log.info("resuming from %s", checkpoint)
    return Prepared(trainer, tokenizer, eval_ds is not None, total_steps, checkpoint)


def _run_trainer(job: Job, p: Prepared) -> None:
    trainer, checkpoint = p.trainer, p.checkpoint
    if checkpoint is not None and checkpoint_step(checkpoint) >= p.total_steps:
        # Every step is already in the checkpoint (the job was killed after saving it): the
        # Trainer would take one step past max_steps on resume, so load it and finish instead.
        from transformers import TrainerState

        trainer._load_from_checkpoint(checkpoint)
        trainer.state = TrainerState.load_from_json(str(Path(checkpoint) / "trainer_state.json"))
        job.ctx.last_checkpoint = checkpoint
        log.info("%s already holds all %d steps: finishing without training", checkpoint, p.total_steps)
    else:
        trainer.train(resume_from_checkpoint=checkpoint)
    job.ctx.step = trainer.state.global_step
    state = job.state
    log.info(
        "process %d of %d ended training at step %d", state.process_index, state.num_processes, job.ctx.step
    )


def _finish(job: Job, p: Prepared) -> int:
    """Save the adapter and write the terminal event: `stopped` on a signal before the last
    step, else `done` (after a final evaluation, and the push when asked)."""
    cfg, ctx, trainer, writer = job.cfg, job.ctx, p.trainer, job.writer
    step, adapter_dir = ctx.step or 0, job.adapter_dir
    if job.stop.set and step < trainer.state.max_steps:  # a stop on the last step is just done
        save_adapter(trainer, p.tokenizer, cfg, adapter_dir, ctx, job.state)
        writer.emit(
            "stopped",
            step=step,
            total=trainer.state.max_steps,
            checkpoint=ctx.last_checkpoint,
            adapter=str(adapter_dir),
            final_loss=ctx.final_loss,
            reason=f"{signal.Signals(job.stop.signum).name} received",
        )
        return 0

    if p.has_eval and ctx.eval_step != step:
        metrics = trainer.evaluate()  # the final eval loss (logged as an `eval` event by the callback)
        ctx.eval_loss = metrics.get("eval_loss")
    save_adapter(trainer, p.tokenizer, cfg, adapter_dir, ctx, job.state)
    pushed = None
    if cfg.push_to_hub and job.state.is_main_process:
        from train.push import push_adapter

        pushed = push_adapter(adapter_dir, cfg.hub_model_id, private=cfg.hub_private)
    writer.emit(
        "done",
        step=step,
        total=trainer.state.max_steps,
        final_loss=ctx.final_loss,
        eval_loss=ctx.eval_loss,
        adapter=str(adapter_dir),
        checkpoint=ctx.last_checkpoint,
        pushed_to=pushed,
        runtime_s=round(time.time() - _T0, 2),
    )
    return 0


_T0 = time.time()


if __name__ == "__main__":
    raise SystemExit(main())
