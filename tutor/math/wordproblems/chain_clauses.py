# ruff: noqa: E501  (regular expressions, one a line)
"""The multi-step reader's statements (:mod:`chains`): one clause of a story -> the equations it
states, written into a :class:`~chain_story.Story`. A clause is a holder, a verb and a quantity:

- a value: "Tom has 12 apples", "There are 30 desks in the room";
- a value relative to another: "Mary has 3 more apples than Tom", "twice as many", "half as many",
  "20% more", and the same for things done ("On Tuesday she read twice as many pages as on Monday");
- a change: "he gives away 4", "she buys 3 more", "he ate half of them", "she gave 5 to Tom";
- a rate: "each box holds 6 eggs", "pens cost $3 each", "she reads 20 pages every day",
  "he buys 4 pens for $2 each", "for 5 days";

and anything else is :class:`Unread` (the reader then refuses)."""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.chain_ages import read_age, read_together
from tutor.math.wordproblems.chain_change import read_tender
from tutor.math.wordproblems.chain_discounts import read_discount
from tutor.math.wordproblems.chain_goals import read_goal
from tutor.math.wordproblems.chain_parts import read_part
from tutor.math.wordproblems.chain_rates import read_rate
from tutor.math.wordproblems.chain_speeds import speed_form
from tutor.math.wordproblems.chain_story import Event, Story, Unread, factor, holder, resolve
from tutor.math.wordproblems.chain_takes import read_takes
from tutor.math.wordproblems.chain_words import (
    DAYS,
    ITEM,
    LEADIN,
    MULTIPLIER,
    NAME,
    NUM,
    PERIOD,
    SUBJ,
    item_key,
    period_of,
    verb_of,
)
from tutor.math.wordproblems.chain_words import VERBS as VERB_FORMS
from tutor.math.wordproblems.reading import singular

__all__ = ["read_clause", "Context", "holder", "factor"]


class Context:
    """What a clause may leave out: the holder and the verb of the clause before it."""

    def __init__(self) -> None:
        self.owner: str | None = None
        self.verb: str | None = None


_BASES = "|".join(
    sorted(
        {b for b, _ in VERB_FORMS.values()}
        | set(
            "make buy pay get use help build feed fill cover decorate cook share sell spend save raise put go see visit keep".split()
        ),
        key=len,
        reverse=True,
    )
)
_VERB_ALT = "|".join(sorted(VERB_FORMS, key=len, reverse=True))
_GERUNDS: dict[str, str] = {}
for _b in {b for b, _ in VERB_FORMS.values()}:
    for _g in (_b + "ing", _b[:-1] + "ing" if _b.endswith("e") else "", _b + _b[-1] + "ing"):
        if _g:
            _GERUNDS.setdefault(_g, _b)
