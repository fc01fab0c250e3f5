"""Change stories with one amount not told: the start ("Bruno had some books. He lost 4 and his dad
gave him 10 more. If he had 39 after that, how many did he have at first?") or one change ("Georgia
has 4 yellow, 2 black and 3 green buttons. She gives some to Mary and has 5 left. How many did she
give?"). One holder; the start, each gain and loss, and the end are read from the words around each
number; the equation start + gains - losses = end is solved with SymPy for the one unknown.

Precision first: every number must be the start, a gain, a loss or the end (exactly one end);
exactly one amount is not told ("some", "a lot of", or a start the story never gives); a sentence
without a number must carry no quantity word; the answer must be a positive whole count.
"""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.reading import normalise, sentences, singular

__all__ = ["read_unknown_change"]

_NUM = r"\d+(?:\.\d+)?"
_NOT_HERE = re.compile(
    r"\b(?:each|every|per|times|twice|half|than|double|triple|percent|third|quarter|fourth|dozen|"
    r"average|rate|equally|share|shared|split|divided|cost|costs|price|dollars?|cents?|more\sthan|less|fewer)\b|%|/",
)
_QUANTITY = re.compile(r"\b(?:more|less|fewer|all|none|both|rest|remaining|another|extra|some|half|twice)\b")
_AT_FIRST = re.compile(
    r"\b(?:at\sfirst|in\sthe\sbeginning|to\sbegin\swith|to\sstart\swith|originally|at\sthe\sstart|in\sall\sat\sfirst)\b"
)
_LOSE = {
    "lost": "lose", "gave": "give", "gives": "give", "sold": "sell", "sells": "sell", "selling": "sell",
    "ate": "eat", "eats": "eat", "used": "use", "uses": "use", "donated": "donate", "donates": "donate",
    "took": "take", "takes": "take", "threw": "throw", "broke": "break", "sent": "send", "spent": "spend",
    "popped": "pop", "lent": "lend", "mailed": "mail",
}  # fmt: skip
_GAIN = {
    "found": "find", "finds": "find", "bought": "buy", "buys": "buy", "got": "get", "gets": "get",
    "received": "receive", "receives": "receive", "won": "win", "collected": "collect", "picked": "pick",
    "caught": "catch", "made": "make", "baked": "bake", "earned": "earn",
}  # fmt: skip
_DONE = {
    "give": "given", "take": "taken", "lose": "lost", "use": "used", "sell": "sold", "eat": "eaten",
    "spend": "spent", "throw": "thrown", "send": "sent", "break": "broken", "lend": "lent",
}  # fmt: skip
_L = "|".join(_LOSE)
_G = "|".join(_GAIN)
_HOLD = r"(?:has|had|have|collected|baked|bought|stocked|there\s(?:is|are|was|were)|contains|contained)"
_END_MARK = re.compile(
    r"\b(?:left|after\sthat|in\sthe\send|now|remaining|at\sthe\send|to\stake\sback\shome|then|still)\b"
)
_SOME = r"(?:some|a\slot\sof|a\sbag\sof|a\sbox\sof|a\sbunch\sof|a\scollection\sof|a\sfew)"


def _kind(before: str, after: str, clause: str, first: bool) -> str | None:
    """What one number of the story is: "start", "gain", "lose", "end", "label" (a number that
    only names a time, "during the first 3 innings"), or None when it is not read."""
    if re.search(r"\b(?:during|in|for)\sthe\s(?:first|next|last)\s$", before):
        return "label"
    if re.match(r"(?:\s[a-z-]+){0,3}\s(?:got|get|gets)\soff\b", after):
        return "lose"
    if re.match(r"\s(?:in|out)\b", after) and re.search(r"\bleft\s$", before):
        return "end"  # "took some out and left 4 in"
    if re.match(r"(?:\smore)?(?:\s[a-z-]+){0,2}\s(?:got|get|gets)\son\b", after):
        return "gain"
    if re.match(r"(?:\s[a-z-]+){0,2}\s(?:flew|ran|swam|walked|hopped|drove)\saway\b", after):
        return "lose"
    if re.match(r"\smore(?:\s[a-z-]+){0,2}\s(?:came|joined|arrived|flew\sin|landed)\b", after):
        return "gain"
    if re.search(rf"\b(?:{_L})\s(?:away\s)?$", before) or re.search(
        r"\bgave\s(?:his|her|their)\s[a-z]+\s$", before
    ):
        return "lose"
    if re.search(r"\b(?:let)\s$", before) and re.match(r"(?:\s[a-z-]+)?\s(?:go|out)\b", after):
        return "lose"
    if re.search(rf"\b(?:{_G})\s$", before):
        return "gain"
    m = re.search(r"(\b[a-z]+(?:\s[a-z]+)?)\sgave\s(?:him|her|them)\s$", before)
    if m:
        return None if re.search(r"\b(?:he|she|they|it)$", m.group(1)) else "gain"
    if re.search(rf"\b{_HOLD}\s(?:only\s|still\s|just\s)?$", before):
        if _END_MARK.search(clause):
            return "end"
        return "start" if first else None
    if (
        first
        and re.search(r"(?:,\s(?:and\s)?|\sand\s)$", before)
        and re.search(rf"\b{_HOLD}\s{_NUM}\s[^.]*$", before)
    ):
        return "list"
    return None


