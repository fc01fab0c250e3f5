# ruff: noqa: E501  (regular expressions, one a line)
"""The multi-step reader's statements about a group or an age (:mod:`chain_clauses`): what a group
holds together ("Tom and Ann have 66 candies together": the sum of what each holds) and how old
someone is, now or at another time ("Emma is 7", "Jo is 3 years older than Al", "In 5 years, Jo
will be 12")."""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.chain_story import Story, Unread, factor, holder
from tutor.math.wordproblems.chain_words import ITEM, MULTIPLIER, NUM, SUBJ, item_key

__all__ = ["read_age", "read_together"]


_AGE_TARGET = rf"(?P<t>{SUBJ}|him|her)(?:'s\sage)?"


def read_together(story: Story, subject: str, adverb: str, rest: str) -> bool:
    """What a group holds together: "Tom and Ann have 66 candies together", "They have a combined
    total of 76 dollars", "Amon & Rhonda combined have 215 marbles": the sum of what each holds."""

    m = re.fullmatch(
        rf"(?:a\scombined\s(?:total\sof\s)?)?(?P<n>{NUM})\s(?:total\s)?(?P<item>{ITEM})(?P<tog>\s(?:together|combined|in\stotal|altogether|total|between\sthem))?",
        rest,
    ) or re.fullmatch(rf"a\s(?P<tog>combined|total)\s(?P<item>age)\sof\s(?P<n>{NUM})", rest)
    if not m or not (
        m.group("tog") or adverb.strip() in ("combined", "together") or rest.startswith("a combined")
    ):
        return False
    if re.search(r"\s(?:and|&)\s", subject):
        members = [holder(story, w) for w in re.split(r",\s(?:and\s|&\s)?|\s(?:and|&)\s", subject)]
    elif subject.lower() in ("they", "we") and len(story.persons) >= 2:
        members = list(story.persons)
    else:
        return False
    item = "age" if m.group("item") == "age" else item_key(m.group("item"))
    if item is None or len(set(members)) != len(members):
        raise Unread(rest)
    total = story.holding(members[0], item)
    for w in members[1:]:
        total = total + story.holding(w, item)
    story.equation(total, story.number(m.group("n")))
    for w in members:
        story.note_person(w)
    story.last_item, story.last_owner = item, None
    return True


def read_age(story: Story, t: str) -> bool:
    """How old: "Emma is 7 years old", "Jo is 3 years older than Al", "Al is twice as old as Jo",
    "Patrick is half the age of his brother Robert" (an age is what "how old" asks)."""

    m = re.fullmatch(
        rf"(?:[Ii]n\s(?P<later>{NUM})\syears,?\s(?P<s1>{SUBJ})\swill\sbe|(?P<ago>{NUM})\syears\sago,?\s(?P<s2>{SUBJ})\swas)\s(?P<m>{NUM})(?:\syears\sold)?",
        t,
    ) or re.fullmatch(
        rf"(?P<s3>{SUBJ})\s(?:will\sbe\s(?P<m2>{NUM})(?:\syears\sold)?\sin\s(?P<later2>{NUM})\syears|was\s(?P<m3>{NUM})(?:\syears\sold)?\s(?P<ago2>{NUM})\syears\sago)",
        t,
    )
    if m:  # "In 5 years, Jo will be 12": Jo's age now is 12 - 5
        g = {k: v for k, v in m.groupdict().items() if v}
        owner = holder(story, g.get("s1") or g.get("s2") or g["s3"])
        later, ago = g.get("later") or g.get("later2"), g.get("ago") or g.get("ago2")
        if later and "m2" in g:  # the age comes first in "will be 12 in 5 years"
            then, shift = story.number(g["m2"]), story.number(later)
        elif ago and "m3" in g:
            then, shift = story.number(g["m3"]), -story.number(ago)
        else:
            shift = story.number(later) if later else -story.number(str(ago))
            then = story.number(g["m"])
        now = story.holding(owner, "age")
        story.equation(now + shift, then)
        if owner[:1].isupper():
            story.note_person(owner)
        story.last_owner = owner
        return True
    m = re.match(rf"^(?P<s>{SUBJ})\s(?:is|was)\s(?P<rest>.+)$", t)
    if not m:
        return False
    owner, rest = holder(story, m.group("s")), m.group("rest")
    sp = sympy_module()
    a = re.fullmatch(rf"(?P<n>{NUM})(?:\syears?\sold)?", rest)
    b = re.fullmatch(
        rf"(?P<n>{NUM})\syears?\s(?P<dir>older|younger)\sthan\s(?:(?P<k>{MULTIPLIER})\sthe\sage\sof\s)?{_AGE_TARGET}",
        rest,
    )
    c = re.fullmatch(rf"(?P<k>{MULTIPLIER})\s(?:as\sold\sas|the\sage\sof)\s{_AGE_TARGET}", rest)
    if a:
        value = story.number(a.group("n"))
    elif b or c:
        g = (b or c).groupdict()  # type: ignore[union-attr]
        other = holder(story, g["t"])
        if other == owner:
            raise Unread(t)
        value = story.holding(other, "age")
        if g.get("k"):
            value = factor(g["k"], story) * value
        if b:
            n = story.number(g["n"])
            value = value + n if g["dir"] == "older" else value - n
    else:
        return False
    if owner[:1].isupper():
        story.note_person(owner)
    story.last_owner = owner
    story.has(owner, "age", value)
    del sp
    return True
