"""Greatest-common-divisor and least-common-multiple stories.

GCD: amounts of different things shared into identical groups with none left over ("the greatest
number of identical kits"), rows of one kind each ("the greatest number of plants in each row, each
row one type"), lengths cut into equal pieces with no waste ("the greatest length of the pieces").
LCM: things that happen every N days / seconds (or a lap every N minutes) from a common start
("in how many days will both happen on the same day again"), things bought or counted in packs of
N and M with the same total ("the smallest number of each"), a number divisible by both N and M.

Every number of the story must be one of the amounts (or the count of kinds, "2 types of
birds"); the question must ask the one number the structure gives. Anything else is refused: a
question about the size of a mixed group ("how many pieces in each bag", which is not the GCD), the
number of packs, how many times something happens, a time of day.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.ratios import NUM, QUANTITY, noun_phrase, story, worked
from tutor.math.wordproblems.reading import singular

__all__ = ["read_greatest_least"]

_TIME = r"(?:second|minute|hour|day|week|month|year)s?"
_LENGTH = r"(?:cm|m|mm|km|inch(?:es)?|feet|foot|ft|yards?|meters?|centimeters?|metres?|centimetres?|miles?)"

# GCD: the story says the groups are alike and nothing is left
_ALIKE = re.compile(
    r"\b(?:identical(?:ly)?|same\s+(?:combination|number|set|way|amount|mix|length|width|size)|equal(?:ly)?|"
    r"evenly|no\s+(?:\w+\s+){0,2}left(?:\s+over)?|none\s+left|nothing\s+left|without\s+(?:any\s+)?(?:\w+\s+)?(?:left|remainder|wasting)|"
    r"no\s+remainder|(?:\w+n't|not)\s+(?:want\s+to\s+)?(?:have\s+)?any\s+(?:\w+\s+){0,2}left|is\s+used|are\s+used|use\s+all|all\s+(?:of\s+)?the\s+\w+\s+(?:are\s+)?used|completely\s+covered)",
    re.I,
)
# one kind in each group: the size of a group is then also the GCD
_ONE_KIND = re.compile(
    r"\bwithout\s+mixing\b|\bonly\s+(?:one|a\s+single)\s+(?:type|kind|sort|variety|flavou?r|colou?r)\b|\bonly\s+\w+\s+or\s+only\s+\w+|"
    r"\beither\b[^.?]*\bonly\b|\b(?:made\s+up|consisting)\s+of\s+only\b|\b(?:one|a\s+single)\s+(?:type|kind)\s+(?:only|each)\b",
    re.I,
)
_GCD_Q = re.compile(
    r"^(?:what\s+is|what's|find|how\s+many\s+\w+\s+(?:is|are))?\s*(?:the\s+)?(?:greatest|largest|maximum|biggest|highest)\s+"
    r"(?:possible\s+)?(?P<what>number\s+of\s+(?P<noun>[a-z][a-z-]*)|length|width|size)\b(?P<rest>.*)$",
    re.I,
)
_PER_GROUP = re.compile(
    r"\b(?:in|on|per|into)\s+(?:each|every|one|a|a\s+single)\s+\w+|\beach\s+\w+\s+(?:can|could|will|would|gets?|has|have)\b",
    re.I,
)

# LCM
_EVERY = re.compile(rf"\bevery\s+(?P<n>\d+)(?:st|nd|rd|th)?\s+(?P<u>{_TIME})\b", re.I)
_LAP = re.compile(
    rf"\b(?:(?:round|lap|circuit|loop)s?|(?:completes?|runs?|finish(?:es)?|goes\s+around)\s+(?:the\s+)?"
    rf"(?:track|course|circuit|it))\s+(?:in|every)\s+(?P<n>\d+)\s+(?P<u>{_TIME})\b",
    re.I,
)
_LAP_MORE = re.compile(
    rf",?\s+(?:and|while|whereas)\s+(?:the\s+other|[A-Za-z]+)\s+(?:in|every)\s+(?P<n>\d+)\s+(?P<u>{_TIME})\b",
    re.I,
)
_EVERY_LIST = re.compile(
    rf"\bevery\s+(?P<list>\d+(?:\s*,\s*\d+)*,?\s+and\s+\d+)\s+(?P<u>{_TIME})\b(?!\s+(?:and|or)\b)", re.I
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_AGAIN = re.compile(
    r"\b(?:again|next|together|same\s+(?:day|time|moment|instant)|simultaneously|at\s+once|side\s+by\s+side|meet)\b",
    re.I,
)
_START = re.compile(
    r"\b(?:today|same\s+time|together|both\s+(?:\w+\s+){0,3}(?:today|now)|just|started|start|begin|began|at\s+the\s+same)\b",
    re.I,
)
_PACKS = re.compile(
    r"\b(?:(?:packs?|packages?|groups?|sets?|boxes|bags|flocks|loads|bundles|cases|rows|teams|batches|"
    r"cartons|crates|bunches|stacks|tables)\s+of\s+(?:exactly\s+)?)(?P<n>\d+)\b",
    re.I,
)
_SAME_TOTAL = re.compile(
    r"\bsame\s+(?:total\s+)?(?:number|amount|quantity)\b|\bequal\s+(?:number|numbers|quantities|quantity|amounts?)\b|"
    r"\bas\s+many\s+\w+\s+as\b",
    re.I,
)
_DIVISIBLE = re.compile(
    r"\b(?:divisible\s+by|a\s+multiple\s+of)\s+(?:both\s+|each\s+of\s+)?(?P<list>\d+(?:\s*,\s*\d+)*,?\s+and\s+\d+)\b",
    re.I,
)
_LEAST_Q = re.compile(
    r"^(?:what\s+is|what's|find)?\s*(?:the\s+)?(?:smallest|least|lowest|minimum|fewest)\s+(?:possible\s+)?"
    r"(?:total\s+)?number\s+of\s+(?P<noun>[a-z][a-z-]*)\b(?P<rest>.*)$",
    re.I,
)


# what "2 ..." counts when 2 amounts follow ("2 types of birds", "2 wires with lengths of ...")
_COUNTED = (
    r"(?:types?|kinds?|sorts?|pieces|wires|ropes|ribbons|bolts|boards|rolls|lengths|bells|lights|signs|buses|"
    r"trains|friends|people|persons|runners|riders|bikers|cars|classes|boys|girls|children)\b"
)


# a number of these is a measure, not a count of the kinds
_NOT_COUNTED = rf"(?:dollars?|cents?|percent|{_TIME}|{_LENGTH})\b"


def _prepare(text: str) -> str:
    # "two pieces, one 15 feet long and the other 12", "one bell rings ..., another ...": "one"
    # is a pronoun there, not 1
    text = re.sub(r"\bone\s+(?=(?:type|kind|sort|variety|flavou?r|colou?r)\b)", "a single ", text, flags=re.I)
    text = re.sub(r"\b([Oo])ne\b(?=\s+[a-z]+\s[^?!]*?\b(?:another|[Tt]he\s+other)\b)", "a", text)
    text = re.sub(r"\b(in|on|into|per)\s+one\b", r"\1 a", text, flags=re.I)  # "in one row": in each
    return re.sub(
        r"\bone\b(?=,?\s+(?:is\s+|was\s+|measures\s+|measuring\s+)?\d)", "the first", text, flags=re.I
    )


def read_greatest_least(text: str) -> Solution | None:
    """A GCD or LCM story answered (see the module's doc); None otherwise."""
    if not re.search(
        r"\b(?:greatest|largest|maximum|biggest|highest|smallest|least|lowest|minimum|fewest|again|together|next|meet|"
        r"possible|same\s+(?:day|time)|widest|longest|shortest|at\s+(?:the\s+)?most)\b",
        text,
        re.I,
    ):
        return None
    st = story(text, _prepare)
    if st is None:
        return None
    q = st.question.rstrip("?").strip()
    sol = _gcd(st, q)
    return sol if sol is not None else _lcm(st, q)


def _operands(st, found: list[str]) -> list[int] | None:
    """The amounts `found` gave, when they are every number of the story (a count of the kinds,
    "2 types of birds", also allowed); None otherwise."""
    values = [Fraction(t) for t in found]
    if any(v.denominator != 1 or v <= 0 for v in values) or len(values) < 2:
        return None
    if len(values) > 2 and values[0] == len(values) - 1:
        return None  # "2 gifts: 18 bars and 12 cookies": the first may count the others
    extra = [t for _, t in st.numbers]
    for v in values:
        if str(v) not in extra:
            return None
        extra.remove(str(v))
    if extra:
        # each extra number must count the things ("2 wires", "3 types of birds", "all 3 activities")
        if any(Fraction(t) != len(values) for t in extra):
            return None
        counted = re.findall(
            rf"\b{extra[0]}\s+(?!{_NOT_COUNTED})(?:\w+\s+)?(?:{_COUNTED}|[a-z]+s\b)", st.text, re.I
        )
        if len(counted) != len(extra):
            return None
    return [int(v) for v in values]


def _gcd(st, q: str) -> Solution | None:
    # "what is the width of the widest strips": the same as "the greatest width of the strips"
    q = re.sub(
        r"^(what\s+is|what's|find)\s+the\s+(length|width)\s+of\s+the\s+(?:longest|widest|largest|greatest)\s+",
        r"\1 the greatest \2 of the ",
        q,
        flags=re.I,
    )
    # "how many packs at most can she make": the greatest number of packs
    q = re.sub(
        r"^how\s+many\s+([a-z][a-z-]*)\s+at\s+(?:the\s+)?most\b",
        r"what is the greatest number of \1",
        q,
        flags=re.I,
    )
    m = _GCD_Q.match(q)
    alone = None
    if m is None:
        # "cut both pieces into strips of equal width that are as wide as possible. How wide ...?"
        alone = re.search(r"\bas\s+(?P<adj>wide|long)\s+as\s+possible\b", " ".join(st.statements), re.I)
        if not alone or not re.match(rf"^how\s+{alone['adj']}\b", q, re.I):
            return None
    story_text = " ".join(st.statements)
    if not _ALIKE.search(story_text + " " + q):
        return None
    if re.search(r"\b(?:least|smallest|minimum|fewest|total|altogether|in\s+all|left|remain)", q, re.I):
        return None
    lengths = _lengths(story_text)
    if alone or (m and m["what"].lower() in ("length", "width", "size")):
        if not lengths or len({_unit(u) for _, u in lengths}) != 1:
            return None
        found, unit, says = [n for n, _ in lengths], _unit(lengths[0][1]), "the greatest length"
    else:
        if lengths or m is None:
            return None
        noun = noun_phrase(m["noun"] + m["rest"])
        if not noun:
            return None
        if _PER_GROUP.search(m["rest"]) or re.search(r"\b(?:each|every|per)\b", noun):
            if not _ONE_KIND.search(story_text + " " + q):
                return None  # the size of a mixed group is not the GCD
            says = f"the greatest number of {noun} in each group"
        else:
            says = f"the greatest number of {noun}"
        found = re.findall(r"(?<![\w.])(\d+)\s+(?!(?:types?|kinds?|sorts?)\b)[a-z]", story_text, re.I)
        if re.search(
            rf"\d\s+(?:dollars?|cents?|percent|{_TIME})\b|\b(?:for|per|each|at|every)\s+\d", st.text, re.I
        ):
            return None  # a price, a time or a rate beside the amounts: another story
        unit = noun
    for sent in st.statements:
        if (
            not NUM.search(sent)
            and QUANTITY.search(sent)
            and not _ALIKE.search(sent)
            and not _ONE_KIND.search(sent)
        ):
            return None
    values = _operands(st, found)
    if values is None or _told_apart(st, values) or (not lengths and not _named_things_are_all(st, q)):
        return None
    sp = sympy_module()
    g = sp.Symbol("g")
    eq = sp.Eq(g, sp.Function("gcd")(*values))
    value = sp.Integer(math.gcd(*values))
    if value == 1 and not alone and m and "number" in m["what"].lower():
        pass
    names = [f"$g$ = {says}: it divides each of {', '.join(map(str, values))}"]
    lines = [sp.latex(eq).replace(r"\operatorname{gcd}", r"\gcd")]
    return worked("greatest-common-divisor", names, lines, value, unit, says)


# a word after "all (of) the" / "no ... left" that names what is grouped
_GROUPED_NAMED = re.compile(
    r"\b(?:all\s+(?:of\s+)?(?:the|her|his|their|its)|no|each|every|the\s+same\s+number\s+of|"
    r"the(?=\s+[a-z]+(?:\s*,\s*|\s+(?:and|or)\s+)[a-z]))\s+"
    r"(?P<words>[a-z]+(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:or|and|nor)\s+)"
    r"(?!(?:the|a|an|her|his|their|its|each|every|all|no|some|in|with|using)\b)[a-z]+)*)",
    re.I,
)
# words after "each" / "no" / "all the" that name no thing
_NOT_A_THING = set(
    "them it left over one other kind type sort same time way with of in to for from on at by as having has "
    "have getting containing combination holding number group and or but so that which will can".split()
)


def _named_things_are_all(st, q: str) -> bool:
    """False when the grouping names only some of the counted things ("9 glasses, 28 balloons and
    6 mugs ... with no glasses or mugs left over") or names a word that is none of them ("15 oranges
    and 28 crayons ... all of the fruit"): which amounts are grouped is then a guess."""
    counted = {
        _counted_noun(words.lower().split())
        for sent in st.statements
        for words in re.findall(r"(?<![\w.])\d+((?:\s+[a-z]+){1,3})", sent, re.I)
    }
    after = " ".join(s for s in st.statements if not NUM.search(s)) + " " + q
    # "18 red, 27 blue and 5 green marbles ... put the red and blue marbles into bags": the
    # grouping names the kinds of some amounts by their words, not all of them
    kinds = []
    for sent in st.statements:
        for words in re.findall(r"(?<![\w.])\d+((?:\s+[a-z]+){1,3})", sent, re.I):
            ws = words.lower().split()
            at = [singular(w) for w in ws].index(_counted_noun(ws))
            kinds.append([w for w in ws[:at] if w not in _NOT_A_THING])
    said = [any(re.search(rf"\b{re.escape(w)}\b", after, re.I) for w in k) for k in kinds if k]
    if any(said) and not all(said):
        return False
    if len(counted) < 2:
        return True
    named: set[str] = set()
    for m in _GROUPED_NAMED.finditer(after):
        for w in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:or|and|nor)\s+", m["words"].lower()):
            w = singular(w)
            if w not in _NOT_A_THING and w.endswith(tuple("abcdefghijklmnopqrstuvwxyz")):
                named.add(w)
    things = {w for w in named if w in counted}
    if things:
        return things == counted  # some of the things named, not all: which are grouped?
    # only other words: a group word the question asks for ("baskets") is fine; a word for the
    # things that is none of them ("all of the fruit" over oranges and crayons) is a guess
    return len(counted) < 3 or all(re.search(rf"\b{re.escape(w)}", q, re.I) for w in named)


