# ruff: noqa: E501  (the phrasing tables are long regular expressions, one a line)
"""What a word problem asks, read into an expression over the :class:`World`'s quantities (a
table of question phrasings, run by one loop like the statements')."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.reading import plural
from tutor.math.wordproblems.structures import Item, World
from tutor.math.wordproblems.vocabulary import (
    GAIN,
    ITEM,
    LOSE,
    OWNER,
    PHRASE,
    SELL,
    item_of,
    owner_of,
    same_verb,
)

__all__ = ["Asked", "read_question"]

_NOW = r"(?:now|left|in\sall|altogether|in\stotal|totaled|total|together|then|still|remaining|combined|all\stogether|at\sthe\send)"
_FIRST = r"(?:at\sfirst|in\sthe\sbeginning|to\sbegin\swith|to\sstart\swith|originally|before|at\sthe\sstart|initially)"
_BASE = {v: k for k, v in {**GAIN, **LOSE}.items()}  # base form -> a past form


@dataclass
class Asked:
    """The question as an expression over the world, its item (for the unit) and its words."""

    expr: Any  # a SymPy expression
    item: Item
    says: str
    consumed: list = field(default_factory=list)  # numbers of the question it read (a goal)


def _sum(world: World, keys, which: str = "state"):
    sp = sympy_module()
    table = world.state if which == "state" else world.initial
    return sp.Add(*[table[k] for k in keys])


def _q_more(world: World, m: re.Match) -> Asked | None:
    a, b = owner_of(world, m.group("owner")), owner_of(world, m.group("other"))
    item = item_of(world, m.group("item"))
    if a is None or b is None or item is None:
        return None
    ka, kb = world.holdings(item, a), world.holdings(item, b)
    if not ka or not kb:
        return None
    diff = _sum(world, ka) - _sum(world, kb)
    if m.group("how").lower() != "more":
        diff = -diff
    return Asked(diff, item, f"how many {m.group('how').lower()} {plural(str(item))} {a} has than {b}")


def _q_more_items(world: World, m: re.Match) -> Asked | None:
    """'How many more diamonds are there than rubies?' (both in one place or one holder's)."""
    i1, i2 = Item.of(m.group("item").split()), Item.of(m.group("item2").split())
    k1, k2 = world.holdings(i1), world.holdings(i2)
    if not k1 or not k2 or i1.covers(i2) or i2.covers(i1):
        return None
    diff = _sum(world, k1) - _sum(world, k2)
    if m.group("how").lower() != "more":
        diff = -diff
    return Asked(diff, i1, f"how many {m.group('how').lower()} {plural(str(i1))} than {plural(str(i2))}")


def _group(world: World, word: str) -> list[str] | None:
    """The holders a question's subject names: one, "A and B", or "they" / "we" for everyone
    named (more than one)."""
    names = [n for n in world.names if n != "*"]
    if word.lower() in ("they", "we") and len(names) > 1:
        return names
    parts = re.split(r",\s(?:and\s)?|\sand\s", word)
    owners = [owner_of(world, p) for p in parts]
    if any(o is None for o in owners):
        return None
    return owners  # type: ignore[return-value]


def _q_verb(world: World, m: re.Match) -> Asked | None:
    group = _group(world, m.group("owner"))
    if not group:
        return None
    if len(group) > 1:
        return _q_verb_group(world, m, group)
    owner = group[0]
    item = item_of(world, m.group("item"))
    verb = {"leave": "left"}.get(m.group("verb").lower(), m.group("verb").lower())
    if owner is None or item is None or (verb not in _BASE and verb != "left"):
        return None
    events = [
        e
        for e in world.events
        if e.owner == owner
        and item.covers(e.item)
        and (GAIN.get(e.verb) or LOSE.get(e.verb) or e.verb) == verb
    ]
    if not events:
        return None
    sp = sympy_module()
    return Asked(
        sp.Add(*[e.amount for e in events]), item, f"how many {plural(str(item))} {owner} {events[0].verb}"
    )


def _q_verb_group(world: World, m: re.Match, group: list[str]) -> Asked | None:
    item = item_of(world, m.group("item"))
    verb = m.group("verb").lower()
    if item is None or verb in ("have", "has", "had"):
        return None
    events = [e for e in world.events if e.owner in group and item.covers(e.item) and same_verb(e.verb, verb)]
    if not events or any(not any(e.owner == o for e in events) for o in group):
        return None
    sp = sympy_module()
    return Asked(
        sp.Add(*[e.amount for e in events]),
        item,
        f"how many {plural(str(item))} {' and '.join(group)} {events[0].verb}",
    )


def _q_passive(world: World, m: re.Match) -> Asked | None:
    """'How many pen holders were made?': every told event of that verb, whoever did it."""
    item = item_of(world, m.group("item"))
    verb = m.group("verb").lower()
    if item is None:
        return None
    events = [e for e in world.events if item.covers(e.item) and (same_verb(e.verb, verb) or e.verb == verb)]
    if not events:
        return None
    sp = sympy_module()
    return Asked(sp.Add(*[e.amount for e in events]), item, f"how many {plural(str(item))} were {verb}")


def _q_each(world: World, m) -> Asked | None:
    """'How many eggs does each friend get?' / 'How many students are in each group?'."""
    item, per = item_of(world, m.group("item")), item_of(world, m.group("per"))
    if item is None or per is None:
        return None
    found = [v for (p, it), v in world.rates.items() if per.covers(p) and item.covers(it)]
    if len(found) != 1:
        return None
    return Asked(found[0], item, f"how many {plural(str(item))} each {per} gets")


def _q_need(world: World, m: re.Match) -> Asked | None:
    """'How many more rocks does she need (to have 105 rocks)?': the goal less what is held."""
    owner = owner_of(world, m.group("owner"))
    item = item_of(world, m.group("item") or m.group("item2"))
    if owner is None or item is None:
        return None
    keys = world.holdings(item, owner)
    if not keys:
        return None
    goal = world.goals.get((owner, keys[0][1])) if len(keys) == 1 else None
    if m.group("goal"):
        if goal is not None:
            return None
        goal = world.given(sympy_module().Rational(m.group("goal")))
    if goal is None:
        return None
    return Asked(
        goal - _sum(world, keys),
        item,
        f"how many more {plural(str(item))} {owner} needs",
        consumed=[m.group("goal")] if m.group("goal") else [],
    )


def _q_together(world: World, m: re.Match) -> Asked | None:
    owners = [owner_of(world, o) for o in re.split(r",\s|\sand\s", m.group("owners"))]
    item = item_of(world, m.group("item"))
    if item is None or any(o is None for o in owners) or len(set(owners)) < 2:
        return None
    keys = [k for o in owners for k in world.holdings(item, o)]
    if any(not world.holdings(item, o) for o in owners):
        return None
    together = " and ".join(str(o) for o in owners)
    return Asked(_sum(world, keys), item, f"how many {plural(str(item))} {together} have together")


def _q_have(world: World, m: re.Match) -> Asked | None:
    group = _group(world, m.group("owner"))
    if group and len(group) > 1 and (m.group("now") or "total" in m.group(0).lower()):
        item = item_of(world, m.group("item"))
        if item is None or any(not world.holdings(item, o) for o in group):
            return None
        keys = [k for o in group for k in world.holdings(item, o)]
        return Asked(_sum(world, keys), item, f"how many {plural(str(item))} {' and '.join(group)} have")
    owner = owner_of(world, m.group("owner"))
    item = item_of(world, m.group("item"))
    if owner is None or item is None:
        return None
    keys = world.holdings(item, owner)
    if not keys:
        # money held is never a price times what was bought or sold: that is money spent or earned
        # ("Each ticket costs 4 dollars. Haley bought 3 tickets. How much money does she have?")
        money = item.head in ("dollar", "cent")
        d = world.derived(item, owner) if not m.group("first") and not money else None
        return Asked(d, item, f"how many {plural(str(item))} {owner} has") if d is not None else None
    first = bool(m.group("first"))
    if not first and not m.group("now") and world.events and any(e.owner == owner for e in world.events):
        if m.group("tense") not in ("does", "do", "will", "would") and not re.search(
            r"\bend\sup\b", m.group(0), re.I
        ):
            return None  # "How many did she have?" after a change: before or after it? ("end up with": after)
    return Asked(
        _sum(world, keys, "initial" if first else "state"), item, f"how many {plural(str(item))} {owner} has"
    )


def _q_scene(world: World, m) -> Asked | None:
    item = item_of(world, m.group("item"))
    if item is None:
        return None
    keys = world.holdings(item)
    if re.search(r"\b(?:in|on|at|inside)\s(?:the|a)\s[a-z]+", m.group(0)) and world.holdings(item, "*"):
        keys = world.holdings(item, "*")  # "in the basket": the place the story set, not who took some
    if not keys:
        d = world.derived(item) if not m.group("first") else None
        return Asked(d, item, f"how many {plural(str(item))} there are") if d is not None else None
    owners = {k[0] for k in keys}
    if len(owners) > 1 and not m.group("now"):
        return None  # several holders and no "in all": whose?
    first = bool(m.group("first"))
    if not first and not m.group("now") and any(e.owner in owners for e in world.events):
        return None
    return Asked(
        _sum(world, keys, "initial" if first else "state"), item, f"how many {plural(str(item))} there are"
    )


def _q_rate(world: World, m: re.Match) -> Asked | None:
    """ "How many boxes does he need?", "How much did they spend?": only through a rate."""
    g = m.groupdict()
    owner = owner_of(world, g["owner"]) if g.get("owner") else None
    if g.get("owner") and owner is None:
        return None
    item = (
        Item("dollar")
        if g.get("money") or not g.get("item") and m.group(0).lower().startswith("how much")
        else item_of(world, g.get("item"))
    )
    if item is None:
        return None
    if owner is not None and owner not in world.names and not any(k[0] == owner for k in world.state):
        owner = None if len([n for n in world.names if n != "*"]) <= 1 else owner
    d = world.derived(item, owner)
    if d is None:
        return None
    return Asked(d, item, f"how many {plural(str(item))}" if item.head != "dollar" else "how much money")


@dataclass(frozen=True)
class QuestionPhrasing:
    name: str
    pattern: re.Pattern
    priority: int
    handler: Callable[[World, re.Match], Asked | None]


_HM = r"^(?:how\smany|how\smuch|what\sis\sthe\s(?:total\s)?number\sof)"
QUESTIONS: list[QuestionPhrasing] = sorted(
    [
        QuestionPhrasing(
            "more than",
            re.compile(
                rf"{_HM}\s(?P<how>more|fewer|less)\s(?P<item>{ITEM})?\s?(?:does|did|do|has|had|will)\s(?P<owner>{OWNER})\s(?:have|has|had|\w+)(?:\s{_NOW})?\s(?:than|then)\s(?P<other>{OWNER})(?:\s(?:has|had|have|does|did))?(?:\s{_NOW})?$",
                re.I,
            ),
            10,
            _q_more,
        ),
        QuestionPhrasing(
            "more X than Y",
            re.compile(
                rf"{_HM}\s(?P<how>more|fewer|less)\s(?P<item>{ITEM})\s(?:are|were|is|was)\sthere(?:\s(?:in|on)\s(?:the|a)\s[a-z]+)?\sthan\s(?P<item2>{ITEM})$",
                re.I,
            ),
            10,
            _q_more_items,
        ),
        QuestionPhrasing(
            "together",
            re.compile(
                rf"{_HM}\s(?P<item>{ITEM})?\s?(?:do|did|does|will)\s(?P<owners>{OWNER}(?:(?:,\s|\sand\s){OWNER})+)\s(?:have|has|had|\w+)(?:\s{_NOW})?(?:\s(?:in|on)\s(?:the|a)\s[a-z]+)?(?:\s{_NOW})?$",
                re.I,
            ),
            20,
            _q_together,
        ),
        QuestionPhrasing(
            "did A verb",
            re.compile(
                rf"{_HM}\s(?P<item>{ITEM})?\s?(?:did|does|do)\s(?P<owner>{OWNER}(?:(?:,\s|\sand\s|,\sand\s){OWNER})*)\s(?P<verb>[a-z]+)(?:\saway|\sup|\sout|\sin)?(?:\s{PHRASE})?(?:\s{_NOW})?(?:\s{PHRASE})?$",
                re.I,
            ),
            30,
            _q_verb,
        ),
        QuestionPhrasing(
            "does A have",
            re.compile(
                rf"{_HM}\s(?P<item>{ITEM})?\s?(?P<tense>does|did|do|will|would|could)\s(?P<owner>{OWNER})\s(?:have|has|had|own|still\shave|have\sleft|end\sup\swith)(?:\s(?P<first>{_FIRST})|\s(?P<now>{_NOW}))?(?:\s(?:in|on)\s(?:the|a|his|her|their)\s[a-z]+)?(?:\s{_NOW})?$",
                re.I,
            ),
            40,
            _q_have,
        ),
        QuestionPhrasing(
            "need",
            re.compile(
                rf"^how\smany\smore\s(?P<item>{ITEM})?\s?(?:does|do|did|will|would|should)\s(?P<owner>{OWNER})\s(?:still\s)?need(?:\sto\s[a-z]+(?:\sup)?(?:\s(?:the|a|an|his|her|their)\s[a-z]+)?)?(?:\sto\s(?:have|get|make|reach|collect|fill)\s(?P<goal>\d+)(?:\s(?P<item2>{ITEM}))?)?(?:\s{_NOW})?(?:\s{PHRASE})?$",
                re.I,
            ),
            12,
            _q_need,
        ),
        QuestionPhrasing(
            "what is the number of things done",
            re.compile(
                rf"^what\sis\sthe\s(?:total\s)?number\sof\s(?P<item>{ITEM})\s(?:that\s)?(?P<owner>{OWNER}(?:(?:,\s|\sand\s|,\sand\s){OWNER})*)\s(?P<verb>[a-z]+)(?:\s{PHRASE})?(?:\s{_NOW})?$",
                re.I,
            ),
            32,
            _q_verb,
        ),
        QuestionPhrasing(
            "each gets",
            re.compile(
                rf"{_HM}\s(?P<item>{ITEM})\s(?:(?:does|did|will|would|can|could|should)\seach\s(?P<per>{ITEM})\s(?:get|have|receive|contain|hold|need)|(?:are|were|will\sbe|would\sbe|should\sbe|can\sbe)(?:\sthere)?\s(?:in|on|at)\seach\s(?P<per2>{ITEM}))$",
                re.I,
            ),
            15,
            lambda w, m: _q_each(w, _Per(m)),
        ),
        QuestionPhrasing(
            "were made",
            re.compile(
                rf"{_HM}\s(?P<item>{ITEM})\s(?:were|was)\s(?P<verb>[a-z]+ed|made|sold|seen|eaten|drawn|built|caught|found|bought|grown|given|taken|written|read|won)(?:\s{_NOW})?$",
                re.I,
            ),
            35,
            _q_passive,
        ),
        QuestionPhrasing(
            "through a rate",
            re.compile(
                rf"^(?:how\smany\s(?P<item>{ITEM})|how\smuch(?:\s(?P<money>money))?)\s(?:does|did|do|will|would|can|could|should)\s(?P<owner>{OWNER})\s(?:need|fill|make|use|buy|sell|spend|pay|get|earn|need\sto\s(?:buy|sell|fill|make)|have\sto\s(?:buy|sell|pay|spend))(?:\s(?:in\stotal|in\sall|altogether|total))?(?:\s(?:on|for)\s(?:the\s)?[a-z]+)?$",
                re.I,
            ),
            45,
            _q_rate,
        ),
        QuestionPhrasing(
            "are there",
            re.compile(
                rf"{_HM}\s(?P<item>{ITEM})?\s?(?:are|were|is|was)(?:\sthere)?(?:\s(?P<first>{_FIRST})|\s(?P<now>{_NOW}))?(?:\s(?:in|on|at)\s(?:the|a|his|her|their)\s[a-z]+)?(?:\s(?P<first2>{_FIRST})|\s(?P<now2>{_NOW}))?$",
                re.I,
            ),
            50,
            lambda w, m: _q_scene(w, _Either(m)),
        ),
    ],
    key=lambda q: q.priority,
)


class _Per:
    def __init__(self, m: re.Match):
        self.m = m

    def group(self, name: str):
        if name == "per":
            return self.m.group("per") or self.m.group("per2")
        return self.m.group(name)


class _Either:
    def __init__(self, m: re.Match):
        self.m = m

    def group(self, name: str):
        if name in ("first", "now"):
            return self.m.group(name) or self.m.group(name + "2")
        return self.m.group(name)


def read_question(world: World, text: str) -> Asked | None:
    """The first question phrasing (by priority) that reads `text` against the world."""
    q = re.sub(r"[?.]+$", "", text.strip()).strip()
    q = re.sub(r"^now,?\s((?:how|what)\b.*)$", r"\1 now", q, flags=re.I)  # "Now how many are there?"
    for row in QUESTIONS:
        m = row.pattern.match(q)
        if m:
            asked = row.handler(world, m)
            if asked is not None:
                return asked
    return None


_ = SELL  # (sold counts as a loss for the holder; see phrasings)


def question_parts(text: str) -> tuple[str, str]:
    """'If she drank 25 of them, how many bottles would she have?' -> ('she drank 25 of them',
    'how many bottles would she have')."""
    m = re.match(r"^(?:if|after|when)\s(.+?),\s((?:how|what)\b.*)$", text, re.I)
    if m:
        return m.group(1), m.group(2)
    # the condition after the question: "How many can you buy with 182 dollars if one costs 14
    # dollars?" (one "if" clause, the question first)
    m = re.match(r"^((?:how|what)\b[^,]*?)\s(?:if)\s([^,?]+?)\s?([?.]?)$", text, re.I)
    if m and len(re.findall(r"\bif\b", text, re.I)) == 1:
        return m.group(2), m.group(1) + m.group(3)
    return "", text
