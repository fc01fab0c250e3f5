"""Where symbolic work runs: in the SymPy worker process it runs in place; in the app process it is
sent to the fair pool of workers (:mod:`tutor.math.client`) with a deadline, so no SymPy or
math-verify parsing ever runs (or hangs) in the app (issue 23).

Modules used on both sides (the grader :mod:`tutor.math.grading`, :mod:`tutor.math.answer_forms`)
call :func:`symbolic` for their symbolic steps; the worker marks its process at start
(:func:`mark_worker`). This is the one bridge from the worker side's code to the client: it is
taken only in the app process, never in the worker."""

from __future__ import annotations

import importlib
import logging

from tutor.math.process_role import in_worker, mark_worker

__all__ = ["symbolic", "mark_worker", "in_worker", "DEADLINE_S"]

log = logging.getLogger(__name__)

DEADLINE_S = 5.0  # one symbolic step of grading (a parse, a comparison)


def symbolic(target: str, *args, default=None, timeout: float | None = None):
    """``target`` ("tutor.module:function") applied to `args`: in place in the worker; through the
    pool from the app, `default` when it cannot finish in `timeout` s (:data:`DEADLINE_S`; or the
    pool refuses)."""
    if in_worker():
        module, _, function = target.partition(":")
        return getattr(importlib.import_module(module), function)(*args)
    import tutor.math.client as client

    limit = DEADLINE_S if timeout is None else timeout
    try:
        # the step's deadline also bounds its wait for a free worker: a busy pool costs the
        # grader this one step (its default), not the pool's minute-long wait
        return client.call(target, *args, timeout=limit, wait_s=limit)
    except client.Unsupported as exc:
        log.info("symbolic step %s gave up: %s", target, exc.reason)
        return default
