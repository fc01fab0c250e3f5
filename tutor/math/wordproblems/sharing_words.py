# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""The words the equal-groups reader (:mod:`sharing_groups`) reads: what a number counts (a noun
phrase: its head, the thing after "of", the words before the head), the question (what is asked,
and whether it asks a share, a remainder, how many more, groups needed or full groups only), units
one amount may be converted between, and the cue words (verbs of holding and sharing, words of
change or comparison that the reader must refuse when it did not read them); also the checks of
the words around the relation read: a second amount of the same thing told beside the first (their
sum), a time word or a question about something the story never told."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from tutor.math.wordproblems.reading import singular

_N = r"\d+(?:\.\d+)?"
# function words that end a noun phrase ("45 students on each bus": the phrase is "students")
_STOP = set(
    "a an the of to in on at by for with from into onto per each every and or but that which who whom "
    "whose is are was were be been being will would can could should must may might do does did has "
    "have had if than as it its his her their he she they them we you i this these those there so then "
    "while when because apiece altogether total all only just about exactly left over more less fewer "
    "how many much what went came ran saw long tall high wide deep far old heavy big equally evenly away back out up down "
    "together".split()
)
# a time span or a period: outside the relation read it is a number of its own ("for the week")
_TIMEWORDS = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|daily|weekly|monthly|yearly|"
    r"hourly|annually|today|tomorrow|yesterday|tonight|weekends?)\b"
)
_PRONOUNS = {"he", "she", "they", "we", "i", "you", "it", "them", "him", "her", "us", "me"}
# verbs of one group's content or capacity ("each box holds 6 pens", "each bus took 45 students")
_HOLD_VERBS = (
    r"(?:has|have|had|holds?|held|contains?|contained|takes?|took|carr(?:y|ies|ied)|fits?|seats?|"
    r"needs?|needed|uses?|used|costs?|weighs?|weighed|gets?|got|receives?|received|is|was|are|were|"
    r"makes?|made|fills?|filled|serves?|served|drove|drives?|reads?|read|earns?|earned|scores?|scored|"
    r"equals?|is\sequal\sto|was\sequal\sto|sells?\sfor|sold\sfor|pays?|paid|charges?|charged|"
    r"(?:is|are|was|were)\smade\s(?:with|of|from)|requires?|required)"
)
# a word of a noun phrase between a numeral and "each"/"per" (never a conjunction)
_BW = r"(?:(?!(?:and|or|but|then|so|while|because|if|when|than)\b)[a-z'-]+\s)"
# what one container takes or one thing costs: "a bus can hold 40" is a rate even beside other counts
_CAPACITY = (
    r"(?:holds?|contains?|carr(?:y|ies)|fits?|seats?|costs?|weighs?|takes?|is\sequal\sto|equals?|sells?\sfor)"
)
# a group that uses, gets or is worth the things (not a container): no "needed" ceiling for it
_USES = re.compile(
    r"\b(?:needs?|needed|uses?|used|gets?|got|receives?|received|costs?|weighs?|weighed|earns?|earned|"
    r"scores?|scored|is|was|are|were|equals?|eats?|ate|pays?|paid|charges?|charged|sells?|sold)\b"
)
_MODAL = r"(?:(?:can|could|will|would|should|must|only|usually|always)\s)?"
_SUBJECT = r"(?:(?:he|she|they|we|i|you|it)\s)?"
_TIME = r"(?:second|minute|hour|day|night|week|month|year)"
# containers a story counts things in by "packs of 4"
_CONTAINERS = (
    r"(?:packs?|packages?|packets?|boxes|box|bags?|cases?|cartons?|crates?|groups?|piles?|rows?|stacks?|"
    r"bundles?|sets?|teams?|batches|batch|rolls?|bunches|bunch|trays?|bottles?|cans?|jars?|tubes?|bars?)"
)
# words of change, comparison, or a second relation: outside the relation read, the story is refused
_RISKY = re.compile(
    r"\b(?:than|times|twice|double[sd]?|triple[sd]?|half|halves|third|fourth|quarters?|percent|more|less|"
    r"fewer|extra|another|additional|rest|remaining|remainder|instead|except|but|not|never|left|remains?|"
    r"remained|lost|loses?|ate|eats?|eaten|spent|spends?|broke|broken|already|each|every|per|apiece|"
    r"equally|evenly|same|equal|together|both|sum|difference|average|ratio|increased?|decreased?|gave|"
    r"give|gives|given|away|sold|some|fraction|other|others|else|also|too|plus|minus|round|nearest|"
    r"about(?=\s(?:\d|how|as))|approximately|estimated?|at\sleast|at\smost|up\sto|first|second|last|next|until|before|"
    r"ago|older|younger|faster|slower|longer|shorter|again|himself|herself|themselves|keeps?|kept|"
    r"including|eat|sell|sells|lose|break|breaks|empty|missing|spill\w*|throw\w*|threw|donat\w*|wast\w*|"
    r"twenty|hundred|thousand)\b|%|n't",
    re.I,
)
# the verbs of a sharing; with the weaker ones the story must say the shares are equal
_SHARE_STRONG = (
    r"(?:share[sd]?|sharing|divide[sd]?|dividing|split|splits|splitting|distribute[sd]?|distributing)"
)
_SHARE_WEAK = (
    r"(?:give|gives|gave|giving|hand(?:s|ed)?|separate[sd]?|sort(?:s|ed)?|organi[sz]e[sd]?|arrange[sd]?|"
    r"pack(?:s|ed)?|put|puts|putting|place[sd]?|placing|group(?:s|ed)?)"
)
_EQUAL_CUE = re.compile(
    r"\b(?:equally|evenly|(?:the\s)?same\s(?:number|amount)|an\sequal\s(?:number|amount|share)|equal\s(?:shares|groups|parts|numbers?))\b"
)


