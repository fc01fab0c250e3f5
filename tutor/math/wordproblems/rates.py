# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""Schemas of rates and shares: rate (so many per one: multiply, divide, ceiling when "needed"),
equal sharing (quotient, remainder, unit price), part-whole, goal and progress, unit prices. Each
returns a :class:`SchemaAnswer` only when it accounts for every fact; None otherwise."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.wordproblems.counting import (
    _C_LOSE,
)
from tutor.math.wordproblems.facts import (
    _HOLD,
    _KINDS,
    _PRONOUN,
    _STOP,
    Fact,
    Question,
    SchemaAnswer,
    _matches,
    _per_of,
    _show,
)
from tutor.math.wordproblems.reading import singular
from tutor.math.wordproblems.sharing_words import is_measure
from tutor.math.wordproblems.structures import Item

_GIVE = {
    "gives",
    "gave",
    "give",
    "hands",
    "handed",
    "passes",
    "passed",
    "sends",
    "sent",
    "donates",
    "donated",
    "lends",
    "lent",
}


def _rate(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Rate: a count of one thing and so many of another per one of it; the question asks the
    total (multiply) or how many of the first (divide; a remainder or "need" when it says so)."""
    if q.item is None or q.how or len(facts) != 2 or any(f.cmp or f.more for f in facts):
        return None
    if re.search(
        r"\b(?:left|gave|lost|ate|more|fewer|than|now|altogether|in\sall|times|twice|half|split|splits|share|shares|shared|divide|divides|divided)\b",
        story,
        re.I,
    ):
        return None  # a change, a comparison or a sharing told beside the rate: not read here
    if re.search(r"\btotal\b", re.sub(r"\ba\stotal\sof\s\d", "", story)):
        return None
    pers = [(f, _per_of(f)) for f in facts]
    if not any(p for _, p in pers):
        # "10 stickers on a page ... 22 pages": "a page" is a rate when pages are counted too
        heads = {f.item.head for f in facts if f.item is not None}
        for i, (f, _) in enumerate(pers):
            m = re.match(r"^(?:\s[a-z]+){0,2}?\s(?:in|on|at|inside)\s(?:a|an|one)\s([a-z]+)\b", f.after)
            if (
                m
                and singular(m.group(1)) in heads
                and f.item is not None
                and singular(m.group(1)) != f.item.head
            ):
                pers[i] = (f, Item(singular(m.group(1))))
    if not any(p for _, p in pers):
        # "Kim has 4 cousins. She gives each (one) 5 pieces", "If each of them brought 4 slices":
        # per one of the other amount's things
        for i, (f, _) in enumerate(pers):
            other_f = facts[1 - i]
            if (
                re.search(
                    r"\b(?:each|every\sone)(?:\sof\s(?:them|those|these))?\s(?:[a-z]+\s){0,2}$", f.before
                )
                and not re.search(r"\b(?:in|on|into|to|for|at)\s(?:each|every)", f.before[-20:])
                and other_f.item is not None
                and other_f.sentence < f.sentence
                and not re.search(r"\b(?:and|with|plus)\s(?:his|her|their|my|our)\s$", other_f.before)
            ):  # not "Tom and his 4 friends": then each of them is 5
                pers[i] = (f, other_f.item)
    rates = [(f, p) for f, p in pers if p is not None]
    if len(rates) != 1:
        return None
    r, per = rates[0]
    other = [f for f in facts if f is not r][0]
    if r.item is None or other.item is None or r.item.head == per.head:
        return None
    if r.verb in _GIVE and re.search(r"\b(?:have|has|had|own|keep|hold)\b", q.rest):
        return None  # "gives 8 stickers to each friend ... how many does she have": given, not held
    v = _show
    if (
        _matches(q.item, r)
        and other.item.head == r.item.head
        and other.value.denominator == 1
        and r.value.denominator == 1
        and _LEFT_OVER.search(q.text)
        and other.value > r.value
        and per.head not in _TIMES
        and other.verb not in _C_LOSE  # "ate 10 of them" in packs of 4: what is left of the packs
    ):
        # "86 students; each bus takes 9: how many are left?" / "... in the bag that is not full?"
        whole, part = divmod(other.value, r.value)
        if part == 0 and not re.search(r"\b(?:left|remain\w*)\b", q.text):
            return None  # no container is short: "the one not full" names nothing
        return SchemaAnswer(
            "rate",
            Fraction(part),
            f"x = {v(other.value)} - {v(r.value)} \\times {whole}",
            q.item,
            f"{q.item} left over",
            facts,
        )
    if _matches(q.item, r) or q.money and r.item.head == "dollar":
        if other.item.head != per.head or re.search(r"\b(?:left|remain|remaining|each)\b", q.rest):
            return None
        return SchemaAnswer(
            "rate",
            other.value * r.value,
            f"x = {v(other.value)} \\times {v(r.value)}",
            q.item,
            f"{q.item} in all",
            facts,
        )
    if q.item.head == per.head and _matches(Item(r.item.head, frozenset()), other):
        if re.search(r"\beach\b", q.rest):
            return None
        whole, part = divmod(other.value, r.value)
        if part == 0 and whole.denominator == 1 if isinstance(whole, Fraction) else part == 0:
            return SchemaAnswer(
                "rate",
                Fraction(whole),
                f"x = {v(other.value)} \\div {v(r.value)}",
                q.item,
                f"{q.item}",
                facts,
            )
        if re.search(r"\b(?:need|needed|to\s(?:hold|carry|fit|put|pack|store)\sall|required)\b", q.rest):
            return SchemaAnswer(
                "rate",
                Fraction(whole) + 1,
                f"x = \\lceil {v(other.value)} / {v(r.value)} \\rceil",
                q.item,
                f"{q.item} needed",
                facts,
            )
        if re.search(r"\b(?:full|complete|completely)\b", q.rest + " " + q.text) or re.search(
            r"\b(?:can|could)\s(?:[a-z]+\s)?(?:form|make|fill|buy|afford|build|serve)\b", q.text
        ):  # as many whole ones as can be made
            return SchemaAnswer(
                "rate",
                Fraction(whole),
                f"x = \\lfloor {v(other.value)} / {v(r.value)} \\rfloor",
                q.item,
                f"full {q.item}",
                facts,
            )
    return None


_TIMES = {"second", "minute", "hour", "day", "week", "month", "year", "night", "morning", "time"}
# what is left after filling whole ones: "left (over)", "the bag that is not full", "the last vase"
_LEFT_OVER = re.compile(
    r"\b(?:left(?:\sover)?|remain(?:ing|s)?|leftover|(?:that|which)\s(?:is|was|isn't|wasn't|is\snot|was\snot)\s(?:not\s)?(?:full|filled)|not\sfull|unfilled|isn't\sfull|last\s[a-z]+(?:\sthat\sisn't\sfull)?)\b",
    re.I,
)


_EQUAL = re.compile(
    r"\b(?:equally|evenly|equal|same\snumber|same\samount|shares?|shared|divide|divides|divided|split|splits|distribute|distributes|distributed)\b",
    re.I,
)


def _share(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Equal sharing: N things among M holders (or into M groups); the question asks how many
    each one gets (whole ones: the quotient), how many are left over (the remainder), how many
    more are needed to come out even, or a unit price ("4 DVDs for 4.80 dollars")."""
    if (
        q.item is None
        or q.how
        and q.how != "more"
        or len(facts) != 2
        or any(f.cmp or f.more or _per_of(f) for f in facts)
    ):
        return None
    if re.search(
        r"\b(?:lost|ate|fewer|than|now|some|altogether|in\sall|times|twice|half|per)\b", story, re.I
    ):
        return None
    if re.search(r"\b(?:left|gave|give|total)\b", story, re.I) and not _EQUAL.search(story):
        return None
    if re.search(r"\b(?:each|every)\b", story) and not _EQUAL.search(story):
        return None
    if re.search(r"\bwith\s(?:his|her|their|my|the)\s(?:\d+\s)?[a-z]+", story) and re.search(
        r"\b(?:split|share|shares|shared|divide|divided)\b", story
    ):
        return None  # "split with his 3 siblings": the sharer is one of them too
    if re.search(
        r"\b(?:among|between|to|into)\s(?:[a-z]+\s){0,2}\d+(?:\s[a-z]+){1,2}\s(?:and|plus|as\swell\sas|including)\s(?!then\b)|\b(?:among|between)\s(?:herself|himself|themselves|myself|me|him|her|us|them)\sand\s",
        story,
    ):
        return None  # "among 4 friends and herself": more sharers than the number counts
    m = re.search(r"\b(?:each|per|every)\s(?:of\s(?:them|the\s(?P<per2>[a-z]+))|(?P<per>[a-z]+))\b", q.text)
    left_q = re.search(r"\b(?:left\sover|leftover|left|remain|remaining|unpacked|uneaten)\b", q.text)
    if not m and not left_q and not q.how:
        return None
    per_word = m and (m.group("per") or m.group("per2"))
    totals = [f for f in facts if _matches(q.item, f)]
    if len(totals) != 1:
        return None
    total = totals[0]
    count = [f for f in facts if f is not total][0]
    if count.item is None or count.item.head == total.item.head:  # type: ignore[union-attr]
        return None
    if per_word and per_word not in ("one", "person") and singular(per_word) != count.item.head:
        if not (singular(per_word) in _KINDS.get("person", ()) and count.item.head in _KINDS["person"]):
            return None
    if not _EQUAL.search(story + " " + q.text) and not (m and re.search(r"\b(?:among|between)\b", story)):
        # the question takes the sharing as equal: "how many does each friend get", "how many
        # games are in each stack" (only when the division comes out whole, below)
        asks_get = (
            m
            and m.group("per")
            and (
                re.search(r"\beach\s[a-z]+\s(?:get|receive)\b", q.text)
                or re.search(
                    r"\beach\s[a-z]+\s(?:have|hold|contain)\b|\b(?:in|on|into)\seach\s[a-z]+$", q.text
                )
                and re.search(
                    r"\b(?:into|in|on|among|between|to|onto)\s(?:the\s|his\s|her\s|their\s)?$", count.before
                )
            )
        )
        exact = count.value != 0 and (total.value / count.value).denominator == 1
        if not (q.money and m) and not (asks_get and exact and singular(per_word or "") == count.item.head):
            return None  # "He has 1802 cookies for 34 friends. How many will each friend get?"
    v = _show
    if q.money:
        if not m or left_q or q.how:
            return None
        return SchemaAnswer(
            "sharing",
            total.value / count.value,
            f"x = {v(total.value)} \\div {v(count.value)}",
            q.item,
            "dollars each",
            facts,
        )
    if total.value.denominator != 1 or count.value.denominator != 1:
        return None
    whole, part = divmod(total.value, count.value)
    if q.how == "more":
        if not re.search(r"\b(?:need|should|have|buy|make|bake|get)\b", q.rest) or part == 0:
            return None
        more = (whole + 1) * count.value - total.value
        return SchemaAnswer(
            "sharing",
            Fraction(more),
            f"x = {v(count.value)} \\times {whole + 1} - {v(total.value)}",
            q.item,
            f"more {q.item} needed",
            facts,
        )
    if left_q and not m:
        return SchemaAnswer(
            "sharing",
            Fraction(part),
            f"x = {v(total.value)} - {v(count.value)} \\times {whole}",
            q.item,
            f"{q.item} left over",
            facts,
        )
    if left_q or not m:
        return None
    if part and q.item is not None and is_measure(singular(q.item.head)):
        return None  # a measure poured or cut equally is not whole ones each (7 liters into 3 jugs)
    return SchemaAnswer(
        "sharing",
        Fraction(whole),
        f"x = \\lfloor {v(total.value)} \\div {v(count.value)} \\rfloor"
        if part
        else f"x = {v(total.value)} \\div {v(count.value)}",
        q.item,
        f"{q.item} each",
        facts,
    )


_WHOLE = re.compile(r"(?:a\stotal\sof|in\sall|altogether)\s$")


def _part_whole(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Part-whole: a whole and some of its parts; the question asks the part not told ("how many
    were not hiding", "how many bagels" when the whole is 90 items of three kinds)."""
    if q.how or len(facts) < 2 or any(f.cmp or f.more or _per_of(f) for f in facts):
        return None
    if re.search(
        r"\b(?:each|every|per|than|times|twice|half|more|fewer|left|now|some|gave|lost|ate|sold|bought|found|got)\b",
        story,
        re.I,
    ):
        return None
    whole, parts = facts[0], facts[1:]
    if whole.item is None:
        return None
    cue_total = bool(
        _WHOLE.search(whole.before) or re.match(r"\s*(?:in\sall|altogether|in\stotal)\b", whole.after)
    )
    of_them = all(
        p.elided
        or p.of
        or re.match(r"\s*of\s(?:them|these|those|the)\b", p.after)
        or p.item is not None
        and p.item.head == whole.item.head
        for p in parts
    )
    if not of_them:
        return None
    notm = re.match(r"(?:there\s)?not\s([a-z]+)", q.rest)
    v = _show
    expr = f"x = {v(whole.value)}" + "".join(f" - {v(p.value)}" for p in parts)
    val = whole.value - sum((p.value for p in parts), Fraction(0))
    if val <= 0:
        return None
    if notm and q.item is not None and _matches(q.item, whole):
        # the parts are the ones that do what the question negates ("were hiding")
        word = notm.group(1)
        if not all(re.search(rf"\b{word}\b", p.after + " " + p.before[-30:]) for p in parts):
            return None
        return SchemaAnswer("part-whole", val, expr, q.item, f"{q.item} not {word}", facts)
    if not cue_total or q.item is None or not q.item.mods == frozenset() and not notm:
        return None
    if re.search(
        rf"\bthe\s(?:rest|remaining|others?)\s(?:are|were|is)\s(?:[a-z]+\s)?{q.item.head}", story.lower()
    ) or re.search(
        rf"\bthe\s(?:rest|remaining|others?)\s(?:are|were|is)\s(?:[a-z]+\s)?{q.item.head}s\b", story.lower()
    ):
        return SchemaAnswer("part-whole", val, expr, q.item, f"{q.item} (the rest)", facts)
    part_heads = {p.item.head for p in parts if p.item is not None and not p.elided}
    named = set(re.findall(r"\b(?:are|were|is)\s(?:[a-z]+\s)?([a-z]+)\b", " ".join(p.after for p in parts)))
    if (
        q.item.head in part_heads
        or q.item.head == whole.item.head
        or q.item.head in {singular(w) for w in named}
    ):
        return None
    if not re.match(r"(?:there|are\sthere|in\s|at\s|on\s)", q.rest or "there") and q.rest:
        return None
    if len(named) != len(parts):
        return None
    return SchemaAnswer("part-whole", val, expr, q.item, str(q.item), facts)


_GOAL = re.compile(
    r"\b(?:needs?|needed|wants?|wanted|has\sto|have\sto|had\sto|plans?\sto|planned\sto|agreed\sto|decided\sto|hopes?\sto|goal\sis|is\sgoing\sto|holds|can\shold|has\sroom\sfor)\s(?:(?:to\s)?[a-z]+\s)?(?:a\stotal\sof\s|at\sleast\s|an?\s)?$"
)


# the price of what is wanted: "She wants to buy a watch that costs 55 dollars"
_GOAL_PRICE = re.compile(
    r"\b(?:wants?|wanted|needs?|needed|plans?|planned|hopes?|hoped)\sto\sbuy\s(?:an?\s|the\s)?(?:[a-z]+\s){1,3}(?:that\s|which\s)?(?:costs?|is\spriced\sat|sells\sfor)\s$"
)


def _rate_of_many(f: Fact, facts: list[Fact], q: Question) -> bool:
    """Is `f` a rate over several containers, not the capacity of the one the story is about ("A
    shelf holds 60 jars. There are 45 jars on the shelf": a goal of 60 jars)?"""
    per = _per_of(f)
    if per is None:
        return False
    return (
        q.item is None
        or q.item.head == per.head
        or any(g.item is not None and g.item.head == per.head for g in facts)
    )


def _goal(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """A goal and the progress towards it: "She needs 125 rocks. She has 64 rocks. How many more
    rocks does she need?" (or "... left to move")."""
    if q.item is None or len(facts) < 2 or any(f.cmp or _rate_of_many(f, facts, q) for f in facts):
        return None
    if q.how != "more" and not re.search(r"\bleft\sto\s[a-z]+", q.rest):
        return None
    if not re.search(
        r"\b(?:need|needs|have\sto|has\sto|left\sto|to\s(?:reach|make|get|have|complete|finish|collect)|can\s(?:be\s)?(?:put|fit|added|placed|stored|hold))\b",
        q.aux + " " + q.rest,
    ):
        return None
    if re.search(r"\b(?:each|every|per|than|times|twice|half|gave|lost|ate|spent|sold|used)\b", story, re.I):
        return None
    wants = re.search(
        r"\b(?:wants?|wanted|needs?|needed|plans?|planned|would\slike|hopes?|hoped)\sto\sbuy\b", story
    )
    goals = [
        f
        for f in facts
        if _GOAL.search(f.before)
        or _GOAL_PRICE.search(f.before)
        # "Diane wants to buy cookies. The cookies cost 65 cents. Diane has 27 cents.": the price
        or wants
        and q.money
        and re.search(r"\b(?:costs?|is\spriced\sat|sells?\sfor)\s(?:only\s|just\s)?$", f.before)
    ]
    if len(goals) != 1 or not all(_matches(q.item, f) or f in goals and q.money for f in facts):
        return None
    goal, done = goals[0], [f for f in facts if f is not goals[0]]
    names = {f.owner for f in facts if f.owner and f.owner.lower() not in _PRONOUN}
    if len(names) > 1 and not re.match(r"(?:they|we)\b", q.rest):
        return None
    verbs = {f.verb for f in done}
    if (
        None in verbs
        or len(verbs) != 1
        or (verbs & _HOLD and len(done) > 1)
        or verbs & (_C_LOSE | {"needs", "needed", "wants", "wanted"})
    ):
        return None
    v = _show
    val = goal.value - sum((f.value for f in done), Fraction(0))
    if val <= 0:
        return None
    return SchemaAnswer(
        "goal",
        val,
        f"{' + '.join(v(f.value) for f in done)} + x = {v(goal.value)}",
        q.item,
        f"more {q.item} needed",
        facts,
    )


def _prices(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Prices and counts: each count of a thing at that thing's price ("An eraser costs 2
    dollars and a pencil costs 3 dollars. How much do 6 erasers and 8 pencils cost?")."""
    if not q.money or q.how or len(facts) < 4 or any(f.cmp or f.more for f in facts):
        return None
    if re.search(
        r"\b(?:left|change|gave|lost|more|fewer|than|now|some|times|twice|half|discount|off|tax|tip)\b",
        story + " " + q.text,
        re.I,
    ):
        return None
    rates = {}
    counts = []
    for f in facts:
        per = _per_of(f)
        if per is not None and f.item is not None and f.item.head == "dollar":
            if per.head in rates:
                return None
            rates[per.head] = f
        else:
            counts.append(f)
    if len(rates) < 2 or len(counts) != len(rates) or {c.item.head for c in counts if c.item} != set(rates):
        return None
    v = _show
    terms = [(c, rates[c.item.head]) for c in counts if c.item is not None]
    total = sum((c.value * r.value for c, r in terms), Fraction(0))
    eq = "x = " + " + ".join(f"{v(c.value)} \\times {v(r.value)}" for c, r in terms)
    return SchemaAnswer("unit prices", total, eq, Item("dollar"), "dollars in all", facts)


_DAILY = re.compile(r"\b(?:every\s?day|each\sday|a\sday|per\sday|daily)\b", re.I)
_A_WEEK = re.compile(r"\b(?:in\s(?:a|1)\sweek|(?:each|every|per|a|1)\sweek|weekly)\b", re.I)
_DAYS_NAMED = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?|school\sdays?|work\s?days?)s?\b",
    re.I,
)


def per_day_over_weeks(facts: list[Fact], q: Question, story: str, qtext: str) -> SchemaAnswer | None:
    """So many a day, asked over weeks ("Bert runs 2 miles every day. How many miles will he run
    in 3 weeks?"): a week is 7 days. Only one amount a day, told as daily, and weeks asked
    (a number of them, or "a week"); no weekdays named (then not every day counts)."""
    if q.item is None or q.how or _DAYS_NAMED.search(story + " " + qtext):
        return None
    if re.search(
        r"\b(?:left|more|fewer|less|than|times|twice|half|gave|lost|spent|some|total\sof)\b", story, re.I
    ):
        return None
    weeks = [f for f in facts if f.item is not None and f.item.head == "week"]
    daily = [f for f in facts if f not in weeks]
    if len(daily) != 1 or len(weeks) > 1:
        return None
    r = daily[0]
    said = r.before[-20:] + " " + r.after[:15]
    if not (_DAILY.search(said) or re.match(r"\s*(?:every\s?day|each\sday|daily)\b", r.text, re.I)):
        return None
    if len(_DAILY.findall(story)) != 1 or not _matches(q.item, r) or r.item is None:
        return None
    if re.search(
        r"\b(?:that|which|except|but|when|if|only|other|some|most)\b",
        r.text[daily_at.end() :] if (daily_at := _DAILY.search(r.text)) else "",
    ):
        return None  # "every day that starts with T": not every day counts
    if weeks:
        n = weeks[0].value
        if weeks[0].sentence == r.sentence or not re.search(r"\b(?:in|after|for|over)\s$", weeks[0].before):
            return None  # "in 3 weeks" asked, not told beside the rate
    elif _A_WEEK.search(qtext):
        n = Fraction(1)
    else:
        return None
    v = _show
    return SchemaAnswer(
        "rate",
        r.value * 7 * n,
        f"x = {v(r.value)} \\times 7 \\times {v(n)}",
        q.item,
        f"{q.item} in {v(n)} week{'s' if n != 1 else ''} (7 days a week)",
        facts,
    )


def rest_of_kinds(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """A whole, some of its kinds counted, "the rest are <kind>" and that kind asked ("Gavin has 23
    shirts. 6 are blue, the rest are green. How many green shirts?"): the whole less the kinds told.
    Each part must name its kind ("38 are forks"), none of them the kind asked."""
    if q.item is None or q.how or len(facts) < 2 or any(f.cmp or f.more or _per_of(f) for f in facts):
        return None
    if re.search(
        r"\b(?:each|every|per|than|times|twice|half|more|fewer|left|gave|lost|ate|sold|some)\b", story, re.I
    ):
        return None
    rest = re.findall(
        r"\bthe\s(?:rest|remaining\sones|others)\s(?:are|were|is|was)\s(?:all\s)?([a-z]+)(?:\s([a-z]+))?",
        story,
        re.I,
    )
    if len(rest) != 1:
        return None
    said = {singular(w.lower()) for w in rest[0] if w}
    asked = {q.item.head} | set(q.item.mods)
    if not said & asked or not said <= asked | {q.item.head}:
        return None  # "the rest are green" asked as green shirts; "the rest are spoons" as spoons
    whole, parts = facts[0], facts[1:]
    if whole.item is None or whole.of:
        return None
    for p in parts:
        m = re.match(
            r"\s(?:of\s(?:them|these|those|the\s[a-z]+)\s)?(?:are|were|is|was)\s([a-z]+)(?:\s([a-z]+))?",
            p.after,
        )
        if m is None or not (p.elided or p.of or p.item is not None and p.item.head == whole.item.head):
            return None
        if (
            m.group(1) in _STOP
            or m.group(1).endswith("ing")
            or m.group(1) in ("broken", "sold", "eaten", "used", "lost")
        ):
            return None  # "14 are in the bag", "9 are broken": no kind named
        kind = {singular(w) for w in m.groups() if w and w not in _STOP}
        if kind == said or kind <= said and len(said) == 1:
            return None  # a part of the kind asked
    if not (
        _matches(Item(q.item.head), whole) or q.item.head not in {whole.item.head} and said <= {q.item.head}
    ):
        return None
    val = whole.value - sum((p.value for p in parts), Fraction(0))
    if val <= 0:
        return None
    expr = f"x = {_show(whole.value)}" + "".join(f" - {_show(p.value)}" for p in parts)
    return SchemaAnswer("part-whole", val, expr, q.item, f"{q.item} (the rest)", facts)
