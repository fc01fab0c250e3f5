"""Number puzzles: "A number increased by 7 is 15", "If 5 is subtracted from 3 times a number, the
result is 10", "I think of a number, subtract 6 and divide by 13: I get 2", "The sum of two numbers
is 50 and their difference is 12", "One number is 4 more than the other", "The sum of three
consecutive odd numbers is 123". Every sentence is read into SymPy equations in named unknowns
(:mod:`puzzle_grammar` reads the phrases), solved with SymPy, the equations shown first.

Precision first: every sentence must be a declaration ("I think of a number"), an equation, or the
question; a phrase that reads two ways, a system with no single solution, a "larger" number that
comes out smaller, or consecutive odd numbers that are even: no answer.
"""

from __future__ import annotations

import re

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.puzzle_grammar import Lexicon, one_reading, readings
from tutor.math.wordproblems.reading import normalise, sentences
from tutor.math.wordproblems.schema_solution import shown_value

__all__ = ["read_number_puzzle", "equations_solution"]

KIND = "word_problem"

_GATE = re.compile(r"\b(?:numbers?|integers?)\b", re.I)
_COPULA = re.compile(
    r"\s(is\sequal\sto|equals|equal|is\sthe\ssame\sas|is|was|gives|results\sin|will\sbe|would\sbe|becomes|yields|leaves)\s"
)
_RESULT = (
    r"(?:(?:then\s)?(?:the\s(?:result|answer|sum|difference|product|quotient|total|outcome|new\snumber)"
    r"|it|this|that)\s(?:is|will\sbe|would\sbe|becomes|equals|was)"
    r"|(?:then\s)?(?:i|you|we|he|she|they|one)\s(?:will\s|would\s)?(?:get|gets|got|obtain|obtains|end\sup\swith)"
    r"(?:\sthe\sresult\sas|\sas\sthe\sresult|\sas\sa\sresult)?)"
)
_SUBJECT = r"(?:i|you|we|he|she|they|[a-z]+)"
_DECLARE = re.compile(
    rf"^{_SUBJECT}\s(?:think|thinks|thought|am\sthinking|is\sthinking|are\sthinking|have|has|had|pick|picks|picked|choose|chooses|chose)"
    r"\s(?:of\s)?(?:a|an)\s(?:certain\s|secret\s|mystery\s)?number(?:\sin\s(?:(?:my|his|her|their|your)\s)?mind)?$"
)
_FLUFF = r"(?:(?:write|convert|form|set\sup|create|choose)\b[^?]*?\sand\s)?"
_ASK_N = re.compile(
    rf"^{_FLUFF}(?:what\s(?:is|was)|what's|find|determine|calculate|compute|work\sout|identify)\s(?:the|this|that|my|his|her|your)\s"
    r"(?:unknown\s|original\s|certain\s|mystery\s|secret\s|required\s)?number"
    r"(?:\s(?:in\s(?:my|his|her|their|your)\smind|(?:i|he|she|you|they)\s(?:am\s|is\s|are\s|was\s|were\s)?(?:thinking\sof|thought\sof)))?"
    r"(?:\sand\scheck\s[a-z\s]+)?$"
)
_N_ATOM = (
    r"(?:(?:a|the|this|that|my|his|her|your)\s)?(?:same\s|certain\s|unknown\s|original\s|mystery\s|secret\s)?number"
    r"(?:\s(?:in\s(?:my|his|her|their|your)\smind|(?:i|he|she|you)\s(?:am\s|is\s)?thinking\sof))?|itself"
)


def read_number_puzzle(text: str) -> Solution | None:
    """The worked solution of a number puzzle; None when `text` is not one or not read whole."""
    s = normalise(text)
    if not _GATE.search(s) or len(s) > 600:
        return None
    ss = sentences(s)
    if not ss or sum(x.question for x in ss) > 1:
        return None
    lines = [re.sub(r"\s+", " ", x.text.lower()).strip().rstrip("?.!").strip() for x in ss]
    for reader in (_one_number, _consecutive, _two_numbers):
        sol = reader(lines)
        if sol is not None:
            return sol
    return None


# ---- one unknown number ---------------------------------------------------------------------


