"""From an everyday word problem to a worked :class:`Solution`: read every sentence into the
world (refusing, with the sentence named, when a sentence or a number is not accounted for),
write the equations it built as the first step, solve them with SymPy, answer with the unit."""

from __future__ import annotations

import re

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution, Unsupported
from tutor.math.wordproblems.phrasings import QUANTITY_WORDS, clauses, read_clause
from tutor.math.wordproblems.questions import question_parts as _question_parts
from tutor.math.wordproblems.questions import read_question
from tutor.math.wordproblems.reading import drop_asides, glued_numbers, normalise, numbers_in, sentences
from tutor.math.wordproblems.retelling import set_front_door
from tutor.math.wordproblems.schema_solution import KIND, shown_value
from tutor.math.wordproblems.schema_solution import schema_solution as _schema_solution
from tutor.math.wordproblems.schema_solution import unit_words as _unit
from tutor.math.wordproblems.structures import World
from tutor.math.wordproblems.vocabulary import MONEY_CAME_BACK, untold_change

__all__ = ["try_word_problem", "looks_like_word_problem", "WordProblemRefusal"]

_ASKS = re.compile(
    r"\b(?:how\s+many|how\s+much|how\s+(?:big|large)\s+is\s+each|what\s+(?:amount|sum)\s+of\s+money|what\s+is\s+the\s+(?:total\s+)?number\s+of|what(?:\s+is|\s+was|'s)\s+the\s+difference\s+(?:between|of))\b",
    re.I,
)


# verbs that tally what was done (pages read, points scored, miles run), not things got
_TALLIES = {"read", "scored", "score", "scores", "ran", "run", "walked", "swam", "drew", "painted", "wrote"}


class WordProblemRefusal(Unsupported):
    """A story problem the reader could not account for; the reason names the sentence."""

    def __reduce__(self):
        return (WordProblemRefusal, (self.reason,))


def looks_like_word_problem(text: str) -> bool:
    """A story with a "how many / how much" question and at least one sentence before it."""
    s = normalise(text)
    ss = sentences(s)
    if not any(x.question and _ASKS.search(x.text) for x in ss) or len(s.split()) < 8:
        return False
    return len(ss) >= 2 or bool(_question_parts(ss[-1].text)[0])


def try_word_problem(text: str) -> Solution | None:
    """The worked solution of an everyday word problem; None when `text` is not one; raises
    :class:`WordProblemRefusal` naming what was not accounted for."""
    from tutor.math.wordproblems.precision_gates import guessed_reading

    why = guessed_reading(text)
    if why is not None:
        raise WordProblemRefusal(why)
    from tutor.math.wordproblems.front_inert import lone_amounts

    lone = lone_amounts(text)
    if lone:
        # a sentence of its own about things named nowhere else ("She also has 6 kites."): a reader
        # using its number guesses that they count, leaving it out guesses that they do not
        raise WordProblemRefusal(
            f"The story says {lone[0]}, but nothing else in it is about them; I won't guess whether"
            " they count in the answer."
        )
    try:
        sol = _read_story(text)
    except WordProblemRefusal as refusal:
        if "two ways" in refusal.reason or "contradict" in refusal.reason:
            raise
        sol = _without_inert(text)
        if sol is None:
            raise
        return sol
    return sol if sol is not None else _without_inert(text)


def _without_inert(text: str) -> Solution | None:
    """The story read without what provably cannot change its answer (a number held of another
    thing than the one asked, a numberless scene sentence), the parts left out said under the
    equations; None when nothing can be left out or the rest is not read either."""
    from tutor.math.wordproblems.front_inert import without_inert
    from tutor.math.wordproblems.precision_gates import guessed_reading

    reduced = without_inert(text)
    if reduced is None or guessed_reading(reduced[0]) is not None:
        return None
    try:
        sol = _read_story(reduced[0])
    except WordProblemRefusal:
        return None
    if sol is None:
        return None
    sol.steps[1:1] = reduced[1]
    return sol


