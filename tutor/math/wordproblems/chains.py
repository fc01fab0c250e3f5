"""A general multi-step reader of GSM8K-style word problems: every sentence is read into quantity
statements (:mod:`chain_clauses`: a value, a value relative to another, a change, a rate), each a
SymPy equation over named unknowns; the question names the unknown to report
(:mod:`chain_questions`); SymPy solves the system.

It answers only when every sentence was read, every number of the story enters the answer (the
answer is solved with the story's numbers kept as symbols, so a number it does not depend on is a
distractor the reader did not understand: refuse), and the system gives one value for the asked
quantity. The equations are shown first, one per statement, in the story's order.
"""

from __future__ import annotations

import copy
import re

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.chain_clauses import Context, read_clause
from tutor.math.wordproblems.chain_questions import IMPERATIVE, Asked, read_question
from tutor.math.wordproblems.chain_story import Story, Unread, story_names
from tutor.math.wordproblems.chain_words import verb_of
from tutor.math.wordproblems.questions import question_parts
from tutor.math.wordproblems.reading import normalise, numbers_in, sentences, singular
from tutor.math.wordproblems.schema_solution import shown_value
from tutor.math.wordproblems.vocabulary import (
    GAIN,
    GERUNDS,
    LOSE,
    MONEY_CAME_BACK,
    QUANTITY_WORDS,
    SELL,
    untold_change,
)

__all__ = ["read_chain", "read_story"]

KIND = "word_problem"
_GATE = re.compile(r"\bhow\s(?:many|much|old|long|far)\b|\btotal\s(?:number|amount)\sof\b", re.I)
# where a sentence may divide into clauses: ", and", " and ", ", then", "; " ...
_JOINS = re.compile(
    r",\s(?:and\sthen\s|and\s|but\s|then\s|so\s|while\s|whereas\s)?|\s(?:and\sthen|and|but|then|while|whereas)\s|;\s"
)
_MAX_ATOMS = 8
# an amount for each of several: one clause to a sentence, else which amounts does "each" take?
_EACH_OF = re.compile(r"\beach\sof\s(?:his|her|their|the|its|my|our)\s\d")
# things counted one by one: their count is a whole number
_MEASURES = {"dollar", "cent", "hour", "minute", "second", "mile", "meter", "foot", "inch", "pound", "kilogram",
             "gram", "liter", "gallon", "cup", "ounce", "kilometer", "centimeter", "yard", "day", "week", "year",
             "month", "page"}  # fmt: skip


def read_chain(text: str) -> Solution | None:
    """The worked solution of a multi-step story, or None (not read, or not settled)."""
    if len(text) > 2000 or not _GATE.search(text):
        return None
    if MONEY_CAME_BACK.search(normalise(text).split("?")[0].rsplit(".", 1)[0]):
        return None  # change or a refund ("got back 8 dollars") is not money earned, and not told from what
    try:
        story, asked = read_story(text)
    except Unread:
        return None
    return _solve(story, asked)