def _one_number(lines: list[str]) -> Solution | None:
    sp = sympy_module()
    if any(re.search(r"\b(?:numbers|integers|digits?|consecutive)\b", ln) for ln in lines):
        return None
    n = sp.Symbol("n")
    lex = Lexicon([(_N_ATOM, n)])
    *story, question = lines
    qm = re.fullmatch(r"(?:what|which)\snumber\s(.+)", question)
    fm = re.fullmatch(
        r"(?:find|what\s(?:is|was))\s(?:a|the)\s(?:certain\s)?number\s(?:such\sthat|so\sthat|for\swhich|where|if|(?=(?:which|that)\swhen\s))(.+)",
        question,
    )
    if qm:  # "What number increased by 7 is 15?"
        story = [*story, "a number " + qm.group(1)]
    elif fm:
        rest = fm.group(1)
        if rest.startswith(("which when", "that when")):
            rest = "the number " + rest.split(" ", 1)[1]  # "which when multiplied by 5 gives 35"
        story = [*story, rest]
    elif not _ASK_N.fullmatch(question):
        return None
    eqs: list = []
    pending = None  # "Consider 2/3 of a number and add 6 to it." -> the result of the next sentence
    for ln in story:
        if _DECLARE.fullmatch(ln):
            continue
        dm = re.fullmatch(r"(.+?)(?:,\s(?:and\s)?(?:then\s)?|\sand\s(?:then\s)?)(.+)", ln)
        if dm and _DECLARE.fullmatch(dm.group(1)) and pending is None:
            # "I think of a number, multiply it by 4 and subtract 7." -> the result of the next sentence
            pending = _actions(dm.group(2), lex, n, subject=False)
            if pending is None:
                return None
            continue
        got = _statement(ln, lex, n, pending)
        if got is None:
            return None
        new_eqs, pending = got
        eqs += new_eqs
    if pending is not None or not eqs:
        return None
    return _solve(eqs, [n], n, [("n", "the number")], "the number")


def _statement(ln: str, lex: Lexicon, n, pending):
    """The equations one sentence gives, and a result it leaves pending ("consider ... and add 6
    to it" before "the result is 10"); None when it cannot be read whole."""
    sp = sympy_module()
    ln = re.sub(r"^(?:if|when|suppose)\s", "", ln)
    ln = re.sub(
        r"\b(?:when|which\swhen|that\swhen)\s(?=(?:multiplied|divided|increased|decreased|reduced|added|subtracted)\b)",
        "",
        ln,
    )
    if pending is not None:
        # "the result is 10" / "if the resultant is trebled, it becomes 75"
        m = re.fullmatch(
            r"the\s(?:result|resultant|answer|outcome|new\snumber)\s(?:is\s(?P<ops>.+?)(?:,\s|\s)(?:it\s|we\sget\s|the\sresult\s)?)?"
            r"(?:is|will\sbe|was|becomes|gives|equals|we\sget)\s(?P<v>.+)",
            ln,
        )
        if m is None:
            return None
        cur = pending if not m.group("ops") else _passive_ops(m.group("ops"), lex, pending)
        v = one_reading(m.group("v"), lex)
        return None if v is None or cur is None else ([sp.Eq(cur, v)], None)
    m = re.fullmatch(r"(?:a|the)\s(?:certain\s)?number\sis\s(.+)", ln)
    if m:  # "A number is doubled and 9 is added." -> the result of the next sentence
        cur = _passive_ops(m.group(1), lex, n)
        if cur is not None:
            return [], cur
    m = re.fullmatch(r"consider\s(.+)", ln)
    if m:
        v = _chain(m.group(1), lex, n)
        return None if v is None else ([], v)
    # "if <operation>, the result is <value>" / "if I subtract 6 from the number ..., I get 2"
    for rm in re.finditer(rf"(?:,\s|\s){_RESULT}\s", ln):
        left, right = ln[: rm.start()], ln[rm.end() :]
        v = one_reading(right, lex)
        if v is None:
            continue
        a = _actions(left, lex, n)
        if a is None:
            a = _chain(_passive(left), lex, n)
        if a is not None:
            return [sp.Eq(a, v)], None
    eq = one_equation(_passive(ln), lex)
    return None if eq is None else ([eq], None)


