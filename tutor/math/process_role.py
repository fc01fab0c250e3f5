"""Which side of the math core this process is: the SymPy worker marks itself at start, and
:mod:`tutor.math.offload` reads the mark. A leaf module, so the worker need not import the
client side (which would close an import circle: client -> pool -> worker -> client)."""

from __future__ import annotations

_IN_WORKER = False


def mark_worker() -> None:
    """Called by the worker process at start: symbolic work runs here."""
    global _IN_WORKER
    _IN_WORKER = True


def in_worker() -> bool:
    return _IN_WORKER
