"""Helpers the plain-phrasing families share (sequences, coordinate geometry, ratios, absolute
value, counting, data, percent word problems): exact numbers as written (``4,567``, ``-2.5``,
``3/4``), lists of them, ordinals ("20th", "fifteenth"), and the question openers a textbook uses.

Every reader here returns an exact SymPy Rational or None / raises nothing: a family that cannot
read a number returns None and the text goes on to the general parser, which refuses the words it
does not know.
"""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module

# a plain number: -12, 3.5, .5, 4,567 (thousands commas only in groups of three), 3/4
NUM = r"(?:-?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?/\s?\d+)?|-?\s?\.\d+)"
# a number inside a list (no thousands commas: the comma separates items)
ITEM = r"(?:-?\s?\d+(?:\.\d+)?(?:\s?/\s?\d+)?|-?\s?\.\d+)"
# what a question opens with
ASK = (
    r"(?:(?:please\s+)?(?:find|what\s+is|what's|calculate|compute|determine|work\s+out|give|state|write\s+down|"
    r"evaluate|write)\s+)?"
)

_ORD_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
}
ORDINAL = r"(?:\d{1,6}(?:st|nd|rd|th)|" + "|".join(_ORD_WORDS) + r")"

COUNT_WORDS = {  # number words one to twelve (also read by tutor.tutoring.practice)
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
COUNT = r"(?:\d{1,6}|" + "|".join(COUNT_WORDS) + r")"


def number(t: str):
    """The exact value of a number as written (see :data:`NUM`), or None."""
    sp = sympy_module()
    t = t.replace(" ", "")
    if not re.fullmatch(NUM.replace(r"\s?", ""), t):
        return None
    t = t.replace(",", "")
    if "/" in t:
        a, b = t.split("/")
        if sp.Rational(b) == 0:
            return None
        return sp.Rational(sp.Rational(a), sp.Rational(b))
    return sp.Rational(t)


def ordinal(t: str) -> int | None:
    """20th -> 20, fifteenth -> 15 (None when it is not an ordinal); the suffix must fit the number."""
    t = t.strip().lower()
    if t in _ORD_WORDS:
        return _ORD_WORDS[t]
    m = re.fullmatch(r"(\d{1,6})(st|nd|rd|th)", t)
    if not m:
        return None
    n = int(m.group(1))
    want = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return n if m.group(2) == want and n >= 1 else None


def count(t: str) -> int | None:
    """3 -> 3, "five" -> 5, else None."""
    t = t.strip().lower()
    if t.isdigit():
        return int(t)
    return COUNT_WORDS.get(t)


def items(t: str, min_len: int = 1):
    """The numbers of a list "4, 8, 15 and 16" (commas and/or a final "and"), or None."""
    parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", t.strip()) if p]
    if len(parts) < min_len:
        return None
    out = []
    for p in parts:
        if not re.fullmatch(ITEM, p):
            return None
        v = number(p)
        if v is None:
            return None
        out.append(v)
    return out


def clean(s: str) -> str:
    """One line, single spaces, no closing punctuation."""
    s = re.sub(r"\s+", " ", s.strip())
    return re.sub(r"[\s?.!]+$", "", s)