_PASSIVE_OPS = [
    (r"doubled", lambda c, v: 2 * c),
    (r"(?:tripled|trebled)", lambda c, v: 3 * c),
    (r"halved", lambda c, v: c / 2),
    (r"squared", lambda c, v: c**2),
    (r"(?P<v>.+?)\sis\sadded(?:\sto\sit)?", lambda c, v: c + v),
    (r"(?P<v>.+?)\sis\s(?:subtracted|taken\saway)(?:\sfrom\sit)?", lambda c, v: c - v),
    (r"(?:increased|added)\sby\s(?P<v>.+)", lambda c, v: c + v),
    (r"(?:decreased|reduced|diminished)\sby\s(?P<v>.+)", lambda c, v: c - v),
    (r"multiplied\sby\s(?P<v>.+)", lambda c, v: c * v),
    (r"divided\sby\s(?P<v>.+)", lambda c, v: c / v),
]


def _passive_ops(p: str, lex: Lexicon, cur):
    """ "doubled and 9 is added" applied to `cur`, in order; None when a piece is no such operation."""
    for piece in re.split(r",?\s(?:and\s)?then\s|,\sand\s|\sand\s|,\s", p):
        for rx, f in _PASSIVE_OPS:
            m = re.fullmatch(rx, piece.strip())
            if m is None:
                continue
            v = one_reading(m.group("v"), lex) if "v" in m.groupdict() else None
            if "v" in m.groupdict() and (
                v is None or v.free_symbols or (rx.startswith("divided") and v == 0)
            ):
                return None
            cur = f(cur, v)
            break
        else:
            return None
    return cur


def _passive(p: str) -> str:
    """ "6 is subtracted from a number" -> "6 subtracted from a number" (the grammar's phrase)."""
    return re.sub(
        r"\sis\s(subtracted\sfrom|added\sto|taken\saway\sfrom|multiplied\sby|divided\sby|increased\sby|decreased\sby|reduced\sby|doubled|tripled|halved)\b",
        r" \1",
        p,
    )


def one_equation(ln: str, lex: Lexicon, copula: re.Pattern = _COPULA):
    """ "<phrase> is <phrase>": the one equation it reads as; None when none or several (the
    readers of puzzles and of ages share it, each with its own words for "is")."""
    sp = sympy_module()
    found: dict = {}  # the equation's content (a - b, up to sign) -> the two sides as read
    for m in copula.finditer(ln):
        for a in readings(ln[: m.start()], lex):
            for b in readings(ln[m.end() :], lex):
                d = sp.expand(a - b)
                if -d not in found:
                    found.setdefault(d, (a, b))
    if len(found) != 1:
        return None
    d, (a, b) = found.popitem()
    if not d.free_symbols:
        return None
    return sp.Eq(a, b, evaluate=False)


_POSTFIX = [
    (r"(?:and\s)?(?:then\s)?(?:is\s)?(?:increased|added)\sby\s(.+)", lambda c, v: c + v),
    (r"(?:and\s)?(?:then\s)?(?:is\s)?(?:decreased|reduced|diminished)\sby\s(.+)", lambda c, v: c - v),
    (r"(?:and\s)?(?:then\s)?(?:is\s)?multiplied\sby\s(.+)", lambda c, v: c * v),
    (r"(?:and\s)?(?:then\s)?(?:is\s)?divided\sby\s(.+)", lambda c, v: c / v),
]


def _chain(p: str, lex: Lexicon, n):
    """A phrase, or a phrase followed by operations on its result ("a number doubled and then
    increased by 5", "2/3 of a number and add up 6 to it")."""
    v = one_reading(p, lex)
    if v is not None or readings(p, lex):
        return v
    for m in re.finditer(r",?\s(?:and\s(?:then\s)?|then\s)", p):
        head = one_reading(p[: m.start()], lex)
        if head is None:
            continue
        rest = _actions(p[m.end() :], lex, n, head, subject=False)
        if rest is not None:
            return rest
        rest = _postfix(p[m.end() :], lex, head)
        if rest is not None:
            return rest
    return None


def _postfix(p: str, lex: Lexicon, cur):
    for rx, f in _POSTFIX:
        m = re.fullmatch(rx, p)
        if m:
            v = one_reading(m.group(1), lex)
            if v is not None and v != 0:
                return f(cur, v)
    if re.fullmatch(r"(?:and\s)?(?:then\s)?(?:is\s)?doubled", p):
        return 2 * cur
    return None


_IT = r"(?:it|that|the\sresult|this|the\sanswer)"


