# ruff: noqa: E501  (sentence grammars are long regular expressions, one a line)
"""Money stories of prices (issue 25, round 4): a price list ("bought a yoyo for 24 cents and a
whistle for 14 cents", "spent 25 cents on a pencil and 15 cents on an eraser", "a pen costs 3
dollars and a book costs 12 dollars") with the total or the difference asked; a unit price and
the things bought ("tickets were 4 dollars each; she bought 3 tickets and 5 extra tickets");
several givers each giving the same amount ("her 5 friends each gave her 6 dollars").

Precision first: every statement must be one of these sentences, read whole (a sentence of any
other shape, a number in a tail, a word of change or comparison -> None); "5 of her friends gave
her 6 dollars" without "each" reads two ways (6 dollars from each, or 6 in all) and is not read.
"""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.ratios import story, worked
from tutor.math.wordproblems.reading import singular

__all__ = ["read_money"]

_P = r"\d+(?:\.\d+)?"
_UNIT = r"(?:dollars?|cents?)"
_PRONOUNS = {"he", "she", "they", "we", "i", "you"}
_SUBJ = r"(?:(?:Mr|Mrs|Ms|Dr|Miss)\.?\s)?[A-Za-z]+"
# a thing bought: one to three words, no number, no joining word
_WORD = r"(?!(?:and|for|on|each|at|with|but|then|also|or|than|to|from|of|per|apiece|in)\b)[a-z][a-z'-]*"


def _item(name: str) -> str:
    """A thing bought named by a one-to-three-word phrase after an article, as group `name`."""
    return rf"(?:a|an|one|1|the|some)\s(?P<{name}>(?:{_WORD}\s){{0,2}}{_WORD})"


def _head(phrase: str) -> str:
    return singular(phrase.split()[-1].lower())


def _unit(word: str) -> str:
    return "cent" if word.startswith("cent") else "dollar"


def _fmt(v: Fraction) -> str:
    sp = sympy_module()
    return sp.latex(sp.Rational(v.numerator, v.denominator))


def _answer(family: str, names: list[str], equation: str, expr, unit: str, says: str) -> Solution | None:
    """The worked solution: x = `expr` (a SymPy expression of the story's numbers, shown as
    `equation`) solved by SymPy; a positive amount, whole cents."""
    sp = sympy_module()
    x = sp.Symbol("x")
    roots = sp.solve(sp.Eq(x, expr), x)
    if len(roots) != 1 or not roots[0].is_Rational or roots[0] <= 0:
        return None
    value = Fraction(int(roots[0].p), int(roots[0].q))
    if unit == "dollar" and (value * 100).denominator != 1 or unit == "cent" and value.denominator != 1:
        return None
    return worked(family, names, [equation], roots[0], unit, says)


def _q(v: Fraction):
    return sympy_module().Rational(v.numerator, v.denominator)


def _subject_ok(subj: str) -> bool:
    return subj.lower() in _PRONOUNS or subj[:1].isupper()


def _same_person(a: str | None, b: str | None) -> bool:
    """The question's subject names the story's buyer (a pronoun stands for the one buyer)."""
    if a is None or b is None:
        return True
    return a.lower() in _PRONOUNS or b.lower() in _PRONOUNS or a == b


# ----------------------------------------------------------------------------------------------
# a price list: items each with its own price


def _priced_list(statement: str) -> tuple[str | None, list[tuple[str, Fraction, str]]] | None:
    """(the buyer, [(item head, price, unit)]) of one price-list sentence; None when it is not one."""
    s = statement.strip().rstrip(".")
    s = re.sub(r"^(?:If|And|Then)\s", "", s)
    bought = re.fullmatch(
        rf"(?P<s>{_SUBJ})\s(?:also\s)?(?:bought|buys|purchased|purchases|got)\s(?P<list>.+)", s
    )
    spent = re.fullmatch(rf"(?P<s>{_SUBJ})\s(?:also\s)?(?:spent|spends|paid|pays)\s(?P<list>.+)", s)
    costs = None if bought or spent else s
    out: list[tuple[str, Fraction, str]] = []
    if bought or spent:
        m = bought or spent
        assert m is not None
        if not _subject_ok(m.group("s")):
            return None
        parts = re.split(r",\s(?:and\s)?|\sand\s", m.group("list"))
        for part in parts:
            if bought:
                p = re.fullmatch(_item("i") + rf"\sfor\s(?P<p>{_P})\s(?P<u>{_UNIT})", part)
            else:
                p = re.fullmatch(rf"(?P<p>{_P})\s(?P<u>{_UNIT})\s(?:on|for)\s" + _item("i"), part)
            if p is None:
                return None
            out.append((_head(p.group("i")), Fraction(p.group("p")), _unit(p.group("u"))))
        return m.group("s"), out
    assert costs is not None
    for part in re.split(r",\s(?:and\s)?|\sand\s", costs):
        p = re.fullmatch(
            _item("i").replace("(?:a|an|one|1|the|some)", "(?:[Aa]|[Aa]n|[Oo]ne|1|[Tt]he)")
            + rf"\s(?:costs|cost|is|was|sells\sfor|sold\sfor)\s(?P<p>{_P})\s(?P<u>{_UNIT})",
            part,
        )
        if p is None:
            return None
        out.append((_head(p.group("i")), Fraction(p.group("p")), _unit(p.group("u"))))
    return None, out


