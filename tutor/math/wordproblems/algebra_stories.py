"""Two-unknown stories settled by one linear system (ASDiv's Algebra-1/2 kind), each structure read
whole or refused:

- a fixed fee plus a rate: "A shop charges a 17 dollar fixed fee plus 7 dollars an hour. Mary
  paid 80 dollars. How many hours ...?"  (total = fee + rate * x);
- money spent on equal items: "Jo had 50 dollars. She bought 4 shirts and had 10 dollars left.
  How much did each shirt cost?"  (money - n * x = left);
- two kinds with a total and a relation: "Anna has 28 nickels and dimes. She has 8 fewer nickels
  than dimes. How many dimes ...?";
- a length cut into two pieces: "An 8 ft board is cut into two pieces. One piece is 2 ft longer
  than the other. How long is the shorter piece?";
- equal groups filled and some left over: "396 students went on a trip. All 7 buses were filled
  and 4 students had to travel in cars. How many students were in each bus?" (7 x + 4 = 396);
- two kinds at two prices, how many of each: "Adult tickets cost $8 and child tickets cost $5.
  120 tickets were sold for $810. How many child tickets were sold?" (a + c = 120, 8 a + 5 c = 810);
- some given from one person to another, then a relation: "Mark had 24 marbles and Evan had 3.
  Mark gave some of his marbles to Evan. Now Mark has double the number Evan has. How many ...?".

Precision first: every number of the story must be consumed by the structure's sentences, every
sentence must be one of them, the question must ask for one of the unknowns (a "more", "left",
"each piece" question is not read), and the solution must be a positive quantity (a whole one
for things counted).
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.algebra_common import NUMBER, PRONOUN, WORD, num, positive, same_subject
from tutor.math.wordproblems.algebra_money import fee_and_rate, one_price_unknown, spent_on_items, two_prices
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.reading import glued_numbers, normalise, numbers_in, sentences, singular

__all__ = ["read_algebra_story"]

N, _WORD, _PRONOUN = NUMBER, WORD, PRONOUN
_num, _positive, _same_subject = num, positive, same_subject


def read_algebra_story(text: str) -> Solution | None:
    """The worked solution of a two-unknown story; None when `text` is not one read whole."""
    s = normalise(text)
    if len(s) > 500 or glued_numbers(s):
        return None
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    lines = [re.sub(r"\s+", " ", x.text.lower()).strip().rstrip("?.!").strip().rstrip(",") for x in ss]
    told = Counter(n for ln in lines for n in numbers_in(ln))
    readers = (
        fee_and_rate,
        spent_on_items,
        _two_kinds,
        _two_pieces,
        _gave_some,
        _groups_filled,
        two_prices,
        one_price_unknown,
    )
    for reader in readers:
        got = reader(lines)
        if got is not None:
            used, sol = got
            if Counter(used) != told:
                return None
            return sol
    return None


# ---- two kinds with a total and a relation ----------------------------------------------------

# verbs of having or of one action; a later sentence must use the total's verb (or "have" with
# "have"): "Tom has 50 coins ... He sold 10 more quarters" is another story
_VERBS = {
    "have": ("has", "had", "have", "owns", "owned", "own", "contains", "contained", "contain", "holds", "held",
             "hold", "keeps", "kept", "keep"),
    "sell": ("sold", "sells", "sell"), "buy": ("bought", "buys", "buy"),
    "collect": ("collected", "collects", "collect"),
    "make": ("made", "makes", "make"), "pick": ("picked", "picks", "pick"), "catch": ("caught", "catches", "catch"),
    "find": ("found", "finds", "find"), "bake": ("baked", "bakes", "bake"), "grow": ("grew", "grows", "grow"),
}  # fmt: skip
_VERB_OF = {form: lemma for lemma, forms in _VERBS.items() for form in forms}
_VERB = "(?:" + "|".join(sorted(_VERB_OF, key=len, reverse=True)) + ")"
_KIND = rf"{_WORD}(?:\s{_WORD})?"
_PLACE = r"(?:\s(?:in|on|at)\s(?:a|an|the|her|his|their|my|our|its)\s[a-z' -]+)?"
_SUBJ = r"(?:(?:the|a|an)\s)?[a-z'-]+"
_TOTAL_KINDS = [
    # "Anna has a total of 28 nickels and dimes in her piggy bank", "There are 45 boys and girls"
    re.compile(
        rf"^(?:(?P<who>{_SUBJ})\s(?P<verb>{_VERB})|there\s(?:are|were))\s(?:a\stotal\sof\s)?(?P<T>{N})\s"
        rf"(?P<a>{_WORD})(?P<anoun>\s{_WORD})?\sand\s(?P<b>{_WORD})(?P<bnoun>\s{_WORD})?"
        rf"(?:\s(?:in\sall|altogether|in\stotal|total|combined))?{_PLACE}$"
    ),
    # "The total number of boys and girls in the club is 40"
    re.compile(
        rf"^the\stotal\snumber\sof\s(?P<a>{_WORD})(?P<anoun>\s{_WORD})?\sand\s(?P<b>{_WORD})(?P<bnoun>\s{_WORD})?"
        rf"{_PLACE}\s(?:is|was)\s(?P<T>{N})$"
    ),
]
_REL_HEAD = rf"^(?:(?P<s>{_PRONOUN}|{_SUBJ})\s(?P<verb>{_VERB})|there\s(?:are|were|is))\s"
_REL_DIFF = re.compile(
    _REL_HEAD + rf"(?P<D>{N})\s(?P<dir>more|fewer|less)\s(?P<x>{_KIND})\sthan\s(?P<y>{_KIND}){_PLACE}$"
)
# words that may stand between "as many emails" and "as" ("waiting for her"); a time or amount
# there ("last year", "more") changes what is compared
_NOT_FILLER = (
    r"(?:as|than|more|less|fewer|last|next|this|years?|weeks?|months?|days?|before|after|ago|now|then|times|"
    r"twice|each|per|left|total|all)\b"
)
# "twice as many emails (waiting for her) as phone messages", "7 less than 9 times as many ..."
_REL_TIMES = re.compile(
    _REL_HEAD
    + rf"(?:(?P<D>{N})\s(?P<dir>more|fewer|less)\sthan\s)?(?P<k>twice|thrice|{N}\stimes)\sas\smany\s"
    rf"(?P<x>{_WORD}(?:\s{_WORD})??)(?:\s(?!{_NOT_FILLER})[a-z]+){{0,3}}?\sas\s(?P<y>{_KIND}){_PLACE}$"
)
# "The number of pens is twice the number of pencils", "... is 6 more than the number of pencils"
_REL_NUMBER = re.compile(
    rf"^the\snumber\sof\s(?P<x>{_KIND})\s(?:is|was)\s(?:(?P<k>twice|thrice|{N}\stimes)|(?P<D>{N})\s(?P<dir>more|fewer|less)"
    rf"\sthan)\sthe\snumber\sof\s(?P<y>{_KIND})$"
)
_ASK_KIND = [
    re.compile(
        rf"^how\smany\s(?P<q>{_KIND})\s(?:does|did|do)\s(?P<s>{_PRONOUN}|{_SUBJ})\s(?P<verb>{_VERB})$"
    ),
    re.compile(
        rf"^how\smany\s(?P<q>{_KIND})\s(?:are|were)\s"
        rf"(?:there(?:{_PLACE})?|(?:in|on|at)\s(?:a|an|the|her|his|their|my|our)\s[a-z' -]+)$"
    ),
]


def _factor(k: str) -> Fraction:
    return {"twice": Fraction(2), "thrice": Fraction(3)}.get(k) or _num(k.split()[0])


def _kind_names(tm: re.Match) -> list[list[str]] | None:
    """The two kinds as word lists: "nickels and dimes" -> [nickel], [dime]; "red and blue
    marbles" -> [red, marble], [blue, marble]; None when the pair reads neither way."""
    a, an, b, bn = tm.group("a"), tm.group("anoun"), tm.group("b"), tm.group("bnoun")
    if an and bn:
        return [[a, singular(an.strip())], [b, singular(bn.strip())]]
    if an:
        return None
    if bn and singular(a) != a:  # "emails and phone messages": two nouns
        return [[singular(a)], [b, singular(bn.strip())]]
    if bn:  # "red and blue marbles": the noun is shared
        noun = singular(bn.strip())
        return [[a, noun], [b, noun]]
    return [[singular(a)], [singular(b)]]


