# ruff: noqa: E501  (regular expressions, one a line)
"""Kinds of thing compared within one holder or one place: "A baker made 8 cakes and 139 pastries.
How many more pastries than cakes did he make?", "There are 42 boys in the club. There are 9 fewer
girls than boys in the club. How many children are in the club altogether?", "He sold 20 chips and
8 fewer hot dogs than chips.".

Each kind of thing gets an unknown; "N things" gives its value, "K more/fewer B than A" ties B to A.
Precision first: one holder (a name, its pronoun, or "there are" in one place) and one verb in one
tense throughout, every sentence read whole, a total asked as a common kind only when every kind
told is a member of it (:data:`additive_lists.KINDS`); a kind told but not asked about stands
only when it is not a member of an asked kind (a distractor: it cannot change the answer).
"""

from __future__ import annotations

import re

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.additive_lists import KINDS
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.reading import normalise, plural, sentences, singular

__all__ = ["read_item_comparison"]

_GATE = re.compile(r"\b(?:more|fewer|less)\s(?:[a-z-]+\s){0,3}than\b|\bhow\smany\s(?:more|fewer)\b", re.I)
_NOT_HERE = re.compile(
    r"\b(?:each|every|per|times|twice|half|thrice|double|percent|average|ratio|then|after|before|again|left|remaining|rest|gave|give|gives|lost|spent|cost|costs|price|some|others?|of\sthem|of\sthose|now|already|still|would|will|could|should|if)\b|%|/|\$",
    re.I,
)
_VERBS = (
    "has have had owns own owned keeps keep kept made make makes baked bake bakes sold sell sells bought buy buys "
    "picked pick picks collected collect collects caught catch catches found find finds planted plant plants "
    "saw see sees counted count counts drew draw draws wrote write writes painted paint paints grew grow grows "
    "got get gets received receive receives cooked cook cooks ate eat eats used use uses ordered order orders "
    "sent send sends scored score scores won win wins built build builds"
).split()
_PAST = {"had", "owned", "kept", "made", "baked", "sold", "bought", "picked", "collected", "caught", "found",
         "planted", "saw", "counted", "drew", "wrote", "painted", "grew", "got", "received", "cooked", "ate",
         "used", "ordered", "sent", "scored", "won", "built"}  # fmt: skip
_LEMMA = {
    **{v: v for v in _VERBS},
    "has": "have", "had": "have", "owns": "own", "owned": "own", "kept": "keep", "keeps": "keep", "made": "make",
    "makes": "make", "baked": "bake", "bakes": "bake", "sold": "sell", "sells": "sell", "bought": "buy",
    "buys": "buy", "picked": "pick", "picks": "pick", "collected": "collect", "collects": "collect",
    "caught": "catch", "catches": "catch", "found": "find", "finds": "find", "planted": "plant",
    "plants": "plant", "saw": "see", "sees": "see", "counted": "count", "counts": "count", "drew": "draw",
    "draws": "draw", "wrote": "write", "writes": "write", "painted": "paint", "paints": "paint",
    "grew": "grow", "grows": "grow", "got": "get", "gets": "get", "received": "receive",
    "receives": "receive", "cooked": "cook", "cooks": "cook", "ate": "eat", "eats": "eat", "used": "use",
    "uses": "use", "ordered": "order", "orders": "order", "sent": "send", "sends": "send", "scored": "score",
    "scores": "score", "won": "win", "wins": "win", "built": "build", "builds": "build",
}  # fmt: skip
_VERB = "|".join(sorted(_LEMMA, key=len, reverse=True))
_WORD = r"(?!(?:and|than|more|fewer|less|in|on|at|there|the|a|an|of|with|to|for|from|as|by|he|she|they|it|his|her|their)\b)[a-z][a-z-]*"
_ITEM = rf"{_WORD}(?:\s{_WORD}){{0,2}}(?:\sof\s{_WORD}(?:\s{_WORD})?)?"
_PLACE = r"(?:in|on|at)\s(?:the|his|her|their|a|an|this|that)\s[a-z]+(?:\s(?!(?:altogether|in|total|together|combined)\b)[a-z]+)?"
_PRONOUNS = {"he", "she", "they", "it"}
_ALL = r"(?:altogether|in\sall|in\stotal|total|together|combined)"


def read_item_comparison(text: str) -> Solution | None:
    """The count a comparison of kinds within one holder asks for; None when not one read whole."""
    s = normalise(text)
    if len(s) > 500 or not _GATE.search(s) or _NOT_HERE.search(s):
        return None
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    r = _Reader()
    for x in ss[:-1]:
        if not r.statement(x.text.rstrip(".!").strip()):
            return None
    if not r.eqs:
        return None
    asked = r.question(ss[-1].text.rstrip("?").strip())
    if asked is None:
        return None
    return r.solve(*asked)


