"""Changes to one shape that the shapes reader (:mod:`shapes`) reads: going around it k times
("Sofie ran around the field 3 times. How far?": k perimeters) and every side scaled ("enlarges
the photo by doubling the sides. What is the new area?": k^2 times the area, k times the
perimeter). Each finds its one statement, takes it out of the story and says the factor."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.ratios import worked

__all__ = ["every_side_scaled", "scaled_told", "times_around"]

# the units a "how many meters did she run" question may name (the shapes reader checks it is the story's)
_UNIT = (
    r"(?:cm|centimet(?:er|re)s?|m|met(?:er|re)s?|mm|millimet(?:er|re)s?|km|kilomet(?:er|re)s?|in|inch(?:es)?|ft|foot|"
    r"feet|yd|yards?|miles?)"
)


def scaled_told(shape: str, asked: str, v: Fraction, k: Fraction, unit: str) -> Solution:
    """The new area (k^2 times) or perimeter (k times) of a shape whose every side is scaled by k."""
    sp = sympy_module()
    R = sp.Rational
    f = k * k if asked == "area" else k
    sym = sp.Symbol("A" if asked == "area" else "P")
    lines = [
        sp.latex(sp.Eq(sym, R(v.numerator, v.denominator))),
        rf"\text{{new {asked}}} = " + sp.latex(R(f.numerator, f.denominator) * sym),
    ]
    names = [f"${sym}$ = the {asked}; every side is multiplied by {k}, so the {asked} by {f}"]
    shown_unit = f"square {unit}" if asked == "area" else unit
    return worked(
        f"{shape} (scaled)",
        names,
        lines,
        R(v.numerator, v.denominator) * R(f.numerator, f.denominator),
        shown_unit,
        f"the new {asked}",
    )


# "Angie enlarges the photo by doubling the sides", "If each side is tripled": every side times k
_SCALE = re.compile(
    r"^(?:if\s+)?(?:[A-Z][a-z]+\s+(?:decided\s+to\s+|decides\s+to\s+|wants\s+to\s+)?(?:enlarge|enlarges|enlarged|"
    r"shrink|shrinks|shrank|change|changes|changed|make|makes|made)\s+(?:the|it|its|her|his|their)(?:\s+[a-z]+)?\s+by\s+"
    r"(?P<v1>doubling|tripling|halving)\s+(?:the|its|all|each\s+of\s+the)\s+(?:sides|side\s+lengths|dimensions)|"
    r"(?:the|its|all\s+(?:the|its)|each\s+of\s+(?:the|its))\s+(?:sides|side\s+lengths|dimensions)\s+(?:are|were|is)\s+"
    r"(?P<v2>doubled|tripled|halved)|each\s+side\s+is\s+(?P<v3>doubled|tripled|halved))\.?$",
    re.I,
)
_SCALE_BY = {"doubl": Fraction(2), "tripl": Fraction(3), "halv": Fraction(1, 2)}


def every_side_scaled(st, q: str) -> Fraction | None:
    """The factor every side is scaled by, when the question asks the new area or perimeter (the
    statement is then taken out of the story); None else."""
    if not re.search(r"\bnew\s+(?:area|perimeter)\b", q, re.I):
        return None
    hits = [i for i, sent in enumerate(st.statements) if _SCALE.match(sent)]
    if len(hits) != 1:
        return None
    m = _SCALE.match(st.statements.pop(hits[0]))
    assert m is not None
    word = (m["v1"] or m["v2"] or m["v3"]).lower()
    return next(v for k, v in _SCALE_BY.items() if word.startswith(k))


# "Sofie ran around the track 3 times": the distance is that many perimeters
_LAPS = re.compile(
    r"^(?:[A-Z][a-z]+|she|he|they|i|we)\s+(?:ran|runs|walked|walks|jogged|jogs|swam|swims|rode|rides|drove|drives|"
    r"biked|bikes|cycled|cycles|skated|skates)\s+around\s+(?:the|it|its|this|that|her|his|their)(?:\s+[a-z]+)?\s+"
    r"(?P<k>\d+\s+times|twice|once)\.?$",
    re.I,
)
_LAPS_Q = re.compile(
    rf"^(?:how\s+far|what\s+(?:total\s+)?distance|how\s+many\s+{_UNIT})\s+did\s+(?:[A-Z][a-z]+|she|he|they|i|we)\s+"
    r"(?:run|walk|jog|swim|ride|drive|bike|cycle|skate)(?:\s+(?:in\s+all|altogether|in\s+total))?$",
    re.I,
)


def times_around(st, q: str) -> tuple[Fraction | None, int]:
    """How many times around the shape the story goes, when it asks how far that was (the
    statement is then taken out of the story), and how many numerals it used; (None, 0) else."""
    if not _LAPS_Q.match(q):
        return None, 0
    hits = [i for i, sent in enumerate(st.statements) if _LAPS.match(sent)]
    if len(hits) != 1:
        return None, 0
    k = _LAPS.match(st.statements.pop(hits[0]))["k"].lower()  # type: ignore[index]
    if k in ("twice", "once"):
        return Fraction(2 if k == "twice" else 1), 0
    return Fraction(k.split()[0]), 1