def _actions(p: str, lex: Lexicon, n, cur=None, subject: bool = True):
    """ "I subtract 6 from the number and divide it by 13" -> (n - 6)/13: each action works on the
    result of the one before ("it"); None when any piece is not an action read whole."""
    sp = sympy_module()
    if subject:
        m = re.match(rf"{_SUBJECT}\s", p)
        if m is None or m.group(0).strip() in ("a", "the", "if", "when", "twice", "half"):
            return None
        p = p[m.end() :]
    pieces = re.split(r",?\s(?:and\s)?then\s|,\sand\s|\sand\s|,\s", p)
    r = sp.Symbol("r_it")
    for piece in pieces:
        start = n if cur is None else cur
        lx = Lexicon([(_IT, r), *[(pat.pattern, s) for pat, s in lex.atoms]])
        val = _action(piece.strip(), lx)
        if val is None:
            return None
        cur = val.subs(r, start)
    return cur


_ACTS = [
    (r"(?:subtract|subtracts|take\saway|takes\saway|remove|removes)\s(.+)\sfrom\s(.+)", lambda a, b: b - a),
    (r"(?:add|adds)\s(?:up\s)?(.+)\sto\s(.+)", lambda a, b: b + a),
    (r"(?:multiply|multiplies)\s(.+)\sby\s(.+)", lambda a, b: a * b),
    (r"(?:divide|divides)\s(.+)\sby\s(.+)", lambda a, b: a / b),
]
_ACTS_IT = [
    (r"(?:subtract|subtracts|take\saway|takes\saway)\s(.+)", lambda c, a: c - a),
    (r"(?:add|adds)\s(?:up\s)?(.+)", lambda c, a: c + a),
    (r"(?:multiply|multiplies)\s(?:it\s|the\sresult\s)?by\s(.+)", lambda c, a: c * a),
    (r"(?:divide|divides)\s(?:it\s|the\sresult\s)?by\s(.+)", lambda c, a: c / a),
]
_ACTS_ONE = [
    (r"(?:double|doubles)\s(.+)", lambda a: 2 * a),
    (r"(?:triple|triples)\s(.+)", lambda a: 3 * a),
    (r"(?:halve|halves)\s(.+)", lambda a: a / 2),
    (r"(?:square|squares)\s(.+)", lambda a: a**2),
]


def _action(piece: str, lex: Lexicon):
    sp = sympy_module()
    it = sp.Symbol("r_it")
    for rx, f in _ACTS:
        m = re.fullmatch(rx, piece)
        if m:
            a, b = one_reading(m.group(1), lex), one_reading(m.group(2), lex)
            if a is not None and b is not None and not (f is _ACTS[3][1] and b == 0):
                return f(a, b)
    for rx, g in _ACTS_ONE:
        m = re.fullmatch(rx, piece)
        if m:
            a = one_reading(m.group(1), lex)
            if a is not None:
                return g(a)
    for rx, h in _ACTS_IT:
        m = re.fullmatch(rx, piece)
        if m:
            a = one_reading(m.group(1), lex)
            if a is not None and a != 0:
                return h(it, a)
    return None


# ---- consecutive integers -------------------------------------------------------------------

_CONSEC = re.compile(
    r"(?:the\s)?sum\sof\s(\d+)\sconsecutive\s(?:(even|odd)\s)?(?:positive\s|whole\s|natural\s)?(?:integers|numbers|whole\snumbers)"
    r"\s(?:is|equals|is\sequal\sto|was)\s(\d+)"
    r"|(\d+)\sconsecutive\s(?:(even|odd)\s)?(?:positive\s|whole\s|natural\s)?(?:integers|numbers|whole\snumbers)"
    r"\s(?:add\sup\sto|sum\sto|have\sa\ssum\sof|total)\s(\d+)"
)
_PLACES = {
    "smallest": 0, "least": 0, "first": 0, "lowest": 0, "second": 1, "middle": None, "third": 2,
    "fourth": 3, "fifth": 4, "largest": -1, "greatest": -1, "biggest": -1, "highest": -1, "last": -1,
}  # fmt: skip
_PLACE = "|".join(_PLACES)
_ASK_PLACE = re.compile(
    rf"^{_FLUFF}(?:what\s(?:is|was)|what's|find|determine|calculate|identify)\s(?:the\s)?({_PLACE})"
    r"(?:\s(?:one|number|integer))?(?:\sof\s(?:the|these|them|those)(?:\s\d+)?(?:\s(?:consecutive\s)?(?:(?:even|odd)\s)?(?:integers|numbers))?)?$"
)
_ASK_SPREAD = re.compile(
    rf"^{_FLUFF}(?:what\s(?:is|was)|what's|find|determine|calculate)\sthe\sdifference\sbetween\sthe\s(?:greatest|largest|biggest)"
    r"\sand\s(?:the\s)?(?:smallest|least)(?:\s(?:number|integer))?$"
)


