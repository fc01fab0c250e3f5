# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""The schema reader's facts: every number of a story problem as a quantity fact (its value,
the thing it counts, who holds it, the verb before it, the cues around it: "more than", "each", "of
them", "left") and the question as an unknown (what is counted, whose, which cues). Used by the
schemas (:mod:`counting`, :mod:`rates`) and their reader (:mod:`schemas`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

# the cue words live in fact_words; the ones not used here are re-exported for the schemas
from tutor.math.wordproblems.fact_words import (
    _COMPARE,  # noqa: F401
    _EXTRA_GAIN,  # noqa: F401
    _EXTRA_LOSE,  # noqa: F401
    _FIRST_Q,  # noqa: F401
    _GROUP,
    _HOLD,
    _KINDS,
    _LEFT_Q,  # noqa: F401
    _MULT,  # noqa: F401
    _NAMEISH,  # noqa: F401
    _NOT_NAME,
    _PAST,
    _PLURAL_IRREGULAR,
    _PRONOUN,
    _RATE_VERB,
    _STOP,
    _STORY_BAD,
    _TOTAL_Q,  # noqa: F401
    _UNITS,
    _UNREAD,  # noqa: F401
    _VERB_SKIP,
)
from tutor.math.wordproblems.reading import singular
from tutor.math.wordproblems.structures import Item
from tutor.math.wordproblems.vocabulary import GAIN, LOSE

_NUM = r"\d+(?:\.\d+)?"


@dataclass
class Fact:
    """One number the story states, with what it counts and the words around it."""

    value: Fraction
    words: list[str]  # the noun phrase after the number (may be empty: "Lucy sold 43")
    item: Item | None
    sentence: int
    owner: str | None
    verb: str | None
    before: str  # the sentence's text before the number
    after: str  # the sentence's text after the noun phrase
    text: str  # the sentence
    elided: bool = False  # the noun was taken from the fact before ("55 packs ... Lucy sold 43")
    more: bool = False  # "7 more cubes" (an added amount, not a comparison)
    cmp: str | None = None  # "15 more milkshakes than ice cream cones": "more" / "fewer"
    than: str | None = None  # the words after "than"
    of: bool = False  # "3 of her pencils": a part of what is held


@dataclass
class Question:
    text: str
    item: Item | None
    money: bool
    how: str  # "" / "more" / "fewer" (how many more ...)
    rest: str  # the words after the auxiliary
    aux: str
    owner: str | None
    group: bool


@dataclass
class SchemaAnswer:
    schema: str
    value: Fraction
    equation: str  # the equation shown to the student, LaTeX
    item: Item
    says: str
    used: list = field(default_factory=list)


def _noun_after(text: str) -> tuple[list[str], int]:
    """The noun phrase at the start of `text` (up to 4 words, "packs of cookies" kept whole) and
    where it ends."""
    words: list[str] = []
    pos = 0
    for m in re.finditer(r"\s*([A-Za-z][A-Za-z'-]*)", text):
        if m.start() != pos:
            break
        w = m.group(1)
        lw = w.lower()
        if lw == "of" and words and len(words) < 4:
            nxt = re.match(r"\s*(?:the\s)?([a-z][a-z'-]*)", text[m.end() :])
            if nxt and nxt.group(1) not in _STOP:
                words += ["of", nxt.group(1)]
                pos = m.end() + nxt.end()
                break
            break
        if (
            lw in _STOP
            or (words and lw.endswith("ing"))
            or (lw.endswith("ly") and lw not in ("belly", "jelly", "lily", "fly", "family", "holly"))
            or len(words) >= 4
            or (w[0].isupper() and words)
            or (words and _verbish(lw))
            or (not words and (lw in GAIN or lw in LOSE or lw in _PAST or lw in _HOLD))
        ):
            break
        words.append(lw)
        pos = m.end()
        if (
            len(lw) > 3
            and lw.endswith("s")
            and not lw.endswith("ss")
            and not re.match(r"\s+of\b", text[pos:])
        ):
            break  # "8 music albums online": a plural noun ends the phrase
    return words, pos


def _verbish(w: str) -> bool:
    return w in GAIN or w in LOSE or w in _HOLD or w in _PAST or (w.endswith("ed") and len(w) > 4)


def _plural_noun(words: list[str], value: Fraction) -> bool:
    """Does a one-word "noun" after a number look like a noun ("2 online" does not)?"""
    if len(words) != 1 or value == 1:
        return True
    w = words[0]
    return w.endswith("s") or w in _PLURAL_IRREGULAR or w in _UNITS


def _resolve(owner: str | None, last: str | None) -> str | None:
    if owner is None:
        return None
    if owner.lower() in _PRONOUN:
        return last if owner.lower() not in ("they", "them", "we") else owner.lower()
    return owner


_KIN = r"(?:mom|dad|mother|father|brother|sister|friend|son|daughter|aunt|uncle|cousin|grandma|grandpa|grandmother|grandfather|wife|husband)"


def _subject(before: str) -> str | None:
    """The holder nearest before a number: a name, a pronoun, or "the <noun>"."""
    best = None
    kin = re.match(rf"(?:His|Her|Their)\s{_KIN}\b", before)
    if kin:
        best = kin.group(0).lower()  # "His sister collected 6 stamps": the sentence's subject, a holder
        before = " " * kin.end() + before[kin.end() :]
    for m in re.finditer(
        r"\b(?:(?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+|he|she|they|we|I|it|(?:the|a|an|his|her|their)\s[a-z]+)\b",
        before,
    ):
        w = m.group(0)
        if w in ("She", "He", "They", "We", "It"):
            best = w.lower()
            continue
        if w in _NOT_NAME or w.split()[0] in _NOT_NAME and " " not in w:
            continue
        if w.split()[0].lower() in ("the", "a", "an", "his", "her", "their"):
            continue  # objects as often as holders: not a subject
        best = w
    if best and re.search(rf"\b[A-Z][a-z]+,?\s(?:and|&)\s{re.escape(best)}\b", before):
        return "they"  # "William and Harry played 15 rounds": the two of them
    kin = re.search(
        r"(?:\bwhile|\bwhereas|,\sand|\band|\bbut)\s(?:his|her|their)\s(mom|dad|mother|father|brother|sister|friend|son|daughter|aunt|uncle|cousin|grandma|grandpa|grandmother|grandfather)\s[a-z]+\s$",
        before,
    )
    if kin:
        return "the " + kin.group(1)  # "Hazel caught 48 while her father caught 46": the father's 46
    return best


def _first_name(text: str) -> str | None:
    """The sentence's subject when it is a name ("Uma has 18 pens" -> Uma); None for a pronoun."""
    for m in re.finditer(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+|he|she|they|we|it)\b", text):
        w = m.group(0)
        if w.lower() in _PRONOUN:
            return None
        if w in _NOT_NAME:
            continue
        return w
    return None


def facts_of(statements: list[tuple[int, str]]) -> list[Fact] | None:
    """Every number of the statements as a fact; None when a number cannot be given a noun."""
    out: list[Fact] = []
    last_owner: str | None = None
    for idx, text in statements:
        lead = _first_name(text)
        if lead:
            last_owner = lead  # "Danny collects bottle caps. He found 18 ...": he is Danny
        for m in re.finditer(rf"(?<![\w.:/])({_NUM})(?![\w:/]|\.\d)", text):
            before = text[: m.start()]
            rest = text[m.end() :]
            more = False
            cmp_ = re.match(r"\s(more|fewer|less)\s((?:[a-z][a-z'-]*\s){0,3}?)than\s(.+)$", rest)
            cmp_how, cmp_other = None, None
            if cmp_:
                cmp_how, cmp_other = ("more" if cmp_.group(1) == "more" else "fewer"), cmp_.group(3)
                rest = " " + cmp_.group(2) + "than " + cmp_.group(3)
            tm = re.match(r"\stimes\sas\s(?:many|much)\s((?:[a-z][a-z'-]*\s){0,3}?)(?:as|than)\s(.+)$", rest)
            if tm:  # "3 times as many stamps as Ann", "4 times more robots than Tom"
                cmp_how, cmp_other = "times", tm.group(2)
                rest = " " + tm.group(1) + "than " + tm.group(2)
            mm = re.match(r"\s(?:more|extra|additional|new|other)\b", rest)
            if mm and not re.match(r"\s(?:more)\s(?:[a-z]+\s){0,3}?than\b|\smore\sthan\b", rest):
                more = True
                rest = rest[mm.end() :]
            words, end = _noun_after(rest)
            of_part = False
            om = (
                re.match(r"\s(?:of\s(?:her|his|their|the|its|my|our|them|these|those))(?=\s|$|[,.])", rest)
                if not words
                else None
            )
            if om:
                of_part = True
                words, end2 = _noun_after(rest[om.end() :])
                end = om.end() + end2
                if (
                    words
                    and words[0] in ("died", "leave", "left", "escaped", "ran", "flew", "went", "were")
                    and not re.search(r"\b(?:the|all)\s$", before)
                ):
                    words, end = [], om.end()  # "15 of them died": a verb, not a noun (not "the 3 of them")
            elided = False
            item = None
            if (
                words
                and not _plural_noun(words, Fraction(m.group(1)))
                and any(f.sentence == idx for f in out)
            ):
                words = []  # "she bought 2 online": the noun of the number before
            if words and words[-1] in ("one", "ones") and any(f.item is not None for f in out):
                words = []  # "13 new ones": the noun of the number before
            if words:
                try:
                    item = Item.of(words)
                except (IndexError, ValueError):
                    item = None
            else:
                prev = [f for f in out if f.item is not None]
                if prev:
                    item, elided = prev[-1].item, True
                    words = list(prev[-1].words)
            owner = _resolve(_subject(before), last_owner)
            if owner and owner.lower() not in _PRONOUN:
                last_owner = owner
            vm = re.findall(r"([A-Za-z]+)\s*$", before)
            verb = None
            tokens = re.findall(r"[A-Za-z]+", before)
            vb = next((t.lower() for t in reversed(tokens[-5:]) if _verbish(t.lower())), None)
            if vb:
                tokens = [vb]  # "watched TV for 6 hours": the verb, not the preposition
            prev_same = [f for f in out if f.sentence == idx]
            if prev_same:
                between = before[len(prev_same[-1].before) :]
                btoks = re.findall(r"[A-Za-z]+", between)[len(prev_same[-1].words) :]
                if (
                    re.search(r"(?:,|\band)\b", between)
                    and not any(_verbish(t.lower()) for t in btoks)
                    and not any(t[0].isupper() and t not in _NOT_NAME for t in btoks)
                ):
                    tokens = [
                        prev_same[-1].verb or "?"
                    ]  # "55 packs, 43 on Monday and 12 ...": the verb goes on
                    owner = prev_same[-1].owner
            for t in reversed(tokens[-4:]):
                tl = t.lower()
                if tl in _VERB_SKIP or tl in (
                    "a",
                    "total",
                    "of",
                    "the",
                    "an",
                    "her",
                    "him",
                    "them",
                    "me",
                    "us",
                ):
                    continue
                verb = tl
                break
            _ = vm
            out.append(
                Fact(
                    Fraction(m.group(1)),
                    words,
                    item,
                    idx,
                    owner,
                    verb,
                    before,
                    rest[end:],
                    text,
                    elided,
                    more,
                    cmp_how,
                    cmp_other,
                    of_part,
                )
            )
    return out


def _resolve_items(facts: list[Fact]) -> None:
    """A shorter mention means the fuller item told before ("84 inches of ribbon ... used 46
    inches"), when exactly one fuller item of that head was told."""
    for i, f in enumerate(facts):
        if f.item is None:
            continue
        fuller = {
            g.item
            for g in facts[:i]
            if g.item is not None and g.item.head == f.item.head and f.item.mods < g.item.mods
        }
        same_head = {g.item for g in facts[:i] if g.item is not None and g.item.head == f.item.head}
        if len(fuller) == 1 and same_head == fuller:
            f.item = fuller.pop()


def question_of(text: str, facts: list[Fact]) -> Question | None:
    q = re.sub(r"[?.!]+$", "", text.strip())
    q = re.sub(r"^now,?\s((?:how|what)\b.*)$", r"\1 now", q, flags=re.I)  # "Now how many are there?"
    q = re.sub(r"^what\s(?:amount|sum)\sof\smoney\b", "how much money", q, flags=re.I)
    # "how big is each group": how many of the things grouped are in each
    q = re.sub(
        r"^how\s(?:big|large)\s(?:is|was|will\sbe|would\sbe)\seach\s([a-z]+)$",
        r"how many are in each \1",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"^[Ww]hat\sis\sthe\s(total\s)?number\sof\s([a-z]+(?:\s[a-z]+)?)\s(?:that\s)?(they|he|she|[A-Z][a-z]+)\s([a-z]+ed|sold|made|bought|found|caught|ate|saw|took|got|read|drew)$",
        lambda m: (
            f"how many {m.group(2)} did {m.group(3)} {m.group(4)}" + (" in total" if m.group(1) else "")
        ),
        q,
    )
    q = re.sub(
        r"^what\sis\sthe\stotal\snumber\sof\s([a-z]+(?:\s[a-z]+)?)\s(?:that\s)?(did|do|does)\b",
        r"how many \1 \2",
        q,
        flags=re.I,
    )
    m = re.match(
        r"^how\s(?P<mm>many|much)\s(?:(?P<how>more|fewer|less)\s)?(?P<noun>(?:[a-z][a-z'-]*\s){0,4}?)(?P<aux>do|does|did|are|is|were|was|will|would|can|could|should|has|have|had|must|in\s(?:all|total))\b\s?(?P<rest>.*)$",
        q,
        re.I,
    )
    if not m:
        sm = re.match(
            r"^how\smany\s(?P<noun>(?:[a-z][a-z'-]*\s){0,3}?[a-z]+s)\s(?P<rest>(?P<verb>[a-z]+ed|came|went|ran|flew|swam|got|joined|left)\b.*)$",
            q,
            re.I,
        )
        if not sm:
            return None
        ws = sm.group("noun").lower().split()
        if any(w in _STOP for w in ws if w != "of"):
            return None
        return Question(q, Item.of(ws), False, "", sm.group("rest"), "", None, False)
    noun = m.group("noun").strip().lower()
    money = False
    item: Item | None
    if m.group("mm").lower() == "much":
        if noun in ("", "money"):
            money, item = True, Item("dollar")
        elif re.fullmatch(r"[a-z]+(?:\s[a-z]+)?", noun) and not any(w in _STOP for w in noun.split()):
            # "how much flour": counted in the unit the story uses ("3 cups of flour")
            units = {f.item.head for f in facts if f.item is not None and noun.split()[-1] in f.item.mods}
            if len(units) != 1 or any(f.item is not None and f.item.head == noun.split()[-1] for f in facts):
                return None
            item = Item(units.pop(), frozenset(noun.split()))
        else:
            return None
    elif noun:
        ws = [w for w in noun.split() if w not in ("extra", "additional", "new", "total")] or noun.split()
        if any(w in _STOP for w in ws if w != "of"):
            return None
        item = Item.of(ws)
    else:
        heads = {f.item.head for f in facts if f.item is not None}
        each = re.search(
            r"\beach\s([a-z]+)\s(?:get|receive|have|eat)\b|\bin\seach\s([a-z]+)$", m.group("rest")
        )
        if each and len(heads) == 2 and singular(each.group(1) or each.group(2)) in heads:
            heads.discard(
                singular(each.group(1) or each.group(2))
            )  # "how many would each friend get": not friends
        if len(heads) == 2 and re.fullmatch(
            r"(?:left(?:\sover)?|remaining|there\sleft(?:\sover)?)", m.group("rest")
        ):
            # "divided them equally into 5 rows. How many are left?": not the rows
            into = {
                f.item.head
                for f in facts
                if f.item is not None and re.search(r"\b(?:into|among|between)\s(?:the\s)?$", f.before)
            }
            if len(into) == 1:
                heads -= into
        item = Item(heads.pop()) if len(heads) == 1 else None
    rest = m.group("rest")
    if "total" in noun.split():
        rest = rest + " in total"
    if m.group("aux").lower().startswith("in "):
        rest = "in all " + rest
    group = bool(_GROUP.match(rest))
    if (
        group
        and re.match(r"(?:they|we)\b", rest)
        and len({f.owner for f in facts if f.owner and f.owner.lower() not in _PRONOUN}) < 2
    ):
        group = False  # "they" with one holder named (or none) is that holder
    owner = None
    om = re.match(r"^((?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+|he|she|it|I)\b", rest)
    if om and om.group(1) not in _NOT_NAME - {"She", "He", "It", "I"}:
        owner = om.group(1)
    how = (m.group("how") or "").lower()
    return Question(
        q, item, money, "fewer" if how == "less" else how, rest, m.group("aux").lower(), owner, group
    )


def _matches(target: Item, f: Fact) -> bool:
    """Does the question's thing count this fact's thing (same head; the modifiers of one are the
    other's, or the other has none)?"""
    if f.item is None:
        return False
    if target.head in ("dollar", "money") and f.item.head in ("dollar",):
        return True
    if not target.mods and f.item.head in _KINDS.get(target.head, ()):
        return True  # "how many children" counts girls and boys
    return target.head == f.item.head and target.mods <= f.item.mods


def _verb_kind(verb: str | None) -> str:
    if verb is None:
        return "?"
    if verb in LOSE or verb in {"sold", "sells"}:
        return "lose"
    if verb in GAIN:
        return "gain"
    if verb in _HOLD:
        return "hold"
    return "?"


def _per_of(f: Fact) -> Item | None:
    """The thing a rate fact is counted per: "each box holds 6 eggs", "6 eggs in each box",
    "pens cost 2 dollars each" (per pen); None when the fact is no rate."""
    m = re.search(
        rf"(?:\b(?:[Ee]ach|[Ee]very|[Oo]ne|per)|(?<![\d.])\b1)\s(?P<per>(?!of\b|the\b|them\b|other\b|for\b|to\b|with\b|in\b|on\b|at\b|and\b)[a-z]+(?:\s(?!can\b|could\b|will\b|would\b|should\b|must\b|may\b|might\b|he\b|she\b|they\b|we\b|it\b|you\b)[a-z]+)?)(?:\s(?:in|on|of|at)\s(?:the|a|his|her|their|my)\s[a-z]+)?\s{_RATE_VERB}\s(?:only\s|exactly\s)?$",
        f.before,
    )
    m = m or re.search(
        # a container's capacity: "A paper bag can hold 16 cookies", "if a table seats 9 people"
        r"(?:^|[,;]\s|\b[Ii]f\s|\band\s)(?:[Aa]n?|[Oo]ne)\s(?P<per>(?!of\b)[a-z]+(?:[\s-](?!can\b|could\b|will\b|would\b)[a-z]+)?)\s(?:(?:can|could|will|would)\s)?(?:hold|holds|carry|carries|fit|fits|seat|seats|contain|contains|take|takes)\s(?:only\s|exactly\s|up\sto\s|a\smaximum\sof\s)?$",
        f.before,
    )
    m = m or re.search(
        r"\b(?:gave|gives|give|giving|handed|hands)\s(?:each|every)\s(?P<per>[a-z]+)\s$", f.before
    )
    m = m or re.search(
        # "the boards come in packs of 3", "pens are sold in boxes of 12": per pack
        r"\b(?:come|comes|came|are\s(?:sold|packed)|were\s(?:sold|packed))\s(?:only\s)?in\s(?P<per>packs|packages|boxes|bags|cases|packets|cartons|bundles)\sof\s$",
        f.before,
    )
    if m:
        return Item.of(m.group("per").split())
    if re.search(r"(?:^|[.,;]\s|\b[Ii]f\s)[Ii]t\s(?:takes|took|will\stake)\s$", f.before):
        m = re.match(r"^\sto\s[a-z]+\s(?:a|an|one|each)\s([a-z]+(?:-[a-z]+)?)\s?(?:[.,;]|$)", f.after)
        if m and m.group(1) not in _STOP:
            return Item.of([m.group(1)])  # "It takes 8 grams of plastic to make a ruler": per ruler
    m = re.match(
        r"^(?:\s[a-z]+){0,2}?\s(?:in|on|at|for|to)\seach\sof\s(?:the|his|her|their|its|these|those|my|our)\s\d+(?:\.\d+)?\s([a-z]+)",
        f.after,
    )
    if m:
        return Item.of([m.group(1)])  # "56 books in each of his 9 bookshelves"
    m = (
        re.match(
            r"^(?:\s[a-z]+){0,3}?\s(?:in|on|at|for|inside|into|per|to)\s(?:each|every)\s([a-z]+(?:\sof\s[a-z]+)?)\b",
            f.after,
        )
        or re.match(
            r"^\s(?:per|every|each)\s((?!for\b|to\b|of\b|in\b|on\b|at\b|and\b|with\b|from\b|by\b)[a-z]+)\b",
            f.after,
        )
        or re.match(
            r"^\s(?:in\s)?(?:a|an)\s(day|week|month|year|hour|minute|second|pound|kilogram|ounce|gallon|liter|mile|kilometer|meter|foot|yard|box|bag|pack|package|dozen)\b",
            f.after,
        )
    )
    if m:
        if m.group(1).split()[-1] not in _STOP and " of " not in m.group(1):
            words, _ = _noun_after(f.after[m.start(1) :])  # "in each flower bed": the whole noun
            if words and "of" not in words:
                return Item.of(words)
        return Item.of(m.group(1).split())
    m = re.search(
        r"\b([a-z]+),?\s(?:each|every\sone)\s(?:having|has|had|with|containing|contains|holding|holds|of\swhich\s(?:has|had|holds|contains))\s$",
        f.before,
    ) or (
        re.search(r"\d\s(?:[a-z]+\s)?([a-z]+(?:\sof\s[a-z]+)?),\s$", f.before)
        if re.match(r"\s[a-z]+\seach\b|\seach\b", f.after)
        else None
    )
    if m and m.group(1).split()[0] not in _STOP:
        return Item.of(m.group(1).split())  # "7 chapters, each having 566 pages"; "3 sets, 90 pieces each"
    if f.item is not None and f.item.head in ("dollar", "cent") and re.match(r"\s(?:each|apiece)\b", f.after):
        m = re.search(
            r"\b([A-Za-z][a-z]+s)\s(?:were|are|cost|sell\sfor|sold\sfor)\s(?:only\s|just\s)?$", f.before
        )
        if m and m.group(1).lower() not in _STOP:
            return Item.of([m.group(1).lower()])  # "tickets were 4 dollars each", "Tickets are ..."
    m = re.search(r"\b(?:into|in|onto|on)\s([a-z]+s)\swith\s$", f.before)
    if m and re.match(r"^(?:\s[a-z]+){0,2}?\s(?:in|on)\s(?:each|every)\s?(?:[.,;]|$)", f.after):
        return Item.of([m.group(1)])  # "put them into folders with 6 files in each (one)"
    if f.item is not None and f.item.head in ("dollar", "cent"):
        m = re.search(
            r"(?:^|\b[Aa]n?\s|\b[Tt]he\s|,\s|and\s)(?:[a-z]+\s)?([a-z]+)\s(?:costs|cost|is|sells\sfor|is\ssold\sfor)\s$",
            f.before,
        )
        if m and m.group(1) not in _STOP:
            return Item.of([m.group(1)])  # "An eraser costs 2 dollars and a pencil costs 3 dollars"
    m = re.search(r"\b([a-z]+)\s(?:each|apiece)\s(?:for|at)\s$", f.before)
    if m and m.group(1) not in _STOP:
        return Item.of([m.group(1)])  # "he bought 4 tires each for 60 dollars"
    if re.match(r"^\s(?:each|apiece|a\spiece)\b", f.after):
        m = re.search(
            r"\b([a-z]+)\s(?:(?:were|was|are|is)\s)?(?:for|at|is|are|cost|costs|sell\sfor|sold\sfor|sold\sat|sells\sat)\s$",
            f.before,
        )
        if m and m.group(1) not in _STOP:
            return Item.of([m.group(1)])
        # "124 students making 3 stars each", "3 touchdowns worth 7 points each", "Our melons
        # have 100 seeds each": per the things counted just before (not "Tom and his 3 friends")
        m = re.search(
            r"(?:(?<![\w.])\d+|\b[Tt]he|\b[Oo]ur|\b[Tt]heir|\b[Hh]is|\b[Hh]er|\b[Tt]hese|\b[Tt]hose)\s(?:[a-z]+\s)?([a-z]+s|children|people|men|women)\s(?:(?:can|could|will|would)\s)?(?:[a-z]+ing|worth|have|has|had|got|get|received|receive|scored|score|made|make|brought|bring|need|needs|needed|collected|picked|ate|eat|carry|carried|hold|held|contain|contained|weigh|weighed)\s$",
            f.before,
        )
        if (
            m
            and m.group(1) not in _STOP
            and not re.search(r"\b(?:and|with|plus)\s(?:his|her|their|my|our|the)\s\d", f.before)
            and (f.item is None or singular(m.group(1)) != f.item.head)
        ):
            return Item.of([m.group(1)])
    return None


def _strip_subject(rest: str) -> str:
    rest = re.sub(
        r"^(?:(?:Mr|Mrs|Ms|Dr)\.\s)?(?:[A-Z][a-z]+'s\s[a-z]+|[A-Z][a-z]+(?:,\s[A-Z][a-z]+)*(?:,?\sand\s[A-Z][a-z]+)?|he|she|they|we|it|I|both|the\s(?:two|twins|kids|children)|(?:the|his|her|their)\s[a-z]+)\s",
        "",
        rest,
    )
    return re.sub(r"^(?:still|now|really|then|also|all|actually|finally)\s", "", rest)


def _question_verb(q: Question) -> str | None:
    """The question's main verb, base form ("did they pick up in all" -> pick)."""
    rest = re.sub(
        r"^(?:(?:Mr|Mrs|Ms|Dr)\.\s)?(?:[A-Z][a-z]+'s\s[a-z]+|[A-Z][a-z]+(?:,\s[A-Z][a-z]+)*(?:,?\sand\s[A-Z][a-z]+)?|he|she|they|we|it|I|both|the\s(?:two|twins|kids|children)|(?:the|his|her|their)\s[a-z]+)\s",
        "",
        q.rest,
    )
    rest = re.sub(r"^(?:still|now|really|then|also|all|each|actually|finally)\s", "", rest)
    rest = re.sub(r"^(?:(?:was|were|be)\s)?able\sto\s", "", rest)
    m = re.match(r"([a-z]+)", rest)
    if not m or m.group(1) in _STOP - {"have", "has", "had"}:
        return None
    return m.group(1)


def _only_more_added(story: str, facts: list[Fact]) -> bool:
    """The story's only risky word is "more" as in "7 more cubes" (an added amount)."""
    s = story
    for f in facts:
        if f.more:
            s = re.sub(
                rf"\b{re.escape(_show(f.value))}\s(?:more|extra|additional|new|other)\b", _show(f.value), s
            )
    return not _STORY_BAD.search(s)


def _show(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{float(v):g}"