_GERUND_ALT = "|".join(sorted(_GERUNDS, key=len, reverse=True))
_TARGET = rf"(?:(?P<ti>{ITEM})|(?P<t>{SUBJ}|him|her|them|on\s{DAYS}|the\s(?:first|previous)\s(?:day|week|time)|the\sday\sbefore|last\sweek|yesterday))"
_AUX = rf"(?:\s(?P<aux>does|did|do|has|had|have|is|was|can|could|will|{_VERB_ALT}))?"
_OBJECT = [
    (
        "more",
        re.compile(
            rf"^(?P<n>{NUM})\s(?:(?P<pre>{ITEM})\s)?(?P<dir>more|fewer|less)\s(?:(?P<item>{ITEM})\s)?(?:on\s(?P<day>{DAYS})\s)?than\s{_TARGET}{_AUX}(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "pct",
        re.compile(
            rf"^(?P<n>{NUM})\s?(?:%|percent)\s(?P<dir>more|fewer|less)\s(?:(?P<item>{ITEM})\s)?than\s{_TARGET}{_AUX}(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "times",
        re.compile(
            rf"^(?P<k>{MULTIPLIER})\s(?:as\s(?:many|much)\s(?:(?P<item>{ITEM})\s(?:(?:as|than)\s|(?=[A-Z]))|(?:as|than)\s)|the\snumber\sof\s(?:(?P<item3>{ITEM})\s)?(?:(?:as|than|that)\s)?|(?:of\s)?(?:the\samount|what)\s){_TARGET}{_AUX}(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "frac",
        re.compile(
            rf"^(?P<k>{MULTIPLIER}|(?P<pct>{NUM})\s?(?:%|percent))\s(?:of\s(?=them|it|that|what|the\srest|the\sremainder)|(?:of\s)?(?=his|her|their|its|the))(?:them|it|that|what\s(?:was|is)\s(?:left|remaining)|the\s(?:rest|remainder)\b|(?:his|her|their|its|the)\s(?:(?P<hn>{NUM})\s)?(?P<item>{ITEM}))(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "more_times",  # "5 more than twice as many apples as Tom", "3 less than half the number of Tom's"
        re.compile(
            rf"^(?P<n>{NUM})\s(?:(?P<pre>{ITEM})\s)?(?P<dir>more|fewer|less)\s(?:(?P<item>{ITEM})\s)?than\s(?P<k>{MULTIPLIER})(?:\s(?:as\s(?:many|much)|the\snumber\sof))?(?:\s(?P<item2>{ITEM})(?:\s(?:as|than)|(?=\s[A-Z]))|\s(?:as|than))?\s{_TARGET}{_AUX}(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "boxes",
        re.compile(
            rf"^(?P<n>{NUM})\s(?P<c>{ITEM})\s(?:with|holding|containing)\s(?P<k>{NUM})\s(?P<item>{ITEM})\s(?:in\s)?each(?:\s(?P<c2>{ITEM}))?(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "boxes",
        re.compile(rf"^(?P<n>{NUM})\s(?P<c>{ITEM})\sof\s(?P<k>{NUM})\s(?P<item>{ITEM})(?P<tail>(?:\s.*)?)$"),
    ),
    (
        "boxes",  # "5 packs of beef that are 4 pounds each", "2 jars which each hold 15 stars"
        re.compile(
            rf"^(?P<n>{NUM})\s(?P<c>{ITEM})\s(?:that|which)\s(?:(?P<e1>each)\s)?(?:are|were|weigh|weighs|weighed|hold|holds|held|can\shold|contain|contains|contained|have|has|had)\s(?P<k>{NUM})\s(?P<item>{ITEM})(?:\s(?P<e2>each|apiece))?(?P<tail>(?:\s.*)?)$"
        ),
    ),
    ("worth", re.compile(rf"^(?P<n>{NUM})\sdollars?\sworth\sof\s(?P<on>{ITEM})(?P<tail>(?:\s.*)?)$")),
    (
        "n",  # "a collection of 20 baseball cards", "60 total vehicles"
        re.compile(
            rf"^(?:(?:a|an)\s(?:collection|pile|set|stack|bunch|supply|stock)\sof\s)?(?P<n>{NUM})\s(?P<item>{ITEM})(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "n",
        re.compile(
            rf"^(?P<n>{NUM})\sof\s(?:his|her|their|its)\s(?P<hn>{NUM})\s(?P<item>{ITEM})(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "n",
        re.compile(
            rf"^(?:another\s)?(?P<n>{NUM})\s(?:(?P<more>more)\s)?(?P<item>{ITEM})(?P<tail>(?:\s.*)?)$"
        ),
    ),
    (
        "n",
        re.compile(
            rf"^(?:another\s)?(?P<n>{NUM})(?:\s(?:(?P<more>more)|(?P<of>of\sthem)))?(?P<tail>(?:\s.*)?)$"
        ),
    ),
    ("one", re.compile(rf"^(?:a|an)\s(?P<item>{ITEM})(?P<tail>(?:\s.*)?)$")),
    (
        "sells_at",
        re.compile(rf"^(?P<item>{ITEM})\s(?:for|at)\s(?P<p>{NUM})\sdollars?\s(?:each|apiece|a\spiece)$"),
    ),
    ("some", re.compile(rf"^(?:some|a\sfew|several)\s(?P<item>{ITEM})(?P<tail>(?:\s.*)?)$")),
]

# "gave each of her 4 cousins 3 apples" is "gave 3 apples to each of her 4 cousins"
_EACH_OF = re.compile(
    rf"\b(?P<v>gives|gave|give|sends|sent|hands|handed|pays|paid)\s(?P<who>each\sof\s(?:his|her|their|the|its|my|our)\s{NUM}\s[a-z]+)\s(?P<what>{NUM}\s{ITEM})$"
)

# units a container's contents are measured in ("bags of rice that weigh 2 pounds each")
_CONTENT_UNITS = {"pound", "ounce", "gram", "kilogram", "liter", "gallon", "quart", "pint", "cup", "foot", "inch",
                  "meter", "yard", "milliliter"}  # fmt: skip

# what a holder is left with (has now) after the changes told
_LEFT_WITH = re.compile(
    rf"^(?:(?P<s>{SUBJ})\s)?(?:(?:is|was|are|were|am)\s)?(?:only\s|now\s)?(?:left|ended\sup|ends\sup)\swith\s(?:only\s|just\s)?(?P<rest>(?:{NUM}|a|an)\s.+)$"
)
# keeping what is left changes nothing
_KEPT_REST = re.compile(
    rf"^(?:(?P<s>{SUBJ})\s)?(?:kept|keeps|keep)\s(?:the\s(?:rest|remainder)|what\s(?:was|is)\sleft)(?:\sfor\s(?:himself|herself|themselves))?$"
)

# words after a compared holder that stand for the clause's own verb ("as Tom did")
_SAME_VERB = {"does", "did", "do", "is", "was", "can", "could", "will"}

# seconds in the units of a clock (60 seconds in a minute, 60 minutes in an hour): a rate per one
# of them may run for a time given in another
_CLOCK = {"second": 1, "minute": 60, "hour": 3600}

# words that make a "to ..." tail more than a purpose: an amount or a holder
_NOT_PURPOSE = "each|every|per|more|less|fewer|than|all|half|twice|some|them|him|her|his|their|its"

# what may follow a quantity: each atom is consumed in turn; anything left is unread
_TAIL = [
    # "gave 3 apples to each of her 4 cousins": 3 apples, 4 times
    (
        "times",
        re.compile(
            rf"^\s(?:to|for)\seach\sof\s(?:his|her|their|the|its|my|our)\s(?P<k>{NUM})\s(?P<who>{ITEM})(?=\s|$)"
        ),
    ),
    ("to", re.compile(rf"^\s(?:to|for)\s(?P<t>{SUBJ}|him|her|them|(?:a|an|the)\s{ITEM})(?=\s|$)")),
    ("from", re.compile(rf"^\s(?:from)\s(?P<t>{SUBJ}|him|her|them)\b")),
    (
        "each",
        re.compile(
            rf"^\s(?:at|for)\s(?P<p>{NUM})\sdollars?\s(?:(?:per|each)\s(?P<per_item>{ITEM})|each|apiece|a\spiece)\b"
        ),
    ),
    (
        "each",
        re.compile(
            rf"^\s(?:that|which)\s(?:costs?|cost)\s(?P<p>{NUM})\sdollars?\s(?:each|apiece|a\spiece)\b"
        ),
    ),
    (
        "each",
        re.compile(
            rf"^\s(?:that|which)\seach\s(?:costs?|cost)\s(?P<p>{NUM})\sdollars?\b(?!\s(?:each|apiece|a\spiece))"
        ),
    ),
    # "a bike that costs 90 dollars": the price of the one thing bought (of several: each, or all?)
    (
        "one_costs",
        re.compile(
            rf"^\s(?:that|which)\s(?:costs?|cost)\s(?P<p>{NUM})\sdollars?\b(?!\s(?:each|apiece|a\spiece|per|a|an|every)\b)"
        ),
    ),
    ("on", re.compile(rf"^\s(?:on|for)\s(?:(?:a|an|the|his|her|their|some)\s)?(?P<on>{ITEM})$")),
    ("unit", re.compile(rf"^\s(?:for|at)\s(?P<p>{NUM})\sdollars?\s(?:a|an|per|each)\s(?P<unit>[a-z]+)\b")),
    # "sold 453 cakes at 12 dollars": at a price, each; "for 12 dollars": for all of them
    (
        "each",
        re.compile(rf"^\sat\s(?P<p>{NUM})\sdollars?\b(?!\s(?:a|an|per|each|every|apiece|a\spiece|in)\b)"),
    ),
    ("total", re.compile(rf"^\s(?:for\s(?:a\stotal\sof\s)?|at\sa\stotal\sof\s)(?P<p>{NUM})\sdollars?\b")),
    ("per", re.compile(rf"^\s(?:{PERIOD})\b")),
    (
        "reps",
        re.compile(
            rf"^\s(?:for|in)\s(?P<r>{NUM})\s(?P<unit>days|weeks|months|years|hours|minutes|seconds)\b"
        ),
    ),
    ("day", re.compile(rf"^\s(?:on\s(?P<day>{DAYS})|in\sthe\s(?P<part>morning|afternoon|evening))\b", re.I)),
    (
        "noise",
        re.compile(
            r"^\s(?:now|at\sfirst|away|today|yesterday|last\sweek|this\sweek|last\syear|this\syear|this\smonth|last\smonth|too|also|left)\b"
        ),
    ),
    # "in all" after a thing done is a total the other amounts may be parts of: only a holding takes it
    ("whole", re.compile(r"^\s(?:in\sall|in\stotal|altogether)\b")),
    # where: "in his garden", "at the store" (no amount, no time in it)
    (
        "place",
        re.compile(
            rf"^\s(?:(?:in|at|on|inside|outside|around|near|into|onto)\s(?:his|her|their|the|its|my|a|an)\s(?P<place>{ITEM})|(?:at|in|to)\s(?:school|home|work|church|camp|college|class))\b"
        ),
    ),
    # what it is for, last and with no amount in it: "to make cookies", "for babysitting"
    (
        "purpose",
        re.compile(rf"^\s(?:to\s(?:{_BASES})|for\s[a-z]+ing)(?:\s(?!(?:{_NOT_PURPOSE})\b)[a-z']+){{0,6}}$"),
    ),
    (
        "on",
        re.compile(rf"^\s(?:buying|on\s(?:buying\s)?)(?:(?:a|an|the|his|her|their|some)\s)?(?P<on>{ITEM})$"),
    ),
]


def read_clause(story: Story, clause: str, ctx: Context) -> None:
    """Write one clause's equations into `story`; :class:`Unread` when it cannot."""
    t = clause.strip().rstrip(".!,;")
    when = ""
    while True:
        m = LEADIN.match(t)
        if not m:
            break
        if m.group("day"):
            when = m.group("day").split()[-1].lower()
        t = t[m.end() :]
    t = re.sub(
        rf",\s(?=(?:at|for)\s{NUM}\sdollars?\b)", " ", t
    )  # "5 pounds of apples, at 6 dollars per pound"
    t = speed_form(t)  # "drives at 60 mph for 3 hours": 60 miles per hour for 3 hours
    t = _EACH_OF.sub(r"\g<v> \g<what> to \g<who>", t)  # "gave each of her 4 cousins 3 apples"
    if (
        read_rate(story, t)
        or read_age(story, t)
        or read_part(story, t)
        or read_goal(story, t)
        or read_discount(story, t)
        or read_tender(story, t)
        or read_takes(story, t)
    ):
        return
    left = _LEFT_WITH.match(t)
    if left and (left.group("s") or ctx.owner):  # "(she) was left with 15 dollars": what she has now
        owner = holder(story, left.group("s")) if left.group("s") else ctx.owner
        assert owner is not None
        story.last_owner = owner
        ctx.owner, ctx.verb = owner, "have"
        _object(story, owner, ("have", "have"), left.group("rest"), when)
        return
    kept = _KEPT_REST.match(t)
    if kept and (kept.group("s") or ctx.owner):  # "gave 5 to Sally and kept the rest": nothing more changes
        return
    m = re.match(
        r"^[Tt]here\s(?:are|were|is|was)\s(?P<rest>.+?)(?:\s(?:in|on|at)\s(?P<place>(?:the|a|an|his|her|their)\s[a-z]+(?:\s[a-z]+)?))?$",
        t,
    )
    tot = re.fullmatch(
        rf"[Tt]here\s(?:are|were)\s(?P<n>{NUM})\s(?P<item>{ITEM})\s(?:altogether|in\stotal|in\sall|total|combined)",
        t,
    )
    if (
        tot
        and item_key(tot.group("item"))
        and any(i == item_key(tot.group("item")) for _, i in story.current)
    ):
        item = item_key(tot.group("item"))
        holders = [story.current[(o, i)] for (o, i) in story.current if i == item and o != "there"]
        story.equation(sum(holders[1:], holders[0]), story.number(tot.group("n")))
        story.last_item = item
        return
    if m:
        owner = m.group("place").lower() if m.group("place") else "there"
        owner = re.sub(r"^(?:a|an|his|her|their)\s", "the ", owner)
        _object(story, owner, ("have", "have"), m.group("rest"), when)
        return
    m = re.match(
        rf"^(?P<s>{SUBJ})\s(?P<each>each\s|combined\s|together\s)?(?:(?:also|only|then|now|still|can|could|will|usually|always|often|normally)\s)?(?:(?:wants|wanted|needs|needed|decides|decided|plans|planned|is\sgoing|was\sgoing|has|had|would\slike|is\splanning|was\splanning|hopes|hoped)\sto\s)?(?:(?:is|are|was|were|am)\s(?P<vg>{_GERUND_ALT})|(?P<vs>starts|started|begins|began)\swith|(?P<v>{_VERB_ALT}))(?:\s(?:away|back|up|out))?(?:\s(?P<rcp>{NAME}|him|her|them|(?:his|her|their)\s[a-z]+)(?=\s(?:\d|a\s|an\s|half|twice|another\s)))?(?P<rest>\s.+)$",
        t,
    )
    verb = None
    if m and m.group("vg"):  # "is selling"
        verb = verb_of(_GERUNDS[m.group("vg")])
    elif m and m.group("vs"):  # "starts with 200 dollars"
        verb = ("have", "have")
    elif m:
        verb = verb_of(m.group("v"))
    to = None
    if m and verb:
        owner = holder(story, m.group("s"))
        rest = m.group("rest").strip()
        if m.group("rcp"):
            if verb[0] not in ("give", "send", "pay", "lend", "sell", "donate"):
                raise Unread(clause)
            to = _object_holder(story, m.group("rcp"), owner)  # "Tim gave him": not Tim
    else:
        m2 = re.match(
            rf"^(?:(?:also|then|only)\s)?(?P<v>[a-z]+)(?:\s(?:away|back|up|out))?(?:\s(?P<rcp>{NAME}|him|her|them)(?=\s(?:\d|a\s|an\s|half|twice|another\s)))?(?P<rest>\s.+)$",
            t,
        )
        verb = verb_of(m2.group("v")) if m2 else None
        if m2 and verb and ctx.owner:  # "... and gave 4 to Mary": the same holder
            owner, rest = ctx.owner, m2.group("rest").strip()
            if m2.group("rcp"):  # "... and gave Charles 156 sheets"
                if verb[0] not in ("give", "send", "pay", "lend", "sell", "donate"):
                    raise Unread(clause)
                story.before = story.last_owner
                to = _object_holder(story, m2.group("rcp"), owner)
        elif (
            re.match(rf"^(?:(?:another\s)?{NUM}\b|an?\s[a-z]|{MULTIPLIER}\sof\s)", t)
            and ctx.owner
            and ctx.verb
        ):  # "..., and 5 pears"
            owner, verb, rest = ctx.owner, verb_of(ctx.verb), t
        else:
            raise Unread(clause)
    assert verb is not None
    if m and verb[1] == "have" and read_together(story, m.group("s"), m.group("each") or "", rest):
        return
    story.before = story.last_owner  # "His brother has 6 fewer than he has": he is not the brother
    if m and m.group("each") and m.group("each").strip() == "each":  # "Tom and Mary each have 5 apples"
        members = [holder(story, w) for w in re.split(r",\s(?:and\s|&\s)?|\s(?:and|&)\s", m.group("s"))]
        if len(members) < 2:
            raise Unread(clause)
        story.recording = []
        _object(story, members[0], verb, rest, when, to)
        said, story.recording = story.recording, None
        for other in members[1:]:
            story.replay = list(said)
            _object(story, other, verb, rest, when, to)
            if story.replay:
                raise Unread(clause)
        for w in members:
            story.note_person(w)
        story.last_owner = None
        ctx.owner, ctx.verb = None, verb[0]
        return
    if owner[:1].isupper() and owner not in ("I",):
        story.note_person(owner)
    story.last_owner = owner
    ctx.owner, ctx.verb = owner, verb[0]
    _object(story, owner, verb, rest, when, to)


def _object(
    story: Story, owner: str, verb: tuple[str, str], rest: str, when: str, to: str | None = None
) -> None:
    for kind, rx in _OBJECT:
        m = rx.match(rest)
        if m:
            break
    else:
        raise Unread(rest)
    g = m.groupdict()
    words = g.get("item") or g.get("pre") or g.get("item2") or g.get("item3")
    if len({item_key(g[k]) for k in ("item", "pre", "item2", "item3") if g.get(k)}) > 1:
        raise Unread(rest)
    item = item_key(words) if words else story.last_item
    if kind == "worth":
        item = "dollar"
    if item is None:
        raise Unread(rest)
    tail = _tail(story, g.get("tail") or "", owner)
    if tail.pop("one_only", False) and kind != "one":
        raise Unread(rest)  # "3 pens that cost 6 dollars": each, or the three?
    if kind == "boxes" and "e1" in g and not (g.get("e1") or g.get("e2")):
        raise Unread(rest)  # "5 packs that are 20 pounds": each, or all five?
    if to is not None:
        if "to" in tail:
            raise Unread(rest)
        tail["to"] = to
    if g.get("day"):  # "3 more pages on Tuesday than on Monday"
        if "day" in tail:
            raise Unread(rest)
        tail["day"] = g["day"].lower()
    when = tail.get("day") or when
    base, vkind = verb
    aux = verb_of(g["aux"]) if g.get("aux") and g["aux"] not in _SAME_VERB else None
    if aux is not None and aux[0] != base:
        raise Unread(rest)  # "spent twice what Mary earned": compared with another act, not read
    target = None
    if g.get("ti"):
        other = item_key(g["ti"])
        if other is None or other == item or vkind != "have":
            raise Unread(rest)
        target = ("item", other)
    elif g.get("t"):
        tw = g["t"]
        if re.match(rf"on\s{DAYS}", tw, re.I):
            target = ("when", tw.split()[-1].lower())
        else:
            if tw.lower() in ("he", "she", "him", "her", "they", "them", "it") and story.before:
                who = resolve(story, tw, story.before, exclude=owner)  # "than he has": not the subject
            else:
                who = holder(story, tw)
            if who == owner:
                raise Unread(rest)
            target = ("owner", who)
    if kind == "boxes":  # "3 boxes of 6 eggs": 3 boxes, each holding 6 eggs
        c = item_key(g["c"])
        if g.get("c2") and item_key(g["c2"]) != c:
            raise Unread(rest)
        if c is not None and " of " in c and item in _CONTENT_UNITS and "e1" in g:
            c, _, stuff = c.partition(" of ")  # "5 packs of beef that are 4 pounds each": pounds of beef
            item = f"{item} of {stuff}"
        if c is None or (c, item) in story.holds:
            raise Unread(rest)
        amount = story.number(g["n"])
        story.holds[(c, item)] = story.number(g["k"])
        item = c
    elif kind == "worth":  # "buys 3 dollars worth of candy": 3 dollars spent on candy
        if base != "buy":
            raise Unread(rest)
        if tail:
            raise Unread(rest)
        _money(story, owner, "spend", -story.number(g["n"]), when, item_key(g["on"]) or "?")
        return
    elif kind == "sells_at":  # "The shop is selling notebooks for $1.50 each": a price
        if base not in ("sell", "buy") or tail:
            raise Unread(rest)
        story.equation(story.price(item), story.number(g["p"]))
        story.last_item = item
        return
    elif kind == "one":
        amount = sympy_module().Integer(1)
    elif kind == "some":
        amount = story.unknown(f"some {item}")
    elif kind == "n":
        if (g.get("of") or g.get("hn")) and vkind != "lose":
            raise Unread(rest)  # "he picked 5 of them": a part of what he had, not 5 more
        if g.get("more") and _more_than_another(story, owner, base, item):
            raise Unread(rest)  # "Tom scored 12. Mary scored 4 more": 4, or 4 more than Tom?
        amount = story.number(g["n"])
        if g.get("hn"):  # "5 of her 20 stickers": she has 20
            story.has(owner, item, story.number(g["hn"]))
    elif kind == "frac":
        k = story.number(g["pct"]) / 100 if g.get("pct") else factor(g["k"], story)
        if vkind == "have":
            raise Unread(rest)
        if g.get("hn"):  # "half of his 40 balls": he has 40
            story.has(owner, item, story.number(g["hn"]))
        if item.startswith(("remaining ", "leftover ")):  # "half of the remaining stickers": of her stickers
            item = item.split(" ", 1)[1]  # (it was a new kind, none held, so nothing was taken from them)
        # "sold a third of her vacuum cleaners": of what she held, said or not (then solved for)
        key = story.key_of(owner, item)
        if key in story.fractioned and not re.search(r"\b(?:rest|left|remaining|remainder)\b", rest):
            raise Unread(rest)  # "spent half of it, then a third of it": of what he had, or of what was left?
        story.fractioned.add(key)
        amount = k * story.holding(owner, item, create=vkind == "lose")
    else:
        if target is None:
            raise Unread(rest)
        ref = _reference(story, owner, base, vkind, item, target, when)
        if kind == "more_times":
            ref = factor(g["k"], story) * ref
        if kind in ("more", "more_times"):
            n = story.number(g["n"])
            amount = ref + n if g["dir"] == "more" else ref - n
        elif kind == "pct":
            p = story.number(g["n"]) / 100
            amount = ref * (1 + p) if g["dir"] == "more" else ref * (1 - p)
        else:
            amount = factor(g["k"], story) * ref
    story.last_item = item
    per = tail.get("per", "")
    reps = tail.get("reps")
    if reps is not None:
        clock = _CLOCK.get(tail["reps_unit"]), _CLOCK.get(per)
        if tail["reps_unit"] != per and None in clock:  # "for 5 days" repeats only what is done each day
            raise Unread(rest)
        if tail["reps_unit"] != per:  # "60 miles per hour for 30 minutes": 30/60 of an hour
            reps = reps * sympy_module().Rational(clock[0], clock[1])
        amount = amount * reps  # "3 sprints a day for 5 days": 15 sprints
        per = ""
    if "times" in tail:  # "to each of her 4 cousins": the amount, once for each of them
        if vkind == "have" or kind not in ("n", "one"):
            raise Unread(rest)
        amount = amount * tail["times"]
    if vkind == "have":
        if per:
            raise Unread(rest)
        story.has(owner, item, amount)
        return
    if "whole" in tail:  # "spent 80 dollars in all ... spent 35 on rides": not one more amount
        raise Unread(rest)
    if item == "dollar" and base in ("make", "get"):  # "makes 100 dollars", "gets 5 dollars": earned
        base = "earn"
    if "on" in tail and not (base in ("spend", "pay") and item == "dollar"):
        del tail["on"]  # "for the party", "on his farm": where or what for, not an amount
    if "per_item" in tail:  # "at $2 per pound" prices pounds, not bags
        if singular(tail.pop("per_item").split()[-1]) != item.split(" of ")[0].split()[-1]:
            raise Unread(rest)
    if "unit" in tail:  # "3 gallons of gas at $3 a gallon": the price of one
        price, unit = tail.pop("unit")
        if "each" in tail or singular(unit) != item.split(" of ")[0].split()[-1]:
            raise Unread(rest)
        tail["each"] = price
    if kind != "n" and kind != "some":
        did = story.unknown(f"what {owner} did: {base} {item}")
        story.equation(did, amount)
        amount = did
    if (owner in story.discounted or owner in story.tendered) and base in ("spend", "pay", "buy"):
        raise Unread(rest)  # spent after a discount or a payment: is it discounted, paid too?
    if not _told_later(story, owner, base, item, amount, per, when):
        story.events.append(Event(owner, base, item, amount, when, per, on=tail.get("on") or ""))
    if "each" in tail or "total" in tail:
        cost = amount * tail["each"] if "each" in tail else tail["total"]
        if base == "buy":
            _money(story, owner, "spend", -cost, when, item)
            if "each" in tail:
                story.equation(story.price(item), tail["each"])
            elif item != "dollar":  # "3 pens for $6": one costs $2
                story.equation(story.price(item) * amount, tail["total"])
        elif base == "sell":
            _money(story, owner, "earn", cost, when, item)
        else:
            raise Unread(rest)
    elif base == "buy" and item != "dollar":  # at the price the story gives, before or after
        _money(story, owner, "spend", -amount * story.price(item), when, item)
    if per:
        return
    if vkind == "gain":
        if "to" in tail and re.search(r"(?:^|\s)to\s", g.get("tail") or ""):
            raise Unread(rest)  # "he got 8 cookies to his friend": gained, or given?
        if story.key_of(owner, item) != (owner, item):
            raise Unread(rest)  # "has 5 baseball cards. He buys 2 cards": of which kind are the new ones?
        story.change(owner, item, amount, start_empty=True)
        src = tail.get("from")
        if src is not None and src != owner and base != "buy":  # "got 3 apples from Mary": hers go
            if src[:1].isupper() or story.key_of(src, item) in story.current:
                story.change(src, item, -amount, start_empty=False)
    elif vkind == "lose":
        if (owner, item) in story.current or item != "dollar":
            story.change(owner, item, -amount, start_empty=False)
        if "to" in tail and tail["to"] != owner:
            story.events.append(Event(tail["to"], "get", item, amount, when))  # "how many did Lily get?"
            if (tail["to"], item) in story.current:
                story.change(tail["to"], item, amount, start_empty=False)
    elif "to" in tail or "from" in tail:
        raise Unread(rest)


def _told_later(story: Story, owner: str, base: str, item: str, amount, per: str, when: str) -> bool:
    """Whether this act is one an earlier comparison was made to before it was told: its amount
    then equals the compared unknown (no second event). A second act of the same kind by the same
    holder after that, or a repeated one ("a day"), leaves which one was compared open: refused."""
    same = [e for e in story.events if e.owner == owner and e.verb == base and e.item == item and e.state]
    if not same:
        return False
    if per or any(e.state == "told" for e in same) or len(same) != 1 or same[0].when != when:
        raise Unread(f"which {base} of {item} by {owner} was compared")
    story.equation(same[0].amount, amount)
    same[0].state = "told"
    return True


def _more_than_another(story: Story, owner: str, base: str, item: str) -> bool:
    """Whether "N more" may compare with another holder rather than add to this one's: the holder
    has none of the item yet and did nothing with it, while another holder has or did."""
    if story.key_of(owner, item) in story.current or any(
        e.owner == owner and e.item == item for e in story.events
    ):
        return False
    return any(o != owner and i == item for o, i in story.current) or any(
        e.owner != owner and e.item == item for e in story.events
    )


def _money(story: Story, owner: str, verb: str, delta, when: str, on: str) -> None:
    if (owner in story.discounted or owner in story.tendered) and verb == "spend":
        raise Unread(f"{owner} spends after a discount or a payment")  # is it discounted, paid too?
    story.events.append(Event(owner, verb, "dollar", delta if verb == "earn" else -delta, when, on=on))
    if (owner, "dollar") in story.current:
        story.change(owner, "dollar", delta, start_empty=False)


def _reference(story: Story, owner: str, base: str, vkind: str, item: str, target, when: str = ""):
    """The amount a comparison is made to: what the other holder has (or did), or what this
    holder did on the other day."""
    how, who = target
    if how == "item":
        return story.holding(owner, who)
    if vkind == "have" and how == "owner":
        key = story.key_of(who, item)
        if key in story.current and story.current[key] is not story.first.get(key):
            # "Jeff donated 30% of them. Vicki had twice as many as Jeff": as many as he had before
            # or after? Either is read by people; refused
            raise Unread(f"{who}'s {item} changed before the comparison")
        return story.holding(who, item)
    if how == "when":
        evs = [
            e
            for e in story.events
            if e.owner == owner and e.verb == base and e.item == item and e.when == who
        ]
    else:
        evs = [e for e in story.events if e.owner == who and e.verb == base and e.item == item]
        if not evs and vkind in ("gain", "lose", "do"):
            # "Eliot got twice as many votes as Shaun. Shaun got 5 ...": what Shaun did, told later
            # (or solved for); the act itself is read when the story tells it
            did = story.unknown(f"what {who} did: {base} {item}")
            story.events.append(Event(who, base, item, did, when, state="pending"))
            return did
    if len(evs) != 1:
        raise Unread(f"no single {base} of {item} to compare with")
    return evs[0].amount


def _object_holder(story: Story, word: str, owner: str) -> str:
    """Whom an object names ("gave him", "to her"): a pronoun never names the clause's own subject
    (that would be "himself"), so it names the holder before the clause."""
    if word.lower() not in ("him", "her", "them", "it"):
        return holder(story, word)
    target = story.before if story.last_owner == owner else story.last_owner
    if target is None:
        raise Unread(f'"{word}" names no one before')
    return resolve(story, word, target, exclude=owner)


# times a clause may hold on ("on weekdays", "on school days"): not a thing it is spent on
_WHEN = re.compile(
    r"\b(?:weekdays?|weekends?|days?|nights?|mornings?|afternoons?|evenings?|holidays?|weeks?|months?|years?|workdays?"
    r"|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)\b",
    re.I,
)


def _tail(story: Story, tail: str, owner: str) -> dict:
    out: dict = {}
    rest = tail
    while rest.strip():
        for kind, rx in _TAIL:
            m = rx.match(rest)
            if m:
                break
        else:
            raise Unread(tail)
        if kind in out or (kind == "one_costs" and "total" in out):
            raise Unread(tail)
        if kind in ("to", "from"):
            out[kind] = _object_holder(story, m.group("t"), owner)
        elif kind == "times":
            out[kind] = story.number(m.group("k"))
        elif kind == "whole":
            out[kind] = True
        elif kind in ("purpose", "place"):
            pass
        elif kind == "unit":
            out[kind] = (story.number(m.group("p")), m.group("unit"))
        elif kind == "on":
            if _WHEN.search(m.group("on")):
                raise Unread(tail)  # "20 pages a day on weekdays": only on some days, not on all
            out[kind] = item_key(m.group("on"))
        elif kind == "one_costs":
            out["total"] = story.number(m.group("p"))
            out["one_only"] = True
        elif kind in ("each", "total"):
            if (
                kind == "each"
                and m.group(0).startswith(" at ")
                and story.dozens
                and not m.groupdict().get("per_item")
            ):
                raise Unread(tail)  # "2 dozen eggs at 3 dollars": each egg, or each dozen?
            out[kind] = story.number(m.group("p"))
            if m.groupdict().get("per_item"):
                out["per_item"] = m.group("per_item")
        elif kind == "per":
            out[kind] = period_of(m)
        elif kind == "reps":
            out[kind] = story.number(m.group("r"))
            out["reps_unit"] = m.group("unit").rstrip("s")
        elif kind == "day":
            out[kind] = (m.group("day") or m.group("part")).lower()
        rest = rest[m.end() :]
    return out
