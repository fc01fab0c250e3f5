"""Reading an everyday word problem's text: number words to numerals, money to "N dollars",
sentences (abbreviations and decimals kept whole), and the numbers each sentence states, so the
reader can say which sentence or number it did not account for. No SymPy here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = [
    "Sentence",
    "normalise",
    "sentences",
    "numbers_in",
    "singular",
    "glued_numbers",
    "NUMBER",
    "drop_asides",
]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_MULT = {"twice": 2, "double": 2, "thrice": 3, "triple": 3}
# a numeral as the reader writes it after normalising: 12, 3.5, 1,250 is written 1250
NUMBER = r"\d+(?:\.\d+)?"


@dataclass
class Sentence:
    """One sentence of the problem: its text (normalised), its position, and whether it asks."""

    text: str
    index: int
    question: bool = False
    used: set = field(default_factory=set)  # the numbers (as strings) a clause consumed


def _word_number(m: re.Match) -> str:
    words = m.group(0).lower().replace("-", " ").split()
    total, cur = 0, 0
    for w in words:
        if w in _UNITS:
            cur += _UNITS[w]
        elif w in _TENS:
            cur += _TENS[w]
        elif w == "hundred":
            cur = max(cur, 1) * 100
        elif w == "thousand":
            total += max(cur, 1) * 1000
            cur = 0
    return str(total + cur)


_WORDS = "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True))
_NUMBER_WORDS = re.compile(
    rf"\b(?:{_WORDS})(?:[\s-](?:{_WORDS}|hundred|thousand|and(?=[\s-](?:{_WORDS}))))*\b", re.IGNORECASE
)


def normalise(text: str) -> str:
    """Number words as numerals ("ninety-eight" -> 98; "one" only before a noun-like word is a
    number, "one of them" too), money as "N dollars", thousands commas dropped, spaces tidied."""
    s = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)
    s = re.sub(r"(?<![\w.])an?\s+dozen\b", "12", s, flags=re.I)
    s = re.sub(r"\bhalf\s+a\s+dozen\b", "6", s, flags=re.I)
    # "in each one", "every one of them": a pronoun, not the number 1
    s = re.sub(r"\b(each|every)\s+one\b", r"\1", s, flags=re.I)
    s = _NUMBER_WORDS.sub(_word_number, s)
    s = re.sub(r"\b(\d+)\s+dozen\b", lambda m: str(int(m.group(1)) * 12), s)
    # money: $17.00 -> 17 dollars, $2.50 -> 2.50 dollars; "17 cents" stays
    s = re.sub(r"\$\s?(\d+(?:\.\d+)?)", lambda m: _money(m.group(1)) + " dollars", s)
    return s


def _money(t: str) -> str:
    return t[:-3] if t.endswith(".00") else t


_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Mt|Jr|Sr|vs|etc|approx|No)\.$")


def drop_asides(text: str) -> str:
    """A normalised story without the asides that carry no amount: "Joe, 1 of the best hunters,
    found 12 eggs" (the 1 is "one of", not a count), a sentence opening "Still in a contest," /
    "Still," (even so; never "still left"), a time passing untold ("After a few hours,")."""
    s = re.sub(r"\b([A-Z][a-z]+),\s1\sof\s(?:the|his|her|their|my|our)\s[A-Za-z' -]+?,\s", r"\1 ", text)
    s = re.sub(r"(?:^|(?<=[.!?]\s))Still\b[^,.?!\d]*,\s([A-Za-z])", lambda m: m.group(1).upper(), s)
    # a time that passes without a number ("After a few hours,", "A few days later,"): when, not how many
    return re.sub(
        r"(?:^|(?<=[.!?]\s))(?:After\s(?:a\sfew|several)\s|(?:A\sfew|Several)\s)(?:minutes|hours|days|weeks|months|years)(?:\slater)?,\s([A-Za-z])",
        lambda m: m.group(1).upper(),
        s,
    )


def sentences(text: str) -> list[Sentence]:
    """The sentences of normalised text; a question is a sentence ending in "?" (or one opened by
    how/what/find/… at the end)."""
    out: list[Sentence] = []
    buf = ""
    i = 0
    while i < len(text):
        ch = text[i]
        buf += ch
        if ch in ".?!" and (i + 1 == len(text) or text[i + 1] == " "):
            if ch == "." and _ABBREV.search(buf):
                i += 1
                continue
            out.append(Sentence(buf.strip(), len(out), ch == "?"))
            buf = ""
        i += 1
    if buf.strip():
        out.append(Sentence(buf.strip(), len(out), False))
    if out and not any(s.question for s in out):
        last = out[-1]
        if re.match(r"(?:how|what|find|calculate|determine|work out)\b", last.text, re.I):
            last.question = True
    return out


def numbers_in(text: str) -> list[str]:
    """The numerals a sentence states (not ordinals such as 3rd, nor times such as 12:55)."""
    return [m.group(0) for m in re.finditer(r"(?<![\w.:])\d+(?:\.\d+)?(?![\w:]|\.\d)", text)]


_GLUED = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?!st\b|nd\b|rd\b|th\b|s\b)[A-Za-z]")


def glued_numbers(text: str) -> bool:
    """Does the text state a number glued to a unit ("a 35oz barrel", "5kg")? The readers do not
    count such numbers, so a story with one is refused rather than read without it."""
    return bool(_GLUED.search(text))


def value(t: str) -> Fraction:
    return Fraction(t)


_IRREGULAR = {
    "shelves": "shelf", "leaves": "leaf", "loaves": "loaf", "halves": "half", "knives": "knife",
    "wolves": "wolf", "lives": "life", "children": "child", "people": "person", "men": "man",
    "women": "woman", "feet": "foot", "teeth": "tooth", "geese": "goose", "mice": "mouse",
    "calves": "calf", "scarves": "scarf", "wives": "wife", "thieves": "thief", "dice": "die",
    "series": "series", "species": "species", "sheep": "sheep", "fish": "fish", "deer": "deer",
    "glasses": "glass", "classes": "class", "buses": "bus", "tomatoes": "tomato", "potatoes": "potato",
    "heroes": "hero", "dresses": "dress", "boxes": "box", "pennies": "penny", "cookies": "cookie",
    "mangoes": "mango", "mosquitoes": "mosquito",
    "volcanoes": "volcano", "dominoes": "domino", "echoes": "echo",
    "movies": "movie", "pies": "pie", "ties": "tie", "brownies": "brownie", "zombies": "zombie",
}  # fmt: skip


_PLURAL_OF = {single: many for many, single in _IRREGULAR.items() if many != single}


def singular(word: str) -> str:
    """A noun's singular as the reader compares items: apples -> apple, boxes -> box, geese stays."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for plural, single in _IRREGULAR.items():  # compounds: bookshelves, salespeople, toolboxes
        if len(plural) >= 5 and w.endswith(plural) and len(w) > len(plural) + 1:
            return w[: -len(plural)] + single
    for plural, single in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("sses", "ss")):
        if w.endswith(plural) and len(w) > len(plural) + 1:
            return w[: -len(plural)] + single
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def plural(word: str) -> str:
    """The plural of a singular noun phrase's last word, the inverse of `singular` (apple -> apples,
    box -> boxes, bus -> buses, glass -> glasses, berry -> berries, child -> children); a word
    that already reads as a plural (people, sheep, marbles) stays; "cup of sugar" -> "cups of sugar"."""
    head, of, rest = word.partition(" of ")
    if of and head.strip():
        return f"{plural(head)} of {rest}"
    words = word.split()
    if not words:
        return word
    last = words[-1]
    if last in _PLURAL_OF:
        return word[: -len(last)] + _PLURAL_OF[last]
    if last.lower() in _IRREGULAR:  # people, feet, sheep: plural already
        return word
    if last.endswith(("ss", "us", "sh", "ch", "x", "z")):
        return word + "es"
    if last.endswith("s"):
        return word
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
