# ruff: noqa: E501  (sentence patterns are long regular expressions, one a line)
"""The words the percent-and-fraction reader (:mod:`percent_parts`) shares between its stories: a
fraction or a percent ("half", "a third", "3/4", "40%", "12.5 percent"), a whole ("There are 40
students in a class", "Kim had 24 cupcakes"), the question's words compared with the story's, and
the worked Solution (the equations first, solved by SymPy, then the value with its unit)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.reading import singular
from tutor.math.wordproblems.schema_solution import KIND, shown_value, unit_words
from tutor.math.wordproblems.vocabulary import IRREGULAR_PAST, same_verb

_NUM = r"\d+(?:\.\d+)?"


_DEN = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
        "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip


_FRAC = rf"(?:(?:a|1)[\s-])?half|(?:a|an|\d+)[\s-](?:{'|'.join(_DEN)})s?|\d+/\d+|{_NUM}\s?(?:%|percent)"


# a noun phrase of one or two words, none of them a preposition or a word of a relation
_W = r"(?!(?:in|on|at|of|for|to|and|or|that|which|who|with|from|each|every|per|than|more|less|fewer|left|now|there|is|are|was|were)\b)[a-z][a-z'-]*"


_NOUN = rf"{_W}(?:\s{_W})?"


_NAME = r"(?:(?:Mr|Mrs|Ms|Dr)\.\s)?[A-Z][a-z]+"


_SUBJ = rf"(?:{_NAME}(?:'s\s[a-z]+)?|(?:A|An|The|This|That|His|Her|Their|Our|My)\s[a-z]+(?:\s[a-z]+)?)"


_PLACE = r"(?:\s(?:in|on|at|inside)\s[A-Za-z' .]+)?"


# a word that makes the story more than a whole and its part
_BAD = re.compile(
    r"\b(?:each|every|per|than|more|fewer|less|times|twice|double|triple|left|remain\w*|total|altogether|in\sall|some|several|many|most|few|other|another|after|before|then|later|if|only|also|again|instead|same|different|either|neither|both|average)\b",
    re.I,
)


_WHOLE = [
    re.compile(
        rf"^[Tt]here\s(?:are|were)\s(?P<n>{_NUM})\s(?P<noun>{_NOUN}|{_W}\sand\s{_W})(?P<place>{_PLACE})$"
    ),
    re.compile(
        rf"^(?P<subj>{_SUBJ})\s(?:has|have|had|owns|owned|contains|contained|holds|held|bought|baked|picked|collected|made|caught|grew|planted|received|got)\s(?P<n>{_NUM})\s(?P<noun>{_NOUN}|{_W}\sand\s{_W})(?P<place>{_PLACE})$"
    ),
    re.compile(
        rf"^(?P<n>{_NUM})\s(?P<noun>{_NOUN}|{_W}\sand\s{_W})\s(?:are|were)\s(?:in|on|at)\s(?P<place2>[A-Za-z' .]+)$"
    ),
]


_LAZY = rf"{_W}(?:\s{_W})??"  # "half of the students walk": the noun, then the predicate


_REF = rf"(?:them|(?P<it>it)|the\s(?P<rnoun>{_LAZY})|(?:his|her|their|its)\s(?P<pnoun>{_LAZY}))"


_PCT = rf"(?P<p>{_NUM})\s?(?:%|percent)"


_STOP = {"how", "many", "much", "the", "a", "an", "of", "them", "it", "are", "were", "is", "was", "do",
         "does", "did", "there", "in", "on", "at", "to", "will", "would", "his", "her", "their", "its", "be"}  # fmt: skip


_NOT = {"not", "n't"}


_BASE = {past: base for base, past in IRREGULAR_PAST.items()}


@dataclass
class _Reading:
    value: Fraction
    equation: str
    item: str
    says: str
    schema: str


def _frac(t: str) -> Fraction | None:
    t = t.lower().strip()
    m = re.fullmatch(rf"({_NUM})\s?(?:%|percent)", t)
    if m:
        return Fraction(m.group(1)) / 100
    m = re.fullmatch(r"(\d+)/(\d+)", t)
    if m:
        return Fraction(int(m.group(1)), int(m.group(2))) if int(m.group(2)) else None
    m = re.fullmatch(rf"(?:(a|an|\d+)[\s-])?({'|'.join(_DEN)})s?", t)
    if m is None or (m.group(1) is None and m.group(2) != "half"):
        return None
    k = 1 if m.group(1) in (None, "a", "an") else int(m.group(1))
    return Fraction(k, _DEN[m.group(2)])


def _tex(f: Fraction) -> str:
    return str(f.numerator) if f.denominator == 1 else rf"\frac{{{f.numerator}}}{{{f.denominator}}}"


def _pct_tex(t: str, f: Fraction) -> str:
    """How the story wrote the fraction: 40% as 40/100, half as 1/2."""
    m = re.fullmatch(rf"({_NUM})\s?(?:%|percent)", t.lower().strip())
    return rf"\frac{{{m.group(1)}}}{{100}}" if m else _tex(f)


def _words(text: str) -> list[str]:
    t = re.sub(r"n't\b", " n't", text.lower()).replace("'s ", " ")  # "Mary's stamps": Mary's
    return re.findall(r"n't|[a-z][a-z'-]*", t)


def _same(a: str, b: str) -> bool:
    a, b = _BASE.get(a, a), _BASE.get(b, b)
    return a == b or singular(a) == singular(b) or same_verb(a, b) or same_verb(b, a)


def _within(words: list[str], allowed: list[str]) -> bool:
    return all(any(_same(w, a) for a in allowed) for w in words)


def _covers(words: list[str], needed: list[str]) -> bool:
    return _within(needed, words)


def _content(text: str) -> list[str]:
    return [w for w in _words(text) if w not in _STOP]


def _whole(t: str) -> re.Match | None:
    for pat in _WHOLE:
        m = pat.match(t)
        if m:
            return m
    return None


def _solution(r: _Reading) -> Solution:
    """The equations first (solved by SymPy: the last one's x), then the value with its unit."""
    sp = sympy_module()
    eqs = r.equation.split(r" \\ ")
    values: dict = {}
    for eq in eqs:
        name, rhs = eq.split(" = ")
        py = re.sub(r"\d+\.\d+", lambda d: f"Rational('{d.group(0)}')", rhs)  # 12.5 exact, not a float
        py = re.sub(r"\\frac\{([^{}]+)\}\{([^{}]+)\}", r"((\1) / (\2))", py).replace(r"\cdot", "*")
        expr = sp.sympify(py)
        (values[name],) = sp.solve(sp.Eq(sp.Symbol(name), expr.subs(values)), sp.Symbol(name))
    value = values["x"]
    if value != sp.Rational(r.value.numerator, r.value.denominator):
        raise ValueError("the equations and the reading disagree")
    unit = r.item if r.item in ("percent", "") else unit_words(r.item, value)
    steps = [
        f"The story is a {r.schema} problem; the equations it gives (x = {r.says}):\n\n$${r.equation}$$",
        f"So the answer is **{shown_value(value, unit)} {unit}**.",
    ]
    sol = Solution(KIND, r.equation, steps, sp.latex(value), value)
    sol.unit = unit  # type: ignore[attr-defined]
    sol.equations = eqs  # type: ignore[attr-defined]
    return sol
