# ruff: noqa: E501  (long regular expressions, one a line)
"""The words the word-problem reader knows: holders (names, pronouns, "the store"), items, amounts,
places and times, the verbs of gaining, losing and doing, and how a word names a holder or an item.
Shared by the statement table (:mod:`phrasings`) and the question table (:mod:`questions`)."""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.reading import NUMBER
from tutor.math.wordproblems.structures import Item, World

__all__ = [
    "OWNER", "ITEM", "AMT", "PHRASE", "QUANTITY_WORDS", "HAVE", "GAIN", "LOSE", "SELL", "GERUNDS",
    "NOT_NAMES", "NOT_TALLY", "IRREGULAR_PAST", "verb_alternation", "owner_of", "item_of", "amount",
    "same_verb", "ARRIVE_MORE", "DEPART_MORE", "MONEY_CAME_BACK", "untold_change",
]  # fmt: skip

NOT_NAMES = {
    "there", "some", "after", "while", "when", "now", "then", "if", "the", "a", "an", "each", "every",
    "how", "what", "in", "on", "at", "his", "her", "their", "this", "that", "its", "one", "during",
    "before", "later", "today", "yesterday", "last", "next", "so", "but", "and", "all", "both",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "for", "from", "with", "by", "to", "of", "as", "mr", "mrs", "ms", "dr", "many", "much", "only",
}  # fmt: skip
OWNER = r"(?:(?:[Hh]is|[Hh]er|[Tt]heir)\s(?:mom|dad|mother|father|brother|sister|friend|son|daughter|teacher|aunt|uncle|grandma|grandpa|grandmother|grandfather|cousin)|(?:[Aa]n?|[Tt]he)\s(?!(?:total|number|rest|other|same|first|last|next|ratio|sum|difference|product)\b)(?:(?!(?:he|she|they|it|we|his|her|their|its|and|or|then)\b)[a-z]+\s){0,2}?(?!(?:he|she|they|it|we|his|her|their|its|and|or|then)\b)[a-z]+|(?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+(?:'s\s[a-z]+)?|he|she|they|it|I|we|He|She|They|It|We)"
_STOP = (
    r"and|or|in|on|at|to|from|for|of|with|each|than|more|left|that|which|who|per|every|a|an|the|but|if|so|then|"
    r"now|she|he|they|it|her|his|their|into|are|is|were|was|had|has|have|do|does|did|will|would|there|after|before|"
    r"altogether|together|total|today|yesterday|this|last|over|away|out|by|as|all|"
    r"living|sitting|standing|playing|swimming|waiting|parked|growing|sleeping|flying|working|lying|hanging"
)
_WORD = rf"(?!(?:{_STOP})\b)[a-z][a-z'-]*"
ITEM = rf"(?:{_WORD}(?:\s{_WORD}){{0,3}}(?:\sof\s(?:the\s)?{_WORD}(?:\s{_WORD})?)?)"
AMT = rf"(?:{NUMBER}|some|several|a\sfew)"
PHRASE = (
    r"(?:(?:on|in|at|for|during|from|to|into|around|inside|outside|near)\s(?:the|a|an|his|her|their|its|my)\s(?:[a-z]+\s){0,2}[a-z]+"
    r"|(?:on|in|last|this|next)\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
    r"June|July|August|September|October|November|December|week|month|year|weekend|morning|afternoon|evening)s?)"
)
QUANTITY_WORDS = re.compile(
    r"\b(?:some|several|more|less|fewer|times|twice|double|doubled|half|halves|each|every|per|rest|"
    r"remaining|remainder|left|all|both|total|altogether|percent|third|quarter|few|another|extra|"
    r"same|equal|equally|twice|triple|dozen|split|divided|shared|only|together|combined|than|instead)\b|%|\d",
    re.I,
)

# more ways a group comes to or goes from a place, right after "N kids" ("22 kids decided to join
# in", "4 boys quit the team", "5 kids went home"): never further off in the sentence
ARRIVE_MORE = (
    r"(?:decided\sto\sjoin(?:\sin|\sthem|\sus)?|joined\sin|join\sin|showed\sup|show\sup|came\sin|walked\sin)"
)
DEPART_MORE = r"(?:went\shome|go\shome|quit|walked\sout|dropped\sout|moved\sout)"

