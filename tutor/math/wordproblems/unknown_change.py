# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""The change the story leaves unsaid: a start, "some" gained or lost, the end told ("Hayley had 25
meatballs. Kirsten stole some of her meatballs. Now she has 11 meatballs. How many did Kirsten
steal?"). The question must ask that very change (its verb, or "how many more" for a gain); the
direction the verb gives must agree with the two amounts (a gain ends higher), else no answer."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.wordproblems.facts import _HOLD, Fact, Question, SchemaAnswer, _matches, _question_verb, _show
from tutor.math.wordproblems.reading import singular
from tutor.math.wordproblems.structures import Item
from tutor.math.wordproblems.vocabulary import GAIN, IRREGULAR_PAST, LOSE

__all__ = ["unknown_change", "kinds_then_taken"]

# verbs of a change for the holder, by base form
_GAINS = {"find", "buy", "get", "receive", "pick", "collect", "add", "put", "come", "join", "arrive", "gather", "make", "bake", "catch", "win", "earn", "borrow", "grow", "plant", "bring", "save"}  # fmt: skip
_LOSSES = {"give", "lose", "eat", "use", "spend", "sell", "steal", "remove", "break", "pop", "drink", "throw", "donate", "lend", "send", "leave", "take", "delete", "cut", "fly", "run", "swim", "walk"}  # fmt: skip
_PAST = {v: k for k, v in IRREGULAR_PAST.items()} | {"came": "come", "stole": "steal", "left": "leave", "brought": "bring", "flew": "fly",
    "broken": "break", "eaten": "eat", "taken": "take", "stolen": "steal", "given": "give", "thrown": "throw", "flown": "fly", "grown": "grow", "drunk": "drink"}  # fmt: skip
_PARTICLES = {"of", "to", "away", "off", "out", "from", "for", "in", "on", "at", "and", "into", "with", "back", "up", "down", "more", "then", "but", "so", "while", "now", "today", "yesterday"}  # fmt: skip
_OBJ = r"(?:her|him|them|me|us)"
# "stole some of her meatballs", "found some more shells", "gave her some more", "Some more come
# to join them", "Some of the balls were removed", "some flew away"
_SOME = re.compile(
    rf"(?:\b(?P<verb>[a-z]+)\s(?P<obj>{_OBJ}\s)?some\b(?P<tail>[^.,;]*)|\b[Ss]ome\s(?:more\s)?(?:of\s(?:the|them|his|her|their)\s?(?:[a-z]+\s)?|(?P<noun>[a-z]+)\s)?(?:(?:were|was|are|is|have\sbeen|had\sbeen|got)\s)?(?P<verb2>(?!to\b|of\b)[a-z]+)(?P<tail2>[^.,;]*))"
)
_END = re.compile(
    r"\b(?:now|left|ended\sup|in\sthe\send|at\sthe\send|remain(?:ing|s)?|still|then|after\sthat)\b", re.I
)


def _phrasal(text: str) -> str:
    """Verbs of two or three words as one: "got rid of" -> removed, "gave away" -> gave."""
    text = re.sub(
        r"\b(?:got|get|gets|getting)\srid\sof\b",
        lambda m: {"get": "remove", "gets": "removes", "getting": "removing"}.get(
            m.group(0).split()[0], "removed"
        ),
        text,
    )
    return re.sub(r"\b(gave|give|gives|threw|throw|throws)\s(?:away|out)\b", r"\1", text)


def _base(verb: str) -> str:
    v = verb.lower()
    if v in _PAST:
        return _PAST[v]
    if v in GAIN or v in LOSE:
        return {**GAIN, **LOSE}[v]
    if v.endswith("ing") and len(v) > 5:  # "after deleting some"
        stem = v[:-3]
        for cand in (stem, stem + "e", stem[:-1]):
            if cand in _GAINS | _LOSSES:
                return cand
    for suffix, cut in (("ied", "y"), ("ies", "y"), ("ed", ""), ("es", ""), ("s", "")):
        if v.endswith(suffix) and len(v) > len(suffix) + 2:
            stem = v[: -len(suffix)] + cut
            if stem in _GAINS | _LOSSES:
                return stem
            if suffix == "ed" and v[:-1] in _GAINS | _LOSSES:  # "removed" -> remove
                return v[:-1]
            if suffix == "ed" and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in _GAINS | _LOSSES:
                return stem[:-1]  # "popped" -> pop
    return v


def _told_change(story: str, item: Item | None = None) -> tuple[str, str] | None:
    """The one "some" change of the story: (the verb's base form, "gain" / "loss" for the
    holder); None when there is none, several, or its direction is not clear."""
    story = _phrasal(story)
    found = list(_SOME.finditer(story))
    if len(found) != 1 or len(re.findall(r"\bsome\b", story, re.I)) != 1:
        return None
    m = found[0]
    verb = _base(m.group("verb") or m.group("verb2"))
    tail = (m.group("tail") or m.group("tail2") or "").strip()
    if m.group("verb2") and m.group("noun") and verb not in _GAINS | _LOSSES:
        # "After some left he still had 3": the word after "some" is the verb, not a noun
        verb, tail = _base(m.group("noun")), (m.group("verb2") + " " + tail).strip()
    noun = re.match(r"(?:more\s)?([a-z]+)", tail) if m.group("verb") else None
    if noun and item is not None and noun.group(1) not in _PARTICLES and singular(noun.group(1)) != item.head:
        return None  # "after making some pies": some of another thing, not the one asked
    if m.group("verb2") and re.match(r"(?:to\s)?(?:join|come)\b", tail) and verb in ("come", "go"):
        return ("come", "gain") if verb == "come" else None  # "Some more come to join them"
    if m.group("obj"):
        # "her brother gave her some": to the holder; "stole him some" and the like: not read
        return (verb, "gain") if verb in ("give", "send", "bring", "buy", "lend", "hand") else None
    if verb in ("take", "steal"):
        # from the holder's things ("took some of his cards") or for themselves: only the first
        return (verb, "loss") if re.match(r"of\s(?:her|his|their|the|its)\b", tail) else None
    if verb in ("fly", "run", "swim", "walk", "go"):
        return (verb, "loss") if re.match(r"(?:away|off|out)\b", tail) else None
    if verb in _GAINS:
        if verb == "put" and not re.match(r"more\b", tail):
            return None
        return verb, "gain"
    if verb in _LOSSES:
        if re.match(r"more\b", tail):
            return None  # "ate some more": more of what is left, or more than before? not read
        return verb, "loss"
    return None


