# ruff: noqa: E501  (word lists and regular expressions, one a line)
"""A total over a list of kinds asked as their common kind ("15 girls, 20 boys and 3 teachers ...
How many people ...?", "2 pictures, 8 songs and 7 text files ... How many files ...?", "20 ounces of
white paint and 15 ounces of green paint ... How many ounces of paint ...?").

Strict on purpose: the story's numbers are exactly one list in one sentence, every part of the list
is the asked kind (the same noun, or a member of it in a small table of everyday kinds), the
question asks the plain total (no "more", "left", "each", no number) with the list's own verb or, for
a list of things had, made or got, "are there" / "does X have" / "live in". Anything else: None."""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.problems import Solution
from tutor.math.wordproblems.questions import question_parts
from tutor.math.wordproblems.reading import drop_asides, normalise, numbers_in, sentences, singular
from tutor.math.wordproblems.structures import Item
from tutor.math.wordproblems.vocabulary import IRREGULAR_PAST, QUANTITY_WORDS, same_verb

__all__ = ["read_kind_total", "KINDS"]

# everyday kinds and their members (singular): a part counts toward the asked kind only through here
KINDS: dict[str, frozenset[str]] = {
    k: frozenset(v.split())
    for k, v in {
        "person": "man woman adult grown-up child kid boy girl teacher student classmate parent visitor guest player worker friend teenager baby lady gentleman senior pupil",
        "child": "boy girl",
        "kid": "boy girl",
        "student": "boy girl",
        "pupil": "boy girl",
        "adult": "man woman",
        "animal": "dog cat cow horse pig sheep goat bird chicken duck fish rabbit hamster mouse lion tiger bear monkey elephant giraffe zebra deer fox wolf frog turtle snake",
        "pet": "dog cat hamster rabbit fish parrot turtle",
        "bird": "duck chicken goose parrot pigeon owl sparrow crow eagle swan hen rooster robin penguin",
        "fish": "catfish sturgeon pike eel trout salmon bass tuna goldfish shark cod carp",
        "insect": "butterfly ant bee beetle ladybug fly mosquito grasshopper cricket dragonfly",
        "fruit": "apple orange banana pear peach plum grape strawberry cherry mango lemon lime watermelon melon kiwi pineapple apricot blueberry",
        "vegetable": "carrot potato onion pepper cucumber bean pea cabbage lettuce broccoli",
        "flower": "rose tulip daisy lily sunflower orchid carnation violet daffodil",
        "tree": "oak maple pine willow birch elm",
        "coin": "penny nickel dime quarter",
        "file": "picture photo song video document",
        "pastry": "cupcake cookie muffin pie cake brownie croissant donut",
        "vehicle": "car truck bus van motorcycle bicycle bike",
        "toy": "doll car ball block puzzle robot kite yo-yo truck teddy",
        "candy": "lollipop chocolate gumdrop jellybean toffee caramel",
        "sweet": "lollipop chocolate gumdrop jellybean toffee caramel candy",
        "dessert": "cake pie cookie cupcake brownie muffin pudding",
        "treat": "cake pie cookie cupcake brownie muffin lollipop chocolate candy",
        "drink": "soda juice milk lemonade tea coffee",
        "beverage": "soda juice milk lemonade tea coffee",
        "clothe": "shirt pant dress sock hat jacket skirt short sweater coat",
        "instrument": "guitar drum piano violin flute trumpet",
        "ball": "basketball football baseball volleyball softball",
        "berry": "strawberry blueberry raspberry blackberry",
        "nut": "almond walnut peanut cashew pecan hazelnut",
        "utensil": "fork spoon knife",
        "shell": "seashell clam",
    }.items()
}
# a list verb after which "are there", "does she have", "live in" ask the same total
_HAVE_MADE_GOT = "has have had owns owned is are was were made make makes baked bakes bought buys picked picks collected collects found finds caught catches got gets received receives grew grows planted plants"
_HAVE_MADE_GOT_SET = frozenset(_HAVE_MADE_GOT.split())
# words that make the question something other than the plain total
_NOT_TOTAL = re.compile(
    r"\b(?:more|fewer|less|left|remain\w*|rest|each|every|per|than|not|n't|else|other|only|average|mean|difference|times|twice|half|change|lost|spent|gave|ate|sold)\b|\d",
    re.I,
)
_PLACE = re.compile(r"\s(?:in|on|at|from|for|to|around|during|with|inside|near)\s")
_ASK = re.compile(
    r"^(?:how\smany|what\sis\sthe\s(?:total\s)?number\sof)\s(?P<kind>[a-z][a-z'-]*(?:\sof\s[a-z][a-z'-]*|\s[a-z][a-z'-]*(?=\s(?:did|do|does|were|was|are|is|would|will|can|could|have|has|had|live|lived)\b))?)\s(?P<rest>(?:did|do|does|were|was|are|is|would|will|can|could|have|has|had|live|lived|he|she|they|we|I|[A-Z][a-z]+)\b.*)$",
    re.I,
)
_STOPWORDS = frozenset("the a an of in on at from for to with and".split())


