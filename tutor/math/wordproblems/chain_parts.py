# ruff: noqa: E501  (regular expressions, one a line)
"""The multi-step reader's parts of a whole (:mod:`chain_clauses`): "There are 30 balls. 12 are red,
1/3 of the rest are blue and the rest are green" -> red balls = 12, blue balls = (30 - 12) / 3,
green balls = 30 - 12 - blue balls. A part is a kind of the whole's item ("red ball"), held by the
whole's holder; "the rest" is what the parts named so far leave."""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_story import Story, Unread, factor
from tutor.math.wordproblems.chain_words import ITEM, MULTIPLIER, NUM, VERBS, item_key

__all__ = ["read_part"]

_OF = r"(?:of\s(?:the\s|them|(?:his|her|their|its)\s|[A-Z][a-z]+'s\s)?(?P<item>" + ITEM + r")?\s?)"
_PART = re.compile(
    rf"^(?:(?P<n>{NUM})|(?P<pct>{NUM})\s?(?:%|percent)|(?P<k>{MULTIPLIER}))(?:\s{_OF})?\s(?:are|were|is|was)\s(?P<adj>[a-z]+)$"
)
_REST = re.compile(
    rf"^(?:(?P<k>{MULTIPLIER}|(?P<pct>{NUM})\s?(?:%|percent))\sof\s)?(?:the\s)?(?:rest|remaining|remainder|others)(?:\s{_OF})?\s(?:are|were|is|was)\s(?P<adj>[a-z]+)$",
    re.I,
)
_NOT_KIND = {
    "left",
    "there",
    "here",
    "not",
    "all",
    "each",
    "more",
    "less",
    "fewer",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "for",
}


def read_part(story: Story, t: str) -> bool:
    """A part of a whole the story gave; False when `t` is not one."""
    rest = _REST.match(t)
    m = rest or _PART.match(t)
    if not m:
        return False
    g = m.groupdict()
    adj = g["adj"]
    if adj in _NOT_KIND or adj in VERBS or adj.endswith("ing"):
        return False
    item = item_key(g["item"]) if g.get("item") else story.last_item
    if item is None:
        raise Unread(t)
    owners = [o for (o, i) in story.current if i == item]
    if len(owners) != 1:
        raise Unread(t)  # whose whole is it?
    owner = owners[0]
    whole = story.current[(owner, item)]
    parts = story.parts.setdefault((owner, item), [])
    # every kind of it the holder was said to hold ("blue butterflies", "yellow butterflies")
    kinds = [
        sym
        for (o, i), sym in story.current.items()
        if o == owner and i.endswith(" " + item) and " of " not in i
    ]
    left = whole - sum(kinds) if kinds else whole
    if rest:
        base = left
    elif g.get("item") and re.match(r"of\s", t[len(g.get("n") or g.get("pct") or g.get("k") or "") + 1 :]):
        base = whole  # "2/3 of the dolls are ...": of the whole
    else:
        base = whole
    if g.get("n"):
        value = story.number(g["n"])
        if rest:
            raise Unread(t)
    elif g.get("pct"):
        value = story.number(g["pct"]) / 100 * base
    elif g.get("k"):
        value = factor(g["k"], story) * base
    else:
        value = base  # "the rest are green"
    kind = f"{adj} {item}"
    if (owner, kind) in story.current:
        raise Unread(t)
    story.has(owner, kind, value)
    parts.append(story.current[(owner, kind)])
    return True
