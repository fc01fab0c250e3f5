"""The step-by-step SymPy solver's front door: problem text -> family -> worked
:class:`Solution` (the offline engine, and what the checks compare replies with).

Public API: :data:`CAPABILITIES`, :class:`Solution`, :class:`Unsupported`, :func:`solve`,
:func:`shutdown`. :func:`solve_here` strips polite phrases and sends the text to one family of
:mod:`tutor.math.families` (numbers, equations, systems, exp/log equations, algebra,
derivatives, integrals, limits, inequalities, matrices); everyday phrasings are in
:mod:`tutor.math.everyday`, parsing in :mod:`tutor.math.parse`, the killable worker process in
:mod:`tutor.math.worker`: all SymPy work runs there, so a runaway computation is killed on
timeout without hurting the caller. The names the other modules of the math core use are
re-exported here (``__all__``). This module must never import gradio.
"""

from __future__ import annotations

import re

from tutor.math.families.algebra import algebra
from tutor.math.families.common import ratify, simplest_form
from tutor.math.families.complex_numbers import try_complex
from tutor.math.families.derivatives import derivative, derivative_text
from tutor.math.families.equations import solve_equations
from tutor.math.families.inequalities import has_inequality, inequality_text
from tutor.math.families.integrals import integral, integral_text
from tutor.math.families.limits import latex_direction, limit, limit_text
from tutor.math.families.matrices import try_matrix
from tutor.math.families.numbers import (
    arithmetic,
    arithmetic_problem,
    decimal_text,
    number_latex,
    number_problem,
    recurring_decimal_latex,
    try_percentage,
)
from tutor.math.parse import (
    i_reading,
    imaginary_context,
    imaginary_unit,
    new_i_reading,
    parse_any,
    parse_latex,
    parse_plain,
    precheck,
    sympy_module,
)
from tutor.math.problems import CAPABILITIES, Solution, Timeout, Unsupported
from tutor.math.worker import call, request, shutdown

__all__ = [
    "CAPABILITIES",
    "Solution",
    "Unsupported",
    "Timeout",
    "solve",
    "call",
    "shutdown",
    # used by the other modules of the math core (worker side)
    "precheck",
    "solve_here",
    "sympy_module",
    "parse_any",
    "parse_plain",
    "parse_latex",
    "ratify",
    "simplest_form",
    "decimal_text",
    "number_latex",
    "recurring_decimal_latex",
    "bare_expression",
    "number_problem",
    "solve_equations",
    "i_reading",
    "imaginary_unit",
]

MAX_SOLUTION_CHARS = 20_000


def solve(text: str, timeout: float = 5.0) -> Solution:
    """Solve ``text`` step by step.  Raises :class:`Unsupported` for anything it cannot handle."""
    cleaned = precheck(text)
    status, payload = request(cleaned, timeout, "solve")
    if status == "ok" and isinstance(payload, Solution):
        return payload
    raise Unsupported(str(payload))


# ---- problem text -> family -----------------------------------------------------------------

_POLITE = re.compile(
    r"^(?:(?:please|kindly|hey|hi|hello|ok|okay|now|so|can you|could you|would you|will you|help me|"
    r"i need to|i want to|i'd like to|let's|lets|tutor|show me how to|show me|how do i|how do you|"
    r"what is|what's|whats|what are|find|compute|calculate|evaluate|determine|work out|give me|tell me|"
    r"get)\b[\s,:]*)+",
    re.IGNORECASE,
)
# closing punctuation; a `!` straight after a number, `)` or a lone letter is a factorial (5!,
# (2+1)!, n!) and stays,
# and a trailing "= ?" ("5! = ?") asks for the value
_TRAILING = re.compile(
    r"(?:[\s?.]|(?<![\d)!\s])(?<!(?<![A-Za-z])[A-Za-z])!|(?<=\s)!|\s*=\s*(?:\?|_+)|"
    r"\bplease\b|\bthanks?\b|\bthank you\b|\bfor me\b)+$",
    re.IGNORECASE,
)


def _strip_polite(s: str) -> str:
    """``s`` without the polite openings and closings ("can you find …, please?")."""
    prev = None
    while prev != s:
        prev = s
        s = _POLITE.sub("", s).strip()
        s = _TRAILING.sub("", s).strip()
        s = re.sub(
            r"^(?:the|a|an)\s+(?=(?:value|derivative|integral|limit|definite|indefinite|"
            r"antiderivative|solution|simplified|expanded|factored|answer)\b)",
            "",
            s,
            flags=re.IGNORECASE,
        ).strip()
        s = re.sub(r"^(?:value of|answer to|result of)\s+", "", s, flags=re.IGNORECASE).strip()
    return s


def solve_here(text: str) -> Solution:
    """Solve ``text`` in this process (the worker's entry point): the notations of
    :mod:`tutor.math.notation` (log bases, nCr) read first, then an everyday phrasing, else the
    family its wording or shape names; every answer passes :func:`notation.guard` (no symbol the
    input never wrote). Raises :class:`Unsupported` for anything it cannot handle.
    `i` is read as the problem as a whole has it (:func:`tutor.math.parse.imaginary_context`);
    afterwards :func:`tutor.math.parse.i_reading` says whether it was read as the unit."""
    from tutor.math import notation

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
    return sol if sol is not None else _route_typed(text)


def _route_typed(text: str) -> Solution:
    from tutor.math.everyday import try_everyday

    sol = try_everyday(text.strip())
    if sol is not None:
        return sol
    s = _strip_polite(text.strip())
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
            return algebra(kind, _strip_polite(m.group(1)))
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


def bare_expression(s: str) -> Solution:
    """A bare expression: a LaTeX integral, limit or derivative, an expression with letters to
    simplify, or arithmetic to evaluate."""
    sp = sympy_module()
    if re.search(r"\\int|\\lim|\\frac\s*\{\s*d\s*\}", s):
        expr = parse_latex(s)
        if isinstance(expr, sp.Integral):
            return integral(expr)
        if isinstance(expr, sp.Limit):
            return limit(expr.args[0], expr.args[1], expr.args[2], latex_direction(s))
        if isinstance(expr, sp.Derivative):
            return derivative(expr.expr, expr.variables)
        raise Unsupported("I couldn't tell what to do with that LaTeX.")
    shown, value, has_dec = arithmetic_problem(s)
    if isinstance(value, sp.Integral):
        return integral(value)
    if isinstance(value, sp.Limit):
        return limit(value.args[0], value.args[1], value.args[2], str(value.args[3]))
    if isinstance(value, sp.Derivative):
        return derivative(value.expr, value.variables)
    if value.free_symbols:
        return algebra("simplify", _strip_polite(s))
    return arithmetic(shown, value, has_dec)
