# ruff: noqa: E501  (regular expressions, one a line)
"""The multi-step reader's question (:mod:`chains`): "How many apples does Tom have left?", "How
much money did she spend?", "How many pages did they read in all?", "How many more apples does
Mary have than Tom?" -> the SymPy expression of the asked quantity over the story's unknowns,
with what it counts. Anything else is :class:`Unread`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.chain_change import change_question
from tutor.math.wordproblems.chain_goals import goal_question
from tutor.math.wordproblems.chain_story import Event, Story, Unread, holder
from tutor.math.wordproblems.chain_takes import takes_question
from tutor.math.wordproblems.chain_words import DAYS, ITEM, NAME, NUM, SUBJ, item_key, periods_in, verb_of

__all__ = ["Asked", "read_question"]


@dataclass
class Asked:
    expr: Any  # a SymPy expression over the story's unknowns and numbers
    item: str
    says: str


_AUXQ = r"(?:does|did|do|will|would|can|could|should|must|has|have|had)"
_PEOPLE = r"(?:boys|girls|kids|children|friends|siblings|sisters|brothers)"
_GROUP = rf"(?:the|all|these|those)\s(?:\d+\s{_PEOPLE}|\d+|{_PEOPLE})(?:\sof\sthem)?"
_WHO = rf"(?P<s>{_GROUP}|all\sof\sthem|{SUBJ}|it|you|both\sof\sthem|{NAME}(?:,\s{NAME})*,?\sand\s{NAME})"
_WHO2 = _WHO.replace("(?P<s>", "(?P<s2>")
_WHO3 = _WHO.replace("(?P<s>", "(?P<s3>")
_WHO4 = _WHO.replace("(?P<s>", "(?P<s4>")
_QTAIL = r"(?P<tail>(?:\s.*)?)"
_FORMS = [
    (
        "more",
        re.compile(
            rf"^how\s(?:many\s(?P<dir>more|fewer|less)\s(?P<item>{ITEM})|much\s(?P<dir2>more|less)(?P<money>\smoney)?)\s{_AUXQ}\s{_WHO}\s(?:still\s)?(?P<v>[a-z]+)(?P<on1>\s(?:on|for)\s{ITEM})?\s(?:than|compared\sto)\s(?:on\s(?P<on2>{ITEM})|(?P<t>{SUBJ}|on\s{DAYS})|(?P<ti>{ITEM}))(?:\s(?:does|did|do|has|had|have))?(?P<tail>(?:\s(?:in|on)\s.*)?)$"
        ),
    ),
    (
        "count",
        re.compile(
            rf"^how\smany\s(?:(?P<item>{ITEM})\s)?{_AUXQ}\s{_WHO}\s(?:still\s|now\s)?(?P<v>[a-z]+)(?:\s(?P<with>up\swith|with|off|away|up|out))?{_QTAIL}$"
        ),
    ),
    (
        "age",
        re.compile(
            # the tense needs its time: "will ... be" in 5 years, "was" 5 years ago
            rf"^how\sold\s(?:is\s{_WHO}(?:\snow)?|(?P<will>will)\s{_WHO2}\sbe\sin\s(?P<later>{NUM})\syears|(?P<was>was)\s{_WHO3}\s(?P<ago>{NUM})\syears\sago|will\s{_WHO4}\sbe\s(?P<later2>{NUM})\syears\sfrom\snow)$"
        ),
    ),
    (
        "price",  # "How much is a pair of socks?", "How much does each pen cost?"
        re.compile(rf"^how\smuch\s(?:is|was|does|did)\s(?:a|an|one|each|the)\s(?P<item>{ITEM})(?:\scost)?$"),
    ),
    (
        "basket",  # "How much do 6 erasers and 8 pencils cost?"
        re.compile(
            rf"^how\smuch\s(?:do|does|did|would|will)\s(?P<list>{NUM}\s{ITEM}(?:,\s{NUM}\s{ITEM})*,?\sand\s{NUM}\s{ITEM})\scost(?:\sin\stotal|\saltogether)?$"
        ),
    ),
    (
        "money",
        re.compile(
            rf"^how\smuch\s(?:money\s|in\stotal\s)?{_AUXQ}\s{_WHO}\s(?:still\s|now\s)?(?P<v>[a-z]+)(?:\s(?P<with>up\swith|with|off|away|up|out))?{_QTAIL}$"
        ),
    ),
    ("there", re.compile(rf"^how\smany\s(?P<item>{ITEM})\s(?:are|were)(?:\sthere)?{_QTAIL}$")),
]
_FIRST = r"(?:at\sfirst|originally|initially|(?:in|at)\sthe\s(?:beginning|start)|to\sbegin|to\sstart)"
_TOTAL = r"(?:in\sall|in\stotal|altogether|together|combined|total)"
_ON = re.compile(
    rf"^(?:(?:on|for)\s(?:the\s|his\s|her\s|their\s|all\s(?:the\s)?)?(?P<on>{ITEM})|from\sselling\s(?:the\s|his\s|her\s|their\s|all\s(?:of\s)?(?:the\s|his\s|her\s)?)?(?P<sold>{ITEM}))(?:\s(?P<rest>.*))?$"
)
_SPAN = re.compile(
    rf"(?:on\s(?P<day>{DAYS})|in\s(?:a|an|one)\s(?P<span>day|week|month|year|hour|minute)|(?:in|for)\s(?P<n>{NUM})\s(?P<unit>days|weeks|months|years|hours|minutes|seconds)|(?:in\s|for\s)?(?:a|one|each|every|per)\s(?P<each>day|week|month|year|hour)|{_TOTAL}|in\sthe\send)?(?:\s{_TOTAL})?",
    re.I,
)


# "Calculate the total number of apples Tom picked" asks "how many apples did Tom pick in total"
IMPERATIVE = re.compile(
    r"^(?:calculate|find|determine|compute|work\sout|what\sis|what's|what\swas)\s(?:the\s)?total\s(?:number|amount)\sof\s(?P<what>.+?)\.?$",
    re.I,
)


def _as_how(t: str) -> str:
    m = IMPERATIVE.match(t)
    if not m:
        return t
    what = m.group("what")
    w = re.fullmatch(
        rf"(?P<item>money|{ITEM})\s(?:that\s|which\s)?{_WHO}\s(?P<v>[a-z]+)(?P<rest>(?:\s.*)?)", what
    )
    if not w:
        return t
    head = "how much money" if w.group("item") == "money" else f"how many {w.group('item')}"
    return f"{head} did {w.group('s')} {w.group('v')}{w.group('rest')} in total".replace(
        " in total in total", " in total"
    )


def read_question(story: Story, text: str) -> Asked:
    t = re.sub(r",?\s\(?in\sdollars\)?,?(?=\s|$)", "", text.strip().rstrip("?").strip())
    t = _as_how(t)
    t = t[0].lower() + t[1:]
    t = _as_left(t)
    late = re.match(
        rf"^how\smany\s(?P<item>{ITEM})\s(?P<tot>{_TOTAL})\s(?P<rest>(?:{_AUXQ}|are|were)\s.+)$", t
    )
    if late:  # "how many fruits in total does Marley have": the total asked at the end
        t = f"how many {late.group('item')} {late.group('rest')} {late.group('tot')}"
    done_to = _passive(story, t, text)
    if done_to is not None:  # "How many glasses were broken?": what everyone broke
        return done_to
    missing = goal_question(
        story,
        t,
        held=lambda o, i: _sum(_held(story.current, o, i, story.holds), text),
        done=lambda o, v, i: _amount(story, [o], v, None, i, "", text),
    )
    if missing is not None:  # "How many more tiles are needed?": the goal less what is there
        return Asked(missing[0], missing[1], "how many more are needed")
    change = change_question(story, t, lambda o: _amount(story, [o], "spend", None, "dollar", "", text))
    if change is not None:  # "How much change did she get?": what she handed over less what she spent
        return Asked(change, "dollar", "the change")
    took = takes_question(story, t, lambda i: _every(story, i, text))
    if took is not None:  # "How long will it take him to wash 64 windows?": count x time for one
        return Asked(took[0], took[1], "the time it takes")
    for kind, rx in _FORMS:
        m = rx.match(t)
        if m:
            break
    else:
        raise Unread(text)
    g = m.groupdict()
    if kind == "age":
        who = _owners(story, g.get("s") or g.get("s2") or g.get("s3") or g["s4"])
        g["later"] = g.get("later") or g.get("later2")
        if len(who) != 1 or (who[0], "age") not in story.current:
            raise Unread(text)
        age = story.current[(who[0], "age")]
        if g.get("later"):
            age = age + story.number(g["later"])
        elif g.get("ago"):
            age = age - story.number(g["ago"])
        return Asked(age, "year", f"{who[0]}'s age")
    if kind == "basket":
        total = 0
        for part in re.split(r",\s(?:and\s)?|\sand\s", g["list"]):
            n, words = part.split(" ", 1)
            it = item_key(words)
            if it is None or it not in story.prices:
                raise Unread(text)
            total = total + story.number(n) * story.prices[it]
        return Asked(total, "dollar", "the cost of them")
    if kind == "price":
        it = item_key(g["item"])
        if it is None or it not in story.prices:
            raise Unread(text)
        return Asked(story.prices[it], "dollar", f"the price of one {it}")
    total_word = bool(g.get("item") and re.match(r"(?:total|combined)\s", g["item"]))
    if total_word:  # "how many total cookies": the whole of them
        g["item"] = g["item"].split(" ", 1)[1]
    money = (
        kind == "money"
        or (g.get("item") or "") in ("dollars", "money")
        or t.startswith(("how much more", "how much less"))
    )
    item = "dollar" if money else (item_key(g["item"]) if g.get("item") else story.last_item)
    if item is None:
        raise Unread(text)
    tail = (g.get("tail") or "").strip()
    if kind == "there":
        mp = re.fullmatch(
            rf"(?:(?:left|remaining)\s)?(?:(?:in|on|at)\s(?:the|his|her|their|its|this|that|[A-Z][a-z]+'s)\s(?P<place>{ITEM}))?(?:\s?(?P<left>left|remaining))?(?:\s?{_TOTAL})?",
            t[m.start("tail") :].strip() if m.group("tail") else tail,
        )
        if not mp:
            raise Unread(text)
        owners = sorted(
            {o for (o, i) in story.current if _covers(item, i)}
            | {o for (o, c) in story.current for (c2, i) in story.holds if c == c2 and _covers(item, i)}
        )
        place = "the " + mp.group("place").split()[-1] if mp.group("place") else None
        if place in owners:  # "in the vase": what the vase holds; another place is the story's setting
            owners = [place]
        elif any(e.verb == "get" and _covers(item, e.item) and e.owner not in owners for e in story.events):
            raise Unread(text)  # "gives 4 apples to Mary": hers are still there, but how many has she?
        return Asked(
            _sum([x for o in owners for x in _held(story.current, o, item, story.holds)], text),
            item,
            f"the number of {item}s",
        )
    who = _owners(story, g["s"])
    v = g["v"]
    if re.fullmatch(_GROUP, g["s"].lower()) and re.search(r"\d", g["s"]) and not re.search(_TOTAL, tail):
        tail = (tail + " in total").strip()  # "these 3 boys": the story's three, all counted
    if kind == "more":
        if len(who) != 1:
            raise Unread(text)
        # "how many fewer ... than": the other's amount less this one's
        sign = 1 if "more" in (g.get("dir"), g.get("dir2")) else -1
        a = _amount(story, who, v, None, item, tail, text)
        mon = (
            re.fullmatch(rf"(?:on|for)\s(?P<a>{ITEM})", (g.get("on1") or "").strip())
            if g.get("on1")
            else None
        )
        if mon and g.get("on2"):  # "spend more on ice cream than on pudding"
            a = _amount(story, who, v, None, "dollar", g["on1"].strip(), text)
            b = _amount(story, who, v, None, "dollar", "on " + g["on2"], text)
            return Asked(sign * (a - b), "dollar", f"how much {g['dir2']}")
        if g.get("ti"):  # "more biscuits than butter cookies": two things of one holder
            other = item_key(g["ti"])
            if other is None or other == item:
                raise Unread(text)
            b = _amount(story, who, v, None, other, tail, text)
        elif g["t"].startswith("on "):
            if tail:
                raise Unread(text)
            b = _amount(story, who, v, None, item, g["t"].split()[-1].lower(), text)
        else:
            b = _amount(story, [holder(story, g["t"])], v, None, item, tail, text)
        return Asked(sign * (a - b), item, f"how many {g.get('dir') or g.get('dir2')}")
    if total_word:
        tail = (tail + " in total").strip()
    return Asked(
        _amount(story, who, v, g.get("with"), item, tail, text), item, f"{'/'.join(who)}: {v} {tail}".strip()
    )


# "how many cookies are left for Neil": how many he has left; "how many peanuts remain in the jar":
# how many are left there
_LEFT_FOR = re.compile(
    rf"^how\smany\s(?P<item>{ITEM})\s(?P<be>are|were)\s(?:left|remaining)\s(?:for|with)\s(?P<s>{SUBJ}|him|her|them)$"
)
_REMAIN = re.compile(
    rf"^how\smany\s(?P<item>{ITEM})\s(?:(?P<now>remain|are\sremaining)|remained|were\sremaining)(?P<rest>(?:\s(?:in|on|at)\s.+)?)$"
)
_OBJECT_PRONOUN = {"him": "he", "her": "she", "them": "they"}


def _as_left(t: str) -> str:
    m = _LEFT_FOR.match(t)
    if m:
        who = _OBJECT_PRONOUN.get(m.group("s"), m.group("s"))
        return f"how many {m.group('item')} {'does' if m.group('be') == 'are' else 'did'} {who} have left"
    m = _REMAIN.match(t)
    if m:
        return f"how many {m.group('item')} {'are' if m.group('now') else 'were'} left{m.group('rest')}"
    return t


# participles that are not the verb's past form ("broken", not "broke")
_PARTICIPLES = {"broken": "break", "eaten": "eat", "given": "give", "thrown": "throw", "grown": "grow",
                "drunk": "drink", "written": "write", "ridden": "ride", "driven": "drive", "swum": "swim",
                "flown": "fly", "drawn": "draw", "sewn": "sew", "sung": "sing", "gotten": "get"}  # fmt: skip
_PASSIVE = re.compile(
    rf"^how\smany\s(?P<item>{ITEM})\s(?:were|was|have\sbeen|had\sbeen)\s(?P<p>[a-z]+)(?:\s(?:in\stotal|in\sall|altogether))?$"
)


def _passive(story: Story, t: str, text: str) -> Asked | None:
    """ "How many glasses were broken (in all)?": every holder's act of that verb on that item,
    summed; None when the question is not such a passive one."""
    m = _PASSIVE.match(t)
    if not m:
        return None
    p = m.group("p")
    verb = (
        verb_of(_PARTICIPLES[p])
        if p in _PARTICIPLES
        else verb_of(p)
        if p.endswith(("ed", "t", "d", "n"))
        else None
    )
    item = item_key(m.group("item"))
    if verb is None or verb[1] == "have":
        return None  # "how many pears were left": not something done
    if item is None:
        raise Unread(text)
    owners: list[str] = []
    for e in story.events:
        if e.verb == verb[0] and _covers(item, e.item) and e.owner not in owners:
            owners.append(e.owner)
    if not owners:
        raise Unread(text)
    return Asked(_amount(story, owners, verb[0], None, item, "", text), item, f"{item}: {p}")


def _every(story: Story, item: str, text: str):
    """Every one of `item` the story holds, whoever holds it ("all of the windows")."""
    owners = sorted({o for (o, i) in story.current if _covers(item, i)})
    return _sum([x for o in owners for x in _held(story.current, o, item, story.holds)], text)


def _owners(story: Story, s: str) -> list[str]:
    low = s.lower()
    if low in ("they", "both of them", "you", "all of them") or re.fullmatch(_GROUP, low):
        if low == "you":
            return ["I"] if "I" in {o for o, _ in story.current} | {e.owner for e in story.events} else []
        owners: list[str] = []  # everyone the story tells about ("Jake" and "his brother")
        for o in [o for o, _ in story.current] + [e.owner for e in story.events]:
            if o not in owners and o != "there":
                owners.append(o)
        if len(owners) == 1 and (owners[0] == "they" or " and " in owners[0]):
            return owners  # "They bought 8 tickets": one group
        if len(owners) < 2:
            raise Unread(s)
        count = re.search(r"\d+", low)
        if count:  # "the 3 of them": the story must name exactly 3 (the 3 is checked, so it is read)
            if int(count.group(0)) != len(owners):
                raise Unread(s)
            story.consumed.append(count.group(0))
        return owners
    if re.search(r"\sand\s", s) and s not in story.persons:
        return [holder(story, w) for w in re.split(r",\s(?:and\s)?|\sand\s", s)]
    return [holder(story, s)]


def _amount(story: Story, who: list[str], v: str, with_: str | None, item: str, tail: str, text: str):
    verb = verb_of(v) if v not in ("end", "start", "begin") else (v, "have")
    if verb is None:
        raise Unread(text)
    base, kind = verb
    group = len(who) > 1
    if kind == "have" or base == "have" or (v == "end" and with_):
        tail = re.sub(
            rf"\s?\b(?:in|on|at)\s(?:his|her|their|the|its)\s(?!(?:beginning|start|end|first)\b){ITEM}$",
            "",
            tail,
        ).strip()  # "on his farm"
        first = bool(re.fullmatch(_FIRST, tail)) or v in ("start", "begin")
        if v in ("start", "begin") and with_ != "with":
            raise Unread(text)
        if (
            tail
            and not first
            and not re.fullmatch(
                rf"(?:left|now|in\sthe\send|{_TOTAL}|left\s{_TOTAL}|now\s{_TOTAL}|{_TOTAL}\snow)", tail
            )
        ):
            raise Unread(text)
        if group and not re.search(_TOTAL, tail) and who == list(story.persons):
            pass  # "How many apples do Tom and Mary have?": both named, both counted
        elif group and not re.search(_TOTAL, tail):
            raise Unread(text)
        table = story.first if first else story.current
        return _sum([x for o in who for x in _held(table, o, item, story.holds)], text)
    if base in ("spend", "pay") and item == "dollar":
        verbs = {"spend", "pay"}
    elif base in ("earn", "make") and item == "dollar":
        verbs = {"earn"}
    else:
        verbs = {base}
    on = ""
    if item == "dollar":  # "spend on the pills", "make from selling the water"
        mo = _ON.match(tail)
        if mo:
            on = item_key(mo.group("on") or mo.group("sold")) or "?"
            tail = (mo.group("rest") or "").strip()
    m = _SPAN.fullmatch(tail)
    if not m:
        raise Unread(text)
    when = (m.group("day") or "").lower()
    evs = [
        e
        for e in story.events
        if e.owner in who
        and e.verb in verbs
        and e.item == item
        and (not when or e.when == when)
        and (not on or e.on == on or _covers(on, e.on) or e.on.endswith(" of " + on))
    ]
    if not evs:  # done to containers: buying 3 boxes of 6 eggs is buying 18 eggs
        evs = [
            Event(e.owner, e.verb, item, e.amount * k, e.when, e.per, e.on)
            for (c, i), k in story.holds.items()
            if _covers(item, i)
            for e in story.events
            if e.owner in who and e.verb in verbs and e.item == c and (not when or e.when == when)
        ]
    if not evs or (group and not all(any(e.owner == o for e in evs) for o in who)):
        raise Unread(text)
    pers = {e.per for e in evs}
    if len(pers) != 1:
        raise Unread(text)
    span, count = m.group("span") or m.group("each"), None
    if m.group("n"):
        span, count = m.group("unit").rstrip("s"), story.number(m.group("n"))
    return _sum([e.amount for e in evs], text) * _periods(story, who, pers.pop(), span, count, text)


def _periods(story: Story, who: list[str], per: str, span: str | None, count, text: str):
    """How many times an amount given per `per` counts: the hours worked for an hourly wage
    ("she works 8 hours a day"), the days of the asked week (7), the asked "5 days"."""
    if not per:
        if span:
            raise Unread(text)
        return 1
    if span == per:
        return 1 if count is None else count
    units = [e for e in story.events if e.owner in who and e.item == per]
    if len(units) > 1:
        raise Unread(text)
    if units:
        return units[0].amount * _periods(story, who, units[0].per, span, count, text)
    k = periods_in(per, span) if span else None
    if k is None and per in _CLOCK and span in _CLOCK:  # 120 minutes at a rate per hour: 120/60
        k = sympy_module().Rational(_CLOCK[span], _CLOCK[per])
    if k is None:
        raise Unread(text)
    return k if count is None else k * count


_CLOCK = {"second": 1, "minute": 60, "hour": 3600}  # seconds in each unit of a clock


def _covers(asked: str, held: str) -> bool:
    """Does asking about `asked` count `held` ("stickers" counts "red stickers")?"""
    ah, _, ao = asked.partition(" of ")
    hh, _, ho = held.partition(" of ")
    if bool(ao) != bool(ho):
        return False  # "packs of pencils" are not pencils
    return _kind_of(ah, hh) and (not ao or _kind_of(ao, ho))  # "tubes of paint" count "tubes of blue paint"


def _kind_of(asked: str, held: str) -> bool:
    a, h = asked.split(), held.split()
    return a[-1] == h[-1] and set(a[:-1]) <= set(h[:-1])


def _held(table: dict, owner: str, item: str, holds: dict) -> list:
    """What `owner` holds of `item`: that quantity, or all the kinds it counts (red and blue
    stickers when stickers are asked); nothing read about it is unread."""
    if (owner, item) in table:
        return [table[(owner, item)]]
    kinds = [sym for (o, i), sym in table.items() if o == owner and _covers(item, i)]
    if not kinds:  # held in containers: 3 boxes of 6 eggs are 18 eggs
        kinds = [
            table[(owner, c)] * k for (c, i), k in holds.items() if (owner, c) in table and _covers(item, i)
        ]
    if len(kinds) != 1 and not kinds:
        raise Unread(f"{owner}'s {item}")
    return kinds


def _sum(parts: list, text: str):
    if not parts:
        raise Unread(text)
    out = parts[0]
    for p in parts[1:]:
        out = out + p
    return out