def _price_list(statements: list[str], q: str) -> Solution | None:
    buyer = None
    items: list[tuple[str, Fraction, str]] = []
    for st in statements:
        got = _priced_list(st)
        if got is None:
            return None
        who, its = got
        if who is not None:
            if buyer is not None and not _same_person(buyer, who):
                return None  # two buyers: whose spending is asked is not settled here
            buyer = who if buyer is None or buyer.lower() in _PRONOUNS else buyer
        items += its
    heads = [h for h, _, _ in items]
    units = {u for _, _, u in items}
    if len(items) < 2 or len(set(heads)) != len(heads) or len(units) != 1:
        return None
    unit = units.pop()
    q = q.strip().rstrip("?").strip()
    q_unit = re.match(rf"how\smany\s(?P<u>{_UNIT})\s", q)
    if q_unit and _unit(q_unit.group("u")) != unit:
        return None  # asked in another unit than the prices'
    total = re.fullmatch(
        rf"how\s(?:much(?:\smoney)?|many\s{_UNIT})\s(?:did|does|do|will|would)\s(?P<s>{_SUBJ})\s(?:spend|pay)"
        r"(?:\s(?:in\sall|altogether|in\stotal|total|all\stogether))?(?:\s(?:on|for)\s(?:them|both|both\sof\sthem|all\sof\sthem|the\sthings|everything|the\s(?:(?P<k>\d+)|both)\s[a-z]+))?"
        r"(?:\s(?:in\sall|altogether|in\stotal))?",
        q,
    )
    together = re.fullmatch(
        r"how\smuch\s(?:money\s)?(?:did|do|does)\s(?:they|both|both\sof\sthem|all\sof\sthem|(?P<list>the\s.+?))\scost(?:\s(?:together|altogether|in\sall|in\stotal|combined))?",
        q,
    )
    more = re.fullmatch(
        rf"how\s(?:much|many\s{_UNIT})\s(?P<d>more|less)\s(?:money\s)?(?:did|does|do)\s(?:(?P<s>{_SUBJ})\s(?:spend|pay)\s(?:on|for)\s(?:the\s|a\s|an\s)?(?P<x>[a-z\s'-]+?)|(?:the\s|a\s|an\s)?(?P<x2>[a-z\s'-]+?)\scost)"
        r"(?:\sthan\s(?:(?:on|for)\s)?(?:the\s|a\s|an\s)?(?P<y>[a-z\s'-]+?))?",
        q,
    )
    if total or together:
        subj = total.group("s") if total else None
        if total and total.group("k") and int(total.group("k")) != len(items):
            return None  # "for the 3 toys" after two prices
        if subj is not None and (not _subject_ok(subj) or buyer is None or not _same_person(buyer, subj)):
            return None
        if together and together.group("list"):
            named = [_head(x) for x in re.split(r",\s(?:and\s)?|\sand\s", together.group("list"))]
            named = [_head(re.sub(r"^(?:the|a|an)\s", "", x)) for x in named]
            if sorted(named) != sorted(heads):
                return None
        elif together and buyer is not None:
            return None  # "how much did they cost" after "she bought ...": they = the things, said so?
        eq = "x = " + " + ".join(_fmt(p) for _, p, _ in items)
        return _answer(
            "price list (the prices added)",
            [f"x = the {unit}s spent in all"],
            eq,
            sum((_q(p) for _, p, _ in items), sympy_module().Integer(0)),
            unit,
            f"{unit}s in all",
        )
    if more and len(items) == 2:
        if more.group("s") is not None and (buyer is None or not _same_person(buyer, more.group("s"))):
            return None
        x = _head(more.group("x") or more.group("x2"))
        prices = dict((h, p) for h, p, _ in items)
        if x not in prices:
            return None
        y = next(h for h in heads if h != x)
        if more.group("y") is not None and _head(more.group("y")) != y:
            return None
        a, b = (prices[x], prices[y]) if more.group("d") == "more" else (prices[y], prices[x])
        if a <= b:
            return None  # "how much more did the cheaper one cost": the question's premise is false
        return _answer(
            "price difference",
            [f"x = how many {unit}s {more.group('d')} the {x} cost than the {y}"],
            f"x = {_fmt(a)} - {_fmt(b)}",
            _q(a) - _q(b),
            unit,
            f"{unit}s {more.group('d')}",
        )
    return None


