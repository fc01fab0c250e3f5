# ruff: noqa: E501  (regular expressions, one a line)
"""Measures compared between things: "Sam is 175 cm tall. John is 20 cm taller than Sam. How tall is
John?", "The grasshopper jumped 25 inches. The frog jumped 15 inches farther than the grasshopper.
How far did the frog jump?", "Richard's score was 62. Bruno's score was 14 points lower than
Richard's score.", "What is the height difference between the two if X is 443 m tall and Y is 452 m
tall?".

Each thing named gets an unknown (its measure); a statement gives its value, a comparison ties it
to another thing's. Precision first: every sentence is read whole (a numberless scene-setting
sentence only when it holds no measure, comparison or change word), one kind of measure in one
unit throughout, no pronoun as a thing measured, every unknown settled, and the answer a
non-negative number. A fully read statement about a thing the question does not ask about may
stand (a distractor: it cannot change the answer).
"""

from __future__ import annotations

import re
from typing import Any

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.reading import normalise, sentences

__all__ = ["read_measure_comparison"]

_GATE = re.compile(
    r"\b(?:taller|shorter|longer|higher|lower|heavier|lighter|farther|further|deeper|wider|narrower|difference|tall|long|weighs?|weighed|far|score|cheaper|expensive|costs?|saved|earned|spent|raised|paid|donated|more|less)\b",
    re.I,
)
# what this reader does not read: rates, parts, changes over time, several of a kind
_NOT_HERE = re.compile(
    r"\b(?:each|every|per|times|twice|half|thrice|double|triple|percent|average|ratio|then|after|before|again|grew|grows|grown|cut|cuts|added|adds|removed|lost|now|left|remaining|rest|total\sof\s\d|if\s.*\bwould|more\sthan\s(?:twice|half))\b|%|/",
    re.I,
)
_N = r"(?P<n>\d+(?:\.\d+)?)"
_UNITS = {
    "cm": "cm", "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm",
    "mm": "mm", "millimeter": "mm", "millimeters": "mm", "m": "m", "meter": "m", "meters": "m",
    "metre": "m", "metres": "m", "km": "km", "kilometer": "km", "kilometers": "km", "ft": "ft",
    "foot": "ft", "feet": "ft", "inch": "in", "inches": "in", "yard": "yd", "yards": "yd",
    "mile": "mi", "miles": "mi", "kg": "kg", "kilogram": "kg", "kilograms": "kg", "g": "g",
    "gram": "g", "grams": "g", "pound": "lb", "pounds": "lb", "lb": "lb", "lbs": "lb",
    "ounce": "oz", "ounces": "oz", "oz": "oz", "ton": "t", "tons": "t", "point": "pt", "points": "pt",
    "dollar": "usd", "dollars": "usd", "cent": "c", "cents": "c",
}  # fmt: skip
_UNIT = r"(?P<u>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
_SHOWN = {"cm": "cm", "mm": "mm", "m": "m", "km": "km", "ft": "feet", "in": "inches", "yd": "yards",
          "mi": "miles", "kg": "kg", "g": "g", "lb": "pounds", "oz": "ounces", "t": "tons", "pt": "points",
          "usd": "dollars", "c": "cents"}  # fmt: skip
_ONE = {
    "ft": "foot",
    "in": "inch",
    "yd": "yard",
    "mi": "mile",
    "lb": "pound",
    "oz": "ounce",
    "t": "ton",
    "pt": "point",
    "usd": "dollar",
    "c": "cent",
}
# the kinds of measure a word can mean ("shorter": a height or a length)
_ADJ = {"tall": {"height"}, "high": {"height"}, "long": {"length"}, "heavy": {"weight"}, "deep": {"depth"},
        "wide": {"width"}, "far": {"distance"}}  # fmt: skip
_MORE = {
    "taller": ({"height"}, 1), "shorter": ({"height", "length"}, -1), "longer": ({"length"}, 1),
    "higher": ({"height", "score"}, 1), "lower": ({"height", "score"}, -1), "heavier": ({"weight"}, 1),
    "lighter": ({"weight"}, -1), "farther": ({"distance"}, 1), "further": ({"distance"}, 1),
    "deeper": ({"depth"}, 1), "wider": ({"width"}, 1), "narrower": ({"width"}, -1),
    "cheaper": ({"price"}, -1),
}  # fmt: skip
_NOUN = {"height": "height", "length": "length", "weight": "weight", "score": "score", "depth": "depth",
         "width": "width", "distance": "distance", "money": "money", "price": "price"}  # fmt: skip
