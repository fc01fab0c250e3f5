"""What a training run learns as it goes, in one typed place: filled by the job's set-up, updated
by the trainer callbacks (loss, checkpoints), read by the events and the model card."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class RunContext:
    """What the run knows so far (see the module docstring)."""

    run_dir: str
    model: str
    # known once the data and the model are set up
    num_examples: int | None = None
    eval_examples: int | None = None
    total_params: int | None = None
    trainable_params: int | None = None
    precision: str | None = None
    device: str | None = None
    datasets: list | None = None
    effective_batch_size: int | None = None
    world_size: int | None = None
    # updated while training
    start_step: int = 0
    step: int | None = None
    final_loss: float | None = None
    eval_loss: float | None = None
    eval_step: int | None = None
    last_checkpoint: str | None = None

    def card_fields(self) -> dict:
        """The fields as a mapping (the model card reads precision, steps and losses from it)."""
        return asdict(self)