# ----------------------------------------------------------------------------------------------
# one unit price, and the things bought counted


_PRICE_SENTENCES = (
    # "tickets were 4 dollars each", "the pens cost 2 dollars apiece"
    rf"(?:the\s)?(?P<i>{_WORD})\s(?:were|are|cost|costs|sold\sfor|sell\sfor)\s(?P<p>{_P})\s(?P<u>{_UNIT})\s(?:each|apiece)",
    # "each ticket costs 4 dollars", "a ticket was 4 dollars"
    rf"(?:each|every|one|a|an)\s(?P<i>{_WORD})\s(?:costs|cost|is|was|sells\sfor|sold\sfor)\s(?P<p>{_P})\s(?P<u>{_UNIT})",
    # "tickets cost 4 dollars per ticket", "pens are 2 dollars a pen"
    rf"(?:the\s)?(?P<i>{_WORD})\s(?:were|are|cost|costs|sold\sfor|sell\sfor)\s(?P<p>{_P})\s(?P<u>{_UNIT})\s(?:per|a|an|for\seach|for\severy|each)\s(?P<i2>{_WORD})",
    # "the price of a ticket is 4 dollars"
    rf"the\sprice\sof\s(?:a|an|one|each)\s(?P<i>{_WORD})\s(?:is|was)\s(?P<p>{_P})\s(?P<u>{_UNIT})",
)
# a tail after the things bought that says for whom or why ("for herself and her friends")
_TAIL = r"(?:\s(?:for|to|in\scase|so|because)\s[a-z'\s]*?)?"
_BUY = r"(?:bought|buys|buy|purchased|purchases|got|ordered|orders)"


def _price_of(statement: str) -> tuple[str, Fraction, str] | None:
    s = statement.strip().rstrip(".")
    s = re.sub(r"^[^\d]*?\s(?:where|at\swhich)\s", "", s)  # "a concert where tickets were 4 dollars each"
    s = s[0].lower() + s[1:] if s else s
    for pat in _PRICE_SENTENCES:
        m = re.fullmatch(pat, s)
        if m is None:
            continue
        head = singular(m.group("i"))
        if "i2" in m.groupdict() and m.group("i2") is not None and singular(m.group("i2")) != head:
            return None
        return head, Fraction(m.group("p")), _unit(m.group("u"))
    return None


def _counts_of(statement: str, head: str) -> tuple[str, list[Fraction]] | None:
    """(the buyer, the counts) of "Haley bought 3 tickets for herself and 5 extra tickets"."""
    s = statement.strip().rstrip(".")
    s = re.sub(r"^(?:If|Then|And)\s", "", s)
    m = re.fullmatch(
        rf"(?P<s>{_SUBJ})\s(?:also\s)?{_BUY}\s(?P<a>\d+)\s(?P<ia>[a-z'-]+){_TAIL}"
        rf"(?:,?\sand\s(?:(?:then\s)?(?:also\s)?{_BUY}\s)?(?P<b>\d+)\s(?:more\s|extra\s|other\s)?(?P<ib>[a-z'-]+)?{_TAIL})?",
        s,
    )
    if m is None or not _subject_ok(m.group("s")):
        return None
    for g in ("ia", "ib"):
        if m.group(g) is not None and singular(m.group(g)) != head:
            return None
    tails = s[m.end("ia") :]
    if re.search(
        r"\b(?:but|not|never|lost|gave|sold|return\w*|refund\w*|free|discount\w*|sale|off|half|than|instead|except|each|per|apiece|price|cost\w*|dollars?|cents?)\b|n't",
        tails,
    ):
        return None
    counts = [Fraction(m.group("a"))] + ([Fraction(m.group("b"))] if m.group("b") else [])
    return m.group("s"), counts


