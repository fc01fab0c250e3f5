# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""The schema reader: a second, looser reading of a story problem the phrasing table could not
read whole. Every number the story states becomes a quantity fact (its value, the thing it counts,
who holds it, the verb before it, the cues around it: "more than", "each", "of them", "left"); the
question becomes an unknown (what is counted, whose, which cues). A small set of schemas —
combine, change, compare, rate, equal sharing — each states exactly which facts it needs; the
reader answers only when one schema accounts for EVERY number of the story and the question, and
refuses otherwise (precision first: the caller keeps the table's refusal, which names the sentence).
"""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.wordproblems.additive_parts import group_less_parts
from tutor.math.wordproblems.body_counts import body_counts
from tutor.math.wordproblems.chain_verb_checks import verbs_disagree
from tutor.math.wordproblems.counting import (
    _change,
    _combine,
    _compare,
    _kind,
)
from tutor.math.wordproblems.facts import (
    _HOLD,
    _MULT,
    _PRONOUN,
    _UNREAD,
    Fact,
    Question,
    SchemaAnswer,
    _matches,
    _per_of,
    _resolve_items,
    _show,
    facts_of,
    question_of,
)
from tutor.math.wordproblems.questions import question_parts
from tutor.math.wordproblems.rates import (
    _goal,
    _part_whole,
    _prices,
    _rate,
    _share,
    per_day_over_weeks,
    rest_of_kinds,
)
from tutor.math.wordproblems.reading import drop_asides, glued_numbers, normalise, sentences, singular
from tutor.math.wordproblems.structures import Item
from tutor.math.wordproblems.unknown_change import kinds_then_taken, unknown_change
from tutor.math.wordproblems.vocabulary import GAIN, MONEY_CAME_BACK, untold_change

__all__ = ["Fact", "Question", "facts_of", "question_of", "read_schemas", "SchemaAnswer"]


def _chained(facts: list[Fact], q: Question, story: str) -> list[SchemaAnswer]:
    """Two steps: a count and a rate per one of it become one derived amount ("5 boxes with 12
    pens in each" -> 60 pens, held as the count was), then one schema reads the rest."""
    out: list[SchemaAnswer] = []
    for r in facts:
        per = _per_of(r)
        if per is None or r.item is None or r.cmp or r.more:
            continue
        counts = [
            f
            for f in facts
            if f is not r and f.item is not None and f.item.head == per.head and not _per_of(f)
        ]
        if len(counts) != 1 or abs(facts.index(counts[0]) - facts.index(r)) != 1:
            continue
        c = counts[0]
        first = min(facts.index(c), facts.index(r))
        derived = Fact(
            c.value * r.value, list(r.words), r.item, c.sentence, c.owner, c.verb, c.before, c.after, c.text
        )
        rest = [f for f in facts if f is not r and f is not c]
        rest.insert(first, derived)
        story2 = story.replace(r.text, c.text) if r.text != c.text else story
        story2 = re.sub(r"\b(?:each|every|per|apiece)\b", "", story2)
        for schema in SCHEMAS:
            if schema is _rate or schema is _share:
                continue
            a = schema(rest, q, story2)
            if a is not None:
                step = f"{_show(derived.value)} = {_show(c.value)} \\times {_show(r.value)}"
                out.append(
                    SchemaAnswer(
                        a.schema + " after a rate",
                        a.value,
                        step + r" \\ " + a.equation,
                        a.item,
                        a.says,
                        facts,
                    )
                )
    out += _change_then_rate(facts, q, story)
    out += _rate_of_sum(facts, q, story)
    return out


def _rate_of_sum(facts: list[Fact], q: Question, story: str) -> list[SchemaAnswer]:
    """Two steps: so many per one thing, the things told in parts, the total asked ("6 dollars
    an hour; he worked 6 hours on Monday and 2 hours on Tuesday"): the parts' sum times the rate.
    Only when every other amount counts the rate's "one", each a holding or a gain (no
    comparison, loss or negation told)."""
    rates = [f for f in facts if _per_of(f) is not None]
    if len(rates) != 1 or len(facts) < 3 or q.item is None or q.how:
        return []
    r = rates[0]
    per = _per_of(r)
    counts = [f for f in facts if f is not r]
    if (
        per is None
        or r.item is None
        or not (q.item.head == r.item.head or (q.money and r.item.head == "dollar"))
    ):
        return []
    if any(
        f.item is None or f.item != counts[0].item or f.cmp or f.more or _kind(f) in ("lose", "end")
        for f in counts
    ):
        return []
    if counts[0].item is None or counts[0].item.head != per.head or len({f.sentence for f in counts}) != 1:
        return []  # the parts told in one list ("6 hours on Monday and 2 hours on Tuesday")
    verbs = {f.verb for f in counts if f.verb}
    names = {x for x in [*(f.owner for f in [r, *counts]), q.owner] if x and x.lower() not in _PRONOUN}
    if len(verbs) > 1 or len(names) > 1 or (q.group and names):
        return []  # one holder doing one thing in parts
    if re.search(
        r"\b(?:left|gave|lost|ate|fewer|less|than|times|twice|half|not|n't|but|except|instead|rest|each\sof|share\w*|split|divided)\b|n't",
        story,
        re.I,
    ):
        return []
    total = sum((f.value for f in counts), Fraction(0))
    derived = Fact(
        total, list(counts[0].words), counts[0].item, counts[-1].sentence, counts[0].owner, "has", "", "", ""
    )
    a = _rate([derived, r], q, _rate_clause(r))
    if a is None:
        return []
    step = f"{_show(total)} = " + " + ".join(_show(f.value) for f in counts)
    return [SchemaAnswer("sum, then rate", a.value, step + r" \\ " + a.equation, a.item, a.says, facts)]


def _change_then_rate(facts: list[Fact], q: Question, story: str) -> list[SchemaAnswer]:
    """Two steps: what is left after the changes, then a rate ("bought 63 tickets, spent 14; each
    ride costs 7 tickets: how many rides?")."""
    rates = [f for f in facts if _per_of(f) is not None]
    if len(rates) != 1 or len(facts) < 3:
        return []
    r = rates[0]
    rest = [f for f in facts if f is not r]
    if r.item is None or not all(f.item is not None and f.item.head == r.item.head for f in rest):
        return []
    asked_left = Question("", r.item, False, "", "he have left", "does", None, False)
    story2 = story.replace(r.text, _before_clause(r))
    left = _change(rest, asked_left, story2)
    if left is None or left.value <= 0:
        return []
    derived = Fact(left.value, list(r.words), r.item, rest[-1].sentence, rest[0].owner, "has", "", "", "")
    a = _rate([derived, r], q, _rate_clause(r))
    if a is None:
        return []
    return [
        SchemaAnswer(
            "change, then rate",
            a.value,
            left.equation.replace("x =", f"{_show(left.value)} =", 1) + r" \\ " + a.equation,
            a.item,
            a.says,
            facts,
        )
    ]


def _before_clause(r: Fact) -> str:
    """The rate's sentence up to the clause that states the rate, so a change told in the same
    sentence stays ("She ate 2 pieces then placed the rest into piles with 3 in each pile")."""
    cut = list(re.finditer(r"(?:,\s|\s(?:and|then)\s)", r.before))
    if not cut:
        return ""
    return r.before[: cut[-1].start()].rstrip(" ,") + "."


def _rate_clause(r: Fact) -> str:
    """The clause of the rate's sentence that states the rate (the whole sentence when it is one)."""
    cut = list(re.finditer(r"(?:,\s|\s(?:and|then)\s)", r.before))
    return r.text[cut[-1].end() :] if cut else r.text


def _story_kind_dropped(q: Question, facts: list[Fact], story: str) -> Question:
    """The question's "bars of soap" ("How many bars of soap did she buy?") when the story says "buying soap ... 6 packs with 5
    bars in each": "of soap" names what the whole story is about, not a kind among its facts. Only
    when the words after "of" are in the story and no fact of that thing is told of a kind."""
    if q.item is None or not q.item.mods:
        return q
    m = re.search(
        rf"\b{re.escape(q.item.head)}(?:e?s)?\sof\s(?:the\s)?([a-z]+(?:\s[a-z]+)?)$",
        q.text.split(" did ")[0].split(" does ")[0].split(" do ")[0],
        re.I,
    )
    if m is None or set(m.group(1).lower().split()) != set(q.item.mods):
        # "How many saltwater animals does he have?" after "8 aquariums for saltwater animals":
        # the kind is named in the story, with no number of its own
        mods = r"\s".join(sorted(q.item.mods))
        if len(q.item.mods) != 1 or not re.search(
            rf"(?<!\d\s)\b{mods}\s{re.escape(q.item.head)}(?:e?s)?\b", story, re.I
        ):
            return q
    same = [f for f in facts if f.item is not None and f.item.head == q.item.head]
    if not same or any(f.item.mods for f in same if f.item is not None):
        return q
    if not all(re.search(rf"\b{re.escape(w)}\b", story, re.I) for w in q.item.mods):
        return q
    return Question(q.text, Item(q.item.head), q.money, q.how, q.rest, q.aux, q.owner, q.group)


_TOTAL_CUE = re.compile(
    r"(?:\ba\stotal\sof\s|\btotal\s(?:of\s)?(?:[a-z]+\s){0,3}(?:is|was|are|were)\s|\bsums?\sup\sto\s|\bcomes?\sto\s)$",
    re.I,
)


def _whole_less_parts(facts: list[Fact], q: Question, story: str, qtext: str) -> SchemaAnswer | None:
    """A whole told as one ("spent a total of 900 dollars"), some of its parts told, the one part
    left asked ("she gave 325 dollars and 260 dollars to two families; how much did she give to
    the last?"): the whole less the parts told. Only with one amount marked as the total, the
    largest, every amount of one thing, and a question that asks a part (no total, each, left)."""
    if q.item is None or q.how or len(facts) < 2 or any(f.cmp or f.more or _per_of(f) for f in facts):
        return None
    if re.search(r"\b(?:each|every|per|apiece|than|times|twice|half|left|remain\w*|change)\b", story, re.I):
        return None
    if re.search(r"\b(?:total|in\sall|altogether|together|combined|each|left|remain\w*)\b", qtext, re.I):
        return None
    wholes = [f for f in facts if _TOTAL_CUE.search(f.before)]
    if not wholes:
        return None
    whole = max(wholes, key=lambda f: f.value)
    if re.match(r"\s*(?:,\s|\sand\s)(?:and\s)?\d", whole.after):
        return None  # "counted a total of 55 tree frogs, 10 poison frogs and 13 wood frogs": the list's total
    parts = [f for f in facts if f is not whole]
    if all(p.elided for p in parts) and re.match(
        r"how\smany\s(?:[a-z]+\s){1,2}(?:are|were|is|was)\sthere\b(?!.*\b(?:other|else|not)\b)", qtext, re.I
    ):
        return None  # "90 items; 49 of them are rolls ... How many items are there?": the whole, not a part
    if not all(_matches(q.item, f) for f in facts) or whole.value <= sum(
        (p.value for p in parts), Fraction(0)
    ):
        return None
    val = whole.value - sum((p.value for p in parts), Fraction(0))
    expr = f"x = {_show(whole.value)}" + "".join(f" - {_show(p.value)}" for p in parts)
    return SchemaAnswer("part-whole", val, expr, q.item, f"{q.item} (the part not told)", facts)


_MEASURE_Q = re.compile(
    r"^how\smuch\s(?:taller|heavier|longer|higher|older|wider|deeper|bigger|larger|shorter|lighter|younger|smaller|lower|farther|further)\s(?:is|was|are|were|does|did)\s",
    re.I,
)
_STATED = re.compile(
    r"(?:\b(?:is|was|are|were|stands\sat|standing\sat|measures|measured|weighs|weighed|weighing|is\sabout|of)\s$)"
)


def _measure_difference(facts: list[Fact], qtext: str, story: str) -> SchemaAnswer | None:
    """The difference of two measures asked ("How much taller is A than B?") when the story
    states the two measures, each as what something is ("443 ft", "stands at 550 ft", "weighs 52
    pounds"): the larger less the smaller.
    A measure gained or lost ("it grew 3 ft") is no stated measure: refused."""
    if not _MEASURE_Q.match(qtext.strip()) or len(facts) != 2:
        return None
    a, b = facts
    if a.item is None or b.item is None or a.item.head != b.item.head or a.cmp or b.cmp or a.more or b.more:
        return None
    if re.search(
        r"\b(?:each|every|per|times|total|together|than|more|less|grew|grow|gained|lost)\b", story, re.I
    ):
        return None
    for f in facts:
        if not (_STATED.search(f.before) or re.match(r"\s(?:tall|long|high|heavy|old|wide|deep)\b", f.after)):
            return None
    hi, lo = (a, b) if a.value >= b.value else (b, a)
    if hi.value == lo.value:
        return None
    # the one asked about must be the larger for "taller", the smaller for "shorter" ("How much
    # shorter is Tom?" when Tom is the taller is no difference to give)
    qm = re.match(
        r"^how\smuch\s(\w+)\s(?:is|was|are|were|does|did)\s(?:the\s)?(.+?)(?:\sthan\s.*)?\??$",
        qtext.strip(),
        re.I,
    )
    if qm is None:
        return None
    subject = re.sub(r"\s(?:weigh|measure|stand|go|jump|run|fly|swim)$", "", qm.group(2).strip()).lower()
    near = [f.before[len(a.before) :] if f is b and b.sentence == a.sentence else f.before for f in facts]
    holders = [f for f, t in zip(facts, near, strict=True) if subject and subject in t.lower()]
    if len(holders) != 1:
        return None
    smaller = qm.group(1).lower() in ("shorter", "lighter", "younger", "smaller", "lower")
    if holders[0] is not (lo if smaller else hi):
        return None
    return SchemaAnswer(
        "compare",
        hi.value - lo.value,
        f"x = {_show(hi.value)} - {_show(lo.value)}",
        a.item,
        f"the difference, in {a.item}",
        facts,
    )


_TENDERED = re.compile(
    r"(?:\b(?:has|had|have)\s(?:only\s|just\s)?|\b(?:gives?|gave|hands?|handed|pays?|paid)\s(?:the\s)?(?:clerk|cashier|seller|shopkeeper|salesman|saleswoman|vendor|waiter|store)\s(?:with\s)?|\bfrom\s(?:a\s)?)$",
    re.I,
)
_COSTS = re.compile(r"\b(?:costs?|paid|pays|spent|spends|priced\sat|is|was)\s(?:only\s|just\s)?$", re.I)


def _change_due(facts: list[Fact], qtext: str) -> SchemaAnswer | None:
    """Change due: one amount handed over (or held), the prices paid out of it ("Kate gave the
    clerk 1 dollar. Her candy cost 54 cents. How much change should she get?"); cents are counted
    as hundredths of a dollar. Every amount must be money and read as one or the other."""
    if len(facts) < 2 or re.search(r"\b(?:each|every|per|apiece)\b", qtext, re.I):
        return None
    given, costs = [], []
    for f in facts:
        if f.item is None or f.item.head not in ("dollar", "cent") or f.cmp or f.more:
            return None
        if re.search(r"\b(?:each|every|per|apiece)\b", f.before[-25:] + f.after[:15], re.I):
            return None
        if _TENDERED.search(f.before):
            given.append(f)
        elif _COSTS.search(f.before):
            costs.append(f)
        else:
            return None
    if len(given) != 1 or not costs:
        return None
    dollars = lambda f: f.value / 100 if f.item.head == "cent" else f.value  # type: ignore[union-attr]  # noqa: E731
    value = dollars(given[0]) - sum((dollars(f) for f in costs), Fraction(0))
    if value < 0:
        return None
    show = lambda f: _show(dollars(f))  # noqa: E731
    eq = f"x = {show(given[0])} - " + " - ".join(show(f) for f in costs)
    return SchemaAnswer("change due", value, eq, Item("dollar"), "the change, in dollars", facts)


_DIFF_Q = re.compile(
    r"^(?:what\s(?:is|was)|what's)\sthe\sdifference\s(?:between|of)\s(?!the\s(?:sum|product|total)\b)(?P<a>.+?)\sand\s(?P<b>.+)$",
    re.I,
)


_UNIT_WORDS = {
    singular(w)
    for w in "cents dollars minutes hours seconds days weeks months years inches feet yards meters centimeters"
    " miles kilometers pounds ounces grams kilograms liters gallons".split()
}


def _difference_asked(facts: list[Fact], qtext: str, story: str) -> SchemaAnswer | None:
    """The difference asked ("What's the difference between Bobby's books and Kristi's books?") when the
    story states exactly two amounts of one thing: the larger less the smaller. A side the story
    does not state ("... had at first and has now" when only the first and a change are told) is
    refused: the question must name nothing the story leaves to be worked out."""
    m = _DIFF_Q.match(re.sub(r"[?.!\s]+$", "", qtext.strip()))
    if m is None or len(facts) != 2:
        return None
    a, b = facts
    if a.item is None or b.item is None or a.item.head != b.item.head or a.cmp or b.cmp or a.more or b.more:
        return None
    asked = m.group("a") + " " + m.group("b")
    named = {singular(w) for w in re.findall(r"[a-z]+", qtext.lower())} & _UNIT_WORDS
    if named - {a.item.head}:
        return None  # "the difference between the number of cents" of amounts told in dollars
    if re.search(r"\b(?:now|left|remain(?:ing|s|ed)?|after|end)\b", asked, re.I) and not re.search(
        r"\b(?:now|left|remain(?:ing|s|ed)?)\b", story, re.I
    ):
        return None  # the end amount is asked but not told
    if re.search(
        r"\b(?:each|every|per|times|total|sum|together|altogether|in\sall)\b", asked + " " + story, re.I
    ):
        return None
    hi, lo = (a, b) if a.value >= b.value else (b, a)
    return SchemaAnswer(
        "difference",
        hi.value - lo.value,
        f"x = {_show(hi.value)} - {_show(lo.value)}",
        Item(a.item.head) if a.item.mods != b.item.mods else a.item,
        f"the difference, in {Item(a.item.head)}",
        facts,
    )


# a transfer the change schema would read the wrong way round or as done: the holder as the one paid
# or given ("He was paid 5 dollars", "5 stickers were given to her"), things got for another ("bought
# 5 stickers for Kim"), a discount or a value of goods ("got 5 dollars off", "5 dollars
# worth of candy"), a change not done ("almost lost 5", "did not eat 5"), and
# money got by selling ("sold his bike for 5 dollars": a price, not money lost)
_NOT_PLAIN_CHANGE = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|[A-Z][a-z]+)\s(?:was|were|is|are|got|gets|had\sbeen|has\sbeen|have\sbeen)\s(?:paid|given|sent|handed|lent|charged|awarded|offered|owed|promised|sold)\s(?:\w+\s)?\d"
    r"|\b(?:was|were|is|are|got|had\sbeen|have\sbeen)\s(?:given|sent|handed|passed|mailed|lent|sold|delivered|brought)\s(?:\w+\s)?to\s(?:him|her|them|me|us|[A-Z][a-z]+)\b"
    r"|\b(?:bought|buys|made|makes|baked|bakes|got|gets|picked|picks|collected|collects)\s\d[\d.]*\s(?:[a-z]+\s){0,3}?for\s(?:[A-Z][a-z]+\b|him\b|them\b|her\s?[.,;]|(?:his|her|their)\s(?:mom|dad|mother|father|brother|sister|friend|son|daughter|aunt|uncle|cousin|grandma|grandpa|grandmother|grandfather|teacher|class|classmate|neighbor)s?\b)"
    r"|\b\d[\d.]*\s(?:dollars?|cents?)\s(?:off|worth|discount)\b"
    r"|\b(?:[Aa]lmost|[Nn]early|[Nn]ever|not|n't)\s(?:\w+\s)?(?:give|gave|sell|sold|buy|bought|eat|ate|lose|lost|spend|spent|use|used|find|found|get|got|take|took|pick|picked|win|won|collect|collected|receive|received|throw|threw|break|broke|drop|dropped)\b"
    r"|\b(?:sold|sells|sell)\b(?:\s[\w']+){0,4}\sfor\s\d[\d.]*\s(?:dollars|dollar|cents|cent)\b(?!\s(?:each|apiece|a|an|per)\b)"
)


