"""Small per-session memory on a public app, and sessions forgotten when idle (issue 23, item 3).

Gradio keeps one `SessionState` per browser session. On creation it snapshots the page config of
EVERY block (`config_values`, ~1.5 KB a block; this app has ~300, the teacher tabs' hidden ones
included): ~0.47 MB per session, for a snapshot Gradio reads only to save a deep link. A stranger
opening fresh sessions (one event each) grew memory by that much per session, and sessions were
evicted only by count. Here, per app (the app's own `StateHolder` instance, nothing global):

* `LeanSession` computes a block's config only when a deep link asks for it, keeping only the
  blocks a handler replaced: a visitor's session holds the values it really changed, so teacher
  tabs cost a visitor nothing (and neither does any other block it never touched);
* `LeanHolder` forgets sessions idle for longer than `max_idle_s` (`--session-idle-minutes`),
  besides Gradio's count cap (`state_session_capacity`). Sessions are kept in last-use order,
  so the check looks only at the oldest ones.

Both depend on Gradio's `gradio.state_holder` (pinned by tests/test_gradio_internals.py).
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Iterator
from copy import copy
from typing import Any

from gradio.state_holder import SessionState, StateHolder

__all__ = ["LeanSession", "LeanHolder", "install"]


class LeanSession(SessionState):
    """A `SessionState` whose page-config snapshot is made on demand (same `components`)."""

    def __init__(self, blocks, base_ids: tuple[int, ...] | None = None) -> None:
        # deliberately not SessionState.__init__ (the snapshot); `base_ids`: the blocks whose
        # config a deep link shows, shared by all sessions (LeanHolder computes it once)
        self.blocks_config = copy(blocks.default_config)
        self._base_ids = base_ids if base_ids is not None else _base_ids(blocks)
        self.config_values: dict[int, Any] = {}  # the blocks this session changed
        self.state_data: dict[int, Any] = {}
        self._state_ttl: dict[int, Any] = {}
        self.is_closed = False
        self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600

    @property
    def components(self) -> Iterator[dict]:
        seen = set()
        for key in self._base_ids:
            seen.add(key)
            config = self.config_values.get(key)
            if config is None:
                block = self.blocks_config.blocks.get(key)
                config = self.blocks_config.config_for_block(key, [], block) if block is not None else None
            if config:
                yield config
        for key, config in list(self.config_values.items()):
            if key not in seen and config:
                yield config


def _base_ids(blocks) -> tuple[int, ...]:
    return tuple(k for k in blocks.default_config.blocks if k in blocks.blocks)


class LeanHolder(StateHolder):
    """A `StateHolder` of `LeanSession`s that also forgets sessions idle past `max_idle_s`."""

    max_idle_s: float = 0.0  # 0: only the count cap
    clock = staticmethod(time.monotonic)
    last_used: dict[str, float]  # set by `install`

    def __getitem__(self, session_id: str) -> SessionState:
        with self.lock:
            if session_id not in self.session_data:
                self.session_data[session_id] = LeanSession(self.blocks, self._shared_ids())
            self.last_used[session_id] = self.clock()
        self.update(session_id)
        self.time_last_used[session_id] = datetime.datetime.now()
        return self.session_data[session_id]

    def _shared_ids(self) -> tuple[int, ...]:
        config = self.blocks.default_config
        key = (id(config), len(config.blocks))
        if getattr(self, "_ids_key", None) != key:
            self._ids_key, self._ids = key, _base_ids(self.blocks)
        return self._ids

    def update(self, session_id: str) -> None:
        with self.lock:
            if session_id in self.session_data:
                self.session_data.move_to_end(session_id)
            while len(self.session_data) > self.capacity:  # Gradio's count cap
                evicted, _ = self.session_data.popitem(last=False)
                self.time_last_used.pop(evicted, None)
                self.last_used.pop(evicted, None)
        self.forget_idle()

    def forget_idle(self) -> int:
        """Drop the sessions idle longer than `max_idle_s` (oldest first); how many went."""
        if self.max_idle_s <= 0:
            return 0
        cutoff = self.clock() - self.max_idle_s
        gone = 0
        with self.lock:
            while self.session_data:
                oldest = next(iter(self.session_data))
                if self.last_used.get(oldest, cutoff) > cutoff:
                    break
                self.session_data.pop(oldest)
                self.time_last_used.pop(oldest, None)
                self.last_used.pop(oldest, None)
                gone += 1
        return gone


def install(demo, max_idle_s: float) -> StateHolder:
    """Make the running app's state holder lean (call after `launch(prevent_thread_lock=True)`);
    the sessions already made stay as they are."""
    holder = demo.state_holder
    with holder.lock:
        holder.last_used = dict.fromkeys(holder.session_data, LeanHolder.clock())
        holder.__class__ = LeanHolder
    holder.max_idle_s = float(max_idle_s)
    return holder
