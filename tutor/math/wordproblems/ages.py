"""Age puzzles: "Miguel is 46 years old. He is 4 years older than thrice his son's age. How old is
his son?", "In 5 years, Raven will be 4 times as old as Phoebe. Phoebe is 10. How old is Raven?",
"Rachel is 4 years older than Leah. The sum of their ages is 34. How old is Rachel?".

Each person (a name, "his son", "the father") gets an unknown: their age now. A clause told "in 5
years" or "3 years ago" shifts every age it names by that much, except one said to be "now". Each
clause is read whole by :mod:`puzzle_grammar` into one equation; SymPy solves them. Precision
first: every clause must be read, every equation must bear on the answer (a number that does not
is a number not accounted for), and the ages must come out whole and positive.
"""

from __future__ import annotations

import re

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.number_puzzles import equations_solution, one_equation
from tutor.math.wordproblems.puzzle_grammar import Lexicon
from tutor.math.wordproblems.reading import normalise, sentences

__all__ = ["read_ages"]

_RELATIVES = (
    r"son|daughter|father|mother|dad|mom|brother|sister|grandfather|grandmother|grandson|granddaughter|"
    r"uncle|aunt|cousin|wife|husband|friend|niece|nephew"
)
_ROLES = r"man|woman|father|mother|son|daughter|boy|girl|dad|mom"
_NOT_NAMES = {
    "In", "After", "Before", "If", "When", "The", "A", "An", "He", "She", "His", "Her", "Their", "They",
    "How", "What", "Find", "Determine", "Calculate", "Now", "Then", "Last", "Next", "This", "At", "Two",
    "Five", "Ten", "Also", "But", "And", "So", "Today", "Currently", "Right", "Years", "Together", "Both",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Mr", "Mrs", "Ms", "Dr", "It", "There", "Is", "Was", "Will", "Who", "Which", "One", "Some", "I", "We",
}  # fmt: skip
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b")
_SHIFT_FRONT = re.compile(
    r"^(?:(?:in|after)\s(?P<a>\d+)\s(?:more\s)?years?(?:\stime|\sfrom\snow)?|(?P<b>\d+)\syears?\s(?:from\snow|hence|later)"
    r"|(?P<c>\d+)\syears?\s(?:ago|earlier|back)|(?:before|since)\s(?P<d>\d+)\syears?|(?P<e>next|last)\syear)\s?,?\s"
)
_SHIFT_BACK = re.compile(
    r",?\s(?:(?:in|after)\s(?P<a>\d+)\s(?:more\s)?years?(?:\stime|\sfrom\snow)?|(?P<b>\d+)\syears?\s(?:from\snow|hence|later)"
    r"|(?P<c>\d+)\syears?\s(?:ago|earlier|back)|(?P<e>next|last)\syear)$"
)


def _shift_of(m: re.Match) -> int:
    if m.group("e"):
        return 1 if m.group("e") == "next" else -1
    for g, sign in (("a", 1), ("b", 1), ("c", -1), ("d", -1)):
        if m.groupdict().get(g):
            return sign * int(m.group(g))
    return 0


