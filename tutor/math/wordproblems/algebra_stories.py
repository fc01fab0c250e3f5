"""Two-unknown stories settled by one linear system (ASDiv's Algebra-1/2 kind), each structure read
whole or refused:

- a fixed fee plus a rate: "A shop charges a 17 dollar fixed fee plus 7 dollars an hour. Mary
  paid 80 dollars. How many hours ...?"  (total = fee + rate * x);
- money spent on equal items: "Jo had 50 dollars. She bought 4 shirts and had 10 dollars left.
  How much did each shirt cost?"  (money - n * x = left);
- two kinds with a total and a relation: "Anna has 28 nickels and dimes. She has 8 fewer nickels
  than dimes. How many dimes ...?";
- a length cut into two pieces: "An 8 ft board is cut into two pieces. One piece is 2 ft longer
  than the other. How long is the shorter piece?".

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
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.reading import glued_numbers, normalise, numbers_in, sentences, singular

__all__ = ["read_algebra_story"]

N = r"\d+(?:\.\d+)?"
_WORD = r"[a-z][a-z'-]*"
_PRONOUN = r"(?:she|he|they|it|we|i|you)"
# words that change a question's unknown: "how many more hours", "how much money is left"
_QUESTION_TWIST = re.compile(
    r"\b(?:more|less|fewer|left|else|additional|extra|other|remain\w*|change|each\spiece|both|total|"
    r"altogether|difference|times|percent|average|if|after|before|per|all)\b"
)
# words that change a fee's meaning: "plus 3 dollars per hour after the first hour"
_FEE_TWIST = re.compile(
    r"\b(?:first|after|over|beyond|above|additional|extra|minimum|maximum|discount|tax|tip|except|only|up\sto|"
    r"more|less|each\sadditional|every\sadditional|half|off|per\sperson|week|month|year)\b"
)


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
    for reader in (_fee_and_rate, _spent_on_items, _two_kinds, _two_pieces):
        got = reader(lines)
        if got is not None:
            used, sol = got
            if Counter(used) != told:
                return None
            return sol
    return None


def _num(t: str) -> Fraction:
    return Fraction(t)


def _positive(v, whole: bool) -> bool:
    try:
        f = Fraction(str(v))
    except (ValueError, ZeroDivisionError):
        return False
    return f > 0 and (not whole or f.denominator == 1)


# ---- a fixed fee plus a rate ------------------------------------------------------------------

_PER = r"(?:an?|per|for\seach|each|every)"
_FEE_NAME = (
    r"(?:(?:fixed|flat|one-time|base|basic|membership|sign-up|signup|service|rental|booking|entrance|"
    r"starting|initial|set-up|setup|delivery|joining|registration)\s)?(?:fee|charge)"
)
_FEE_BODY = [
    # "a 17 dollar fixed fee plus 7 dollars an hour", "17 dollars plus 7 dollars per mile"
    re.compile(
        rf"^(?:an?\s)?(?P<F>{N})\sdollars?(?:\s{_FEE_NAME})?\s(?:plus|and)\s(?P<R>{N})\sdollars?\s{_PER}\s(?P<unit>{_WORD})"
        r"(?P<tail>\s.*)?$"
    ),
    # "7 dollars an hour plus a 17 dollar fee"
    re.compile(
        rf"^(?P<R>{N})\sdollars?\s{_PER}\s(?P<unit>{_WORD})\s(?:plus|and)\s(?:an?\s)?(?P<F>{N})\sdollars?\s{_FEE_NAME}"
        r"(?P<tail>\s.*)?$"
    ),
    # "a fixed fee of 17 dollars plus 7 dollars an hour"
    re.compile(
        rf"^(?:an?\s)?{_FEE_NAME}\sof\s(?P<F>{N})\sdollars?\s(?:plus|and)\s(?P<R>{N})\sdollars?\s{_PER}\s(?P<unit>{_WORD})"
        r"(?P<tail>\s.*)?$"
    ),
]
_CHARGES = re.compile(
    r"^(?:the\s)?(?:[a-z'-]+\s){0,5}?(?:charges|charged|costs|cost|asks|asked|bills|billed)\s(?P<body>.+)$"
)
_PAID = [
    re.compile(
        rf"^(?:[a-z'-]+\s){{1,2}}?(?:paid|pays|spent|spends|was\scharged|is\scharged|owed|owes)\s(?:a\stotal\sof\s)?"
        rf"(?P<P>{N})\sdollars(?:\s(?:to|for)\s[a-z' -]+)?$"
    ),
    re.compile(
        rf"^(?:the|her|his|their|a|my|our)\s(?:[a-z'-]+\s){{0,3}}?(?:bill|cost|charge|ride|rental|total|trip)\s"
        rf"(?:was|came\sto|cost|totaled|totalled|is)\s(?:a\stotal\sof\s)?(?P<P>{N})\sdollars$"
    ),
]


def _fee_and_rate(lines: list[str]):
    *story, question = lines
    if len(story) == 1:  # "... plus 7 dollars an hour. If Mary paid 80 dollars, how many hours ...?"
        m = re.fullmatch(r"if\s(.+?),\s(how\s.+)", question)
        if not m:
            return None
        story, question = [story[0], m.group(1)], m.group(2)
    if len(story) != 2:
        return None
    cm = _CHARGES.fullmatch(story[0])
    fee = None
    if cm:
        for pat in _FEE_BODY:
            fee = pat.fullmatch(cm.group("body"))
            if fee:
                break
    if fee is None:
        return None
    tail = fee.group("tail") or ""
    if tail and (not re.fullmatch(r"\s(?:for|to)\s[a-z' -]+", tail) or _FEE_TWIST.search(tail)):
        return None
    if cm is None or _FEE_TWIST.search(cm.group("body").replace(tail, "")):
        return None
    paid = next((m for p in _PAID if (m := p.fullmatch(story[1]))), None)
    if paid is None:
        return None
    unit = singular(fee.group("unit"))
    qm = re.fullmatch(rf"(?:for\s)?how\smany\s(?P<unit>{_WORD})\s(?P<rest>[a-z' -]+)", question)
    if not qm or singular(qm.group("unit")) != unit or _QUESTION_TWIST.search(qm.group("rest")):
        return None
    sp = sympy_module()
    x = sp.Symbol("x")
    f, r, p = (sp.Rational(str(_num(t))) for t in (fee.group("F"), fee.group("R"), paid.group("P")))
    eq = sp.Eq(f + r * x, p)
    v = sp.solve(eq, x)
    if len(v) != 1 or not _positive(v[0], whole=True):
        return None
    plural = qm.group("unit")
    sol = equations_solution(
        [eq], [("x", f"the number of {plural}")], v[0], plural, f"the number of {plural}",
        how=f"The fee is paid once and the rate for each {unit}: ${sp.latex(p)} - {sp.latex(f)} = "
        f"{sp.latex(p - f)}$ dollars for the {plural}, and ${sp.latex(p - f)} \\div {sp.latex(r)} = {sp.latex(v[0])}$.",
    )  # fmt: skip
    return [fee.group("F"), fee.group("R"), paid.group("P")], sol


# ---- money spent on equal items ---------------------------------------------------------------

_HAD = re.compile(
    rf"^(?P<who>[a-z]+)\s(?:had|has|took|brought|was\sgiven|got|saved|saved\sup)\s(?P<M>{N})\sdollars"
    rf"(?:\sto\sspend\son\s(?P<n>{N})\s(?P<item>{_WORD}(?:\s{_WORD})?))?$"
)
_LEFT = r"(?:had|has|was\sleft\swith|is\sleft\swith|still\shad|still\shas|had\sonly|has\sonly)"
_BOUGHT_LEFT = [
    re.compile(
        rf"^(?P<s>{_PRONOUN}|[a-z]+)\s(?:bought|buys|purchased|purchases)\s(?P<n>{N})\s(?P<item>{_WORD}(?:\s{_WORD})?),?\s"
        rf"and\s(?:then\s)?{_LEFT}\s(?P<L>{N})\sdollars\s(?:left|left\sover|remaining)$"
    ),
    re.compile(
        rf"^after\s(?:buying|purchasing)\s(?:them|the\s(?P<item0>{_WORD}(?:\s{_WORD})?)|(?P<n>{N})\s(?P<item>{_WORD}(?:\s{_WORD})?)),?\s"
        rf"(?P<s>{_PRONOUN}|[a-z]+)\s{_LEFT}\s(?P<L>{N})\sdollars(?:\s(?:left|left\sover|remaining))?$"
    ),
]
_ASK_EACH = [
    re.compile(rf"^how\smuch\s(?:did|does|do)\s(?:each|1|one|a|an)\s(?P<item>{_WORD}(?:\s{_WORD})?)\scost$"),
    re.compile(rf"^how\smuch\s(?:was|is)\s(?:each|1|one)\s(?P<item>{_WORD}(?:\s{_WORD})?)$"),
    re.compile(
        rf"^what\s(?:was|is)\s(?:the\s)?(?:cost|price)\sof\s(?:each|1|one|a|an)\s(?P<item>{_WORD}(?:\s{_WORD})?)$"
    ),
]


def _same_subject(s: str | None, who: str) -> bool:
    """A later sentence's subject is the story's person: the name again or a pronoun."""
    return s is not None and (s == who or re.fullmatch(_PRONOUN, s) is not None)


def _same_item(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return [singular(w) for w in a.split()] == [singular(w) for w in b.split()]


def _spent_on_items(lines: list[str]):
    if len(lines) != 3:
        return None
    had = _HAD.fullmatch(lines[0])
    bought = next((m for p in _BOUGHT_LEFT if (m := p.fullmatch(lines[1]))), None)
    ask = next((m for p in _ASK_EACH if (m := p.fullmatch(lines[2]))), None)
    if not (had and bought and ask) or not _same_subject(bought.group("s"), had.group("who")):
        return None
    gd = bought.groupdict()
    n_had, n_bought = had.group("n"), gd.get("n")
    if (n_had is None) == (n_bought is None):  # the count is told exactly once
        return None
    n = n_had or n_bought or ""
    item = had.group("item") if n_had else gd.get("item")
    if gd.get("item0") and not _same_item(gd["item0"], item):
        return None
    if n_had and gd.get("item") is not None:
        return None
    if n_bought is None and gd.get("item0") is None and not lines[1].startswith("after"):
        return None
    if not _same_item(item, ask.group("item")):
        return None
    sp = sympy_module()
    x = sp.Symbol("x")
    m, k, left = (sp.Rational(str(_num(t))) for t in (had.group("M"), n, bought.group("L")))
    eq = sp.Eq(m - k * x, left)
    v = sp.solve(eq, x)
    if len(v) != 1 or not _positive(v[0], whole=False):
        return None
    one = singular(ask.group("item").split()[-1])
    sol = equations_solution(
        [eq], [("x", f"the price of one {one}")], v[0], "dollars", f"the price of each {one}",
        how=f"Spent: ${sp.latex(m)} - {sp.latex(left)} = {sp.latex(m - left)}$ dollars on {sp.latex(k)} "
        f"{ask.group('item')}s, so each cost ${sp.latex(m - left)} \\div {sp.latex(k)} = {sp.latex(v[0])}$ dollars.",
    )  # fmt: skip
    return [had.group("M"), n, bought.group("L")], sol


# ---- two kinds with a total and a relation ----------------------------------------------------

_KIND = rf"{_WORD}(?:\s{_WORD})?"
_TOTAL_KINDS = re.compile(
    rf"^(?:(?P<who>[a-z]+)\s(?:has|had|have|owns|owned|collected|bought)|there\s(?:are|were))\s(?:a\stotal\sof\s)?"
    rf"(?P<T>{N})\s(?P<a>{_WORD})(?P<anoun>\s{_WORD})?\sand\s(?P<b>{_WORD})(?P<bnoun>\s{_WORD})?"
    rf"(?:\s(?:in\sall|altogether|in\stotal))?(?:\s(?:in|on|at)\s(?:a|an|the|her|his|their|my|our)\s[a-z' -]+)?$"
)
_REL_HEAD = rf"^(?:(?P<s>{_PRONOUN}|[a-z]+)\s(?:has|had|have|owns|collected|bought)|there\s(?:are|were|is))\s"
_REL_DIFF = re.compile(
    _REL_HEAD + rf"(?P<D>{N})\s(?P<dir>more|fewer|less)\s(?P<x>{_KIND})\sthan\s(?P<y>{_KIND})$"
)
_REL_TIMES = re.compile(
    _REL_HEAD + rf"(?P<k>twice|thrice|{N}\stimes)\sas\smany\s(?P<x>{_KIND})\sas\s(?P<y>{_KIND})$"
)
_ASK_KIND = [
    re.compile(
        rf"^how\smany\s(?P<q>{_KIND})\s(?:does|did|do)\s(?P<s>{_PRONOUN}|[a-z]+)\s(?:have|own|collect|buy)$"
    ),
    re.compile(rf"^how\smany\s(?P<q>{_KIND})\s(?:are|were)\sthere$"),
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


def _two_kinds(lines: list[str]):
    if len(lines) != 3:
        return None
    tm = _TOTAL_KINDS.fullmatch(lines[0])
    if not tm:
        return None
    kinds = _kind_names(tm)
    if kinds is None or kinds[0] == kinds[1]:
        return None
    sp = sympy_module()
    a, b = sp.symbols("a b")
    syms = [a, b]
    total = sp.Rational(str(_num(tm.group("T"))))
    dm, km = _REL_DIFF.fullmatch(lines[1]), _REL_TIMES.fullmatch(lines[1])
    rel = dm or km
    if not rel:
        return None
    i, j = _which_kind(rel.group("x"), kinds), _which_kind(rel.group("y"), kinds)
    if i is None or j is None or i == j:
        return None
    if dm:
        d = sp.Rational(str(_num(dm.group("D"))))
        eq2 = sp.Eq(syms[i], syms[j] + (d if dm.group("dir") == "more" else -d))
        used = dm.group("D")
    elif km is not None:
        eq2 = sp.Eq(syms[i], sp.Rational(str(_factor(km.group("k")))) * syms[j])
        used = km.group("k").split()[0] if km.group("k")[0].isdigit() else None
    else:
        return None
    ask = next((m for p in _ASK_KIND if (m := p.fullmatch(lines[2]))), None)
    if not ask:
        return None
    q = _which_kind(ask.group("q"), kinds)
    who = tm.group("who")
    subjects = [rel.groupdict().get("s"), ask.groupdict().get("s")]
    if q is None or any((s is None) != (who is None) for s in subjects):
        return None  # "there are" with "she has", or the other way
    if who and not all(_same_subject(s, who) for s in subjects if s):
        return None
    eqs = [sp.Eq(a + b, total), eq2]
    sol = sp.solve(eqs, [a, b], dict=True)
    if len(sol) != 1 or not all(_positive(sol[0].get(s), whole=True) for s in syms):
        return None
    label = [" ".join(k) + "s" for k in kinds]
    names = [("a", f"the number of {label[0]}"), ("b", f"the number of {label[1]}")]
    out = equations_solution(eqs, names, sol[0][syms[q]], label[q], f"the number of {label[q]}")
    return [tm.group("T")] + ([used] if used else []), out


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
