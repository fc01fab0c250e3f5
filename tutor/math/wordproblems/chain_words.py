# ruff: noqa: E501  (word lists and regular expressions, one a line)
"""The words of the multi-step reader (:mod:`chains`): who (a holder: a name, a pronoun, "the
store"), what (an item: "red apples" -> "red apple"), the verbs by what they do to a holder's
amount (have, gain, lose, only do), how many (a numeral, "twice", "half", "a third", "20%"), and
when ("on Monday", "every day"). No SymPy here."""

from __future__ import annotations

import re

from tutor.math.wordproblems.reading import singular

__all__ = [
    "NUM", "NAME", "SUBJ", "ITEM", "VERBS", "verb_of", "item_key", "MULTIPLIER", "multiplier",
    "PERIOD", "period_of", "DAYS", "LEADIN",
]  # fmt: skip

NUM = r"\d+(?:\.\d+)?"
NAME = r"(?:(?:Mr|Mrs|Ms|Dr)\.\s|Miss\s)?[A-Z][a-z]+"
_FAMILY = r"(?:mom|dad|mother|father|brother|sister|friend|son|daughter|teacher|aunt|uncle|grandma|grandpa|grandmother|grandfather|cousin|wife|husband|neighbor|boss|coach|dog|cat)"
_NOT_NOUN = "total|number|rest|same|first|last|next|other|price|cost|sum|difference|amount|average|ratio|remaining|whole"
_VERBISH = "[a-z]+s|[a-z]+ed|has|had|have|is|was|are|were|sold|bought|made|gave|got|took|ate|won|can|could|will|would"
# a holder at the start of a clause
SUBJ = rf"(?:(?:[Tt]he|[Aa]n?)\s(?!(?:{_NOT_NOUN})\b)[a-z]+(?:\s(?!(?:{_NOT_NOUN})\b)[a-z]+)?(?=\s(?:{_VERBISH})\b)|{NAME}(?:(?:,\s{NAME})*,?\s(?:and|&)\s{NAME})?(?:'s\s{_FAMILY})?|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|(?:[Hh]is|[Hh]er|[Tt]heir)\s{_FAMILY}(?:\s{NAME})?|[Tt]he\s(?:store|shop|bakery|farmer|teacher|school|class|library|zoo|restaurant|company|factory|team|club|family|farm|baker|florist|man|woman|boy|girl))"

# words that cannot be part of an item's name
_STOP = set(
    "and or in on at to from for of with each than more less fewer left that which who per every a an the but if so then "
    "now she he they it her his their into are is were was had has have do does did will would there after before altogether "
    "together total today yesterday this last over away out by as all while apiece about around during when since until be been "
    "can could should its them him me us we i you not no up down off through first second next same other another both some any "
    "only also still just already yet instead because where what how many much own back home too very times twice half thrice "
    "a day week month year hour minute night morning afternoon evening daily weekly monthly dollars dollar percent".split()
)
_WORD = rf"(?!(?:{'|'.join(sorted(_STOP - {'dollars', 'dollar'}, key=len, reverse=True))})\b)[a-z][a-z'-]*"
ITEM = rf"{_WORD}(?:\s{_WORD}){{0,2}}(?:\sof\s(?:the\s)?{_WORD}(?:\s{_WORD})?)?"

# verb forms: (base form, what the verb does to the doer's amount of the thing)
_VERBS = {
    "have": ("has had have owns owned keeps kept holds held possesses", "have"),
    "buy": ("buys bought buy purchases purchased orders ordered", "gain"),
    "get": ("gets got receives received", "gain"),
    "find": ("finds found", "gain"),
    "pick": ("picks picked", "gain"),
    "collect": ("collects collected gathers gathered", "gain"),
    "catch": ("catches caught", "gain"),
    "make": ("makes made", "gain"),
    "bake": ("bakes baked", "gain"),
    "earn": ("earns earned", "gain"),
    "win": ("wins won", "gain"),
    "save": ("saves saved", "gain"),
    "grow": ("grows grew", "gain"),
    "plant": ("plants planted", "gain"),
    "borrow": ("borrows borrowed", "gain"),
    "give": ("gives gave", "lose"),
    "lose": ("loses lost", "lose"),
    "eat": ("eats ate", "lose"),
    "use": ("uses used", "lose"),
    "spend": ("spends spent", "lose"),
    "pay": ("pays paid", "lose"),
    "sell": ("sells sold", "lose"),
    "break": ("breaks broke", "lose"),
    "donate": ("donates donated", "lose"),
    "drink": ("drinks drank", "lose"),
    "throw": ("throws threw", "lose"),
    "read": ("reads read", "do"),
    "run": ("runs ran", "do"),
    "walk": ("walks walked", "do"),
    "swim": ("swims swam", "do"),
    "drive": ("drives drove", "do"),
    "ride": ("rides rode", "do"),
    "write": ("writes wrote", "do"),
    "score": ("scores scored", "do"),
    "jump": ("jumps jumped", "do"),
    "type": ("types typed", "do"),
    "bike": ("bikes biked", "do"),
    "work": ("works worked", "do"),
    "sleep": ("sleeps slept", "do"),
    "study": ("studies studied", "do"),
    "watch": ("watches watched", "do"),
    "travel": ("travels traveled travelled", "do"),
    "climb": ("climbs climbed", "do"),
    "sew": ("sews sewed", "do"),
    "knit": ("knits knitted", "do"),
    "paint": ("paints painted", "do"),
    "draw": ("draws drew", "do"),
    "cook": ("cooks cooked", "do"),
    "wash": ("washes washed", "do"),
    "clean": ("cleans cleaned", "do"),
    "sing": ("sings sang", "do"),
    "visit": ("visits visited", "do"),
    "deliver": ("delivers delivered", "do"),
    "fold": ("folds folded", "do"),
    "send": ("sends sent", "do"),
    "answer": ("answers answered", "do"),
    "solve": ("solves solved", "do"),
    "hike": ("hikes hiked", "do"),
    "jog": ("jogs jogged", "do"),
    "cycle": ("cycles cycled", "do"),
    "fly": ("flies flew", "do"),
    "feed": ("feeds fed", "do"),
    "serve": ("serves served", "do"),
    "build": ("builds built", "do"),
    "cut": ("cuts cut", "do"),
    "play": ("plays played", "do"),
    "teach": ("teaches taught", "do"),
    "lift": ("lifts lifted", "do"),
    "shoot": ("shoots shot", "do"),
}
VERBS: dict[str, tuple[str, str]] = {}
for _base, (_forms, _kind) in _VERBS.items():
    for _f in [*_forms.split(), _base]:
        VERBS.setdefault(_f, (_base, _kind))