def _which_kind(phrase: str, kinds: list[list[str]]) -> int | None:
    words = [singular(w) for w in phrase.split()]
    hits = [
        i for i, k in enumerate(kinds) if words == k or (len(k) == 2 and words in ([k[0]], [k[0], "one"]))
    ]
    return hits[0] if len(hits) == 1 else None


def _same_doer(m: re.Match, who: str | None, verb: str | None) -> bool:
    """A later sentence is about the total's owner and its verb: "there are" with "there are",
    a name or pronoun with the same name and the same verb ("does she have" for "has")."""
    s, v = m.groupdict().get("s"), m.groupdict().get("verb")
    if s is None and v is None:
        return True  # "there are 8 more dimes than nickels": the one collection of the story
    if who is None:
        return False
    if s is None or v is None or not _same_subject(s, who):
        return False
    return _VERB_OF.get(v) == _VERB_OF.get(verb or "")


def _two_kinds(lines: list[str]):
    *story, question = lines
    m = re.fullmatch(r"if\s(.+?),\s(how\s.+)", question)
    if m:  # "If she has a total of 93 emails and phone messages, how many emails does she have?"
        story, question = [*story, m.group(1)], m.group(2)
    if len(story) != 2:
        return None
    totals = [next((m for p in _TOTAL_KINDS if (m := p.fullmatch(ln))), None) for ln in story]
    if sum(t is not None for t in totals) != 1:
        return None
    tm = totals[0] or totals[1]
    assert tm is not None
    lines = [tm.string, story[1] if totals[0] else story[0], question]
    kinds = _kind_names(tm)
    if kinds is None or kinds[0] == kinds[1]:
        return None
    who, verb = tm.groupdict().get("who"), tm.groupdict().get("verb")
    if who is None and "the total number" in lines[0]:
        who, verb = None, None
    sp = sympy_module()
    a, b = sp.symbols("a b")
    syms = [a, b]
    total = sp.Rational(str(_num(tm.group("T"))))
    rel = _REL_DIFF.fullmatch(lines[1]) or _REL_TIMES.fullmatch(lines[1])
    if rel is not None and not _same_doer(rel, who, verb):
        return None
    rel = rel or _REL_NUMBER.fullmatch(lines[1])
    if not rel:
        return None
    i, j = _which_kind(rel.group("x"), kinds), _which_kind(rel.group("y"), kinds)
    if i is None or j is None or i == j:
        return None
    gd = rel.groupdict()
    if not gd.get("D") and not gd.get("k"):
        return None
    k = sp.Rational(str(_factor(gd["k"]))) if gd.get("k") else sp.Integer(1)
    d = sp.Rational(str(_num(gd["D"]))) if gd.get("D") else sp.Integer(0)
    eq2 = sp.Eq(syms[i], k * syms[j] + (d if gd.get("dir") == "more" else -d))
    used = ([gd["D"]] if gd.get("D") else []) + numbers_in(gd.get("k") or "")
    ask = next((m for p in _ASK_KIND if (m := p.fullmatch(lines[2]))), None)
    if not ask:
        return None
    q = _which_kind(ask.group("q"), kinds)
    if q is None:
        return None
    if ask.groupdict().get("s") is not None and not _same_doer(ask, who, verb):
        return None
    for later in (lines[1], lines[2]):  # "8 more dimes than nickels in her other bank": another collection
        place = re.search(r"\s(?:in|on|at)\s((?:a|an|the|her|his|their|my|our|its)\s[a-z' -]+)$", later)
        if place and re.sub(r"^(?:a|an|the)\s", "", place.group(1)) not in lines[0]:
            return None
    eqs = [sp.Eq(a + b, total), eq2]
    sol = sp.solve(eqs, [a, b], dict=True)
    if len(sol) != 1 or not all(_positive(sol[0].get(s), whole=True) for s in syms):
        return None
    label = [" ".join(k) + "s" for k in kinds]
    names = [("a", f"the number of {label[0]}"), ("b", f"the number of {label[1]}")]
    out = equations_solution(eqs, names, sol[0][syms[q]], label[q], f"the number of {label[q]}")
    return [tm.group("T"), *used], out


