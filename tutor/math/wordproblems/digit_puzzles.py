"""Two-digit number puzzles: "In a two-digit number the sum of the digits is 9. If the digits are
reversed, the number is increased by 9. Find the number." The tens digit t and the units digit u
are the unknowns, the number is 10t + u and its reverse 10u + t; each sentence is read by
:mod:`puzzle_grammar` into an equation, and the equations are solved over the digits (t from 1 to
9, u from 0 to 9) with SymPy substituting each pair. Only a single two-digit number that satisfies
every equation is an answer.
"""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.number_puzzles import equations_solution, one_equation
from tutor.math.wordproblems.puzzle_grammar import Lexicon
from tutor.math.wordproblems.reading import normalise, sentences

__all__ = ["read_digit_puzzle"]

_NUMBER = (
    r"(?:(?:a|the|this|that|such\sa)\s)?(?:original\s|given\s)?(?:2[\s-]digit\s|2[\s-]digits\s)?number"
    r"(?:\s(?:consisting\sof|with|having|of)\s2\sdigits)?|it|itself"
)
_REVERSED = (
    r"(?:the\s)?(?:number\s(?:obtained|formed|got|made)\sby\s(?:reversing|interchanging|swapping)\s(?:the\sorder\sof\s)?"
    r"(?:the\s|its\s)?digits|reversed\snumber|number\swith\s(?:the\s|its\s)?digits\s(?:reversed|interchanged)|new\snumber)"
)
_OF = r"(?:\sof\s(?:the|this|that|a)\s(?:2[\s-]digit\s)?number)?"
_DIGITS = rf"(?:(?:the|its|the\s2|its\s2)\s)?digits{_OF}"
_TENS = (
    r"(?:(?:the|its)\s(?:tens|ten's|tens'|tenth)(?:\splace)?\sdigit|(?:the|its)\sdigit\sin\sthe\s(?:tens|ten's|tenth)\splace)"
    + _OF
)
_UNITS = (
    r"(?:(?:the|its)\s(?:units?|unit's|ones|one's)(?:\splace)?\sdigit|(?:the|its)\sdigit\sin\sthe\s(?:units?|unit's|ones)\splace)"
    + _OF
)
_ASK = re.compile(
    r"^(?:(?:write|form|set\sup)\b[^?]*?\sand\s)?(?:find|what\s(?:is|was)|determine|calculate)\s"
    r"(?:the|this|that)\s(?:original\s|required\s|2[\s-]digit\s)*number$"
)
# "if the digits are reversed, the number is increased by 9" -> "the reversed number is the number increased by 9"
_SWAPS = [
    (
        r"^(?:if|when)\s(?:the\s|its\s)?digits\s(?:are|get|were)\s(?:reversed|interchanged|swapped)\s(?:the\s)?number\s(?:is|gets)\s"
        r"(increased|decreased|reduced)\sby\s(.+)$",
        lambda m: f"the reversed number is the number {m.group(1)} by {m.group(2)}",
    ),
    (
        r"^(?:if|when)\s(?:the\s|its\s)?digits\s(?:are|get|were)\s(?:reversed|interchanged|swapped)\s(?:the\snew\snumber|it)\s(is\s.+)$",
        lambda m: f"the reversed number {m.group(1)}",
    ),
    (
        r"^(?:if|when)\s(.+?)\s(?:is\s)?(?:subtracted\sfrom|added\sto)\s(?:the|this|that)\snumber\s(?:the\s)?(?:digits|its\sdigits)\s"
        r"(?:interchange\s(?:their\s)?places|are\s(?:reversed|interchanged))$",
        None,
    ),
    (
        r"^(?:if|when)\s(?:the|this|that)\snumber\sis\s(increased|decreased|reduced)\sby\s(.+?)\s(?:the\s)?(?:digits|its\sdigits)\s"
        r"(?:interchange\s(?:their\s)?places|are\s(?:reversed|interchanged))$",
        lambda m: f"the number {m.group(1)} by {m.group(2)} is the reversed number",
    ),
]


def _swap(ln: str) -> str:
    for rx, f in _SWAPS:
        m = re.fullmatch(rx, ln)
        if m is None:
            continue
        if f is None:  # "when 27 is subtracted from the number, the digits interchange places"
            op = "subtracted from" if "subtracted" in ln else "added to"
            return f"{m.group(1)} {op} the number is the reversed number"
        return f(m)
    return ln


def read_digit_puzzle(text: str) -> Solution | None:
    """The two-digit number a puzzle asks for; None when it is not one read whole."""
    s = normalise(text)
    if not re.search(r"\bdigits?\b", s) or len(s) > 500:
        return None
    ss = sentences(s)
    if len(ss) < 2 or sum(x.question for x in ss) > 1:
        return None
    lines = [re.sub(r"\s*,\s*", " ", x.text.lower()).strip().rstrip("?.!").strip() for x in ss]
    *story, question = lines
    if not _ASK.fullmatch(question):
        return None
    sp = sympy_module()
    t, u = sp.symbols("t u", integer=True)
    lex = Lexicon(
        [
            (_REVERSED, 10 * u + t),
            (_NUMBER, 10 * t + u),
            (rf"(?:the\s)?sum\sof\s{_DIGITS}", t + u),
            (rf"(?:the\s)?product\sof\s{_DIGITS}", t * u),
            (_TENS, t),
            (_UNITS, u),
        ]
    )
    eqs = []
    for ln in story:
        ln = re.sub(r"^(?:also|and|then)\s|^in\s(?:a|the)\s2[\s-]digit\snumber\s", "", ln)
        ln = _swap(ln)
        eq = one_equation(ln, lex)
        if eq is None:
            m = re.fullmatch(r"(.+?)\s(is|equals|is\sequal\sto)\s(.+)\sand\s(.+)", ln)
            if m is None:
                return None
            eqs_here = [
                one_equation(f"{m.group(1)} {m.group(2)} {m.group(3)}", lex),
                one_equation(f"{m.group(1)} {m.group(2)} {m.group(4)}", lex),
            ]
            if any(e is None for e in eqs_here):
                return None
            eqs += eqs_here
        else:
            eqs.append(eq)
    if not eqs:
        return None
    found = [
        (a, b)
        for a in range(1, 10)
        for b in range(10)
        if all(bool(e.subs({t: a, u: b})) is True for e in eqs)
    ]
    if len(found) != 1:
        return None
    a, b = found[0]
    value = sp.Integer(10 * a + b)
    how = f"Trying every pair of digits with SymPy, only $t = {a}$, $u = {b}$ satisfies them all."
    names = [("t", "the tens digit"), ("u", "the units digit"), ("10t + u", "the number")]
    return equations_solution(eqs, names, value, "", "the number", how)
