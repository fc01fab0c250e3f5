# ruff: noqa: E501  (regular expressions, one a line)
"""The multi-step reader's rates that name no holder (:mod:`chain_clauses`): a price ("Each pen
costs $2", "Pens cost $2 each", "The cost of an adult ticket is $12") and what one container holds
("Each crate holds 20 apples", "There are 6 eggs in each box")."""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_story import Story, Unread
from tutor.math.wordproblems.chain_words import ITEM, NUM, item_key
from tutor.math.wordproblems.reading import singular

__all__ = ["read_rate"]


def read_rate(story: Story, t: str) -> bool:
    """A price or a container's size: "Each pen costs $2", "Pens cost $2 each", "A box holds 6
    eggs", "There are 6 eggs in each box"."""
    m = re.match(
        rf"^(?:(?:each|every|a|an|one)\s(?P<one>{ITEM})|(?P<many>{ITEM}))\s(?:costs?|is|are|sells?\sfor|sold\sfor)\s(?P<p>{NUM})\sdollars?(?P<each>\s(?:each|apiece|a\spiece|per\s[a-z]+))?$",
        t,
        re.I,
    )
    plural = (
        m and m.group("many") and singular(m.group("many").split()[-1]) != m.group("many").split()[-1].lower()
    )
    if m and (m.group("one") or m.group("each") or plural):
        item = item_key(m.group("one") or m.group("many"))
        if item is None:
            return False
        per = re.fullmatch(r"\s?per\s([a-z]+)", m.group("each") or "")
        if per and singular(per.group(1)) != item.split(" of ")[0].split()[-1]:
            if " of " in item:
                return False
            item = f"{singular(per.group(1))} of {item}"  # "$2 per pound": the price of a pound of apples
        story.equation(story.price(item), story.number(m.group("p")))
        story.last_item = item
        return True
    m = re.match(
        rf"^[Tt]he\s(?:cost|price)\sof\s(?:a|an|one|each)\s(?P<one>{ITEM})\s(?:is|was)\s(?P<p>{NUM})\sdollars?$",
        t,
    )
    if m:  # "The cost of an adult ticket is 12 dollars"
        item = item_key(m.group("one"))
        if item is None:
            return False
        story.equation(story.price(item), story.number(m.group("p")))
        story.last_item = item
        return True
    m = re.match(
        rf"^(?:(?:each|every)\s(?P<c0>{ITEM})\s(?:has|have)|(?:each|every|a|an|one)\s(?P<c>{ITEM})\s(?:holds|contains|can\shold|comes\swith|fits|can\sfit))\s(?P<n>{NUM})\s(?P<item>{ITEM})$",
        t,
        re.I,
    ) or re.match(
        rf"^[Tt]here\s(?:are|is)\s(?P<n>{NUM})\s(?P<item>{ITEM})\s(?:in|on)\s(?:each|every)\s(?P<c>{ITEM})$",
        t,
    )
    if m:
        c, item = item_key(m.groupdict().get("c0") or m.group("c")), item_key(m.group("item"))
        if c is None or item is None:
            return False
        if (c, item) in story.holds:
            raise Unread(t)
        story.holds[(c, item)] = story.number(m.group("n"))
        story.holds[(f"{c} of {item}", item)] = story.holds[(c, item)]  # "3 packs of pencils"
        story.last_item = item
        return True
    return False