_MOVES = {
    "jump": "jumped jumps jump", "run": "ran runs run", "swim": "swam swims swim", "walk": "walked walks walk",
    "throw": "threw throws throw", "hop": "hopped hops hop", "fly": "flew flies fly", "ride": "rode rides ride",
    "bike": "biked bikes bike", "drive": "drove drives drive", "travel": "traveled travelled travels travel",
    "hike": "hiked hikes hike", "skate": "skated skates skate", "sail": "sailed sails sail",
    "row": "rowed rows row", "kick": "kicked kicks kick", "climb": "climbed climbs climb", "crawl": "crawled crawls crawl",
}  # fmt: skip
_LEMMA = {form: lemma for lemma, forms in _MOVES.items() for form in forms.split()}
# money a holder saved, earned, spent ...; what a thing costs
_MONEY = {
    "save": "saved saves save", "earn": "earned earns earn", "spend": "spent spends spend",
    "raise": "raised raises raise", "pay": "paid pays pay", "donate": "donated donates donate",
    "cost": "cost costs",
}  # fmt: skip
_MONEY_LEMMA = {form: lemma for lemma, forms in _MONEY.items() for form in forms.split()}
_MV = r"(?P<mv>" + "|".join(sorted(_MONEY_LEMMA, key=len, reverse=True)) + r")"
_CASH = r"(?P<u>dollars?|cents?)"
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "last", "other"}
_VERB = r"(?P<v>" + "|".join(sorted(_LEMMA, key=len, reverse=True)) + r")"
# a thing measured: a name, "the frog", "Alex's fishing rod", "the Empire State Building"
_THING = r"(?:the\s)?[A-Za-z][\w-]*(?:'s?)?(?:\s[A-Za-z][\w-]*(?:'s)?){0,3}"
_PRONOUN = re.compile(
    r"^(?:he|she|it|they|him|her|them|his|its|their|this|that|which|who|one|both|each|someone)$", re.I
)
_INTRO_BAD = re.compile(
    r"\d|\b(?:taller|shorter|longer|higher|lower|heavier|lighter|farther|further|deeper|wider|more|less|fewer|than|tall|long|short|high|heavy|weighs?|far|grew|cut|gave|lost|added|same|equal|as|each|every|times|half|twice|score|scored|points?|total|sum|difference|measured?|height|length|weight|distance)\b",
    re.I,
)
_IS = r"(?:is|was|are|were|stands|stood|measures|measured|reaches|reached)"


def read_measure_comparison(text: str) -> Solution | None:
    """The measure a comparison of measures asks for; None when the story is not one read whole."""
    s = normalise(text)
    if len(s) > 600 or not _GATE.search(s) or _NOT_HERE.search(s):
        return None
    ss = sentences(s)
    if len(ss) < 1 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    q, conds = _question_and_conditions(ss[-1].text.rstrip("?").strip())
    reader = _Reader()
    for i, x in enumerate(ss[:-1]):
        body = x.text.rstrip(".!").strip()
        if not re.search(r"\d", body):
            if _INTRO_BAD.search(body) or reader.eqs or i >= 2:
                return None  # a scene only before the measures ("John stood on a chair." after: refused)
            continue  # "The grasshopper and the frog had a jumping contest."
        if not reader.statement(body):
            return None
    for c in conds:
        if not reader.statement(c):
            return None
    if not reader.eqs:
        return None
    asked = reader.question(q)
    if asked is None:
        return None
    return reader.solve(*asked)


def _question_and_conditions(q: str) -> tuple[str, list[str]]:
    """ "If X is 4 m tall and Y is 5 m tall, how ..." and "How ... if X ... and Y ...": the question
    and its statements."""
    m = re.match(r"^if\s(.+?),\s(how\s.+|what\s.+)$", q, re.I) or re.match(
        r"^((?:how|what)\s.+?)\sif\s(.+)$", q, re.I
    )
    if m is None:
        return q, []
    a, b = m.group(1), m.group(2)
    if a.lower().startswith(("how", "what")):
        return a, [b]
    return b, [a]