def unknown_change(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Start and end told, the change between them "some": the question asks the change."""
    if q.item is None or len(facts) != 2 or q.how not in ("", "more") or any(f.cmp or f.more for f in facts):
        return None
    item = q.item
    if re.search(r"\b(?:each|every|per|than|times|twice|half)\b", story + " " + q.text, re.I):
        return None
    told = _told_change(story, q.item)
    if told is None:
        return None
    verb, direction = told
    start, end = facts
    if not all(_matches(q.item, f) for f in facts) or start.sentence > end.sentence:
        return None
    held = start.verb in _HOLD or start.verb in ("put", "placed", "prepared", "made", "collected", "bought")
    if not held and not (start.verb is None and re.match(r"\s(?:are|were|is|was)\b", start.after)):
        return None  # "8 balls were in the basket" holds; "8 balls rolled in" does not say
    if not (_END.search(end.before[-30:]) or _END.search(end.after[:25])) or end.verb not in _HOLD:
        return None
    some_at = _SOME.search(story).start()  # type: ignore[union-attr]
    at_start, at_end = story.find(start.text), story.find(end.text)
    if at_start < 0 or at_end < 0 or not (at_start + len(start.before) < some_at < at_end + len(end.before)):
        return None  # the change told between the start and the end
    q = Question(q.text, q.item, q.money, q.how, _phrasal(q.rest), q.aux, q.owner, q.group)
    asked = _question_verb(q) or (re.match(r"(?:left|came|went\saway)\b", q.rest) and q.rest.split()[0]) or ""
    rest = (
        re.sub(r"^.*?\b(?:have|has|had|need(?:ed)?)\sto\s", "", q.rest)
        if re.search(r"\b(?:have|has|had)\sto\s", q.rest)
        else None
    )
    if rest:
        asked = re.match(r"[a-z]*", rest).group(0)  # type: ignore[union-attr]  # "did he have to add"
    if q.how == "more":
        if direction != "gain" or _base(asked) != verb:
            return None
    elif _base(asked) != verb:
        return None
    diff = end.value - start.value if direction == "gain" else start.value - end.value
    if diff <= 0:
        return None
    eq = (
        f"{_show(start.value)} + x = {_show(end.value)}"
        if direction == "gain"
        else f"{_show(start.value)} - x = {_show(end.value)}"
    )
    return SchemaAnswer("change", diff, eq, item, f"{item} {verb}", facts)


# "3 of them are taken out", "5 boxes are bought", "3 of them leave": gone from the place
_TAKEN = re.compile(
    r"\s(?:of\s(?:them|these|those)\s)?(?:(?:are|were|is|was|have\sbeen|had\sbeen|got)\s(?:taken(?:\sout|\saway)?|bought|sold|eaten|removed|used|given\saway|borrowed|checked\sout|adopted)|leave|left|went\shome|go\shome)\b"
)


def kinds_then_taken(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Kinds listed in one sentence, then some of them taken ("There are 2 green books, 1 blue book
    and 4 orange books. If 3 of them are taken out, how many books are left?"): the kinds added up,
    less the ones taken. Only when the kinds are all of the thing asked and the question asks what
    is left."""
    if q.item is None or q.how or len(facts) < 3 or any(f.cmp or f.more for f in facts):
        return None
    if not re.search(r"\b(?:left|remain(?:ing|s)?)\b", q.rest):
        return None
    if re.search(r"\b(?:each|every|per|than|times|twice|half|some|more|fewer|total|in\sall)\b", story, re.I):
        return None
    *kinds, taken = facts
    if len({f.sentence for f in kinds}) != 1 or taken.sentence == kinds[0].sentence:
        return None
    if any(
        f.item is None or f.of or f.item.head != q.item.head or not q.item.mods <= f.item.mods for f in kinds
    ):
        return None
    if len({f.item.mods for f in kinds if f.item is not None}) != len(kinds):
        return None  # each a different kind
    if taken.item is None or taken.item.head != q.item.head or not _TAKEN.match(taken.after):
        return None
    if not (taken.of or taken.elided or not taken.item.mods or taken.item.mods == q.item.mods):
        return None
    whole = sum((f.value for f in kinds), Fraction(0))
    val = whole - taken.value
    if val < 0:
        return None
    eq = "x = " + " + ".join(_show(f.value) for f in kinds) + f" - {_show(taken.value)}"
    return SchemaAnswer("combine, then change", val, eq, q.item, f"{q.item} left", facts)
