# ruff: noqa: E501  (word lists are long regular expressions, one a line)
"""The front door's leaving-out of what a story tells that provably cannot change the answer, so
every reader can read the rest:

- a DISTRACTOR: a number held (or got: "picked 15 apples and 4 pears") of another thing than the
  one asked, in one list with the asked thing ("Peter has 54 tickets and 4 pencils. He shares the
  tickets among 9 friends. How many tickets does each friend get?"). Left out only when the
  question names its own thing, that thing is counted in the story, and the other thing is named
  nowhere else (no pronoun after it could mean it, no general word such as "toys" or
  "things" could count it, it is no unit, money, time, person or container);
- a numberless SCENE sentence ("The town library is a quiet place."): left out only when it has no
  quantity word, no change verb, no negation, no pronoun that could stand for the things counted,
  no general word, no person the question's "he" may mean, and shares no word with the question
  nor with any thing the story counts.

A sentence of its own about things named nowhere else ("She also has 6 kites.") under a question
that names no thing ("what is the greatest number of tables") is refused: using its number and
leaving it out are both guesses (:func:`lone_amounts`).

Anything else stays, and the story is read (or refused) as written. The solution says what was
left out and why, under the equations.
"""

from __future__ import annotations

import re

from tutor.math.wordproblems.questions import question_parts
from tutor.math.wordproblems.reading import normalise, plural, sentences, singular
from tutor.math.wordproblems.vocabulary import GAIN, LOSE, QUANTITY_WORDS, untold_change

__all__ = ["lone_amounts", "without_inert"]