# ---- a length cut into two pieces -------------------------------------------------------------

_UNITS = {
    "ft": "foot", "foot": "foot", "feet": "foot", "inch": "inch", "inches": "inch", "in": "inch",
    "cm": "cm", "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm",
    "m": "m", "meter": "m", "meters": "m", "metre": "m", "metres": "m", "yard": "yard", "yards": "yard",
    "yd": "yard", "mm": "mm", "millimeters": "mm", "km": "km", "kilometers": "km", "miles": "mile", "mile": "mile",
}  # fmt: skip
_U = (
    r"(?P<{g}>ft|foot|feet|inch|inches|in|cm|centimeters?|centimetres?|m|meters?|metres?|yards?|yd|mm|"
    r"millimeters|km|kilometers|miles?)"
)
_THING = (
    r"(?:board|rope|ribbon|pipe|wire|string|stick|log|plank|rod|cable|cord|piece\sof\s[a-z]+|"
    r"length\sof\s[a-z]+|strip\sof\s[a-z]+)"
)
_PIECES = r"(?:2|two)\s(?:pieces|parts)"
_WHOLE = [
    # "An 8 ft board is cut into two pieces", "A rope 40 inches long was cut into two pieces"
    re.compile(
        rf"^(?:an?|the)\s(?:(?P<T>{N})[\s-]{_U.format(g='u')}(?:\s|-)(?:long\s)?{_THING}|{_THING}\s(?P<T2>{N})\s{_U.format(g='u2')}\slong)\s"
        rf"(?:is|was|has\sbeen)\scut\sinto\s{_PIECES}$"
    ),
    # "Eric cut a 40 inch rope into two pieces"
    re.compile(
        rf"^(?:{_PRONOUN}|[a-z]+)\s(?:cut|cuts|divided|divides|split|splits)\s(?:an?|the|his|her|their)\s(?P<T>{N})[\s-]{_U.format(g='u')}"
        rf"(?:\s|-)(?:long\s)?{_THING}\sinto\s{_PIECES}$"
    ),
]
_HAS_PIECES = re.compile(rf"^(?:{_PRONOUN}|[a-z]+)\s(?:has|had|have)\s{_PIECES}\sof\s[a-z]+$")
_TOTAL_PIECES = re.compile(
    rf"^(?:the\s)?(?:total\slength|combined\slength|sum\sof\sthe\slengths)\sof\sthe\s{_PIECES}\s(?:is|was)\s(?P<T>{N})\s{_U.format(g='u')}$"
)
_PIECE = r"(?:piece|part)"
_REL_PIECE_DIFF = re.compile(
    rf"^(?:(?:one|1)\s{_PIECE}|the\slonger\s{_PIECE})\s(?:is|was)\s(?P<D>{N})\s{_U.format(g='u')}\s(?P<dir>longer|shorter)\sthan\s"
    rf"(?:the\sother(?:\s{_PIECE})?|the\sshorter\s{_PIECE})$"
)
_REL_PIECE_TIMES = re.compile(
    rf"^(?:(?:one|1)\s{_PIECE}|the\slonger\s{_PIECE})\s(?:is|was)\s(?P<k>twice|thrice|{N}\stimes)\sas\slong\sas\s"
    rf"(?:the\sother(?:\s{_PIECE})?|the\sshorter\s{_PIECE})$"
)
_ASK_PIECE = [
    re.compile(rf"^how\slong\s(?:is|was)\sthe\s(?P<w>shorter|longer|short|long)\s{_PIECE}$"),
    re.compile(rf"^what\s(?:is|was)\sthe\slength\sof\sthe\s(?P<w>shorter|longer)\s{_PIECE}$"),
]


