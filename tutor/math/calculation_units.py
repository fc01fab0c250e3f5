"""Arithmetic statements written with unit words between the operands, read where the meaning is
unambiguous (used by :mod:`tutor.math.calculations`).

The general form is ``number [unit words] op number [unit words] ... = number [unit words]``:
"60 toys / 2 = 30 toys", "3 boxes x 4 pens = 12 pens", "2 hours * 30 miles/hour = 60 miles",
"$4 + $12 + $2.50 = $18.50". The words only name what each number counts, so the statement's
arithmetic is the numbers' arithmetic. A statement is *skipped* (not read) wherever the words may
change that arithmetic, since a false "calculation error" under a right line is the worst outcome:

* a word that scales or is math: "3 dozen", "2 hundred", "20 percent", "half", "3 pairs",
  "squared", a number word, "am"/"pm", any single letter ("3 x", "2 n": a variable);
* ``+`` / ``-`` between different things ("2 hours + 30 minutes", "48 crabs + 25 oysters"), a
  bare number added to a measure ("2 hours + 30"), a percent in a sum, or a result that names
  another thing ("4 nickels + 5 = 25 cents");
* ``*`` / ``/`` that leave two units of one dimension ("5 feet / 12 inches", "2 hours * 60 =
  120 minutes"); a rate that cancels cleanly is read ("15 feet * 12 inches/foot = 180 inches");
* a division followed by another product or quotient ("15 marbles / 60 marbles * 100": the
  grouping is not written), ``+``/``-`` mixed with ``*``/``/``, parentheses;
* a first number that continues something before it ("half of 60 toys / 2", "1 hour 30
  minutes * 2", "3y + 10 apples"), or a result that is not one plain number ("= 25%",
  "= 1 hour 30 minutes", "= 1.5 dozen").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = ["UnitLeft", "read_unit_left", "unit_result_agrees", "ambiguous_result"]

MAX_CHARS = 240
MAX_WORDS = 5

_SCALE = set(
    "dozen dozens score scores gross hundred hundreds thousand thousands million millions billion "
    "billions trillion trillions half halves third thirds quarter quarters fourth fourths fifth "
    "fifths sixth sixths seventh sevenths eighth eighths ninth ninths tenth tenths hundredth "
    "hundredths thousandth thousandths percent percentage percentages pct pair pairs couple "
    "couples grand".split()
)
_MATH = set(
    "times squared cubed point plus minus over divided multiplied by and or than to power powers "
    "root roots sqrt fold twice double triple quadruple am pm remainder remainders mod modulo "
    "out negative".split()
)
_NUMBER_WORDS = set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety ones twos threes fours fives sixes sevens eights nines tens teens twenties".split()
)
_BAD = _SCALE | _MATH | _NUMBER_WORDS
_PREFIX_BAD = _BAD | {"of", "per", "x"}
_LINKING = set("in for to out from every by".split())
# words that end the naming group ("slices of cheesecake", "1 person in the afternoon")
_FUNCTION = set("of in on at for with from the each every that this his her their its".split())
_FILLER = set(
    "in total altogether left remaining now then so and which that this is was are were for".split()
)

_DIMENSIONS = {
    "time": "second:second,seconds,sec,secs minute:minute,minutes,min,mins hour:hour,hours,hr,hrs "
    "day:day,days week:week,weeks,wk,wks month:month,months year:year,years,yr,yrs "
    "decade:decade,decades century:century,centuries",
    "length": "inch:inch,inches foot:foot,feet,ft yard:yard,yards,yd,yds mile:mile,miles,mi "
    "meter:meter,meters,metre,metres centimeter:centimeter,centimeters,centimetre,centimetres,cm "
    "millimeter:millimeter,millimeters,millimetre,millimetres,mm "
    "kilometer:kilometer,kilometers,kilometre,kilometres,km",
    "mass": "gram:gram,grams milligram:milligram,milligrams,mg kilogram:kilogram,kilograms,kg,kilo,"
    "kilos pound:pound,pounds,lb,lbs ounce:ounce,ounces,oz ton:ton,tons,tonne,tonnes",
    "volume": "liter:liter,liters,litre,litres milliliter:milliliter,milliliters,millilitre,"
    "millilitres,ml gallon:gallon,gallons,gal quart:quart,quarts,qt pint:pint,pints cup:cup,cups "
    "tablespoon:tablespoon,tablespoons,tbsp teaspoon:teaspoon,teaspoons,tsp",
    "money": "dollar:dollar,dollars,buck,bucks cent:cent,cents penny:penny,pennies "
    "nickel:nickel,nickels dime:dime,dimes euro:euro,euros",
}
_MEASURE: dict[str, tuple[str, str]] = {}  # word -> (dimension, unit)
for _dim, _spec in _DIMENSIONS.items():
    for _entry in _spec.split():
        _unit, _words = _entry.split(":")
        for _w in _words.split(","):
            _MEASURE[_w] = (_dim, _unit)
_COMPOUND = {"mph": ("mile", "hour"), "kph": ("kilometer", "hour"), "kmh": ("kilometer", "hour")}
_UNIT_DIM = {unit: dim for dim, unit in _MEASURE.values()}
# one letter after a stated result is read as a unit there ("= 0.5 m"), never between operands
_LETTER_UNITS = {"m": "meter", "g": "gram", "l": "liter", "s": "second", "h": "hour"}
_UNIT_DIM.update({"mile": "length", "kilometer": "length"})
# units written onto the number ("60min", "0.5kg"); a letter after a number is otherwise a variable
_ATTACHED = {
    "min", "mins", "hr", "hrs", "sec", "secs", "yr", "yrs", "km", "cm", "mm", "kg", "mg", "ml",
    "ft", "lb", "lbs", "oz", "mi", "gal", "mph", "kph",
}  # fmt: skip

_IRREGULAR = {
    "feet": "foot", "children": "child", "people": "person", "men": "man", "women": "woman",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "oxen": "ox", "knives": "knife",
    "leaves": "leaf", "loaves": "loaf", "wolves": "wolf", "shelves": "shelf", "calves": "calf",
    "lives": "life", "dice": "die", "fish": "fish", "sheep": "sheep", "deer": "deer",
}  # fmt: skip


def _singular(word: str) -> str:
    w = word.lower()
    if w in _MEASURE:
        return _MEASURE[w][1]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "ches", "shes", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 2:
        return w[:-1]
    return w


_TOKEN = re.compile(
    r"(?P<num>(?:\$\s?)?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:/\d+(?![\d.,/]))?%?|\$?\.\d+%?)"
    r"(?P<att>[A-Za-z]+)?"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<op>[-+*/])"
    r"|(?P<ws>\s+)"
    r"|(?P<other>.)",
)


@dataclass
class _Tok:
    kind: str  # num / word / op / other
    text: str
    start: int
    space_before: bool
    attached: str | None = None


def _normalise(seg: str) -> str:
    s = re.sub(r"\\(?:text|mathrm|textrm)\s*\{([^{}]*)\}", r" \1 ", seg)
    s = re.sub(r"\\(?:times|cdot|ast)(?![A-Za-z])", " * ", s)
    s = re.sub(r"\\div(?![A-Za-z])", " / ", s)
    s = s.replace("\\$", "$").replace("\\%", "%")
    s = re.sub(r"\\[,;! ]", " ", s)
    for a, b in (("×", "*"), ("·", "*"), ("÷", "/"), ("−", "-"), ("–", "-")):
        s = s.replace(a, b)
    return s


def _tokens(s: str) -> list[_Tok]:
    out: list[_Tok] = []
    space = True
    for m in _TOKEN.finditer(s):
        kind = m.lastgroup or "other"
        if kind == "att":  # only set together with num
            kind = "num"
        if kind == "ws":
            space = True
            continue
        if m.group("num") is not None:
            out.append(_Tok("num", m.group("num"), m.start(), space, m.group("att")))
        else:
            out.append(_Tok(kind, m.group(0), m.start(), space))
        space = False
    return out


@dataclass
class _Operand:
    num: str
    dollar: bool
    pct: bool
    words: list[str] = field(default_factory=list)  # lower-case, as written
    den: str | None = None  # "hour" of "30 miles/hour", "30 miles per hour", "$5 an hour"

    @property
    def has_unit(self) -> bool:
        return bool(self.words or self.dollar or self.den)

    def head(self) -> str | None:
        """What the number counts, singular: the last word before a function word."""
        group: list[str] = []
        for w in self.words:
            if w in _FUNCTION:
                break
            group.append(w)
        if group:
            return _singular(group[-1])
        return "dollar" if self.dollar else None

    def key(self) -> tuple[str | None, str | None]:
        return self.head(), _singular(self.den) if self.den else None

    def measures(self) -> Counter:
        """Measurement units with their exponents (a rate's denominator counts -1)."""
        c: Counter = Counter()
        units = {_MEASURE[w][1] for w in self.words if w in _MEASURE}
        for w in self.words:
            if w in _COMPOUND:
                units.add(_COMPOUND[w][0])
                c[_COMPOUND[w][1]] -= 1
        if self.dollar:
            units.add("dollar")
        for u in units:
            c[u] += 1
        if self.den and self.den in _MEASURE:
            c[_MEASURE[self.den][1]] -= 1
        return c


@dataclass
class UnitLeft:
    arithmetic: str  # "60 / 2": the numbers' arithmetic, for evaluate_arithmetic
    written: str  # "60 toys / 2", as in the text
    operands: list[_Operand]
    ops: list[str]

    @property
    def additive(self) -> bool:
        return self.ops[0] in "+-"

    def measured(self) -> set[str]:
        """The measurement units any operand names ("2 hours long": hour)."""
        return {u for o in self.operands for u in o.measures() if u in _UNIT_DIM}

    def signature(self) -> Counter:
        total: Counter = Counter()
        for i, o in enumerate(self.operands):
            sign = -1 if i > 0 and self.ops[i - 1] == "/" else 1
            for u, e in o.measures().items():
                total[u] += sign * e
        return Counter({u: e for u, e in total.items() if e})


def _valid_word(w: _Tok) -> bool:
    t = w.text
    return len(t) >= 2 and t.islower() and t not in _BAD


def _operand(toks: list[_Tok], i: int) -> tuple[_Operand, int] | None:
    """The operand starting at token i (a number), and the index after it."""
    t = toks[i]
    num = t.text.replace(" ", "")
    if t.attached is not None and t.attached.lower() not in _ATTACHED:
        return None  # "3y", "100m": a variable or an unreadable unit
    op = _Operand(num.lstrip("$"), num.startswith("$"), num.endswith("%"))
    if t.attached is not None:
        op.words.append(t.attached.lower())
    i += 1
    while i < len(toks) and toks[i].kind == "word":
        w = toks[i]
        if w.text == "x" and i + 1 < len(toks) and toks[i + 1].kind == "num":
            break  # "3 boxes x 4 pens": the operator
        if w.text in ("per", "a", "an") and i + 1 < len(toks) and toks[i + 1].kind == "word":
            if not _valid_word(toks[i + 1]) or toks[i + 1].text in _FUNCTION:
                return None
            op.den = toks[i + 1].text
            i += 2
            break
        if not _valid_word(w):
            return None
        op.words.append(w.text)
        i += 1
    if (
        op.den is None
        and i + 1 < len(toks)
        and toks[i].text == "/"
        and toks[i + 1].kind == "word"
        and op.has_unit
    ):
        den = toks[i + 1]
        if not _valid_word(den) and den.text not in _ATTACHED:
            return None
        op.den = den.text
        i += 2
    if len(op.words) + (op.den is not None) > MAX_WORDS:
        return None
    return op, i


def _parse_from(toks: list[_Tok], k: int) -> tuple[list[_Operand], list[str]] | None:
    """operand (op operand)+ from token k to the end of the tokens."""
    operands, ops = [], []
    i = k
    while True:
        got = _operand(toks, i)
        if got is None:
            return None
        operand, i = got
        operands.append(operand)
        if i == len(toks):
            break
        t = toks[i]
        if t.kind == "op":
            ops.append("*" if t.text == "*" else t.text)
        elif t.kind == "word" and t.text == "x":
            ops.append("*")
        else:
            return None
        i += 1
        if i == len(toks) or toks[i].kind != "num":
            return None
    return (operands, ops) if ops else None


def _prefix_ok(toks: list[_Tok], k: int) -> bool:
    """Nothing before the first number belongs to the expression."""
    if k == 0:
        return True
    if not toks[k].space_before:
        return False  # "12:55", "(60 toys", "4:2"
    prev = toks[k - 1]
    if prev.kind == "word":
        w = prev.text.lower()
        if w in _PREFIX_BAD or w in _MEASURE or w in _COMPOUND or len(w) == 1:
            return False  # "half of 60", "1 hour 30 minutes", "3 x 4 apples"
        if toks[k - 2].kind == "num" if k >= 2 else False:
            return False  # "2 weeks 3 days * 2", "3 in 4 people * 20": one quantity, a ratio
        if w in _LINKING:
            for j in range(k - 2, max(k - 5, -1), -1):  # up to three words back
                if toks[j].kind == "num":
                    return False  # "60 minutes in 1 hour * 2"
                if toks[j].kind != "word":
                    break
        return True
    if prev.kind == "other":
        return prev.text in ",.:;!?"
    return False  # a number, an operator


def read_unit_left(seg: str, whole: bool = False) -> UnitLeft | None:
    """The unit statement's left side ending `seg` (all of `seg` when `whole`), or None when it
    is not one or its reading is not unambiguous."""
    cut = len(seg) > MAX_CHARS
    s = _normalise(seg[-MAX_CHARS:]).rstrip()
    toks = _tokens(s)
    if not toks:
        return None
    starts = [0] if whole else [k for k, t in enumerate(toks) if t.kind == "num"]
    for k in starts:
        if toks[k].kind != "num":
            return None
        parsed = _parse_from(toks, k)
        if parsed is None:
            continue
        if (whole and cut) or (k == 0 and cut) or not _prefix_ok(toks, k):
            return None
        operands, ops = parsed
        left = UnitLeft(
            " ".join(
                x
                for i, o in enumerate(operands)
                for x in (([ops[i - 1]] if i else []) + [f"({o.num})" if "/" in o.num else o.num])
            ),
            s[toks[k].start :].strip(),
            operands,
            ops,
        )
        return left if _left_consistent(left) else None
    return None


def _left_consistent(left: UnitLeft) -> bool:
    ops, operands = left.ops, left.operands
    if not any(o.has_unit for o in operands):
        return False  # no unit words: the plain reader's business
    if any(o in "+-" for o in ops) and any(o in "*/" for o in ops):
        return False  # precedence with words between: skip
    if left.additive:
        if any(o.pct for o in operands):
            return False  # "200 dollars + 20%"
        keys = {o.key() for o in operands if o.has_unit}
        if len(keys) != 1:
            return False  # "2 hours + 30 minutes", "48 crabs + 25 oysters"
        if left.measured() and not all(o.has_unit for o in operands):
            return False  # "2 hours + 30": 30 what?
        return True
    if "/" in ops[:-1]:
        return False  # "15 marbles / 60 marbles * 100": the grouping is not written
    return _dimensions_ok(left, set())


def _dimensions_ok(left: UnitLeft, named: set[str]) -> bool:
    """At most one unit of each dimension is left over (two only as one written rate: "7
    days/week"), and the result names no other unit of a dimension the left side keeps."""
    if left.additive:
        remaining = left.measured()
    else:
        remaining = set(left.signature())
    rates = [{u for u in o.measures() if u in _UNIT_DIM} for o in left.operands if o.den is not None]
    by_dim: dict[str, set[str]] = {}
    for u in remaining:
        if u in _UNIT_DIM:
            by_dim.setdefault(_UNIT_DIM[u], set()).add(u)
    for units in by_dim.values():
        if len(units) > 1 and units not in rates:
            return False  # "5 feet / 12 inches"
    return all(u in by_dim.get(_UNIT_DIM[u], {u}) for u in named if u in _UNIT_DIM)


# ---- the stated result --------------------------------------------------------------------

_RESULT_BAD = _SCALE | _NUMBER_WORDS | {
    "squared", "cubed", "point", "am", "pm", "remainder", "remainders", "r",
}  # fmt: skip
_SCALE_FACTOR = {
    "dozen": Fraction(12), "score": Fraction(20), "gross": Fraction(144), "hundred": Fraction(100),
    "thousand": Fraction(1000), "grand": Fraction(1000), "million": Fraction(10**6),
    "billion": Fraction(10**9), "trillion": Fraction(10**12), "pair": Fraction(2),
    "couple": Fraction(2), "half": Fraction(1, 2), "halve": Fraction(1, 2), "third": Fraction(1, 3),
    "quarter": Fraction(1, 4), "fourth": Fraction(1, 4), "fifth": Fraction(1, 5),
    "sixth": Fraction(1, 6), "seventh": Fraction(1, 7), "eighth": Fraction(1, 8),
    "ninth": Fraction(1, 9), "tenth": Fraction(1, 10), "hundredth": Fraction(1, 100),
    "thousandth": Fraction(1, 1000), "percent": Fraction(1, 100), "percentage": Fraction(1, 100),
    "pct": Fraction(1, 100), "k": Fraction(1000),
}  # fmt: skip
_REMAINDER = {"remainder", "remainders", "r", "left", "leftover", "over", "whole", "full", "complete", "with"}
_RESULT_WORDS = re.compile(r"\s*((?:(?:[A-Za-z]+|/)\s*){0,6})(.?)")


def _result_words(rest: str) -> tuple[list[str], str]:
    """The words naming the stated result (up to six, "/" kept), and the character after them."""
    m = _RESULT_WORDS.match(_normalise(rest))
    words = re.findall(r"[A-Za-z]+|/", m.group(1)) if m else []
    return [w.lower() for w in words], (m.group(2) if m else "")


def ambiguous_result(rest: str, value: Fraction, stated: Fraction) -> bool:
    """A stated value that disagrees with its left side may still be right when the words after
    it scale it ("1200 * 1000 = 1.2 million", "24 / 2 = 1 dozen") or it is a compound measure
    ("90 / 60 = 1 hour 30 minutes") or a remainder ("10 / 4 = 2 remainder 2"): True where such
    a statement must not be called wrong."""
    words, after = _result_words(rest)
    if not words:
        return False
    if (
        value.numerator // value.denominator == stated or -(-value.numerator // value.denominator) == stated
    ) and any(w in _REMAINDER for w in words):
        return True  # "8 slices / 3 people = 2 slices each with 2 left over": whole parts
    for w in words[:2]:
        factor = _SCALE_FACTOR.get(_singular(w))
        if factor is not None:
            return abs(value - stated * factor) <= abs(value) / 20
        if w in _RESULT_BAD:
            return True
    # "= 1 hour 30 minutes", "= 3 times 4"; "= 42 times" is a count
    return after.isdigit() and len(words) == 1 and (words[0] in _MEASURE or words[0] == "times")


def unit_result_agrees(left: UnitLeft, right: str, rest: str) -> bool:
    """Does the result "= <right> <rest>" name what the left side computes (or nothing)?"""
    right = right.strip().replace("\\$", "$")
    if not re.fullmatch(r"\$?-?\d[\d,]*(?:\.\d+)?(?:/\d+)?", right):
        return False  # "= 25%", "= 3 + 4": not one plain number
    words, _ = _result_words(rest)
    named = {_MEASURE[w][1] for w in words if w in _MEASURE}
    named |= {_LETTER_UNITS[w] for w in words[:1] if w in _LETTER_UNITS}
    for w in words:
        if w in _COMPOUND:
            named.update(_COMPOUND[w])
    if right.startswith("$"):
        named.add("dollar")
    if not _dimensions_ok(left, named):
        return False  # "4 nickels + 5 = 25 cents", "2 hours * 60 = 120 minutes"
    if left.additive:
        head = next(o.key() for o in left.operands if o.has_unit)[0]
        if head is not None and head not in _UNIT_DIM and head not in _COMPOUND:
            if named:
                return False  # "5 apples + 3 apples = $8": the result counts something else
            if words and head not in {_singular(w) for w in words} and words[0] not in _FILLER:
                return False  # "48 toys + 2 toys = 50 dolls"
    return True
