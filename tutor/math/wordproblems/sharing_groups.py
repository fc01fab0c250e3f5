# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""Equal groups, equal sharing and unit conversions in stories of one or two numbers (issue 25,
ASDiv's multiplicative structures): a rate ("45 students on each bus", "each box holds 6 pens",
"packs of 4", "a bus can hold 40 people", "23 pages per day") with a count of the groups (the
total asked: multiply) or of the things (the groups asked: divide; a ceiling when the groups are
"needed", a floor when full ones "can be made"; the remainder when what is "left over" is asked);
an equal share ("54 drawings shared equally among 6 neighbours": each one's share, what is left
over, how many more would come out even); one amount in one unit asked in another ("300 minutes
... how many hours").

Precision first: the reader reads only stories whose every number enters the answer, with
exactly one relation it recognises (a whitelist of verbs and cues); a word of change or
comparison (more, than, gave, left, ...) outside the relation it read, a number it did not
place, a non-whole quotient whose rounding the question does not settle ("about how many") ->
None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.ratios import story, worked
from tutor.math.wordproblems.reading import normalise, singular

__all__ = ["read_sharing"]

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


@dataclass
class Relation:
    kind: str  # "rate": `n` things of `thing` per one `group`; "share": `n` groups share a total
    n: Fraction
    num_at: int  # the numeral's offset (the number the relation states)
    thing: Noun | None
    group: Noun
    span: tuple[int, int]
    count_at: int | None = None  # a count of the groups stated inside the relation ("each of the 8 sections")
    weak: bool = False  # "a school has 8 buses": a holder's count, read as a rate only when nothing else is
    uses: bool = False  # "each glass needs 2 lemons": the group uses things up, it does not hold them


def _val(text: str, at: int) -> Fraction:
    return Fraction(re.match(_N, text[at:]).group(0))  # type: ignore[union-attr]


def _rates(s: str) -> list[Relation]:
    out: list[Relation] = []

    def add(
        m: re.Match, kind: str, thing: Noun | None, group: Noun, count: str | None = None, weak: bool = False
    ) -> None:
        out.append(
            Relation(
                kind,
                _val(s, m.start("n")),
                m.start("n"),
                thing if thing is None or thing.head else None,
                group,
                m.span(),
                m.start(count) if count else None,
                weak,
                bool(_USES.search(m.group(0))),
            )
        )

    # "45 sacks of apples from each of the 8 sections"
    for m in re.finditer(
        rf"(?<![\w.])(?P<n>{_N})\s(?P<b>{_BW}{{0,4}}?)(?:from|in|on|for|to|at)\s(?:each|every)\s(?:1\s)?of\s(?:the\s|his\s|her\s|their\s|its\s)?(?P<c>{_N})\s(?P<a>[a-z])",
        s,
    ):
        add(m, "rate", _noun_at(s, m.start("b")), _noun_at(s, m.start("a")), "c")
    # "20 seats on each bus", "9 people per teacup", "23 pages a day", "put 57 cans in each bag"
    for m in re.finditer(
        rf"(?<![\w.])(?P<n>{_N})\s(?P<b>{_BW}{{0,4}}?)(?:per\s|(?:a|an)\s(?={_TIME}\b)|(?:in|on|for|to|at|inside|into|onto)\s(?:each|every)\s|each\s|every\s)(?!1\s|of\s)(?P<a>[a-z])",
        s,
    ):
        add(m, "rate", _noun_at(s, m.start("b")), _noun_at(s, m.start("a")))
    # "each bus took 45 students", "every day they drove 250 miles", "each neighbor received 7"
    for m in re.finditer(
        rf"\b(?:each|every)\s(?P<a>[a-z][a-z'-]*(?:\s[a-z][a-z'-]*)?)\s{_SUBJECT}{_MODAL}{_HOLD_VERBS}\s(?:exactly\s|only\s|just\s)?(?P<n>{_N})(?:\s|[.,?!]|$)",
        s,
    ):
        group = _noun_at(m.group("a") + " ", 0)
        if group.head in _PRONOUNS or group.head == "":
            continue
        add(m, "rate", _noun_at(s, m.end("n")), group)
    # "7 large chapters, each having 566 pages", "5 boxes, each with 12 pens"
    for m in re.finditer(
        rf"(?<![\w.])(?P<c>{_N})\s(?P<a>[a-z'-]+(?:\s[a-z'-]+){{0,2}}),\s(?:each|every\s1)\s(?:having|with|has|holding|holds|containing|contains|of)\s(?P<n>{_N})\s",
        s,
    ):
        group = _noun_at(m.group("a"), 0)
        if group.head in _PRONOUNS or not group.head:
            continue
        add(m, "rate", _noun_at(s, m.end("n")), group, "c")
    # "each of the 4 boxes holds 12 pens"
    for m in re.finditer(
        rf"\b(?:each|every)\s(?:1\s)?of\s(?:the\s|his\s|her\s|their\s|its\s)?(?P<c>{_N})\s(?P<a>[a-z][a-z'-]*(?:\s[a-z][a-z'-]*)?)\s{_MODAL}{_HOLD_VERBS}\s(?:exactly\s|only\s|just\s)?(?P<n>{_N})(?:\s|[.,?!]|$)",
        s,
    ):
        group = _noun_at(m.group("a") + " ", 0)
        if group.head in _PRONOUNS or not group.head:
            continue
        add(m, "rate", _noun_at(s, m.end("n")), group, "c")
    # "a pie is cut into 8 slices"
    for m in re.finditer(
        rf"\b(?:a|an|each|every|1)\s(?P<a>[a-z][a-z'-]*)\s(?:is|was|are|were|gets|got|can\sbe)\s(?:cut|sliced|chopped)\s(?:up\s)?into\s(?P<n>{_N})\s",
        s,
    ):
        add(m, "rate", _noun_at(s, m.end("n")), Noun(_canon(m.group("a")), "", (m.group("a"),)))
    # "drawers could hold 2 pieces of clothing each", "tickets were 4 dollars each"
    for m in re.finditer(
        rf"\b(?P<a>[a-z][a-z'-]*)\s{_MODAL}{_HOLD_VERBS}\s(?P<n>{_N})\s(?P<b>{_BW}{{0,4}}?)each(?=\s?[.,?!|]|$)",
        s,
    ):
        group = Noun(_canon(m.group("a")), "", (m.group("a"),))
        if m.group("a") in _STOP or m.group("a") in _PRONOUNS:
            continue
        add(m, "rate", _noun_at(s, m.start("b")), group)
    # "bought 5 shirts for 12 dollars each": the price of each thing counted (resolved to the count)
    for m in re.finditer(rf"\b(?:for|at)\s(?P<n>{_N})\s(?P<b>dollars|cents)\seach\b", s):
        add(m, "rate", _noun_at(s, m.start("b")), Noun(_COUNTED, "", ()))
    # "packs of 4", "cases of 6 boxes", "groups of 5"
    for m in re.finditer(rf"\b(?P<a>{_CONTAINERS})\sof\s(?P<n>{_N})(?P<b>\s[a-z]|[\s.,?!]|$)", s):
        add(m, "rate", _noun_at(s, m.end("n")), Noun(_canon(m.group("a")), "", (m.group("a"),)))
    # "envelopes which can contain 10 papers", "a bus can hold 40 people", "1 folder costs 2 dollars"
    for m in re.finditer(
        rf"\b(?:(?P<a>[a-z][a-z'-]*)\s(?:which|that)\s|(?:^|(?<=[.,]\s)|(?<=\bif\s)|(?<=\band\s))(?:a|an|1)\s(?P<a2>[a-z][a-z'-]*(?:\s[a-z][a-z'-]*)?)\s){_MODAL}(?P<v>{_HOLD_VERBS})\s(?P<n>{_N})\s",
        s,
    ):
        word = m.group("a") or m.group("a2")
        group = _noun_at(word + " ", 0)
        if word in _STOP or group.head in _PRONOUNS or not group.head:
            continue
        weak = m.group("a") is None and not re.fullmatch(_CAPACITY, m.group("v"))
        add(m, "rate", _noun_at(s, m.end("n")), group, weak=weak)
    return out


def _shares(s: str) -> list[Relation]:
    out: list[Relation] = []
    # "he wanted to give each employee the same number of uniforms": each of the counted ones
    for m in re.finditer(
        r"\b(?:give|gives|gave|giving|put|puts|place|places)\s(?:each|every)\s(?P<a0>[a-z]+)\s(?:the\ssame|an\sequal)\s(?:number|amount)\b",
        s,
    ):
        group = Noun(_canon(m.group("a0")), "", (m.group("a0"),))
        counted = [
            n for n in re.finditer(rf"(?<![\w.]){_N}(?![\w])", s) if _noun_at(s, n.end()).head == group.head
        ]
        if len(counted) == 1:
            out.append(
                Relation("share", _val(s, counted[0].start()), counted[0].start(), None, group, m.span())
            )
    for m in re.finditer(
        rf"\b(?P<v>{_SHARE_STRONG}|{_SHARE_WEAK})\b(?P<mid>[^.?!;]*?)\b(?:among|between|into|to|in|by|on|onto)\s(?:the\s|his\s|her\s|their\s|its\s|my\s|our\s)?(?:(?P<n>{_N})\s(?P<a>[a-z])|(?P<a0>[a-z]))",
        s,
    ):
        strong = re.fullmatch(_SHARE_STRONG, m.group("v")) is not None
        if re.search(r"\bwith\b", m.group("mid")):
            return []  # "split them with his 3 friends": the sharer counts too
        if not strong and not _EQUAL_CUE.search(s):
            continue
        if m.group("n") is None:
            # "splitting them evenly between the boxes": the boxes the story counted
            group = _noun_at(s, m.start("a0"))
            counted = [
                n
                for n in re.finditer(rf"(?<![\w.]){_N}(?![\w])", s)
                if group.head and _noun_at(s, n.end()).head == group.head
            ]
            if len(counted) == 1 and m.group(0).startswith(m.group("v")) and group.head not in _PRONOUNS:
                at = counted[0].start()
                out.append(Relation("share", _val(s, at), at, None, group, m.span()))
            continue
        group = _noun_at(s, m.start("a"))
        if group.head in _PRONOUNS or not group.head:
            continue
        after = s[m.start("a") + len(" ".join(group.words)) :]
        if re.match(
            r"\s*(?:,\s*)?(?:(?:and|plus|as\swell\sas|along\swith|including)\s(?!(?:the\s)?(?:same|equal)\b)|with\s(?:his|her|their|my|our)\b)",
            after,
        ):
            continue  # "among 5 friends and their teacher": more sharers than the number counts
        out.append(Relation("share", _val(s, m.start("n")), m.start("n"), None, group, m.span()))
    return out


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


def _risky_outside(s: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> bool:
    """A word of change or comparison in s[start:end] outside the relation's own words?"""
    for m in _RISKY.finditer(s, start, len(s) if end is None else end):
        if not any(a <= m.start() < b for a, b in spans):
            return True
    return False


def _prepare(raw: str) -> str:
    """Number words as numerals, then "a 285-page book" as "a book of 285 pages" (the number
    counts the pages) and "third-grade students" as "grade students" (an ordinal, no amount)."""
    s = normalise(raw)
    s = re.sub(
        r"\b(a|an|the|his|her|their)\s(\d+)(?:-|\s(?=[a-z]+[^s\s]\s))([a-z]+)\s(?!(?:of|and|or|in|on|at|to|for|with|from)\b)([a-z]+)\b",
        lambda m: (
            f"{m.group(1)} {m.group(4)} of {m.group(2)} {m.group(3) if m.group(3).endswith('s') else m.group(3) + 's'}"
        ),
        s,
        flags=re.I,
    )
    return re.sub(
        r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth)[- ](grade)", r"\1", s, flags=re.I
    )


def read_sharing(text: str) -> Solution | None:
    """The answer to an equal-groups, equal-sharing or unit-conversion story; None when the story
    is not one of them or any of its numbers or words is not accounted for."""
    text = _prepare(text.replace("\n", " "))
    if re.search(r"\d\s?(?:[:/%]|-[a-z])|\d(?:st|nd|rd|th)\b|\d[a-z]", text, re.I):
        return None  # a ratio, a fraction, a percent, "3rd": not read here
    st = story(text)
    if st is None:
        return None
    told = " ".join(st.statements)
    for name in re.findall(r"(?<!^)(?<![.?!]\s)\b([A-Z][a-z]+)\b", st.question):
        if name not in told:
            return None  # the question is about someone the story does not name
    statements = " ".join(st.statements)
    s = (statements + " ").lower()
    q = st.question.lower().strip()
    asked = _asked(q)
    if asked is None or _unknown_in_question(q, s):
        return None
    s = re.sub(r"\b(in|into)\ssome\b", r"\1 the", s)  # "packed them in some baskets"
    # numbers stated in the question count too ("how many feathers are needed for 934 crowns?")
    full = s + "| " + q
    rels = _rates(full) + _shares(full)
    # "1 folder costs 2 dollars": the 1 is the rate's "one", not an amount
    ones = {
        r.span[0] for r in rels if re.match(r"(?:a|an|1)\s", full[r.span[0] :]) and full[r.span[0]] == "1"
    }
    nums = [m for m in re.finditer(rf"(?<![\w.]){_N}(?![\w])", full) if m.start() not in ones]
    if not 1 <= len(nums) <= 3:
        return None
    # one relation per number: overlapping readings of one numeral are one
    by_num: dict[int, list[Relation]] = {}
    for r in rels:
        by_num.setdefault(r.num_at, []).append(r)
    if len(nums) == 1:
        return _convert(full, s, nums[0], asked, any(not r.weak for r in rels))
    if len(nums) == 3 and any(r.count_at is not None for r in rels):
        return None
    for k, v in list(by_num.items()):  # "a baker had 7 boxes ... split them between the boxes"
        if any(not r.weak for r in v):
            by_num[k] = [r for r in v if not r.weak]
    if len(by_num) == 2:  # "a school has 8 buses and each bus holds 45": the holder's count is a count
        strong = {k: v for k, v in by_num.items() if not all(r.weak for r in v)}
        by_num = strong if len(strong) == 1 else by_num
    if len(by_num) != 1:
        return None
    num_at, cands = next(iter(by_num.items()))
    kinds = {(r.kind, r.group.head, r.thing.head if r.thing else "") for r in cands}
    if len(kinds) != 1:
        return None
    rel = cands[0]
    spans = [r.span for r in cands]
    stmt_end = len(s)
    if rel.kind == "share":  # words that say the shares are equal belong to the sharing
        spans += [
            m.span() for m in re.finditer(r"\b(?:each|every|equally|evenly|same|equal|gives?|gave)\b", full)
        ]
    else:  # "packed them evenly in baskets, 25 in each basket": the groups are equal
        spans += [m.span() for m in _EQUAL_CUE.finditer(full)]
    if _risky_outside(full, spans, 0, stmt_end):
        return None
    if _risky_outside(full, spans + _question_cues(full, stmt_end), stmt_end):
        return None
    other = [m for m in nums if m.start() != num_at]
    count_tex = ""
    if len(other) == 2:  # two amounts of one thing told together: their sum is the count
        joined = _sum_of_two(full, other, text, q)
        if joined is None:
            return None
        count, c_noun, c_spans = joined
        count_tex = f"({other[0].group(0)} + {other[1].group(0)})"
    elif len(other) == 1:
        c_at = other[0].start()
        if rel.count_at is not None and rel.count_at != c_at:
            return None
        count = Fraction(other[0].group(0))
        c_noun = rel.group if rel.count_at is not None else _noun_at(full, other[0].end())
        c_spans = [(c_at, other[0].end() + 1 + len(" ".join(c_noun.words)))]
    else:
        return None
    if _time_outside(full, [*spans, *c_spans], stmt_end, asked):
        return None
    if rel.group.head == _COUNTED:  # "for 12 dollars each": each of the things the story counted
        if (
            rel.kind != "rate"
            or c_noun.head in _PEOPLE
            or any(re.search(r"\b(?:and|with)\s(?:his|her|their|my|our)\s$", full[:a]) for a, _ in c_spans)
        ):
            return None  # "Tom and his 3 friends went in for 8 dollars each": who pays is not said
        rel = Relation(rel.kind, rel.n, rel.num_at, rel.thing, c_noun, rel.span, weak=True)
    # "Tom needs 6 pens for each box": a need, so only what he needs is asked
    clause = full[max(full.rfind(c, 0, rel.span[0]) for c in ".?!|,") + 1 : rel.span[1]]
    wish = re.search(r"\b(?:needs?|needed|wants?|wanted)\s(?:[a-z]+\s)?\d", clause)
    if wish and re.search(r"\b(?:each|every|a|an|1)\s(?:[a-z]+\s){1,2}(?:needs?|needed)\s", clause):
        wish = None  # "each glass needs 2 lemons": what one group takes, not someone's need
    if rel.kind == "rate" and wish and not (asked.need or re.search(r"\bwants?\b", q)):
        return None
    if rel.kind == "share":
        return _share(rel, count, c_noun, asked, count_tex)
    return _rate(rel, count, c_noun, asked, full, count_tex)


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
    return any(w not in fine and _canon(w)[:5] not in said for w in words)


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


# "so he doesn't have any extra": the sharing comes out even (the negation is the question's own)
_COME_OUT_EVEN = re.compile(
    r"\bso\s(?:that\s)?(?:he|she|they|we|you|i|it|there)\s(?:doesn't|does\snot|don't|do\snot|won't|will\snot|isn't|is\snot|aren't|are\snot)\s(?:have\s|be\s)?(?:any\s)?(?:extra|left(?:\sover)?|leftovers?)\b"
)


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


def _fmt(v: Fraction) -> str:
    return sympy_module().latex(sympy_module().Rational(v.numerator, v.denominator))


def _terminates(v: Fraction) -> bool:
    """A value a story answers with: a whole number or a finite decimal (never 10/7 weeks)."""
    d = v.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _eq(a, b):
    return sympy_module().Eq(a, b)


def _q(v: Fraction | int):
    sp = sympy_module()
    v = Fraction(v)
    return sp.Rational(v.numerator, v.denominator)


def _answer(family: str, eq: str, equation, unit: str, says: str) -> Solution | None:
    """The worked solution: `equation` (a function of the unknown x giving a SymPy equation) is
    solved with SymPy; one rational solution, a whole or finite decimal (whole cents for money)."""
    sp = sympy_module()
    x = sp.Symbol("x")
    roots = sp.solve(equation(x), x)
    if len(roots) != 1 or not roots[0].is_Rational:
        return None
    value = Fraction(int(roots[0].p), int(roots[0].q))
    if not _terminates(value) or unit in ("dollar", "dollars") and (value * 100).denominator != 1:
        return None
    return worked(family, [f"x = the number of {says}"], [eq], roots[0], unit, says)


def _rate(
    rel: Relation, count: Fraction, c_noun: Noun, asked: Asked, full: str, count_tex: str = ""
) -> Solution | None:
    thing, group = rel.thing, rel.group
    ct = count_tex or _fmt(count)
    if thing is None:  # "43 in each pile", "come in boxes of 10": the things counted or asked
        thing = c_noun if not c_noun.same(group) else asked.noun if not asked.money else None
    if thing is None or thing.same(group):
        return None
    r = rel.n
    if c_noun.head in (group.head, group.of) and c_noun.head not in (thing.head, thing.of):
        if not set(group.mods) <= set(c_noun.mods):
            return None  # "each red box has 6 pens ... 3 red boxes and 2 blue boxes": not every box
        if c_noun.of and thing.head in _PARTS and not thing.of:  # "packs of gum, 18 pieces in each pack"
            thing = Noun(thing.head, c_noun.of, (*thing.words, "of", c_noun.of))
        if c_noun.of and c_noun.of not in (thing.head, thing.of):
            return None  # "6 chairs in each row ... 4 rows of tables": rows of another thing
        # a count of the groups: the things in all
        if asked.each or asked.left or asked.more or asked.how_long:
            return None
        if asked.money:
            if thing.head not in ("dollar", "cent") or not asked.paid:
                return None  # "how much money does he have": not what the things cost
        elif asked.noun is None or not asked.noun.same(thing):
            return None
        return _answer(
            "multiplication (equal groups)",
            f"x = {ct} \\times {_fmt(r)}",
            lambda x: _eq(x, _q(count) * _q(r)),
            thing.unit,
            f"{thing.unit} in all",
        )
    if not c_noun.same(thing) or c_noun.same(group) or count.denominator != 1 or r.denominator != 1:
        return None
    if not set(thing.mods) <= set(c_noun.mods):  # "each box holds 6 red pens ... 30 pens"
        return None
    if rel.weak:
        return None  # "a boy has 12 marbles": what one holder has, no size of a group to divide by
    if thing.head in ("dollar", "cent") and not asked.left and not asked.whole:
        return None  # "has 60 dollars ... how many shirts did he buy": how much he spent is not said
    if r == 0:
        return None
    whole, part = divmod(int(count), int(r))
    if asked.left:
        if asked.noun is not None and not asked.noun.same(thing) or asked.each or asked.more or count < r:
            return None
        if asked.money or thing.head in ("dollar", "cent") or not _GROUPED.search(full):
            return None  # left after what: the story must put the things in groups
        return _answer(
            "division with remainder (equal groups)",
            f"{ct} = {_fmt(r)} \\times {whole} + x",
            lambda x: _eq(_q(count), _q(r) * whole + x),
            thing.unit,
            f"{thing.unit} left over",
        )
    if asked.each or asked.more or asked.money:
        return None
    if asked.how_long:
        if _unit(group.head) is None or _UNIT_SIZE[_unit(group.head) or ""][0] != "time":
            return None
    elif asked.noun is None or not asked.noun.same(group):
        return None
    group = asked.noun if asked.noun is not None and asked.noun.same(group) else group  # "buses" as asked
    if part == 0:
        return _answer(
            "division (equal groups)",
            f"{_fmt(r)} \\times x = {ct}",
            lambda x: _eq(_q(r) * x, _q(count)),
            group.unit,
            group.unit,
        )
    if _timed_measure(group, thing):
        return None  # "60 miles per hour ... 250 miles": a part of an hour, not a whole one more
    if asked.need and not asked.whole and not rel.uses and thing.head not in ("dollar", "cent"):
        return _answer(
            "division rounded up (every one must fit in a group)",
            f"x = \\lceil {ct} / {_fmt(r)} \\rceil",
            lambda x: _eq(x, sympy_module().ceiling(_q(count) / _q(r))),
            group.unit,
            f"{group.unit} needed",
        )
    if asked.whole and not asked.need:
        return _answer(
            "division rounded down (full groups only)",
            f"x = \\lfloor {ct} / {_fmt(r)} \\rfloor",
            lambda x: _eq(x, sympy_module().floor(_q(count) / _q(r))),
            group.unit,
            f"full {group.unit}",
        )
    return None


# the things are put into groups (so what is left over is what no full group took)
_GROUPED = re.compile(
    r"\b(?:put|puts|putting|pack\w*|plac\w*|fill\w*|sort\w*|divid\w*|split\w*|shar\w*|group\w*|"
    r"arrang\w*|mak\w*|made|as\smany\s[a-z]+\sas)\b"
)
_MEASURES = {
    "mile", "pound", "ounce", "gallon", "quart", "pint", "ton", "acre", "degree", "lb", "oz", "cup",
    "teaspoon", "tablespoon", "liter", "litre", "meter", "metre", "kilometer", "yard", "foot", "inch",
}  # fmt: skip


# words of a part of something: "18 pieces in each pack of gum" are pieces of gum
_PARTS = {"piece", "slice", "stick", "sheet", "serving", "scoop", "bar", "strip", "section", "segment"}


def _measure(n: Noun) -> bool:
    return bool(_unit(n.head) or n.head in _MEASURES)


def _timed_measure(group: Noun, thing: Noun) -> bool:
    """A measure per a measure ("60 miles per hour", "30 miles per gallon"): the amount asked is
    not rounded to whole units (1.5 gallons), so a quotient that is not whole is not read."""
    return _measure(group) and _measure(thing)


def _share(
    rel: Relation, total: Fraction, t_noun: Noun, asked: Asked, count_tex: str = ""
) -> Solution | None:
    groups = rel.n
    tt = count_tex or _fmt(total)
    if t_noun.same(rel.group) or not t_noun.head or groups == 0:
        return None
    if asked.noun is not None and not asked.noun.same(t_noun):
        return None
    if asked.money and t_noun.head not in ("dollar", "cent"):
        return None
    if asked.left or asked.more:
        if total.denominator != 1 or groups.denominator != 1 or asked.each and not asked.more:
            return None
        whole, part = divmod(int(total), int(groups))
        if asked.more:
            if not asked.need and not asked.buys:
                return None  # "how many more" of what: needed (or bought) to come out even
            return _answer(
                "division with remainder (equal sharing, to come out even)",
                f"x = {_fmt(groups)} \\times {whole + (1 if part else 0)} - {tt}",
                lambda x: _eq(x, _q(groups) * sympy_module().ceiling(_q(total) / _q(groups)) - _q(total)),
                t_noun.unit,
                f"more {t_noun.unit} needed",
            )
        return _answer(
            "division with remainder (equal sharing)",
            f"{tt} = {_fmt(groups)} \\times {whole} + x",
            lambda x: _eq(_q(total), _q(groups) * whole + x),
            t_noun.unit,
            f"{t_noun.unit} left over",
        )
    if not asked.each:
        return None
    share = total / groups
    if share.denominator == 1:
        return _answer(
            "division (equal sharing)",
            f"{_fmt(groups)} \\times x = {tt}",
            lambda x: _eq(_q(groups) * x, _q(total)),
            t_noun.unit,
            f"{t_noun.unit} each",
        )
    if asked.money or total.denominator != 1 or groups.denominator != 1 or _unit(t_noun.head):
        return None  # a measure shared: not whole ones
    return _answer(
        "division rounded down (equal sharing, whole ones each)",
        f"x = \\lfloor {tt} / {_fmt(groups)} \\rfloor",
        lambda x: _eq(x, sympy_module().floor(_q(total) / _q(groups))),
        t_noun.unit,
        f"{t_noun.unit} each",
    )


def _convert(full: str, s: str, num: re.Match, asked: Asked, has_rel: bool) -> Solution | None:
    """One amount in one unit asked in another ("48 inches ... how many feet")."""
    if has_rel or asked.noun is None or asked.each or asked.left or asked.more or asked.money:
        return None
    n = _noun_at(full, num.end())
    time = _unit(n.head) is not None and _UNIT_SIZE[_unit(n.head) or ""][0] == "time"
    spent = [m.span() for m in re.finditer(r"\b(?:spent|spends?|spending)\b", full)] if time else []
    if num.start() >= len(s) or _risky_outside(full, spent):
        return None
    if _time_outside(full, [(num.start(), num.end() + 1 + len(n.head) + 2)], len(s), asked):
        return None
    if len(n.words) != 1:
        return None
    have, want = _unit(n.head), _unit(asked.noun.head)
    if have is None or want is None or have == want or asked.noun.of:
        return None
    if _UNIT_SIZE[have][0] != _UNIT_SIZE[want][0]:
        return None
    if {have, want} & {"day", "week"}:
        return None  # "worked 3 days": a working day is not 24 hours, nor a working week 7 days
    dims = r"\b(?:long|wide|tall|high|deep|thick|far|away)\b"
    if set(re.findall(dims, full[len(s) :])) - set(re.findall(dims, s)):
        return None  # "25 meters long ... how many centimeters wide"
        return None
    value = Fraction(num.group(0))
    factor = _UNIT_SIZE[have][1] / _UNIT_SIZE[want][1]
    ans = value * factor
    op = (
        f"{_fmt(value)} \\times {_fmt(factor)}"
        if factor.denominator == 1
        else f"{_fmt(value)} \\div {_fmt(1 / factor)}"
    )
    return _answer(
        "unit conversion", f"x = {op}", lambda x: _eq(x, _q(ans)), asked.noun.unit, asked.noun.unit
    )