def _consecutive(lines: list[str]) -> Solution | None:
    sp = sympy_module()
    *story, question = lines
    if len(story) != 1:
        return None
    m = _CONSEC.fullmatch(story[0])
    if m is None:
        return None
    k, kind, total = (
        (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    )
    count = int(k)
    if not 2 <= count <= 10:
        return None
    step = 2 if kind else 1
    n = sp.Symbol("n")
    terms = [n + step * i for i in range(count)]
    qm = _ASK_PLACE.fullmatch(question)
    if qm:
        place = _PLACES[qm.group(1)]
        if place is None:
            if count % 2 == 0:
                return None
            place = count // 2
        if place >= count:
            return None
        asked, says = terms[place], f"the {qm.group(1)} number"
    elif _ASK_SPREAD.fullmatch(question):
        asked, says = terms[-1] - terms[0], "the difference between the greatest and the smallest"
    else:
        return None
    eqs = [sp.Eq(sum(terms), sp.Integer(total))]
    sols = sp.solve(eqs, [n], dict=True)
    if len(sols) != 1 or not sols[0][n].is_Integer:
        return None
    first = sols[0][n]
    if kind == "even" and first % 2 != 0 or kind == "odd" and first % 2 != 1:
        return None
    if "positive" in story[0] and first <= 0:
        return None
    what = f"{kind + ' ' if kind else ''}consecutive integers"
    return _solve(eqs, [n], asked, [("n", f"the smallest of the {what}")], says)


# ---- two numbers ----------------------------------------------------------------------------

_BIG = r"(?:the\s)?(?:larger|largest|greater|greatest|bigger|biggest)(?:\s(?:number|one|of\sthe\s(?:2\s)?numbers))?"
_SMALL = r"(?:the\s)?(?:smaller|smallest|lesser|least)(?:\s(?:number|one|of\sthe\s(?:2\s)?numbers))?"
_ONE = r"^(?:1|one)(?:\s(?:number|of\s(?:the|these|them)(?:\s(?:2\s)?numbers)?|of\sthem))?\s"
_OTHER = r"(?:the\s)?other(?:\s(?:number|one))?|another(?:\snumber)?"
_ASK_TWO = re.compile(
    rf"^{_FLUFF}(?:what\s(?:is|was)|what's|find|determine|calculate|identify)\s(?:the\s)?(larger|largest|greater|greatest|bigger|biggest|smaller|smallest|lesser|least)"
    r"(?:\s(?:number|one))?(?:\sof\s(?:the|these|them|those)(?:\s2)?(?:\snumbers)?)?$"
)


def _two_numbers(lines: list[str]) -> Solution | None:
    sp = sympy_module()
    *story, question = lines
    qm = _ASK_TWO.fullmatch(question)
    told = " | ".join(story)
    if qm is None or not re.search(r"\b2\snumbers\b|(?:^|\|\s)1\snumber\b[^|]*\b(?:other|another)\b", told):
        return None
    big, small = sp.Symbol("L"), sp.Symbol("S")
    pair = r"(?:(?:the|these|those)\s)?(?:2\s)?numbers"
    lex = Lexicon(
        [
            (_BIG, big),
            (_SMALL, small),
            (rf"(?:their|the)\ssum|the\ssum\sof\s{pair}", big + small),
            (rf"(?:their|the)\sdifference|the\sdifference\s(?:of|between)\s{pair}", big - small),
            (rf"(?:their|the)\sproduct|the\sproduct\sof\s{pair}", big * small),
        ]
    )
    eqs: list = []
    for ln in story:
        got = _pair_statement(ln, lex, big, small)
        if got is None:
            return None
        eqs += got
    asked = big if qm.group(1) in ("larger", "largest", "greater", "greatest", "bigger", "biggest") else small
    names = [("L", "the larger number"), ("S", "the smaller number")]
    return _solve(
        eqs, [big, small], asked, names, f"the {qm.group(1)} number", check=lambda v: v[big] > v[small]
    )


def _pair_statement(ln: str, lex: Lexicon, big, small):
    sp = sympy_module()
    ln = re.sub(r"^(?:if|when)\s", "", ln)
    m = re.fullmatch(
        r"(?:the\s)?(?:2|two)\snumbers\s(add\sup\sto|sum\sto|have\sa\ssum\sof|total|differ\sby|have\sa\sdifference\sof|have\sa\sproduct\sof)\s(\d+(?:\.\d+)?)",
        ln,
    )
    if m:
        v = sp.Rational(m.group(2))
        rel = big + small if "sum" in m.group(1) or m.group(1) in ("add up to", "total") else None
        rel = rel if rel is not None else (big - small if "diff" in m.group(1) else big * small)
        return [sp.Eq(rel, v)]
    if re.match(_ONE, ln):  # "one number is 4 more than the other"
        x, y = sp.Symbol("x_one"), sp.Symbol("y_other")
        body = re.sub(_ONE, "X ", ln)
        body = re.sub(rf"\b(?:{_OTHER})\b", "Y", body)
        m = re.fullmatch(r"X\sexceeds\sY\sby\s(\d+(?:\.\d+)?)", body)
        if m:
            return [sp.Eq(big, small + sp.Rational(m.group(1)))]
        body = re.sub(r"\sas\s(?:large|big|great|much)\sas\s", " ", body)
        eq = one_equation(body.lower(), Lexicon([(r"x", x), (r"y", y)]))
        if eq is None:
            return None
        sol = sp.solve(eq, x)
        if len(sol) != 1 or sol[0].free_symbols != {y}:
            return None
        f = sp.Poly(sol[0], y)
        if f.degree() != 1:
            return None
        a, b = f.all_coeffs()
        if a >= 1 and b >= 0 and (a, b) != (1, 0):
            return [sp.Eq(big, sol[0].subs(y, small))]
        if a <= 1 and b <= 0 and (a, b) != (1, 0) and a > 0:
            return [sp.Eq(small, sol[0].subs(y, big))]
        return None
    eq = one_equation(ln, lex)
    if eq is not None:
        return [eq]
    for m in re.finditer(r",?\sand\s", ln):  # "the sum of 2 numbers is 50 and their difference is 12"
        a = _pair_statement(ln[: m.start()], lex, big, small)
        b = _pair_statement(ln[m.end() :], lex, big, small)
        if a is not None and b is not None:
            return a + b
    return None


# ---- solving and showing --------------------------------------------------------------------


def _solve(eqs, unknowns, asked, names, says, check=None) -> Solution | None:
    sp = sympy_module()
    try:
        sols = sp.solve(eqs, unknowns, dict=True)
    except (NotImplementedError, ValueError, TypeError):
        return None
    sols = [s for s in sols if all(u in s and s[u].is_Rational for u in unknowns)]
    if check is not None:
        sols = [s for s in sols if check(s)]
    if len(sols) != 1:
        return None
    value = exact_number(asked.subs(sols[0]))
    if not value.is_Rational:
        return None
    return equations_solution(eqs, names, value, "", says)


def equations_solution(eqs, names, value, unit: str, says: str, how: str = "") -> Solution:
    """A worked solution: the equations the story gave first (with what each unknown is), then
    SymPy's solution and the value with its unit. `eqs` are SymPy equations; `names` pairs each
    unknown's name with what it stands for."""
    sp = sympy_module()
    eq_tex = [sp.latex(e) for e in eqs]
    head = "The equations the story gives"
    if names:
        head += " (" + "; ".join(f"${n}$ = {label}" for n, label in names) + ")"
    steps = [head + ":\n\n$$" + r" \\ ".join(eq_tex) + "$$"]
    steps.append(how or f"Solving them with SymPy: {says} $= {sp.latex(value)}$.")
    shown = f"{shown_value(value, unit)} {unit}".strip()
    steps.append(f"So the answer ({says}) is **{shown}**.")
    sol = Solution(KIND, r" \\ ".join(eq_tex), steps, sp.latex(value), value)
    sol.unit = unit  # type: ignore[attr-defined]
    sol.equations = eq_tex  # type: ignore[attr-defined]
    return sol
