"""Amounts of one thing compared between people, with a total or one amount told: "Alice sold twice
as many oranges as Emily. In total they sold 180 oranges. How many did Alice sell?", "Jar B has 12
more marbles than jar A. Jar C has twice as many as jar B ...", "Merill has twice as many marbles
as Elliot and the two of them together have 5 fewer than Selma".

Each holder gets an unknown (what they have); each clause is read whole into one equation by
:mod:`puzzle_grammar` ("K more than twice B"), the people found as :mod:`ages` finds them. Precision
first: one thing counted throughout and one verb, every clause read and bearing on the answer, a
single solution, and whole, non-negative amounts.
"""

from __future__ import annotations

import re

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.ages import _all_bear, _clauses, _People
from tutor.math.wordproblems.number_puzzles import equations_solution
from tutor.math.wordproblems.puzzle_grammar import FRACTIONS, Lexicon, one_reading
from tutor.math.wordproblems.reading import normalise, sentences, singular

__all__ = ["read_comparison"]

_GATE = re.compile(r"\b(?:more|fewer|less|times|twice|half|thrice)\b")
_NOT_HERE = re.compile(
    r"\b(?:each|every|per|percent|cost|costs|price|old|older|younger|ages?|years?|left|gave|give|gives|"
    r"lost|spent|ate|sold\s\d|more\sthan\s(?:twice|half)\sof|rest|remaining|average|ratio)\b|%|/",
    re.I,
)
_VERBS = {
    "has": "have", "had": "have", "have": "have", "owns": "have", "own": "have", "owned": "have",
    "sold": "sell", "sell": "sell", "sells": "sell", "picked": "pick", "pick": "pick", "picks": "pick",
    "collected": "collect", "collect": "collect", "collects": "collect", "bought": "buy", "buy": "buy",
    "buys": "buy", "caught": "catch", "catch": "catch", "catches": "catch", "baked": "bake", "bake": "bake",
    "bakes": "bake", "made": "make", "make": "make", "makes": "make", "scored": "score", "score": "score",
    "scores": "score", "found": "find", "find": "find", "finds": "find", "read": "read", "reads": "read",
    "wrote": "write", "write": "write", "writes": "write", "drew": "draw", "draw": "draw", "draws": "draw",
    "planted": "plant", "plant": "plant", "plants": "plant", "earned": "earn", "earn": "earn", "earns": "earn",
    "saved": "save", "save": "save", "saves": "save", "won": "win", "win": "win", "wins": "win",
    "got": "get", "get": "get", "gets": "get", "received": "receive", "receive": "receive",
    "receives": "receive", "counted": "count", "count": "count", "counts": "count",
}  # fmt: skip
_VERB = "|".join(sorted(_VERBS, key=len, reverse=True))
_P = r"p\d+"
_TOTAL = re.compile(
    rf"^(?:(?P<who>{_P}(?:,\s{_P})*,?\sand\s{_P}|they|the\s(?:two|three|four)\sof\sthem)\s)?"
    rf"(?:(?:in\stotal|together|altogether|combined),?\s)?(?:(?P<who2>{_P}(?:,\s{_P})*,?\sand\s{_P}|they|the\s(?:two|three|four)\sof\sthem)\s)?"
    rf"(?:together\s|altogether\s|combined\s)?(?P<verb>{_VERB})\s(?:a\stotal\sof\s|(?:in\stotal|together|altogether|combined)\s)?"
    r"(?P<n>\d+(?:\.\d+)?)(?P<item>(?:\s[a-z-]+){0,3}?)(?:\s(?:in\stotal|together|altogether|combined|in\sall|between\sthem))?$"
)


