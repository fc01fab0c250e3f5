"""A bare expression (an integral, limit or derivative in LaTeX, an expression to simplify,
arithmetic to evaluate) and the polite openings and closings stripped before a family reads a
problem ("can you find …, please?"). Runs in the SymPy worker."""

from __future__ import annotations

import re

from tutor.math.families.algebra import algebra
from tutor.math.families.derivatives import derivative
from tutor.math.families.integrals import integral
from tutor.math.families.limits import latex_direction, limit
from tutor.math.families.numbers import arithmetic, arithmetic_problem
from tutor.math.parse import parse_latex, sympy_module
from tutor.math.problems import Solution, Unsupported

__all__ = ["bare_expression", "strip_polite"]

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


def strip_polite(s: str) -> str:
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
        return algebra("simplify", strip_polite(s))
    return arithmetic(shown, value, has_dec)
