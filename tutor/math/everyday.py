"""Everyday phrasings of school problems, read before the general parser (runs in the worker).

The phrasings are rows of :data:`tutor.math.everyday_table.TABLE` — (priority, patterns, handler) —
and :func:`try_everyday` is the one loop that runs them: a worked :class:`Solution`, or None when
no phrasing fits (then the general parser, which refuses unknown words, takes over). The handlers
are in :mod:`tutor.math.everyday_numbers` (numbers: "Is 91 prime?", "7 times 8", remainders,
comparisons, sorting, rounding, n choose k, base conversion …), :mod:`tutor.math.everyday_algebra`
(definitions, functions, substitution, equation and limit openings, slope, next term),
:mod:`tutor.math.everyday_rounding` and :mod:`tutor.math.everyday_units`."""

from __future__ import annotations

import importlib
import re

from tutor.math.everyday_common import NOT_MINE, question_body
from tutor.math.everyday_table import compiled, ordered
from tutor.math.problems import Solution

__all__ = ["try_everyday", "plain_families"]


def plain_families(s: str) -> Solution | None:
    """The textbook phrasings of the plain-phrasing families (sequences, coordinate geometry,
    absolute value, ratios, counting, data, percent word problems), each None when not its own."""
    from tutor.math.families.absolute import try_absolute
    from tutor.math.families.counting import try_counting
    from tutor.math.families.data import try_data
    from tutor.math.families.geometry import try_geometry
    from tutor.math.families.percent_words import try_percent_words
    from tutor.math.families.ratios import try_ratio
    from tutor.math.families.sequences import try_sequence

    for family in (
        try_sequence,
        try_geometry,
        try_absolute,
        try_ratio,
        try_counting,
        try_data,
        try_percent_words,
    ):
        sol = family(s)
        if sol is not None:
            return sol
    return None


def _handler(name: str):
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def try_everyday(text: str) -> Solution | None:
    """The first row of the table that reads `text` (see :mod:`tutor.math.everyday_table`)."""
    s = re.sub(r"\s+", " ", text.strip())
    views = {"text": s}
    for row in ordered():
        if not row.patterns:
            sol = _handler(row.handler)(s)
            if sol is not None:
                return sol
            continue
        if row.on not in views:
            views[row.on] = question_body(s)
        view = views[row.on]
        for which, pattern in enumerate(row.patterns):
            m = compiled(pattern).fullmatch(view)
            if m is None:
                continue
            sol = _handler(row.handler)(m, which)
            if sol is not NOT_MINE:
                return sol
            break
    return None