def _counted_noun(words: list[str]) -> str:
    """The thing a number counts, from the words after it: the first plural ("86 chocolate chip
    cookies and", "18 rolls of paper"), else the first word."""
    for w in words:
        if w.endswith("s") and w not in ("is", "was", "has", "as", "this", "its", "his"):
            return singular(w)
    return singular(words[0])


def _told_apart(st, values: list[int]) -> bool:
    """Whether the amounts come from several statements: "Mei has 12 apples and 18 pears. Their
    neighbor has 7 apples." (are the neighbor's apples grouped too?) or "Last week there were 4
    cups in the sink": the greatest divisor of all of them is then a guess."""
    said = {
        i for i, t in enumerate(st.statements) for v in values if re.search(rf"(?<![\w.]){v}(?![\w.])", t)
    }
    return len(said) > 1


def _lengths(text: str) -> list[tuple[str, str]]:
    """Each length the text states with its unit, a list sharing one unit included: "45 or 60
    inches" -> (45, inches), (60, inches); "75 cm, and 90 cm" -> (75, cm), (90, cm)."""
    out: list[tuple[str, str]] = []
    for m in re.finditer(
        rf"(?P<list>(?<![\w.])\d+(?:(?:\s*,\s*|\s+(?:and|or)\s+|,\s+(?:and|or)\s+)\d+)*)\s+(?P<u>{_LENGTH})\b",
        text,
        re.I,
    ):
        out += [(n, m["u"]) for n in re.findall(r"\d+", m["list"])]
    return out


