# ruff: noqa: E501  (regular expressions, one a line)
"""Discounts for the multi-step reader (:mod:`chain_clauses`): a percent off what a holder spent
("She gets a 10% discount on all the items she bought", "He was given a discount of 50%": every
amount spent so far is (1 - p) of what it was, and the money kept grows by the discount), a
percent added to it ("He pays a 10% sales tax", "She left a 20% tip on the bill": 1 + p), and a
sale on a price ("Shirts cost $20 each. They are on sale for 15% off": the price from now on is
(1 - p) of the old one). Spending after a holder's discount, or a sale on a price already paid,
is read both ways by people: refused."""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_story import Story, Unread, holder
from tutor.math.wordproblems.chain_words import ITEM, NUM, SUBJ, item_key

__all__ = ["read_discount"]


def _pct(name: str) -> str:
    return rf"(?P<{name}>{NUM})\s?(?:%|percent)"


_PERSON = re.compile(
    rf"^(?P<s>{SUBJ})\s(?:also\s)?(?:gets|got|receives|received|(?:is|was)\sgiven|gets\sgiven)\s(?:a\s{_pct('p')}\s(?:discount|off)|a\sdiscount\sof\s{_pct('p2')})"
    rf"(?:\s(?:on|off)\s(?:all\s)?(?:of\s)?(?:the|her|his|their)\s(?:items?|things|purchases?|order|total|bill)(?:\s(?:she|he|they)\s(?:bought|purchased|bought\sthere))?|\son\severything)?$"
)
_ADDED = re.compile(
    rf"^(?P<s>{SUBJ})\s(?:also\s)?(?:pays|paid|has\sto\spay|had\sto\spay|adds|added|leaves|left)\s(?:a\s)?{_pct('p')}\s(?:sales\s)?(?P<what>tax|tip)"
    rf"(?:\s(?:on|for)\s(?:all\s)?(?:of\s)?(?:the|her|his|their)\s(?:items?|things|purchases?|order|total|bill|meal|food))?$"
)
_SALE = re.compile(
    rf"^(?:(?P<they>they|it)|(?:the\s)?(?P<item>{ITEM}))\s(?:are|were|is|was)\s(?:now\s)?(?:on\ssale\sfor\s{_pct('p')}\soff|discounted\sby\s{_pct('p2')}|marked\sdown\sby\s{_pct('p3')})$",
    re.I,
)


def read_discount(story: Story, t: str) -> bool:
    m = _PERSON.match(t) or _ADDED.match(t)
    if m:
        sign = 1 if m.re is _PERSON else -1  # a discount takes p% off; a tax or a tip adds p%
        owner = holder(story, m.group("s"))
        evs = [
            e for e in story.events if e.owner == owner and e.verb in ("spend", "pay") and e.item == "dollar"
        ]
        if not evs or owner in story.discounted:
            raise Unread(t)
        p = sign * story.number(m.group("p") or m.groupdict()["p2"]) / 100
        total = evs[0].amount
        for e in evs[1:]:
            total = total + e.amount
        for e in evs:
            e.amount = e.amount * (1 - p)
        if (owner, "dollar") in story.current:
            story.change(owner, "dollar", p * total, start_empty=False)
        story.discounted.add(owner)
        story.last_owner = owner
        return True
    m = _SALE.match(t)
    if not m:
        return False
    item = story.last_item if m.group("they") else item_key(m.group("item"))
    if item is None or item not in story.prices:
        raise Unread(t)
    if any(e.item == item and e.verb == "buy" for e in story.events):
        raise Unread(t)  # bought before the sale: at which price?
    p = story.number(m.group("p") or m.group("p2") or m.group("p3")) / 100
    new = story.unknown(f"the sale price of one {item} (dollars)")
    story.equation(new, story.prices[item] * (1 - p))
    story.prices[item] = new
    return True