@dataclass(frozen=True)
class Noun:
    """What a number counts: its head word (singular), the head after "of" ("pieces of candy") and
    all its words."""

    head: str
    of: str
    words: tuple[str, ...]

    def same(self, other: Noun | None) -> bool:
        """One thing: the heads agree ("pieces of candy" and "candies" too), the "of" parts do not
        differ, and the words before the head of one are among the other's ("red apples" is not
        "green apples")."""
        if other is None or not self.head or not other.head:
            return False
        if self.of and other.of:
            if (self.head, self.of) != (other.head, other.of):
                return False
        elif not {self.head, self.of} - {""} & {other.head, other.of} - {""}:
            return False
        mine, theirs = set(self.mods), set(other.mods)
        return mine <= theirs or theirs <= mine

    @property
    def mods(self) -> tuple[str, ...]:
        words = self.words[: self.words.index("of")] if "of" in self.words else self.words
        return tuple(singular(w) for w in words[:-1])

    @property
    def unit(self) -> str:
        return " ".join(self.words) if self.words else self.head


_SAME_WORD = {"package": "pack", "packet": "pack", "pic": "picture", "photo": "picture"}


def _canon(word: str) -> str:
    """A noun's singular, one word for its synonyms (packs, packages and packets are one thing)."""
    w = singular(word)
    return _SAME_WORD.get(w, w)


def _noun_at(text: str, pos: int) -> Noun:
    """The noun phrase that starts at `pos` (after a numeral or "each"): up to three words before a
    function word, then "of ..." once."""
    words: list[str] = []
    of_words: list[str] = []
    rest = text[pos:]
    toks = re.findall(r"[a-z][a-z'-]*|[^\sa-z]", rest)
    i = 0
    while i < len(toks) and len(words) < 3:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if not re.match(r"[a-z]", t) or t in _STOP or words and re.fullmatch(_HOLD_VERBS, t):
            break
        if t.endswith("ing") and words:
            break  # "283 people waiting": a participle after the noun ("serving", "building" are nouns)
        if (
            t.endswith("ed")
            and len(t) > 4
            and not (re.match(r"[a-z]", nxt) and nxt not in _STOP and not nxt.endswith(("ed", "ing")))
        ):
            break  # "students needed to": a verb; "colored feathers": an adjective
        words.append(t)
        i += 1
    if words and i + 1 < len(toks) and toks[i] == "of":
        j = i + 1
        while j < len(toks) and toks[j] in ("the", "his", "her", "their", "its"):
            j += 1
        while j < len(toks) and len(of_words) < 3:
            t = toks[j]
            if not re.match(r"[a-z]", t) or t in _STOP or t.endswith("ing"):
                break
            of_words.append(t)
            j += 1
    head = _canon(words[-1]) if words else ""
    of = _canon(of_words[-1]) if of_words else ""
    return Noun(head, of, tuple(words + (["of"] + of_words if of_words else [])))