_THING_SUBJECT = re.compile(r"(?:A|An|The)\s(?:[a-z]+\s){0,2}?([a-z]+)\s([a-z]+)\b")


def _gain_by_another_thing(facts: list[Fact]) -> bool:
    """Does a sentence opening with another "a/the <noun>" gain what a first "a/the <noun>" held?
    Those subjects are no holders to the change schema, so the gain would be added to the first
    holder's (a teacher giving away the class's pencils takes from the class; a fisherman catching
    the pond's fish does not add to the pond)."""
    first = None
    for f in facts:
        m = _THING_SUBJECT.match(f.text)
        if m is None or f.before.strip() != f.text[: len(f.before)].strip():
            continue
        if first is None:
            first = m.group(1)
        elif m.group(1) != first and f.verb is not None and f.verb in GAIN:
            return True
    return False


# several holders who each do what a number says ("Tom and Mary each bought 3", "Tom and his sister
# both paid", "They each ate 2"): the schemas count the number once, not once per holder
_SEVERAL_EACH = re.compile(
    r"\b(?:[Tt]hey|[Ww]e|and\s(?:[A-Z][a-z]+|I|me|(?:his|her|their|my)\s[a-z]+))\s(?:each|both|all)\s(?:[a-z]+\s){1,2}\$?\d"
    r"|\b[Bb]oth\s(?:[A-Z][a-z]+|(?:his|her|their)\s[a-z]+)\sand\s(?:[A-Z][a-z]+|(?:his|her|their)\s[a-z]+)\s(?:[a-z]+\s){1,2}\$?\d"
)
# money got by selling at a price each while the question asks the money held: the schemas read a
# sale as money lost ("had 20 dollars; sold 3 pens for 2 dollars each; how much does he have": 14)
_SOLD = re.compile(r"\b(?:sold|sells?|selling)\b", re.I)
_ASKS_MONEY_HELD = re.compile(
    r"^how\s(?:much|many\s(?:dollars|cents))\s(?:money\s)?(?:do|does|did|will|would)\s\w+(?:\s\w+)?\s(?:have|has|had)\b",
    re.I,
)
# money spent is not money held: with no money told held, "how much does she have" is not the bill
_BOUGHT = re.compile(
    r"\b(?:bought|buys?|buying|purchased?|purchases|paid|pays?|spent|spends?|spending)\b", re.I
)
_MONEY_HELD_TOLD = re.compile(
    r"\b(?:has|had|have|saved|started\swith|received|got|earned|was\sgiven)\s(?:only\s|just\s|exactly\s)?"
    r"\d[\d.,]*\s(?:dollars?|cents?)\b",
    re.I,
)
# a rate in time ("earns 2 dollars a day", "eats 2 apples every week") with no time counted anywhere:
# how much is held after it is not told (unless the time is what is asked: "how many days will it last")
_RATE_IN_TIME = re.compile(
    r"\b\d[\d.,]*\s(?:[\w']+\s){0,3}?(?:a|an|per|each|every)\s(?:day|week|month|year|hour|minute|night|morning|evening|weekend)\b"
    r"|\b(?:daily|weekly|monthly|yearly|hourly|nightly)\b",
    re.I,
)
_TIME_COUNTED = re.compile(
    r"\b\d[\d.,]*\s(?:more\s|whole\s|full\s)?(?:days?|weeks?|months?|years?|hours?|minutes?|nights?|mornings?|evenings?|weekends?)\b"
    r"|\b(?:in|for|over|during|after|within)\s(?:a|one|the)\s(?:whole\s|full\s|single\s)?(?:week|month|year|day|fortnight|decade)\b"
    r"|\bhow\s(?:many\s(?:days|weeks|months|years|hours|minutes|nights)|long)\b",
    re.I,
)
# a transfer with a named other holder ("got 3 from Mary", "gave 4 apples to Sam", "gave his mom 10"):
# the other holder's own count is part of the story, so a question about them, about several
# holders together, or about all there are, is not the transfer's amount
_OTHER_HOLDER = r"(?:[A-Z][a-z]+|(?:his|her|their)\s(?:mom|dad|mother|father|brother|sister|friend|son|daughter|teacher|aunt|uncle|grandma|grandpa|cousin|neighbor)s?)"
_TRANSFER_WITH = re.compile(
    rf"\b(?:from|to)\s{_OTHER_HOLDER}\b"
    rf"|\b(?:gave|gives|give|handed|hands|sent|sends|lent|lends|paid|pays|sold|sells)\s{_OTHER_HOLDER}\s(?:\w+\s)?\d"
)
_ASKS_SEVERAL = re.compile(
    r"\b(?:they|together|altogether|combined|both|in\sall|in\stotal|are\sthere|were\sthere|is\sthere)\b"
    r"|\b[A-Z][a-z]+\sand\s[A-Z][a-z]+\b"
)


