"""The lock of a loaded model: first come, first served, and it knows who waits.

The generation core holds it while rows run and lets newcomers join the running batch between
steps; an adapter load or an evaluation that asks for the model meanwhile must not wait for a
class's endless stream of newcomers. So the core stops taking newcomers while anyone waits
(:attr:`ModelLock.waiting`), and the waiter goes next, in the order it asked (a plain
``threading.Lock`` wakes whoever happens to grab it first)."""

from __future__ import annotations

import threading
from collections import deque

__all__ = ["ModelLock"]


class ModelLock:
    """A FIFO lock with the usual ``acquire``/``release``/``with`` interface."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._held = False
        self._queue: deque[object] = deque()

    @property
    def waiting(self) -> int:
        """How many callers wait for the model now."""
        return len(self._queue)

    def locked(self) -> bool:
        return self._held

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        with self._cond:
            if not self._held and not self._queue:
                self._held = True
                return True
            if not blocking:
                return False
            me = object()
            self._queue.append(me)
            ok = self._cond.wait_for(
                lambda: not self._held and self._queue[0] is me,
                None if timeout is None or timeout < 0 else timeout,
            )
            if ok:
                self._queue.popleft()
                self._held = True
            else:
                self._queue.remove(me)
                self._cond.notify_all()  # the next in line may be first now
            return ok

    def release(self) -> None:
        with self._cond:
            if not self._held:
                raise RuntimeError("release of an unlocked ModelLock")
            self._held = False
            self._cond.notify_all()

    def __enter__(self) -> ModelLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