# money handed back from a payment ("got 8 dollars in change", "received $8 change", "got 8 dollars
# back", "got back 8 dollars", "a refund of 8 dollars"): not money earned. Without the purchase and
# the payment it came from, what is held after it is not told, so a reader must refuse the story.
_MONEY = r"(?:dollars?|cents?|quarters|dimes|nickels|pennies|euros?|pounds?|bucks?)"
MONEY_CAME_BACK = re.compile(
    rf"\b{_MONEY}\s(?:(?:in|as|for|of)\s)?(?:the\s|his\s|her\s|their\s)?change\b"
    rf"|\b{_MONEY}\s(?:\w+\s)?back\b|\bback\s(?:\w+\s)?\$?\d[\d.,]*\s?{_MONEY}\b"
    r"|\b(?:got|get|gets|received?|receives|was\sgiven|were\sgiven)\s(?:\w+\s)?(?:a\s)?(?:refund|change)\b"
    r"|\brefund",
    re.I,
)

HAVE = (
    r"(?:has|had|have|owns|owned|holds|held|keeps|kept|counted|counts|started\swith|starts\swith|possesses)"
)
GAIN = {
    "bought": "buy", "buys": "buy", "buy": "buy", "found": "find", "finds": "find", "got": "get",
    "gets": "get", "received": "receive", "receives": "receive", "picked": "pick", "picks": "pick",
    "collected": "collect", "collects": "collect", "caught": "catch", "catches": "catch",
    "made": "make", "makes": "make", "baked": "bake", "bakes": "bake", "won": "win", "wins": "win",
    "earned": "earn", "earns": "earn", "gathered": "gather", "gathers": "gather", "saved": "save",
    "saves": "save", "added": "add", "adds": "add", "borrowed": "borrow", "planted": "plant",
    "plants": "plant", "grew": "grow", "purchased": "buy", "purchases": "buy", "drew": "draw",
    "painted": "paint", "wrote": "write", "read": "read", "scored": "score", "scores": "score",
    "ran": "run", "walked": "walk", "swam": "swim", "sold": "sell",
}  # fmt: skip
LOSE = {
    "gave": "give", "gives": "give", "give": "give", "lost": "lose", "loses": "lose", "ate": "eat",
    "eats": "eat", "used": "use", "uses": "use", "spent": "spend", "spends": "spend", "broke": "break",
    "breaks": "break", "threw": "throw", "donated": "donate", "donates": "donate", "lent": "lend",
    "lends": "lend", "dropped": "drop", "drops": "drop", "popped": "pop", "drank": "drink",
    "drinks": "drink", "returned": "return", "mailed": "mail", "sent": "send", "sends": "send",
    "shared": "share", "paid": "pay", "pays": "pay", "removed": "remove", "removes": "remove",
    "cut": "cut", "traded": "trade", "deleted": "delete",
    "got rid of": "get rid of", "gets rid of": "get rid of", "threw out": "throw out",
}  # fmt: skip
# a verb is "gain" or "lose" for the holder; "sold" counts as lose unless the item is money earned
SELL = {"sold", "sells"}
GERUNDS = {
    "losing": "lost", "eating": "ate", "selling": "sold", "giving": "gave", "using": "used",
    "spending": "spent", "buying": "bought", "finding": "found", "getting": "got", "picking": "picked",
    "receiving": "received", "breaking": "broke", "drinking": "drank", "donating": "donated",
}  # fmt: skip
_PRONOUNS = {"he", "she", "they", "it"}


def verb_alternation(d: dict) -> str:
    """The verbs of `d` as one regular-expression alternation, longest first."""
    return "|".join(sorted(d, key=len, reverse=True))


def owner_of(world: World, word: str) -> str | None:
    """The holder a word names: a name as written, a pronoun as the last holder named."""
    w = word.strip()
    if w.lower() in ("they", "them"):  # one holder named so far, or nobody can tell who
        named = [n for n in world.names if n != "*"]
        if not named:
            return "they"  # an unnamed group ("they bought 8 tickets") is one holder
        return named[0] if len(named) == 1 else None
    if w.lower() in _PRONOUNS:
        if world.last_owner not in (None, "*"):
            return world.last_owner
        named = [n for n in world.names if n != "*"]
        return w.lower() if not named else None  # "He found 18 caps." opening the story: one holder
    if w.lower() in ("i", "we"):
        return "I"
    if re.match(r"(?:his|her|their)\s", w, re.I):  # "her mother": one holder, by the noun
        return "the " + w.split()[1].lower()
    if re.match(r"(?:an?|the)\s", w, re.I):  # "a store", "the little league stadium": by its noun
        return "the " + w.split()[-1].lower()
    if w.split("'")[0].lower() in NOT_NAMES:
        return None
    return w


