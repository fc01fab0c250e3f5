# ruff: noqa: E501  (regular expressions, one a line)
"""Time a task takes, for the multi-step reader (:mod:`chain_clauses`, :mod:`chain_questions`):
"It takes David 10 minutes to wash 4 windows", "It takes 20 minutes to paint a fence", "Each
cake takes 30 minutes to bake" state the time for one (time per item = time / count); "How long
will it take him to wash 64 windows?", "How many hours will it take David to wash all of the
windows?" ask the time for many (time = count x time per item), in minutes, hours or seconds
(60 of each in the next)."""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.chain_story import Story, Unread, holder
from tutor.math.wordproblems.chain_words import ITEM, NUM, SUBJ, item_key, verb_of

__all__ = ["read_takes", "takes_question"]

_UNIT = r"(?P<u>seconds|minutes|hours|second|minute|hour)"
_TAKES = re.compile(
    rf"^(?:[Ii]t\s(?:takes|took)\s(?:(?P<s>{SUBJ}|him|her|them)\s)?(?P<n>{NUM})\s{_UNIT}\s(?:for\s(?P<s3>{SUBJ}|him|her|them)\s)?to\s(?P<v>[a-z]+)\s(?:(?P<k>{NUM})|a|an|one|each)\s(?P<item>{ITEM})"
    rf"|(?:[Ee]ach|[Ee]very|[Aa]|[Aa]n|[Oo]ne)\s(?P<item2>{ITEM})\s(?:takes|took)\s(?:(?P<s2>{SUBJ}|him|her|them)\s)?(?P<n2>{NUM})\s(?P<u2>seconds|minutes|hours|second|minute|hour)\sto\s(?P<v2>[a-z]+))$"
)
_SECONDS = {"second": 1, "minute": 60, "hour": 3600}


def _base(word: str) -> str:
    v = verb_of(word)
    return v[0] if v else word


def read_takes(story: Story, t: str) -> bool:
    m = _TAKES.match(t)
    if not m:
        return False
    item = item_key(m.group("item") or m.group("item2"))
    if item is None:
        return False
    if m.group("s") and m.group("s3"):
        raise Unread(t)
    who = m.group("s") or m.group("s2") or m.group("s3")
    owner = holder(story, who) if who else None
    verb = _base(m.group("v") or m.group("v2"))
    unit = (m.group("u") or m.group("u2")).rstrip("s")
    if any(k[1:] == (verb, item) and k[0] == owner for k in story.takes):
        raise Unread(t)
    time = story.number(m.group("n") or m.group("n2"))
    if m.group("k"):
        time = time / story.number(m.group("k"))
    per = story.unknown(f"the {unit}s to {verb} one {item}")
    story.equation(per, time)
    story.takes[(owner, verb, item)] = (per, unit)
    if owner:
        story.last_owner = owner
    story.last_item = item
    return True


_ASK = re.compile(
    rf"^how\s(?:long|many\s(?P<u>seconds|minutes|hours))\s(?:will|does|did|would|should)\sit\stake\s(?:(?P<s>{SUBJ}|him|her|them)\s)?to\s(?P<v>[a-z]+)\s(?:(?P<n>{NUM})|(?P<all>all\s(?:of\s)?(?:the|his|her|their)|the))\s(?P<item>{ITEM})$"
)


def takes_question(story: Story, t: str, all_of):
    """(the time asked, its unit) for "How long will it take him to wash 64 windows?"; None when
    the question is not of that kind. `all_of(item)` is every one of the item the story holds."""
    m = _ASK.match(t)
    if not m:
        return None
    item = item_key(m.group("item"))
    verb = _base(m.group("v"))
    found = [k for k in story.takes if k[1:] == (verb, item)]
    if len(found) > 1 and m.group("s"):
        who = holder(story, m.group("s"))
        found = [k for k in found if k[0] == who]
    if len(found) != 1:
        raise Unread(t)
    if m.group("s") and found[0][0] and holder(story, m.group("s")) != found[0][0]:
        raise Unread(t)
    per, unit = story.takes[found[0]]
    count = story.number(m.group("n")) if m.group("n") else all_of(item)
    asked = m.group("u").rstrip("s") if m.group("u") else unit
    return count * per * sympy_module().Rational(_SECONDS[unit], _SECONDS[asked]), asked
