"""Reading a run directory while the job writes it: events.jsonl incrementally, the end of a log,
and whether the job's process is still alive."""

from __future__ import annotations

import json
from pathlib import Path


class EventTail:
    """Reads events.jsonl incrementally: only the bytes added since the last call.

    A partial last line (being written) is kept for the next call; a file that shrank (rewritten)
    is read again from the start."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.offset = 0
        self.events: list[dict] = []
        self.offsets: list[int] = []  # the byte offset each event starts at
        self._partial = b""

    def read(self) -> list[dict]:
        """New events since the last call."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return []
        if size < self.offset:
            self.offset, self.events, self.offsets, self._partial = 0, [], [], b""
        if size == self.offset:
            return []
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            chunk = f.read(size - self.offset)
        start = self.offset - len(self._partial)
        data = self._partial + chunk
        self.offset += len(chunk)
        new = []
        *lines, self._partial = data.split(b"\n")
        for line in lines:
            line_start = start
            start += len(line) + 1
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            if isinstance(event, dict):
                new.append(event)
                self.events.append(event)
                self.offsets.append(line_start)
        return new

    def since(self, offset: int) -> list[dict]:
        """Events that start at or after byte `offset` (those of the launch made at that size)."""
        return [e for e, o in zip(self.events, self.offsets) if o >= offset]


def tail_text(path: str | Path, lines: int = 40, max_bytes: int = 64 * 1024) -> str:
    p = Path(path)
    try:
        size = p.stat().st_size
        with open(p, "rb") as f:
            f.seek(max(0, size - max_bytes))
            data = f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(data.splitlines()[-lines:])


def pid_alive(pid: int | None) -> bool:
    """True while `pid` runs (a zombie, or a reused pid of a program that is not the job, counts as dead)."""
    import psutil

    if not pid or pid <= 0:
        return False
    try:
        proc = psutil.Process(pid)
        if proc.status() in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD):
            return False
        cmdline = " ".join(proc.cmdline())
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # someone else's process: it exists, its command line is not ours to read
    return "python" in cmdline or "train" in cmdline  # else the pid was reused by another program
