"""The trainer callbacks that write the run's events (start, step, eval, checkpoint) and stop it
at a step end when the stop flag is set (docs/train_events.md)."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

from train.events import EventWriter
from train.run_context import RunContext
from train.signals import StopFlag, any_rank


def make_callbacks(writer: EventWriter, stop: StopFlag, ctx: RunContext):
    """The events callback and the stop callback for one run (they fill `ctx` as it trains)."""
    import torch
    from transformers import TrainerCallback

    class StopCallback(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            if any_rank(stop.set):  # all ranks stop (and save) at the same step
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
            ctx.start_step = state.global_step
            total = state.max_steps
            writer.emit(
                "start",
                total_steps=total,
                num_examples=ctx.num_examples,
                eval_examples=ctx.eval_examples,
                trainable_params=ctx.trainable_params,
                total_params=ctx.total_params,
                model=ctx.model,
                precision=ctx.precision,
                device=ctx.device,
                started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                resumed_from_step=state.global_step or None,
                run_dir=ctx.run_dir,
                effective_batch_size=ctx.effective_batch_size,
                world_size=ctx.world_size,
                datasets=ctx.datasets,
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
                ctx.final_loss = logs["loss"]
                gpu = (torch.cuda.max_memory_allocated() / 1e9) if torch.cuda.is_available() else None
                n, eff = ctx.num_examples, ctx.effective_batch_size
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
                ctx.eval_loss = logs["eval_loss"]
                ctx.eval_step = state.global_step
                writer.emit("eval", step=state.global_step, eval_loss=logs["eval_loss"])

        def on_save(self, args, state, control, **kwargs):
            path = Path(args.output_dir) / f"checkpoint-{state.global_step}"
            ctx.last_checkpoint = str(path)
            writer.emit("checkpoint", step=state.global_step, path=str(path))

    return [EventsCallback(), StopCallback()]