def _two_pieces(lines: list[str]):
    if len(lines) not in (3, 4):
        return None
    *story, question = lines
    whole = None
    unit = None
    used: list[str] = []
    rel = None
    for ln in story:
        w = next((m for p in (*_WHOLE, _TOTAL_PIECES) if (m := p.fullmatch(ln))), None)
        if w and whole is None:
            gd = w.groupdict()
            whole = gd.get("T") or gd.get("T2")
            u = gd.get("u") or gd.get("u2") or ""
            if u not in _UNITS or (unit is not None and _UNITS[u] != unit):
                return None
            unit = _UNITS[u]
            used += numbers_in(ln)
            continue
        if _HAS_PIECES.fullmatch(ln):
            used += numbers_in(ln)
            continue
        r = _REL_PIECE_DIFF.fullmatch(ln) or _REL_PIECE_TIMES.fullmatch(ln)
        if r and rel is None:
            rel = r
            used += numbers_in(ln)
            continue
        return None
    if whole is None or rel is None:
        return None
    gd = rel.groupdict()
    sp = sympy_module()
    big, small = sp.symbols("L S")
    if gd.get("D") is not None:
        if _UNITS[gd["u"]] != unit:
            return None
        d = sp.Rational(str(_num(gd["D"])))
        eq2 = sp.Eq(big, small + d)
        if gd["dir"] == "shorter" and rel.string.startswith("the longer"):
            return None  # "the longer piece is 2 ft shorter" reads wrong
    else:
        eq2 = sp.Eq(big, sp.Rational(str(_factor(gd["k"]))) * small)
    ask = next((m for p in _ASK_PIECE if (m := p.fullmatch(question))), None)
    if not ask:
        return None
    eqs = [sp.Eq(big + small, sp.Rational(str(_num(whole)))), eq2]
    sol = sp.solve(eqs, [big, small], dict=True)
    if len(sol) != 1 or not all(_positive(sol[0].get(s), whole=False) for s in (big, small)):
        return None
    if sol[0][big] <= sol[0][small]:
        return None
    asked = big if ask.group("w").startswith("long") else small
    which = "longer" if asked == big else "shorter"
    unit_word = {"foot": "feet", "inch": "inches", "yard": "yards", "mile": "miles"}.get(
        unit or "", unit or ""
    )
    names = [("L", "the longer piece"), ("S", "the shorter piece")]
    return used, equations_solution(eqs, names, sol[0][asked], unit_word, f"the {which} piece")