def item_of(world: World, words: str | None) -> Item | None:
    if not words:
        return world.last_item
    if words.lower() == "money":
        return Item("dollar")
    ws = [w for w in words.split() if w.lower() not in ("more", "extra", "additional", "new")]
    return Item.of(ws) if ws else world.last_item


def amount(world: World, t: str, label: str):
    sp = sympy_module()
    if re.fullmatch(NUMBER, t):
        return world.given(sp.Rational(t))
    return world.unknown(label)


def same_verb(told: str, asked: str) -> bool:
    """Is `told` (as the story wrote it) a form of `asked` (as the question writes it)?"""
    t, a = told.lower(), asked.lower()
    if t == a or IRREGULAR_PAST.get(a) == t:
        return True
    return t in {a + "ed", a + "d", a[:-1] + "ied", a + a[-1:] + "ed", a + "s", a + "es", a[:-1] + "ies"}


IRREGULAR_PAST = {
    "draw": "drew", "see": "saw", "do": "did", "run": "ran", "make": "made", "take": "took", "put": "put",
    "send": "sent", "spend": "spent", "read": "read", "write": "wrote", "sell": "sold", "buy": "bought",
    "catch": "caught", "eat": "ate", "give": "gave", "find": "found", "get": "got", "win": "won",
    "swim": "swam", "grow": "grew", "throw": "threw", "break": "broke", "bring": "brought", "build": "built",
    "ride": "rode", "fly": "flew", "sing": "sang", "drink": "drank", "lose": "lost", "keep": "kept",
    "cut": "cut", "feed": "fed", "hold": "held", "tell": "told", "sleep": "slept", "meet": "met",
    "teach": "taught", "pay": "paid", "lend": "lent", "wear": "wore", "choose": "chose", "dig": "dug",
    "go": "went", "come": "came",
}  # fmt: skip
NOT_TALLY = (
    r"is|are|was|were|be|been|has|had|have|wants|wanted|needs|needed|will|would|can|could|should|must|"
    r"weighs|weighed|costs?|costed|measures|measured|equals|needs|takes|took|gets|got|started|starts|"
    r"plans|planned|hopes|hoped|tries|tried|owes|owed|keeps|kept|holds|held|contains|contained|left|"
    r"lives|lived|says|said|thinks|thought|knows|knew|wishes|wished|decided|decides|likes|liked"
)


# verbs that move things to or from a holder: a clause with one of them and no number is a change
# the story does not quantify ("and found them again", "then he bought as many as he ate", "some got
# off"); a reader that skips such a clause guesses
_TRANSFER = re.compile(
    r"\b(?:bought|buys?|found|finds?|got|gets|received?|receives|picked|picks|collected|collects|caught|catch(?:es)?|"
    r"won|wins|earned|earns|gathered|gathers|added|adds|borrowed|borrows|gave|gives?|lost|loses?|ate|eats?|used|uses|"
    r"spent|spends?|broke|breaks|threw|throws|donated|donates|lent|lends|dropped|drops|drank|drinks|returned|returns|"
    r"sold|sells?|shared|shares|paid|pays|removed|removes|traded|trades|deleted|deletes|took|takes|came|comes|joined|"
    r"joins|arrived|arrives|left|leaves|quit|quits|flew\saway|ran\saway|went\shome|stole|steals|stolen|released|releases|freed|frees)\b",
    re.I,
)
_SOME = re.compile(r"\b(?:some|several|a\sfew|any|more)\b", re.I)
# an amount that is not a number: a pronoun for the things counted, "as many as", "half"
_UNCOUNTED = re.compile(r"\b(?:them|it|those|these|ones|as\smany|as\smuch|the\srest|half)\b", re.I)
# the held things named, not counted, right after the verb ("lost her apples", "ate the cookies",
# "stole Tom's apples", "gave all of his cards away"): every one of them moved, a number the story
# does not give; and before a passive verb ("her apples were stolen")
_HELD = r"(?:all\s(?:of\s)?)?(?:his|her|their|its|my|our|your|the|[A-Z][a-z]+'s)\s"
_HELD_AFTER = re.compile(rf"^\s*(?:(?:away|back|up|out|off)\s)?{_HELD}((?:\w+\s?){{1,2}})", re.I)
_HELD_BEFORE = re.compile(
    rf"{_HELD}((?:\w+\s){{1,2}})(?:was|were|got|have\sbeen|has\sbeen)\s$|^\s*(?:then\s)?{_HELD}((?:\w+\s){{1,2}})$",
    re.I,
)
# a holding scaled without a number the story counts ("he doubles his apples", "her money tripled")
_SCALED = re.compile(r"\b(?:doubl|tripl|quadrupl|halv)(?:e|es|ed|ing)\b", re.I)


