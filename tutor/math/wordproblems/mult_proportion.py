# ruff: noqa: E501  (sentence grammars are long regular expressions, one a line)
"""A rate told per several ("for every 6 pounds recycled they earned 1 point", "he gets 2
dollars for every 5 cans", "a machine makes 12 toys every 3 minutes", "she reads 20 pages in 2
hours") and a count of the several's kind: so many groups of them, times the amount per group
(issue 25, round 4).

Precision first: every statement must be the rate or the count, read whole; the count must be a
whole number of groups (28 pounds at "1 point for every 6 pounds" may or may not earn a part of a
point: not read); the question asks the rate's amount by its own noun (or money for dollars).
"""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.ratios import story, worked
from tutor.math.wordproblems.reading import singular

__all__ = ["read_proportion"]

_N = r"\d+(?:\.\d+)?"
_SUBJ = r"(?:[A-Z][a-z]+|[Hh]e|[Ss]he|[Tt]hey|[Ww]e|[Yy]ou|I|[Ii]t|(?:[Tt]he|[Aa]n?)\s[a-z]+)"
_GET = r"(?:gets?|got|earns?|earned|receives?|received|makes?|made|scores?|scored|produces?|produced|bakes?|baked|reads?|read|prints?|printed|types?|typed|walks?|walked|runs?|ran|fills?|filled|packs?|packed|sews?|sewed|builds?|built|knits?|knitted|paints?|painted|writes?|wrote|picks?|picked)"
_NOT_NAMES = {"He", "She", "They", "We", "You", "I", "It", "For", "The", "A", "An", "If", "How", "In"}
_TIME = r"(?:seconds|minutes|hours|days|weeks|months|years)"
_RATES = (
    # "For every 6 pounds they recycled, they earned 1 point"
    rf"[Ff]or\severy\s(?P<n>{_N})\s(?P<x>[a-z]+)(?:\s{_SUBJ}\s[a-z]+)?,?\s{_SUBJ}\s(?:will\s|would\s|can\s)?(?P<v>{_GET})\s(?P<m>{_N})\s(?P<y>[a-z]+)",
    # "Tom gets 2 dollars for every 5 cans he recycles"
    rf"{_SUBJ}\s(?:will\s|would\s|can\s)?(?P<v>{_GET})\s(?P<m>{_N})\s(?P<y>[a-z]+)\sfor\severy\s(?P<n>{_N})\s(?P<x>[a-z]+)(?:\s{_SUBJ}\s[a-z]+)?",
    # "A machine makes 12 toys every 3 minutes", "She reads 20 pages in 2 hours"
    rf"{_SUBJ}\s(?:can\s)?(?P<v>{_GET})\s(?P<m>{_N})\s(?P<y>[a-z]+)\s(?:every|in)\s(?P<n>{_N})\s(?P<x>{_TIME})",
)


def _rate(statement: str) -> re.Match | None:
    s = statement.strip().rstrip(".")
    for pat in _RATES:
        m = re.fullmatch(pat, s)
        if m is not None:
            return m
    return None


def read_proportion(text: str) -> Solution | None:
    """The answer to a per-several rate story; None when it is not one."""
    if not re.search(r"\bevery\s\d|\bin\s\d+\s(?:seconds|minutes|hours|days|weeks|months|years)\b", text):
        return None
    st = story(text)
    if st is None:
        return None
    statements = [re.sub(r"^If\s", "", x.strip()) for x in st.statements if x.strip()]
    names = set(re.findall(r"\b[A-Z][a-z]+\b", " ".join([*statements, st.question]))) - _NOT_NAMES
    if len(names) > 1:
        return None  # "Tom gets 2 dollars for every 5 cans ... Mary recycled 40 cans": whose?
    rates = [(i, m) for i, x in enumerate(statements) if (m := _rate(x)) is not None]
    if len(rates) != 1:
        return None
    i, r = rates[0]
    x, y = singular(r.group("x")), singular(r.group("y"))
    n, per = Fraction(r.group("n")), Fraction(r.group("m"))
    if x == y or n <= 1:
        return None
    counts = [s for j, s in enumerate(statements) if j != i]
    q = st.question.strip().rstrip("?").strip()
    k: Fraction | None = None
    if len(counts) == 1:
        c = re.fullmatch(rf"{_SUBJ}\s(?:also\s)?[a-z]+\s(?P<k>{_N})\s(?P<x>[a-z]+)\.?", counts[0].strip())
        if c is None or singular(c.group("x")) != x:
            return None
        k = Fraction(c.group("k"))
        tail = ""
    elif not counts:
        tail = rf"\s(?:in|after)\s(?P<k>{_N})\s{re.escape(r.group('x'))}"
    else:
        return None
    money = y in ("dollar", "cent")
    if money:
        asked = re.fullmatch(
            rf"[Hh]ow\s(?:much(?:\smoney)?|many\s{re.escape(r.group('y'))})\s(?:does|did|will|would|can|could)\s{_SUBJ}\s(?:get|earn|make|receive|collect|be\spaid)(?:\s(?:in\sall|in\stotal|altogether))?{tail}",
            q,
        )
    else:
        asked = re.fullmatch(
            rf"[Hh]ow\smany\s(?P<y>[a-z]+)\s(?:does|did|will|would|can|could)\s{_SUBJ}\s[a-z]+(?:\s(?:in\sall|in\stotal|altogether))?{tail}",
            q,
        )
        if asked is not None and singular(asked.group("y")) != y:
            return None
    if asked is None:
        return None
    if k is None:
        k = Fraction(asked.group("k"))
    if k <= 0 or (k / n).denominator != 1:
        return None  # a part of a group: whether it counts is not said
    sp = sympy_module()
    xs = sp.Symbol("x")
    expr = (
        sp.Rational(k.numerator, k.denominator)
        / sp.Rational(n.numerator, n.denominator)
        * sp.Rational(per.numerator, per.denominator)
    )
    roots = sp.solve(sp.Eq(xs, expr), xs)
    if len(roots) != 1 or not roots[0].is_Rational:
        return None
    fmt = lambda v: sp.latex(sp.Rational(v.numerator, v.denominator))  # noqa: E731
    unit = r.group("y") if not money else ("dollar" if y == "dollar" else "cent")
    return worked(
        "rate per several (groups of them times the amount per group)",
        [f"x = the {r.group('y')} in all"],
        [f"x = \\frac{{{fmt(k)}}}{{{fmt(n)}}} \\times {fmt(per)}"],
        roots[0],
        singular(unit),
        f"{r.group('y')} in all",
    )