def read_story(text: str, unread: list | None = None) -> tuple[Story, Asked]:
    """Every sentence read into `story` and the question into what it asks; :class:`Unread`
    names what could not be read. With an `unread` list (a developer's survey, never to answer)
    a story sentence that cannot be read is listed there and passed over."""
    ss = sentences(normalise(text))
    if ss and not any(s.question for s in ss) and IMPERATIVE.search(ss[-1].text.split(", ")[-1]):
        ss[-1].question = True  # "Calculate the total number of apples they picked."
    if not ss or sum(s.question for s in ss) != 1 or not ss[-1].question:
        raise Unread("one question, at the end")
    if len(ss) == 1 and not question_parts(ss[0].text)[0]:
        raise Unread("a question with no story")  # "If Stu has 9 books and ..., how many ...?" has one
    story, ctx = Story(), Context()
    story.dozens = bool(re.search(r"\bdozens?\b", text, re.I))
    every_name, prior = story_names(text), ""
    for sent in ss:
        story.sentence, story.consumed = sent.index, []
        story.names = _named_in(every_name, prior)  # who a pronoun may name: those named before it
        story.all_names = every_name
        prior += " " + sent.text
        body = sent.text
        if sent.question:
            body, ask = question_parts(sent.text)
            early = re.match(
                r"^(?:if|after|when)\s(.+?),\s((?:calculate|find|determine|compute|work\sout)\b.*)$",
                ask,
                re.I,
            )
            if early and not body:  # "If ..., calculate the total number of ..."
                body, ask = early.group(1), early.group(2)
            late = re.match(r"^(?P<ask>(?:how|what)\b.+?),?\sif\s(?P<cond>[^,]+)\?$", ask, re.I)
            if late and not body:  # "How many ... if she has 5 left?": the condition first
                body, ask = late.group("cond"), late.group("ask") + "?"
        try:
            if body and not sent.question and _says_nothing(body):
                story.skipped.append(body)
            elif body:
                story = _read_sentence(story, body, ctx)
            if sorted(numbers_in(sent.text)) != sorted(story.consumed) and not sent.question:
                raise Unread(f'the numbers of "{sent.text}"')
        except Unread as e:
            if unread is None or sent.question:
                raise
            unread.append(str(e))
            continue
        if sent.question:
            asked = read_question(story, _how_far(ask, text))
        if sorted(numbers_in(sent.text)) != sorted(story.consumed):
            raise Unread(f'the numbers of "{sent.text}"')
    _skipped_say_nothing(story, asked)
    _tense_agrees(ss, ask)
    if untold_change(
        [x.text for x in ss if not x.question] + ([body] if body else []), ask, text, parts_read=True
    ):
        raise Unread("a change the story does not count")  # "He ate a few.", "the birds flew away"
    return story, asked


# what is meant, hoped or possible has not happened: "He wants to buy 4 more apples" changes what he
# will have, not what he has; "was going to" did not happen at all
_INTENT = re.compile(
    r"\b(?:wants?|wanted|needs?|needed|plans?|planned|planning|hopes?|hoped|hoping|going|would\slike|wish(?:es|ed)?"
    r"|intends?|intended|aims?|tries|tried|trying|expects?|expected)\sto\b|\b(?:could|can|might|would|may)\s(?!not\b)[a-z]+",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|would|'ll|shall|need|needs|must|should|can|could|going\sto|ha(?:ve|s)\sto|want|wants|plan|plans"
    r"|cost|costs|spend|pay|take|short|more)\b",
    re.I,
)


def _tense_agrees(ss, ask: str) -> None:
    """A story of intentions or possibilities answers a question about what will or would be (or
    what it needs or costs), never one about what is or was: refused rather than guessed."""
    told = " ".join(s.text for s in ss[:-1]) + " " + question_parts(ss[-1].text)[0]
    if re.search(r"\bwas\sgoing\sto\b|\bwere\sgoing\sto\b", told, re.I):
        raise Unread("what was going to happen (did it?)")
    if _INTENT.search(told) and not _FUTURE.search(ask):
        raise Unread(f'"{ask}" asks what is, of a story of what is meant to be')


# the distances a story may measure in: "how far" asks in the one the story uses
_DISTANCES = {"mile": r"miles?|mph", "kilometer": r"kilometers?|kilometres?|km|kph", "meter": r"meters?|metres?",
              "foot": r"feet|foot", "yard": r"yards?"}  # fmt: skip


def _how_far(ask: str, text: str) -> str:
    """ "How far does he drive?" as "how many miles does he drive?" when miles are the story's one
    unit of distance; another question unchanged."""
    m = re.match(r"^how\sfar\s(?P<rest>.+)$", ask, re.I)
    if not m:
        return ask
    units = [u for u, rx in _DISTANCES.items() if re.search(rf"\b(?:{rx})\b", text, re.I)]
    if len(units) != 1:
        raise Unread(f'"{ask}": in which unit?')
    plural = "feet" if units[0] == "foot" else units[0] + "s"
    return f"how many {plural} {m.group('rest')}"


