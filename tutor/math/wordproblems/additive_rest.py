# ruff: noqa: E501  (regular expressions, one a line)
"""The rest of a whole: a whole told first, parts of it told by what they are, "the rest are X",
and X asked ("A box has 12 pens. 5 pens are red and 3 pens are blue. The rest are green. How many
pens are green?", "94 students signed up. There were 24 second graders and 29 third graders. The
rest of the students were fourth graders. How many fourth graders signed up?").

Strict on purpose: the whole is the story's first number and its largest, every other number is
a part told in a statement with no change or comparison, one sentence says what the rest are, and
the question asks exactly that (no "not", "more", "left", no number). Anything else: None."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.problems import Solution
from tutor.math.wordproblems.questions import question_parts
from tutor.math.wordproblems.reading import drop_asides, normalise, numbers_in, sentences, singular
from tutor.math.wordproblems.structures import Item
from tutor.math.wordproblems.vocabulary import QUANTITY_WORDS, untold_change

__all__ = ["read_rest"]

_REST = re.compile(
    r"^(?:[Tt]he\srest|[Aa]ll\sthe\sothers|[Tt]he\sothers|[Tt]he\sremaining\s[a-z]+)(?:\sof\s(?:them|the\s[a-z]+(?:\s[a-z]+)?))?\s(?:are|were|is|was)\s(?:all\s)?(?P<d>[a-z][a-z' -]*?)\.?$"
)
_NOT_PART = re.compile(
    r"\b(?:more|fewer|less|than|each|every|per|times|twice|half|left|remain\w*|gave|lost|sold|ate|spent|used|broke|took|not|n't|only|some|several|another|other|extra|total|altogether|in\sall|percent)\b|\b(?:a|one|two|three)\s(?:half|third|quarter|fourth|fifth)s?\b|%",
    re.I,
)
_FRACTION = re.compile(
    r"\b(?:half|halves|twice|double|triple|times|percent|fraction)\b|%|\d/\d|-(?:half|third|fourth|fifth|sixth|tenth)s?\b"
    r"|\b(?:third|fourth|fifth|sixth|tenth)s?\sof\b",
    re.I,
)
_ASK = re.compile(r"^how\smany\s(?P<body>.+?)\??$", re.I)


def read_rest(text: str) -> Solution | None:
    s = drop_asides(normalise(text))
    ss = sentences(s)
    if len(ss) < 3 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    cond, q = question_parts(ss[-1].text)
    if cond or numbers_in(q):
        return None
    statements = [x.text for x in ss[:-1]]
    rests = [m for m in (_REST.match(t) for t in statements) if m]
    if len(rests) != 1:
        return None
    rest_desc = rests[0].group("d").strip()
    if not rest_desc or _NOT_PART.search(rest_desc) or re.search(r"\d|\b(?:and|or|both)\b", rest_desc):
        return None
    others = [t for t in statements if not _REST.match(t)]
    numbered = [t for t in others if numbers_in(t)]
    if len(numbered) < 2 or any(not numbers_in(t) and re.search(r"\d", t) for t in others):
        return None
    whole_sentence, part_sentences = numbered[0], numbered[1:]
    if len(numbers_in(whole_sentence)) != 1:
        return None
    if _NOT_PART.search(whole_sentence) or any(_NOT_PART.search(t) for t in part_sentences):
        return None
    if untold_change(statements, q):
        return None
    if any(_FRACTION.search(t) for t in statements):
        return None  # "Half are blue", "One-third of the box": a part told as a share of the whole
    if any(QUANTITY_WORDS.search(t) for t in others if not numbers_in(t)):
        return None  # a sentence without a number that still counts
    whole = Fraction(numbers_in(whole_sentence)[0])
    wm = re.search(r"\d[\d.]*\s((?:[a-z][a-z'-]*\s?){1,3})", whole_sentence)
    if wm is None:
        return None
    whole_noun = wm.group(1).split()
    parts = [Fraction(n) for t in part_sentences for n in numbers_in(t)]
    # a part is told by what it is ("12 are cows", "5 pens are red", "24 second graders"), never as a
    # kind of another part ("8 cows are brown": some of the cows, not a part of its own)
    whole_head = singular(whole_noun[-1]) if whole_noun else ""
    for t in part_sentences:
        for m in re.finditer(
            r"\d[\d.]*\s(?:of\s(?:them|the\s[a-z]+)\s)?((?:[a-z]+\s){1,2}?)(?:are|were|is|was)\s", t
        ):
            if singular(m.group(1).split()[-1]) != whole_head:
                return None
    # every part is told as "N <words>" with its own words, none of them the rest's
    for t in part_sentences:
        for m in re.finditer(r"\d[\d.]*\s?((?:[a-z][a-z'-]*\s?){0,3})", t):
            if rest_desc in m.group(1):
                return None
    # the question asks the rest: its words, and nothing it does not say
    qm = _ASK.match(q.strip())
    if qm is None:
        return None
    body = qm.group("body")
    if _NOT_PART.search(body) or rest_desc not in body or re.search(r"\b(?:and|or|both)\b", body):
        return None
    told = {w.lower() for w in re.findall(r"[A-Za-z']+", " ".join(statements))}
    allowed = {
        "are",
        "were",
        "is",
        "was",
        "there",
        "of",
        "them",
        "the",
        "did",
        "does",
        "do",
        "have",
        "has",
        "had",
        "he",
        "she",
        "they",
        "it",
        "in",
        "on",
        "at",
    }
    if any(w.lower() not in told | allowed for w in re.findall(r"[A-Za-z']+", body)):
        return None
    value = whole - sum(parts, Fraction(0))
    if value <= 0 or any(p >= whole for p in parts):
        return None
    return _solution(whole, parts, value, rest_desc, whole_noun)


def _solution(
    whole: Fraction, parts: list[Fraction], value: Fraction, desc: str, noun: list[str]
) -> Solution:
    from tutor.math.wordproblems.facts import SchemaAnswer
    from tutor.math.wordproblems.schema_solution import schema_solution as _schema_solution

    eq = f"{whole} = " + " + ".join([str(p) for p in parts] + ["x"])
    item = Item.of(desc.split()) if desc.split()[-1].endswith("s") else Item.of(noun)
    return _schema_solution(SchemaAnswer("part-whole", value, eq, item, f"the rest ({desc})"))