def _read_story(text: str) -> Solution | None:
    from tutor.math.wordproblems.readers import read_with_readers

    if not looks_like_word_problem(text):
        return read_with_readers(text)  # each of those readers has its own gate ("what is the ratio")
    try:
        return _unless_a_reader_disagrees(text, _read_table(text))
    except WordProblemRefusal:
        from tutor.math.wordproblems.schemas import read_schemas

        try:
            ans = read_schemas(text)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, ZeroDivisionError):
            ans = None  # a fault of the looser reader keeps the table's refusal (it names the sentence)
        if ans is not None:
            return _unless_a_reader_disagrees(text, _schema_solution(ans))
        sol = read_with_readers(text)
        if sol is None:
            raise
        return sol


def _unless_a_reader_disagrees(text: str, sol: Solution) -> Solution:
    """`sol`, unless one of the other readers reads the story to another number: two readings
    that give different numbers are a guess ("Tom and Mary each bought 3 apples for $2 each": 6
    by the schema reader, 12 by the chain reader), so the story is refused."""
    from tutor.math.wordproblems.readers import other_readings

    for other in other_readings(text):
        if str(other.answer) != str(sol.answer):
            raise WordProblemRefusal(
                f"The story reads two ways, giving {sol.answer} and {other.answer}; I won't guess which is meant."
            )
    return sol


def _read_table(text: str) -> Solution:
    sp = sympy_module()
    world = World()
    if glued_numbers(normalise(text)):
        raise WordProblemRefusal(
            "A number is written together with its unit (like 35oz); I won't read the story without it."
        )
    ss = sentences(drop_asides(normalise(text)))
    questions = [x for x in ss if x.question]
    if len(questions) != 1 or not ss[-1].question:
        raise WordProblemRefusal("I can read a story problem with exactly one question, at its end.")
    for sent in ss:
        statement = sent.text
        if sent.question:
            statement, _ = _question_parts(sent.text)
            if not statement:
                continue
        if MONEY_CAME_BACK.search(statement):
            raise WordProblemRefusal(
                "Money given back (change, a refund) is not money earned, and the story does not say"
                f' what was bought and paid: "{sent.text}"'
            )
        world.sentence = sent.text
        for clause in clauses(statement):
            if read_clause(world, clause, sent.text):
                continue
            if QUANTITY_WORDS.search(clause) or untold_change([clause], "", text):
                # a clause that moves things without a number ("and found them again") is not skipped
                raise WordProblemRefusal(f'I could not read this sentence of the story: "{sent.text}"')
    _, question = _question_parts(questions[0].text)
    world.sentence = questions[0].text
    asked = read_question(world, question)
    if asked is None:
        raise WordProblemRefusal(f'I could not read the question: "{questions[0].text}"')
    if re.search(r"\b(?:left|remain\w*)\b", question, re.I) and any(e.verb in _TALLIES for e in world.events):
        # "has 300 pages; she read 30 on Monday ... how many are left": what is read is done, not had
        raise WordProblemRefusal(f'I could not read the question: "{questions[0].text}"')
    if sorted(numbers_in(question)) != sorted(asked.consumed):
        raise WordProblemRefusal(f'I could not read the numbers in the question: "{questions[0].text}"')
    _every_number_used(world, asked.expr)
    eqs = [e.subs(world.values) for e, _ in world.equations]
    unknowns = [u for u, _ in world.unknowns]
    value = asked.expr.subs(world.values)
    if eqs:
        if any(e is sp.false for e in eqs):
            raise WordProblemRefusal("The story's numbers contradict each other.")
        eqs = [e for e in eqs if e is not sp.true]
        sols = sp.solve(eqs, unknowns, dict=True) if eqs else [{}]
        if len(sols) != 1:
            raise WordProblemRefusal("The story's numbers do not settle the answer (no single solution).")
        value = exact_number(value.subs(sols[0]))
    assumed = [(u, why) for u, why in world.defaults if u in value.free_symbols]
    if assumed:
        value = value.subs({u: 0 for u, _ in assumed})
        world.assumptions = [why for _, why in assumed]  # type: ignore[attr-defined]
        world.assumed = {u for u, _ in assumed}  # type: ignore[attr-defined]
    if value.free_symbols or not value.is_Rational:
        raise WordProblemRefusal("The story does not give enough to settle the answer.")
    if value < 0 or (asked.item.head not in _MEASURES and not value.is_Integer):
        raise WordProblemRefusal("The numbers I read give an impossible count, so I won't answer.")
    for held in list(world.state.values()):  # "20 fewer than Omar's 12": a holding below zero on the way
        v = held.subs(world.values).subs(sols[0]) if eqs else held.subs(world.values)
        if getattr(v, "is_negative", False):
            raise WordProblemRefusal("The numbers I read give an impossible count, so I won't answer.")
    return _solution(world, asked, value)


