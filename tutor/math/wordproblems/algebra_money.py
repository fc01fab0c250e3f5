"""Two-unknown money stories (ASDiv's Algebra-1/2 kind), read whole or refused: a fixed fee plus a
rate ("charges a 17 dollar fee plus 7 dollars an hour; Mary paid 80 dollars; how many hours?"),
money spent on equal items ("had 50 dollars, bought 4 shirts, had 10 dollars left; how much was
each?"), two kinds at two prices ("adult tickets 8 dollars, child tickets 5 dollars; 120 sold for
810 dollars; how many child tickets?"). Called by :func:`algebra_stories.read_algebra_story`,
which checks that every number of the story was used.
"""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.algebra_common import (
    NUMBER,
    PRONOUN,
    QUESTION_TWIST,
    WORD,
    num,
    positive,
    same_item,
    same_subject,
)
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.reading import singular

N, _WORD, _PRONOUN, _QUESTION_TWIST = NUMBER, WORD, PRONOUN, QUESTION_TWIST
_num, _positive, _same_item, _same_subject = (
    num,
    positive,
    same_item,
    same_subject,
)

__all__ = ["fee_and_rate", "one_price_unknown", "spent_on_items", "two_prices"]


# words that change a fee's meaning: "plus 3 dollars per hour after the first hour"
_FEE_TWIST = re.compile(
    r"\b(?:first|after|over|beyond|above|additional|extra|minimum|maximum|discount|tax|tip|except|only|up\sto|"
    r"more|less|each\sadditional|every\sadditional|half|off|per\sperson|week|month|year)\b"
)


# ---- a fixed fee plus a rate ------------------------------------------------------------------

_PER = r"(?:an?|per|for\seach|each|every)"
_FEE_NAME = (
    r"(?:(?:fixed|flat|one-time|base|basic|membership|sign-up|signup|service|rental|booking|entrance|"
    r"starting|initial|set-up|setup|delivery|joining|registration)\s)?(?:fee|charge)"
)
# the two parts of a charge: "a 17 dollar fixed fee" / "a flat fee of 40 dollars" / "5 dollars to
# enter the fair" / "50 dollars for a visit", and "7 dollars an hour" / "2 dollars for each ride"
_FEE_PART = [
    re.compile(
        rf"^(?:an?\s)?(?P<F>{N})\sdollars?(?:\s{_FEE_NAME})?(?:\s(?:for|to)\s(?!each\b|every\b)[a-z' -]+)?$"
    ),
    re.compile(rf"^(?:an?\s)?{_FEE_NAME}\sof\s(?P<F>{N})\sdollars?$"),
]
_RATE_PART = re.compile(rf"^(?P<R>{N})\sdollars?\s{_PER}\s(?P<unit>{_WORD})(?:\s(?:for|to)\s[a-z' -]+)?$")
_CHARGES = re.compile(
    r"^(?:the\s)?(?:[a-z'-]+\s){0,5}?(?:charges|charged|costs|cost|asks|asked|bills|billed)\s(?P<body>.+)$"
)
_PAID = [
    re.compile(
        rf"^(?:(?:last|this|on)\s[a-z]+,?\s)?(?:[a-z'-]+\s){{1,2}}?(?:paid|pays|spent|spends|was\scharged|is\scharged|"
        rf"owed|owes)\s(?:a\stotal\sof\s)?(?P<P>{N})\sdollars(?:\s(?:to|for|at|on|in)\s[a-z' -]+)?$"
    ),
    re.compile(
        rf"^(?:(?:last|this|on)\s[a-z]+,?\s)?(?:the|her|his|their|a|my|our|[a-z]+'s)\s(?:[a-z'-]+\s){{0,3}}?"
        rf"(?:bill|cost|charge|ride|rental|total|trip|fee)\s(?:was|came\sto|cost|totaled|totalled|is)\s(?:a\stotal\sof\s)?"
        rf"(?P<P>{N})\sdollars$"
    ),
]


