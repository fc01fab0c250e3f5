"""Fraction puzzles: "The numerator of a fraction is 3 less than its denominator. If the numerator
is increased by 1 and the denominator by 3, the fraction becomes 1/2. Find the fraction." Each
sentence becomes one equation in the numerator n and the denominator d (a sum, a relation, or a
change that makes the fraction p/q), SymPy solves the two, and the fraction n/d is the answer.

Precision first: every sentence must be one of those (or the question), every number must be
used, the system must have one solution in whole numbers with a positive denominator.
"""

from __future__ import annotations

import re
from collections import Counter

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.reading import normalise, numbers_in, sentences

__all__ = ["read_fraction_puzzle"]

N = r"\d+"
_OF = r"(?:\sof\s(?:a|the|this|that)\s(?:certain\s|given\s)?fraction)?"
_PART = rf"(?:(?:the|its)\s)?(?P<{{g}}>numerator|denominator){_OF}"
_TIMES = r"(?:(?P<m>twice|thrice|double|triple|\d+\stimes)\s(?:(?:the|its)\s)?)?"
_SUM = re.compile(
    rf"^the\ssum\sof\s(?:the\s)?(?:numerator|denominator)\sand\s(?:the\s)?(?:numerator|denominator){_OF}\s"
    rf"(?:is|was|equals|is\sequal\sto)\s(?P<s>{N})$"
)
_REL_DIFF = re.compile(
    rf"^{_PART.format(g='a')}\s(?:is|was)\s(?P<k>{N})\s(?P<dir>more|less|greater|smaller|fewer)\sthan\s"
    rf"{_TIMES}{_PART.format(g='b')}$"
)
_REL_TIMES = re.compile(rf"^{_PART.format(g='a')}\s(?:is|was)\s{_TIMES.rstrip('?')}{_PART.format(g='b')}$")
_RESULT = re.compile(
    r"^(?P<changes>.+?),?\s(?:then\s)?(?:the\s)?(?:new\s|resulting\s)?(?:fraction|fractions|it)\s"
    r"(?:becomes|become|reduces\sto|reduced\sto|is\sreduced\sto|will\sbe|would\sbe|equals|is|changes\sto|"
    r"is\sequal\sto|becomes\sequal\sto|will\sbecome)\s(?:equal\sto\s)?(?P<p>\d+)\s?/\s?(?P<q>\d+)$"
)
_CHANGE_ONE = re.compile(
    rf"^(?:the\s|its\s)?(?P<part>numerator|denominator)\s(?:(?:is\s)?(?P<how>increased|decreased|reduced)\s)?by\s(?P<k>{N})$"
)
_CHANGE_BOTH = re.compile(
    rf"^(?:(?P<k>{N})\sis\s(?P<how>added\sto|subtracted\sfrom)\s(?:both\s)?(?:(?:the\s)?numerator\sand\s(?:the\s)?denominator"
    rf"|each\sof\s(?:the\s)?numerator\sand\s(?:the\s)?denominator|both|(?:the\s|its\s)?(?P<part>numerator|denominator)))$"
)
_ASK = re.compile(r"^(?:find|what\sis|what\swas|determine)\s(?:the|this)\s(?:original\s|given\s)?fraction$")
_FACTOR = {"twice": 2, "double": 2, "thrice": 3, "triple": 3}


