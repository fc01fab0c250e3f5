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
from tutor.math.wordproblems.schema_solution import terminates
from tutor.math.wordproblems.sharing_words import (
    _BW,
    _CAPACITY,
    _CONTAINERS,
    _COUNTED,
    _EQUAL_CUE,
    _HOLD_VERBS,
    _MODAL,
    _N,
    _PEOPLE,
    _PRONOUNS,
    _SHARE_STRONG,
    _SHARE_WEAK,
    _STOP,
    _SUBJECT,
    _TIME,
    _UNIT_SIZE,
    _USES,
    Asked,
    Noun,
    _asked,
    _canon,
    _noun_at,
    _question_cues,
    _risky_outside,
    _sum_of_two,
    _time_outside,
    _unit,
    _unknown_in_question,
    is_measure,
)

__all__ = ["read_sharing"]


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
    # "bouquets with 5 flowers in each (one)": each of the containers just named
    s = re.sub(
        r"\b(?P<cont>[a-z]+)\s(?:of\s[a-z]+\s)?with\s(?P<n>\d+)\s(?P<thing>[a-z]+)\sin\seach(?:\sone)?(?=[.,?!]|$)",
        lambda m: m.group(0).rsplit(" in each", 1)[0] + f" in each {singular(m.group('cont'))}",
        s,
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
    if len(nums) == 2 and len(by_num) == 2:  # "each rack holds 8 CDs; a shelf holds 4 racks"
        chained = _rate_of_rates(full, len(s), list(by_num.values()), asked)
        if chained is not None:
            return chained
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
    gives = re.search(
        r"\b(?:gives?|gave|hands?|handed|pass(?:es)?|passed|sends?|sent|donat\w*|lends?|lent)\b", clause
    )
    if (
        rel.kind == "rate"
        and gives
        and re.match(r"how\smany\s[a-z\s]*?\b(?:does|do|did|will|would)\s[a-z]+\s(?:have|own|keep|hold)\b", q)
    ):
        return None  # "hands 3 cards to each player ... how many cards does he have": given, not held
    wish = re.search(r"\b(?:needs?|needed|wants?|wanted)\s(?:[a-z]+\s)?\d", clause)
    if wish and re.search(r"\b(?:each|every|a|an|1)\s(?:[a-z]+\s){1,2}(?:needs?|needed)\s", clause):
        wish = None  # "each glass needs 2 lemons": what one group takes, not someone's need
    if rel.kind == "rate" and wish and not (asked.need or re.search(r"\bwants?\b", q)):
        return None
    held_q = re.search(r"\b(?:does|do|did)\s[a-z]+\s(?:have|own|keep|hold)\b", q)
    if held_q and re.search(
        r"\b(?:wants?|wanted|needs?|needed|plans?|planned|hopes?|hoped)\s(?:to\s)?[a-z]+\s\d", s
    ):
        return None  # "he wants to make 20 cakes ... how many eggs does he have?": a plan, not what is held
    if re.search(r"\b(?:seats?|can\s(?:seat|hold|fit|carry|take)|holds?|fits?)\b", s) and re.search(
        r"\b(?:came|come|attended|arrived|showed\sup|went)\b", q
    ):
        return None  # "each table seats 8 ... how many people came?": room for them, not who came
    if rel.kind == "share":
        return _share(rel, count, c_noun, asked, count_tex)
    return _rate(rel, count, c_noun, asked, full, count_tex)


def _rate_of_rates(full: str, stmt_end: int, cands: list[list[Relation]], asked: Asked) -> Solution | None:
    """Two rates chained, the outer group asked ("each rack holds 8 CDs; a shelf holds 4 racks:
    how many CDs fit on the shelf?"): so many things per one inner group times so many inner
    groups per one outer group."""
    pairs = [[r for r in v if r.kind == "rate" and r.thing is not None and r.count_at is None] for v in cands]
    if any(len(p) != 1 for p in pairs):
        return None
    a, b = pairs[0][0], pairs[1][0]
    if a.thing is not None and b.thing is not None and not a.group.same(b.thing):
        a, b = b, a
    if a.thing is None or b.thing is None or not a.group.same(b.thing):
        return None
    if a.thing.same(a.group) or a.thing.same(b.group) or b.group.same(a.group) or a.uses or b.uses:
        return None
    if asked.each or asked.left or asked.more or asked.money or asked.how_long or asked.need:
        return None
    if asked.noun is None or not asked.noun.same(a.thing):
        return None
    q = full[stmt_end:]
    if not re.search(rf"\b(?:the|a|an|one|1|each|every)\s{re.escape(b.group.words[-1])}\b", q):
        return None  # the question must ask about one outer group
    spans = [a.span, b.span]
    if _risky_outside(full, spans, 0, stmt_end) or _risky_outside(
        full, spans + _question_cues(full, stmt_end), stmt_end
    ):
        return None
    return _answer(
        "multiplication (a rate of rates)",
        f"x = {_fmt(a.n)} \\times {_fmt(b.n)}",
        lambda x: _eq(x, _q(a.n) * _q(b.n)),
        a.thing.unit,
        f"{a.thing.unit} in one {b.group.unit}",
    )


def _fmt(v: Fraction) -> str:
    return sympy_module().latex(sympy_module().Rational(v.numerator, v.denominator))


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
    if not terminates(value) or unit in ("dollar", "dollars") and (value * 100).denominator != 1:
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
        if asked.money or thing.head in ("dollar", "cent"):
            if thing.head not in ("dollar", "cent") or not asked.paid:
                return None  # "how much money / how many dollars does he have": not what the things cost
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
    if asked.money or total.denominator != 1 or groups.denominator != 1 or is_measure(t_noun.head):
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