# units one amount may be asked in: the size of each in its smallest unit
_UNIT_SIZE: dict[str, tuple[str, Fraction]] = {
    "second": ("time", Fraction(1)),
    "minute": ("time", Fraction(60)),
    "hour": ("time", Fraction(3600)),
    "day": ("time", Fraction(86400)),
    "week": ("time", Fraction(604800)),
    "inch": ("length", Fraction(1)),
    "foot": ("length", Fraction(12)),
    "yard": ("length", Fraction(36)),
    "millimeter": ("metric length", Fraction(1)),
    "centimeter": ("metric length", Fraction(10)),
    "meter": ("metric length", Fraction(1000)),
    "kilometer": ("metric length", Fraction(1000000)),
    "gram": ("mass", Fraction(1)),
    "kilogram": ("mass", Fraction(1000)),
    "milliliter": ("volume", Fraction(1)),
    "liter": ("volume", Fraction(1000)),
    "cent": ("money", Fraction(1)),
    "dollar": ("money", Fraction(100)),
}
_UNIT_ALIAS = {
    "inche": "inch", "feet": "foot", "ft": "foot", "cm": "centimeter", "mm": "millimeter",
    "km": "kilometer", "kg": "kilogram", "ml": "milliliter", "litre": "liter",
    "metre": "meter", "centimetre": "centimeter", "kilometre": "kilometer", "millilitre": "milliliter",
    "min": "minute", "hr": "hour", "sec": "second",
}  # fmt: skip


def _unit(word: str) -> str | None:
    w = _UNIT_ALIAS.get(word, word)
    return w if w in _UNIT_SIZE else None


# measures of what is poured, cut or weighed (beside the convertible units above): shared equally,
# they are not rounded down to whole ones
_MEASURES = set(
    "pound ounce ton lb lbs oz gallon quart pint cup tablespoon teaspoon liter milliliter gram kilogram "
    "mile meter foot inch yard centimeter kilometer millimeter".split()
)


def is_measure(word: str) -> bool:
    """A unit of measure (liter, pound, meter, hour): an amount of it need not be whole."""
    return _unit(word) is not None or _UNIT_ALIAS.get(word, word) in _MEASURES


@dataclass
class Asked:
    noun: Noun | None  # what "how many ..." names (None: "how many will each get", "how much")
    money: bool
    each: bool
    left: bool
    more: bool
    need: bool  # the groups are needed: every thing must go in one (ceiling)
    whole: bool  # full groups that can be made (floor)
    how_long: bool
    paid: bool = False  # money changing hands is asked: spend, cost, pay, earn, make
    buys: bool = False  # "how many more should he buy / make / get"


_PAID = re.compile(
    r"\b(?:spend|spent|cost|costs|pay|paid|make|made|earn|earned|earns|get|got|receive|received|charge|"
    r"charged|collect|collected|raise|raised|worth|value|bill|total)\b"
)


_Q_RISKY = re.compile(
    r"\b(?:than|times|twice|half|fewer|less|percent|rest|other|else|difference|average|about|approximately|"
    r"estimate|round|nearest|first|second|last|before|ago|not|except|both)\b|n't|%",
)


