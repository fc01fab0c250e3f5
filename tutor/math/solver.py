"""The step-by-step SymPy solver (runs in the worker process, :mod:`tutor.math.worker`): problem
text -> the notations of :mod:`tutor.math.notation`, an everyday word problem
(:mod:`tutor.math.wordproblems`), an everyday phrasing (:mod:`tutor.math.everyday`), else the family
of :mod:`tutor.math.families` its wording or shape names -> a worked :class:`Solution`.
The app process never imports this module: it asks the worker through :mod:`tutor.math.client`."""

from __future__ import annotations

import re

from tutor.math.families.algebra import algebra
from tutor.math.families.bare import bare_expression, strip_polite
from tutor.math.families.complex_numbers import try_complex
from tutor.math.families.derivatives import derivative_text
from tutor.math.families.equations import solve_equations
from tutor.math.families.inequalities import has_inequality, inequality_text
from tutor.math.families.integrals import integral_text
from tutor.math.families.limits import limit_text
from tutor.math.families.matrices import try_matrix
from tutor.math.families.numbers import number_problem, try_percentage
from tutor.math.parse import i_reading, imaginary_context, imaginary_unit, new_i_reading
from tutor.math.problems import Solution, Unsupported

__all__ = ["solve_here", "MAX_SOLUTION_CHARS", "i_reading"]

MAX_SOLUTION_CHARS = 20_000


def solve_here(text: str) -> Solution:
    """Solve ``text`` in this process (the worker's entry point): the notations of
    :mod:`tutor.math.notation` (log bases, nCr) read first, then an everyday phrasing, else the
    family its wording or shape names; every answer passes :func:`notation.guard` (no symbol the
    input never wrote). Raises :class:`Unsupported` for anything it cannot handle.
    `i` is read as the problem as a whole has it (:func:`tutor.math.parse.imaginary_context`);
    afterwards :func:`tutor.math.parse.i_reading` says whether it was read as the unit."""
    import tutor.math.notation as notation

    new_i_reading()
    with imaginary_unit(imaginary_context(text)):
        sol = notation.solve_notation(text)
        if sol is None:
            rewritten, notes = notation.rewrite(text)
            sol = _route(rewritten)
            if notes:
                sol.steps[:0] = notes
                notation.exact_logs(sol)
        return notation.guard(text, sol)


def _route(text: str) -> Solution:
    """An everyday word problem first (:mod:`tutor.math.wordproblems`), then the typed families;
    a story the word-problem reader refused keeps its refusal (it names the sentence) when no
    family reads it either."""
    from tutor.math.wordproblems import WordProblemRefusal, try_word_problem

    try:
        sol = try_word_problem(text.strip())
    except WordProblemRefusal as exc:
        try:
            return _route_typed(text)
        except Unsupported:
            raise exc from None
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
        sol = None  # a reader fault must never cost a typed problem its answer
    if sol is None:
        return _route_typed(text)
    if sol.kind == "word_problem" and sol.answer is not None:
        from tutor.math.wordproblems.schema_solution import shown_value

        # the closing line as the story's answer is written: 14.75 (dollars), 2.5, not 59/4
        sol.answer_latex = shown_value(sol.answer, str(getattr(sol, "unit", "") or "")).strip("$")
    return sol


def _route_typed(text: str) -> Solution:
    from tutor.math.everyday import try_everyday

    sol = try_everyday(text.strip())
    if sol is not None:
        return sol
    s = strip_polite(text.strip())
    s = s.rstrip(":").strip()
    if not s:
        raise Unsupported("I couldn't find a maths problem in that message.")
    low = s.lower()

    sol = try_complex(s)
    if sol is not None:
        return sol
    sol = try_percentage(s)
    if sol is not None:
        return sol
    sol = number_problem(s)
    if sol is not None:
        return sol

    if has_inequality(s):
        return inequality_text(s)
    sol = try_matrix(s)
    if sol is not None:
        return sol
    # "Find x if 3^(x+1) = 81" / "x when 2x + 1 = 7" (the polite opening is gone): solve it
    m = re.match(
        r"^([a-z])\s+(?:if|when|given\s+that|such\s+that|where)\s+(.*=.*)$", s, re.IGNORECASE | re.DOTALL
    )
    if m and re.search(rf"(?<![A-Za-z]){m.group(1)}(?![A-Za-z])", m.group(2)):
        return solve_equations(m.group(2))
    m = re.match(r"^(?:solve|solution (?:of|to))\b[\s:]*(.*)$", s, re.IGNORECASE | re.DOTALL)
    if m:
        return solve_equations(m.group(1))
    for kind, pat in (
        ("simplify", r"simplify|simplification of|simplified form of|reduce"),
        ("expand", r"expand|expansion of|multiply out|expanded form of"),
        ("factor", r"factor|factorise|factorize|factorization of|factorisation of|factored form of"),
    ):
        m = re.match(rf"^(?:{pat})\b[\s:]*(.*)$", s, re.IGNORECASE | re.DOTALL)
        if m:
            return algebra(kind, strip_polite(m.group(1)))
    if re.match(
        r"^(?:(?:the\s+)?(?:first|second|third|2nd|3rd)\s+derivative|differentiate|derivative|"
        r"d\s*/\s*d[a-z]\b|\\frac\s*\{\s*d\s*\}|derive)",
        low,
    ):
        return derivative_text(s)
    if re.match(r"^(?:integrate|integral|antiderivative|definite integral|indefinite integral|\\int)", low):
        return integral_text(s)
    if re.match(r"^(?:limit|lim\b|\\lim)", low):
        return limit_text(s)
    if "=" in s and not re.search(r"\\int|\\lim|\\frac\s*\{\s*d\s*\}", s):
        return solve_equations(s)
    return bare_expression(s)