# general words that may count the things of another name ("toys" counts "cars"), and nouns a
# number of which takes part in a story without being named again (units, money, time, people who
# share, containers filled): never left out, never the asked thing of a story with a distractor
_GENERAL = {
    "thing", "item", "object", "toy", "fruit", "vegetable", "flower", "plant", "animal", "pet",
    "bird", "insect", "bug", "supply", "snack", "treat", "sweet", "candy", "food", "drink",
    "beverage", "clothe", "clothing", "gift", "present", "prize", "souvenir", "decoration", "tool",
    "vehicle", "coin", "bill", "piece", "part", "kind", "type", "sort", "collectible", "good",
    "stuff", "material", "total", "one", "other", "set", "pair", "dozen", "unit", "card", "game",
}  # fmt: skip
_TAKE_PART = {
    "dollar", "cent", "penny", "nickel", "dime", "quarter", "buck", "euro", "pound", "money",
    "hour", "minute", "second", "day", "week", "month", "year", "night", "morning", "weekend", "time",
    "mile", "meter", "metre", "kilometer", "centimeter", "millimeter", "foot", "feet", "inch",
    "yard", "kilogram", "gram", "ounce", "liter", "litre", "milliliter", "gallon", "quart", "pint",
    "cup", "spoon", "teaspoon", "tablespoon", "ton", "degree", "percent", "point", "mph", "lb",
    "friend", "person", "people", "child", "kid", "student", "classmate", "brother", "sister",
    "cousin", "neighbor", "guest", "boy", "girl", "man", "woman", "worker", "teacher", "member",
    "player", "son", "daughter", "family", "team", "group", "class", "adult", "visitor", "customer",
    "box", "bag", "basket", "jar", "shelf", "row", "pack", "package", "plate", "bowl", "page",
    "table", "car", "bus", "tray", "bin", "bucket", "crate", "case", "carton", "container", "pile",
    "stack", "bundle", "envelope", "album", "drawer", "pocket", "tank", "vase", "pot", "bottle",
    "trip", "ride", "turn", "round", "step", "lap", "serving", "portion", "slice", "batch",
}  # fmt: skip
# words after a number that make it more than a plain amount held
_NOT_PLAIN = re.compile(
    r"\b(?:more|less|fewer|than|times|each|every|per|of|extra|other|left|total|in|on|for|with|from|to|at|as|a|an|the|apiece|twice|half)\b"
)
# a pronoun or a word that could take in things of any name
_COULD_MEAN_ANY = re.compile(
    r"\b(?:them|they|those|these|it|its|ones?|both|all|everything|anything|something|rest|others?|else|things?|items?|objects?|stuff|either|neither|whole|combined|together|altogether|in\sall|total)\b",
    re.I,
)
# a later number or question with no noun of its own ("gave 8 to Dylan", "how many does he have
# left"): it may count the thing held
_ELIDED = re.compile(
    r"(?<![\w.])\d+(?:\.\d+)?(?:\s(?:more|fewer|less|extra|other|new|of|to|from|in|on|at|with|for|and|or|but|away|back|left|each|apiece|a|an|the|his|her|their|them|were|was|are|is|had|has|have|did|do|does|will|would|so|then|than|as|by|into)\b|\s?[.,;:!?]|$)"
    r"|\bhow\smany\s(?:more\s|fewer\s)?(?:do|does|did|are|is|were|was|will|would|can|could|should|has|have|had|must)\b",
    re.I,
)
_HAS = r"(?:has|had|have|owns|owned|possesses|bought|buys|picked|picks|collected|collects|found|finds|caught|catches|got|gets|received|receives|gathered|gathers|won|wins)"
_SUBJECT = r"(?:(?:Mr|Mrs|Ms|Dr)\.\s[A-Z][a-z]+|[A-Z][a-z]+|He|She|They|We|I)"
_ITEM = r"\d+(?:\.\d+)?\s[a-z][a-z'-]*(?:\s[a-z][a-z'-]*){0,2}"
_POSSESSION = re.compile(
    rf"^(?P<subj>{_SUBJECT})\s(?:also\s|still\s)?{_HAS}\s(?P<list>{_ITEM}(?:(?:,\s|,?\sand\s){_ITEM})*)\.$"
)
# the question's own thing: "how many tickets does", "how many bottle caps will"
_ASKED = re.compile(
    r"^how\smany\s(?:more\s|fewer\s)?(?P<np>(?:[a-z][a-z'-]*\s){0,3}?[a-z][a-z'-]*)\s(?:do|does|did|are|is|were|was|will|would|can|could|should|has|have|had|must)\b",
    re.I,
)
# a numberless sentence that says more than a scene: a quantity, a change, a negation, a
# condition, a word for what the story counts
_NOT_SCENE = re.compile(
    r"\b(?:not|no|none|nothing|never|any|n't|again|too|also|likewise|else|everyone|everybody|nobody|"
    r"each|every|many|much|most|least|lot|lots|plenty|enough|number|amount|sum|whole|entire|just|"
    r"either|neither|if|when|unless|until|after|before|then|so|instead|except|without|but|"
    r"away|off|out|back|gone|missing|broken|empty|full|join\w*|arriv\w*|leav\w*|came|come|went|go|"
    r"doubl\w*|tripl\w*|halv\w*|increas\w*|decreas\w*|grow\w*|grew|die\w*|died|hatch\w*|melt\w*|"
    r"stol\w*|steal\w*|spill\w*|lost|los\w*|ate|eat\w*|took|tak\w*|put|keep\w*|kept|mov\w*|"
    r"add\w*|remov\w*|replac\w*|fill\w*|emptied|pour\w*|pack\w*|sort\w*|group\w*|count\w*|"
    r"them|those|these|it|its|ones?|some|several|few|more|all|both|rest|other|others|another)\b"
    r"|n't",
    re.I,
)
_CALENDAR = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "During", "Last", "This", "Next", "Today", "Yesterday", "Every",
}  # fmt: skip
_FUNCTION = {
    "the", "and", "for", "was", "were", "are", "is", "his", "her", "their", "she", "he", "they",
    "with", "that", "this", "how", "many", "much", "did", "does", "do", "have", "has", "had", "will",
    "would", "can", "could", "should", "what", "there", "from", "into", "onto", "our", "your", "you",
    "who", "its", "been", "being", "be", "at", "on", "in", "of", "to", "a", "an", "by", "as", "we",
}  # fmt: skip


def _forms(word: str) -> set[str]:
    w = word.lower()
    s = singular(w)
    return {w, s, plural(s)}


def _mentions(text: str, words: set[str]) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low) for w in words)


def _plural_noun(word: str) -> bool:
    """Does a word end a noun phrase of several things ("pencils", "people"; not "red", "green")?"""
    w = word.lower()
    return w in ("people", "children", "men", "women", "sheep", "fish", "deer", "geese", "mice") or (
        singular(w) != w and not w.endswith("ss")
    )


def _asked_thing(question: str) -> list[str] | None:
    m = _ASKED.match(question.strip())
    if m is None:
        return None
    words = m.group("np").lower().split()
    if any(w in _FUNCTION or w in ("of", "more", "fewer", "less") for w in words):
        return None
    return words


