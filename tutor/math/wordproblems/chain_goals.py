# ruff: noqa: E501  (regular expressions, one a line)
"""Goals for the multi-step reader (:mod:`chain_clauses`, :mod:`chain_questions`): "Tom needs 50
dollars to buy a bike", "The pool needs 100 tiles to be completed", "Wilfred wants to eat a total
of 15 carrots" state a target (goal = n); "How much more money does Tom need?", "How many more
tiles are needed?", "How many more carrots does he need to eat?" ask what is still missing: the
goal less what is held (a goal to have) or less what was done (a goal to eat, sell, collect)."""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_story import Story, Unread, holder
from tutor.math.wordproblems.chain_words import ITEM, NUM, SUBJ, item_key, verb_of

__all__ = ["read_goal", "goal_question"]

_WANT = r"(?:needs|need|needed|wants|want|wanted|hopes|hoped|would\slike)"
_GOAL = re.compile(
    rf"^(?P<s>{SUBJ})\s(?:{_WANT}\s(?:to\s(?P<v>[a-z]+)\s)?a\stotal\sof|(?:needs|need|needed))\s(?P<n>{NUM})\s(?!(?:more|extra|additional|other|another)\b)(?P<item>{ITEM})"
    rf"(?P<tail>(?:\s(?:in\stotal|altogether|in\sall))?(?:\s(?:to\s(?:be\s(?:completed|finished|full|filled)|buy|get|make|finish|fill|complete|build|pay\sfor)(?:\s(?!(?:more|than|each|every|per)\b)[a-z']+){{0,5}}|for\s(?:a|an|the|his|her|their)\s[a-z]+(?:\s[a-z]+)?))?)$"
)


def read_goal(story: Story, t: str) -> bool:
    """A target: "Tom needs 50 dollars to buy a bike" (to have), "Ann wants to sell a total of
    40 cookies" (to do). Only with a numeral and no other amount in the clause."""
    m = _GOAL.match(t)
    if not m:
        return False
    item = item_key(m.group("item"))
    if item is None:
        return False
    verb = None
    if m.group("v"):
        v = verb_of(m.group("v"))
        if v is None:
            raise Unread(t)
        verb = v[0] if v[1] != "have" else None
    owner = holder(story, m.group("s"))
    if any(o == owner and i == item for o, _, i in story.goals):
        raise Unread(t)  # two targets for one thing
    goal = story.unknown(f"what {owner} {'needs' if verb is None else 'means to ' + verb} of {item}")
    story.equation(goal, story.number(m.group("n")))
    story.goals[(owner, verb, item)] = goal
    story.last_owner = owner
    story.last_item = item
    return True


_ASK = re.compile(
    rf"^how\s(?:many\smore\s(?P<item>{ITEM})|much\smore(?:\s(?P<money>money))?)\s(?:(?:are|is)\s(?:still\s)?needed|(?:does|do|did|will|would)\s(?P<s>{SUBJ})\s(?:still\s)?need(?:\sto\s(?P<v>[a-z]+))?)(?P<tail>(?:\s(?:to\s(?:be\s(?:completed|finished|full|filled)|buy|get|make|finish|fill|complete|build|pay\sfor|reach|meet)(?:\s(?!(?:more|than|each|every|per)\b)[a-z']+){{0,5}}))?)$"
)


def goal_question(story: Story, t: str, held, done):
    """(the expression of what is still missing, the item) for "how many more ... (does X) need
    (to <verb>)", or None when the question is not of that kind. `held(owner, item)` and
    `done(owner, verb, item)` are the question reader's amounts (raising Unread)."""
    m = _ASK.match(t)
    if not m:
        return None
    if not story.goals:
        raise Unread(t)
    item = "dollar" if (m.group("money") or not m.group("item")) else item_key(m.group("item"))
    if item is None:
        raise Unread(t)
    owner = holder(story, m.group("s")) if m.group("s") else None
    goals = [(o, v, i) for (o, v, i) in story.goals if i == item and (owner is None or o == owner)]
    if len(goals) != 1:
        raise Unread(t)
    o, v, i = goals[0]
    if m.group("v"):
        asked = verb_of(m.group("v"))
        if asked is None or (asked[0] if asked[1] != "have" else None) != v:
            raise Unread(t)
    progress = held(o, i) if v is None else done(o, v, i)
    return story.goals[goals[0]] - progress, item
