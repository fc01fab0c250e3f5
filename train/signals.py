"""Stopping a run cleanly: SIGTERM/SIGINT set a flag that the trainer turns into a checkpoint,
the adapter and a stop at the end of the step, on every rank at the same step."""

from __future__ import annotations

import logging
import signal

log = logging.getLogger("train")


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


def any_rank(flag: bool) -> bool:
    """True if `flag` is set on any process (a no-op without torch.distributed)."""
    import torch
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return flag
    device = torch.device("cuda", torch.cuda.current_device()) if torch.cuda.is_available() else "cpu"
    t = torch.tensor([1 if flag else 0], device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())
