"""The old front door of the step-by-step SymPy solver (kept importable with its names).

The app process's side is :mod:`tutor.math.client` (:func:`solve`, :func:`call`, :func:`shutdown`,
:func:`precheck`, :data:`CAPABILITIES`): imported here at once. The solver itself
(:mod:`tutor.math.solver`, the families of :mod:`tutor.math.families`, everyday phrasings in
:mod:`tutor.math.everyday`, parsing in :mod:`tutor.math.parse`) runs in the worker process
(:mod:`tutor.math.worker`); its names (``solve_here``, ``parse_any``, ``ratify``, …) are looked up
here only on use, so importing this module never loads a family or SymPy in the app.
This module must never import gradio.
"""

from __future__ import annotations

from tutor.math.client import (
    CAPABILITIES,
    Solution,
    Timeout,
    Unsupported,
    call,
    precheck,
    request,
    shutdown,
    solve,
)

# worker-side names -> the module that holds them (imported on first use)
_WORKER_SIDE = {
    "solve_here": "tutor.math.solver",
    "MAX_SOLUTION_CHARS": "tutor.math.solver",
    "sympy_module": "tutor.math.parse",
    "parse_any": "tutor.math.parse",
    "parse_plain": "tutor.math.parse",
    "parse_latex": "tutor.math.parse",
    "i_reading": "tutor.math.parse",
    "imaginary_unit": "tutor.math.parse",
    "imaginary_context": "tutor.math.parse",
    "new_i_reading": "tutor.math.parse",
    "ratify": "tutor.math.families.common",
    "simplest_form": "tutor.math.families.common",
    "decimal_text": "tutor.math.families.numbers",
    "number_latex": "tutor.math.families.numbers",
    "recurring_decimal_latex": "tutor.math.families.numbers",
    "number_problem": "tutor.math.families.numbers",
    "arithmetic": "tutor.math.families.numbers",
    "arithmetic_problem": "tutor.math.families.numbers",
    "try_percentage": "tutor.math.families.numbers",
    "bare_expression": "tutor.math.families.bare",
    "solve_equations": "tutor.math.families.equations",
    "algebra": "tutor.math.families.algebra",
    "try_complex": "tutor.math.families.complex_numbers",
    "derivative": "tutor.math.families.derivatives",
    "derivative_text": "tutor.math.families.derivatives",
    "has_inequality": "tutor.math.families.inequalities",
    "inequality_text": "tutor.math.families.inequalities",
    "integral": "tutor.math.families.integrals",
    "integral_text": "tutor.math.families.integrals",
    "latex_direction": "tutor.math.families.limits",
    "limit": "tutor.math.families.limits",
    "limit_text": "tutor.math.families.limits",
    "try_matrix": "tutor.math.families.matrices",
}

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
    *_WORKER_SIDE,
]


def __getattr__(name: str):
    where = _WORKER_SIDE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(where), name)
