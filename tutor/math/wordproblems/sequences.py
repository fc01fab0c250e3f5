"""Stories that give a list of values: "8 stickers on the first page, 16 on the second, 24 on the
third ... If this pattern continues, how many on the fifth page?" (the next terms of the pattern) and
"He sold 75, 67, 75, 70 and 68. What is the mean?" (the mean of the values).

A pattern is read only where one rule fits every term and all rules that fit agree: a constant
difference (3 terms or more), a constant ratio, or differences that grow by a constant step (4 terms
or more each, so three terms such as 1, 2, 4 never pick one of two rules). A mean is given only when
every number of the story is one of the values (or their count), and when it needs no rounding
beyond one decimal place (a set that rounds would not say how).
"""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.reading import normalise, numbers_in, sentences, singular

__all__ = ["read_pattern", "read_mean"]

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth"]  # fmt: skip
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]  # fmt: skip
_PLACE = (
    rf"(?:the\s)?(?P<ord>{'|'.join(_ORDINALS)})\s(?P<label>[a-z]+(?:\s(?!(?:and|or|but|then|if|so|of|he|she|it|they|with|to|is|was|will)\b)[a-z]+)?)"
    rf"|(?P<day>{'|'.join(_DAYS)})|(?P<month>{'|'.join(_MONTHS)})"
)
_TERM = re.compile(
    rf"(?<![\w.])(?P<n>\d+(?:\.\d+)?)(?P<noun>(?:\s[a-z-]+){{0,4}}?)\s(?:on|in|from|at|for|during|into)\s(?:{_PLACE})\b"
)
_ASK = re.compile(
    rf"^how\smany\s(?P<noun>[a-z-]+(?:\s[a-z-]+){{0,3}}?)\s(?:will|would|does|do|did|should|are|is|can)\b.*?"
    rf"\s(?:on|in|from|at|for|during|into)\s(?:{_PLACE})$"
)


def _position(m: re.Match) -> tuple[str, str, int]:
    """(kind, label, index): ("ord", "page", 3) / ("day", "", 2) / ("month", "", 5)."""
    if m.group("ord"):
        return "ord", singular(m.group("label").split()[-1]), _ORDINALS.index(m.group("ord"))
    if m.group("day"):
        return "day", "", _DAYS.index(m.group("day"))
    return "month", "", _MONTHS.index(m.group("month"))


def _next(kind: str, i: int) -> int:
    if kind == "day":
        return (i + 1) % 7
    if kind == "month":
        return (i + 1) % 12
    return i + 1


def read_pattern(text: str) -> Solution | None:
    """The term a continued pattern asks for; None when the story is not one read whole."""
    s = normalise(text).lower()
    if not re.search(r"\bpattern\s(?:continues|goes\son|keeps\sup|holds)\b", s):
        return None
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    story = " ".join(x.text for x in ss[:-1])
    terms = list(_TERM.finditer(story))
    if len(terms) < 3 or len(terms) != len(numbers_in(story)):
        return None  # a number that is not a term of the pattern
    places = [_position(m) for m in terms]
    kind, label = places[0][0], places[0][1]
    if any(p[0] != kind or p[1] != label for p in places):
        return None
    for a, b in zip(places, places[1:], strict=False):
        if b[2] != _next(kind, a[2]):
            return None
    q = re.sub(
        r"^if\s(?:this|the)\spattern\s(?:continues|goes\son|keeps\sup|holds),\s", "", ss[-1].text.lower()
    )
    q = q.rstrip("?").strip()
    qm = _ASK.fullmatch(q)
    if qm is None:
        return None
    qkind, qlabel, qi = _position(qm)
    if qkind != kind or qlabel != label:
        return None
    steps_ahead, i = 0, places[-1][2]
    while i != qi and steps_ahead < 12:
        i, steps_ahead = _next(kind, i), steps_ahead + 1
    if i != qi or steps_ahead == 0 or steps_ahead > 6:
        return None
    nouns = {singular(w) for m in terms for w in m.group("noun").split()} - {"of", "the", "a"}
    if nouns and not set(map(singular, qm.group("noun").split())) & nouns:
        return None  # the question counts something the list does not
    values = [Fraction(m.group("n")) for m in terms]
    found = _continue(values, steps_ahead)
    if found is None:
        return None
    value, rule = found
    return _pattern_solution(values, value, rule, qm.group("noun"), steps_ahead)