class _People:
    """The people a story names, each with an unknown (their age now), and whom "he"/"his" means."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.last: str | None = None

    def index(self, key: str) -> int:
        if key not in self.keys:
            self.keys.append(key)
        return self.keys.index(key)

    def mark(self, clause: str) -> str | None:
        """The clause with each person written as "pN" (and their age as "pN" too); None when a
        pronoun has no one to mean. "he"/"his" is the clause's first person when one comes
        before it, else the last clause's; "her mother" is the mother already told of."""
        out = _NAME.sub(lambda m: self._name(m.group(0)), clause)
        out = re.sub(rf"\b(?:[Aa]|[Tt]he)\s({_ROLES})\b", lambda m: self._role(m.group(1)), out)

        def before(pos: int) -> str | None:
            m = re.search(r"\bp(\d+)\b", out[:pos])
            return self.keys[int(m.group(1))] if m else self.last

        def rel(m: re.Match) -> str:
            word, relation = m.group(1), m.group(2).lower()
            if word.startswith("p"):
                who: str | None = self.keys[int(word[1:])]
            else:
                told = [k for k in self.keys if k.endswith("'s " + relation)]
                who = None if len(told) == 1 else before(m.start())
                if len(told) == 1:
                    return f" p{self.index(told[0])} "
            if who is None:
                raise LookupError
            key = who + "'s " + relation
            return f" p{self.index(key)} "

        try:
            # "his sister Darcy", "Zhang's brother Jung": the name is the person
            out = re.sub(
                rf"\b(?:p\d+|[Hh]is|[Hh]er|[Tt]heir)\s?(?:'s)?\s(?:{_RELATIVES})\s+(p\d+)\b", r" \1 ", out
            )
            out = re.sub(rf"\b(p\d+|[Hh]is|[Hh]er|[Tt]heir)\s?(?:'s)?\s({_RELATIVES})\b", rel, out)
        except LookupError:
            return None
        while True:
            m = re.search(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er)\b", out)
            if m is None:
                break
            who = before(m.start())
            if who is None:
                return None
            out = out[: m.start()] + f" p{self.index(who)} " + out[m.end() :]
        first = re.search(r"\bp(\d+)\b", out)
        if first is not None:
            self.last = self.keys[int(first.group(1))]
        return re.sub(r"(p\d+)\s+'", r"\1'", re.sub(r"\s+", " ", out)).strip()

    def _role(self, role: str) -> str:
        # "A father is 4 times as old as his son. ... How old is the son?": the son already told of
        told = [k for k in self.keys if k.endswith("'s " + role.lower())]
        if len(told) == 1 and "the " + role.lower() not in self.keys:
            return f" p{self.index(told[0])} "
        return f" p{self.index('the ' + role.lower())} "

    def _name(self, name: str) -> str:
        words = name.split()
        if words[0] in _NOT_NAMES:
            if len(words) == 1 or words[1] in _NOT_NAMES:
                return name
            return words[0] + " " + self._name(words[1])
        return f" p{self.index(name)} "


# age words as the grammar's phrases ("4 years older than" -> "4 more than")
_REWRITES = [
    (r"\bp(\d+)\s?(?:'s|')?\s(?:present\s|current\s)?ages?(?:\snow)?\b", r"p\1"),
    (r"\bthe\s(?:present\s|current\s)?ages\sof\s(p\d+(?:,\sp\d+)*,?\sand\sp\d+)", r"\1"),
    (r"\bthe\s(?:present\s|current\s)?age\sof\sp(\d+)\b", r"p\1"),
    (r"\b(\d+)\syears?\sold(?=er\b)", r"\1 years old"),
    (r"\b(\d+)\syears?\solder\sthan\b", r"\1 more than"),
    (r"\b(\d+)\syears?\s(?:younger|less)\sthan\b", r"\1 less than"),
    (r"\b(\d+)\syears?\smore\sthan\b", r"\1 more than"),
    (r"\bolder\sthan\s(p\d+)\sby\s(\d+)\syears?\b", r"\2 more than \1"),
    (r"\byounger\sthan\s(p\d+)\sby\s(\d+)\syears?\b", r"\2 less than \1"),
    (r"\b(\d+|twice|thrice)\s(?:times\s)?as\sold\sas\b", r"\1 times"),
    (r"\bhalf\sas\sold\sas\b", "half of"),
    (r"\b(\d+)\stimes\solder\sthan\b", r"\1 times"),
    (r"\b(\d+)\stimes\syounger\sthan\b", r"1/\1 of"),
    (r"\b(\d+)\syears?(?:\sold)?\b", r"\1"),
    (r"\btwice\stimes\b", "twice"),
    (r"\bthrice\stimes\b", "thrice"),
    (r"\bthe\s(\d+)\stimes\sof\b", r"\1 times"),
]


def _rewrite(clause: str) -> str:
    c = clause.lower()
    for pat, rep in _REWRITES:
        c = re.sub(pat, rep, c)
    return re.sub(r"\s+", " ", c).strip(" ,.")