def _asked(q: str) -> Asked | None:
    if _Q_RISKY.search(_COME_OUT_EVEN.sub("", q)):
        return None
    m = re.match(r"how\s(?:many|much)\s(?P<more>more\s)?", q)
    long_ = re.match(
        r"how\slong\s(?:will|would|did|does|do)\s(?:it|the\s[a-z]+|they|he|she)\s(?:take|last)\b", q
    )
    big = re.match(r"how\s(?:big|large)\sis\seach\s", q)
    if m is None and long_ is None and big is None:
        return None
    noun = None
    money = False
    if m is not None:
        rest = q[m.end() :]
        if q.startswith("how much"):
            money = bool(
                re.match(
                    r"(?:money\s)?(?:do|does|did|will|would|is|was|are|were|can|could|should|must)\b", rest
                )
            )
            if not money and not rest.startswith("money"):
                return None
        else:
            start = m.end() + (len(t.group(0)) if (t := re.match(r"total\s", rest)) else 0)
            n = _noun_at(q, start)
            noun = n if n.head else None
            after = q[start:].split(" ")[len(n.words) :]
            if after and re.match(r"(?:and|or|,)", after[0]):
                return None  # "how many koalas and kangaroos": two things asked
    left = bool(re.search(r"\b(?:left|leftover|remain(?:s|ed|ing)?|extra)\b|\bleft\sover\b", q))
    more = m is not None and m.group("more") is not None
    # "... if they give each truck the same amount": the sharing said again, not a share asked
    restated = (left or more) and re.search(
        r"\b(?:each|every)\s[a-z]+\s(?:gets?\s|has\s)?(?:the\ssame|an\sequal)\b", q
    )
    each = bool(big) or bool(re.search(r"\b(?:each|every|per|apiece)\b", q)) and not restated
    need = bool(
        re.search(
            r"\b(?:need|needs|needed|required|(?:will|would)\s(?:[a-z]+\s)?take|to\s(?:hold|carry|fit|pack|store|seat|transport|put)\s(?:all|them|everyone|everybody))\b",
            q,
        )
        or long_ is not None
        and long_.group(0).endswith("take")
    )
    whole = bool(
        re.search(
            r"\b(?:can|could)\s(?:[a-z]+\s)?(?:make|fill|buy|afford|build|form|serve|feed|complete|get)\b|\bfull\b|\bfilled\b",
            q,
        )
    )
    return Asked(
        noun,
        money,
        each,
        left,
        more,
        need,
        whole,
        long_ is not None,
        bool(_PAID.search(q)),
        more and bool(re.search(r"\b(?:buy|get|make|bake)\b", q)),
    )


# "so he doesn't have any extra": the sharing comes out even (the negation is the question's own)
_COME_OUT_EVEN = re.compile(
    r"\bso\s(?:that\s)?(?:he|she|they|we|you|i|it|there)\s(?:doesn't|does\snot|don't|do\snot|won't|will\snot|isn't|is\snot|aren't|are\snot)\s(?:have\s|be\s)?(?:any\s)?(?:extra|left(?:\sover)?|leftovers?)\b"
)


def _risky_outside(s: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> bool:
    """A word of change or comparison in s[start:end] outside the relation's own words?"""
    for m in _RISKY.finditer(s, start, len(s) if end is None else end):
        if not any(a <= m.start() < b for a, b in spans):
            return True
    return False


_COUNTED = "*counted*"
_PEOPLE = {
    "person", "friend", "child", "kid", "student", "adult", "man", "woman", "boy", "girl", "guest", "member",
    "player", "worker", "customer", "visitor", "teacher", "cousin", "sibling", "brother", "sister", "parent",
}  # fmt: skip
_KIN = (
    r"(?:friends?|brothers?|sisters?|mom|mother|dad|father|cousins?|sons?|daughters?|wife|husband|parents?|"
    r"grandma|grandpa|grandmother|grandfather|aunt|uncle|neighbors?|classmates?|teacher|team|class|family)"
)
_NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "if",
}  # fmt: skip
# the question asks about everyone's together
_TOGETHER_Q = re.compile(r"\b(?:they|we|together|altogether|in\sall|in\stotal|total|both|combined|bill)\b")


def _sum_of_two(
    full: str, pair: list[re.Match], text: str, q: str
) -> tuple[Fraction, Noun, list[tuple[int, int]]] | None:
    """Two amounts of one thing joined by "and" in one sentence ("34 chocolate chip cookies and
    29 oatmeal cookies", "6 decks and his friend bought 2 decks"): their sum, what it counts and
    where it is said. Someone else's amount is summed only when the question asks about them all."""
    a, b = pair
    between = full[a.end() : b.start()]
    if re.search(r"[.?!|;]", between) or not re.search(r"\band\b", between):
        return None
    na, nb = _noun_at(full, a.end()), _noun_at(full, b.end())
    if not na.head:
        return None
    if not nb.head:
        if not re.match(r"\s(?:from|on|in|at|during|to)\s(?!them\b|those\b)", full[b.end() :]):
            return None  # "34 cookies and 29 of them", "... and 29 are broken": a part, not more
        nb = na  # "23 pictures from her phone and 7 from her camera": the thing said once
    if na.head != nb.head or na.of != nb.of:
        return None
    names = {w.lower() for w in re.findall(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z]+)", text)} - _NOT_NAMES
    other_owner = bool(set(re.findall(r"[a-z]+", between)) & names) or re.search(
        rf"\b(?:his|her|their|my|our)\s(?:[a-z]+\s)?{_KIN}\b", between
    )
    if other_owner and not _TOGETHER_Q.search(q):
        return None  # "Victor bought 6 and his friend 2 ... how much did Victor spend"
    # a word that tells one amount from the other, asked: "... on Monday and 4 on Tuesday ... on Monday?"
    start = max(full.rfind(c, 0, a.start()) for c in ".?!|") + 1
    cond = [m.end() for m in re.finditer(r"\b(?:if|when)\s", full[start : a.start()])]
    start += cond[-1] if cond else 0  # "how much did he earn if he worked 6 ...": the clause of the pair
    end = min((i for i in (full.find(c, b.end()) for c in ".?!|") if i >= 0), default=len(full))
    cut = a.end() + re.search(r"\band\b", between).start()  # type: ignore[union-attr]
    one, two = (set(re.findall(r"[a-z]+", x)) - _STOP for x in (full[start:cut], full[cut:end]))
    told_apart = {w for w in one ^ two if _canon(w) not in (na.head, na.of)}  # not the thing itself
    bar = full.find("|")
    asking = (
        full[bar:start] + " " + full[max(end, bar) :] if start > bar else full[bar:]
    )  # not the pair's own
    if told_apart & set(re.findall(r"[a-z]+", asking)):
        return None
    words = na.words[: na.words.index("of")] if "of" in na.words else na.words
    noun = Noun(na.head, na.of, (words[-1], *na.words[len(words) :]))
    spans = [(m.start(), m.end() + 1 + len(" ".join(n.words))) for m, n in ((a, na), (b, nb))]
    return Fraction(a.group(0)) + Fraction(b.group(0)), noun, spans


