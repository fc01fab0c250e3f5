# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""The schema reader: a second, looser reading of a story problem the phrasing table could not
read whole. Every number the story states becomes a quantity fact (its value, the thing it counts,
who holds it, the verb before it, the cues around it: "more than", "each", "of them", "left"); the
question becomes an unknown (what is counted, whose, which cues). A small set of schemas —
combine, change, compare, rate, equal sharing — each states exactly which facts it needs; the
reader answers only when one schema accounts for EVERY number of the story and the question, and
refuses otherwise (precision first: the caller keeps the table's refusal, which names the sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from tutor.math.wordproblems.reading import normalise, sentences, singular
from tutor.math.wordproblems.structures import Item
from tutor.math.wordproblems.vocabulary import GAIN, IRREGULAR_PAST, LOSE, same_verb

_PAST = set(IRREGULAR_PAST.values()) | {"came", "went", "left", "joined", "arrived", "decided"}

__all__ = ["Fact", "Question", "facts_of", "question_of", "read_schemas", "SchemaAnswer"]

_NUM = r"\d+(?:\.\d+)?"
# words that end a noun phrase after a number
_STOP = {
    "and", "or", "in", "on", "at", "to", "from", "for", "of", "with", "each", "than", "more", "left", "that",
    "which", "who", "per", "every", "a", "an", "the", "but", "if", "so", "then", "now", "she", "he", "they",
    "it", "her", "his", "their", "into", "are", "is", "were", "was", "had", "has", "have", "do", "does", "did",
    "will", "would", "there", "after", "before", "altogether", "together", "total", "today", "yesterday",
    "this", "last", "over", "away", "out", "by", "as", "all", "while", "apiece", "fewer", "less",
    "about", "around", "across", "during", "when", "since", "until", "be", "been", "can", "could", "should",
    "its", "them", "him", "me", "us", "we", "i", "you", "not", "no", "under", "up", "down", "off", "through",
    "first", "second", "third", "next", "same", "other", "another", "both", "some", "any", "only", "also",
    "still", "just", "already", "yet", "instead", "because", "where", "what", "how", "many", "much", "own",
    "back", "home", "along", "too", "very", "long", "tall", "high", "wide", "old", "deep", "far",
    "living", "sitting", "standing", "playing", "swimming", "waiting", "parked", "growing", "sleeping",
    "flying", "working", "lying", "hanging", "cost", "costs", "weighs", "weigh", "holds", "contains", "takes", "makes", "pays", "earns", "sells", "outside", "inside", "between", "among", "within", "against", "like",
}  # fmt: skip
_VERB_SKIP = {"only", "another", "about", "exactly", "away", "up", "out", "back", "already", "just", "also", "all", "over", "around"}  # fmt: skip
_HOLD = {"has", "had", "have", "owns", "owned", "holds", "held", "contains", "contained", "is", "are", "was", "were", "counted", "counts", "with", "keeps", "kept", "possesses"}  # fmt: skip
_EXTRA_LOSE = {"sold", "sells", "finished", "finishes", "took", "takes", "spent", "wasted", "burned", "burnt", "killed", "released", "fed", "ate", "eats", "used", "uses", "drank", "gave", "lost", "popped", "broke"}  # fmt: skip
_EXTRA_GAIN = {"bought", "got", "received", "found", "collected", "picked", "caught", "won", "earned", "gathered", "added", "saved", "made", "baked", "grew", "planted", "borrowed", "took"}  # fmt: skip
_GROUP = re.compile(
    r"^(?:they|we|both|the\s(?:two|twins|kids|children|boys|girls|friends|family)|[A-Z][a-z]+(?:,\s[A-Z][a-z]+)*,?\sand\s[A-Z][a-z]+)\b"
)
_UNREAD = re.compile(
    r"\b(?:(?:\w+-)?(?:thirds|fourths|fifths|sixths|sevenths|eighths|ninths|tenths|sixth|seventh|eighth|ninth|tenth)|pattern|continues?|half|halves|twice|double|doubled|triple|tripled|thrice|third|thirds|quarter|quarters|fourth|fifth|percent|percentage|several|few|ratio|fraction|average|remainder|none|decimal|squared?|area|perimeter|rate|speed|o'clock|a\.m|p\.m|dozens?|pairs?)\b|%|\d:\d|\d/\d",
    re.I,
)
_MULT = re.compile(
    r"\btimes\s(?:as|more|less|fewer|longer|bigger|larger|faster|greater|higher|heavier|older|taller|the|that|what)\b",
    re.I,
)
_PRONOUN = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
_NAMEISH = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.\s)?[A-Z][a-z]+(?:'s)?\b")
_NOT_NAME = {"There", "The", "A", "An", "If", "After", "Before", "When", "While", "How", "What", "Each", "Every", "On", "In", "At", "During", "Then", "Now", "So", "But", "And", "She", "He", "They", "It", "We", "I", "His", "Her", "Their", "This", "That", "These", "Those", "Last", "Next", "Today", "Yesterday", "One", "Some", "All", "For", "From", "With", "Later", "Finally", "First", "Also", "Of", "To", "By", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Christmas", "Halloween", "Easter", "Valentine", "Mr", "Mrs", "Ms", "Dr", "Still", "Since", "Because", "Just", "Only", "Lastly", "Meanwhile", "Together", "Both", "Your", "My", "Our", "Its", "Until", "Once", "Although", "Even", "Unfortunately", "Luckily", "Afterwards", "Yet", "Besides", "Thus"}  # fmt: skip


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


_UNITS = {"cm", "m", "km", "kg", "g", "mm", "ml", "l", "lb", "lbs", "oz", "ft", "mph", "in"}
_PLURAL_IRREGULAR = {"people", "children", "fish", "sheep", "deer", "men", "women", "feet", "mice", "geese", "teeth", "money", "candy", "corn", "mail", "gum", "paper", "bread", "water", "juice", "milk", "food", "fruit", "popcorn"}  # fmt: skip


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


def _subject(before: str) -> str | None:
    """The holder nearest before a number: a name, a pronoun, or "the <noun>"."""
    best = None
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
            elided = False
            item = None
            if (
                words
                and not _plural_noun(words, Fraction(m.group(1)))
                and any(f.sentence == idx for f in out)
            ):
                words = []  # "she bought 2 online": the noun of the number before
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
    q = re.sub(r"^what\s(?:amount|sum)\sof\smoney\b", "how much money", q, flags=re.I)
    q = re.sub(
        r"^what\sis\sthe\s(total\s)?number\sof\s([a-z]+(?:\s[a-z]+)?)\s(?:that\s)?(they|he|she|[A-Z][a-z]+)\s([a-z]+ed|sold|made|bought|found|caught|ate|saw|took|got|read|drew)$",
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


_KINDS = {
    "person": {
        "person",
        "friend",
        "student",
        "kid",
        "child",
        "adult",
        "man",
        "woman",
        "girl",
        "boy",
        "guest",
        "player",
        "teacher",
        "parent",
        "visitor",
        "customer",
        "passenger",
        "worker",
        "member",
        "camper",
    },
    "child": {"child", "kid", "girl", "boy"},
    "kid": {"kid", "child", "girl", "boy"},
    "student": {"student", "girl", "boy"},
}


_TOTAL_Q = re.compile(
    r"\b(?:in\sall|altogether|all\stogether|in\stotal|total|totally|totaled|together|combined|in\sboth|both|all)\b",
    re.I,
)
_LEFT_Q = re.compile(r"\b(?:left|remain|remaining|remains|still|now|rest|after)\b", re.I)
_FIRST_Q = re.compile(
    r"\b(?:at\sfirst|initially|originally|to\sbegin\swith|in\sthe\sbeginning|at\sthe\s(?:start|beginning)|start(?:ed)?\swith|before)\b",
    re.I,
)
_COMPARE = re.compile(
    r"\b(?:more|fewer|less|taller|shorter|longer|older|younger|heavier|lighter|than|as\smany|as\smuch)\b",
    re.I,
)
_STORY_BAD = re.compile(
    r"\b(?:total|in\sall|altogether|left|remain|remaining|rest|some|each|every|per|apiece|than|now|still|needs?|wants?|fewer|less|not|n't|instead|without|except|back|returned|same|lost|gave|ate|spent|sold|used|other|away|broke|broken|cracked|bad|good|rotten)\b|n't",
    re.I,
)


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
    asks_total = asks_total or one_list
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
    if not all(_matches(q.item, f) for f in facts):
        return None
    kinds = {_verb_kind(f.verb) for f in facts}
    qv = _question_verb(q)
    if qv is None:
        return None
    if "lose" in kinds and not all(f.verb and same_verb(f.verb, qv) for f in facts):
        return None
    if qv in ("have", "has", "had", "get", "own"):
        group_gains = q.group and kinds == {"gain"} and len({f.owner for f in facts}) == len(facts)
        if not group_gains and (not kinds <= {"hold", "gain"} or _verb_kind(facts[0].verb) != "hold"):
            if not all(_verb_kind(f.verb) == "hold" and f.verb in ("has", "had", "have") for f in facts):
                return None
    elif not all(f.verb and same_verb(f.verb, qv) for f in facts):
        return None
    total = sum((f.value for f in facts), Fraction(0))
    eq = " + ".join(_show(f.value) for f in facts)
    return SchemaAnswer("combine", total, f"x = {eq}", q.item, f"{q.item} in all", facts)


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
_IN = re.compile(
    r"\b(?:gave|gives|sent|sends|lent|lends|handed|hands|brought|brings|bought|buys|got|gets)\s(?:her|him|them|me|us)\s(?:another\s)?$"
)


_C_GAIN = {"bought", "buys", "found", "finds", "got", "gets", "received", "receives", "collected", "collects", "won", "wins", "earned", "earns", "gathered", "saved", "added", "adds", "borrowed", "made", "makes", "baked", "bakes", "picked", "caught", "purchased"}  # fmt: skip
_C_LOSE = {"finished", "completed", "solved", "gave", "gives", "lost", "loses", "ate", "eats", "used", "uses", "spent", "spends", "broke", "threw", "donated", "donates", "lent", "dropped", "popped", "drank", "drinks", "sold", "sells", "mailed", "sent", "paid", "removed", "deleted", "wasted", "burned", "released", "killed"}  # fmt: skip


def _kind(f: Fact) -> str:
    """hold / gain / lose / end / in for a fact of a one-holder story."""
    if _IN.search(f.before):
        return "gain"
    if (
        f.of
        or re.match(r"\s*(?:of\s(?:them|it|the|his|her|their))\b", f.after)
        or re.match(r"of\b", " ".join(f.words))
    ):
        if f.verb not in _C_LOSE:
            return "?"  # "picked 83 of them": from what is held, or more? not clear
    if f.verb in _HOLD and (
        _END.search(f.before[-40:])
        or (
            re.match(r"\s*(?:left|remaining|remain)\b", f.after)
            or re.search(r"\b(?:in|at)\sthe\send\b", f.after)
        )
    ):
        return "end"
    if re.search(
        r"\b(?:came|comes?|joined|joins?|arrived|arrives?|got\son|gets\son)\b", f.after[:25]
    ) or re.search(
        r"\b(?:left|went\saway|flew\saway|ran\saway|got\soff|died|were\s(?:eaten|taken|sold|broken|used|lost|removed|given\saway)|are\sgone)\b",
        f.after[:30],
    ):
        return (
            "gain"
            if re.search(r"\b(?:came|comes?|joined|joins?|arrived|arrives?|got\son|gets\son)\b", f.after[:25])
            else "lose"
        )
    if (f.verb is None or f.verb in _HOLD) and re.match(
        r"\s*(?:are|were|was|is|have\sbeen|had\sbeen|got)\s(?:sold|eaten|shipped|taken|given|used|broken|lost|removed|stolen|thrown|donated|popped|spent|destroyed|damaged|burned|burnt)\b",
        f.after,
    ):
        return "lose"  # "31 are sold"
    if f.verb is None and re.match(r"\s*(?:are|were|is|was)\b", f.after) and f.before.strip() == "":
        return "hold"  # "13 ducks are swimming in a lake."
    if (
        f.more
        and f.verb not in _C_GAIN | _C_LOSE
        and re.match(
            r"\s*(?:are|were|is|was)?\s?(?:put|placed|added|flew|flown|came|come|joined|arrived|walked|swam|hopped|landed|got|get|showed\sup|show\sup)\b",
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
    if re.search(
        r"\b(?:each|every|per|apiece|than|times|twice|half|total|altogether|in\sall|same|if\s\w+\shad|would\shave|needs?|wants?|instead|not|n't)\b|n't",
        story,
        re.I,
    ):
        return None
    if not all(_matches(q.item, f) for f in facts):
        return None
    kinds = [_kind(f) for f in facts]
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
                or re.search(r"\b(?:now|in\sall|altogether|total)\b", q.rest)
                or q.aux in ("would", "will")
            )
        ):
            return None
        if q.aux in ("did", "had") and not _LEFT_Q.search(q.rest):
            return None
        val = start.value + total_g - total_l
        return SchemaAnswer("change", val, f"x = {v(start)}{sg}{sl}", q.item, f"{q.item} at the end", facts)
    if len(ends) != 1 or facts[-1] is not ends[0] or (gains and losses):
        return None
    end = ends[0]
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
    if len(actors) != 1 or None in actors:
        return None
    actor = actors.pop()
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


def _start_value(facts: list[Fact], kinds: list[str], q: Question) -> SchemaAnswer:
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


_RATE_VERB = r"(?:(?:can|could|will|would|should)\s)?(?:[a-z]+|has|had|have|holds?|held|contains?|contained|fits?|carries|carried|seats?|takes?|needs?|uses?|used|gets?|got|costs?|makes?|made|weighs?|is|was|are|were|hold|contain|fit|carry|seat|take|need|use|get|cost|make|weigh|sold\sfor|sells\sfor|holding|containing)"


def _per_of(f: Fact) -> Item | None:
    """The thing a rate fact is counted per: "each box holds 6 eggs", "6 eggs in each box",
    "pens cost 2 dollars each" (per pen); None when the fact is no rate."""
    m = re.search(
        rf"(?:\b(?:[Ee]ach|[Ee]very|[Oo]ne|per)|(?<![\d.])\b1)\s(?P<per>[a-z]+(?:\s(?!can\b|could\b|will\b|would\b)[a-z]+)?)(?:\s(?:in|on|of|at)\s(?:the|a|his|her|their|my)\s[a-z]+)?\s{_RATE_VERB}\s(?:only\s|exactly\s)?$",
        f.before,
    )
    m = m or re.search(
        r"\b(?:gave|gives|give|giving|handed|hands)\s(?:each|every)\s(?P<per>[a-z]+)\s$", f.before
    )
    if m:
        return Item.of(m.group("per").split())
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
        or re.match(r"^\s(?:per|every|each)\s([a-z]+)\b", f.after)
        or re.match(
            r"^\s(?:a|an)\s(day|week|month|year|hour|minute|second|pound|kilogram|ounce|gallon|liter|mile|kilometer|meter|foot|yard|box|bag|pack|package|dozen)\b",
            f.after,
        )
    )
    if m:
        return Item.of(m.group(1).split())
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
    return None


def _rate(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """Rate: a count of one thing and so many of another per one of it; the question asks the
    total (multiply) or how many of the first (divide; a remainder or "need" when it says so)."""
    if q.item is None or q.how or len(facts) != 2 or any(f.cmp or f.more for f in facts):
        return None
    if re.search(
        r"\b(?:left|gave|lost|ate|more|fewer|than|now|altogether|in\sall|times|twice|half)\b",
        story,
        re.I,
    ):
        return None
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
    rates = [(f, p) for f, p in pers if p is not None]
    if len(rates) != 1:
        return None
    r, per = rates[0]
    other = [f for f in facts if f is not r][0]
    if r.item is None or other.item is None or r.item.head == per.head:
        return None
    v = _show
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
        if re.search(r"\b(?:full|complete|completely)\b", q.rest + " " + q.text):
            return SchemaAnswer(
                "rate",
                Fraction(whole),
                f"x = \\lfloor {v(other.value)} / {v(r.value)} \\rfloor",
                q.item,
                f"full {q.item}",
                facts,
            )
    return None


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
        asks_get = m and m.group("per") and re.search(r"\beach\s[a-z]+\s(?:get|receive)\b", q.text)
        exact = count.value != 0 and (total.value / count.value).denominator == 1
        if not (q.money and m) and not (asks_get and exact and singular(per_word) == count.item.head):
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


def _goal(facts: list[Fact], q: Question, story: str) -> SchemaAnswer | None:
    """A goal and the progress towards it: "She needs 125 rocks. She has 64 rocks. How many more
    rocks does she need?" (or "... left to move")."""
    if q.item is None or len(facts) < 2 or any(f.cmp or _per_of(f) for f in facts):
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
    goals = [f for f in facts if _GOAL.search(f.before)]
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


def _strip_subject(rest: str) -> str:
    rest = re.sub(
        r"^(?:(?:Mr|Mrs|Ms|Dr)\.\s)?(?:[A-Z][a-z]+(?:,\s[A-Z][a-z]+)*(?:,?\sand\s[A-Z][a-z]+)?|he|she|they|we|it|I|both|the\s(?:two|twins|kids|children)|(?:the|his|her|their)\s[a-z]+)\s",
        "",
        rest,
    )
    return re.sub(r"^(?:still|now|really|then|also|all|actually|finally)\s", "", rest)


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


def _question_verb(q: Question) -> str | None:
    """The question's main verb, base form ("did they pick up in all" -> pick)."""
    rest = re.sub(
        r"^(?:(?:Mr|Mrs|Ms|Dr)\.\s)?(?:[A-Z][a-z]+(?:,\s[A-Z][a-z]+)*(?:,?\sand\s[A-Z][a-z]+)?|he|she|they|we|it|I|both|the\s(?:two|twins|kids|children)|(?:the|his|her|their)\s[a-z]+)\s",
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


def _chained(facts: list[Fact], q: Question, story: str) -> list[SchemaAnswer]:
    """Two steps: a count and a rate per one of it become one derived amount ("5 boxes with 12
    pens in each" -> 60 pens, held as the count was), then one schema reads the rest."""
    out: list[SchemaAnswer] = []
    for r in facts:
        per = _per_of(r)
        if per is None or r.item is None or r.cmp or r.more:
            continue
        counts = [
            f
            for f in facts
            if f is not r and f.item is not None and f.item.head == per.head and not _per_of(f)
        ]
        if len(counts) != 1 or abs(facts.index(counts[0]) - facts.index(r)) != 1:
            continue
        c = counts[0]
        first = min(facts.index(c), facts.index(r))
        derived = Fact(
            c.value * r.value, list(r.words), r.item, c.sentence, c.owner, c.verb, c.before, c.after, c.text
        )
        rest = [f for f in facts if f is not r and f is not c]
        rest.insert(first, derived)
        story2 = story.replace(r.text, c.text) if r.text != c.text else story
        story2 = re.sub(r"\b(?:each|every|per|apiece)\b", "", story2)
        for schema in SCHEMAS:
            if schema is _rate or schema is _share:
                continue
            a = schema(rest, q, story2)
            if a is not None:
                step = f"{_show(derived.value)} = {_show(c.value)} \\times {_show(r.value)}"
                out.append(
                    SchemaAnswer(
                        a.schema + " after a rate",
                        a.value,
                        step + r" \\ " + a.equation,
                        a.item,
                        a.says,
                        facts,
                    )
                )
    out += _change_then_rate(facts, q, story)
    return out


def _change_then_rate(facts: list[Fact], q: Question, story: str) -> list[SchemaAnswer]:
    """Two steps: what is left after the changes, then a rate ("bought 63 tickets, spent 14; each
    ride costs 7 tickets: how many rides?")."""
    rates = [f for f in facts if _per_of(f) is not None]
    if len(rates) != 1 or len(facts) < 3:
        return []
    r = rates[0]
    rest = [f for f in facts if f is not r]
    if r.item is None or not all(f.item is not None and f.item.head == r.item.head for f in rest):
        return []
    asked_left = Question("", r.item, False, "", "he have left", "does", None, False)
    story2 = story.replace(r.text, "")
    left = _change(rest, asked_left, story2)
    if left is None or left.value <= 0:
        return []
    derived = Fact(left.value, list(r.words), r.item, rest[-1].sentence, rest[0].owner, "has", "", "", "")
    a = _rate([derived, r], q, r.text)
    if a is None:
        return []
    return [
        SchemaAnswer(
            "change, then rate",
            a.value,
            left.equation.replace("x =", f"{_show(left.value)} =", 1) + r" \\ " + a.equation,
            a.item,
            a.says,
            facts,
        )
    ]


def read_schemas(text: str) -> SchemaAnswer | None:
    """The one schema answer that accounts for every number of `text`; None otherwise."""
    from tutor.math.wordproblems.solution import _question_parts

    s = normalise(text)
    s = re.sub(r"\b[Tt]wice\s(?=as\s(?:many|much)\b)", "2 times ", s)
    ss = sentences(s)
    if not ss or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    cond, qtext = _question_parts(ss[-1].text)
    statements = [(x.index, x.text) for x in ss[:-1]]
    if cond:
        statements.append((ss[-1].index, cond))
    facts = facts_of(statements)
    if not facts:
        return None
    _resolve_items(facts)
    told = len(facts)
    # "1 cartridge costs 15 dollars": the 1 is the rate's "one", not an amount of its own
    facts = [
        f
        for i, f in enumerate(facts)
        if not (
            f.value == 1
            and i + 1 < len(facts)
            and facts[i + 1].sentence == f.sentence
            and f.item is not None
            and (p := _per_of(facts[i + 1])) is not None
            and p.head == f.item.head
            and re.search(rf"\b1\s{re.escape(' '.join(f.words))}\s", facts[i + 1].before)
        )
    ]
    if re.search(r"\d", qtext):
        # "How many points did she score in 10 games?": a number the question states is a fact
        # too, unless it repeats one of the story's ("in the 6 boxes")
        extra = facts_of([*statements, (ss[-1].index, qtext)]) or []
        if any(f.elided or f.item is None for f in extra[told:]):
            return None  # "a family of 8": a number the question states must name its thing
        for f in extra[told:]:
            if not any(
                g.value == f.value
                and g.item is not None
                and f.item is not None
                and g.item.head == f.item.head
                for g in facts
            ):
                facts.append(f)
    story = " ".join(t for _, t in statements)
    if _UNREAD.search(story) or _UNREAD.search(qtext):
        return None
    units = {
        singular(u.lower())
        for u in re.findall(
            r"\b(hours?|minutes?|seconds?|days?|weeks?|months?|years?|hrs?|mins?)\b",
            re.sub(
                r"\b(daily|weekly|monthly|yearly|hourly)\b",
                lambda m: {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}.get(
                    m.group(1).lower(), "hour"
                ),
                story + " " + qtext,
                flags=re.I,
            ),
            re.I,
        )
    }
    if len(units) > 1:
        return None  # hours and minutes, days and weeks: a conversion this reader does not make
    q = question_of(qtext, facts)
    if q is None:
        return None
    money = [f for f in facts if f.item is not None and f.item.head in ("dollar", "cent")]
    if q.money and money and all(f.item.head == "cent" for f in money):  # type: ignore[union-attr]
        q.item = Item("cent")  # "how much money" when the story counts cents
    found = [a for a in (schema(facts, q, story) for schema in SCHEMAS) if a is not None]
    if not found:
        found = _chained(facts, q, story)
    if re.search(r"\btimes\b", story + " " + qtext) and any(f.cmp == "times" for f in facts):
        found = [a for a in found if a.schema == "compare"]  # only compare reads "3 times as many"
    elif _MULT.search(story + " " + qtext):
        return None
    if len({a.value for a in found}) != 1:
        return None
    ans = found[0]
    if len(ans.used) != len(facts) or ans.value < 0:
        return None
    if ans.item.head not in ("dollar",) and ans.value.denominator != 1:
        return None
    return ans


SCHEMAS = [_combine, _change, _compare, _rate, _share, _part_whole, _goal, _prices]
_ = singular