# one number for two kinds together ("40 cats and dogs", "30 cars and trucks"): the schemas would
# count it as the first kind alone
_TWO_KIND_TOTAL = re.compile(
    r"\b\d[\d.,]*\s(?:[a-z]+\s)?([a-z]+s)\sand\s(?!(?:his|its|this|is|was|has|does|us)\b)([a-z]+s)\b"
    r"(?=\s*(?:[.,;?!]|$|(?:in|on|at|of|that|altogether|together|combined|in\stotal)\b))"
)


def _guessed_reading(story: str, qtext: str) -> bool:
    """Is this a story the schemas would read one way where another reading gives another number?"""
    if any(a != b for a, b in _TWO_KIND_TOTAL.findall(story)):
        return True
    if _SEVERAL_EACH.search(story) or _SEVERAL_EACH.search(qtext):
        return True
    if _SOLD.search(story) and _ASKS_MONEY_HELD.search(qtext):
        return True
    if _BOUGHT.search(story) and _ASKS_MONEY_HELD.search(qtext) and not _MONEY_HELD_TOLD.search(story):
        return True  # "bought 3 tickets at 4 dollars each; how much does she have?": spent, not held
    if (
        _RATE_IN_TIME.search(story)
        and not _TIME_COUNTED.search(story + " " + qtext)
        and re.search(r"\b(?:have|has|had|left|remain\w*|now)\b", qtext, re.I)
    ):
        return True
    m = _TRANSFER_WITH.search(story)
    if m is not None:
        if _ASKS_SEVERAL.search(qtext):
            return True
        other = re.sub(r"^(?:from|to|\w+)\s", "", m.group(0)).split(" ")[0:2]
        name = other[0] if other[0][0].isupper() else " ".join(other)
        told = re.search(
            rf"\b{re.escape(name)}\s(?:has|had|have|owns|owned|holds|held|started)\b", story, re.I
        )
        if re.search(rf"\b{re.escape(name)}\b", qtext, re.I) and not told:
            return True  # "gave his mom 10; how many does his mom have": her own count is not told
    return False


