"""A run's status as the job's files tell it: the state of its latest launch, its progress from
the events, and a plain hint for a failure."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

ACTIVE = ("queued", "running")
FINISHED = ("done", "stopped", "failed")
KILLED_MESSAGE = "the process ended without a final event — killed?"


OOM_HINT = (
    "Out of memory: try a smaller per_device_train_batch_size or max_length (raise "
    "gradient_accumulation_steps to keep the effective batch), or 4-bit quantization."
)
GATED_HINT = (
    "The model or dataset is gated or needs a login: accept its licence on the Hub and set "
    "HF_TOKEN in the environment the app runs in."
)
MISSING_HINT = (
    "A file or Hub repo could not be found or fetched: check the model id / data path, "
    "or the network (HF_HUB_OFFLINE=1 needs everything in the cache)."
)
KILLED_HINT = (
    "The process was killed (by a signal, the system's out-of-memory killer, or a restart "
    "of the machine). Resume continues from the last checkpoint."
)
CONFIG_HINT = "The config was refused: fix the keys named above."

# (exception class names, hint), first match wins; the names the training CLI records in its
# `error` event (`type` and `causes`, train/events.py), so a hint never rests on the log's text
FAILURE_HINTS: list[tuple[frozenset[str], str]] = [
    (frozenset({"OutOfMemoryError", "OutOfMemory"}), OOM_HINT),
    (frozenset({"GatedRepoError", "DisabledRepoError"}), GATED_HINT),
    (
        frozenset(
            {
                "FileNotFoundError",
                "IsADirectoryError",
                "NotADirectoryError",
                "RepositoryNotFoundError",
                "RevisionNotFoundError",
                "EntryNotFoundError",
                "RemoteEntryNotFoundError",
                "LocalEntryNotFoundError",
                "DatasetNotFoundError",
                "DataFilesNotFoundError",
                "OfflineModeIsEnabled",
                "ConnectionError",
                "ConnectError",
                "ConnectTimeout",
                "ReadTimeout",
                "TimeoutException",
            }
        ),
        MISSING_HINT,
    ),
    (frozenset({"ConfigError", "InvalidConfig"}), CONFIG_HINT),
]


def failure_hint(error_event: dict | None, killed: bool = False) -> str:
    """A plain hint for a failed run, chosen by the types of its `error` event (the exception and
    the ones behind it) or by its process having ended without one (`killed`); "" when unknown."""
    if killed:
        return KILLED_HINT
    event = error_event or {}
    causes = event.get("causes") if isinstance(event.get("causes"), list) else []
    names = {str(n) for n in [event.get("type"), *causes] if n}
    for types, hint in FAILURE_HINTS:
        if names & types:
            return hint
    return ""


@dataclass
class RunStatus:
    run_id: str
    run_dir: str
    recipe: str = ""
    state: str = "queued"
    step: int | None = None
    total: int | None = None
    loss: float | None = None
    eval_loss: float | None = None
    eta_s: float | None = None
    tokens_per_s: float | None = None
    gpu_mem_gb: float | None = None
    lr: float | None = None
    epoch: float | None = None
    started: float | None = None
    ended: float | None = None
    final_loss: float | None = None
    error: str | None = None
    hint: str = ""
    pid: int | None = None
    checkpoint: str | None = None
    adapter: str | None = None
    adapter_loaded: str | None = None  # the name the app's registry loaded the adapter as
    adapter_note: str | None = None  # why it was not loaded (another base, no model, ...)
    launches: int = 0
    losses: list[tuple[int, float]] = field(default_factory=list)
    eval_losses: list[tuple[int, float]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def duration_s(self) -> float | None:
        if self.started is None:
            return None
        return max(0.0, (self.ended if self.ended is not None else time.time()) - self.started)

    def to_dict(self) -> dict:
        """The run's status as `/train_status` returns it."""
        return {
            "run_id": self.run_id,
            "state": self.state,
            "step": self.step,
            "total": self.total,
            "loss": self.loss,
            "eval_loss": self.eval_loss,
            "eta": self.eta_s,
            "tokens_per_s": self.tokens_per_s,
            "gpu_mem_gb": self.gpu_mem_gb,
            "error": self.error,
            "hint": self.hint or None,
            "adapter": self.adapter,
            "checkpoint": self.checkpoint,
            "run_dir": self.run_dir,
            "duration_s": round(self.duration_s, 1) if self.duration_s is not None else None,
        }


def derive_state(events: list[dict], alive: bool) -> tuple[str, str | None]:
    """(state, error) from one launch's events and whether its process is alive."""
    terminal = next((e for e in reversed(events) if e.get("event") in ("done", "stopped", "error")), None)
    if terminal is not None:
        kind = terminal["event"]
        if kind == "error":
            return "failed", terminal.get("message") or "the job reported an error"
        return kind, None
    if alive:
        return ("running" if any(e.get("event") == "start" for e in events) else "queued"), None
    return "failed", KILLED_MESSAGE


def fold_events(status: RunStatus, events: list[dict]) -> None:
    """Progress fields from events (all launches; later events win, e.g. after a resume)."""
    losses = dict(status.losses)
    evals = dict(status.eval_losses)
    for e in events:
        kind = e.get("event")
        if kind == "start":
            status.total = e.get("total_steps", status.total)
            if status.started is None:
                status.started = e.get("time")
        elif kind == "step":
            status.step, status.total = e.get("step"), e.get("total", status.total)
            status.loss, status.lr, status.epoch = e.get("loss"), e.get("lr"), e.get("epoch")
            status.eta_s, status.tokens_per_s = e.get("eta_s"), e.get("tokens_per_s")
            status.gpu_mem_gb = e.get("gpu_mem_gb")
            if status.step is not None and status.loss is not None:
                losses[status.step] = status.loss
        elif kind == "eval":
            status.eval_loss = e.get("eval_loss")
            if e.get("step") is not None and status.eval_loss is not None:
                evals[e["step"]] = status.eval_loss
        elif kind == "checkpoint":
            status.checkpoint = e.get("path")
        elif kind in ("done", "stopped"):
            status.final_loss = e.get("final_loss", status.loss)
            if e.get("step") is not None:
                status.step = e["step"]
            if kind == "done":
                status.eta_s = 0
            if e.get("adapter"):
                status.adapter = e["adapter"]
    status.losses = sorted(losses.items())
    status.eval_losses = sorted(evals.items())
