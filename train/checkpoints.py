"""The run's saved state: the newest complete checkpoint to resume from, and the adapter folder
(weights, tokenizer, model card) written at the end or on a stop."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from train.config import TrainConfig
from train.run_context import RunContext

log = logging.getLogger("train")


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


def checkpoint_step(checkpoint: str) -> int:
    """The optimizer step a `checkpoint-N` folder holds (its trainer_state.json, else its name)."""
    state_file = Path(checkpoint) / "trainer_state.json"
    try:
        return int(json.loads(state_file.read_text())["global_step"])
    except (OSError, ValueError, KeyError):
        return int(Path(checkpoint).name.rsplit("-", 1)[-1])


def save_adapter(trainer, tokenizer, cfg: TrainConfig, adapter_dir: Path, ctx: RunContext, state) -> None:
    """adapter_config.json + adapter_model.safetensors + tokenizer + README.md model card."""
    if getattr(trainer, "is_fsdp_enabled", False):
        trainer.accelerator.state.fsdp_plugin.set_state_dict_type("FULL_STATE_DICT")
    trainer.save_model(str(adapter_dir))  # PeftModel -> the adapter only (gathers shards under FSDP)
    if state.is_main_process:
        tokenizer.save_pretrained(str(adapter_dir))
        for stray in ("training_args.bin",):
            (adapter_dir / stray).unlink(missing_ok=True)
        from train.card import write_model_card

        write_model_card(adapter_dir, cfg, ctx.card_fields())
        log.info("adapter saved to %s", adapter_dir)