# ---- some given from one to another, then a relation between them -----------------------------

_NAME = r"[a-z]+"
_HAVE_TWO = re.compile(
    rf"^(?P<A>{_NAME})\s(?:had|has)\s(?P<a>{N})\s(?P<item>{_WORD})\s?,?\s(?:and|while)\s(?P<B>{_NAME})\s(?:had|has)\s"
    rf"(?P<b>{N})(?:\s(?P<item2>{_WORD}))?$"
)
_GAVE_SOME = re.compile(
    rf"^(?:then\s)?(?P<A>{_NAME})\s(?:gave|gives|handed|hands|passed|passes|sent|sends)\s(?:(?P<B2>{_NAME})\s)??"
    rf"(?:some|a\sfew|part)(?:\sof\s(?:his|her|their|its|the)(?:\s(?P<item>{_WORD}))?|\s(?P<item2>{_WORD}))?"
    rf"(?:\sto\s(?P<B>{_NAME}))?$"
)
_K_WORD = {"double": 2, "twice": 2, "triple": 3, "thrice": 3}
_NOW = r"^(?:now|then|after\sthat|afterwards),?\s"


def _relation_now(ln: str, a: str, b: str, item: str):
    """(k, d) with a's amount = k * b's + d, from "Now Mark has double the number of marbles that
    Evan has" / "... 4 more marbles than Evan" / "Now they have the same number"; None else."""
    x = rf"(?:\s{item}s?)?"
    of_b = (
        rf"(?:the\snumber\sof\s{item}s?\s(?:that\s)?{b}\shas|what\s{b}\shas|{b}'s(?:\s{item}s?)?|"
        rf"as\smany{x}\sas\s{b}(?:\s(?:has|does))?|{b})"
    )
    m = re.fullmatch(
        rf"{_NOW}{a}\s(?:has|had)\s(?:exactly\s)?(?P<k>double|twice|triple|thrice|{N}\stimes)\s{of_b}", ln
    )
    if m:
        k = m.group("k")
        return Fraction(_K_WORD[k]) if k in _K_WORD else _num(k.split()[0]), Fraction(0), numbers_in(k)
    m = re.fullmatch(
        rf"{_NOW}(?:{a}\s(?:has|had)\s(?:exactly\s)?(?:the\ssame\snumber\sof\s{item}s?\sas\s{b}"
        rf"(?:\s(?:has|does))?|as\smany{x}\sas\s{b}(?:\s(?:has|does))?)"
        rf"|(?:they|{a}\sand\s{b})\s(?:both\s)?(?:have|had)\s(?:the\ssame\snumber(?:\sof\s{item}s?)?|an\sequal\snumber(?:\sof\s{item}s?)?))",
        ln,
    )
    if m:
        return Fraction(1), Fraction(0), []
    m = re.fullmatch(
        rf"{_NOW}{a}\s(?:has|had)\s(?:exactly\s)?(?P<d>{N}){x}\s(?P<dir>more|fewer|less){x}\sthan\s{b}(?:\s(?:has|does))?",
        ln,
    )
    if m:
        d = _num(m.group("d"))
        return Fraction(1), (d if m.group("dir") == "more" else -d), [m.group("d")]
    return None


