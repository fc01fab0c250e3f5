# ruff: noqa: E501  (regular expressions, one a line)
"""Change from a bill for the multi-step reader (:mod:`chain_clauses`, :mod:`chain_questions`):
"She paid with a $50 bill", "He pays with 2 $20 bills", "She gave the cashier $50" state what was
handed over; "How much change did she get?" asks what comes back: what was handed over less all
she spent (change = paid - spent)."""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_story import Story, Unread, holder
from tutor.math.wordproblems.chain_words import NUM, SUBJ

__all__ = ["read_tender", "change_question"]

_BILL = rf"(?:(?:a|an|one)\s(?P<n>{NUM})(?:\sdollars?|-dollar)\sbill|(?P<k>{NUM})\s(?P<n2>{NUM})(?:\sdollars?|-dollar)\sbills|(?P<n3>{NUM})\sdollars?)"
_TENDER = re.compile(
    rf"^(?P<s>{SUBJ})\s(?:(?:pays|paid|pay|will\spay)\s(?:for\s(?:it|them|everything|all\sof\sit|(?:the|her|his|their)\s[a-z]+(?:\s[a-z]+)?)\s)?with|(?:gives|gave|hands|handed)\s(?:the\s(?:cashier|clerk|shopkeeper|seller|vendor|store\sowner)))\s{_BILL}$"
)
_ASK = re.compile(
    rf"^how\smuch\s(?:money\s)?(?:in\s)?change\s(?:does|did|will|would|should)\s(?P<s>{SUBJ})\s(?:get|receive)(?:\sback)?$"
)


def read_tender(story: Story, t: str) -> bool:
    """What a holder hands over to pay: "She paid with a 50 dollars bill"."""
    m = _TENDER.match(t)
    if not m:
        return False
    owner = holder(story, m.group("s"))
    if owner in story.tendered:
        raise Unread(t)
    if m.group("k"):
        paid = story.number(m.group("k")) * story.number(m.group("n2"))
    else:
        paid = story.number(m.group("n") or m.group("n3"))
    handed = story.unknown(f"what {owner} handed over (dollars)")
    story.equation(handed, paid)
    story.tendered[owner] = handed
    story.last_owner = owner
    return True


def change_question(story: Story, t: str, spent):
    """The change asked for ("How much change did she get?"): what was handed over less what
    `spent(owner)` says the holder spent; None when the question is not of that kind."""
    m = _ASK.match(t)
    if not m:
        return None
    owner = holder(story, m.group("s"))
    if owner not in story.tendered:
        raise Unread(t)
    return story.tendered[owner] - spent(owner)