def _unit(u: str) -> str:
    u = u.lower()
    return {"inches": "inch", "feet": "foot", "ft": "foot", "metres": "meter", "metre": "meter"}.get(
        u, singular(u)
    )


def _lcm(st, q: str) -> Solution | None:
    story_text = " ".join(st.statements)
    weekday = _same_weekday_again(st, story_text, q)
    if weekday is not None:
        return weekday
    # "after what time will they meet again": a duration; "at what time": a time of day
    q = re.sub(r"^(?:after|in)\s+what\s+time\b", "after how much time", q, flags=re.I)
    if re.search(r"\b(?:what\s+time|which\s+day|what\s+day|how\s+many\s+times|date)\b", q, re.I):
        return None
    every = list(_EVERY.finditer(story_text)) + list(_LAP.finditer(story_text))
    for lap in _LAP.finditer(story_text):  # "P completes a round in 252 seconds and Q in 198 seconds"
        more = _LAP_MORE.match(story_text, lap.end())
        if more:
            every.append(more)
    listed = [  # "two lights blink every 6 and 10 seconds": one period each
        (n, m["u"]) for m in _EVERY_LIST.finditer(story_text) for n in re.findall(r"\d+", m["list"])
    ]
    packs = list(_PACKS.finditer(story_text))
    div = _DIVISIBLE.search(story_text + " " + q)
    if listed:
        if every:
            return None
        every = [{"n": n, "u": u} for n, u in listed]  # type: ignore[misc]
    if every and not packs and not div:
        units = {_time_unit(x["u"]) for x in every}
        if len(units) != 1 or not (_AGAIN.search(q) or _AGAIN.search(story_text)):
            return None
        if not (_START.search(story_text) or re.search(r"\b(?:again|next)\b", q, re.I)):
            return None
        if not re.match(
            rf"^(?:(?:in|after)\s+)?how\s+(?:many\s+(?:more\s+)?{_TIME}|much\s+time|long)\b|^when\b", q, re.I
        ):
            return None  # "after how many laps": not the time itself
        unit = units.pop()
        asked = re.findall(rf"\b{_TIME}\b", q, re.I)
        if any(_time_unit(a) != unit for a in asked):
            return None  # asked in another unit (minutes told, hours asked): not read
        found, says = [x["n"] for x in every], f"the number of {unit}s until they happen together again"
    elif packs and not every and not div:
        m = _LEAST_Q.match(q)
        if m is None or not _SAME_TOTAL.search(story_text + " " + q):
            return None
        noun = noun_phrase(m["noun"] + m["rest"])
        if re.search(r"\b(?:and|altogether|combined|in\s+all|together)\b", m["rest"]):
            return None  # the number of packs, or both kinds added: not the LCM itself
        containers = {
            singular(x.split()[0].lower())
            for x in re.findall(r"\b([a-z]+)\s+of\s+(?:exactly\s+)?\d", story_text, re.I)
        }
        if singular(noun.split()[-1]) in containers if noun else False:
            return None  # the number of packs asked, not of things
        if re.search(r"\b(?:packs|boxes|bags|sets|groups|cases|cartons|crates)\b", m["rest"], re.I):
            return None
        unit = "" if noun.startswith(("each", "every")) or not noun else noun
        found, says = [x["n"] for x in packs], f"the smallest number of {unit or 'each'}"
    elif div and not every and not packs:
        if not re.search(r"\b(?:smallest|least|lowest|minimum)\b", q, re.I):
            return None
        found = re.findall(r"\d+", div["list"])
        unit, says = "", "the smallest number divisible by each"
    elif not every and not packs and not div and _LEAST_LENGTH_Q.match(_if_clause_dropped(q)):
        # lengths that must each fit a whole number of times: steps, pieces cut with no remainder
        lengths = _lengths(story_text)
        if len({_unit(u) for _, u in lengths}) != 1 or not _WHOLE_TIMES.search(story_text + " " + q):
            return None
        found, unit = [n for n, _ in lengths], _unit(lengths[0][1])
        says = "the shortest length made of whole pieces of each length"
    else:
        return None
    for sent in st.statements:
        same = _SAME_TOTAL.search(sent) or (says.startswith("the shortest") and _SAME_LENGTH.search(sent))
        if not NUM.search(sent) and QUANTITY.search(sent) and not same:
            return None
    values = _operands(st, found)
    if values is None:
        return None
    sp = sympy_module()
    n = sp.Symbol("n")
    eq = sp.Eq(n, sp.Function("lcm")(*values))
    value = sp.Integer(math.lcm(*values))
    names = [f"$n$ = {says}: a multiple of each of {', '.join(map(str, values))}"]
    lines = [sp.latex(eq).replace(r"\operatorname{lcm}", r"\operatorname{lcm}")]
    return worked("least-common-multiple", names, lines, value, unit, says)