class _Reader:
    def __init__(self) -> None:
        self.sp = sympy_module()
        self.things: dict[str, Any] = {}  # key -> its SymPy symbol
        self.shown: list[str] = []  # what each unknown is, in the story's words
        self.eqs: list = []
        self.dims: set[str] | None = None
        self.units: set[str] = set()
        self.verbs: set[str] = set()
        self.tenses: set[str] = set()  # of the money verbs ("saved": past)

    # -- things and kinds ----------------------------------------------------------------------

    def _key(self, phrase: str) -> str | None:
        p = re.sub(r"\s(?:is|was|does|did|has|had)$", "", phrase.strip()).lower()
        p = re.sub(r"^(?:the|a|an)\s", "", p)
        if not p or _PRONOUN.match(p) or re.search(r"\b(?:than|and|or|who|which|that|of|with|in|on|at)\b", p):
            return None
        return p

    def _thing(self, phrase: str, new: bool) -> Any:
        key = self._key(phrase)
        if key is None:
            return None
        if key not in self.things:
            owner = key[:-2] if key.endswith("'s") else key[:-1] if key.endswith("'") else None
            if owner is not None:  # "than Alex's": Alex's fishing rod, when one thing of Alex's is told
                hits = [k for k in self.things if k.startswith(owner + "'s ") or k.startswith(owner + "' ")]
                if len(hits) == 1:
                    return self.things[hits[0]]
                return None
            if key in _ORDINALS:  # "than the first": the first present, when one thing is told first
                hits = [k for k in self.things if k.startswith(key + " ")]
                return self.things[hits[0]] if len(hits) == 1 else None
            if not new:
                return None
            self.things[key] = self.sp.Symbol(f"m_{{{len(self.things)}}}")
            self.shown.append(phrase.strip())
        return self.things[key]

    def _kind(self, dims: set[str]) -> bool:
        self.dims = set(dims) if self.dims is None else self.dims & dims
        return bool(self.dims)

    def _unit(self, u: str | None) -> bool:
        if u is None:
            return True
        self.units.add(_UNITS[u.lower()])
        return len(self.units) == 1

    def _verb(self, v: str | None) -> bool:
        if v is None:
            return True
        form = v.lower()
        self.verbs.add(_LEMMA.get(form) or _MONEY_LEMMA[form])
        if form in _MONEY_LEMMA and form not in _MONEY:  # "saved" or "saves", not the lemma a question uses
            self.tenses.add("now" if form.endswith("s") else "either" if form == "cost" else "past")
        return len(self.verbs) == 1 and len(self.tenses - {"either"}) <= 1

    def _asked_tense(self, aux: str) -> bool:
        """ "How much did Lee save" after "Lee saved"; not "How much does Lee save"."""
        asked = "past" if aux.lower() == "did" else "now"
        return not (self.tenses - {"either", asked})

    @staticmethod
    def _money(mv: str) -> set[str]:
        """The kind of measure a money verb tells: a price ("costs") or money moved ("saved")."""
        return {"price"} if _MONEY_LEMMA[mv.lower()] == "cost" else {"money"}

    # -- statements ----------------------------------------------------------------------------

    def statement(self, c: str) -> bool:
        c = re.sub(r"\s(?:also|only|just)\s", " ", c.strip(" ,"))
        if self._one(c):
            return True
        parts = re.split(r",?\s(?:and|while|but|whereas)\s|;\s", c)
        return len(parts) > 1 and all(self._one(p) for p in parts)

    def _one(self, c: str) -> bool:
        sp = self.sp
        pats = [  # (pattern, kinds of measure)
            (
                rf"^(?P<h>{_THING})\s{_IS}\s(?:at\s)?{_N}\s{_UNIT}(?:\s(?P<adj>tall|high|long|deep|wide|heavy))?$",
                None,
            ),
            (rf"^(?P<h>{_THING})\s(?:weighs|weighed)\s{_N}\s{_UNIT}$", {"weight"}),
            (rf"^(?P<h>{_THING})\s{_MV}\s{_N}\s{_CASH}$", None),
            (rf"^(?P<h>{_THING})\s{_VERB}\s(?:a\sdistance\sof\s)?{_N}\s{_UNIT}$", {"distance"}),
            (
                rf"^(?P<h>{_THING})\s(?P<noun>score|height|length|weight)\s(?:is|was)\s{_N}(?:\s{_UNIT})?$",
                None,
            ),
        ]
        for pat, dims in pats:
            m = re.fullmatch(pat, c, re.I)
            if m is None:
                continue
            d = m.groupdict()
            if d.get("mv"):
                dims = self._money(d["mv"])
                if not self._verb(d["mv"]):
                    return False
            if d.get("noun"):  # "Richard's score was 62": the thing is Richard's score
                h = m.group("h")
                if not h.lower().endswith("'s"):
                    return False
                dims = {d["noun"].lower()}
                thing = self._thing(h + " " + d["noun"], new=True)
            else:
                if dims is None:
                    adj = (d.get("adj") or "").lower()
                    if not adj:
                        unit = _UNITS[d["u"].lower()]
                        # "X is 443 m" / "X stands at 443 ft": a height or a length, by the unit
                        dims = (
                            {"height", "length"}
                            if unit in ("cm", "mm", "m", "km", "ft", "in", "yd")
                            else set()
                        )
                        if not dims:
                            return False
                    else:
                        dims = _ADJ[adj]
                thing = self._thing(m.group("h"), new=True)
            if (
                thing is None
                or not self._kind(dims)
                or not self._unit(d.get("u"))
                or not self._verb(d.get("v"))
            ):
                return False
            if not self._fits(d.get("u"), dims):
                return False
            self.eqs.append(sp.Eq(thing, sp.Rational(m.group("n")), evaluate=False))
            return True
        return self._comparison(c)

    @staticmethod
    def _fits(u: str | None, dims: set[str]) -> bool:
        """Points measure a score, dollars and cents money or a price, and nothing else does."""
        unit = _UNITS[u.lower()] if u else None
        if unit == "pt" or dims == {"score"}:
            return unit in ("pt", None) and dims == {"score"}
        if unit in ("usd", "c") or dims & {"money", "price"}:
            return unit in ("usd", "c") and bool(dims) and dims <= {"money", "price"}
        return True

    def _comparison(self, c: str) -> bool:
        sp = self.sp
        more = "|".join(_MORE)
        pats = [  # "Bruno's score was 14 points lower than Richard's" first: a score is no height
            rf"^(?P<h>{_THING})\s(?P<noun>score|height|length|weight)\s(?:is|was)\s{_N}(?:\s{_UNIT})?\s(?P<cmp>{more}|more|less)\sthan\s(?P<o>{_THING})$",
            rf"^(?P<h>{_THING})\s{_IS}\s{_N}\s{_UNIT}\s(?P<cmp>{more})\sthan\s(?P<o>{_THING})$",
            rf"^(?P<h>{_THING})\s(?:weighs|weighed)\s{_N}\s{_UNIT}\s(?P<cmp>more|less)\sthan\s(?P<o>{_THING})$",
            rf"^(?P<h>{_THING})\s{_VERB}\s{_N}\s{_UNIT}\s(?P<cmp>farther|further|more|less|shorter|longer|higher)\sthan\s(?P<o>{_THING})$",
            rf"^(?P<h>{_THING})\s{_VERB}\s{_N}\s(?P<cmp>more|fewer|less)\s{_UNIT}\sthan\s(?P<o>{_THING})$",
            rf"^(?P<h>{_THING})\s{_MV}\s{_N}\s{_CASH}\s(?P<cmp>more|less)\sthan\s(?P<o>{_THING})(?:\s(?:does|did|do))?$",
            rf"^(?P<h>{_THING})\s{_IS}\s{_N}\s{_CASH}\s(?P<cmp>cheaper|more\sexpensive)\sthan\s(?P<o>{_THING})$",
        ]
        for pat in pats:
            m = re.fullmatch(pat, c, re.I)
            if m is None:
                continue
            d = m.groupdict()
            cmp_ = d["cmp"].lower()
            if d.get("noun"):
                noun = d["noun"].lower()
                h = m.group("h")
                if not h.lower().endswith("'s"):
                    return False
                if cmp_ in ("more", "less"):
                    dims, sign = {noun}, 1 if cmp_ == "more" else -1
                else:
                    dims, sign = _MORE[cmp_]
                    dims = dims & {noun}
                thing = self._thing(h + " " + noun, new=True)
                o = re.sub(rf"\s{noun}$", "", d["o"].strip(), flags=re.I)
                o = re.sub(r"^that\sof\s", "", o)
                other = self._thing(o + ("" if o.lower().endswith("'s") else "'s"), new=False)
            elif d.get("mv") or cmp_ == "more expensive":
                dims = self._money(d["mv"]) if d.get("mv") else {"price"}
                sign = -1 if cmp_ == "less" else 1
                thing = self._thing(m.group("h"), new=True)
                other = self._thing(d["o"], new=True)
                if d.get("mv") and not self._verb(d["mv"]):
                    return False
            else:
                if cmp_ in ("more", "less", "fewer"):
                    dims = {"weight"} if d.get("v") is None else {"distance"}
                    sign = 1 if cmp_ == "more" else -1
                else:
                    dims, sign = _MORE[cmp_]
                    if d.get("v") is not None:
                        dims = (
                            {"distance"}
                            if cmp_ in ("farther", "further", "longer", "shorter")
                            else {"height"}
                        )
                thing = self._thing(m.group("h"), new=True)
                other = self._thing(d["o"], new=True)
            if thing is None or other is None or thing == other:
                return False
            if not self._kind(dims) or not self._unit(d.get("u")) or not self._verb(d.get("v")):
                return False
            if not self._fits(d.get("u"), dims):
                return False
            self.eqs.append(sp.Eq(thing, other + sign * sp.Rational(d["n"]), evaluate=False))
            return True
        return False

    # -- the question --------------------------------------------------------------------------

    def question(self, q: str):
        """(expression, what it says, unit asked or None), or None."""
        q = re.sub(r"\s(?:also|now)\s", " ", q.strip())
        m = re.fullmatch(
            rf"how\s(?P<adj>tall|high|long|deep|wide|heavy|far)\s(?:is|was|are|were)\s(?P<h>{_THING})",
            q,
            re.I,
        )
        if m:
            return self._one_thing(m.group("h"), _ADJ[m.group("adj").lower()], None, None)
        m = re.fullmatch(rf"how\smuch\s(?:does|did)\s(?P<h>{_THING})\sweigh", q, re.I)
        if m:
            return self._one_thing(m.group("h"), {"weight"}, None, None)
        m = re.fullmatch(
            rf"how\s(?:far|many\s{_UNIT})\s(?:did|does|can|could)\s(?P<h>{_THING})\s{_VERB}", q, re.I
        )
        if m:
            return self._one_thing(m.group("h"), {"distance"}, m.groupdict().get("u"), m.group("v"))
        m = re.fullmatch(
            rf"how\smany\s{_UNIT}\s(?P<adj>tall|high|long|deep|wide|heavy)\s(?:is|was)\s(?P<h>{_THING})",
            q,
            re.I,
        )
        if m:
            return self._one_thing(m.group("h"), _ADJ[m.group("adj").lower()], m.group("u"), None)
        m = re.fullmatch(rf"how\smuch(?:\smoney)?\s(?P<aux>does|did|do)\s(?P<h>{_THING})\s{_MV}", q, re.I)
        if m:
            lemma = _MONEY_LEMMA[m.group("mv").lower()]
            if (
                m.group("mv").lower() != lemma
                or not self._verb(lemma)
                or not self._asked_tense(m.group("aux"))
            ):
                return None
            return self._one_thing(m.group("h"), self._money(lemma), None, None)
        m = re.fullmatch(
            rf"how\smuch\s(?P<cmp>more|less)(?:\smoney)?\s(?P<aux>does|did|do)\s(?P<h>{_THING})\s{_MV}(?:\sthan\s(?P<o>{_THING})(?:\s(?:does|did))?)?",
            q,
            re.I,
        )
        if m:
            if not self._asked_tense(m.group("aux")):
                return None
            return self._money_difference(m.group("h"), m.group("o"), m.group("cmp").lower(), m.group("mv"))
        m = re.fullmatch(rf"what\s(?:is|was)\s(?P<h>{_THING})\s(?P<noun>score|height|length|weight)", q, re.I)
        if m and m.group("h").lower().endswith("'s"):
            noun = m.group("noun").lower()
            return self._one_thing(m.group("h") + " " + noun, {noun}, None, None)
        more = "|".join(_MORE)
        m = re.fullmatch(
            rf"how\s(?:much|many\s{_UNIT})\s(?P<cmp>{more})\s(?:is|was|did|does)\s(?P<h>{_THING})(?:\s{_VERB})?\sthan\s(?P<o>{_THING})(?:\s(?:is|was|did|does))?",
            q,
            re.I,
        )
        if m:
            return self._difference(
                m.group("h"),
                m.group("o"),
                m.group("cmp").lower(),
                m.groupdict().get("u"),
                m.groupdict().get("v"),
            )
        m = re.fullmatch(
            r"what\s(?:is|was)\s(?:the\s)?(?:(?P<noun>height|length|weight|distance)\s)?difference\s(?:in\s(?P<noun2>height|length|weight)\s)?between\s(?P<pair>.+)",
            q,
            re.I,
        )
        if m:
            return self._between(m.group("pair"), (m.group("noun") or m.group("noun2") or "").lower())
        return None

    def _one_thing(self, h: str, dims: set[str], unit: str | None, verb: str | None):
        thing = self._thing(h, new=False)
        if thing is None or not self._kind(dims) or not self._unit(unit) or not self._verb(verb):
            return None
        noun = _NOUN[sorted(self.dims or dims)[0]]
        return thing, h.strip() if h.lower().endswith(noun) else f"the {noun} of {h.strip()}"

    def _money_difference(self, h: str, o: str | None, cmp_: str, mv: str):
        """ "How much more did Nick save than Lee?"; without "than", the one other thing told."""
        lemma = _MONEY_LEMMA[mv.lower()]
        if mv.lower() != lemma or not self._verb(lemma) or not self._kind(self._money(lemma)):
            return None
        a = self._thing(h, new=False)
        if o is not None:
            b = self._thing(o, new=False)
        else:
            others = [t for t in self.things.values() if t != a]
            b = others[0] if len(others) == 1 else None
        if a is None or b is None or a == b:
            return None
        return (a - b if cmp_ == "more" else b - a), f"how much {cmp_}"

    def _difference(self, h: str, o: str, cmp_: str, unit: str | None, verb: str | None):
        a, b = self._thing(h, new=False), self._thing(o, new=False)
        dims, sign = _MORE[cmp_]
        if verb is not None:
            dims = {"distance"} if cmp_ in ("farther", "further", "longer", "shorter") else {"height"}
        if (
            a is None
            or b is None
            or a == b
            or not self._kind(dims)
            or not self._unit(unit)
            or not self._verb(verb)
        ):
            return None
        return sign * (a - b), f"how much {cmp_}"

    def _between(self, pair: str, noun: str):
        if noun and not self._kind({noun}):
            return None
        p = pair.strip().lower()
        if re.fullmatch(r"(?:the|these|those)\s(?:two|2)(?:\s[a-z]+)?|them", p):
            if len(self.things) != 2:
                return None
            a, b = self.things.values()
        else:
            p = re.sub(r"^the\s(?:heights?|lengths?|weights?|scores?)\sof\s", "", pair.strip(), flags=re.I)
            bits = re.split(r"\sand\s", p)
            if len(bits) != 2:
                return None
            a, b = self._thing(bits[0], new=False), self._thing(bits[1], new=False)
            if a is None or b is None or a == b:
                return None
        return self.sp.Abs(a - b), "the difference"

    # -- solving -------------------------------------------------------------------------------

    def solve(self, expr, says: str) -> Solution | None:
        sp = self.sp
        syms = list(self.things.values())
        try:
            sols = sp.solve(self.eqs, syms, dict=True)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if len(sols) != 1 or any(s not in sols[0] for s in syms):
            return None  # every thing's measure settled: nothing told only in part
        if any(not v.is_Rational or v < 0 for v in sols[0].values()):
            return None
        value = exact_number(expr.subs(sols[0]))
        if not value.is_Rational or value < 0:
            return None
        unit = next(iter(self.units)) if self.units else ""
        shown = _ONE.get(unit, unit) if value == 1 else _SHOWN.get(unit, unit)
        names = [
            (sp.latex(sym), f"the measure of {label}") for sym, label in zip(syms, self.shown, strict=True)
        ]
        eqs = [*self.eqs]
        return equations_solution(eqs, names, value, shown, says)