def _unknown_in_question(q: str, story_text: str) -> bool:
    """Does the question name a holder or a state the story never did ("how many pages does the
    book have" after a story of pages a day; "how many students are absent")?"""
    said = {_canon(w)[:5] for w in re.findall(r"[a-z]+", story_text)}
    words = re.findall(
        r"\b(?:does|do|did|will|would|can|could|is|are|was|were)\s(?:the|his|her|their|this|that|its)\s([a-z]+)",
        q,
    )
    words += re.findall(r"\b(?:are|were|is|was|be)\s([a-z]+)\s?\?$", q)
    fine = {
        "there",
        "left",
        "needed",
        "used",
        "full",
        "filled",
        "made",
        "sold",
        "bought",
        "in",
        "over",
        "that",
        "this",
    }
    fine |= _PRONOUNS
    if any(w not in fine and _canon(w)[:5] not in said for w in words):
        return True
    # the group or place asked about: "how many cookies are in each jar?" after cookies put in
    # boxes, "how many words are in a book?" after pages of a chapter, "... ride the vans?"
    groups = re.findall(
        r"\b(?:in|into|on|inside|for|among|between|per|each|every|ride)\s(?:(?:the|a|an|each|every|one|his|her|their|its|my|our|these|those)\s)?(?:of\s(?:the|his|her|their)\s)?([a-z]+)",
        q,
    )
    generic = set("all total each every one person people group share order them it".split())
    # "how many will each receive?": "each" as the holder, the word after it a verb
    generic |= set("get gets receive have has need pay eat take hold make earn keep give cost".split())
    generic |= set("weigh spend save contain use carry fit buy sell".split())
    return any(w not in generic | _PRONOUNS and _canon(w)[:5] not in said for w in groups)


def _time_outside(full: str, spans: list[tuple[int, int]], stmt_end: int, asked: Asked) -> bool:
    """A time word the relation did not read: in the story, outside the relation's words; in the
    question, other than the noun asked ("how many days") or "how long"."""
    for m in _TIMEWORDS.finditer(full):
        if any(a <= m.start() < b for a, b in spans):
            continue
        if m.start() >= stmt_end:
            head = re.match(r"\|\show\s(?:many|much|long)\s(?:[a-z'-]+\s){0,2}", full[stmt_end:])
            if head is not None and m.start() - stmt_end < head.end():
                continue  # the noun asked, "how long will it take"
        return True
    return False


def _question_cues(full: str, start: int) -> list[tuple[int, int]]:
    """The question's own words that `_asked` read (each, left, more, spend): not risky there."""
    even = _COME_OUT_EVEN.search(full[start:])
    own = [(start + even.start(), start + even.end())] if even else []
    return own + [
        m.span()
        for m in re.finditer(
            r"\b(?:each|every|per|apiece|left|leftover|remain\w*|extra|more|over|spend|spent|pay|paid)\b",
            full,
        )
        if m.start() >= start
    ]
