"""The fair pool of SymPy workers: every math call (solve, verify, check, grade, practice) runs
in one of a few killable worker processes (:class:`tutor.math.worker.Worker`), never in the app.

Why a pool with shares: one worker behind one lock let a stranger's slow problems (each running
to its time limit) make every other visitor wait behind them. Here

* there are `size` workers (by default the machine's cores, at least 2, at most 4; each is
  memory-capped by its RLIMIT_AS);
* a visitor (their client address, else their session) holds at most `share` workers at once;
  the others go to whoever waits, the visitor who has used the least worker time lately first
  (fair queuing: a flood of slow problems queues behind itself, not in front of a class);
* on a public app each visitor has a budget of worker seconds per minute, charged by the time
  the worker really spent on their calls (:class:`Budget`); over it, calls are refused with the
  time to come back (:class:`MathBusy`), until the window frees up;
* every call has a deadline: its own time limit (the worker is killed past it) and a bounded
  wait for a worker.

Who is calling is :data:`VISITOR` (a context variable the UI sets per request, see
:func:`bound`); unset (a local run, a CLI) means no share and no budget."""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import math
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass

from tutor.math.problems import Unsupported
from tutor.math.worker import Worker

__all__ = ["VISITOR", "Visitor", "Budget", "MathBusy", "Pool", "POOL", "bound", "as_visitor", "default_size"]


@dataclass(frozen=True)
class Visitor:
    """Who a math call is for: the browser session (or MCP client) and the client address."""

    session: str | None = None
    ip: str | None = None

    @property
    def share_key(self) -> str | None:
        return f"ip:{self.ip}" if self.ip else f"session:{self.session}" if self.session else None

    def keys(self) -> list[str]:
        return [k for k in (f"session:{self.session}" if self.session else None, self.share_key) if k]


VISITOR: contextvars.ContextVar[Visitor | None] = contextvars.ContextVar("tutor_math_visitor", default=None)


class MathBusy(Unsupported):
    """No worker for this visitor now: their budget is spent, or the pool stayed full past the
    wait limit. `retry_after_s` says when to come back."""

    def __init__(self, reason: str, retry_after_s: float = 10.0) -> None:
        super().__init__(reason)
        self.retry_after_s = retry_after_s

    def __reduce__(self):
        return (MathBusy, (self.reason, self.retry_after_s))


class Budget:
    """Seconds of worker time per `window_s`, per session and per client address."""

    def __init__(
        self,
        session_seconds: float = 20.0,
        ip_seconds: float = 40.0,
        window_s: float = 60.0,
        clock=time.monotonic,
        max_keys: int = 20000,
    ) -> None:
        self.session_seconds, self.ip_seconds, self.window_s = session_seconds, ip_seconds, window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._spent: OrderedDict[str, deque] = OrderedDict()
        self.max_keys = max_keys

    def _limit(self, key: str) -> float:
        return self.session_seconds if key.startswith("session:") else self.ip_seconds

    def _window(self, key: str, now: float) -> deque:
        q = self._spent.get(key)
        if q is None:
            q = self._spent[key] = deque()
            while len(self._spent) > self.max_keys:
                self._spent.popitem(last=False)
        else:
            self._spent.move_to_end(key)
        while q and q[0][0] <= now - self.window_s:
            q.popleft()
        return q

    def used(self, key: str | None) -> float:
        if not key:
            return 0.0
        with self._lock:
            return sum(s for _, s in self._window(key, self._clock()))

    def retry_after(self, visitor: Visitor | None) -> float:
        """0 when `visitor` may start a call now; else the seconds until their budget frees up."""
        if visitor is None:
            return 0.0
        wait = 0.0
        with self._lock:
            now = self._clock()
            for key in visitor.keys():
                q, limit = self._window(key, now), self._limit(key)
                used = sum(s for _, s in q)
                if used < limit:
                    continue
                freed = 0.0
                for t, s in q:  # the oldest charges leave the window first
                    freed += s
                    if used - freed < limit:
                        wait = max(wait, t + self.window_s - now)
                        break
        return wait

    def charge(self, visitor: Visitor | None, seconds: float) -> None:
        if visitor is None:
            return
        with self._lock:
            now = self._clock()
            for key in visitor.keys():
                self._window(key, now).append((now, max(0.0, float(seconds))))


def default_size() -> int:
    try:
        return max(1, int(os.environ["TUTOR_MATH_WORKERS"]))
    except (KeyError, ValueError):
        return max(2, min(os.cpu_count() or 2, 4))