def _counted(text: str) -> set[str]:
    """The nouns the story counts with a number ("10 apples" -> apple; "$5" -> money)."""
    out = {_noun(w) for w in re.findall(r"\d[\d,.]*\s+(?:[a-z]+\s)?([a-z]+)", text, re.I)}
    out |= {_noun(w) for w in re.findall(r"\d[\d,.]*\s+([a-z]+)", text, re.I)}
    if re.search(r"\$|\b(?:dollars?|cents?)\b", text, re.I):
        out.add("money")
    return out


def _noun(word: str) -> str:
    w = word.lower()
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _held_counted(words: str, counted: set[str]) -> bool:
    ws = words.lower().split()
    if ws and ws[0] in ("remaining", "rest", "other", "leftover", "same"):
        return False  # "donates the remaining eggs": the rest, which the story's numbers tell
    return any(_noun(w) in counted for w in ws)


# parts told by a fraction or a relation: a reader that reads those (the chain reader) counts them
_PART_TOLD = re.compile(
    r"\b(?:half|halves|third|thirds|quarter|quarters|fourth|fifth|tenth|percent|twice|double|triple|as\smany|as\smuch|rest|remaining|what)\b|%",
    re.I,
)


def untold_change(statements: list[str], question: str, story: str = "", parts_read: bool = False) -> bool:
    """Does a clause of the story move the counted things without saying how many ("and found them
    again", "then he bought as many as he ate", "5 got on and some got off")? A "some" before the
    first number (the scene: "She bought some apples."), one whose amount the question asks, or a
    verb the story quantifies later ("gave away some of them ... gave away 40"), is
    told; so is a clause about other things ("they found a golden chest", "bought pencils and pens")."""
    clauses = [c for t in statements for c in re.split(r",|;|\b(?:and|but|then|so|while|before|after)\b", t)]
    asked = {_base(w) for w in re.findall(r"[A-Za-z]+", question)}
    # "how many are left" asks what remains, not a change ("how many did she give" does)
    asks_change = bool(_TRANSFER.search(re.sub(r"\bleft\b", "", question))) or bool(
        re.search(r"\b(?:add|added|receive|get|got|find|buy|spend|lose|use|eat|sell|give)\b", question, re.I)
    )
    counted = _counted(" ".join([story, *statements, question]))
    for i, clause in enumerate(clauses):
        if re.search(r"\d", clause) or (parts_read and _PART_TOLD.search(clause)):
            continue
        if _SCALED.search(clause):
            return True
        m = _TRANSFER.search(clause)
        if m is None:
            continue
        verb = _base(m.group(0).split()[0])
        tail = clause[m.end() :]
        told_before = any(re.search(r"\d", c) for c in clauses[:i])
        if _SOME.search(tail) or _SOME.search(clause[: m.start()]):
            if not told_before:
                continue  # the scene before the first number: "She decided to give away some of them."
            told_later = any(
                re.search(r"\d", c)
                and any(_base(v.group(0).split()[0]) == verb for v in _TRANSFER.finditer(c))
                for c in clauses[i + 1 :]
            )
            if asks_change or verb in asked or told_later:
                continue  # the unknown change the question asks, or told with its number later
            return True
        if _UNCOUNTED.search(tail):
            return True
        # "Find the numbers." is the question; "went to the shop to buy the fruit" is no move yet
        intent = not clause[: m.start()].strip() or re.search(
            r"\b(?:to|can|could|will|would|may|might|should)\s$", clause[: m.start()], re.I
        )
        held = _HELD_AFTER.search(tail) or _HELD_BEFORE.search(clause[: m.start()])
        if not intent and held and _held_counted(held.group(1) or held.group(2) or "", counted):
            told_later = any(
                re.search(r"\d", c)
                and any(_base(v.group(0).split()[0]) == verb for v in _TRANSFER.finditer(c))
                for c in clauses[i + 1 :] + re.split(r"[,;.?!]|\b(?:and|but|then|so|if)\b", story)
            )
            if not told_later:  # "bought their tickets ... they bought 8 tickets": counted later
                return True
    return False


def _base(verb: str) -> str:
    v = verb.lower()
    past = {p: b for b, p in IRREGULAR_PAST.items()}
    return GAIN.get(v) or LOSE.get(v) or past.get(v) or re.sub(r"(?:es|s|ed|d)$", "", v)