def read_schemas(text: str) -> SchemaAnswer | None:
    """The one schema answer that accounts for every number of `text`; None otherwise."""
    s = normalise(text)
    if glued_numbers(s):
        return None  # "a 35oz barrel": a number this reader would not count
    s = re.sub(r"\b[Tt]wice\s(?=as\s(?:many|much)\b)", "2 times ", s)
    s = re.sub(r"\b(?:was|were|is|are)\sable\sto\s(?=[a-z]+\s\d)", "", s)  # "Annie was able to make 37"
    s = drop_asides(s)  # "Joe, 1 of the best hunters,", "Still in a contest,"
    ss = sentences(s)
    if not ss or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    cond, qtext = question_parts(ss[-1].text)
    statements = [(x.index, x.text) for x in ss[:-1]]
    if cond:
        statements.append((ss[-1].index, cond))
    facts = facts_of(statements)
    if not facts:
        return None
    _resolve_items(facts)
    told = len(facts)
    # "1 cartridge costs 15 dollars": the 1 is the rate's "one", not an amount of its own
    facts = [
        f
        for i, f in enumerate(facts)
        if not (
            f.value == 1
            and i + 1 < len(facts)
            and facts[i + 1].sentence == f.sentence
            and f.item is not None
            and (p := _per_of(facts[i + 1])) is not None
            and p.head == f.item.head
            and re.search(rf"\b1\s{re.escape(' '.join(f.words))}\s", facts[i + 1].before)
        )
    ]
    if re.search(r"\d", qtext):
        # "How many points did she score in 10 games?": a number the question states is a fact
        # too, unless it repeats one of the story's ("in the 6 boxes")
        extra = facts_of([*statements, (ss[-1].index, qtext)]) or []
        if any(f.elided or f.item is None for f in extra[told:]):
            return None  # "a family of 8": a number the question states must name its thing
        for f in extra[told:]:
            if not any(
                g.value == f.value
                and g.item is not None
                and f.item is not None
                and g.item.head == f.item.head
                for g in facts
            ):
                facts.append(f)
    story = " ".join(t for _, t in statements)
    if _UNREAD.search(story) or _UNREAD.search(qtext) or MONEY_CAME_BACK.search(story):
        return None  # MONEY_CAME_BACK: change or a refund is not money earned
    for i, f in enumerate(facts):
        earlier = [g.owner for g in facts[:i] if g.owner]
        if (
            f.more
            and f.verb in _HOLD
            and f.owner
            and earlier
            and f.owner not in earlier
            and f.owner.lower() not in _PRONOUN
        ):
            return None  # "Paco has 9. Ann has 5 more.": more than Paco, not 5 more got
    sub = re.search(r"\b\d+\sof\s(?:the|these|those|his|her|their)\s([a-z]+)\s(?:are|were|is|was)\b", story)
    if sub and facts[0].item is not None and singular(sub.group(1)) != facts[0].item.head:
        return None  # "40 flowers. 12 are roses. 8 of the roses are red.": a part of a part, not of the whole
    if _gain_by_another_thing(facts):
        return None  # "A pond had 20 fish. A fisherman caught 9 fish.": the fisherman's, not the pond's
    if _NOT_PLAIN_CHANGE.search(story):
        return None  # "was paid 5 dollars", "got 5 dollars off", "almost lost 5": not a plain change
    if untold_change([t for _, t in statements], qtext):
        return None  # "and found them again", "some got off": a change this reader cannot count
    if _guessed_reading(story, qtext):
        return None  # "each" of several holders, a sale asked as money held, a rate with no time
    if verbs_disagree(story, qtext):
        return None  # a sale asked as spending, amounts of two doings compared (chain_verb_checks)
    units = {
        singular(u.lower())
        for u in re.findall(
            r"\b(hours?|minutes?|seconds?|days?|weeks?|months?|years?|hrs?|mins?)\b",
            re.sub(
                r"\b(daily|weekly|monthly|yearly|hourly)\b",
                lambda m: {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}.get(
                    m.group(1).lower(), "hour"
                ),
                story + " " + qtext,
                flags=re.I,
            ),
            re.I,
        )
    }
    if "week" in units and units <= {"day", "week"}:
        qw = question_of(qtext, facts)
        if qw is not None:
            ans = per_day_over_weeks(facts, qw, story, qtext)
            if ans is not None:
                return ans  # so many a day, over weeks: the one conversion read here
    if len(units) > 1:
        return None  # hours and minutes, days and weeks: a conversion this reader does not make
    if re.match(r"how\smuch\schange\b", qtext, re.I):
        return _change_due(facts, qtext)
    q = question_of(qtext, facts)
    if q is None:
        return _difference_asked(facts, qtext, story) or _measure_difference(facts, qtext, story)
    q = _story_kind_dropped(q, facts, story)
    money = [f for f in facts if f.item is not None and f.item.head in ("dollar", "cent")]
    if q.money and money and all(f.item.head == "cent" for f in money):  # type: ignore[union-attr]
        q.item = Item("cent")  # "how much money" when the story counts cents
    found = [a for a in (schema(facts, q, story) for schema in SCHEMAS) if a is not None]
    if not found:
        found = _chained(facts, q, story)
    if not found:
        found = [a for a in [_whole_less_parts(facts, q, story, qtext)] if a is not None]
    if re.search(r"\btimes\b", story + " " + qtext) and any(f.cmp == "times" for f in facts):
        found = [a for a in found if a.schema == "compare"]  # only compare reads "3 times as many"
    elif _MULT.search(story + " " + qtext):
        return None
    if len({a.value for a in found}) != 1:
        return None
    ans = found[0]
    if len(ans.used) != len(facts) or ans.value < 0:
        return None
    if ans.item.head not in ("dollar",) and ans.value.denominator != 1:
        return None
    return ans


SCHEMAS = [
    _combine,
    _change,
    _compare,
    _rate,
    _share,
    _part_whole,
    _goal,
    _prices,
    unknown_change,
    body_counts,
    rest_of_kinds,
    kinds_then_taken,
    group_less_parts,
]


_ = singular
