"""`events.jsonl`: the run directory's event stream (schema: docs/train_events.md).

One JSON object per line, flushed per line. Every process run writes one `start` and exactly one
terminal event (`done`, `stopped` or `error`); `EventWriter` refuses a second terminal event.
"""

from __future__ import annotations

import json
import math
import os
import time
import traceback
from pathlib import Path

TERMINAL = ("done", "stopped", "error")
SCHEMA_VERSION = 1


def _clean(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def error_causes(exc: BaseException, limit: int = 8) -> list[str]:
    """The type names of the exceptions behind `exc` (`raise ... from`, or raised while handling),
    nearest first: a ModelLoadError's GatedRepoError, an OSError's OutOfMemoryError. The app
    classifies a failure from these names (tutor.jobs.run_status), never from the log's text."""
    names: list[str] = []
    seen = {id(exc)}
    cur = exc.__cause__ or exc.__context__
    while cur is not None and len(names) < limit and id(cur) not in seen:
        seen.add(id(cur))
        names.append(type(cur).__name__)
        cur = cur.__cause__ or cur.__context__
    return names


class EventWriter:
    def __init__(self, path: str | Path, enabled: bool = True):
        self.path = Path(path)
        self.enabled = enabled
        self.terminal: str | None = None
        self._fh = None
        if enabled:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a", encoding="utf-8", buffering=1)

    def emit(self, event: str, **fields) -> dict | None:
        if not self.enabled:
            return None
        if event in TERMINAL:
            if self.terminal is not None:
                return None
            self.terminal = event
        record = {"event": event, "time": round(time.time(), 3), **_clean(fields)}
        if event == "start":
            record["schema"] = SCHEMA_VERSION
        self._fh.write(json.dumps(record, default=str, allow_nan=False) + "\n")
        self._fh.flush()
        try:
            os.fsync(self._fh.fileno())
        except OSError:
            pass
        return record

    def error(self, exc: BaseException, tail_lines: int = 25) -> dict | None:
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        tail = "\n".join(tb.rstrip().splitlines()[-tail_lines:])
        message = f"{type(exc).__name__}: {exc}".strip()
        return self.emit(
            "error",
            type=type(exc).__name__,
            causes=error_causes(exc),
            message=message.splitlines()[0][:1000] if message else type(exc).__name__,
            traceback_tail=tail,
        )

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def read_events(path: str | Path) -> list[dict]:
    out = []
    p = Path(path)
    if not p.exists():
        return out
    for line in p.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass  # a line being written
    return out