def without_inert(text: str) -> tuple[str, list[str]] | None:
    """The story (normalised) without its distractors and inert scene sentences, and one note per
    part left out; None when nothing can be left out."""
    s = normalise(text)
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    whole_question = ss[-1].text
    cond, question = question_parts(whole_question)  # "If he shares them among 9, how many ...?"
    asked = _asked_thing(question)
    told = [x.text for x in ss[:-1]]
    statements = [*told, cond] if cond else told
    kept: list[str] = []
    notes: list[str] = []
    for i, st in enumerate(told):
        rest = " ".join(statements[:i] + statements[i + 1 :] + [question])
        new, note = _drop_distractors(st, rest, question, statements, asked, i)
        if note is None:
            new, note = _drop_scene(st, rest, whole_question, statements)
        if note is not None:
            notes.append(note)
        if new:
            kept.append(new)
    kept, said = _one_group_read(kept, whole_question)
    notes += said
    if not notes or not kept:
        return None
    return " ".join([*kept, whole_question]), notes


# "a group of 4 friends", "a box of 479 crayons": one group or box of so many things
_ONE_GROUP = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne)\s(group|team|box|bag|pack|packet|package|bunch|set|jar|basket|crowd|class|herd|flock|bowl|carton|case|tin)\sof\s(\d+(?:\.\d+)?\s[a-z]+s)\b"
)


def _one_group_read(kept: list[str], question: str) -> tuple[list[str], list[str]]:
    """ "A group of 4 friends were playing" read as "4 friends were playing" when the story names
    no other group or box of that word (nothing is counted per group, none is compared)."""
    story = " ".join([*kept, question])
    out, notes = [], []
    for st in kept:
        m = _ONE_GROUP.search(st)
        if m is not None:
            others = story[: story.find(m.group(0))] + story[story.find(m.group(0)) + len(m.group(0)) :]
            if not _mentions(others, _forms(m.group(1))) and not QUANTITY_WORDS.search(
                re.sub(r"\d", "", st[m.end() :][:30])
            ):
                st = (
                    st[: m.start()]
                    + (m.group(2)[0].upper() if m.start() == 0 else m.group(2)[0])
                    + m.group(2)[1:]
                    + st[m.end() :]
                )
                notes.append(
                    f'"{m.group(0)}" is read as {m.group(2)}: the story counts no other {m.group(1)}.'
                )
        out.append(st)
    return out, notes


def _lone_parts(
    st: str, rest: str, later: str, asked_head: str | None, strict: bool = True
) -> tuple[re.Match, list, list] | None:
    """For a plain possession sentence ("Peter has 54 tickets and 4 pencils."): the amounts of it
    kept and the ones of a thing named nowhere else (`rest` is the rest of the story and the
    question, `later` what comes after the sentence); None when it is no such sentence or a later
    pronoun or general word could take in what it holds ("he gave 2 of them away", "how many toys")."""
    m = _POSSESSION.match(st)
    if m is None:
        return None
    if _COULD_MEAN_ANY.search(later) or _ELIDED.search(later):
        return None
    if any(singular(w) in _GENERAL for w in re.findall(r"[a-z]+", later.lower())):
        return None
    # to refuse, "each holder" does not take the thing in; to leave it out, "fills each with 4" might
    for e in re.finditer(r"\b(?:each|every|per|apiece)\b(?:\s([a-z]+))?", later if strict else "", re.I):
        # "fills each with 4": each of what? only "each friend" of friends the story counts
        counted = rf"(?<![\w.])\d+(?:\.\d+)?\s(?:[a-z-]+\s){{0,2}}{re.escape(plural(singular(e.group(1) or '-')))}\b"
        if not e.group(1) or not re.search(counted, rest):
            return None
    items = re.split(r",\s(?:and\s)?|,?\sand\s", m.group("list"))
    if not all(_plural_noun(it.split()[-1]) for it in items):
        return None  # "31 red and 15 green balloons": the first amount's noun comes later
    keep, drop = [], []
    for it in items:
        words = it.partition(" ")[2].split()
        other = singular(words[-1])
        if (
            other == asked_head
            or _NOT_PLAIN.search(" ".join(words))
            or any(singular(w) in _GENERAL or singular(w) in _TAKE_PART for w in words)
        ):
            keep.append(it)
            continue
        named = set().union(*(_forms(w) for w in words if len(w) > 2))
        if _mentions(rest, named) or _mentions(" ".join(x for x in items if x is not it), named):
            keep.append(it)  # the other thing is named again: it may take part
            continue
        drop.append(it)
    return m, keep, drop