def read_comparison(text: str) -> Solution | None:
    """The amount a comparison story asks for; None when it is not one read whole."""
    s = normalise(text)
    if len(s) > 500 or not _GATE.search(s) or _NOT_HERE.search(s):
        return None
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    q_text, cond = ss[-1].text, ""
    m = re.match(r"^(?:if)\s(.+?),\s(.+)$", q_text, re.I)
    if m:
        cond, q_text = m.group(1), m.group(2)
    clauses: list[str] = []
    for x in ss[:-1]:
        clauses += _clauses(x.text.rstrip("."))
    if cond:
        clauses += _clauses(cond)
    sp = sympy_module()
    people = _People()
    marked = [_tidy(people.mark(c)) for c in clauses]
    asked_marked = _tidy(people.mark(q_text.rstrip("?").strip()))
    if any(c is None for c in marked) or asked_marked is None or not people.keys:
        return None
    syms = [sp.Symbol(f"p{i}") for i in range(len(people.keys))]
    lex = Lexicon([(rf"p{i}", sym) for i, sym in enumerate(syms)])
    items: set[str] = set()
    verbs: set[str] = set()
    eqs = []
    for c in marked:
        eq = _clause(c.lower(), lex, syms, items, verbs)  # type: ignore[union-attr]
        if eq is None:
            return None
        eqs.append(eq)
    asked = _question(asked_marked.lower(), syms, items, verbs)
    kinds = {i for i in items if i.startswith("kind:")}
    items -= kinds
    # one verb, told in one tense ("had" in the story and "does ... have" asked: which moment?)
    if (
        len(kinds) > 1
        or asked is None
        or len(verbs - {"past", "now", "either"}) != 1
        or {"past", "now"} <= verbs
        or len(items) > 1
    ):
        return None
    expr, says = asked
    if not _all_bear(eqs, expr):
        return None
    try:
        sols = sp.solve(eqs, syms, dict=True)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if len(sols) != 1:
        return None
    value = exact_number(expr.subs(sols[0]))
    if not value.is_Integer or value < 0:
        return None
    if any(v.is_number and (v < 0 or not v.is_Integer) for v in sols[0].values()):
        return None
    item = next(iter(items)) if items else ""
    names = [(f"p_{{{i}}}", f"{k}'s {item}s".strip()) for i, k in enumerate(people.keys)]
    sym_names = {sym: f"p_{{{i}}}" for i, sym in enumerate(syms)}
    tex = [sp.latex(e, symbol_names=sym_names) for e in eqs]
    sol = equations_solution(eqs, names, value, _plural(item, value), says)
    sol.steps[0] = sol.steps[0].split(":\n\n")[0] + ":\n\n$$" + r" \\ ".join(tex) + "$$"
    sol.problem_latex = r" \\ ".join(tex)
    sol.equations = tex  # type: ignore[attr-defined]
    return sol


def _tidy(marked: str | None) -> str | None:
    return None if marked is None else re.sub(r"\s+,", ",", marked)


_PAST = {"had", "owned", "sold", "picked", "collected", "bought", "caught", "baked", "made", "scored", "found",
         "wrote", "drew", "planted", "earned", "saved", "won", "got", "received", "counted"}  # fmt: skip


def _tense(verb: str) -> str:
    return "either" if verb == "read" else "past" if verb in _PAST else "now"


def _plural(item: str, value) -> str:
    if not item or value == 1 or item.endswith("s"):
        return item
    return item[:-1] + "ies" if item.endswith("y") and item[-2:-1] not in "aeiou" else item + "s"


def _item(words: str, items: set[str]) -> bool:
    """Notes the thing a phrase counts ("oranges" -> orange); False when it names none readable."""
    ws = [w for w in words.split() if w not in ("of", "the")]
    if not ws:
        return True
    if ws[0] in ("more", "fewer", "less", "extra", "additional"):
        return False  # "how many more apples does she have": a difference, not an amount
    if len(ws) > 2:
        return False
    items.add(singular(ws[-1]))
    if len(ws) == 2:  # "red marbles" and "blue marbles" are two things; "cheese crackers" and "crackers" one
        items.add("kind:" + ws[0])
    return True