def _named_in(names: set, text: str) -> set:
    return names & set(re.findall(r"\b[A-Z][a-z]+\b", text)) if names else set()


def _skipped_say_nothing(story: Story, asked: Asked) -> None:
    """A piece passed over (no number, no amount word, no verb that changes an amount) must not
    name what is asked either: "Tom has a dog" is not a story's background when dogs are counted."""
    words = set(asked.item.split()) - {"of"}
    if asked.item == "dollar":
        words |= {
            "money",
            "dollar",
            "cost",
            "price",
            "pay",
            "spend",
            "earn",
            "save",
            "afford",
            "worth",
            "cent",
        }
    for text in story.skipped:
        said = {singular(w) for w in re.findall(r"[a-z]+", text.lower())}
        if said & words:
            raise Unread(text)


def _says_nothing(text: str) -> bool:
    """A piece of a story with no amount in it: no number, no amount word ("some", "each",
    "all", "half", ...), no verb that gives, takes or changes how many."""
    if re.search(r"\b(?:sum|difference|product|average|total|ages?|twice|double|triple|half)\b", text, re.I):
        return False  # "The sum of the current ages of Carla (and Louis is 55)": a relation, not background
    if len(text.split()) < 3:
        return False  # "Dawn" of "Dawn, Lydia, and Donna have ...": a piece of a clause, not a clause
    if QUANTITY_WORDS.search(text) or re.search(r"\b(?:them|it|those|these|any|none|most|no)\b", text, re.I):
        return False  # "He trades them for a kite" acts on what is counted
    for w in re.findall(r"[A-Za-z]+", text):
        lw = w.lower()
        v = verb_of(lw)
        if (v and v[1] in ("gain", "lose")) or lw in GAIN or lw in LOSE or lw in SELL or lw in GERUNDS:
            return False
    return True


def _read_sentence(story: Story, text: str, ctx: Context) -> Story:
    """The clauses of one sentence, each the longest run of pieces that reads as one."""
    text = text.strip().rstrip(".!")
    cuts = [0]
    for m in _JOINS.finditer(text):
        cuts += [m.start(), m.end()]
    cuts.append(len(text))
    atoms = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    if len(atoms) > _MAX_ATOMS:
        raise Unread(text)
    i, clauses = 0, 0
    while i < len(atoms):
        named = story.names | _named_in(story.all_names, text[: atoms[i][0]])  # before this clause
        for j in range(len(atoms) - 1, i - 1, -1):
            trial, tctx = copy.deepcopy(story), copy.copy(ctx)
            trial.names = named
            try:
                read_clause(trial, text[atoms[i][0] : atoms[j][1]], tctx)
            except Unread:
                continue
            story, i, clauses = trial, j + 1, clauses + 1
            ctx.owner, ctx.verb = tctx.owner, tctx.verb
            break
        else:
            piece = text[atoms[i][0] : atoms[i][1]]
            if not _says_nothing(piece):
                raise Unread(piece)
            story.skipped.append(piece)
            i += 1
    if clauses > 1 and _EACH_OF.search(text):
        raise Unread(text)  # "gave 3 apples and 2 pears to each of her 4 cousins": to each, both?
    return story


def _solve(story: Story, asked: Asked) -> Solution | None:
    sp = sympy_module()
    eqs = [e for e, _ in story.equations]
    unknowns = list(story.labels)
    expr = asked.expr
    if eqs:
        try:
            sols = sp.solve(eqs, unknowns, dict=True)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if len(sols) != 1 or _impossible_count(story, sols[0]):
            return None
        expr = expr.subs(sols[0])
    expr = sp.simplify(expr)
    numbers = set(story.values)
    if expr.free_symbols - numbers or numbers - expr.free_symbols:
        return None  # not settled, or a number of the story does not enter the answer
    value = exact_number(expr.subs(story.values))
    if not value.is_Rational or value < 0:
        return None
    if asked.item.split()[-1] not in _MEASURES and not value.is_Integer:
        return None  # 2.5 people: the story was not read as written
    return _solution(story, asked, value)


