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
refused), a price a whole number of cents. Prices, changes and shares are read in
:mod:`percent_changes`; the words all of them share (fractions, wholes, the Solution) in
:mod:`percent_words`."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.problems import Solution
from tutor.math.wordproblems.percent_changes import changed_by_percent, price_changed, share_of_whole
from tutor.math.wordproblems.percent_words import (
    _BAD,
    _FRAC,
    _NAME,
    _NOT,
    _NOUN,
    _NUM,
    _REF,
    _STOP,
    _content,
    _covers,
    _frac,
    _pct_tex,
    _Reading,
    _same,
    _solution,
    _tex,
    _whole,
    _within,
    _words,
)
from tutor.math.wordproblems.reading import normalise, numbers_in, sentences, singular

__all__ = ["read_percent_part"]

_GATE = re.compile(
    r"\b(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?|percent|percentage|fraction|per\scent)\b|%|\d\s*/\s*\d",
    re.I,
)


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
    told = " ".join(body)
    if any(w[0].isupper() and not re.search(rf"\b{w}\b", told) for w in re.findall(r"[A-Za-z]+", q)[1:]):
        return None  # "What percentage of Ann's marbles are red?" of a story about Tom's
    reading = (
        price_changed(body, q)
        or _full(body, q)
        or changed_by_percent(body, q)
        or share_of_whole(body, q)
        or _part(body, q)
    )
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
    if re.search(
        r"\b(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?|percent|twice|double)\b",
        f"{pred} {told_rest}",
    ):
        return None  # "gave one third of them to her neighbor and half of the rest to her friend"
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