def _continue(values: list[Fraction], ahead: int) -> tuple[Fraction, str] | None:
    """The value `ahead` terms after the last, when the rules that fit all give the same one."""
    diffs = [b - a for a, b in zip(values, values[1:], strict=False)]
    guesses: dict[str, list[Fraction]] = {}
    if len(set(diffs)) == 1:
        guesses["the same difference each time"] = [values[-1] + diffs[0] * k for k in range(1, ahead + 1)]
    if len(values) >= 4 and all(v != 0 for v in values):
        ratios = {b / a for a, b in zip(values, values[1:], strict=False)}
        if len(ratios) == 1 and ratios != {1}:
            r = ratios.pop()
            guesses["the same ratio each time"] = [values[-1] * r**k for k in range(1, ahead + 1)]
    if len(values) >= 4:
        second = {b - a for a, b in zip(diffs, diffs[1:], strict=False)}
        if len(second) == 1 and second != {0}:
            step = second.pop()
            out, d, v = [], diffs[-1], values[-1]
            for _ in range(ahead):
                d += step
                v += d
                out.append(v)
            guesses["differences that grow by the same step"] = out
    if not guesses or len({g[-1] for g in guesses.values()}) != 1:
        return None
    rule, seq = next(iter(guesses.items()))
    if seq[-1] < 0 or seq[-1].denominator != 1:
        return None
    return seq[-1], rule


def _pattern_solution(values, value, rule, noun, ahead) -> Solution:
    sp = sympy_module()
    eqs = [
        sp.Eq(sp.Symbol(f"t_{i + 1}"), sp.Rational(v.numerator, v.denominator)) for i, v in enumerate(values)
    ]
    if rule.startswith("the same difference"):
        how = f"Each term is the one before plus ${sp.latex(sp.Rational(values[1] - values[0]))}$"
    elif rule.startswith("the same ratio"):
        how = f"Each term is the one before times ${sp.latex(sp.Rational(values[1] / values[0]))}$"
    else:
        d = [sp.Rational(b - a) for a, b in zip(values, values[1:], strict=False)]
        how = (
            "The differences are "
            + ", ".join(f"${sp.latex(x)}$" for x in d)
            + ", each growing by the same step"
        )
    how += f"; continuing {ahead} more term{'s' if ahead > 1 else ''}: $t = {sp.latex(sp.Rational(value))}$."
    return equations_solution(
        eqs, [], sp.Rational(value.numerator, value.denominator), noun, f"the term asked for, by {rule}", how
    )


# ---- the mean of a list ---------------------------------------------------------------------

_ASK_MEAN = re.compile(
    r"^(?:what\s(?:is|was)|find|calculate|compute|determine)\s(?:the\s)?(?:mean|average|arithmetic\smean)\b(?:\s(?!.*\b(?:speed|rate|per|each|price|cost)\b).*)?$"
)
_NOT_MEAN = re.compile(
    r"\b(?:each|every|per|times|twice|half|percent|more|less|fewer|than|left|total|spent|cost|costs|of\sthem|"
    r"each|average|mean|if|would|needs?|wants?)\b|%|/",
)