def lone_amounts(text: str) -> list[str]:
    """The amounts of a sentence of their own about things the story names nowhere else ("She has 6
    kites." in a story of cans of soda) when the question names no thing ("what is the greatest
    number of tables"): no reader may use them, and none may leave them out either."""
    s = normalise(text)
    ss = sentences(s)
    if len(ss) < 2 or not ss[-1].question:
        return []
    if _asked_thing(question_parts(ss[-1].text)[1]) is not None:
        return []  # "how many books": the thing asked may take in the other thing ("5 novels")
    told = [x.text for x in ss[:-1]]
    found: list[str] = []
    for i, st in enumerate(told):
        rest = " ".join(told[:i] + told[i + 1 :] + [ss[-1].text])
        parts = _lone_parts(st, rest, " ".join([*told[i + 1 :], ss[-1].text]), None, strict=False)
        if parts is not None and not parts[1]:
            found += parts[2]  # a sentence of its own about things named nowhere else
    return found


def _drop_distractors(
    st: str, rest: str, question: str, statements: list[str], asked: list[str] | None, index: int
) -> tuple[str, str | None]:
    """`st` without the amounts held of a thing named nowhere else (and the note), or `st` as it is."""
    if asked is None:
        return st, None
    head = singular(asked[-1])
    if head in _GENERAL or head in _TAKE_PART:
        return st, None
    story = " ".join(statements)
    if not re.search(
        rf"(?<![\w.])\d+(?:\.\d+)?\s(?:[a-z-]+\s){{0,2}}(?:{'|'.join(map(re.escape, _forms(head)))})\b", story
    ):
        return st, None  # the asked thing must be counted in the story itself
    parts = _lone_parts(st, rest, " ".join(statements[index + 1 :]) + " " + question, head)
    if parts is None or not parts[2]:
        return st, None
    m, keep, drop = parts
    if not any(singular(it.split()[-1]) == head for it in keep):
        # only a list that holds the asked thing beside the other ("54 tickets and 4 pencils") sets
        # them apart; "He also has 5 novels." may be more of the "books" asked
        return st, None
    note = (
        f"The story also says {' and '.join(drop)}; the question asks about {plural(' '.join(asked))}, and nothing "
        "else in the story is about "
        + " or ".join(plural(it.partition(" ")[2]) for it in drop)
        + ", so "
        + ("that number does" if len(drop) == 1 else "those numbers do")
        + " not enter the answer."
    )
    listed = keep[0] if len(keep) == 1 else ", ".join(keep[:-1]) + " and " + keep[-1]
    return st[: m.start("list")] + listed + ".", note


def _drop_scene(st: str, rest: str, question: str, statements: list[str]) -> tuple[str, str | None]:
    """An empty text and the note when `st` is a numberless scene sentence that provably says nothing about
    any amount; `st` and None otherwise."""
    if re.search(r"\d", st) or not st.endswith("."):
        return st, None
    if QUANTITY_WORDS.search(st) or _NOT_SCENE.search(st) or untold_change([st], question):
        return st, None
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", st)]
    if any(w in GAIN or w in LOSE for w in words):
        return st, None
    content = {singular(w) for w in words if len(w) > 2 and w not in _FUNCTION}
    q_words = {singular(w.lower()) for w in re.findall(r"[A-Za-z]+", question) if len(w) > 2}
    if content & q_words:
        return st, None  # it speaks of what or whom the question asks about
    counted = set()
    for m in re.finditer(r"(?<![\w.])\d+(?:\.\d+)?\s((?:[a-z][a-z'-]*\s?){1,3})", " ".join(statements)):
        counted |= {singular(w) for w in m.group(1).split() if len(w) > 2 and w not in _FUNCTION}
    if content & counted:
        return st, None  # it speaks of something the story counts
    if any(singular(w) in _GENERAL for w in words):
        return st, None  # "they love toys": a general word may take in what is counted
    names = {w for w in re.findall(r"\b[A-Z][a-z]+", st) if w.lower() not in _FUNCTION and w not in _CALENDAR}
    if names and re.search(r"\b(?:he|she|they|we|I|you|his|her|their)\b", question):
        return st, None  # a person the question may mean by "he" / "they"
    return (
        "",
        f'The sentence "{st}" sets the scene: it states no amount and no change, so it does not enter the answer.',
    )