_LEAST_LENGTH_Q = re.compile(
    r"^(?:what\s+is|what's|find)\s+the\s+(?:shortest|least|smallest|minimum)\s+(?:possible\s+)?(?:length|distance)\b",
    re.I,
)
# each length goes into the answer a whole number of times
_WHOLE_TIMES = re.compile(
    r"\b(?:complete|whole|no\s+remainder|without\s+(?:any\s+|a\s+)?remainder|no\s+(?:\w+\s+)?left(?:\s+over)?|"
    r"nothing\s+left|exact(?:ly)?)\b",
    re.I,
)


_SAME_LENGTH = re.compile(r"\b(?:equal|same)\s+(?:length|distance)\b", re.I)


def _if_clause_dropped(q: str) -> str:
    """ "If there was no remainder, what is ...?" -> "what is ...?" (the clause stays in the text)."""
    return re.sub(r"^if\s[^,?]+,\s*", "", q, flags=re.I)


def _same_weekday_again(st, story_text: str, q: str) -> Solution | None:
    """ "Something happens every 30 days, last on a Friday: in how many days again on a Friday?"
    -> lcm(30, 7) (a week has 7 days); None when the story is not that one."""
    every = list(_EVERY.finditer(story_text))
    days = re.findall(rf"\b{_WEEKDAY}\b", story_text + " " + q, re.I)
    if len(every) != 1 or _time_unit(every[0]["u"]) != "day" or len(days) < 2:
        return None
    if len({d.lower() for d in days}) != 1 or not re.search(rf"\b{_WEEKDAY}\b", q, re.I):
        return None
    if not re.search(r"\b(?:again|next)\b", q, re.I):
        return None
    if not re.match(r"^(?:(?:in|after)\s+)?how\s+many\s+days\b", q, re.I):
        return None
    if [t for _, t in st.numbers] != [every[0]["n"]]:
        return None
    n = int(every[0]["n"])
    sp = sympy_module()
    d = sp.Symbol("n")
    eq = sp.Eq(d, sp.Function("lcm")(n, 7))
    says = f"the number of days until it happens on a {days[0].capitalize()} again"
    names = [f"$n$ = {says}: a multiple of {n} and of 7 (the days of a week)"]
    return worked("least-common-multiple", names, [sp.latex(eq)], sp.Integer(math.lcm(n, 7)), "day", says)


def _time_unit(u: str) -> str:
    return singular(u.lower()).rstrip("s") if u.lower().endswith("s") else u.lower()