_ITEM = r"\$?\d+(?:\.\d+)?(?:\s[a-z]+)?(?:\s(?:on|in|at|for|during)\s(?:the\s)?[A-Za-z]+)?"
_LIST = re.compile(
    rf"{_ITEM}(?:,\s(?!and\b){_ITEM})*,?\sand\s{_ITEM}(?:\sand\s{_ITEM})*|{_ITEM}(?:,\s{_ITEM}){{2,}}"
)
_DATA_VERBS = (
    r"(?:sold|scored|earned|received|got|made|counted|recorded|ran|read|collected|picked|caught|baked|"
    r"gave\s(?:him|her|them)|won|walked|swam)"
)
_DATA_VERB = re.compile(rf"\b{_DATA_VERBS}\s(?:\$)?$")


def _listed(story: str) -> set[int]:
    """Where the numbers that are values of a list start: in one list ("30, 14, 14, 21 and 25",
    "8 on Monday, 3 on Tuesday and 4 on Friday") or each told by a verb of its own ("he sold 75")."""
    out: set[int] = set()
    for m in _LIST.finditer(story):
        out |= {m.start() + n.start() for n in re.finditer(r"(?<![\w.])\d+(?:\.\d+)?", m.group(0))}
    for n in re.finditer(r"(?<![\w.$])\$?(\d+(?:\.\d+)?)", story):
        if _DATA_VERB.search(story[: n.start()]):
            out.add(n.start(1))
    return out


def read_mean(text: str) -> Solution | None:
    """The mean of the values a story lists; None when any number is not one of them."""
    s = normalise(text)
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    q = ss[-1].text.lower().rstrip("?").strip()
    if not _ASK_MEAN.fullmatch(q) or numbers_in(q):
        return None
    story = " ".join(x.text for x in ss[:-1])
    if _NOT_MEAN.search(story.lower()) or re.search(r"'s\b|\b[A-Z]", ss[-1].text[1:]):
        return None  # "the mean of Ben's points": the values of one holder among several
    names = set(re.findall(rf"\b(?!(?:He|She|They|It|We)\b)([A-Z][a-z]+)\s{_DATA_VERBS}\b", story))
    if len(names) > 1:
        return None  # values told of two people or more: whose mean is asked is not plain
    nums = [m for m in re.finditer(r"(?<![\w.:])\d+(?:\.\d+)?(?![\w:]|\.\d)", story)]
    if len(nums) < 3:
        return None
    values = [Fraction(m.group(0)) for m in nums]
    # "during the first 6 hours ... : 58, 58, 62, 55, 49 and 48": a count of the values
    counted = [
        i
        for i, m in enumerate(nums)
        if re.match(
            r"\s(?:hours|days|weeks|months|years|games|tests|quizzes|stores|classes)\b", story[m.end() :]
        )
        and re.search(r"\b(?:first|last|the|in|over|for)\s$", story[: m.start()])
        and values[i] == len(values) - 1
    ]
    if len(counted) > 1:
        return None
    listed = _listed(story)
    if any(i not in counted and m.start() not in listed for i, m in enumerate(nums)):
        return None  # "10 students scored 80": a number that is no value of the list
    data = [v for i, v in enumerate(values) if i not in counted]
    mean = sum(data, Fraction(0)) / len(data)
    if (mean * 10).denominator != 1:
        return None  # a mean that needs rounding: how a set rounds it is not said
    sp = sympy_module()
    m = sp.Symbol("m")
    tex = [sp.Rational(v.numerator, v.denominator) for v in data]
    eq = sp.Eq(m, sp.Add(*tex, evaluate=False) / len(data), evaluate=False)
    value = sp.Rational(mean.numerator, mean.denominator)
    unit = "dollars" if re.search(r"\bdollars\b", story) else ""
    um = re.search(r"\bof\s(?:the\s)?(?:number\sof\s)?(?:the\s)?([a-z]+(?:\s[a-z]+)?)$", q)
    if not unit and um and not re.search(r"\b(?:his|her|their|numbers?|money|points scored)\b", um.group(1)):
        unit = um.group(1)
    how = f"$m = {sp.latex(sum(tex))}/{len(data)} = {sp.latex(value)}$."
    return equations_solution([eq], [("m", "the mean")], value, unit, "the mean", how)