def _fee_parts(body: str):
    """(fee, rate) matches of a charge's body split at one "plus" / "and"; None unless exactly one
    split reads as a fixed part and a rate."""
    found = []
    for m in re.finditer(r"\s(?:plus|and|,\splus|,\sand)\s", body):
        a, b = body[: m.start()], body[m.end() :]
        for fee_text, rate_text in ((a, b), (b, a)):
            rate = _RATE_PART.fullmatch(rate_text)
            fee = next((f for p in _FEE_PART if (f := p.fullmatch(fee_text))), None)
            if fee and rate:
                found.append((fee, rate))
    return found[0] if len(found) == 1 else None


def fee_and_rate(lines: list[str]):
    *story, question = lines
    if len(story) == 1:  # "... plus 7 dollars an hour. If Mary paid 80 dollars, how many hours ...?"
        m = re.fullmatch(r"if\s(.+?),\s(how\s.+)", question)
        if not m:
            return None
        story, question = [story[0], m.group(1)], m.group(2)
    if len(story) != 2:
        return None
    cm = _CHARGES.fullmatch(story[0])
    if cm is None or _FEE_TWIST.search(cm.group("body")):
        return None
    parts = _fee_parts(cm.group("body"))
    if parts is None:
        return None
    fee, rate = parts
    paid = next((m for p in _PAID if (m := p.fullmatch(story[1]))), None)
    if paid is None:
        return None
    unit = singular(rate.group("unit"))
    qm = re.fullmatch(rf"(?:for\s)?how\smany\s(?P<unit>{_WORD})\s(?P<rest>[a-z' -]+)", question)
    if not qm or singular(qm.group("unit")) != unit or _QUESTION_TWIST.search(qm.group("rest")):
        return None
    sp = sympy_module()
    x = sp.Symbol("x")
    f, r, p = (sp.Rational(str(_num(t))) for t in (fee.group("F"), rate.group("R"), paid.group("P")))
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
    return [fee.group("F"), rate.group("R"), paid.group("P")], sol


# ---- money spent on equal items ---------------------------------------------------------------