def _gave_some(lines: list[str]):
    if len(lines) != 4:
        return None
    have, gave, now, question = lines
    h, g = _HAVE_TWO.fullmatch(have), _GAVE_SOME.fullmatch(gave)
    if not h or not g:
        return None
    item = singular(h.group("item"))
    if (h.group("item2") and singular(h.group("item2")) != item) or h.group("A") == h.group("B"):
        return None
    if any(t and singular(t) != item for t in (g.group("item"), g.group("item2"))):
        return None
    names = {h.group("A"): ("a", h.group("a")), h.group("B"): ("b", h.group("b"))}
    if (g.group("B") is None) == (g.group("B2") is None):
        return None  # "gave Al some cards" or "gave some cards to Al", once
    giver, taker = g.group("A"), g.group("B") or g.group("B2")
    if {giver, taker} != set(names):
        return None
    plural = h.group("item")
    qm = re.fullmatch(
        rf"how\smany(?:\s(?P<item>{_WORD}))?\s(?:did|does)\s(?:{giver}|she|he)\s(?:give|hand|pass|send)(?:\s(?:to\s)?{taker})?",
        question,
    )
    if not qm or (qm.group("item") and singular(qm.group("item")) != item):
        return None
    item_re = re.escape(item)
    for who_a, who_b in ((giver, taker), (taker, giver)):
        rel = _relation_now(now, re.escape(who_a), re.escape(who_b), item_re)
        if rel is not None:
            break
    else:
        return None
    k, d, rel_numbers = rel
    sp = sympy_module()
    x = sp.Symbol("x")
    start = {name: sp.Rational(str(_num(v))) for name, (_, v) in names.items()}
    after = {giver: start[giver] - x, taker: start[taker] + x}
    eq = sp.Eq(after[who_a], sp.Rational(str(k)) * after[who_b] + sp.Rational(str(d)))
    v = sp.solve(eq, x)
    if len(v) != 1 or not _positive(v[0], whole=True) or v[0] >= start[giver]:
        return None
    gname, tname = giver.capitalize(), taker.capitalize()
    sol = equations_solution(
        [eq], [("x", f"the number of {plural} {gname} gave {tname}")], v[0], plural,
        f"the number of {plural} {gname} gave",
        how=f"After giving, {gname} has ${sp.latex(after[giver])}$ and {tname} ${sp.latex(after[taker])}$; "
        f"solving with SymPy: $x = {sp.latex(v[0])}$.",
    )  # fmt: skip
    return [h.group("a"), h.group("b"), *rel_numbers], sol


