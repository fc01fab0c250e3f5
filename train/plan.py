"""The dry run's plan (`python -m train --dry-run`): the resolved config, device and precision,
the trainable parameters, the distributed set-up `accelerate launch` gave the job, the steps and
the data checks; nothing is loaded, nothing trained."""

from __future__ import annotations

import os
import sys

from train.config import ConfigError, Precision, TrainConfig, inspect_model, resolve_precision

EXIT_CONFIG = 2  # the exit status of a config error


def env_true(name: str, default: str = "false") -> bool:
    """An environment variable (set by accelerate launch) is "true"."""
    return os.environ.get(name, default).strip().lower() == "true"


def distributed_plan(cfg: TrainConfig, prec: Precision) -> tuple[list[str], list[str]]:
    """What `accelerate launch` set up (read from the environment it gives the job): lines for the
    dry run, and the problems that would break the run under FSDP + QLoRA."""
    world = cfg.world_size()
    if not env_true("ACCELERATE_USE_FSDP"):
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
        if env_true("FSDP_USE_ORIG_PARAMS"):
            problems.append(
                "FSDP + QLoRA needs fsdp_use_orig_params: false (frozen 4-bit weights and "
                "trainable LoRA weights in one flat parameter)"
            )
    elif cfg.quantization == "8bit":
        problems.append("FSDP shards 4-bit bitsandbytes weights only: use quantization 4bit or none")
    if env_true("FSDP_CPU_RAM_EFFICIENT_LOADING") and not env_true("FSDP_SYNC_MODULE_STATES"):
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
        return EXIT_CONFIG
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
        return EXIT_CONFIG
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
