# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""Part-whole over holders: a group's total told, every holder's part but one told, the one left
asked ("Together they scored 13 points. Edward scored 7 of the points. How many points did his
friend score?", "Sam and Erica have 91 dollars together. Sam has 38 dollars. How much does Erica
have?").

A schema of the schema reader (:mod:`schemas`), strict on purpose: exactly one amount marked as
the group's ("together", "in all", "a total of", "combined"), every other amount one named holder's
part of the same thing with the same verb, the holders the story names are exactly those parts'
holders and the one asked, and the question asks that holder's part (no total, more, left)."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.wordproblems.fact_words import _HOLD, _NOT_NAME, _PRONOUN
from tutor.math.wordproblems.facts import Fact, Question, SchemaAnswer, _matches, _per_of, _show
from tutor.math.wordproblems.vocabulary import IRREGULAR_PAST, same_verb

__all__ = ["group_less_parts"]

_GROUP_AFTER = re.compile(r"\s(?:together|altogether|in\sall|in\stotal|combined|between\sthem)\b")
_GROUP_BEFORE = re.compile(
    r"(?:\b(?:together|altogether|combined)\b.*|\ba\s(?:combined\s)?total\sof\s)$", re.I
)
# anything that makes the story more than parts of one whole
_NOT_PARTS = re.compile(
    r"\b(?:each|every|per|apiece|than|times|twice|half|left|remain\w*|rest|more|fewer|less|gave|give|lost|spent|sold|ate|took|shared?|split|divided|equal\w*|average|percent|change|back|after|before|then|later|now|still|each\sother|not|n't|only)\b|%",
    re.I,
)
_KIN = r"(?:friend|brother|sister|mom|dad|mother|father|son|daughter|aunt|uncle|cousin|grandma|grandpa|grandmother|grandfather|teacher|neighbor|partner|teammate|wife|husband)"
_HOLDER = re.compile(rf"\b(?:(?:his|her|their)\s{_KIN}|(?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+)\b")


def _lemma(verb: str | None) -> str | None:
    if verb is None:
        return None
    v = verb.lower()
    if v in _HOLD:
        return "have"
    for base, past in IRREGULAR_PAST.items():
        if v in (base, past, base + "s"):
            return base
    return v


def _same(a: str | None, b: str | None) -> bool:
    la, lb = _lemma(a), _lemma(b)
    if la is None or lb is None:
        return False
    return la == lb or same_verb(la, lb) or same_verb(lb, la)


def _holders(story: str) -> set[str]:
    found = set()
    for m in _HOLDER.finditer(story):
        w = m.group(0)
        if w.split()[0] in _NOT_NAME and " " not in w:
            continue
        found.add(w.lower())
    return found


def group_less_parts(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    if q.item is None or q.how or len(facts) < 2 or _NOT_PARTS.search(story) or _NOT_PARTS.search(q.text):
        return None
    if re.search(r"\b(?:total|in\sall|altogether|together|combined|both|they|them)\b", q.text, re.I):
        return None
    if any(f.cmp or f.more or _per_of(f) is not None for f in facts):
        return None
    wholes = [
        f
        for f in facts
        if (_GROUP_AFTER.match(f.after) or _GROUP_BEFORE.search(f.before))
        and f.owner is not None
        and (f.owner.lower() == "they" or " and " in f.owner)
    ]
    if len(wholes) != 1:
        return None
    whole = wholes[0]
    parts = [f for f in facts if f is not whole]
    owners = [f.owner for f in parts]
    if any(o is None or o.lower() in _PRONOUN for o in owners) or len(set(owners)) != len(owners):
        return None
    if not all(_matches(q.item, f) and f.item is not None and f.item.head == whole.item.head for f in parts):  # type: ignore[union-attr]
        return None
    if not _matches(q.item, whole):
        return None
    # the asked holder: the question's subject after its auxiliary
    am = re.match(
        rf"^((?:his|her|their)\s{_KIN}|(?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+)\s([a-z]+)(?:\s.*)?$",
        q.rest,
    )
    if am is None:
        return None
    asked, asked_verb = am.group(1).lower(), am.group(2)
    story_words = {w.lower() for w in re.findall(r"[A-Za-z']+", story)}
    if any(
        w.lower() not in story_words | {"the", "a", "an"}
        for w in re.findall(r"[A-Za-z']+", q.rest[am.end(2) :])
    ):
        return None  # "How many pens did Ann buy today?": a limit the story does not tell
    told = {o.lower() for o in owners if o is not None}
    if asked in told or _holders(story) != told | {asked}:
        return None
    named = _holders(whole.text)
    if len(named) >= 2 and named != told | {asked}:
        return None  # "Ann and Bo have 30 together. ... Cy has 5": Cy's are not of the group's 30
    if not all(_same(f.verb, whole.verb) for f in parts) or not _same(asked_verb, whole.verb):
        return None
    value = whole.value - sum((f.value for f in parts), Fraction(0))
    if value <= 0:
        return None
    eq = f"{_show(whole.value)} = " + " + ".join([_show(f.value) for f in parts] + ["x"])
    return SchemaAnswer("part-whole", value, eq, q.item, f"{q.item} of {am.group(1)}", facts)
