# ruff: noqa: E501  (the phrasing tables are long regular expressions, one a line)
"""The phrasing table: (pattern, priority, handler) rows run by one loop over a sentence's
clauses. A handler writes what its clause states into the :class:`World` and returns True; a
clause no row reads, or a number no row consumed, makes the reader refuse, naming the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.reading import NUMBER, plural
from tutor.math.wordproblems.structures import Event, Item, World
from tutor.math.wordproblems.vocabulary import (
    AMT,
    ARRIVE_MORE,
    DEPART_MORE,
    GAIN,
    GERUNDS,
    HAVE,
    ITEM,
    LOSE,
    NOT_NAMES,
    NOT_TALLY,
    OWNER,
    PHRASE,
    QUANTITY_WORDS,
    SELL,
    amount,
    item_of,
    owner_of,
    verb_alternation,
)

__all__ = ["Phrasing", "STATEMENTS", "read_clause", "clauses", "QUANTITY_WORDS"]


@dataclass(frozen=True)
class Phrasing:
    """One row of the table: a clause pattern, its priority (lower first) and its handler."""

    name: str
    pattern: re.Pattern
    priority: int
    handler: Callable[[World, re.Match, str], bool]


def _list_items(world: World, text: str) -> list[tuple[str, Item]] | None:
    """'7 red apples, 2 pears and 3 green apples' -> [(7, red apple), ...]; a part may end in a
    place or time ("14 cars on the first day") and a later part may leave the item out ("16 on
    Monday": the item before)."""
    parts = re.split(r",\s(?:and\s)?|\sand\s", text)
    out: list[tuple[str, Item]] = []
    for p in parts:
        m = re.fullmatch(rf"({AMT})(?:\smore)?(?:\s({ITEM}))?(?:\s{PHRASE})?", p.strip())
        if not m or (m.group(2) is None and not out):
            return None
        out.append((m.group(1), Item.of(m.group(2).split()) if m.group(2) else out[-1][1]))
    return out


def _tally(world: World, m: re.Match, sentence: str) -> bool:
    """ "A car dealer sold 14 cars on the first day, 16 on the second": what someone did, counted
    (it changes no holding; a question that names the same verb adds it up)."""
    owner = owner_of(world, m.group("owner"))
    items = _list_items(world, m.group("list"))
    verb = m.group("verb").lower()
    if owner is None or not items:
        return False
    if verb in GAIN or verb in LOSE:
        if len(items) == 1:
            return False  # a single change is the change rows' (they know gain from loss)
        kind = "lose" if verb in LOSE or verb in SELL else "gain"
        for n, item in items:
            world.change(owner, item, kind, verb, amount(world, n, f"{plural(str(item))} {owner} {verb}"))
        return True
    for n, item in items:
        world.events.append(
            Event(owner, item, "did", verb, amount(world, n, f"{plural(str(item))} {owner} {verb}"))
        )
        world.touch(owner, item)
    return True


def _there(world: World, m, sentence: str) -> bool:
    items = _list_items(world, m.group("list"))
    if not items:
        return False
    for n, item in items:
        world.set_amount("*", item, amount(world, n, f"{plural(str(item))} at first"), sentence)
    return True


def _have(world: World, m: re.Match, sentence: str) -> bool:
    owner = owner_of(world, m.group("owner"))
    if owner is None:
        return False
    if m.group("list"):
        items = _list_items(world, m.group("list"))
        if not items:
            return False
    else:
        item = item_of(world, m.group("item"))
        if item is None:
            return False
        items = [(m.group("n"), item)]
    sp = sympy_module()
    for n, item in items:
        item = world.resolve(owner, item)
        changed = any(e.owner == owner and e.item == item for e in world.events)
        if changed:
            said = sentence.lower()
            if re.search(
                r"\b(?:already|originally|at\sfirst|to\sbegin\swith|in\sthe\sbeginning|before)\b", said
            ):
                # "If she already had 9 shirts": the amount before the changes told
                world.equations.append((sp.Eq(world.initial[(owner, item)], amount(world, n, "")), sentence))
                world.touch(owner, item)
                continue
            if not re.search(
                r"\b(?:now|left|remaining|then|after|still|in\sall|total|altogether|ended\sup)\b", said
            ):
                return False  # after a change, "A had N" alone: before it or after it?
        world.set_amount(owner, item, amount(world, n, f"{plural(str(item))} {owner} had"), sentence)
    return True


def _change(world: World, m: re.Match, sentence: str) -> bool:
    owner = owner_of(world, m.group("owner"))
    item = item_of(world, m.group("item"))
    if owner is None or item is None:
        return False
    verb = m.group("verb").lower()
    kind = "lose" if verb in LOSE or verb in SELL else "gain"
    if kind == "gain" and re.search(r"\bof\s(?:them|it|the|his|her|their|its)\b", m.group(0)):
        return False  # "picked 83 of them": taken from what is held, or added? not clear
    if item.head in ("dollar", "cent") and verb in SELL:
        return False  # "sold for 5 dollars" is a price, not a change of money held
    n = amount(world, m.group("n"), f"{plural(str(item))} {owner} {verb}")
    world.change(owner, item, kind, verb, n)
    target = m.groupdict().get("to")
    if target:
        other = owner_of(world, target)
        if other is not None and other != owner:
            world.change(other, item, "gain" if kind == "lose" else "lose", "received", n)
            world.last_owner = owner
    return True


def _passive_lose(world: World, m: re.Match, sentence: str) -> bool:
    owner = world.last_owner or "*"
    item = item_of(world, m.group("item"))
    if item is None:
        return False
    if not world.has(owner, item) and world.has("*", item):
        owner = "*"
    n = amount(world, m.group("n"), f"{plural(str(item))} taken")
    world.change(owner, item, "lose", m.group("verb").split()[-1].lower(), n)
    return True


def _comes_goes(world: World, m: re.Match, sentence: str) -> bool:
    """ "45 people got off", "10 new students came": the last holder (a place, a waiter) loses or
    gains them."""
    owner = world.last_owner or "*"
    item = item_of(world, m.group("item"))
    if item is None:
        return False
    item = world.resolve(owner, item)
    if not world.has(owner, item):
        return False
    verb = m.group("verb").lower()
    kind = (
        "gain"
        if verb in ("got on", "came", "joined", "arrived") or re.fullmatch(ARRIVE_MORE, verb)
        else "lose"
    )
    world.change(
        owner,
        item,
        kind,
        "left" if kind == "lose" else "came",
        amount(world, m.group("n"), f"{plural(str(item))} who {verb}"),
    )
    return True


def _rate(world: World, m: re.Match, sentence: str) -> bool:
    """ "Each box holds 6 eggs", "6 eggs in each box", "pens cost 2 dollars each": so many of
    one thing per one of another (a price is dollars per item)."""
    g = m.groupdict()
    per = item_of(world, g.get("per") or g.get("per1"))
    item = Item("dollar") if g.get("money") else item_of(world, g.get("item"))
    if per is None or item is None or per.head == item.head:
        return False
    value = amount(world, m.group("n"), f"{plural(str(item))} per {per}")
    if g.get("money") and g["money"].lower().startswith("cent"):
        item = Item("cent")
    key = (per, item)
    if key in world.rates:
        return False
    world.rates[key] = value
    if g.get("owner") and g.get("c"):
        owner = owner_of(world, g["owner"])
        if owner is None:
            return False
        world.set_amount(owner, per, amount(world, g["c"], f"{per}s"), sentence)
    world.last_item = item
    return True


def _take_from(world: World, m: re.Match, sentence: str) -> bool:
    """ "Tom took 3 apples from the basket": the place (the story's scene) loses them and the taker
    gains them; refused unless the scene holds that item."""
    taker = owner_of(world, m.group("owner"))
    item = item_of(world, m.group("item"))
    if taker is None or item is None:
        return False
    item = world.resolve("*", item)
    if not world.has("*", item):
        return False
    n = amount(world, m.group("n"), f"{plural(str(item))} taken")
    world.change("*", item, "lose", "taken", n)
    world.change(taker, item, "gain", m.group("verb").lower(), n)
    world.last_owner = taker
    return True


def _give_to(world: World, m: re.Match, sentence: str) -> bool:
    """ "Her sister gave her 47 more fish": the receiver (named, or the last holder) gains."""
    giver = owner_of(world, m.group("owner"))
    to = m.group("to")
    receiver = world.last_owner if to.lower() in ("him", "her", "them") else owner_of(world, to)
    if to.lower() in ("me", "us"):
        receiver = "I"
    item = item_of(world, m.group("item"))
    if giver is None or receiver in (None, "*") or item is None or giver == receiver:
        return False
    item = world.resolve(receiver, item)
    n = amount(world, m.group("n"), f"{plural(str(item))} given")
    world.change(receiver, item, "gain", "received", n)
    if world.has(giver, item):
        world.change(giver, item, "lose", m.group("verb").lower(), n)
    world.last_owner = giver  # "she ... and had 61 left": the subject goes on, not the receiver
    if giver not in world.names:
        world.names.append(giver)
    return True


def _share(world: World, m: re.Match, sentence: str) -> bool:
    """ "He shares the 30 eggs among 8 friends" / "The pencils are divided evenly among 9
    classrooms": each one of `per` gets the holder's amount over the count."""
    item = item_of(world, m.group("item") or m.group("item2"))
    per = item_of(world, m.group("per"))
    if item is None or per is None or per.head == item.head:
        return False
    if m.group("owner"):
        owner = owner_of(world, m.group("owner"))
        keys = world.holdings(item, owner) if owner else []
    else:
        keys = world.holdings(item)
    if len(keys) != 1 or (per, item) in world.rates:
        return False
    world.rates[(per, item)] = world.state[keys[0]] / amount(world, m.group("n"), f"{per}s")
    world.last_item = item
    return True


def _needs(world: World, m: re.Match, sentence: str) -> bool:
    """ "She needs 125 rocks to complete the border": a goal, for "how many more does she need"."""
    owner = owner_of(world, m.group("owner"))
    item = item_of(world, m.group("item"))
    if owner is None or item is None:
        return False
    if re.match(
        r"(?:has|had)\b", m.group(0).split(" ", len(m.group("owner").split()))[-1]
    ) and "to " not in m.group(0):
        return False  # "has 30 books in all" is a holding (the "has" row reads it)
    if (owner, item) in world.goals:
        return False
    world.goals[(owner, item)] = amount(world, m.group("n"), f"{plural(str(item))} {owner} needs")
    world.touch(owner, item)
    return True


def _compare(world: World, m: re.Match, sentence: str) -> bool:
    sp = sympy_module()
    owner, other = owner_of(world, m.group("owner")), owner_of(world, m.group("other"))
    item = item_of(world, m.group("item"))
    if owner is None or other is None or item is None or owner == other:
        return False
    n = amount(world, m.group("n"), "the difference")
    base = world.get(other, item)
    how = m.group("how").lower()
    value = base + n if how == "more" else base - n if how in ("fewer", "less") else n * base
    if getattr(value, "is_negative", False):
        return False  # "20 fewer than Omar's 12": a count below zero, the story contradicts itself
    if world.has(owner, item):
        world.equations.append((sp.Eq(world.state[(owner, item)], value), sentence))
    else:
        world.state[(owner, item)] = value
        world.initial[(owner, item)] = value
    world.last_owner, world.last_item = owner, item
    for o in (other, owner):
        if o not in world.names:
            world.names.append(o)
    return True


_P = re.compile
_ENDS = r"(?:\s(?:left|now|remaining|in\sall|altogether|in\stotal|total))?"
STATEMENTS: list[Phrasing] = sorted(
    [
        Phrasing(
            "there are",
            _P(
                rf"(?:[Tt]here\s(?:are|were|is|was)\s(?P<list>{AMT}\s{ITEM}(?:(?:,\s|\sand\s|,\sand\s){AMT}\s{ITEM})*)"
                rf"|(?P<list2>{AMT}\s{ITEM}(?:(?:,\s|\sand\s|,\sand\s){AMT}\s{ITEM})*)\s(?:are|were|is|was))"
                r"",
            ),
            10,
            lambda w, m, s: _there(w, _Alias(m), s),
        ),
        Phrasing(
            "compare",
            _P(
                rf"(?P<owner>{OWNER})\s(?:{HAVE}|is|was)\s(?P<n>{NUMBER})\s(?P<how>more|fewer|less)\s(?P<item>{ITEM})?\s?than\s(?P<other>{OWNER})(?:\s(?:has|had|have|does|did))?"
            ),
            20,
            _compare,
        ),
        Phrasing(
            "times as many",
            _P(
                rf"(?P<owner>{OWNER})\s(?:{HAVE})\s(?P<n>{NUMBER})\s(?P<how>times)\sas\smany\s(?P<item>{ITEM})?\s?as\s(?P<other>{OWNER})(?:\s(?:has|had|have|does|did))?"
            ),
            20,
            _compare,
        ),
        Phrasing(
            "gives to",
            _P(
                rf"(?P<owner>{OWNER})\s(?P<verb>{verb_alternation(LOSE)})(?:\saway)?\s(?P<n>{AMT})\s(?:of\s(?:the|his|her|their|them|its)\s)?(?P<item>{ITEM})?\s?(?:to|with)\s(?P<to>{OWNER}|(?:his|her|their|the|a|an|my)\s[a-z ]+)$"
            ),
            30,
            _change,
        ),
        Phrasing(
            "has",
            _P(
                rf"(?P<owner>{OWNER})\s(?:only\s|still\s|now\s|already\s)?{HAVE}\s(?:only\s|a\stotal\sof\s)?(?:(?P<list>{AMT}\s{ITEM}(?:(?:,\s|\sand\s|,\sand\s){AMT}\s{ITEM})+)|(?P<n>{AMT})(?:\s(?P<item>{ITEM}))?){_ENDS}"
            ),
            40,
            _have,
        ),
        Phrasing(
            "gains or loses",
            _P(
                rf"(?P<owner>{OWNER})\s(?:also\s|then\s|later\s)?(?:(?:had|has|have)\s(?:already\s|just\s)?)?(?P<verb>{verb_alternation(GAIN)}|{verb_alternation(LOSE)})(?:\saway|\sup|\sout)?\s(?:another\s)?(?P<n>{AMT})(?:\s(?:more|extra|additional|of\s(?:them|it)))?(?:\saway)?(?:\s(?:more\s|extra\s|additional\s|of\s(?:the|his|her|their|its)\s)?(?P<item>{ITEM}))?"
            ),
            50,
            _change,
        ),
        Phrasing(
            "takes from",
            _P(
                rf"(?P<owner>{OWNER})\s(?P<verb>took|takes|removed|removes)\s(?P<n>{AMT})(?:\s(?P<item>{ITEM}))?\s(?:from|out\sof|off)\s(?:the|a|an)\s[a-z]+"
            ),
            25,
            _take_from,
        ),
        Phrasing(
            "gave her N",
            _P(
                rf"(?P<owner>{OWNER})\s(?P<verb>gave|gives|sent|sends|lent|lends|handed|hands|passed|brought|brings)\s(?P<to>him|her|them|me|us|{OWNER})\s(?P<n>{AMT})(?:\smore|\sextra)?(?:\s(?:more\s|extra\s)?(?P<item>{ITEM}))?"
            ),
            25,
            _give_to,
        ),
        Phrasing(
            "shared among",
            _P(
                rf"(?:(?P<owner>{OWNER})\s(?:shares|shared|divides|divided|splits|split|distributes|distributed|gives|gave|puts|put|packs|packed|wants\sto\s(?:share|divide|split|put|pack|distribute))\s(?:the|his|her|their|all|all\sthe|all\sof\s(?:the|his|her|their))\s(?P<item>{ITEM})|(?:[Tt]he|[Tt]hese|[Tt]hose|[Aa]ll\sthe)\s(?P<item2>{ITEM})\s(?:are|were|will\sbe)\s(?:divided|shared|split|distributed|put|packed))(?:\sequally|\sevenly)?\s(?:among|between|to|into|in|on)\s(?P<n>{NUMBER})\s(?P<per>{ITEM})(?:\sequally|\sevenly)?"
            ),
            25,
            _share,
        ),
        Phrasing(
            "needs",
            _P(
                rf"(?P<owner>{OWNER})\s(?:needs|needed|wants|wanted|has|had)\s(?:to\s(?:have|get|collect|make|sell|buy|read|save)\s)?(?P<n>{NUMBER})\s(?P<item>{ITEM})\s(?:to\s[a-z]+(?:\s(?:the|a|an|his|her|their)\s[a-z]+)?|in\sall|in\stotal|total|for\s(?:a|the|his|her)\s[a-z]+)"
            ),
            35,
            _needs,
        ),
        Phrasing(
            "did (a tally)",
            _P(
                rf"(?P<owner>{OWNER})\s(?:also\s|then\s|already\s|only\s)?(?!(?:{NOT_TALLY})\b)(?P<verb>[a-z]+)(?:\s(?:in|up|out|away|down|off))?\s(?P<list>{AMT}(?:\s{ITEM})?(?:\s{PHRASE})?(?:(?:,\s|\sand\s|,\sand\s){AMT}(?:\s{ITEM})?(?:\s{PHRASE})?)*)"
            ),
            55,
            _tally,
        ),
        Phrasing(
            "each holds",
            _P(
                rf"(?:(?:[Ee]ach|[Ee]very)\s(?P<per>{ITEM})\s(?:has|had|holds|held|contains|contained|(?:can|could|will)\s(?:hold|contain|fit|carry|seat|take)|fits|carries|seats|gets|got|needs|uses|used|makes|made|weighs|weighed|is|was)"
                rf"|(?:[Oo]ne|1|[Aa]n?)\s(?P<per1>{ITEM})\s(?:holds|contains|(?:can|could|will)\s(?:hold|contain|fit|carry|seat)|fits|carries|seats))\s(?P<n>{NUMBER})\s(?P<item>{ITEM})",
            ),
            15,
            _rate,
        ),
        Phrasing(
            "N in each",
            _P(
                rf"(?:[Tt]here\s(?:are|were|is|was)\s)?(?P<n>{NUMBER})\s(?P<item>{ITEM})\s(?:in|on|per|for)\s(?:each|every|a|one)\s(?P<per>{ITEM})",
            ),
            15,
            _rate,
        ),
        Phrasing(
            "costs each",
            _P(
                rf"(?:(?:[Ee]ach|[Ee]very|[Oo]ne|1|[Aa]n?)\s)?(?P<per>{ITEM})\s(?:costs?|costed|sells?\sfor|sold\sfor|is|are|was|were)\s(?P<n>{NUMBER})\s(?P<money>dollars?|cents?)(?:\s(?:each|apiece|per\s[a-z]+))?",
            ),
            15,
            _rate,
        ),
        Phrasing(
            "bought N at M each",
            _P(
                rf"(?P<owner>{OWNER})\s(?:bought|buys|purchased|ordered|orders)\s(?P<c>{NUMBER})\s(?P<per>{ITEM})\s(?:for|at)\s(?P<n>{NUMBER})\s(?P<money>dollars?|cents?)\s(?:each|apiece|a\spiece)"
            ),
            15,
            _rate,
        ),
        Phrasing(
            "N boxes with M each",
            _P(
                rf"(?P<owner>{OWNER})\s(?:{HAVE}|bought|buys|made|makes|filled|fills|packed|packs|got|gets)\s(?P<c>{NUMBER})\s(?P<per>{ITEM})\s(?:with|of|holding|containing)\s(?P<n>{NUMBER})\s(?P<item>{ITEM})\s(?:each|apiece|in\seach(?:\s{ITEM})?)"
            ),
            15,
            _rate,
        ),
        Phrasing(
            "were taken",
            _P(
                rf"(?P<n>{AMT})\s(?:of\s(?:the|his|her|their|them|its)\s)?(?P<item>{ITEM})?\s?(?P<verb>died|die|broke|break|popped|melted|were\s(?:taken|eaten|sold|broken|used|lost|removed|given\saway)|was\s(?:taken|eaten|sold|broken|used|lost|removed))"
            ),
            60,
            _passive_lose,
        ),
        Phrasing(
            "left or came",
            _P(
                rf"(?P<n>{AMT})\s(?:more\s|new\s|of\s(?:them|the\s[a-z]+)\s)?(?P<item>{ITEM})?\s?(?P<verb>left|got\soff|got\son|went\saway|ran\saway|flew\saway|moved\saway|came|joined|arrived|{ARRIVE_MORE}|{DEPART_MORE})(?:\s(?:them|him|her|us|the\s[a-z]+))?"
            ),
            60,
            _comes_goes,
        ),
    ],
    key=lambda p: p.priority,
)


class _Alias:
    """A match whose `list` group is whichever of the two alternatives matched."""

    def __init__(self, m: re.Match):
        self.m = m

    def group(self, name: str):
        if name == "list":
            return self.m.group("list") or self.m.group("list2")
        return self.m.group(name)


_LEAD = re.compile(
    r"^(?:(?:while|when|during|at|in|on|for|today|yesterday|now|then|so|later|last\s\w+|this\s\w+|first|finally|also)\b[^,]*?,\s|(?:now|then|so|later|finally|also|today|yesterday)\s)",
    re.I,
)


def clauses(sentence: str) -> list[str]:
    """A statement's clauses: ", and" / "and" before a new holder and verb, "then", "but"; an
    "After losing some lives he had 73 left" becomes "he lost some lives" and "he had 73 left"."""
    s = sentence.rstrip(".!? ").strip()
    m = re.match(rf"^after\s(\w+ing)(?:\saway|\sup|\sout)?\s({AMT})\s({ITEM})?,?\s({OWNER})\s(.*)$", s, re.I)
    if m and m.group(1).lower() in GERUNDS:
        first = f"{m.group(4)} {GERUNDS[m.group(1).lower()]} {m.group(2)} {m.group(3) or ''}".strip()
        return [first, f"{m.group(4)} {m.group(5)}"]
    s = re.sub(
        rf",?\s(?:and|but)(?:\sthen)?\s(?=(?:{verb_alternation(GAIN)}|{verb_alternation(LOSE)}|had|has|now\shas|now\shad)\s)",
        ", then He ",
        s,
    )
    parts = re.split(rf",?\s(?:and\s(?:then\s)?|but\s|then\s)(?=(?:{OWNER})\s[a-z])|,\sthen\s|;\s", s)
    out = []
    for p in parts:
        p = p.strip(" ,")
        prev = None
        while prev != p:
            prev = p
            lead = _LEAD.match(p)
            if lead and not QUANTITY_WORDS.search(lead.group(0)):
                p = p[lead.end() :]
        if p:
            out.append(
                p[0].upper() + p[1:]
                if p[:1].islower() and p.split()[0].lower() not in ("he", "she", "they", "we")
                else p
            )
    return out


def read_clause(world: World, clause: str, sentence: str) -> bool:
    """The one loop: the first row (by priority) whose pattern matches and whose handler accepts
    the clause reads it."""
    starts = [0] + [m.end() for m in re.finditer(r"\s", clause)][:10]
    for start in starts:
        prefix = clause[:start]
        if QUANTITY_WORDS.search(prefix) or any(
            w[:1].isupper() and w.lower().strip(",") not in NOT_NAMES for w in prefix.split()
        ):
            break
        for row in STATEMENTS:
            m = row.pattern.match(clause, start)
            if not m or not _quiet(clause[m.end() :]):
                continue
            if row.handler(world, m, sentence):
                return True
    return False


def _quiet(rest: str) -> bool:
    """Is what a pattern left of a clause free of anything that could change the answer (a
    number, a quantity word, another holder's name)? It must be a place, a time or a manner."""
    rest = rest.strip()
    if rest and not re.match(
        r"(?:in|on|at|to|from|for|into|inside|under|near|by|during|as\swell|too|also|this|last|yesterday|today|"
        r"after\s(?:that|this|school|lunch|dinner|breakfast|work)|with\s(?:his|her|their|my)|"
        r"(?:sitting|standing|playing|swimming|waiting|parked|living|growing|sleeping|flying|working|lying|"
        r"hanging|stored|kept|left|placed)\s(?:in|on|at|under|near|inside))\b",
        rest,
    ):
        return False
    return not QUANTITY_WORDS.search(rest) and not re.search(r"\b[A-Z][a-z]+", rest)
