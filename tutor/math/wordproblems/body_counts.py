# ruff: noqa: E501  (the tables are long, one a line)
"""Legs, eyes, ears and wheels the story never states: "I see 35 elephants and 48 tigers. How many
legs do I see?" is 35 x 4 + 48 x 2... x 4. The reader knows how many of each part a common animal,
a person or a vehicle has, and answers only when every number counts such a thing and the story
itself says nothing about the parts (a dog "with 3 legs", "one-legged", a missing wheel: refused)."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.wordproblems.facts import Fact, Question, SchemaAnswer, _show
from tutor.math.wordproblems.structures import Item

__all__ = ["body_counts"]

_PEOPLE = {"person", "boy", "girl", "man", "woman", "child", "kid", "student", "baby", "adult", "friend", "player", "teacher", "farmer"}  # fmt: skip
_BIRDS = {"bird", "chicken", "duck", "hen", "rooster", "goose", "turkey", "pigeon", "penguin", "ostrich", "owl", "parrot", "swan", "crow", "eagle", "sparrow", "chick", "duckling", "peacock", "flamingo"}  # fmt: skip
_FOUR_LEGGED = {"dog", "cat", "cow", "horse", "pig", "sheep", "goat", "elephant", "tiger", "lion", "bear", "zebra", "giraffe", "rabbit", "puppy", "kitten", "fox", "wolf", "deer", "camel", "donkey", "mouse", "lamb", "calf", "pony", "hamster", "bull", "ox", "leopard", "cheetah", "rhino", "hippo", "squirrel", "raccoon"}  # fmt: skip
_SIX_LEGGED = {"ant", "bee", "butterfly", "beetle", "ladybug", "fly", "grasshopper", "cricket", "insect", "caterpillar_never"}  # fmt: skip
# how many of each part: legs and feet of animals and people, eyes and ears of mammals and
# people (birds have no outer ears; spiders and insects, other eyes: not counted), wheels
_PARTS: dict[str, dict[str, int]] = {
    "leg": {
        **dict.fromkeys(_PEOPLE | _BIRDS, 2),
        **dict.fromkeys(_FOUR_LEGGED, 4),
        **dict.fromkeys(_SIX_LEGGED - {"caterpillar_never"}, 6),
        "spider": 8,
    },
    "foot": {**dict.fromkeys(_PEOPLE | _BIRDS, 2), **dict.fromkeys(_FOUR_LEGGED, 4)},
    "eye": dict.fromkeys(_PEOPLE | _FOUR_LEGGED | _BIRDS, 2),
    "ear": dict.fromkeys(_PEOPLE | _FOUR_LEGGED, 2),
    "wheel": {"bicycle": 2, "bike": 2, "tricycle": 3, "car": 4, "motorcycle": 2, "unicycle": 1, "scooter": 2},
}
_PART_WORDS = r"\b(?:legs?|legged|feet|foot|footed|eyes?|eyed|ears?|eared|wheels?|wheeled|paws?|limbs?|missing|injured|lost|broken|blind|deaf|only|without|except|some|each|every|per|more|fewer|less|than|left|gave|sold|ate|flew|ran|went|times|twice|half|toy|toys|stuffed|statues?|pictures?|drawings?|models?|pairs?)\b"


def body_counts(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """The parts asked, counted from how many of each thing the story states."""
    if q.item is None or q.how or not facts:
        return None
    part = q.item.head
    table = _PARTS.get(part)
    if table is None or re.search(_PART_WORDS, story, re.I):
        return None
    kinds = q.item.mods - {"animal", "total"}
    if re.search(r"\b(?:left|now|after|still|each|every|per|more|fewer|than|only)\b", q.text, re.I):
        return None
    seen = {
        None,
        "see",
        "saw",
        "sees",
        "seen",
        "are",
        "were",
        "is",
        "was",
        "counted",
        "counts",
        "spotted",
        "watched",
    }
    if any(f.verb not in seen for f in facts) and not re.match(
        r"(?:they|the\s[a-z]+)\s(?:have|had)\b", q.rest
    ):
        return None  # "A farmer has 5 cows. How many legs are there?": the farmer's own two?
    terms = []
    for f in facts:
        if (
            f.item is None
            or f.cmp
            or f.more
            or f.of
            or f.item.mods
            - {"baby", "little", "big", "small", "adult", "young", "old", "pet", "wild", "grazing"}
        ):
            return None
        n = table.get(f.item.head)
        if n is None or f.value.denominator != 1:
            return None
        if kinds and not kinds <= {f.item.head, f.item.head + "s"} | _kind_words(f.item):
            return None  # "bird legs" asked, dogs told
        terms.append((f, n))
    total = sum((f.value * n for f, n in terms), Fraction(0))
    eq = "x = " + " + ".join(f"{_show(f.value)} \\times {n}" for f, n in terms)
    return SchemaAnswer(
        "counting parts",
        total,
        eq,
        Item(part),
        f"{part}s in all ({', '.join(f'{n} per {f.item}' for f, n in terms)})",
        facts,
    )


def _kind_words(item: Item) -> set[str]:
    head = item.head
    out = {head}
    if head in _BIRDS:
        out.add("bird")
    if head in _FOUR_LEGGED | _BIRDS:
        out.add("animal")
    if head in _PEOPLE:
        out |= {"people", "human", "person"}
    return out