def read_ages(text: str) -> Solution | None:
    """The age a story asks for; None when it is not an age puzzle read whole."""
    s = normalise(text)
    if not re.search(r"\b(?:old|older|younger|age|ages)\b", s) or len(s) > 500:
        return None
    if re.search(r"\b(?:months?|weeks?|days?|born|percent|average|dollars?|cents?|birthday)\b|%", s, re.I):
        return None
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    sp = sympy_module()
    people = _People()
    eqs: list = []
    texts: list[str] = []
    q_text = ss[-1].text
    cond = ""
    if re.search(r"\bwhen\b", q_text, re.I):
        return None  # "how old will A be when B is twice as old": a moment the reader does not place
    m = re.match(r"^(?:if|given\sthat)\s(.+?),\s(.+)$", q_text, re.I)
    if m:
        cond, q_text = m.group(1), m.group(2)
    m = re.match(r"^(.+?),?\s(?:if|given\sthat)\s(.+?)[?.]?$", q_text, re.I)
    if m:
        q_text, cond = m.group(1) + "?", (cond + " and " if cond else "") + m.group(2)
    clauses = []
    for x in ss[:-1]:
        clauses += _clauses(x.text.rstrip("."))
    if cond:
        clauses += _clauses(cond)
    tenses: set = set()
    for c in clauses:
        got = _clause(c, people, tenses)
        if got is None:
            return None
        eqs.append(got)
        texts.append(c)
    asked = _question(q_text, people, tenses)
    if asked is None or not eqs:
        return None
    if any(t != "is" for t in tenses) and len(tenses) > 1:
        return None  # "In 3 years he will be 39. How old will Milford be?": which moment is not said
    expr, says = asked
    ages = [sp.Symbol(f"p{i}") for i in range(len(people.keys))]
    if not _all_bear(eqs, expr):
        return None
    try:
        sols = sp.solve(eqs, ages, dict=True)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if len(sols) != 1:
        return None
    value = exact_number(expr.subs(sols[0]))
    if not value.is_Integer or value <= 0:
        return None
    if any(v.is_number and (v <= 0 or not v.is_Rational) for v in sols[0].values()):
        return None
    names = [(f"p_{{{i}}}", f"{k}'s age now") for i, k in enumerate(people.keys)]
    shown = [sp.Eq(e.lhs, e.rhs, evaluate=False) for e in eqs]
    sym_names = {sp.Symbol(f"p{i}"): f"p_{{{i}}}" for i in range(len(people.keys))}
    sol = equations_solution(shown, names, value, "years", says)
    tex = [sp.latex(e, symbol_names=sym_names) for e in shown]
    sol.steps[0] = sol.steps[0].split(":\n\n")[0] + ":\n\n$$" + r" \\ ".join(tex) + "$$"
    sol.problem_latex = r" \\ ".join(tex)
    sol.equations = tex  # type: ignore[attr-defined]
    return sol


_VERBISH = re.compile(
    r"\b(?:is|was|are|were|will|shall|would|has|had|have|owns|turns|becomes?|sold|sells|bought|buys|caught|made|"
    r"makes|drew|draws|wrote|writes|won|wins|got|gets|found|finds|read|reads|picks|collects|[a-z]+ed)\b"
)


def _clauses(sentence: str) -> list[str]:
    """A sentence's clauses: "A is 5, and B is 3 years older than A" -> two."""
    parts = re.split(
        r",?\s(?:and|while|but|whereas)\s(?=(?:[A-Z]|he\b|she\b|his\b|her\b|the\b))|;\s", sentence
    )
    out: list[str] = []
    for p in (p.strip(" ,") for p in parts):
        if out and not _VERBISH.search(out[-1]):
            out[-1] += (
                " and " + p
            )  # "Uma, Vic and Wes have 90", "the ages of Ana and Jack": no verb, no clause
        elif p:
            out.append(p)
    return out


_COPULA = r"(?:is|was|will\sbe|would\sbe|shall\sbe|equals|is\sequal\sto|becomes|turns|turned|will\sturn)"
_COPULA_SPACED = re.compile(rf"\s{_COPULA}\s")


def _tense(text: str, shift: int, tenses: set) -> None:
    """Notes the tense of a clause told with no moment of its own ("will be" with no "in 3 years")."""
    if shift:
        return
    low = text.lower()
    if re.search(r"\b(?:will|shall|would|becomes?|turns?)\b", low):
        tenses.add("will")
    elif re.search(r"\b(?:was|were|turned|had)\b", low):
        tenses.add("was")
    else:
        tenses.add("is")