def read_fraction_puzzle(text: str) -> Solution | None:
    """The fraction a numerator/denominator puzzle gives; None when it is not one read whole."""
    if not re.search(r"\bnumerator\b", text, re.I) or not re.search(r"\bdenominator\b", text, re.I):
        return None
    s = normalise(text)
    ss = sentences(s)
    if len(ss) < 3 or len(s) > 500:
        return None
    lines = [re.sub(r"\s+", " ", x.text.lower()).strip().rstrip("?.!").strip() for x in ss]
    *story, question = lines
    if not _ASK.fullmatch(question):
        return None
    sp = sympy_module()
    n, d = sp.symbols("n d")
    part = {"numerator": n, "denominator": d}
    eqs, used = [], []
    for ln in story:
        got = _equation(re.sub(r"^if\s", "", ln), part)
        if got is None:
            return None
        eq, nums = got
        eqs.append(eq)
        used += nums
    told = Counter(x for ln in lines for x in numbers_in(ln))
    if len(eqs) != 2 or Counter(used) != told:
        return None
    sol = sp.solve(eqs, [n, d], dict=True)
    if len(sol) != 1 or any(v not in sol[0] for v in (n, d)):
        return None
    nv, dv = sol[0][n], sol[0][d]
    if not (nv.is_integer and dv.is_integer and dv > 0 and nv > 0):
        return None
    value = sp.Rational(int(nv), int(dv))
    sol = equations_solution(
        eqs, [("n", "the numerator"), ("d", "the denominator")], value, "", "the fraction",
        how=f"Solving them with SymPy: $n = {nv}$, $d = {dv}$.",
    )  # fmt: skip
    # the fraction as the story's numerator over its denominator (12/24 stays 12/24; its value is 1/2)
    shown = f"\\frac{{{nv}}}{{{dv}}}"
    sol.answer_latex = shown
    sol.steps[-1] = f"So the answer (the fraction) is **${shown}$**."
    return sol


def _factor(m: str | None) -> int:
    if not m:
        return 1
    return _FACTOR.get(m) or int(m.split()[0])


def _equation(ln: str, part: dict):
    """One sentence's equation and the numerals it used; None when it is not read."""
    sp = sympy_module()
    if m := _SUM.fullmatch(ln):
        return sp.Eq(part["numerator"] + part["denominator"], int(m["s"])), [m["s"]]
    if m := _REL_DIFF.fullmatch(ln):
        if m["a"] == m["b"]:
            return None
        k = int(m["k"]) * (1 if m["dir"] in ("more", "greater") else -1)
        rhs = _factor(m["m"]) * part[m["b"]] + k
        return sp.Eq(part[m["a"]], rhs), [m["k"], *numbers_in(m["m"] or "")]
    if m := _REL_TIMES.fullmatch(ln):
        if m["a"] == m["b"]:
            return None
        return sp.Eq(part[m["a"]], _factor(m["m"]) * part[m["b"]]), numbers_in(m["m"] or "")
    if m := _RESULT.fullmatch(ln):
        new = dict(part)
        used = [m["p"], m["q"]]
        changed: set[str] = set()
        last_how = None
        # "the numerator is increased by 1 and the denominator by 3": split only between clauses
        clause = r"(?=(?:the\s|its\s)?(?:numerator|denominator)\s(?:is\s)?(?:increased|decreased|reduced|by)|\d+\sis\s)"
        for piece in re.split(rf"(?:,\s(?:and\s)?|\sand\s){clause}", m["changes"]):
            c1, c2 = _CHANGE_ONE.fullmatch(piece), _CHANGE_BOTH.fullmatch(piece)
            if c1:
                how = c1["how"] or last_how  # "... increased by 1 and the denominator by 3"
                if how is None:
                    return None
                last_how = how
                k = int(c1["k"]) * (1 if how == "increased" else -1)
                targets = [c1["part"]]
                used.append(c1["k"])
            elif c2:
                k = int(c2["k"]) * (1 if c2["how"] == "added to" else -1)
                targets = [c2["part"]] if c2["part"] else ["numerator", "denominator"]
                used.append(c2["k"])
            else:
                return None
            if changed & set(targets):
                return None  # one part changed twice: not read
            changed |= set(targets)
            for t in targets:
                new[t] = part[t] + k
        if int(m["q"]) == 0:
            return None
        return sp.Eq(new["numerator"] * int(m["q"]), new["denominator"] * int(m["p"])), used
    return None