_HAD = re.compile(
    rf"^(?P<who>[a-z]+)\s(?:had|has|took|brought|was\sgiven|got|saved|saved\sup)\s(?P<M>{N})\sdollars"
    rf"(?:\sto\sspend\son\s(?P<n>{N})\s(?P<item>{_WORD}(?:\s{_WORD})?))?$"
)
_LEFT = r"(?:had|has|was\sleft\swith|is\sleft\swith|still\shad|still\shas|had\sonly|has\sonly)"
_BOUGHT_LEFT = [
    re.compile(
        rf"^(?P<s>{_PRONOUN}|[a-z]+)\s(?:bought|buys|purchased|purchases)\s(?P<n>{N})\s(?P<item>{_WORD}(?:\s{_WORD})?),?\s"
        rf"and\s(?:then\s)?(?:now\s)?{_LEFT}\s(?P<L>{N})\sdollars(?:\s(?:left|left\sover|remaining))?$"
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


def spent_on_items(lines: list[str]):
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


# ---- two kinds at two prices: how many of each ---------------------------------------------

_COST = r"(?:costs?|is|are|was|were|sells?\sfor|sold\sfor)"
_KIND_WORD = r"[a-z]+(?:'s)?"
_PRICES = [
    # "Adult tickets cost 8 dollars and child tickets cost 5 dollars", "... and child tickets 5 dollars"
    re.compile(
        rf"^(?:an?\s|the\s)?(?P<k1>{_KIND_WORD})\s(?P<t1>{_WORD})\s{_COST}\s(?P<p1>{N})\sdollars(?:\seach)?,?\s"
        rf"and\s(?:an?\s|the\s)?(?P<k2>{_KIND_WORD})\s(?P<t2>{_WORD})(?:\s{_COST})?\s(?P<p2>{N})\sdollars(?:\seach)?$"
    ),
    # "Tickets cost 5 dollars for adults and 3 dollars for children"
    re.compile(
        rf"^(?P<t1>{_WORD})\s{_COST}\s(?P<p1>{N})\sdollars\s(?:each\s)?for\s(?:an?\s)?(?P<k1>{_KIND_WORD})\sand\s"
        rf"(?P<p2>{N})\sdollars\s(?:each\s)?for\s(?:an?\s)?(?P<k2>{_KIND_WORD})$"
    ),
]
_SOLD_FOR = [
    # "120 tickets were sold for 810 dollars", "A total of 120 tickets were sold for a total of 810 dollars"
    re.compile(
        rf"^(?:a\stotal\sof\s)?(?P<N>{N})\s(?P<t>{_WORD})\swere\ssold\s(?:for|bringing\sin|worth)\s(?:a\stotal\sof\s)?"
        rf"(?P<V>{N})\sdollars$"
    ),
    # "The school sold 120 tickets for 810 dollars", "They sold 120 tickets and collected 810 dollars"
    re.compile(
        rf"^(?:[a-z'-]+\s){{1,3}}?(?:sold|sells)\s(?:a\stotal\sof\s)?(?P<N>{N})\s(?P<t>{_WORD})\s"
        rf"(?:for|and\s(?:collected|made|earned|took\sin|received|raised))\s(?:a\stotal\sof\s)?(?P<V>{N})\sdollars$"
    ),
]


def _kind_key(w: str) -> str:
    return singular(re.sub(r"'s?$", "", w))


def two_prices(lines: list[str]):
    if len(lines) != 3:
        return None
    pm = next((m for p in _PRICES if (m := p.fullmatch(lines[0]))), None)
    sm = next((m for p in _SOLD_FOR if (m := p.fullmatch(lines[1]))), None)
    if not pm or not sm:
        return None
    thing = singular(pm.group("t1"))
    gd = pm.groupdict()
    if gd.get("t2") and singular(gd["t2"]) != thing or singular(sm.group("t")) != thing:
        return None
    kinds = [_kind_key(pm.group("k1")), _kind_key(pm.group("k2"))]
    if kinds[0] == kinds[1]:
        return None
    qm = re.fullmatch(
        rf"how\smany\s(?P<k>{_KIND_WORD})\s(?P<t>{_WORD})\s(?:(?:were|was)\ssold|did\s(?:they|the\s[a-z]+|[a-z]+)\ssell)",
        lines[2],
    )
    if not qm or singular(qm.group("t")) != thing or _kind_key(qm.group("k")) not in kinds:
        return None
    q = kinds.index(_kind_key(qm.group("k")))
    sp = sympy_module()
    a, b = sp.symbols("a b")
    p1, p2, n, v = (
        sp.Rational(str(_num(t))) for t in (pm.group("p1"), pm.group("p2"), sm.group("N"), sm.group("V"))
    )
    eqs = [sp.Eq(a + b, n), sp.Eq(p1 * a + p2 * b, v)]
    sol = sp.solve(eqs, [a, b], dict=True)
    if len(sol) != 1 or not all(_positive(sol[0].get(x), whole=True) for x in (a, b)):
        return None
    plural = pm.group("t1") if pm.group("t1").endswith("s") else pm.group("t1") + "s"
    names = [("a", f"the number of {kinds[0]} {plural}"), ("b", f"the number of {kinds[1]} {plural}")]
    out = equations_solution(eqs, names, sol[0][(a, b)[q]], plural, f"the number of {kinds[q]} {plural}")
    return [pm.group("p1"), pm.group("p2"), sm.group("N"), sm.group("V")], out


# ---- two kinds bought together, one price told: the other ---------------------------------

_ITEM = rf"{_WORD}(?:\s{_WORD})?"
_TOGETHER = [
    # "She made a total of 69 dollars by selling 7 dresses and 4 shirts"
    re.compile(
        rf"^(?P<s>{_PRONOUN}|[a-z]+)\s(?:made|earned|got|collected|received|paid|spent)\s(?:a\stotal\sof\s)?(?P<V>{N})\s"
        rf"dollars\s(?:by\sselling|for|on|selling)\s(?P<n1>{N})\s(?P<a>{_ITEM})\sand\s(?P<n2>{N})\s(?P<b>{_ITEM})$"
    ),
    # "Tom bought 3 pens and 2 notebooks for 13 dollars"
    re.compile(
        rf"^(?P<s>{_PRONOUN}|[a-z]+)\s(?:bought|sold|buys|sells|purchased)\s(?P<n1>{N})\s(?P<a>{_ITEM})\sand\s(?P<n2>{N})\s"
        rf"(?P<b>{_ITEM})\sfor\s(?:a\stotal\sof\s)?(?P<V>{N})\sdollars$"
    ),
]
_EACH_PRICE = [
    # "each shirt cost 5 dollars", "she sold each shirt for 5 dollars", "she managed to sell each shirt for 5 dollars"
    re.compile(
        rf"^(?:if\s)?(?:(?:{_PRONOUN}|[a-z]+)\s(?:managed\sto\s)?(?:sold|sell|sells)\s)?(?:each|every|one|a)\s(?P<b>{_ITEM})\s"
        rf"(?:for|cost|costs|was|is|sold\sfor|sells\sfor)\s(?P<P>{N})\sdollars$"
    ),
    # "the notebooks cost 2 dollars each"
    re.compile(
        rf"^(?:if\s)?the\s(?P<b>{_ITEM})\s(?:cost|costs|were|are|sold\sfor)\s(?P<P>{N})\sdollars\seach$"
    ),
]
_ASK_ONE_PRICE = [
    re.compile(
        rf"^how\smuch\s(?:did|does|do|was|is)\s(?:each|one|a|an)\s(?P<a>{_ITEM})\s(?:cost|sell\sfor)$"
    ),
    re.compile(rf"^how\smuch\s(?:did|does|do)\sthe\s(?P<a>{_ITEM})\s(?:cost|sell\sfor)\seach$"),
    re.compile(rf"^what\s(?:is|was)\sthe\s(?:price|cost)\sof\s(?:each|one|a|an)\s(?P<a>{_ITEM})$"),
    re.compile(rf"^how\smuch\s(?:was|is)\s(?:each|one)\s(?P<a>{_ITEM})$"),
]


def one_price_unknown(lines: list[str]):
    *story, question = lines
    m = re.fullmatch(r"if\s(.+?),\s(how\s.+|what\s.+)", question)
    if m:  # "If she sold each shirt for 5 dollars, how much did the dresses sell for each?"
        story, question = [*story, m.group(1)], m.group(2)
    if len(story) != 2:
        return None
    tog = [next((x for p in _TOGETHER if (x := p.fullmatch(ln))), None) for ln in story]
    if sum(t is not None for t in tog) != 1:
        return None
    t = tog[0] or tog[1]
    assert t is not None
    other = story[1] if tog[0] else story[0]
    pm = next((x for p in _EACH_PRICE if (x := p.fullmatch(other))), None)
    qm = next((x for p in _ASK_ONE_PRICE if (x := p.fullmatch(question))), None)
    if not pm or not qm:
        return None
    items = [t.group("a"), t.group("b")]
    if _same_item(items[0], items[1]):
        return None
    told = [i for i, it in enumerate(items) if _same_item(it, pm.group("b"))]
    asked = [i for i, it in enumerate(items) if _same_item(it, qm.group("a"))]
    if len(told) != 1 or len(asked) != 1 or told == asked:
        return None
    sp = sympy_module()
    x = sp.Symbol("x")
    counts = [sp.Rational(str(_num(t.group("n1")))), sp.Rational(str(_num(t.group("n2"))))]
    price = sp.Rational(str(_num(pm.group("P"))))
    total = sp.Rational(str(_num(t.group("V"))))
    i, j = asked[0], told[0]
    eq = sp.Eq(counts[i] * x + counts[j] * price, total)
    v = sp.solve(eq, x)
    if len(v) != 1 or not _positive(v[0], whole=False):
        return None
    one = singular(items[i].split()[-1])
    sol = equations_solution(
        [eq], [("x", f"the price of one {one}")], v[0], "dollars", f"the price of each {one}",
    )  # fmt: skip
    return [t.group("n1"), t.group("n2"), t.group("V"), pm.group("P")], sol