def _every_number_used(world: World, expr) -> None:
    """Refuse when a number the story states does not enter the answer (through the asked
    expression or an equation tied to it): a number read but not used means the story was not
    understood the way it was written."""
    used = set(expr.free_symbols)
    eqs = [e.free_symbols for e, _ in world.equations]
    grew = True
    while grew:
        grew = False
        for fs in eqs:
            if fs & used and not fs <= used:
                used |= fs
                grew = True
    for sym in world.values:
        if sym not in used:
            raise WordProblemRefusal(
                f'I read {world.values[sym]} in "{world.where[sym]}" but it does not enter the answer, '
                "so I may have misread the story."
            )


_MEASURES = {
    "dollar",
    "cent",
    "hour",
    "minute",
    "second",
    "mile",
    "meter",
    "foot",
    "feet",
    "inch",
    "pound",
    "kilogram",
    "gram",
    "liter",
    "gallon",
    "cup",
    "ounce",
    "kilometer",
    "centimeter",
    "yard",
    "day",
    "week",
    "year",
}


def _name(sym, world: World) -> str:
    for u, label in world.unknowns:
        if u == sym:
            return label
    return str(sym)


def _solution(world: World, asked, value) -> Solution:
    sp = sympy_module()
    names = {u: sp.Symbol(f"x_{{{i}}}") for i, (u, _) in enumerate(world.unknowns, 1)}
    used = set()
    for e, _ in world.equations:
        used |= e.free_symbols
    used |= asked.expr.free_symbols
    zero = set(getattr(world, "assumed", set()))
    lines = []
    for u, label in world.unknowns:
        if u in used and u not in zero:
            lines.append(f"${sp.latex(names[u])}$ = {label}")
    shown = {
        **{u: sp.latex(n) for u, n in names.items()},
        **{u: "0" for u in zero},  # a first amount taken as none (said in the next step)
        **{k: sp.latex(v) for k, v in world.values.items()},
    }

    def tex(e) -> str:
        return sp.latex(e, symbol_names=shown)

    eq_tex = [tex(e) for e, _ in world.equations]
    expr_tex = tex(asked.expr)
    steps = []
    head = "The equations the story gives"
    if lines:
        head += " (" + "; ".join(lines) + ")"
    eq_lines = [*eq_tex, f"\\text{{answer}} = {expr_tex}"]
    steps.append(head + ":\n\n$$" + r"\\ ".join(eq_lines) + "$$")
    for why in getattr(world, "assumptions", []):
        steps.append(f"Taking it that {why} (their first amount is $0$).")
    if world.equations:
        steps.append(f"Solving them with SymPy: answer $= {sp.latex(value)}$.")
    else:
        steps.append(f"$${expr_tex} = {sp.latex(value)}$$")
    unit = _unit(asked.item, value)
    steps.append(f"So the answer ({asked.says}) is **{shown_value(value, unit)} {unit}**.")
    sol = Solution(KIND, expr_tex, steps, sp.latex(value), value)
    sol.unit = unit  # type: ignore[attr-defined]
    sol.equations = eq_lines  # type: ignore[attr-defined]
    return sol


set_front_door(try_word_problem)  # readers that retell a story read it again through retelling.py