class Pool:
    def __init__(self, size: int | None = None, share: int | None = None, wait_s: float = 60.0) -> None:
        self.size = size or default_size()
        self.share = share or max(1, self.size // 3)
        self.wait_s = wait_s
        self.budget: Budget | None = None  # set for a public app (see tutor.ui.gate)
        self._cond = threading.Condition()
        self._workers = [Worker(f"symbolic-tutor-worker-{i}") for i in range(self.size)]
        self._idle: list[Worker] = list(self._workers)
        self._in_use: dict[str | None, int] = {}
        self._waiting: list[tuple[int, str | None]] = []
        self._seq = itertools.count()
        self._last: Worker | None = None
        self._warmed = False
        self.prewarm = False  # a public app (tutor.ui.gate) sets it

    # -- choosing who goes next -------------------------------------------------------------

    def _next_ticket(self) -> int | None:
        """The waiting call to serve next: among visitors under their share, the one holding the
        fewest workers, then the one who used the least worker time lately, then the oldest."""
        best, best_rank = None, None
        for seq, key in self._waiting:
            held = self._in_use.get(key, 0)
            if key is not None and held >= self.share:
                continue
            used = self.budget.used(key) if self.budget is not None and key else 0.0
            rank = (held, used, seq)
            if best_rank is None or rank < best_rank:
                best, best_rank = seq, rank
        return best

    def _acquire(self, key: str | None, deadline: float) -> Worker:
        with self._cond:
            seq = next(self._seq)
            self._waiting.append((seq, key))
            try:
                while True:
                    if self._idle and self._next_ticket() == seq:
                        warm = [w for w in self._idle if w.proc is not None]
                        worker = warm[-1] if warm else self._idle[-1]
                        self._idle.remove(worker)
                        self._in_use[key] = self._in_use.get(key, 0) + 1
                        return worker
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise MathBusy(
                            "The maths solver is busy with other students' problems; please "
                            "try again in a minute.",
                            30.0,
                        )
                    self._cond.wait(min(left, 1.0))
            finally:
                self._waiting.remove((seq, key))
                self._cond.notify_all()

    def _release(self, worker: Worker, key: str | None) -> None:
        with self._cond:
            n = self._in_use.get(key, 0) - 1
            if n > 0:
                self._in_use[key] = n
            else:
                self._in_use.pop(key, None)
            self._idle.append(worker)
            self._cond.notify_all()

    # -- running ------------------------------------------------------------------------------

    def run(self, msg, timeout: float, what: str, wait_s: float | None = None):
        visitor = VISITOR.get()
        if self.budget is not None and visitor is not None:
            wait = self.budget.retry_after(visitor)
            if wait > 0:
                raise MathBusy(
                    f"You have used this app's maths time for this minute "
                    f"({self.budget.session_seconds:g} s of solver time per minute). Try again "
                    f"in {math.ceil(wait)} s.",
                    wait,
                )
        key = visitor.share_key if visitor is not None else None
        wait = self.wait_s if wait_s is None else max(0.0, min(float(wait_s), self.wait_s))
        worker = self._acquire(key, time.monotonic() + wait)
        if self.prewarm and not self._warmed:  # a public app's first call: start the other
            self._warmed = True  # workers meanwhile (not at app start: it slows the launch)
            self.warm()
        started = time.monotonic()
        try:
            self._last = worker
            return worker.ask(msg, timeout, what)
        finally:
            if worker.proc is None:  # killed past its time limit: restarted before anyone else
                # gets it (a cold start takes seconds), in the background, still on the share
                # and the budget of whoever killed it; the caller gets its answer now
                threading.Thread(
                    target=self._restart, args=(worker, visitor, key, started), daemon=True
                ).start()
            else:
                if self.budget is not None:
                    self.budget.charge(visitor, time.monotonic() - started)
                self._release(worker, key)

    def _restart(self, worker: Worker, visitor: Visitor | None, key: str | None, started: float) -> None:
        try:
            worker.ensure()
        except Unsupported:
            pass
        finally:
            if self.budget is not None:
                self.budget.charge(visitor, time.monotonic() - started)
            self._release(worker, key)

    def warm(self) -> None:
        """Start the idle workers now, in the background (a public app: the first visitors do
        not wait for a cold start)."""

        def start() -> None:
            for _ in range(self.size):
                with self._cond:  # take a cold worker out, so no caller starts it too
                    cold = [w for w in self._idle if w.proc is None]
                    if not cold:
                        return
                    self._idle.remove(cold[0])
                try:
                    cold[0].ensure()
                except Unsupported:
                    pass
                finally:
                    with self._cond:
                        self._idle.append(cold[0])
                        self._cond.notify_all()

        threading.Thread(target=start, name="math-pool-warm", daemon=True).start()

    def busy(self) -> int:
        with self._cond:
            return self.size - len(self._idle)

    def last_process(self):
        return self._last.proc if self._last is not None else None

    def shutdown(self) -> None:
        """Stop every idle worker (busy ones are killed by their callers' deadlines)."""
        with self._cond:
            idle = list(self._idle)
        for worker in idle:
            worker.stop()


POOL = Pool()


@contextlib.contextmanager
def as_visitor(visitor: Visitor | None):
    """Math calls inside the block are `visitor`'s."""
    token = VISITOR.set(visitor)
    try:
        yield
    finally:
        VISITOR.reset(token)


def bound(visitor: Visitor | None, items: Iterator):
    """`items` (a generator of replies) with every step run as `visitor`'s: Gradio runs each
    step of a streaming handler in a fresh copy of the context, so a variable set once would not
    reach the later steps (where the checks under a reply run)."""
    try:
        while True:
            token = VISITOR.set(visitor)
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                VISITOR.reset(token)
            yield item
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()
