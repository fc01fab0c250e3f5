"""The killable SymPy worker: a persistent *spawn* process (:class:`Worker`) that runs the solver
and the checks (:func:`call`), killed and restarted when a task runs past its time limit, with a
memory cap (RLIMIT_AS 3 GiB). :mod:`tutor.math.pool` holds several and shares them fairly; the caller's side
(:func:`call`, :func:`solve`) is :mod:`tutor.math.client`, the solver it runs :mod:`tutor.math.solver`.
It does not re-import the program's main script (see
:func:`_install_spawn_patch`), so it never loads torch or the app. No SymPy in the caller.

(pebble's ProcessPool was considered: it gives per-task timeouts, but its spawn workers would
still re-import the app's main module, so the spawn patch, the warm-up and the memory cap would
stay; the hand-made worker is kept.)"""

from __future__ import annotations

import multiprocessing as mp
import threading

from tutor.math.problems import Timeout, Unsupported

__all__ = ["Worker"]

_WORKER_START_TIMEOUT = 90.0


class Worker:
    """One spawned SymPy process: started on first use, killed on a timeout or a crash (the next
    call starts a fresh one). Not thread-safe: the pool (:mod:`tutor.math.pool`) gives each
    worker to one caller at a time."""

    def __init__(self, name: str = "symbolic-tutor-worker") -> None:
        self.name = name
        self.proc = None
        self.conn = None

    def kill(self) -> None:
        proc, conn = self.proc, self.conn
        self.proc = self.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass
        if proc is not None:
            try:
                if proc.is_alive():
                    proc.kill()
                proc.join(timeout=5)
            except Exception:
                pass

    def stop(self) -> None:
        if self.conn is not None and self.proc is not None and self.proc.is_alive():
            try:
                self.conn.send(None)
                self.proc.join(timeout=2)
            except Exception:
                pass
        self.kill()

    def ensure(self):
        if self.proc is not None and self.proc.is_alive() and self.conn is not None:
            return self.conn
        self.kill()
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_worker_main, args=(child,), name=self.name, daemon=True)
        _install_spawn_patch()
        _tls.skip_main = True
        try:
            proc.start()
        finally:
            _tls.skip_main = False
        child.close()
        self.proc, self.conn = proc, parent
        try:
            ok = parent.poll(_WORKER_START_TIMEOUT) and parent.recv() == ("ready", None)
        except (EOFError, OSError):
            ok = False
        if not ok:
            self.kill()
            raise Unsupported("The offline maths solver could not start.")
        return parent

    def ask(self, msg, timeout: float, what: str):
        """Send one task and wait up to `timeout` s for its answer (killed past it)."""
        conn = self.ensure()
        try:
            conn.send(msg)
            ready = conn.poll(timeout)
        except (EOFError, OSError, BrokenPipeError):
            self.kill()
            raise Unsupported("The maths solver crashed on that input.") from None
        if not ready:
            self.kill()
            if what == "solve":
                raise Timeout(f"That problem took too long to solve (more than {timeout:g} s).")
            raise Timeout(f"The check took too long (more than {timeout:g} s).")
        try:
            return conn.recv()
        except Exception:
            self.kill()
            raise Unsupported("The maths solver crashed on that input.") from None


_tls = threading.local()


def _install_spawn_patch() -> None:
    """Make *our* worker skip re-importing the app's ``__main__`` module.

    A spawn child normally re-runs the parent's main script (as ``__mp_main__``), which would
    re-import torch/gradio app code in the worker, or even recurse if the script has no
    ``if __name__ == "__main__"`` guard.  The worker only needs ``tutor.math.solver``, so while we
    start it (flag set on this thread only) the main-module entries are dropped from the
    preparation data.  Other users of multiprocessing are unaffected.
    """
    from multiprocessing import spawn

    if getattr(spawn.get_preparation_data, "_tutor_symbolic_patch", False):
        return
    original = spawn.get_preparation_data

    def get_preparation_data(name):
        data = original(name)
        if getattr(_tls, "skip_main", False):
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    get_preparation_data._tutor_symbolic_patch = True
    spawn.get_preparation_data = get_preparation_data


def _dispatch(msg):
    from tutor.math.solver import MAX_SOLUTION_CHARS, solve_here

    if isinstance(msg, tuple) and len(msg) == 3 and msg[0] == "call":
        import importlib

        mod, _, fn = msg[1].partition(":")
        return getattr(importlib.import_module(mod), fn)(*msg[2])
    solution = solve_here(msg)
    size = len(solution.to_markdown())
    if size > MAX_SOLUTION_CHARS:  # e.g. expand (x+y)^5000: 5001 terms teach nothing
        raise Unsupported(
            f"The result is too large to show step by step ({size:,} characters of "
            f"LaTeX). Try a smaller version of the problem."
        )
    return solution


def _worker_main(conn) -> None:  # runs in the spawned worker process
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = 3 * 1024**3
        if hard == resource.RLIM_INFINITY or hard > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except Exception:
        pass
    import sys

    sys.setrecursionlimit(4000)
    from tutor.math.process_role import mark_worker

    mark_worker()  # the grader's symbolic steps run here, not through the pool
    from tutor.math.solver import solve_here

    solve_here("1+1")  # warm up imports
    conn.send(("ready", None))
    while True:
        try:
            text = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if text is None:
            return
        try:
            msg = ("ok", _dispatch(text))
        except Unsupported as exc:
            msg = ("unsupported", exc.reason)
        except MemoryError:
            msg = ("unsupported", "That problem needs too much memory to solve.")
        except RecursionError:
            msg = ("unsupported", "That expression is too deeply nested for me.")
        except Exception as exc:  # noqa: BLE001 - anything from SymPy/parsers
            msg = ("unsupported", f"I couldn't work that out ({type(exc).__name__}).")
        try:
            conn.send(msg)
        except Exception:
            try:
                conn.send(("unsupported", "I couldn't package the answer."))
            except Exception:
                return