def _clause(c: str, lex: Lexicon, syms, items: set[str], verbs: set[str]):
    sp = sympy_module()
    c = re.sub(r"^(?:and|but|also|then)\s", "", c.strip(" ,."))
    c = re.sub(r"\s(?:also|only|just)\s", " ", c)
    m = _TOTAL.fullmatch(c)
    if m and (
        m.group("who")
        or m.group("who2")
        or re.search(r"\b(?:total|together|altogether|combined|in all)\b", c)
    ):
        who = m.group("who") or m.group("who2") or "they"
        if not _item(m.group("item"), items):
            return None
        verbs.add(_VERBS[m.group("verb")])
        verbs.add(_tense(m.group("verb")))
        if who.startswith("p"):
            group = [syms[int(i)] for i in re.findall(r"p(\d+)", who)]
        else:
            group = list(syms)
        if len(group) < 2 or not re.search(
            r"\b(?:total|together|altogether|combined|in\sall|between)\b|\band\b", c
        ):
            return None
        return sp.Eq(sp.Add(*group), sp.Rational(m.group("n")), evaluate=False)
    m = re.fullmatch(rf"({_P})\s({_VERB})\s(.+)", c)
    if m is None:
        return None
    verbs.add(_VERBS[m.group(2)])
    verbs.add(_tense(m.group(2)))
    body = m.group(3)
    # "twice as many marbles as p1 (does)" -> "twice p1"; "12 more marbles than p0" -> "12 more than p0"
    body = re.sub(rf"\s({_P})\s(?:does|did|do|has|had|have|is|was)$", r" \1", body)
    for pat in (
        r"as\smany\s([a-z-]+(?:\s[a-z-]+)?)\sas\s",
        r"(?<=\d\s)(?:more|fewer|less)\s([a-z-]+(?:\s[a-z-]+)?)\sthan\s",
        r"the\snumber\sof\s([a-z-]+(?:\s[a-z-]+)?)\s(?:that\s)?(?=p\d)",
    ):
        for im in re.finditer(pat, body):
            if not _item(im.group(1), items):
                return None
    body = re.sub(rf"\b({FRACTIONS}|half)\sas\smany\s(?:[a-z-]+\s(?:[a-z-]+\s)?)?as\s", r"\1 of ", body)
    body = re.sub(r"\bas\smany\s[a-z-]+(?:\s[a-z-]+)?\sas\s", "", body)
    body = re.sub(r"\bas\smany\sas\s|\bas\smuch\sas\s|\bas\smuch\smoney\sas\s", "", body)
    body = re.sub(r"(?<=\d\s)(more|fewer|less)\s[a-z-]+(?:\s[a-z-]+)?\s(than)\s", r"\1 \2 ", body)
    body = re.sub(r"\bthe\snumber\sof\s[a-z-]+(?:\s[a-z-]+)?\s(?:that\s)?(?=p\d)", "", body)
    body = re.sub(r"\bfewer\sthan\b", "less than", body)
    nm = re.fullmatch(r"(\d+(?:\.\d+)?)((?:\s[a-z-]+){0,2})", body)
    if nm:
        if not _item(nm.group(2), items):
            return None
        value = sp.Rational(nm.group(1))
    else:
        value = one_reading(body, lex)
        if value is None or not value.free_symbols:
            return None
    me = syms[int(m.group(1)[1:])]
    if value == me:
        return None
    return sp.Eq(me, value, evaluate=False)


_GROUP = (
    r"they|the\s(?:two|three|four|2|3|4)\sof\sthem|all\sof\sthem"
    r"|the\s(?:boys|girls|kids|children|friends|brothers|sisters)"
)


def _question(q: str, syms, items: set[str], verbs: set[str]):
    sp = sympy_module()
    m = re.fullmatch(
        rf"how\smany\s(?P<how>more|fewer)\s(?P<item>[a-z-]+(?:\s[a-z-]+)?)\s(?P<aux>does|did|do)\s(?P<a>{_P})\s(?P<verb>[a-z]+)"
        rf"\sthan\s(?P<b>{_P})(?:\s(?:does|did|has|had))?",
        q,
    )
    if m:  # "how many more marbles does Mabel have than Amanda": the larger less the smaller, never negative
        if not _item(m.group("item"), items) or not _verb(m, verbs):
            return None
        a, b = syms[int(m.group("a")[1:])], syms[int(m.group("b")[1:])]
        return (a - b if m.group("how") == "more" else b - a), f"how many {m.group('how')}"
    m = re.fullmatch(
        rf"how\s(?:many\s(?P<total>total\s)?(?P<item>[a-z-]+(?:\s[a-z-]+)?)|much(?:\smoney)?)\s(?P<aux>does|did|do)\s"
        rf"(?P<who>{_P}(?:,\s{_P})*(?:,?\sand\s{_P})?|{_GROUP})"
        rf"\s(?P<verb>[a-z]+)(?:\s(?P<all>in\stotal|together|altogether|combined|in\sall))?",
        q,
    )
    if m is None:
        return None
    if m.group("item") and not _item(m.group("item"), items):
        return None
    if not _verb(m, verbs):
        return None
    who = m.group("who")
    every = bool(m.group("all") or m.groupdict().get("total"))
    group = [syms[int(i)] for i in re.findall(r"p(\d+)", who)] if who.startswith("p") else list(syms)
    if len(group) > 1 or not who.startswith("p"):
        if not every and who.startswith("p"):
            return None
        return sp.Add(*group), "the total"
    if every:
        return None
    return group[0], "the amount asked"


def _verb(m: re.Match, verbs: set[str]) -> bool:
    """Notes the question's verb and tense; False when it is no verb of holding or getting."""
    verb = {"has": "have"}.get(m.group("verb"), m.group("verb"))
    if verb not in _VERBS.values():
        return False
    verbs.add(verb)
    verbs.add("past" if m.group("aux") == "did" else "now")
    return True
