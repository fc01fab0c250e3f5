"""The words of number puzzles as SymPy expressions: "five more than twice a number", "the sum of
a number and 2", "one-third of the number", "6 subtracted from the number". A small grammar with the
usual precedence (sums and differences bind loosest, then "times"/"divided by"/"half of", then
"the sum of A and B" and the unknowns themselves); each phrase gives the SET of its readings, so a
caller can refuse a phrase that reads two ways. The unknowns a phrase may name (":a number", "the
larger number") are the caller's: a :class:`Lexicon` maps their words to symbols.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tutor.math.parse import sympy_module

__all__ = ["Lexicon", "readings", "one_reading", "FRACTIONS", "fraction_value"]

_ORDINAL_DEN = {
    "half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_DEN = "|".join(sorted(_ORDINAL_DEN, key=len, reverse=True))
# "2-third", "1-fifth", "3 quarters", "2/3" (number words are numerals after normalising)
FRACTIONS = rf"(?:\d+[\s-](?:{_DEN})s?|\d+/\d+)"
_NUM = r"\d+(?:\.\d+)?"
_MULT_WORDS = {"twice": 2, "double": 2, "thrice": 3, "triple": 3}


def fraction_value(t: str):
    """ "2-third" -> 2/3, "3/4" -> 3/4, "12" -> 12, "1.5" -> 3/2; None when it is none of these."""
    sp = sympy_module()
    t = t.strip()
    if re.fullmatch(_NUM, t):
        return sp.Rational(t)
    m = re.fullmatch(r"(\d+)/(\d+)", t)
    if m and int(m.group(2)):
        return sp.Rational(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(rf"(\d+)[\s-]({_DEN})s?", t)
    if m:
        return sp.Rational(int(m.group(1)), _ORDINAL_DEN[m.group(2)])
    return None


class Lexicon:
    """The unknowns a puzzle's phrases may name: a list of (full-match pattern, symbol)."""

    def __init__(self, atoms: list[tuple[str, object]]):
        self.atoms = [(re.compile(p), s) for p, s in atoms]
        self.cache: dict = {}  # (level, phrase) -> readings, for this lexicon only

    def atom(self, p: str):
        for rx, sym in self.atoms:
            if rx.fullmatch(p):
                return sym
        return None


# the additive operators, loosest: (words, how the two sides combine)
_ADD_OPS: list[tuple[str, Callable]] = [
    (r"plus", lambda a, b: a + b),
    (r"minus", lambda a, b: a - b),
    (r"added\s(?:to|with)", lambda a, b: a + b),
    (r"increased\sby", lambda a, b: a + b),
    (r"(?:decreased|reduced|diminished)\sby", lambda a, b: a - b),
    (r"(?:more|greater)\sthan", lambda a, b: b + a),
    (r"(?:less|fewer)\sthan", lambda a, b: b - a),
    (r"(?:subtracted|taken\saway|taken)\sfrom", lambda a, b: b - a),
]
_MUL_OPS: list[tuple[str, Callable]] = [
    (r"times", lambda a, b: a * b),
    (r"multiplied\sby", lambda a, b: a * b),
    (r"divided\sby", lambda a, b: a / b),
]
_ADD_RX = re.compile(r"\s(" + "|".join(f"(?:{w})" for w, _ in _ADD_OPS) + r")\s")
_MUL_RX = re.compile(r"\s(" + "|".join(f"(?:{w})" for w, _ in _MUL_OPS) + r")\s")


def _op(ops, word: str) -> Callable:
    for w, f in ops:
        if re.fullmatch(w, word):
            return f
    raise KeyError(word)


def readings(p: str, lex: Lexicon) -> frozenset:
    """Every reading of the phrase `p` (lower case, number words as numerals) as an expression in
    the lexicon's unknowns; empty when it cannot be read."""
    return _additive(_tidy(p), lex)


def one_reading(p: str, lex: Lexicon):
    """The phrase's one reading; None when it has none or several."""
    rs = readings(p, lex)
    return next(iter(rs)) if len(rs) == 1 else None


def _tidy(p: str) -> str:
    p = re.sub(r"\s*,\s*", " ", p.lower())
    return re.sub(r"\s+", " ", p).strip(" .")


def _additive(p: str, lex: Lexicon) -> frozenset:
    key = ("a", p)
    if key in lex.cache:
        return lex.cache[key]
    lex.cache[key] = frozenset()  # a phrase never reads itself
    out = set(_multiplicative(p, lex))
    for m in _ADD_RX.finditer(p):
        f = _op(_ADD_OPS, m.group(1))
        for a in _additive(p[: m.start()], lex):
            for b in _multiplicative(p[m.end() :], lex):
                out.add(f(a, b))
    res = frozenset(out)
    lex.cache[key] = res
    return res


def _multiplicative(p: str, lex: Lexicon) -> frozenset:
    key = ("m", p)
    if key in lex.cache:
        return lex.cache[key]
    lex.cache[key] = frozenset()
    sp = sympy_module()
    out = set(_primary(p, lex))
    m = re.fullmatch(rf"(?:the\s)?({_NUM}|twice|thrice|double|triple)\s(?:times\s)?(?:of\s)?(.+)", p)
    if m and (m.group(1) in _MULT_WORDS or re.search(r"\stimes\s", p[: m.start(2) + 1])):
        k = _MULT_WORDS.get(m.group(1)) or sp.Rational(m.group(1))
        out |= {k * e for e in _multiplicative(m.group(2), lex)}
    m = re.fullmatch(rf"(half|{FRACTIONS})\s(?:of\s)?(.+)", p)
    if m:
        k = sp.Rational(1, 2) if m.group(1) == "half" else fraction_value(m.group(1))
        if k is not None and (m.group(1) == "half" or " of " in p[: m.start(2) + 1]):
            out |= {k * e for e in _multiplicative(m.group(2), lex)}
    for m in _MUL_RX.finditer(p):
        f = _op(_MUL_OPS, m.group(1))
        for a in _multiplicative(p[: m.start()], lex):
            for b in _primary(p[m.end() :], lex):
                if f is _MUL_OPS[2][1] and b == 0:
                    continue
                out.add(f(a, b))
    res = frozenset(out)
    lex.cache[key] = res
    return res


_PAIR = {
    "sum": lambda a, b: a + b,
    "total": lambda a, b: a + b,
    "difference": lambda a, b: a - b,
    "product": lambda a, b: a * b,
    "quotient": lambda a, b: a / b,
}


def _primary(p: str, lex: Lexicon) -> frozenset:
    sym = lex.atom(p)
    if sym is not None:
        return frozenset({sym})
    v = fraction_value(p)
    if v is not None:
        return frozenset({v})
    out = set()
    m = re.fullmatch(r"(?:the\s)?(sum|total|difference|product|quotient)\s(?:of|between)\s(.+)", p)
    if m:
        f = _PAIR[m.group(1)]
        body = m.group(2)
        for a_m in re.finditer(r"\sand\s", body):
            for a in _additive(body[: a_m.start()], lex):
                for b in _additive(body[a_m.end() :], lex):
                    if m.group(1) == "quotient" and b == 0:
                        continue
                    out.add(f(a, b))
    m = re.fullmatch(r"(?:the\s)?square\sof\s(.+)", p)
    if m:
        out |= {e**2 for e in _primary(m.group(1), lex)}
    return frozenset(out)