_NOT_NAMES = {
    "There", "The", "A", "An", "He", "She", "They", "It", "We", "I", "His", "Her", "Their", "If", "Now", "Then",
    "After", "At", "How", "What", "When", "On", "In", "Two", "Later", "Finally", "Next", "Last", "Today", "Yesterday",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mother", "Father", "Mom", "Dad",
    "While", "During", "For", "From", "Since", "Because", "So", "But", "And", "Also", "Mr", "Mrs", "Ms", "Dr",
    "Before", "Each", "Every", "One", "Some", "This", "That", "These", "Those", "Still", "Once",
}  # fmt: skip


_FUNCTION_WORDS = {
    "in", "on", "at", "to", "from", "for", "with", "left", "now", "then", "and", "or", "of", "after", "before",
    "during", "more", "away", "out", "back", "today", "yesterday", "altogether", "still", "each", "the", "a", "an",
    "his", "her", "their", "its", "my", "your", "our", "that", "this", "so", "but", "if", "when", "while",
    "got", "get", "gets", "flew", "ran", "came", "joined", "arrived", "were", "was", "is", "are", "by",
}  # fmt: skip


def _head(after: str) -> str:
    """The thing a number counts: "22 pairs of large-size shoes, ..." -> "pair" (the unit counted),
    "7 more passengers got on" -> "passenger"; "" when none is named ("6 of them", "61 left")."""
    words: list[str] = []
    for tok in re.findall(r"[a-z'-]+|[^\sa-z]", after.lower())[:6]:
        if tok == "of" and words:
            break  # "5 packs of cards" counts packs
        if tok in _FUNCTION_WORDS - {"more"} or not tok[0].isalpha():
            break
        if tok == "more" and not words:
            continue
        words.append(tok)
        if len(words) == 4:
            break
    return singular(words[-1]) if words and words[-1] not in ("got", "get", "gets") else ""