# ---- equal groups filled, some left over ----------------------------------------------------

_GROUP_WORDS = re.compile(
    r"\b(?:more|less|fewer|times|twice|double|half|each|every|per|left|remaining|rest|extra|another|other|"
    r"than|some|only|except|but)\b"
)
_FILLED = re.compile(
    rf"^all(?:\sof\sthe|\sthe)?\s(?P<N>{N})\s(?P<g>{_WORD})\s(?:were|got)\s(?:completely\s)?(?:filled|full)(?:\sup)?,?\s"
    rf"and\s(?:the\sother\s|the\sremaining\s|another\s)?(?P<L>{N})\s(?P<x>{_WORD})\s"
    r"(?:had\sto\s[a-z ]+|were\sleft(?:\sover)?|did\snot\sfit|could\snot\sfit|didn't\sfit|couldn't\sfit|"
    r"(?:went|rode|traveled|travelled)\s(?:in|by)\s[a-z ]+)$"
)


def _groups_filled(lines: list[str]):
    if len(lines) != 3:
        return None
    first, filled, question = lines
    f = _FILLED.fullmatch(filled)
    if not f:
        return None
    told = re.findall(rf"(?<![\w.])({N})\s({_WORD})", first)
    if len(told) != 1 or len(numbers_in(first)) != 1 or _GROUP_WORDS.search(first):
        return None
    total, noun = told[0]
    if re.search(rf"\b{total}\s{re.escape(noun)}\s(?:and|or|with|plus)\s", first):
        return None  # "396 students and teachers": the total is not only the things asked
    item, group = singular(noun), singular(f.group("g"))
    if singular(f.group("x")) != item:
        return None
    qm = re.fullmatch(
        rf"how\smany\s(?P<x>{_WORD})\s(?:were|are|was|went|rode|sat|fit|fitted)\s(?:in|at|on)\s(?:each|every)\s(?P<g>{_WORD})"
        rf"|how\smany\s(?P<x2>{_WORD})\sdid\seach\s(?P<g2>{_WORD})\s(?:hold|carry|take)",
        question,
    )
    if not qm:
        return None
    qx, qg = qm.group("x") or qm.group("x2"), qm.group("g") or qm.group("g2")
    if singular(qx) != item or singular(qg) != group:
        return None
    sp = sympy_module()
    x = sp.Symbol("x")
    n, left, t = (sp.Rational(str(_num(v))) for v in (f.group("N"), f.group("L"), total))
    eq = sp.Eq(n * x + left, t)
    v = sp.solve(eq, x)
    if len(v) != 1 or not _positive(v[0], whole=True):
        return None
    sol = equations_solution(
        [eq], [("x", f"the number of {noun} in each {group}")], v[0], noun, f"the number of {noun} in each {group}",
        how=f"The full {f.group('g')} hold ${sp.latex(t)} - {sp.latex(left)} = {sp.latex(t - left)}$ {noun}, "
        f"so each holds ${sp.latex(t - left)} \\div {sp.latex(n)} = {sp.latex(v[0])}$.",
    )  # fmt: skip
    return [total, f.group("N"), f.group("L")], sol