class _Reader:
    def __init__(self) -> None:
        self.sp = sympy_module()
        self.items: dict[str, object] = {}
        self.eqs: list = []
        self.holder: str | None = None  # "there" or a name (lowercase)
        self.verb: str | None = None
        self.tense: str | None = None
        self.place: str | None = None
        self.pronoun: str | None = None

    def _item(self, phrase: str, new: bool):
        words = phrase.strip().lower().split()
        if words[:1] == ["the"]:
            words = words[1:]
        if not words:
            return None
        if "of" in words:  # "pictures of wild animals": the head before "of"
            i = words.index("of")
            words[i - 1] = singular(words[i - 1])
        else:
            words[-1] = singular(words[-1])
        key = " ".join(words)
        if key not in self.items:
            if not new:
                return None
            self.items[key] = self.sp.Symbol(f"n_{{{len(self.items)}}}")
        return self.items[key]

    def _subject(self, who: str, verb: str | None, be: str | None) -> bool:
        """One holder and one verb in one tense throughout."""
        w = who.lower()
        if be is not None:
            h, lemma, tense = "there", "be", "past" if be in ("was", "were") else "now"
        else:
            assert verb is not None
            lemma = _LEMMA[verb.lower()]
            tense = "past" if verb.lower() in _PAST and verb.lower() != "read" else "now"
            if w in _PRONOUNS:
                if self.pronoun not in (None, w):
                    return False  # "He has 5 apples. She has 8 pears.": two holders
                self.pronoun = w
                h = self.holder or w  # a pronoun stands for the one holder told
            else:
                h = re.sub(r"^(?:the|a|an)\s", "", w)
        if self.holder is None or self.holder in _PRONOUNS and h not in ("there",):
            self.holder = h
        elif h != self.holder and not (w in _PRONOUNS and self.holder != "there"):
            return False
        if self.verb is None:
            self.verb, self.tense = lemma, tense
        return self.verb == lemma and self.tense == tense

    def _place(self, place: str | None) -> bool:
        if place is None:
            return True
        p = place.lower().split()[-1]
        if self.place is None:
            self.place = p
        return self.place == p

    def statement(self, c: str) -> bool:
        c = re.sub(r"\s(?:also|only|just)\s", " ", c.strip(" ,"))
        m = re.fullmatch(
            rf"(?:(?P<where>{_PLACE}),?\s)?(?:[Tt]here\s(?P<be>are|were|is|was)|(?P<who>[A-Z][a-z]+|[Hh]e|[Ss]he|[Tt]hey|(?:[Tt]he|A|An)\s[a-z]+)\s(?P<v>{_VERB}))\s(?P<body>.+?)(?:\s(?P<place>{_PLACE}))?",
            c,
        )
        if m is None or (m.group("be") is None) == (m.group("v") is None):
            return False
        if m.group("where") and m.group("place") or (m.group("where") and m.group("who")):
            return False
        if not self._subject(m.group("who") or "there", m.group("v"), m.group("be")):
            return False
        if not self._place(m.group("where") or m.group("place")):
            return False
        entries = re.split(r",\s(?:and\s)?|\sand\s", m.group("body"))
        return all(self._entry(e) for e in entries)

    def _entry(self, e: str) -> bool:
        sp = self.sp
        m = re.fullmatch(rf"(?P<n>\d+)\s(?P<item>{_ITEM})", e)
        if m:
            x = self._item(m.group("item"), new=True)
            if x is None or any(eq.lhs == x for eq in self.eqs):
                return False
            self.eqs.append(sp.Eq(x, int(m.group("n")), evaluate=False))
            return True
        m = re.fullmatch(rf"(?P<n>\d+)\s(?P<cmp>more|fewer|less)\s(?P<item>{_ITEM})\sthan\s(?:the\s)?(?P<other>{_ITEM})", e)
        if m is None:
            return False
        x, y = self._item(m.group("item"), new=True), self._item(m.group("other"), new=False)
        if x is None or y is None or x == y or any(eq.lhs == x for eq in self.eqs):
            return False
        k = int(m.group("n"))
        self.eqs.append(sp.Eq(x, y + (k if m.group("cmp") == "more" else -k), evaluate=False))
        return True

    def _asked_subject(self, aux: str | None, who: str | None, verb: str | None, be: str | None) -> bool:
        if be is not None:
            if self.holder != "there":
                return False
            return self.tense == ("past" if be in ("was", "were") else "now")
        assert aux is not None and who is not None and verb is not None
        w = who.lower()
        if self.holder == "there" or not (w in _PRONOUNS or re.sub(r"^the\s", "", w) == self.holder):
            return False
        if self.holder in _PRONOUNS and w != self.holder and not (w in ("he", "she") and self.holder in ("he", "she")):
            return False
        if _LEMMA.get(verb.lower()) != self.verb or verb.lower() not in (self.verb, "have" if self.verb == "have" else self.verb):
            return False
        return self.tense == ("past" if aux.lower() == "did" else "now")

    def question(self, q: str):
        q = re.sub(r"\s(?:also)\s", " ", q.strip())
        subj = rf"(?:(?P<be>are|were)\sthere|(?P<aux>did|does|do)\s(?P<who>[A-Z][a-z]+|he|she|they|the\s[a-z]+|The\s[a-z]+)\s(?P<v>[a-z]+))"
        tail = rf"(?:\s(?P<place>{_PLACE}))?(?:\s(?P<all>{_ALL}))?"
        m = re.fullmatch(rf"how\smany\s(?P<cmp>more|fewer)\s(?P<a>{_ITEM})\sthan\s(?P<b>{_ITEM})\s{subj}{tail}", q, re.I)
        if m is None:
            subj2 = subj.replace("?P<", "?P<x")
            m2 = re.fullmatch(rf"how\smany\s(?P<cmp>more|fewer)\s(?P<a>{_ITEM})\s{subj2}\sthan\s(?:the\s)?(?P<b>{_ITEM}){tail}", q, re.I)
            if m2 is not None:
                g = {k[1:] if k.startswith("x") else k: v for k, v in m2.groupdict().items()}
                return self._more(g)
        else:
            return self._more(m.groupdict())
        m = re.fullmatch(rf"how\smany\s(?P<a>{_ITEM})\s(?:{subj}|(?P<be2>are|were)(?=\s(?:in|on|at)\s)){tail}", q, re.I)
        if m is None:
            return None
        g = m.groupdict()
        if not self._asked_subject(g["aux"], g["who"], g["v"], g["be"] or g["be2"]) or not self._place(g["place"]):
            return None
        if g["all"] is not None and g["a"].lower().split()[-1] == "total":
            return None
        words = g["a"].lower().split()
        if "and" in words:
            return None
        x = self._item(g["a"], new=False)
        if x is not None:
            if g["all"]:
                return None  # "how many apples altogether" of one kind: which total?
            return self._with_distractors(x, [self._key_of(x)]), "the number asked", g["a"]
        kind = singular(words[-1])
        members = [k for k in self.items if self._member(k, kind, words[:-1])]
        if len(members) < 2 or len(members) != len(self.items):
            return None  # a total over a common kind: every kind told is one of it
        return self.sp.Add(*self.items.values()), "the total", g["a"]

    def _more(self, g: dict):
        if not self._asked_subject(g.get("aux"), g.get("who"), g.get("v"), g.get("be")) or not self._place(g.get("place")):
            return None
        if g.get("all"):
            return None
        a, b = self._item(g["a"], new=False), self._item(g["b"], new=False)
        if a is None or b is None or a == b:
            return None
        diff = a - b if g["cmp"].lower() == "more" else b - a
        return self._with_distractors(diff, [self._key_of(a), self._key_of(b)]), f"how many {g['cmp'].lower()}", g["a"]

    def _key_of(self, sym) -> str:
        return next(k for k, v in self.items.items() if v == sym)

    def _with_distractors(self, expr, asked: list[str]):
        """`expr`, or None when a kind told but not asked about is a member of an asked one."""
        heads = {k.split(" of ")[0].split()[-1] for k in asked}
        for k in self.items:
            if k in asked:
                continue
            h = k.split(" of ")[0].split()[-1]
            if h in heads or any(h in KINDS.get(a, ()) or a in KINDS.get(h, ()) for a in heads):
                return None
        return expr

    @staticmethod
    def _member(key: str, kind: str, mods: list[str]) -> bool:
        if " of " in key or mods:
            return False
        head = key.split()[-1]
        return head == kind or head in KINDS.get(kind, ())

    def solve(self, expr, says: str, asked: str) -> Solution | None:
        if expr is None:
            return None
        modifiers: dict[str, set[str]] = {}  # head noun -> the words before it, per kind
        for k in self.items:
            before, _, noun = k.split(" of ")[0].rpartition(" ")
            modifiers.setdefault(noun, set()).add(before)
        if any("" in mods and len(mods) > 1 for mods in modifiers.values()):
            return None  # "5 apples and 8 red apples": are the red ones among the 5?
        sp = self.sp
        syms = list(self.items.values())
        try:
            sols = sp.solve(self.eqs, syms, dict=True)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if len(sols) != 1 or any(s not in sols[0] for s in syms):
            return None
        if any(not v.is_Integer or v < 0 for v in sols[0].values()):
            return None
        value = exact_number(expr.subs(sols[0]))
        if not value.is_Integer or value < 0:
            return None
        names = [(sp.latex(sym), f"the number of {plural(k)}") for k, sym in self.items.items()]
        words = asked.lower().split()
        unit = " ".join(words) if value != 1 else " ".join([*words[:-1], singular(words[-1])])
        return equations_solution(self.eqs, names, value, unit, says)