_COUNTED = re.compile(
    r"^(?:.+?'s?\s|the\s|some\s|what\s.+?\sdid:\s[a-z]+\s)(?P<item>[a-z][a-z ]*?)(?:\safter\sthat)?$"
)


def _impossible_count(story: Story, solved: dict) -> bool:
    """Whether the system gives a count of things held or done that is not a whole number, or is
    negative ("Barbeck has 5 times as many guitars as Steve, Davey 6 times as many as Barbeck; 54
    in all": Steve has 1.5 guitars): the story's numbers do not fit it, even when the asked count
    comes out whole (Davey's 45)."""
    for u, v in solved.items():
        m = _COUNTED.match(story.labels.get(u, ""))
        if m is None:
            continue
        head = m.group("item").split(" of ")[0].split()[-1]
        if head in _MEASURES or head in ("dollar", "cent", "money"):
            continue
        value = v.subs(story.values)
        if not value.free_symbols and (not value.is_integer or value < 0):
            return True
    return False


def _solution(story: Story, asked: Asked, value) -> Solution:
    sp = sympy_module()
    used = set()
    for e, _ in story.equations:
        used |= e.free_symbols
    used |= asked.expr.free_symbols
    names: dict = {}
    for u in story.labels:
        if u in used:
            names[u] = sp.Symbol(f"x_{{{len(names) + 1}}}")
    shown = {
        **{u: sp.latex(n) for u, n in names.items()},
        **{k: sp.latex(v) for k, v in story.values.items()},
    }

    def tex(e) -> str:
        return sp.latex(e, symbol_names=shown)

    eq_lines = [tex(e) for e, _ in story.equations]
    eq_lines.append(f"\\text{{answer}} = {tex(asked.expr)}")
    key = "; ".join(f"${sp.latex(n)}$ = {story.labels[u]}" for u, n in names.items())
    head = "The equations the story gives, one per statement" + (f" ({key})" if key else "")
    steps = [
        head + ":\n\n$$" + r"\\ ".join(eq_lines) + "$$",
        f"Solving them with SymPy: answer $= {sp.latex(value)}$.",
    ]
    unit = _unit(asked.item, value)
    steps.append(f"So the answer is **{shown_value(value, unit)} {unit}**.")
    sol = Solution(KIND, tex(asked.expr), steps, sp.latex(value), value)
    sol.unit = unit  # type: ignore[attr-defined]
    sol.equations = eq_lines  # type: ignore[attr-defined]
    return sol


# things counted by the amount, not one by one: "cups of water", not "cups of waters"
_MASS = {"water", "juice", "milk", "paint", "flour", "sugar", "rice", "sand", "gas", "oil", "bread", "paper", "cheese",
         "fabric", "wool", "candy", "gum", "food", "soda", "coffee", "tea", "soup", "meat", "beef", "chicken", "fruit",
         "money", "ice cream", "yoghurt", "yogurt", "chocolate", "butter", "salt", "dough", "wood", "ribbon", "rope",
         "string", "tape", "wire", "cloth", "dirt", "soil", "fiber", "feed",
         "corn", "popcorn", "lemonade", "cereal"}  # fmt: skip


def _plural(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _unit(item: str, value) -> str:
    """What the answer counts, in words: "3 apples", "2 bags of chips", "4 cups of water"."""
    if value == 1:
        return item
    head, _, rest = item.partition(" of ")
    if rest and rest not in _MASS and rest.split()[-1] not in _MASS:
        words = rest.split()
        rest = " ".join([*words[:-1], _plural(words[-1])])
    return _plural(head) + (f" of {rest}" if rest else "")