def read_unknown_change(text: str) -> Solution | None:
    """The one amount a change story does not tell; None when it is not such a story read whole."""
    s = normalise(text)
    if len(s) > 700:
        return None
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    q = ss[-1].text.lower()
    cond = ""
    m = re.match(r"^(?:if|after)\s(.+),\s(how\smany\s.+)$", q)
    if m:
        cond, q = m.group(1), m.group(2)
    q = q.rstrip("?").strip()
    qm = re.fullmatch(
        r"how\smany\s(?P<noun>[a-z-]+(?:\s[a-z-]+){0,3}?)\s(?:did|does|do|were|was|are|is)\s(?P<rest>.+)", q
    )
    if qm is None or re.search(
        r"\b(?:more|less|fewer|left|now)\b", qm.group("noun") + " " + qm.group("rest")
    ):
        return None
    story = [x.text.lower().rstrip(".!") for x in ss[:-1]] + ([cond] if cond else [])
    whole = " ".join(story)
    # the holder is the first person named; a change or an end told of anyone else is not theirs
    capitals = re.findall(r"(?<!Mr\.\s)(?<!Mrs\.\s)(?<!Ms\.\s)(?<!Dr\.\s)\b[A-Z][a-z]+\b", s)
    named = [w for w in capitals if w not in _NOT_NAMES]
    others = {w.lower() for w in named} - ({named[0].lower()} if named else set())
    if _NOT_HERE.search(whole) or _NOT_HERE.search(q):
        return None
    asks_start = bool(_AT_FIRST.search(qm.group("rest")))
    verb = re.match(
        r"(?:[a-z.']+\s){1,3}?("
        + "|".join(["give", "sell", "donate", "take", "eat", "lose", "use", "spend", "throw", "send"])
        + r")\b",
        qm.group("rest"),
    )
    if asks_start == bool(verb):
        return None
    sp = sympy_module()
    start: list = []
    gains: list = []
    losses: list = []
    end: list = []
    unknown_at = None  # "start" or the verb base of the change not told
    seen_number = False
    nouns: list[tuple[str, str]] = []  # (what a number is, the thing it counts)
    if len(re.findall(rf"\b(?:{_SOME}|several|many)\b", whole)) > 1:
        return None  # "some to Ann and some to Bob": two amounts not told
    for sent in story:
        some = list(re.finditer(rf"\b(?:{_HOLD}|({_L}|{_G}))\s{_SOME}\b|\b(selling|giving)\s{_SOME}\b", sent))
        for m in some:
            if unknown_at is not None:
                return None
            if set(re.findall(r"[a-z]+", re.split(r",\s|\sand\s|\sbut\s", sent[: m.start()])[-1])) & others:
                return None  # "Max took some pens": for himself, or from the holder? not said
            verb_word = m.group(1) or m.group(2)
            if verb_word is None:
                unknown_at = "start"
            elif verb_word in _LOSE or verb_word == "giving":
                unknown_at = _LOSE.get(verb_word, "give")
                seen_number = True  # what comes after the change is no start
            elif not seen_number:
                unknown_at = "start"  # "Mother bought some potatoes": what she had at first
            else:
                return None  # a gain not told: found some more
        nums = list(re.finditer(rf"(?<![\w.]){_NUM}(?![\w.])", sent))
        if not nums and not some:
            if _QUANTITY.search(sent):
                return None
            continue
        for n in nums:
            before, after = sent[: n.start()], sent[n.end() :]
            own = (
                re.split(r",\s|\sand\s|\sbut\s", before)[-1]
                + re.split(r",\s|\sand\s|\sbut\s", sent[n.start() :])[0]
            )
            lead = re.match(r"(?:then|now|after\sthat|in\sthe\send|finally)\b", sent)
            k = _kind(before, after[:60], (lead.group(0) + " " if lead else "") + own, not seen_number)
            who = re.split(r",\s|\sand\s|\sbut\s", before)[-1]  # the clause up to the number: its subject
            if k in ("gain", "lose", "end") and set(re.findall(r"[a-z]+", who)) & others:
                return None  # "Bob gave 3 to Cal", "Bob has 12 now": not the holder's amount
            v = sp.Rational(n.group(0))
            if k == "list" and start:
                k = "start"
            seen_number = seen_number or k not in ("start", "list", "label")
            if k is None or k == "list":
                return None
            if k == "label":
                continue
            {"start": start, "gain": gains, "lose": losses, "end": end}[k].append(v)
            nouns.append((k, _head(after)))
    if len(end) != 1 or not (gains or losses or unknown_at not in (None, "start")):
        return None
    kinds = {h for k, h in nouns if k == "start" and h}
    asked = qm.group("noun").split()
    asked_head = singular(asked[asked.index("of") - 1] if "of" in asked[1:] else asked[-1])
    heads = {h for k, h in nouns if k != "start" and h} | (kinds if len(kinds) == 1 else set())
    if len(heads) > 1 or heads and asked_head not in heads:
        return None  # "bought 5 packs of cards ... now 20 cards": packs and cards are two things
    if len(kinds) > 1:
        # "44 peaches and 37 pears ... now she has 40 peaches": one kind of the start is no total of them
        told = {h for k, h in nouns if k != "start" and h} | {singular(w) for w in qm.group("noun").split()}
        told |= {
            singular(w)
            for w in re.findall(
                rf"\b(?:{_L}|selling|giving)\s(?:some|a\sfew)\s(?:of\s(?:the|his|her|their)\s)?([a-z]+)",
                whole,
            )
        }
        if told & kinds:
            return None
    if asks_start:
        if start or unknown_at not in (None, "start"):
            return None
        x = sp.Symbol("s")
        eq = sp.Eq(x + sp.Add(*gains) - sp.Add(*losses), end[0], evaluate=False)
        names = [("s", "the amount at first")]
        says = "the amount at first"
    else:
        if not start or unknown_at is None or unknown_at == "start" or unknown_at != verb.group(1):  # type: ignore[union-attr]
            return None
        x = sp.Symbol("x")
        eq = sp.Eq(sp.Add(*start) + sp.Add(*gains) - sp.Add(*losses) - x, end[0], evaluate=False)
        names = [("x", f"the amount {_DONE.get(unknown_at, unknown_at)}")]
        says = "the amount not told"
    sols = sp.solve([eq], [x], dict=True)
    if len(sols) != 1:
        return None
    value = sols[0][x]
    if not value.is_Integer or value <= 0:
        return None
    return equations_solution([eq], names, value, qm.group("noun"), says)