def _list_parts(sent: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The words before the story's one list and its parts (number, noun phrase); None unless the
    numbers of the sentence are exactly one list of 2 or more counted things."""
    first = re.search(r"\d", sent)
    if first is None:
        return None
    before, seg = sent[: first.start()], sent[first.start() :].rstrip(" .!")
    pieces = re.split(r",\s(?:and\s)?|\sand\s", seg)
    if len(pieces) < 2:
        return None
    parts = []
    for piece in pieces:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s([a-z][a-z' -]*)", piece)
        if m is None:
            return None
        words = m.group(2)
        pm = _PLACE.search(" " + words)
        if pm:
            place, words = words[pm.start() :], words[: pm.start()].strip()
            if QUANTITY_WORDS.search(place) or re.search(r"\d", place):
                return None
        if (
            not words
            or len(words.split()) > 5
            or re.search(
                r"\b(?:more|fewer|less|than|each|every|per|left|times|extra|other|another|some|them|it)\b",
                words,
            )
        ):
            return None
        parts.append((m.group(1), words))
    return before, parts


def _item(words: list[str]) -> Item | None:
    ws = [w for w in words if w not in ("the", "a", "an")]
    if not ws or any(w in _STOPWORDS and w != "of" for w in ws):
        return None
    if "of" in ws:
        i = ws.index("of")
        if i != 1 or i + 1 >= len(ws):
            return None  # "ounces of white paint": one unit, "of", the stuff
        return Item(singular(ws[0]), frozenset([singular(ws[-1]), *ws[2:-1]]))
    return Item(singular(ws[-1]), frozenset(ws[:-1]))


# a part made of, or standing for, the kind is not one of it ("stone lions", "candy bananas")
_NOT_REAL = frozenset(
    "stone toy toys plastic wooden paper chocolate candy stuffed rubber glass metal clay cardboard model fake "
    "picture pictures photo photos drawing drawings statue statues gummy cartoon dead paper".split()
)


_QUESTION_WORDS = frozenset(
    "did do does are were is was would will can could there be have has had he she they we i it in all total "
    "altogether together live lived the a an on at of to able".split()
)


def _told_words(rest: str, story: str, told_verb: str) -> bool:
    """Is every word of the question after "how many X" the story's ("in the class") or the
    question's own (aux, pronoun, the list's verb)? "... buy in the morning" when the story tells no
    morning: a limit not told."""
    told = {w.lower() for w in re.findall(r"[A-Za-z']+", story)}
    for w in re.findall(r"[A-Za-z']+", rest):
        lw = w.lower()
        if lw not in told and lw not in _QUESTION_WORDS and not (told_verb and _lemma_match(told_verb, lw)):
            return False
    return True


def _member(part: Item, kind: Item) -> bool:
    """Is every thing the part counts one of the asked kind?"""
    if part.mods & _NOT_REAL:
        return False
    if kind.mods - part.mods:
        # "ounces of paint": the part must be ounces of (some) paint; "species of insects": of a member
        stuff = [m for m in kind.mods if m not in part.mods]
        if part.head != kind.head or len(stuff) != 1:
            return False
        return any(stuff[0] in KINDS and singular(m) in KINDS[stuff[0]] for m in part.mods)
    return part.head == kind.head or part.head in KINDS.get(kind.head, frozenset())


def _lemma_match(told: str, asked: str) -> bool:
    """One verb in two forms ("catch" / "caught", "deleted" / "delete")."""
    t, a = told.lower(), asked.lower()
    if len(a) < 3 or a in _STOPWORDS:
        return False
    return same_verb(t, a) or same_verb(a, t) or IRREGULAR_PAST.get(t) == a or IRREGULAR_PAST.get(a) == t


def read_kind_total(text: str) -> Solution | None:
    s = drop_asides(normalise(text))
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    cond, q = question_parts(ss[-1].text)
    q = q.rstrip("?").strip()
    qm = _ASK.match(q)
    if not qm or _NOT_TOTAL.search(q):
        return None
    statements = [x.text for x in ss[:-1]] + ([cond] if cond else [])
    numbered = [x for x in statements if numbers_in(x)]
    if len(numbered) != 1 or any(QUANTITY_WORDS.search(x) for x in statements if x not in numbered):
        return None  # "Later he picked some more.": a sentence without a number may still count
    sent = numbered[0]
    found = _list_parts(sent)
    if found is None:
        return None
    before, parts = found
    if _NOT_TOTAL.search(before) and not re.search(r"\ba\stotal\sof\s$", before):
        return None
    kind = _item(qm.group("kind").split())
    items = [_item(w.split()) for _, w in parts]
    if kind is None or any(i is None for i in items):
        return None
    if not all(_member(i, kind) for i in items if i is not None):  # type: ignore[arg-type]
        return None
    if all(i is not None and i.head == kind.head and i.mods == kind.mods for i in items):
        return None  # one kind throughout: the combine schema's (it knows "in all")
    # the verb of the list and of the question
    told = re.findall(r"[A-Za-z]+", re.sub(r"\ba\stotal\sof\s$", "", before))
    told_verb = told[-1].lower() if told else ""
    rest = re.sub(r"\s(?:in\sall|in\stotal|altogether|total|together)$", "", qm.group("rest").strip())
    asked_verbs = [w.lower() for w in rest.split() if w.isalpha()]
    same = bool(told_verb) and any(_lemma_match(told_verb, w) for w in asked_verbs)
    existence = re.fullmatch(
        r"(?:(?:are|were)\sthere|would\sthere\sbe|(?:are|were|is|was|live|lived))(?:\s(?:in|on|at)\s.*)?|(?:does|do|did)\s\w+\s(?:have|has)",
        rest,
    )
    if not same and not (existence and told_verb in _HAVE_MADE_GOT_SET):
        return None
    if not _told_words(rest, " ".join(statements), told_verb):
        return None  # "How many fruits did she buy in the morning?": a limit the story does not tell
    values = [Fraction(n) for n, _ in parts]
    total = sum(values, Fraction(0))
    return _solution(values, total, kind, [" ".join(w.split()) for _, w in parts])


def _solution(values: list[Fraction], total: Fraction, kind: Item, names: list[str]) -> Solution:
    from tutor.math.wordproblems.facts import SchemaAnswer
    from tutor.math.wordproblems.schema_solution import schema_solution as _schema_solution

    shown = " + ".join(str(v) for v in values)
    eq = f"x = {shown}"
    ans = SchemaAnswer("combine", total, eq, kind, f"the {kind.head}s in all ({', '.join(names)})")
    return _schema_solution(ans)
