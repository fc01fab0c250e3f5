# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""Schemas of counted amounts: combine (parts asked in all), change (a start, gains and losses;
the end, a change or the start asked) and compare (more / fewer / times as many). Each returns a
:class:`SchemaAnswer` only when it accounts for every fact; None otherwise."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.wordproblems.facts import (
    _COMPARE,
    _FIRST_Q,
    _HOLD,
    _KINDS,
    _LEFT_Q,
    _PRONOUN,
    _STORY_BAD,
    _TOTAL_Q,
    Fact,
    Question,
    SchemaAnswer,
    _matches,
    _question_verb,
    _resolve,
    _show,
    _strip_subject,
    _verb_kind,
)
from tutor.math.wordproblems.reading import singular
from tutor.math.wordproblems.structures import Item
from tutor.math.wordproblems.unknown_change import _base, _told_change
from tutor.math.wordproblems.vocabulary import ARRIVE_MORE, DEPART_MORE, GAIN, LOSE, same_verb


def _combine(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Combine: several amounts of one thing, asked in all (no changes, comparisons, rates)."""
    if q.item is None or q.how or len(facts) < 2:
        return None
    asks_total = bool(_TOTAL_Q.search(q.rest)) or q.group
    one_list = (
        len({f.sentence for f in facts}) == 1
        and not q.item.mods
        and len({f.item.mods for f in facts if f.item is not None}) == len(facts)
        and all(f.item is not None and f.item.mods for f in facts)
        and len({f.owner for f in facts}) == 1
    )  # "Morgan has 65 red pens, 45 blue pens and 58 black pens. How many pens does she have?"
    heads = {f.item.head for f in facts if f.item is not None}
    kinds_listed = (
        not q.item.mods
        and len(heads) == len(facts)
        and q.item.head not in heads
        and heads <= _KINDS.get(q.item.head, set())
    )  # "Jose has 28 chickens and 18 ducks. How many fowls does he have?"
    asks_total = asks_total or one_list or kinds_listed
    passive = q.aux in ("were", "was") and re.fullmatch(r"[a-z]+(?:ed|de|ld|ght|en|wn)", q.rest)
    if passive and len({f.owner for f in facts}) == len(facts) and None not in {f.owner for f in facts}:
        # "Marcus made 26 pen holders and Annie made 37. How many pen holders were made?": by
        # everyone who made some, each named
        asks_total = all(f.verb and _base(f.verb) == _base(q.rest) for f in facts)
    qv0 = _question_verb(q)
    if not asks_total and qv0 and q.aux in ("did", "does", "do") and not q.group:
        # "Jerry walked 9 miles on Monday and 9 more on Tuesday. How many miles did Jerry walk?"
        tail = _strip_subject(q.rest)
        owners = {f.owner for f in facts if f.owner and f.owner.lower() not in _PRONOUN}
        subj = q.rest[: len(q.rest) - len(tail)].strip()
        same = subj.lower() in ("he", "she", "it", "i", "they", "we") or (owners and subj in owners)
        whole = re.search(r"\b(?:together|total|altogether|in\sall|combined|both)\b", story, re.I)
        if (
            same
            and not whole
            and not any(f.of for f in facts)
            and re.fullmatch(rf"{qv0}(?:\s(?:up|out|away|down|in))?", tail)
            and len(owners) <= 1
            and len(facts) >= 2
        ):
            asks_total = all(f.verb and same_verb(f.verb, qv0) for f in facts) and qv0 not in (
                "have",
                "has",
                "had",
            )
    if one_list is False and " of " in q.text and q.item.mods and len({f.sentence for f in facts}) == 1:
        kinds_of = [f.item for f in facts if f.item is not None]
        if (
            len(kinds_of) == len(facts)
            and all(k.head == q.item.head and k.mods and not (k.mods & q.item.mods) for k in kinds_of)
            and len({k.mods for k in kinds_of}) == len(facts)
        ):
            q = Question(
                q.text, Item(q.item.head), q.money, q.how, q.rest, q.aux, q.owner, q.group
            )  # "pieces of art": the kinds listed
    if not asks_total or _LEFT_Q.search(q.rest) or _FIRST_Q.search(q.rest) or _COMPARE.search(q.rest):
        return None
    if re.search(r"\b(?:each|every|per|average)\b", q.rest, re.I):
        return None
    qv1 = _question_verb(q) or ""
    checked = " ".join(w for w in story.split() if not (qv1 and same_verb(w.strip(".,!;").lower(), qv1)))
    if _STORY_BAD.search(checked):  # "They sold 27 ... How many did they sell?": the asked verb is no change
        return None
    item = q.item
    if item is None or not all(_matches(item, f) for f in facts):
        return None
    kinds = {_verb_kind(f.verb) for f in facts}
    qv = _question_verb(q)
    if qv is None and q.aux in ("are", "is", "were", "was") and re.match(r"there\b", q.rest):
        qv = "have"  # "How many flowers are there in the vase in all?": what the place holds
    if qv is None:
        return None
    if "lose" in kinds and not all(f.verb and same_verb(f.verb, qv) for f in facts):
        return None
    if qv in ("have", "has", "had", "get", "own"):
        group_gains = q.group and kinds == {"gain"} and len({f.owner for f in facts}) == len(facts)
        if not group_gains and (not kinds <= {"hold", "gain"} or _verb_kind(facts[0].verb) != "hold"):
            if not all(_verb_kind(f.verb) == "hold" and f.verb in ("has", "had", "have") for f in facts):
                return None
    elif not all(f.verb and (same_verb(f.verb, qv) or passive and _base(f.verb) == _base(qv)) for f in facts):
        return None
    if q.owner and not q.group and q.owner.lower() not in _PRONOUN:
        # one holder asked: another named holder's amounts are not theirs ("Tom has 5 apples and
        # 8 pears. Ann has 4 plums. How many fruits does Tom have?": 13, not 17)
        if any(
            f.owner and f.owner.lower() not in _PRONOUN and f.owner.lower() != q.owner.lower() for f in facts
        ):
            return None
    total = sum((f.value for f in facts), Fraction(0))
    eq = " + ".join(_show(f.value) for f in facts)
    return SchemaAnswer("combine", total, f"x = {eq}", item, f"{item} in all", facts)


_GAIN_BASE = set(GAIN.values()) - {"sell"} | {"come", "join", "arrive", "receive", "get"}


_LOSE_BASE = set(LOSE.values()) | {
    "sell",
    "leave",
    "go",
    "finish",
    "take",
    "drink",
    "eat",
    "give",
    "lose",
    "spend",
    "use",
}


_END = re.compile(
    r"\b(?:after\s[a-z]+ing\b|now|left|remaining|still|ended\sup|end(?:ed)?\swith|left\swith|was\sleft|were\sleft|after\sthat|then)\b",
    re.I,
)


# the end asked in the past: "did she have at the end of the game", "did Tony have then"
_AT_END = re.compile(r"\b(?:at\sthe\send|in\sthe\send|then|after\sthat|afterwards?)\b", re.I)


_IN = re.compile(
    r"\b(?:gave|gives|sent|sends|lent|lends|handed|hands|brought|brings|bought|buys|got|gets)\s(?:her|him|them|me|us)\s(?:another\s)?$"
)


_C_GAIN = {"scored", "scores", "cooked", "cooks", "prepared", "bought", "buys", "found", "finds", "got", "gets", "received", "receives", "collected", "collects", "won", "wins", "earned", "earns", "gathered", "saved", "added", "adds", "borrowed", "made", "makes", "baked", "bakes", "picked", "caught", "purchased"}  # fmt: skip


_PUT = {"put", "puts", "placed", "places", "added", "adds", "brought", "brings"}


_C_LOSE = {"finished", "completed", "solved", "gave", "gives", "lost", "loses", "ate", "eats", "used", "uses", "spent", "spends", "broke", "threw", "donated", "donates", "lent", "dropped", "popped", "drank", "drinks", "sold", "sells", "mailed", "sent", "paid", "removed", "deleted", "wasted", "burned", "released", "killed"}  # fmt: skip


# "15 of them died", "23 of them were cut down", "3 of them leave": gone from what is held
_GONE = re.compile(
    r"\s(?:of\s(?:them|these|those)\s)?(?:died|die|left|leave|escaped|ran\saway|flew\saway|went\saway|were\s(?:cut(?:\sdown)?|eaten|taken|sold|broken|used|lost|removed|adopted|picked|caught|killed|stolen)|are\sgone)\b"
)


# a number that starts a clause of its own after a conjunction ("..., but 6 cookies broke")
_OWN_CLAUSE = re.compile(r"(?:[,;]|\b(?:but|and|then|while|so))\s$")
# things that are spoiled or gone by themselves: lost from what the holder has
_OWN_LOSS = re.compile(
    r"\s(?:of\s(?:them|these|those|the\s[a-z]+)\s)?(?:broke|cracked|melted|wilted|rotted|spoiled|burst|popped|died|spilled|burned|burnt|went\sbad|got\s(?:lost|broken|ruined|spoiled))\b"
)


def _kind(f: Fact) -> str:
    """hold / gain / lose / end / in for a fact of a one-holder story."""
    if _IN.search(f.before):
        return "gain"
    if re.search(r"\ball\s(?:but|except)\s$", f.before):
        return "?"  # "sold all but 3 bars": the 3 are what was kept, not what was sold
    own = re.split(r",|\b(?:and|but|then|while)\b|\d", f.after, maxsplit=1)[0]
    if re.search(r"\b(?:not|never)\b|n't", own):
        return "?"  # "but 6 could not come": a thing that did not happen is no change
    if (
        f.of
        or re.match(r"\s*(?:of\s(?:them|it|the|his|her|their))\b", f.after)
        or re.match(r"of\b", " ".join(f.words))
    ):
        if f.verb not in _C_LOSE and not _GONE.match(f.after) and not _OWN_LOSS.match(f.after):
            return "?"  # "picked 83 of them": from what is held, or more? not clear
    if f.verb in _HOLD and (
        _END.search(f.before[-40:])
        or (
            re.match(r"\s*(?:left|remaining|remain)\b", f.after)
            or re.search(r"\b(?:in|at)\sthe\send\b", f.after)
        )
    ):
        return "end"
    if (
        f.item is not None
        and f.item.head in ("dollar", "cent")
        and re.match(r"\s*(?:in|as|for)\schange\b", f.after)
    ):
        return "?"  # "got 8 dollars in change": money given back from a payment, not a gain
    if f.verb is None and re.match(rf"\s*{ARRIVE_MORE}\b", f.after):
        return "gain"  # "22 kids decided to join in"
    if f.verb is None and re.match(rf"\s*{DEPART_MORE}\b", f.after):
        return "lose"  # "4 boys quit the team"
    # the fact's own clause only: "5 people got off and 2 got on" is no gain of the 5 (wordsg)
    own = re.split(r",|\b(?:and|but|then|while)\b|\d", f.after, maxsplit=1)[0]
    if re.search(
        r"\b(?:came|comes?|joined|joins?|arrived|arrives?|got\son|gets\son)\b", own[:25]
    ) or re.search(
        r"\b(?:left|leave|went\saway|flew\saway|ran\saway|got\soff|died|were\s(?:eaten|taken|sold|broken|used|lost|removed|given\saway|cut(?:\sdown)?|adopted|caught|killed|stolen)|are\sgone)\b",
        own[:30],
    ):
        return (
            "gain"
            if re.search(r"\b(?:came|comes?|joined|joins?|arrived|arrives?|got\son|gets\son)\b", own[:25])
            else "lose"
        )
    if (f.verb is None or f.verb in _HOLD) and re.match(
        r"\s*(?:are|were|was|is|have\sbeen|had\sbeen|got)\s(?:sold|eaten|shipped|taken|given|used|broken|lost|removed|stolen|thrown|donated|popped|spent|destroyed|damaged|burned|burnt)\b",
        f.after,
    ):
        return "lose"  # "31 are sold"
    if (
        f.verb is None
        and not f.more
        and re.match(r"\s*(?:are|were|is|was)\b", f.after)
        and f.before.strip() == ""
    ):
        return "hold"  # "13 ducks are swimming in a lake."
    if (
        f.more
        and f.verb not in _C_GAIN | _C_LOSE
        and re.match(
            r"\s*(?:are|were|is|was)?\s?(?:put|placed|added|flew|flown|came|come|comes|joined|joins?|arrived|arrives?|walked|walks?|swam|swims?|hopped|hops?|landed|lands?|fly|flies|got|get|gets|showed\sup|shows?\sup|started\sto|starts?\sto|climbed|climbs?|moved\sin|moves?\sin)\b",
            f.after,
        )
    ):
        return "gain"  # "25 more peaches are put in the basket"
    if f.item is not None and f.item.head in ("dollar", "cent"):
        if f.verb in ("bought", "buys", "purchased", "paid", "pays", "spent", "spends") or re.search(
            r"\b(?:for|on)\s$", f.before
        ):
            return "lose"  # money paid out
        if f.verb in _C_GAIN and f.verb not in (
            "earned",
            "earns",
            "found",
            "finds",
            "got",
            "gets",
            "received",
            "receives",
            "won",
            "wins",
            "saved",
            "borrowed",
        ):
            return "?"
    if f.more and f.verb in _PUT:
        return "gain"  # "Marta put 10 more books on the shelf"
    if f.verb is None and not f.before.strip() or f.verb is not None and _OWN_CLAUSE.search(f.before):
        # "Tom baked 30 cookies, but 6 cookies broke": the 6 is the subject of its own verb, so
        # the first clause's verb ("baked") is not its verb
        if _OWN_LOSS.match(f.after):
            return "lose"
        if re.match(
            r"\s(?:of\s(?:them|these|those|the\s[a-z]+)\s)?(?:[a-z]+ed|fell|broke|went|ran|got|grew)\b",
            f.after,
        ):
            return "?"
    k = "gain" if f.verb in _C_GAIN else "lose" if f.verb in _C_LOSE else "hold" if f.verb in _HOLD else "?"
    if k == "hold" and (
        _END.search(f.before[-40:])
        or (
            re.match(r"\s*(?:left|remaining|remain)\b", f.after)
            or re.search(r"\b(?:in|at)\sthe\send\b", f.after)
        )
    ):
        return "end"
    return k


def _change(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Change: one holder (or one place) starts with an amount, gains and loses some; the question
    asks the end amount, a change, or the start."""
    if q.item is None or q.how or len(facts) < 2 or any(f.cmp for f in facts):
        return None
    if re.search(r"(?<![\w.])\d+(?:\.\d+)?\s\d", story):
        return None  # "she ate 5 five cookies": one amount written twice, or two run together
    if re.search(
        r"\b(?:each|every|per|apiece|than|times|twice|half|total|altogether|in\sall|same|if\s\w+\shad|would\shave|needs?|wants?|instead|not|n't)\b|n't",
        story,
        re.I,
    ):
        return None
    if not all(_matches(q.item, f) for f in facts):
        return None
    kinds = [_kind(f) for f in facts]
    for i, (f, k) in enumerate(zip(facts, kinds)):
        head = f.item.head if f.item is not None else None
        if (
            k == "lose"
            and head != q.item.head
            and all(g.item is None or g.item.head != head for g in facts[:i])
        ):
            return None  # "had 9 dimes, spent 4 nickels; how many coins?": lost what was never held
    first_q = bool(_FIRST_Q.search(q.rest))
    if (
        first_q
        and "?" not in kinds
        and kinds[-1] == "end"
        and "hold" not in kinds
        and "end" not in kinds[:-1]
    ):
        return _change_start(facts, kinds, q)
    if "?" in kinds or kinds[0] not in ("hold", "gain") or "hold" in kinds[1:]:
        return None
    names = {
        f.owner for f in facts if f.owner and f.owner.lower() not in _PRONOUN and not _IN.search(f.before)
    }
    if q.owner and q.owner.lower() not in _PRONOUN:
        names.add(q.owner)
    if len(names) > 1 or q.group:
        return None
    start = facts[0]
    gains = [f for f in facts[1:] if kinds[facts.index(f)] == "gain"]
    losses = [f for f in facts[1:] if kinds[facts.index(f)] == "lose"]
    ends = [f for f in facts[1:] if kinds[facts.index(f)] == "end"]
    qv = _question_verb(q) or ""
    if q.aux in ("are", "is", "were", "was") and re.match(
        r"(?:there\s)?(?:left|remaining|now|still)\b|(?:left|now)\s", q.rest
    ):
        qv = "have"
    v = lambda f: _show(f.value)  # noqa: E731
    sg = "".join(f" + {v(f)}" for f in gains)
    sl = "".join(f" - {v(f)}" for f in losses)
    total_g = sum((f.value for f in gains), Fraction(0))
    total_l = sum((f.value for f in losses), Fraction(0))
    if first_q or re.search(r"\bto\s(?!(?:his|her|their|the|a|an|my|our|its)\b)[a-z]+", q.rest):
        return None
    if (
        q.aux in ("are", "is", "were", "was")
        and re.match(r"(?:[a-z]+ing|there|in|on|at|inside)\b", q.rest)
        and (gains or losses)
        and not ends
    ):
        if not re.match(
            r"(?:there\s)?(?:[a-z]+ing\s)?(?:in|on|at|inside|there|total|in\sall|altogether|now|left)\b|[a-z]+ing$|there$",
            q.rest,
        ):
            return None
        val = start.value + total_g - total_l
        return SchemaAnswer("change", val, f"x = {v(start)}{sg}{sl}", q.item, f"{q.item} at the end", facts)
    if qv in ("have", "has", "had") or (qv == "" and _LEFT_Q.search(q.rest)):
        if (
            ends
            or not (gains or losses)
            or not (
                _LEFT_Q.search(q.rest)
                or _AT_END.search(q.rest)
                or re.search(r"\b(?:now|in\sall|altogether|total)\b", q.rest)
                or q.aux in ("would", "will", "does", "do")
            )
        ):
            return None  # "does she have" after the changes told: what she has now
        if q.aux in ("did", "had") and not (_LEFT_Q.search(q.rest) or _AT_END.search(q.rest)):
            return None
        val = start.value + total_g - total_l
        return SchemaAnswer("change", val, f"x = {v(start)}{sg}{sl}", q.item, f"{q.item} at the end", facts)
    if len(ends) != 1 or facts[-1] is not ends[0] or (gains and losses):
        return None
    end = ends[0]
    if (
        any(f.verb and same_verb(f.verb, qv) for f in gains + losses)
        or len(re.findall(r"\bsome\b", story, re.I)) > 1
    ):
        return None  # the change asked is one the story tells, or two changes are left untold
    told = _told_change(story, q.item)
    if (
        told is not None
        and told[0] != _base(qv)
        and told[1] != ("gain" if qv in _GAIN_BASE else "loss" if qv in _LOSE_BASE else "")
    ):
        return None  # "he found some ... how many did he lose?": another change than the untold one
    if qv in _LOSE_BASE:
        val = start.value + total_g - total_l - end.value
        return SchemaAnswer(
            "change", val, f"{v(start)}{sg}{sl} - x = {v(end)}", q.item, f"{q.item} {qv}", facts
        )
    if qv in _GAIN_BASE:
        val = end.value - start.value - total_g + total_l
        return SchemaAnswer(
            "change", val, f"{v(start)}{sg}{sl} + x = {v(end)}", q.item, f"{q.item} {qv}", facts
        )
    return None


def _change_start(facts: list[Fact], kinds: list[str], q: Question) -> SchemaAnswer | None:
    """The start asked: changes, then the end ("She gave 15 CDs away. Now she has 78 left. How
    many CDs did she have at first?"); only when the one who changed is the one asked about."""
    actors = {f.owner for f in facts if not _IN.search(f.before)}
    if actors == {None} and re.match(r"there\s", q.rest):
        # a place: only comings and goings ("7 got on, 9 got off"), never what someone took
        if all(
            re.search(
                r"\b(?:came|comes?|joined|arrived|got\son|got\soff|left|went\saway|flew\saway)\b",
                f.after[:30],
            )
            for f, k in zip(facts, kinds)
            if k in ("gain", "lose")
        ):
            return _start_value(facts, kinds, q)
        return None
    if actors == {None} and re.match(r"(?:he|she|it)\s(?:have|had)\b", q.rest) and q.aux in ("did", "does"):
        # "A chef used 15 apples. Now he has 4 left. How many did he have before?": one holder,
        # never named (every fact's subject is "a chef", "he")
        if all(f.owner is None or f.owner.lower() in _PRONOUN for f in facts):
            return _start_value(facts, kinds, q)
        return None
    if len(actors) != 1 or None in actors:
        return None
    actor = actors.pop()
    if actor is None:
        return None
    asked = re.search(r"((?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+)'s\s", q.rest) or re.match(
        r"((?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+|he|she|they)\s(?:have|had|start|begin)\b", q.rest
    )
    if (
        not asked
        or asked.group(1).lower() not in (actor.lower(), "he", "she", "they")
        or q.aux not in ("did", "does", "were", "was")
    ):
        return None
    return _start_value(facts, kinds, q)


def _start_value(facts: list[Fact], kinds: list[str], q: Question) -> SchemaAnswer | None:
    if q.item is None:
        return None
    end = facts[-1]
    gains = [f for f, k in zip(facts, kinds) if k == "gain"]
    losses = [f for f, k in zip(facts, kinds) if k == "lose"]
    v = _show
    val = end.value - sum((f.value for f in gains), Fraction(0)) + sum((f.value for f in losses), Fraction(0))
    eq = (
        "x"
        + "".join(f" + {v(f.value)}" for f in gains)
        + "".join(f" - {v(f.value)}" for f in losses)
        + f" = {v(end.value)}"
    )
    return SchemaAnswer("change", val, eq, q.item, f"{q.item} at first", facts)


def _owner_is(f: Fact, name: str | None) -> bool:
    return name is not None and f.owner is not None and f.owner.lower() == name.lower()


def _compare(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Compare: "A has 5 more apples than B" with B's amount; or "how many more ... than ..."."""
    if q.item is None or re.search(r"\b(?:each|every|per|twice|half|left|gave|lost|now)\b", story, re.I):
        return None
    v = _show
    cmps = [f for f in facts if f.cmp]
    if q.how:
        if cmps or len(facts) != 2:
            return None
        tm = re.search(r"\bthan\s(.+)$", q.rest)
        if not tm:
            owners = {f.owner for f in facts}
            if not q.owner or q.owner.lower() in _PRONOUN or len(owners) != 2 or q.owner not in owners:
                return None
            tm = re.match(r"(.+)$", [o for o in owners if o != q.owner][0] or "")
            if not tm:
                return None
        other = tm.group(1)
        a = b = None
        if q.owner and q.owner.lower() not in _PRONOUN:
            on = re.match(r"(?:(?:Mr|Mrs|Ms|Dr)\.\s)?[A-Z][a-z]+", other)
            if not on:
                return None
            a = [f for f in facts if _owner_is(f, q.owner) and _matches(q.item, f)]
            b = [f for f in facts if _owner_is(f, on.group(0)) and _matches(q.item, f)]
        else:
            words = re.sub(r"\b(?:do|does|did|are|were|there)\b", "", other).split()
            if not words:
                return None
            it = Item.of(words[-2:] if len(words) > 1 else words)
            a = [f for f in facts if _matches(q.item, f)]
            b = [f for f in facts if f.item is not None and it.head == f.item.head]
        if len(a) != 1 or len(b) != 1 or a[0] is b[0]:
            return None
        d = a[0].value - b[0].value if q.how == "more" else b[0].value - a[0].value
        if d <= 0:
            return None
        return SchemaAnswer(
            "compare",
            d,
            f"x = {v(a[0].value)} - {v(b[0].value)}"
            if q.how == "more"
            else f"x = {v(b[0].value)} - {v(a[0].value)}",
            q.item,
            f"how many {q.how}",
            facts,
        )
    if len(cmps) != 1 or len(facts) != 2:
        return None
    c = cmps[0]
    base = [f for f in facts if f is not c][0]
    if c.item is None or base.item is None:
        return None
    than = re.sub(r"^(?:what|the\snumber\s(?:of\s[a-z]+\s)?that|the\sone\s)\s?", "", c.than or "")
    than = re.split(r",|\s(?:and|but|while|so|if)\s|[.;?]", than)[0]  # "than women and 180 people ...": women
    on = re.match(r"((?:(?:Mr|Mrs|Ms|Dr)\.\s)?[A-Z][a-z]+|he|she|him|her|they|them)\b", than)
    sign = 1 if c.cmp == "more" else -1
    times = c.cmp == "times"
    same_item = c.item.head == base.item.head
    if same_item and on and c.owner and c.owner == base.owner and q.owner and not _TOTAL_Q.search(q.rest):
        # "Lizette has 813 stamps. She has 125 more stamps than Minerva. How many does Minerva have?"
        if (
            on.group(1).lower() != q.owner.lower()
            or on.group(1).lower() in _PRONOUN
            or not _matches(q.item, base)
        ):
            return None
        if _LEFT_Q.search(q.rest) or _FIRST_Q.search(q.rest):
            return None
        if times:
            inv = base.value / c.value
            return SchemaAnswer(
                "compare", inv, f"{v(c.value)} \\times x = {v(base.value)}", q.item, str(q.item), facts
            )
        inv = base.value - sign * c.value
        if inv < 0:
            return None
        return SchemaAnswer(
            "compare",
            inv,
            f"x {'+' if sign > 0 else '-'} {v(c.value)} = {v(base.value)}",
            q.item,
            str(q.item),
            facts,
        )
    if same_item:
        if not on or not c.owner or c.owner == base.owner:
            return None
        other = _resolve(on.group(1), base.owner if on.group(1).lower() in _PRONOUN else None)
        if other is None or other.lower() != (base.owner or "").lower():
            return None
    else:
        tw = re.findall(r"[a-z]+", than.lower())
        if (
            not tw
            or singular(tw[-1] if len(tw) < 3 else tw[0]) != base.item.head
            and base.item.head not in [singular(t) for t in tw[:3]]
        ):
            return None
    cval = base.value * c.value if times else base.value + sign * c.value
    if cval < 0:
        return None  # "44 fewer than Kylie's 34": the story contradicts itself
    expr = (
        f"{v(c.value)} \\times {v(base.value)}"
        if times
        else f"{v(base.value)} {'+' if sign > 0 else '-'} {v(c.value)}"
    )
    if _TOTAL_Q.search(q.rest) or q.group:
        if (
            not same_item
            or not _matches(q.item, base)
            or re.search(r"\b(?:share|shared|equally|each|split|divide|divided|left|remain)\b", q.text)
        ):
            return None
        return SchemaAnswer(
            "compare", base.value + cval, f"x = {v(base.value)} + ({expr})", q.item, f"{q.item} in all", facts
        )
    if _LEFT_Q.search(q.rest) or _FIRST_Q.search(q.rest):
        return None
    if not q.item.head == c.item.head or not q.item.mods <= c.item.mods:
        return None
    if same_item:
        if not q.owner or q.owner.lower() in _PRONOUN and c.owner != base.owner:
            if not (q.owner and q.owner.lower() in _PRONOUN and facts[-1] is c):
                return None
        elif q.owner.lower() != (c.owner or "").lower():
            return None
    return SchemaAnswer("compare", cval, f"x = {expr}", q.item, str(q.item), facts)