def verb_of(word: str) -> tuple[str, str] | None:
    """(base form, kind) of a verb form the reader knows, else None."""
    return VERBS.get(word.lower())


def item_key(words: str) -> str | None:
    """The item a noun phrase names, singular ("3 red apples" -> "red apple", "packs of gum" ->
    "pack of gum"); None when a word of it cannot be part of an item's name."""
    ws = [w for w in words.lower().split() if w not in ("more", "extra", "additional", "new", "other")]
    if not ws:
        return None
    if any(w in _PARTS and (w not in ("quarter", "quarters") or "of" in ws) for w in ws):
        return None  # "a third (of the pie)" is an amount, not a thing; "5 quarters" are coins
    if ws in (["dollars"], ["dollar"], ["money"]):
        return "dollar"
    if "of" in ws:
        i = ws.index("of")
        head, rest = ws[:i], [w for w in ws[i + 1 :] if w != "the"]
        if not head or not rest or any(w in _STOP for w in head + rest):
            return None
        return " ".join([*head[:-1], singular(head[-1]), "of", *rest[:-1], singular(rest[-1])])
    if any(w in _STOP or w in VERBS for w in ws):
        return None
    if ws[-1] == "money":
        return "dollar"
    return " ".join([*ws[:-1], singular(ws[-1])])


_FRACTIONS = {"half": (1, 2), "a third": (1, 3), "one third": (1, 3), "one-third": (1, 3), "a quarter": (1, 4),
              "one quarter": (1, 4), "one-quarter": (1, 4), "one-half": (1, 2), "one half": (1, 2),
              "a fourth": (1, 4), "one fourth": (1, 4), "one-fourth": (1, 4), "a fifth": (1, 5),
              "one-fifth": (1, 5), "two-thirds": (2, 3), "two thirds": (2, 3), "three-quarters": (3, 4),
              "three quarters": (3, 4), "three-fourths": (3, 4), "twice": (2, 1), "thrice": (3, 1),
              "double": (2, 1), "triple": (3, 1)}  # fmt: skip
# how many times: "twice", "half", "a third", "3 times" (the numeral is the story's)
_PARTS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "fourth": 4, "fourths": 4, "quarter": 4, "quarters": 4,
          "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}  # fmt: skip
MULTIPLIER = (
    rf"(?:{'|'.join(sorted(map(re.escape, _FRACTIONS), key=len, reverse=True))}|{NUM}\stimes|\d+/\d+"
    rf"|\d+-(?:{'|'.join(sorted(_PARTS, key=len, reverse=True))}))"
)


def multiplier(text: str) -> tuple[tuple[int, int] | None, str | None]:
    """A fixed fraction ((1, 2) for "half") or the numeral of "3 times"."""
    t = text.lower().strip()
    if t in _FRACTIONS:
        return _FRACTIONS[t], None
    m = re.fullmatch(rf"({NUM})\stimes", t)
    return (None, m.group(1)) if m else (None, None)


DAYS = r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)"
# how long one period is in the next one's (a week is 7 days); conventions GSM8K-style sets use
_IN = {("day", "week"): 7, ("minute", "hour"): 60, ("week", "year"): 52,
       ("month", "year"): 12, ("day", "year"): 365, ("second", "minute"): 60}  # fmt: skip
PERIOD = r"(?:every|each|a|an|per)\s(?P<per>day|week|month|year|hour|minute|night|morning|weekday)|(?P<ly>daily|weekly|monthly|yearly|hourly|nightly)"


def period_of(m: re.Match) -> str:
    if m.group("per"):
        return {"night": "day", "morning": "day", "weekday": "weekday"}.get(m.group("per"), m.group("per"))
    return {
        "daily": "day",
        "weekly": "week",
        "monthly": "month",
        "yearly": "year",
        "hourly": "hour",
        "nightly": "day",
    }[m.group("ly")]


def periods_in(per: str, span: str) -> int | None:
    """How many `per` periods one `span` holds (7 days in a week), or None."""
    if per == span:
        return 1
    if (per, span) in _IN:
        return _IN[(per, span)]
    if per == "day" and span == "month":
        return None  # 28 to 31: refuse
    return None


# words before a clause that only place it in the story ("Then,", "After that", "On Monday,")
LEADIN = re.compile(
    rf"^(?:(?:then|later|now|after that|afterwards|also|next|finally|so|in addition|additionally|meanwhile|first|today|yesterday|this week|last week|unfortunately|fortunately|luckily|sadly|however|therefore|eventually|(?:last|this)\s(?:summer|winter|spring|fall|autumn|month|year|weekend))\s?,?\s|(?:during|in)\s(?:january|february|march|april|may|june|july|august|september|october|november|december),\s|(?P<day>on\s{DAYS}|in\sthe\s(?:morning|afternoon|evening))\s?,?\s)",
    re.I,
)