def _clause(clause: str, people: _People, tenses: set):
    """The one equation a clause states, in the people's ages now; None when it is not read."""
    sp = sympy_module()
    c = clause.strip()
    shift = 0
    m = _SHIFT_FRONT.match(c.lower())
    if m:
        shift, c = _shift_of(m), c[m.end() :]
    else:
        m = _SHIFT_BACK.search(c.lower())
        if m:
            shift, c = _shift_of(m), c[: m.start()]
            if re.search(r"\s(?:was|is|were|will\sbe|had\sbeen)$", c):
                return None  # "twice as old as his brother was 2 years ago": the time is the brother's alone
    c = re.sub(r"^(?:at\spresent|currently|now|right\snow|today),?\s", "", c, flags=re.I)
    if not shift:  # "Rahim is 6 now"; in a clause told "in 20 years", "as Loui today" names today's age
        c = re.sub(r",?\s(?:now|currently|right\snow|at\spresent|today)$", "", c, flags=re.I)
    # "Lennon is currently 8": today's age, as "is" says (a clause-final "as old as he is now" stays)
    c = re.sub(r"\b(is|was)\s(?:currently|now|right\snow|at\spresent)\s(?=\S)", r"\1 ", c, flags=re.I)
    _tense(re.sub(r"\s(?:is|was)\snow\b", "", c), shift, tenses)
    marked = people.mark(c)
    if marked is None:
        return None
    r = _rewrite(marked)
    # "as old as he is now": that age is today's, whatever the clause's time
    r = re.sub(r"\b(p\d+)\s(?:is\s|was\s)?(?:now|today|currently|at\spresent|right\snow)$", r"\1 now", r)
    r = re.sub(r"\b(p\d+)\s(?:is|was)$", r"\1 now", r)
    r = re.sub(r"\b(p\d+)\sis\snow\b", r"\1 now", r)
    sum_m = re.fullmatch(
        r"(?:the\s)?sum\sof\s(?:their|the)\s(?:present\s)?ages\s(?:is|was|will\sbe|equals)\s(\d+)", r
    )
    if sum_m:
        if len(people.keys) != 2:
            return None
        total = sum(sp.Symbol(f"p{i}") + shift for i in range(2))
        return sp.Eq(total, sp.Integer(sum_m.group(1)), evaluate=False)
    atoms = []
    for i in range(len(people.keys)):
        p = sp.Symbol(f"p{i}")
        atoms.append((rf"p{i}\snow", p))
        atoms.append((rf"p{i}", p + shift))
    return one_equation(r, Lexicon(atoms), _COPULA_SPACED)


_ASK_AGE = re.compile(
    r"^(?:how\sold\s(?:is|was|will)|how\smany\syears\sold\s(?:is|was|will)|what\s(?:is|was|will\sbe)|"
    r"find|determine|calculate|compute)\s(?P<who>.+?)(?:\sbe)?(?:\s(?P<when>now|currently|right\snow|today|at\spresent))?$"
)


def _question(q: str, people: _People, tenses: set):
    """The asked age (an expression in the ages now) and what it is, or None."""
    sp = sympy_module()
    q = q.strip().rstrip("?.").strip()
    shift = 0
    m = _SHIFT_BACK.search(q.lower())
    if m:
        shift, q = _shift_of(m), q[: m.start()]
    _tense(q, shift, tenses)
    marked = people.mark(q)
    if marked is None:
        return None
    r = re.sub(r"\s+", " ", marked.lower()).strip()
    m = re.fullmatch(r"how\smuch\solder\sis\sp(\d+)\sthan\sp(\d+)(?:\snow|\sright\snow|\scurrently)?", r)
    if m and not shift:
        a, b = sp.Symbol(f"p{m.group(1)}"), sp.Symbol(f"p{m.group(2)}")
        return a - b, "how much older, in years"
    m = _ASK_AGE.fullmatch(r)
    if m is None:
        return None
    who = re.fullmatch(
        r"(?:the\s(?:present\s|current\s)?age\sof\s)?p(\d+)(?:'s|')?(?:\s(?:present\s|current\s)?age)?",
        m.group("who"),
    )
    if who is None or int(who.group(1)) >= len(people.keys):
        return None
    if m.group("when") and shift:
        return None
    i = int(who.group(1))
    return sp.Symbol(f"p{i}") + shift, f"{people.keys[i]}'s age" + (f" in {shift} years" if shift > 0 else "")


def _all_bear(eqs, expr) -> bool:
    """Every equation is tied (through shared unknowns) to the asked expression."""
    used = set(expr.free_symbols)
    left = [e.free_symbols for e in eqs]
    grew = True
    while grew:
        grew = False
        for fs in left:
            if fs & used and not fs <= used:
                used |= fs
                grew = True
    return all(fs <= used for fs in left)
