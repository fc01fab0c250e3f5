# ruff: noqa: E501  (sentence patterns are long regular expressions, one a line)
"""Amounts changed by a percent, and shares asked, for the percent-and-fraction reader
(:mod:`percent_parts`): a price on sale or raised ("A shirt costs $30. It is on sale for 20% off. How
much does the shirt cost on sale?", "How much will you save?"), a number of things or an amount
changed by a percent ("The population grew by 20%", asked "now"), and a part told as a number with
its share asked ("10 of them walk to school. What percent of the students walk to school?")."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.wordproblems.percent_words import (
    _BAD,
    _NAME,
    _NOT,
    _NOUN,
    _NUM,
    _PCT,
    _REF,
    _W,
    _content,
    _covers,
    _pct_tex,
    _Reading,
    _same,
    _tex,
    _whole,
    _within,
    _words,
)
from tutor.math.wordproblems.reading import numbers_in, singular

__all__ = ["changed_by_percent", "share_of_whole", "price_changed"]


_PRICE = [
    re.compile(
        rf"^(?:[Aa]|[Aa]n|[Tt]he|{_NAME}'s)\s(?P<item>{_NOUN})\s(?:costs|cost|is\spriced\sat|sells\sfor|is)\s(?P<n>{_NUM})\sdollars$"
    ),
    re.compile(
        rf"^[Tt]he\s(?:(?:regular|original|normal|usual|full)\s)?(?:price|cost)\sof\s(?:a|an|the)\s(?P<item>{_NOUN})\s(?:is|was)\s(?P<n>{_NUM})\sdollars$"
    ),
]


_ON = r"(?:\s(?:on|for)\s(?:it|the\s(?P<ref>[a-z' -]+)))?"


_CHANGE = [
    (
        -1,
        re.compile(
            rf"^(?:[Ii]t|[Tt]he\s(?!(?:price|cost)\b)(?P<ref0>[a-z' -]+))\s(?:is|was)\s(?:now\s)?(?:on\ssale\s(?:for|at)\s{_PCT}\soff|discounted\sby\s{_PCT.replace('<p>', '<p1>')}|marked\sdown\sby\s{_PCT.replace('<p>', '<p2>')}|reduced\sby\s{_PCT.replace('<p>', '<p3>')})$"
        ),
    ),
    (
        0,
        re.compile(
            rf"^[Tt]he\s(?:price|cost)(?:\sof\s(?:it|the\s(?P<ref0>[a-z' -]+)))?\s(?:is|was|has\sbeen)\s(?P<dir>reduced|decreased|discounted|lowered|cut|marked\sdown|increased|raised|marked\sup)\sby\s{_PCT}$"
        ),
    ),
    (
        -1,
        re.compile(
            rf"^(?:[Tt]he|[Aa])\s(?:store|shop)\s(?:offers|gives|is\soffering|is\sgiving|has)\s(?:a\s)?{_PCT}\s(?:discount|off){_ON}$"
        ),
    ),
    (-1, re.compile(rf"^[Tt]here\sis\sa\s{_PCT}\sdiscount{_ON}$")),
]


# a number of things, or an amount of money, changed by a percent: "A town has 5000 people. The
# population grew by 20%."; "The number of students increased by 10%"; "Her savings went up by 5%"
_GROWN = re.compile(
    rf"^(?:[Tt]he\s(?:number|amount)\sof\s(?P<ref>{_NOUN})|[Tt]he\s(?P<ref2>{_NOUN})|(?:[Hh]is|[Hh]er|[Tt]heir)\s(?P<ref3>{_NOUN}))\s(?:has\s|have\s|had\s)?"
    rf"(?P<dir>increased|decreased|grew|grown|went\sup|went\sdown|gone\sup|gone\sdown|rose|risen|dropped|fell|fallen)\sby\s{_PCT}$"
)


_PEOPLE = ("people", "residents", "citizens", "inhabitants", "persons")


def changed_by_percent(body: list[str], q: str) -> _Reading | None:
    if len(body) != 2:
        return None
    w, g = _whole(body[0]), _GROWN.match(body[1])
    if (
        w is None
        or g is None
        or len(numbers_in(body[0])) != 1
        or _BAD.search(body[0])
        or len(numbers_in(body[1])) != 1
    ):
        return None
    noun = w.group("noun")
    if " and " in noun:
        return None
    ref = g.group("ref") or g.group("ref2") or g.group("ref3")
    if ref is not None and not (
        _same(ref.split()[-1], noun.split()[-1])
        or (ref == "population" and noun.split()[-1] in _PEOPLE)
        or (ref in ("money", "savings") and singular(noun.split()[-1]) == "dollar")
    ):
        return None  # "The price grew by 5%" after "Tom has 40 marbles": another quantity
    up = g.group("dir") in ("increased", "grew", "grown", "went up", "gone up", "rose", "risen")
    rate = Fraction(g.group("p")) / 100
    if not up and not 0 < rate < 1:
        return None
    n = Fraction(w.group("n"))
    value = n + rate * n if up else n - rate * n
    money = singular(noun.split()[-1]) == "dollar"
    if (value * 100 if money else value).denominator != 1:
        return None
    qw = _words(q)
    gd = w.groupdict()
    context = _words(" ".join([gd.get("place") or "", gd.get("place2") or "", gd.get("subj") or "", noun]))
    if money:
        context += ["money", "dollars"]
    start = ["how", "much"] if money and qw[:2] == ["how", "much"] else ["how", "many"]
    if qw[:2] != start or "now" not in qw:
        return None  # the number before or after the change? only "now" says after
    extra = [x for x in _content(q) if not _within([x], context) and x not in ("he", "she", "they", "now")]
    if [x for x in extra if x not in ("have", "has", "live", "lives", "work", "study")]:
        return None
    op = "+" if up else "-"
    item = "dollar" if money else singular(noun.split()[-1])
    eq = rf"d = {_pct_tex(g.group('p') + '%', rate)} \cdot {_tex(n)} \\ x = {_tex(n)} {op} d"
    return _Reading(value, eq, item, f"the {noun} now", "percent change")


# the part told as a number, its share asked: "10 of them walk to school. What percent of the students
# walk to school?", "What fraction of them are boys?"
_COUNT = re.compile(rf"^(?P<k>{_NUM})\s(?:of\s{_REF}\s|(?P<cnoun>{_W})\s)(?P<pred>[a-z][a-z' ]*)$")


_SHARE = re.compile(
    rf"^[Ww]hat\s(?P<what>percent|percentage|fraction|part)\sof\s(?:them|the\s(?P<qnoun>{_W})|(?:his|her|their)\s(?P<qnoun2>{_W})|[A-Z][a-z]+'s\s(?P<qnoun3>{_W}))\s(?P<pred>[a-z][a-z' ]*)\?$"
)


def share_of_whole(body: list[str], q: str) -> _Reading | None:
    sq = _SHARE.match(q)
    if sq is None or len(body) != 2:
        return None
    w, c = _whole(body[0]), _COUNT.match(body[1])
    if w is None or c is None or len(numbers_in(body[0])) != 1 or len(numbers_in(body[1])) != 1:
        return None
    if _BAD.search(body[0]) or _BAD.search(body[1]):
        return None
    noun = w.group("noun")
    if " and " in noun:
        return None
    for ref in (
        c.group("rnoun"),
        c.group("pnoun"),
        c.group("cnoun"),
        sq.group("qnoun"),
        sq.group("qnoun2"),
        sq.group("qnoun3"),
    ):
        if ref is not None and not _same(ref.split()[-1], noun.split()[-1]):
            return None  # "10 of the boys", "what percent of the girls": another group than the whole
    if c.group("it"):
        return None
    told, asked = _content(c.group("pred")), [x for x in _content(sq.group("pred")) if x not in _NOT]
    if not told or not (_within(asked, told) and _covers(asked, told)):
        return None
    if re.search(r"\b(?:not|n't|no|never)\b", c.group("pred")):
        return None
    negated = any(x in _NOT for x in _words(sq.group("pred")))
    n, k = Fraction(w.group("n")), Fraction(c.group("k"))
    if not 0 < k < n or k.denominator != 1:
        return None
    part = n - k if negated else k
    part_tex = rf"{_tex(n)} - {_tex(k)}" if negated else _tex(k)
    if sq.group("what") in ("percent", "percentage"):
        return _Reading(
            part / n * 100,
            rf"x = \frac{{{part_tex}}}{{{_tex(n)}}} \cdot 100",
            "percent",
            f"the percent of the {noun}",
            "percent of a whole",
        )
    return _Reading(
        part / n,
        rf"x = \frac{{{part_tex}}}{{{_tex(n)}}}",
        "",
        f"the fraction of the {noun}",
        "fraction of a whole",
    )


def price_changed(body: list[str], q: str) -> _Reading | None:
    if len(body) != 2:
        return None
    p_m = next((m for m in (pat.match(body[0]) for pat in _PRICE) if m), None)
    if p_m is None:
        return None
    item = p_m.group("item")
    for sign, pat in _CHANGE:
        c = pat.match(body[1])
        if c:
            break
    else:
        return None
    gd = c.groupdict()
    ref = gd.get("ref0") or gd.get("ref")
    if ref is not None and not _same(ref.split()[-1], item.split()[-1]):
        return None
    pct = next(gd[k] for k in ("p", "p1", "p2", "p3") if gd.get(k))
    if len(numbers_in(body[1])) != 1:
        return None
    if sign == 0:
        sign = 1 if gd["dir"] in ("increased", "raised", "marked up") else -1
    rate = Fraction(pct) / 100
    if not 0 < rate < 1 and sign < 0:
        return None
    price = Fraction(p_m.group("n"))
    change = rate * price
    new = price + sign * change
    ql = q.lower().rstrip("?")
    it = rf"(?:it|the\s{re.escape(item)})"
    # the price after the change, never a bare "How much does it cost?" (before or after?)
    when = r"\s(?:now|on\ssale|after\sthe\s(?:discount|sale|increase|price\s(?:increase|change|cut))|with\sthe\sdiscount)"
    asks_new = re.fullmatch(rf"how\smuch\s(?:does|will|would)\s{it}\scost{when}", ql) or re.fullmatch(
        rf"what\s(?:is|was)\sthe\s(?:new|sale|discounted|final|reduced|increased)\sprice(?:\sof\s{it})?", ql
    )
    save = r"(?:save|saved)" if sign < 0 else r"(?:go\sup|rise|increase)"
    asks_change = re.fullmatch(
        rf"how\smuch\s(?:money\s)?(?:(?:does|will|would|can|do)\s(?:you|a\scustomer|a\sshopper)\s{save}|is\sthe\s(?:discount|increase))",
        ql,
    ) or (
        sign > 0 and re.fullmatch(rf"how\smuch\sdid\sthe\sprice(?:\sof\s{it})?\s(?:go\sup|rise|increase)", ql)
    )
    rate_tex, price_tex = _pct_tex(pct + "%", rate), _tex(price)
    op = "-" if sign < 0 else "+"
    if asks_new:
        value, eq, says = (
            new,
            rf"d = {rate_tex} \cdot {price_tex} \\ x = {price_tex} {op} d",
            f"the new price of the {item}",
        )
    elif asks_change:
        value, eq, says = (
            change,
            rf"x = {rate_tex} \cdot {price_tex}",
            "the discount" if sign < 0 else "the increase",
        )
    else:
        return None
    if (value * 100).denominator != 1 or value <= 0:
        return None  # not a whole number of cents
    return _Reading(value, eq, "dollar", says, "percent of a price")
