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
from pathlib import Path

from train.callbacks import _make_callbacks
from train.checkpoints import _checkpoint_step, last_complete_checkpoint, save_adapter
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
from train.plan import _env_true, distributed_plan, dry_run  # noqa: F401 - re-exported
from train.signals import StopFlag, _any_rank  # noqa: F401 - re-exported
from train.trainer_setup import (  # noqa: F401 - re-exported
    _distributed,
    _report_to,
    _setup_logging,
    _trainer_class,
    load_base_model,
    make_sft_config,
    resolve_padding_free,
)

log = logging.getLogger("train")


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


if __name__ == "__main__":
    raise SystemExit(main())
