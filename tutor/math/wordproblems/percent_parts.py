# ruff: noqa: E501  (sentence patterns are long regular expressions, one a line)
"""Parts of a quantity told by a fraction or a percent, read from short stories of one whole:

- a part of a group: "There are 40 students in a class. Half of them walk to school. How many
  students walk to school?" (and the complement: "How many students do not walk to school?", or the
  other kind when the story says the whole is exactly two kinds: "30 boys and girls", "The rest are
  girls");
- a part given away, eaten, sold: "Kim had 24 cupcakes. She gave one third of them to her neighbor.
  How many cupcakes did she give away?" (or how many she has left, also after one more step: "Then
  she ate 4", read only when what is left is asked);
- a container "3/4 full": how much is in it, how much more it holds;
- a price changed by a percent: "A shirt costs $30. It is on sale for 20% off. How much does the
  shirt cost on sale?" (the new price, or how much is saved);
- a number of things or an amount changed by a percent ("The population grew by 20%"), asked "now";
- a part told as a number, its share asked: "10 of them walk to school. What percent (fraction) of
  the students walk to school?"

Strict on purpose: one whole with one number, one part sentence, an optional "the rest are ..." or
one-more-step sentence, one question; every number read, every question word matched to the story (a word the
story does not say is a refusal). The part must be a whole number of things (half of 25 children is
refused), a price a whole number of cents."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.reading import normalise, numbers_in, sentences, singular
from tutor.math.wordproblems.schema_solution import KIND, unit_words
from tutor.math.wordproblems.vocabulary import IRREGULAR_PAST, same_verb

__all__ = ["read_percent_part"]

_GATE = re.compile(
    r"\b(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?|percent|percentage|fraction|per\scent)\b|%|\d\s*/\s*\d",
    re.I,
)
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
# "Half of them walk to school", "40% of the students are boys"
_PART = re.compile(rf"^(?P<f>{_FRAC})\sof\s{_REF}\s(?P<pred>[a-z][a-z' ]*)$", re.I)
# "She gave one third of them to her neighbor"
_TAKE_VERBS = (
    "gave|ate|sold|lost|used|donated|broke|threw|mailed|sent|spent|gives|eats|sells|loses|uses|donates|sends"
)
_TAKE = re.compile(
    rf"^(?P<subj>he|she|they|{_NAME})\s(?P<verb>{_TAKE_VERBS})(?:\s(?:away|out))?\s(?P<f>{_FRAC})\sof\s{_REF}(?P<pred>(?:\s[a-z][a-z' ]*)?)$",
    re.I,
)
# one more step after the part: "Then she ate 4", "She bought 6 more cupcakes", "and ate 4 of the rest"
_GAIN_VERBS = "bought|baked|made|found|got|received|picked|buys|bakes|makes|finds|gets|receives|picks"
_STEP = re.compile(
    rf"^(?:(?:[Tt]hen|[Ll]ater|[Aa]fter\sthat),?\s)?(?P<subj>he|she|they|He|She|They|{_NAME})\s(?:then\s|also\s|later\s)?(?P<verb>{_TAKE_VERBS}|{_GAIN_VERBS})(?:\s(?:away|out))?\s(?P<k>{_NUM})(?:\smore)?(?:\sof\s(?:them|the\srest)|\s(?P<noun>{_NOUN}))?(?:\s(?:to|for|with)\s[A-Za-z' ]+)?$"
)
_AND_STEP = re.compile(
    rf"^(?P<head>(?P<subj>he|she|they|He|She|They|{_NAME})\s.+?),?\s(?:and|then|and\sthen)\s(?P<step>(?:{_TAKE_VERBS}|{_GAIN_VERBS})\s{_NUM}.*)$"
)
_REST = re.compile(r"^(?:[Tt]he\s)?(?:rest|others|remaining\sones)(?:\sof\sthem)?\s(?P<pred>[a-z][a-z' ]*)$")

_UNITS = r"(?:gallons|liters|litres|cups|quarts|pints|ounces|milliliters|millilitres|ml|buckets|scoops)"
_HOLDS = re.compile(
    rf"^(?:[Aa]|[Aa]n|[Tt]he|{_NAME}'s)\s(?P<box>{_NOUN})\s(?:holds|can\shold|could\shold|has\sa\scapacity\sof)\s(?P<n>{_NUM})\s(?P<unit>{_UNITS})(?:\sof\s(?P<stuff>[a-z]+))?$"
)
_FULL = re.compile(
    rf"^(?:[Ii]t|[Tt]he\s(?P<box>{_NOUN}))\s(?:is|was)\s(?:now\s)?(?P<f>{_FRAC})\s(?:full|filled)(?:\sof\s(?P<stuff>[a-z]+))?$"
)

_PRICE = [
    re.compile(
        rf"^(?:[Aa]|[Aa]n|[Tt]he|{_NAME}'s)\s(?P<item>{_NOUN})\s(?:costs|cost|is\spriced\sat|sells\sfor|is)\s(?P<n>{_NUM})\sdollars$"
    ),
    re.compile(
        rf"^[Tt]he\s(?:(?:regular|original|normal|usual|full)\s)?(?:price|cost)\sof\s(?:a|an|the)\s(?P<item>{_NOUN})\s(?:is|was)\s(?P<n>{_NUM})\sdollars$"
    ),
]
_PCT = rf"(?P<p>{_NUM})\s?(?:%|percent)"
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


def read_percent_part(text: str) -> Solution | None:
    """The worked solution of a story of a part of one whole; None when it is not one."""
    if not _GATE.search(text):
        return None
    s = re.sub(r"\bper\scent\b", "percent", normalise(text))
    ss = sentences(s)
    if not 2 <= len(ss) <= 4 or not ss[-1].question or any(x.question for x in ss[:-1]):
        return None
    q = ss[-1].text
    body = [x.text.rstrip(".!") for x in ss[:-1]]
    if body and (one := _one_sentence(body[0])) is not None:
        body[:1] = one
    cond = re.match(r"^If\s(.+),\s((?:how|what)\s.+)$", q, re.I)
    if cond:  # "A class has 30 students. If 40% of them are boys, how many are girls?"
        body.append(cond.group(1))
        q = cond.group(2)[0].upper() + cond.group(2)[1:]
    if numbers_in(q) or len(body) not in (2, 3) or not q.endswith("?"):
        return None
    reading = _price(body, q) or _full(body, q) or _grown(body, q) or _share(body, q) or _part(body, q)
    return None if reading is None else _solution(reading)


# the whole and its part told in one sentence: "In a class of 30 students, 40% are boys", "Of the 40
# students in a class, half walk to school", "Half of the 40 students in a class walk to school"
_ONE = [
    re.compile(
        rf"^In\s(?P<place>(?:a|an|the|his|her|their|our)\s[a-z]+)\sof\s(?P<n>{_NUM})\s(?P<noun>{_NOUN}),\s(?P<f>{_FRAC})\s(?:of\sthem\s)?(?P<pred>[a-z][a-z' ]*)$"
    ),
    re.compile(
        rf"^(?:Of\sthe|Out\sof)\s(?P<n>{_NUM})\s(?P<noun>{_NOUN})(?:\s(?:in|at|on)\s(?P<place>[a-z][a-z' ]*))?,\s(?P<f>{_FRAC})\s(?P<pred>[a-z][a-z' ]*)$"
    ),
    re.compile(
        rf"^(?P<f>{_FRAC})\sof\sthe\s(?P<n>{_NUM})\s(?P<noun>{_NOUN})(?:\s(?:in|at|on)\s(?P<place>(?:a|an|the|his|her|their|our)\s[a-z]+))?\s(?P<pred>[a-z][a-z' ]*)$",
        re.I,
    ),
]


def _one_sentence(t: str) -> list[str] | None:
    """A whole and its part told in one sentence, as the two sentences :func:`_part` reads."""
    for pat in _ONE:
        m = pat.match(t)
        if m:
            place = f" in {m.group('place')}" if m.group("place") else ""
            return [
                f"There are {m.group('n')} {m.group('noun')}{place}",
                f"{m.group('f')} of them {m.group('pred')}",
            ]
    return None


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


def _part(body: list[str], q: str) -> _Reading | None:
    w = _whole(body[0])
    if w is None or len(numbers_in(body[0])) != 1 or _BAD.search(body[0]):
        return None
    n = Fraction(w.group("n"))
    noun = w.group("noun")
    kinds = noun.split(" and ") if " and " in noun else []
    gd = w.groupdict()
    subj = gd.get("subj")
    context = _words(" ".join([gd.get("place") or "", gd.get("place2") or "", subj or ""]))
    context += ["people", "children", "kids"] if kinds else _words(noun)  # a kind is asked, not the whole
    t = body[1]
    split = _AND_STEP.match(t)
    if split and len(body) == 2 and _TAKE.match(split.group("head")):
        t, body = (
            split.group("head"),
            [body[0], split.group("head"), f"{split.group('subj')} {split.group('step')}"],
        )
    m = _PART.match(t)
    take = None if m else _TAKE.match(t)
    m = m or take
    if m is None or _BAD.search(t) or len(numbers_in(t)) != len(numbers_in(m.group("f"))):
        return None
    f = _frac(m.group("f"))
    if f is None or not 0 < f < 1:
        return None
    ref = m.group("rnoun") or m.group("pnoun")
    pred = m.group("pred").strip()
    if ref is not None and " " in noun and pred.startswith(noun.split()[-1] + " ") and ref == noun.split()[0]:
        ref, pred = (
            noun,
            pred[len(noun.split()[-1]) + 1 :],
        )  # "1/4 of his toy cars to ...": the whole's two words
    if ref is not None and not _same_noun(ref, noun, kinds):
        return None  # "half of the boys" when the whole is students: another group
    pred, _, told_rest = pred.partition(" and the rest ")  # "Half of them walk and the rest ride the bus"
    if re.search(r"\b(?:not|n't|no|never)\b", pred):
        return None
    if take is not None:
        who = take.group("subj")
        if subj is None or (who.lower() not in ("he", "she", "they") and who != subj):
            return None  # a pronoun needs the one holder the story named; a name must be that holder
        part_words = [take.group("verb").lower(), *_content(pred)]
    else:
        part_words = _content(pred)
    if not part_words:
        return None
    rest_words: list[str] | None = _content(told_rest) or None
    if take is not None and rest_words is not None:
        return None
    step = Fraction(0)
    if len(body) == 3 and take is not None:
        st = _STEP.match(body[2])
        if st is None or _BAD.search(
            re.sub(r"^(?:[Tt]hen,?\s)|\s(?:then|more|of\sthe\srest)\b", " ", body[2])
        ):
            return None
        if st.group("noun") and not _same(st.group("noun").split()[-1], noun.split()[-1]):
            return None  # "ate 4 cookies" after giving away cupcakes
        if st.group("subj").lower() not in ("he", "she", "they") and st.group("subj") != subj:
            return None
        k = Fraction(st.group("k"))
        step = -k if st.group("verb").lower() in _TAKE_VERBS.split("|") else k
    elif len(body) == 3:
        r = _REST.match(body[2])
        if (
            r is None
            or rest_words is not None
            or numbers_in(body[2])
            or _BAD.search(body[2])
            or take is not None
        ):
            return None
        rest_words = _content(r.group("pred"))
    elif kinds and rest_words is None and len(part_words) == 1 and _same_word_in(part_words[0], kinds):
        rest_words = [k for k in kinds if not _same(k, part_words[0])]  # "30 boys and girls", 40% boys
    part = f * n
    money = singular(noun.split()[-1]) == "dollar"
    if m.group("it") and not money:
        return None  # "half of it": of an amount of money, not of a number of things
    if (part * 100 if money else part).denominator != 1:
        return None  # half of 25 children: not a whole number of things
    qw = _words(q)
    if qw[:2] != ["how", "many"] and not (money and qw[:2] == ["how", "much"]):
        return None
    if money:
        context = [*context, "money"]
    negated = any(x in _NOT for x in qw)
    if negated:  # the negation must deny the part's own words: "do not walk", "are not boys"
        i = next(i for i, x in enumerate(qw) if x in _NOT)
        if i + 1 >= len(qw) or not _within([qw[i + 1]], part_words):
            return None
    asked = [x for x in _content(q) if x not in _NOT and x not in ("away", "up")]
    # the question's own words, less those naming the whole, its place and its holder
    # a word of the part's own ("school") is the part's, not the place's
    told = part_words + (rest_words or [])
    counted = qw[2] if len(qw) > 2 else ""
    if counted not in _STOP and not (
        _within([counted], [*_words(noun), *told, *(["people", "children", "kids"] if kinds else [])])
        or (money and counted in ("money", "dollars"))
    ):
        return None  # "How many boxes are broken?" when the story counted crayons
    extra = [
        x
        for x in asked
        if (_within([x], told) or not _within([x], context)) and x not in ("he", "she", "they")
    ]
    if take is None:  # "How many sheep does he have?" asks what the story's holder has
        extra = [x for x in extra if x not in ("have", "has", "had", "own", "owns") or _within([x], told)]
    item = singular(noun.split()[-1]) if not kinds else "person"
    whole_tex = _tex(n)
    f_tex = _pct_tex(m.group("f"), f)
    if take is not None:
        if negated:
            return None
        if step and not (extra and _within(extra, ["left", "have", "now", "still", "remain"])):
            return None  # the step's number is used only by what is left
        if _covers(asked, [take.group("verb").lower()]) and _within(extra, part_words):
            return _Reading(
                part,
                rf"x = {f_tex} \cdot {whole_tex}",
                item,
                f"the {noun} {take.group('verb')}",
                "part of a whole",
            )
        if step:
            sign = "-" if step < 0 else "+"
            return _Reading(
                n - part + step,
                rf"p = {f_tex} \cdot {whole_tex} \\ x = {whole_tex} - p {sign} {_tex(abs(step))}",
                item,
                f"the {noun} left",
                "part of a whole",
            )
        if extra and _within(extra, ["left", "have", "now", "still", "keep", "remain"]):
            return _Reading(
                n - part,
                rf"p = {f_tex} \cdot {whole_tex} \\ x = {whole_tex} - p",
                item,
                f"the {noun} left",
                "part of a whole",
            )
        return None
    if not extra:
        return None
    hits_part = _within(extra, part_words) and _covers(extra, part_words)
    hits_rest = rest_words is not None and _within(extra, rest_words) and _covers(extra, rest_words)
    if hits_part and hits_rest:
        return None
    if (
        len(qw) > 3
        and qw[3] in _STOP
        and _within([qw[2]], (part_words if hits_part else rest_words or []) + context)
    ):
        item = singular(qw[2])  # "How many girls are ...": the answer counts girls
    if hits_part:
        if negated:
            return _Reading(
                n - part,
                rf"p = {f_tex} \cdot {whole_tex} \\ x = {whole_tex} - p",
                item,
                f"the {noun} not {pred}",
                "part of a whole",
            )
        return _Reading(
            part, rf"x = {f_tex} \cdot {whole_tex}", item, f"the {noun} {pred}", "part of a whole"
        )
    if hits_rest and not negated:
        return _Reading(
            n - part,
            rf"p = {f_tex} \cdot {whole_tex} \\ x = {whole_tex} - p",
            item,
            "the rest",
            "part of a whole",
        )
    return None


def _same_noun(a: str, noun: str, kinds: list[str]) -> bool:
    return (
        _same(a.split()[-1], noun.split()[-1])
        or (a == noun)
        or (bool(kinds) and a in (noun, "children", "kids", "people"))
        or (a == "money" and singular(noun.split()[-1]) == "dollar")
    )


def _same_word_in(word: str, words: list[str]) -> bool:
    return any(_same(word, k) for k in words)


def _full(body: list[str], q: str) -> _Reading | None:
    if len(body) != 2:
        return None
    h, f_m = _HOLDS.match(body[0]), _FULL.match(body[1])
    if h is None or f_m is None or len(numbers_in(body[1])) != len(numbers_in(f_m.group("f"))):
        return None
    if f_m.group("box") and not _same(f_m.group("box").split()[-1], h.group("box").split()[-1]):
        return None
    stuff = {x for x in (h.group("stuff"), f_m.group("stuff")) if x}
    if len(stuff) > 1:
        return None
    f = _frac(f_m.group("f"))
    if f is None or not 0 < f < 1:
        return None
    n, unit = Fraction(h.group("n")), h.group("unit")
    qw = _words(q)
    if qw[:2] != ["how", "many"] or not _covers(qw, [unit]) or any(x in _NOT for x in qw):
        return None
    known = [*_words(h.group("box")), *stuff, unit, "now"]
    extra = [x for x in _content(q) if not _within([x], known)]
    part_tex = rf"{_pct_tex(f_m.group('f'), f)} \cdot {_tex(n)}"
    if not extra:
        return _Reading(
            f * n,
            rf"x = {part_tex}",
            singular(unit),
            f"the {unit} in the {h.group('box')}",
            "part of a whole",
        )
    if set(extra) - {"can", "could", "need", "needed", "take", "it", "up"} in (
        {"more", "hold"},
        {"more", "fill"},
    ):
        return _Reading(
            n - f * n,
            rf"p = {part_tex} \\ x = {_tex(n)} - p",
            singular(unit),
            f"the {unit} still to fill",
            "part of a whole",
        )
    return None


# a number of things, or an amount of money, changed by a percent: "A town has 5000 people. The
# population grew by 20%."; "The number of students increased by 10%"; "Her savings went up by 5%"
_GROWN = re.compile(
    rf"^(?:[Tt]he\s(?:number|amount)\sof\s(?P<ref>{_NOUN})|[Tt]he\s(?P<ref2>{_NOUN})|(?:[Hh]is|[Hh]er|[Tt]heir)\s(?P<ref3>{_NOUN}))\s(?:has\s|have\s|had\s)?"
    rf"(?P<dir>increased|decreased|grew|grown|went\sup|went\sdown|gone\sup|gone\sdown|rose|risen|dropped|fell|fallen)\sby\s{_PCT}$"
)
_PEOPLE = ("people", "residents", "citizens", "inhabitants", "persons")


def _grown(body: list[str], q: str) -> _Reading | None:
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


def _share(body: list[str], q: str) -> _Reading | None:
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


def _price(body: list[str], q: str) -> _Reading | None:
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
        f"So the answer is **{sp.latex(value)} {unit}**.",
    ]
    sol = Solution(KIND, r.equation, steps, sp.latex(value), value)
    sol.unit = unit  # type: ignore[attr-defined]
    sol.equations = eqs  # type: ignore[attr-defined]
    return sol