def _unit_price(statements: list[str], q: str) -> Solution | None:
    prices = [p for p in (_price_of(st) for st in statements) if p is not None]
    if len(prices) != 1:
        return None
    head, price, unit = prices[0]
    buyer = None
    counts: list[Fraction] = []
    for st in statements:
        if _price_of(st) is not None:
            continue
        got = _counts_of(st, head)
        if got is None:
            return None
        who, cs = got
        if buyer is not None and not _same_person(buyer, who):
            return None
        buyer = who if buyer is None or buyer.lower() in _PRONOUNS else buyer
        counts += cs
    if not counts or len(counts) > 2:
        return None
    q = q.strip().rstrip("?").strip()
    m = re.fullmatch(
        rf"how\s(?:much(?:\smoney)?|many\s(?P<u>{_UNIT}))\s(?:did|does|do|will|would)\s(?P<s>{_SUBJ})\s(?:spend|pay)"
        r"(?:\s(?:in\sall|altogether|in\stotal|total))?(?:\s(?:on|for)\s(?:the\s|all\sthe\s|all\s)?(?P<i>[a-z'-]+))?(?:\s(?:in\sall|altogether|in\stotal))?",
        q,
    )
    if m is None:
        m = re.fullmatch(
            r"how\smuch\s(?:money\s)?(?:did|do|does|will|would)\s(?:the|all\sthe|all)\s(?P<i>[a-z'-]+)\scost(?:\s(?:in\sall|altogether|in\stotal|together))?",
            q,
        )
        subj = None
    else:
        subj = m.group("s")
    if m is None:
        return None
    if subj is not None and (not _subject_ok(subj) or not _same_person(buyer, subj)):
        return None
    if m.groupdict().get("u") and _unit(m.group("u")) != unit:
        return None
    if m.group("i") is not None and singular(m.group("i")) != head:
        return None
    n = " + ".join(_fmt(c) for c in counts)
    eq = f"x = {_fmt(price)} \\times {{{n}}}" if len(counts) > 1 else f"x = {_fmt(price)} \\times {n}"
    return _answer(
        "unit price (price times the number bought)",
        [f"x = the {unit}s spent"],
        eq,
        _q(price) * sum((_q(c) for c in counts), sympy_module().Integer(0)),
        unit,
        f"{unit}s spent",
    )


# ----------------------------------------------------------------------------------------------
# several givers, the same amount from each


def _givers(statements: list[str], q: str) -> Solution | None:
    if len(statements) != 1:
        return None
    s = statements[0].strip().rstrip(".")
    s = re.sub(
        r"^(?:For|On|At)\s[A-Za-z'\s]+?,?\s(?=(?:[Ee]ach\s)?(?:of\s)?(?:her|his|their|[A-Z][a-z]+'s|the)?\s?\d)",
        "",
        s,
    )
    m = re.fullmatch(
        r"(?P<e1>[Ee]ach\sof\s)?(?:(?:her|his|their|the|[A-Z][a-z]+'s)\s)?(?P<n>\d+)\s(?:of\s(?:her|his|their|[A-Z][a-z]+'s)\s)?(?P<who>[a-z]+)\s(?P<e2>each\s)?"
        rf"(?:gave|give|gives|sent|sends|paid|pays|brought|brings)\s(?P<to>her|him|them|me|us|[A-Z][a-z]+)\s(?P<p>{_P})\s(?P<u>{_UNIT})(?P<e3>\s(?:each|apiece))?",
        s,
    )
    if m is None:
        return None
    eachs = sum(1 for g in ("e1", "e2", "e3") if m.group(g))
    if eachs != 1:
        return None  # "5 friends gave her 6 dollars": 6 from each, or 6 in all? not said
    unit = _unit(m.group("u"))
    qm = re.fullmatch(
        r"how\s(?:much(?:\smoney)?|many\s(?P<u>dollars?|cents?))\s(?:did|does|will|would)\s(?P<s>[A-Za-z]+)\s(?:get|receive|collect)"
        r"(?:\s(?:in\sall|altogether|in\stotal|from\sthem|from\s(?:her|his|their)\s[a-z]+|for\s(?:her|his|their)\sbirthday))*",
        q.strip().rstrip("?").strip(),
    )
    if qm is None or qm.group("u") and _unit(qm.group("u")) != unit:
        return None
    to, asked = m.group("to"), qm.group("s")
    if to.lower() in _PRONOUNS | {"him", "her", "them", "me", "us"}:
        if asked.lower() not in _PRONOUNS and not asked[:1].isupper():
            return None
    elif asked != to and asked.lower() not in _PRONOUNS:
        return None
    n, p = Fraction(m.group("n")), Fraction(m.group("p"))
    return _answer(
        "equal amounts from several givers",
        [f"x = the {unit}s received"],
        f"x = {_fmt(n)} \\times {_fmt(p)}",
        _q(n) * _q(p),
        unit,
        f"{unit}s received",
    )


def read_money(text: str) -> Solution | None:
    """The answer to a price-list, unit-price or equal-givers money story; None otherwise."""
    if not re.search(r"\b(?:dollars?|cents?)\b|\$", text):
        return None
    st = story(text)
    if st is None:
        return None
    statements = [x for x in st.statements if x.strip()]
    q = st.question[0].lower() + st.question[1:]
    if re.search(r"\d", re.sub(r"\b(?:for|on)\sthe\s\d+\s[a-z]+$", "", q.rstrip("?"))) or not statements:
        return None
    return _price_list(statements, q) or _unit_price(statements, q) or _givers(statements, q)
