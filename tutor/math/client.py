"""The app process's side of the math core: every piece of symbolic work is a task for the fair pool
of SymPy workers (:mod:`tutor.math.pool`), with a deadline. This module imports no family, no
SymPy and no math-verify, so the app never runs (or even loads) the solver itself:

    client.solve(text)                    -> Solution (raises Unsupported / Timeout)
    client.call("tutor.mod:function", *a) -> what the function returns in the worker

The worker side is :mod:`tutor.math.solver` (the solver), :mod:`tutor.math.checking` (checks),
reached by name through :func:`call`."""

from __future__ import annotations

import atexit
import re

from tutor.math.parse import precheck
from tutor.math.problems import CAPABILITIES, Solution, Timeout, Unsupported

__all__ = [
    "CAPABILITIES",
    "Solution",
    "Unsupported",
    "Timeout",
    "solve",
    "call",
    "request",
    "shutdown",
    "precheck",
    "worker_process",
]


def solve(text: str, timeout: float = 5.0) -> Solution:
    """Solve ``text`` step by step in a worker. Raises :class:`Unsupported` for anything it
    cannot handle (:class:`Timeout` past `timeout` s)."""
    cleaned = precheck(text)
    status, payload = request(cleaned, timeout, "solve")
    if status == "ok" and isinstance(payload, Solution):
        return payload
    raise Unsupported(str(payload))


def call(target: str, *args, timeout: float = 5.0, wait_s: float | None = None):
    """Run ``target`` ("tutor.module:function", a function of this package) with ``args`` in a
    SymPy worker process, killed after ``timeout`` seconds (raises :class:`Timeout`).  The function
    may raise :class:`Unsupported`; any other exception becomes :class:`Unsupported` too.  Used by
    verification, hints, grading and answer checks so that no SymPy work can hang the app.
    `wait_s` bounds the wait for a free worker (the pool's own limit when None)."""
    if not isinstance(target, str) or not re.fullmatch(r"tutor(\.\w+)+:\w+", target):
        raise ValueError(f"not a tutor function: {target!r}")
    status, payload = request(("call", target, args), timeout, "check", wait_s=wait_s)
    if status == "ok":
        return payload
    raise Unsupported(str(payload))


def request(msg, timeout, what: str, wait_s: float | None = None):
    """One task through the fair pool (:mod:`tutor.math.pool`): queued behind other visitors'
    work by their share, charged to the calling visitor's budget, killed past `timeout`."""
    from tutor.math.pool import POOL

    try:
        timeout = float(timeout)
    except (TypeError, ValueError):
        timeout = 5.0
    if not timeout > 0:
        timeout = 5.0
    return POOL.run(msg, timeout, what, wait_s=wait_s)


def shutdown() -> None:
    """Stop the worker processes (safe to call many times; a later call restarts them)."""
    from tutor.math.pool import POOL

    POOL.shutdown()


atexit.register(shutdown)


def worker_process():
    """The process of the worker used last (None before the first call): for tests."""
    from tutor.math.pool import POOL

    return POOL.last_process()
