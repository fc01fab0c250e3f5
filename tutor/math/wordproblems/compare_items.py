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

_GATE = re.compile(
    r"\b(?:more|fewer|less)\s(?:[a-z-]+\s){0,3}than\b|\bhow\smany\s(?:more|fewer)\b|\bdifference\s(?:between|of)\b",
    re.I,
)
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
_PAST: set[str] = {"had", "owned", "kept", "made", "baked", "sold", "bought", "picked", "collected", "caught", "found",
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
_TO_PAST = {_LEMMA[form]: form for form in _PAST}
_WORD = r"(?!(?:and|than|more|fewer|less|in|on|at|over|there|the|a|an|of|with|to|for|from|as|by|he|she|they|it|his|her|their)\b)[a-z][a-z-]*"
_ITEM = rf"{_WORD}(?:\s{_WORD}){{0,2}}(?:\sof\s{_WORD}(?:\s{_WORD})?)?"
_PLACE = r"(?:[Ii]n|[Oo]n|[Aa]t)\s(?:the|his|her|their|a|an|this|that)\s[a-z]+(?:\s(?!(?:altogether|in|total|together|combined)\b)[a-z]+)?"
_PRONOUNS = {"he", "she", "they", "it"}
_ALL = r"(?:altogether|in\sall|in\stotal|total|together|combined)"


# a holder: a name, "the Lions", "the farmer", "her brother", "his friend Derrick"; a pronoun only
# when the story names one holder
_WHO = (
    r"(?:[Hh]is|[Hh]er|[Tt]heir)\s[a-z]+(?:\s[A-Z][a-z]+)?"
    rf"|(?:[Tt]he|A|An)\s[A-Za-z]+(?:\s(?!(?:{_VERB}|and|or)\b)[A-Za-z]+)?|[A-Z][a-z]+|[Hh]e|[Ss]he|[Tt]hey|It"
)
# colours and sizes: "31 red and 15 green balloons" says balloons once
_ADJECTIVES = {"red", "blue", "green", "yellow", "white", "black", "brown", "pink", "purple", "gray", "grey",
               "big", "small", "large", "little", "striped", "spotted", "plain", "wooden", "plastic", "glass"}  # fmt: skip
_RELATIVES = {"brother", "sister", "friend", "mother", "father", "mom", "dad", "cousin", "aunt", "uncle",
              "grandmother", "grandfather", "grandma", "grandpa", "son", "daughter", "neighbor", "teacher"}  # fmt: skip


def read_item_comparison(text: str) -> Solution | None:
    """The count a comparison of kinds or of holders asks for; None when not one read whole."""
    s = normalise(text)
    if len(s) > 500 or not _GATE.search(s) or _NOT_HERE.search(s):
        return None
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    r = _Reader()
    for i, x in enumerate(ss[:-1]):
        body = x.text.rstrip(".!").strip()
        if not r.eqs and i < 2 and _inert(body):
            continue  # "Richard and Bruno played miniature golf.": the scene, before any amount
        if not r.statement(body):
            return None
    if not r.eqs or not r.settle_pronouns():
        return None
    asked = r.question(ss[-1].text.rstrip("?").strip())
    if asked is None:
        return None
    return r.solve(*asked)


# a scene-setting sentence before the amounts may name people and places, but no amount, no
# comparison, no change and none of the verbs that tally the things counted
_SCENE_BAD = re.compile(
    r"\d|\b(?:more|less|fewer|than|all|none|no|nothing|every|each|both|some|any|many|much|few|several|away|up|back|"
    r"another|extra|other|total|together|altogether|same|equal|as|twice|half|double|times|lost|gave|took|shared|split|"
    r"put|moved|threw|dropped|returned|broke|broken|added|removed|left|brought|bring|borrowed|lent|traded|"
    rf"{_VERB})\b",
    re.I,
)


def _inert(sentence: str) -> bool:
    return not _SCENE_BAD.search(sentence) and len(sentence.split()) <= 16


class _Reader:
    def __init__(self) -> None:
        self.sp = sympy_module()
        self.amounts: dict[tuple[str, str], object] = {}  # (holder, kind) -> its unknown
        self.eqs: list = []
        self.verb: str | None = None
        self.tense: str | None = None
        self.places: dict[str, str] = {}  # holder -> the place its things are ("park")
        self.pronoun: str | None = None
        self.sentence_kinds: list[str] = []  # the kinds the sentence being read told, in order

    # -- holders, kinds, places --------------------------------------------------------------

    def _holder(self, who: str) -> str | None:
        w = who.lower()
        if w in _PRONOUNS:
            if self.pronoun not in (None, w):
                return None  # "He has 5 apples. She has 8 pears.": two holders
            self.pronoun = w
            named = self.holders() - {"<pronoun>", "there"}
            return next(iter(named)) if len(named) == 1 else "<pronoun>"  # the one holder named so far
        m = re.fullmatch(r"(?:his|her|their)\s([a-z]+)(?:\s([a-z]+))?", w)
        if m:
            if m.group(1) not in _RELATIVES:
                return None
            return m.group(2) or f"<{m.group(1)}>"  # "his friend Derrick" is Derrick
        return re.sub(r"^(?:the|a|an)\s", "", w)

    def holders(self) -> set[str]:
        return {h for h, _ in self.amounts}

    def settle_pronouns(self) -> bool:
        """A pronoun stands for the one holder the story names; with two or more, it is a guess."""
        named = self.holders() - {"<pronoun>", "there"}
        if self.pronoun is not None and (len(named) > 1 or "there" in self.holders()):
            return False
        if "<pronoun>" not in self.holders():
            return True
        if len(named) > 1 or "there" in self.holders():
            return False
        if not named:
            return True
        (name,) = named
        moved = {}
        for (h, k), sym in self.amounts.items():
            key = (name if h == "<pronoun>" else h, k)
            if key in moved:
                return False  # "Tom has 5 apples. He has 8 apples.": told twice
            moved[key] = sym
        self.amounts = moved
        if "<pronoun>" in self.places:
            if self.places.setdefault(name, self.places["<pronoun>"]) != self.places["<pronoun>"]:
                return False
            del self.places["<pronoun>"]
        return True

    @staticmethod
    def _kind(phrase: str) -> str | None:
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
        return " ".join(words)

    def _amount(self, holder: str, kind: str | None, new: bool):
        if kind is None:
            return None
        key = (holder, kind)
        if key not in self.amounts:
            if not new:
                return None
            self.amounts[key] = self.sp.Symbol(f"n_{{{len(self.amounts)}}}")
        return self.amounts[key]

    def _verb(self, lemma: str, tense: str) -> bool:
        if self.verb is None:
            self.verb, self.tense = lemma, tense
        return self.verb == lemma and self.tense == tense

    def _place(self, holder: str, place: str | None) -> bool:
        """One place per holder ("in the park"); "in his collection" belongs to its holder."""
        if place is None:
            return True
        p = _place_key(place)
        return _same_place(self.places.setdefault(holder, p), p)

    # -- statements ----------------------------------------------------------------------------

    def statement(self, c: str) -> bool:
        c = re.sub(r"\s(?:also|only|just)\s", " ", c.strip(" ,"))
        # "Simon was able to collect 27": Simon collected 27
        c = re.sub(
            r"\b(?:was|were)\sable\sto\s([a-z]+)\b",
            lambda m: _TO_PAST.get(m.group(1), m.group(0)),
            c,
        )
        self.sentence_kinds = []
        saved = self._state()
        if self._statement(c):
            return True
        self._restore(saved)
        # "Ella scored 45 points and Sara scored 33 points", "Kevin has 45 while Simon has 27"
        parts = re.split(rf",?\s(?:and|while|but|whereas)\s(?=(?:{_WHO}),?\s(?:{_VERB})\s)", c)
        return len(parts) > 1 and all(self._statement(p) for p in parts)

    def _state(self) -> tuple:
        return dict(self.amounts), list(self.eqs), self.verb, self.tense, dict(self.places), self.pronoun

    def _restore(self, saved: tuple) -> None:
        self.amounts, self.eqs, self.verb, self.tense, self.places, self.pronoun = saved

    def _statement(self, c: str) -> bool:
        m = re.fullmatch(
            rf"(?:(?P<where>{_PLACE}),?\s)?(?:[Tt]here\s(?P<be>are|were|is|was)|(?P<who>{_WHO}),?\s(?P<v>{_VERB}))\s(?P<body>.+?)(?:\s(?P<place>{_PLACE}))?",
            c,
        )
        if m is None or (m.group("where") and (m.group("place") or m.group("who"))):
            return False
        holder: str | None
        if m.group("be"):
            holder, ok = "there", self._verb("be", "past" if m.group("be") in ("was", "were") else "now")
        else:
            v = m.group("v").lower()
            holder = self._holder(m.group("who"))
            ok = holder is not None and self._verb(_LEMMA[v], "past" if v in _PAST else "now")
        if not ok or holder is None or not self._place(holder, m.group("where") or m.group("place")):
            return False
        entries = re.split(r",\s(?:and\s)?|\sand\s", m.group("body"))
        noun = re.fullmatch(r"\d+\s(?:[a-z-]+\s)+?([a-z-]+)", entries[-1])
        if noun and len(entries) > 1:
            entries = [
                f"{e} {noun.group(1)}"
                if re.fullmatch(r"\d+\s[a-z]+", e) and e.split()[1] in _ADJECTIVES and e.split()[0] != "1"
                else e
                for e in entries
            ]
        last = re.search(r"\sthan\s.+$", entries[-1])
        if last and re.fullmatch(r"\d+\s(?:more|fewer|less)\s[a-z -]+?\sthan\s.+", entries[-1]):
            # "6 fewer peaches and 8 more apples than Steven": each compared with Steven
            entries = [
                e + last.group(0) if re.fullmatch(rf"\d+\s(?:more|fewer|less)\s{_ITEM}", e) else e
                for e in entries
            ]
        return all(self._entry(holder, e) for e in entries)

    def _entry(self, holder: str, e: str) -> bool:
        sp = self.sp
        if re.fullmatch(r"\d+", e) and len(set(self.sentence_kinds)) == 1:
            e = f"{e} {self.sentence_kinds[0]}"  # "Kevin collected 45 stamps while Simon collected 27"
        m = re.fullmatch(rf"(?P<n>\d+)\s(?P<item>{_ITEM})", e)
        if m:
            kind = self._kind(m.group("item"))
            self.sentence_kinds.append(kind or "")
            x = self._amount(holder, kind, new=True)
            if x is None or any(eq.lhs == x and eq.rhs.is_number for eq in self.eqs):
                return False  # told twice
            self.eqs.append(sp.Eq(x, int(m.group("n")), evaluate=False))
            return True
        m = re.fullmatch(
            rf"(?P<n>\d+)\s(?P<cmp>more|fewer|less)\s(?P<item>{_ITEM})\sthan\s(?P<other>(?:the\s)?{_ITEM}|{_WHO})(?:\s(?:does|did|do|has|had|have))?",
            e,
        )
        if m is None:
            return False
        kind = self._kind(m.group("item"))
        x = self._amount(holder, kind, new=True)
        other = m.group("other")
        other_kind = self._kind(other)
        other_holder = self._holder(other) if re.match(r"[A-Z]|(?:his|her|their)\s", other) else None
        if other_holder is not None and other_holder.startswith("<"):
            return False
        if (
            other_holder is None
            and other.lower().startswith("the ")
            and other_kind not in {k for _, k in self.amounts}
        ):
            other_holder = self._holder(other)  # "than the Tigers": a holder, unless a kind told
        if other_holder is not None and other_holder != holder and (holder, other_kind) not in self.amounts:
            y = self._amount(other_holder, kind, new=True)  # "Mary has 11 fewer marbles than Adam"
        else:
            y = self._amount(holder, other_kind, new=True)  # "9 fewer girls than boys"
        if x is None or y is None or x == y:
            return False  # a relation told twice and not agreeing has no solution: refused there
        k = int(m.group("n"))
        self.eqs.append(sp.Eq(x, y + (k if m.group("cmp") == "more" else -k), evaluate=False))
        return True

    # -- the question --------------------------------------------------------------------------

    def _asker(self, aux: str | None, who: str | None, verb: str | None, be: str | None) -> list[str] | None:
        """The holders the question asks about, when its verb and tense are the story's."""
        if be is not None:
            ok = self.verb == "be" and self.tense == ("past" if be.lower() in ("was", "were") else "now")
            return ["there"] if ok and self.holders() == {"there"} else None
        assert aux is not None and who is not None and verb is not None
        if verb.lower() != self.verb:  # "did he make" for "made": the question's verb is the lemma
            return None
        if self.tense != ("past" if aux.lower() == "did" else "now"):
            return None
        w = who.lower()
        names = sorted(self.holders() - {"there"})
        if w in ("they", "the two of them", "both of them") or re.fullmatch(r"\w+(?:,\s\w+)*,?\sand\s\w+", w):
            group = (
                names
                if w in ("they", "the two of them", "both of them")
                else [self._holder(x) or "" for x in re.split(r",\s(?:and\s)?|\sand\s", w)]
            )
            return group if len(group) > 1 and all(g in names for g in group) else None
        h = self._holder(who)
        if h == "<pronoun>":
            if self.pronoun != w or len(names) != 1:
                return None
            return names
        return [h] if h in names else None

    def question(self, q: str):
        q = re.sub(r"\s(?:also)\s", " ", q.strip())
        who = rf"(?:{_WHO}|[A-Z][a-z]+(?:,\s[A-Z][a-z]+)*,?\sand\s[A-Z][a-z]+|the\stwo\sof\sthem|both\sof\sthem)"
        subj = rf"(?:(?P<be>are|were)\sthere|(?P<aux>did|does|do)\s(?P<who>{who})\s(?P<v>[a-z]+))"
        tail = rf"(?:\s(?P<place>{_PLACE}))?(?:\s(?P<all>{_ALL}))?"
        m = re.fullmatch(
            rf"how\smany\s(?P<cmp>more|fewer)\s(?P<a>{_ITEM})\sthan\s(?P<b>{_ITEM})\s(?:{subj}|(?P<be2>are|were)(?=\s(?:in|on|at)\s)){tail}",
            q,
            re.I,
        )
        if m is None:
            m = re.fullmatch(
                rf"how\smany\s(?P<cmp>more|fewer)\s(?P<a>{_ITEM})\s(?:{subj}|(?P<be2>are|were))(?:\sthan\s(?:the\s)?(?P<b>{_ITEM}|{_WHO}))?{tail}",
                q,
                re.I,
            )
        if m is not None:
            return self._more(m.groupdict())
        m = re.fullmatch(
            rf"what(?:\s(?:is|was)|'s)\sthe\sdifference\s(?:between|of)\sthe\snumbers?\sof\s(?P<a>{_ITEM})\sand\s(?:the\snumber\sof\s)?(?P<b>{_ITEM})(?:\s(?:over\s)?there)?",
            q,
            re.I,
        )
        if m is not None:
            return self._between(m.group("a"), m.group("b"))
        m = re.fullmatch(
            rf"how\smany\s(?P<a>{_ITEM})\s(?:{subj}|(?P<be2>are|were)(?=\s(?:in|on|at)\s)){tail}", q, re.I
        )
        if m is None:
            return None
        return self._how_many(m.groupdict())

    def _between(self, a_text: str, b_text: str):
        """The difference between the numbers of two kinds told of the one holder (never negative)."""
        holders = self.holders()
        if len(holders) != 1:
            return None
        (h,) = holders
        a, b = self._amount(h, self._kind(a_text), new=False), self._amount(h, self._kind(b_text), new=False)
        if a is None or b is None or a == b:
            return None
        return self._with_distractors(self.sp.Abs(a - b), {a, b}), "the difference", ""

    def _where(self, group: list[str], place: str | None) -> bool:
        return place is None or all(_same_place(self.places.get(h), _place_key(place)) for h in group)

    def _more(self, g: dict):
        group = self._asker(g.get("aux"), g.get("who"), g.get("v"), g.get("be") or g.get("be2"))
        if group is None or len(group) != 1 or g.get("all") or not self._where(group, g.get("place")):
            return None
        (h,) = group
        kind = self._kind(g["a"])
        a = self._amount(h, kind, new=False)
        b_text = g.get("b")
        if (
            b_text
            and re.match(r"[A-Z]|(?:his|her|their)\s", b_text)
            and self._holder(b_text) in self.holders()
        ):
            b = self._amount(self._holder(b_text) or "", kind, new=False)  # "than Simon"
        elif b_text:
            b = self._amount(h, self._kind(b_text), new=False)  # "than cakes"
        else:  # "How many more points did the Wildcats score?": than the one other holder of them
            others = [k for k in self.amounts if k[1] == kind and k[0] != h]
            b = self.amounts[others[0]] if len(others) == 1 else None
        if a is None or b is None or a == b:
            return None
        diff = a - b if g["cmp"].lower() == "more" else b - a
        return self._with_distractors(diff, {a, b}), f"how many {g['cmp'].lower()}", g["a"]

    def _how_many(self, g: dict):
        group = self._asker(g.get("aux"), g.get("who"), g.get("v"), g.get("be") or g.get("be2"))
        if group is None or not self._where(group, g.get("place")):
            return None
        if g["all"] is not None and g["a"].lower().split()[-1] == "total":
            return None
        words = g["a"].lower().split()
        kind = self._kind(g["a"]) or ""
        told = [self.amounts[(h, kind)] for h in group if (h, kind) in self.amounts]
        if told:
            if len(told) != len(group) or (len(group) == 1 and g["all"]):
                return None  # "how many apples altogether" of one holder and one kind: which total?
            return self._with_distractors(self.sp.Add(*told), set(told)), "the number asked", g["a"]
        common = singular(words[-1])
        parts = [sym for (h, k), sym in self.amounts.items() if h in group]
        if len(parts) < 2 or not all(
            self._member(k, common, words[:-1]) for h, k in self.amounts if h in group
        ):
            return None  # a total over a common kind: every kind told is one of it
        return self._with_distractors(self.sp.Add(*parts), set(parts)), "the total", g["a"]

    def _with_distractors(self, expr, asked: set):
        """`expr`, or None when a kind told but not asked about could be among the asked ones."""
        used = set(asked)
        grew = True
        while grew:  # what the asked amounts are tied to by the story's relations
            grew = False
            for eq in self.eqs:
                fs = eq.free_symbols
                if fs & used and not fs <= used:
                    used |= fs
                    grew = True
        kinds = {k for k, sym in self.amounts.items() if sym in asked}
        heads = {k.split(" of ")[0].split()[-1] for _, k in kinds}
        for (h, k), sym in self.amounts.items():
            if sym in used or any(h2 != h for h2, _ in kinds) and k in {k2 for _, k2 in kinds}:
                continue  # another holder's amount of an asked kind ("Mary has 11 fewer marbles")
            head = k.split(" of ")[0].split()[-1]
            if head in heads or any(head in KINDS.get(a, ()) or a in KINDS.get(head, ()) for a in heads):
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
        for _, k in self.amounts:
            before, _, noun = k.split(" of ")[0].rpartition(" ")
            modifiers.setdefault(noun, set()).add(before)
        if any("" in mods and len(mods) > 1 for mods in modifiers.values()):
            return None  # "5 apples and 8 red apples": are the red ones among the 5?
        sp = self.sp
        syms = list(self.amounts.values())
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
        names = [
            (
                sp.latex(sym),
                f"the number of {plural(k)}" + ("" if h in ("there", "<pronoun>") else f" {_of(h)}"),
            )
            for (h, k), sym in self.amounts.items()
        ]
        words = asked.lower().split() or [""]
        unit = " ".join(words) if value != 1 else " ".join([*words[:-1], singular(words[-1])])
        return equations_solution(self.eqs, names, value, unit, says)


def _place_key(place: str) -> str:
    """A place by its words after the article ("first game", "computer club")."""
    return " ".join(place.lower().split()[2:])


def _same_place(a: str | None, b: str) -> bool:
    """One place: the same noun, told with the same words before it or with none ("the club" is
    "the computer club"; "the first game" is not "the second game")."""
    if a is None:
        return False
    wa, wb = a.split(), b.split()
    return wa[-1:] == wb[-1:] and (not wa[:-1] or not wb[:-1] or wa[:-1] == wb[:-1])


def _of(holder: str) -> str:
    return "of " + (holder[1:-1] if holder.startswith("<") else holder.title())
