"""The multi-step reader's record of a story (:mod:`chains`): every number the story states as a
SymPy symbol of its own (so the reader can tell which numbers the answer depends on), every
quantity as a named unknown with versions (Tom's apples at first, after he gave 4 away, ...), the
events the story tells (who did what to how many of which thing, and when), and the equations, one
per statement, in the story's order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.chain_names import name_gender
from tutor.math.wordproblems.chain_words import _PARTS as PARTS
from tutor.math.wordproblems.chain_words import multiplier

__all__ = ["Story", "Event", "Unread", "holder", "resolve", "agrees", "story_names", "factor"]


class Unread(ValueError):
    """A statement or question the reader could not account for (the reader then refuses)."""


@dataclass
class Event:
    """Something a holder did: `verb` (its base form) to `amount` of `item`, `when` it happened
    ("monday", "" when the story does not say), `per` the period of a repeated amount ("day")."""

    owner: str
    verb: str
    item: str
    amount: object
    when: str = ""
    per: str = ""
    on: str = ""  # for money spent or earned: the thing bought or sold
    # compared with before it was told ("Eliot got twice as many votes as Shaun"): "pending" until
    # the holder's own act is read, then "told" (a second such act: which one was compared?)
    state: str = ""


@dataclass
class Story:
    """What the reader has read so far."""

    values: dict = field(default_factory=dict)  # number symbol -> its value (SymPy Rational)
    where: dict = field(default_factory=dict)  # number symbol -> the sentence it came from
    labels: dict = field(default_factory=dict)  # unknown -> what it names ("Tom's apples")
    equations: list = field(default_factory=list)  # (SymPy Eq, sentence index) in story order
    current: dict = field(default_factory=dict)  # (owner, item) -> its latest unknown
    first: dict = field(default_factory=dict)  # (owner, item) -> its first unknown
    events: list = field(default_factory=list)
    prices: dict = field(default_factory=dict)  # item -> the unknown "price of one item"
    holds: dict = field(default_factory=dict)  # (container, item) -> number in one container
    goals: dict = field(default_factory=dict)  # (holder, verb or None, item) -> the target amount
    discounted: set = field(default_factory=set)  # holders given a discount on what they spent
    tendered: dict = field(default_factory=dict)  # holder -> the unknown "what they handed over"
    takes: dict = field(default_factory=dict)  # (holder or None, verb, item) -> (time for one, unit)
    parts: dict = field(default_factory=dict)  # (holder, item) -> the kinds of it named ("red ball")
    persons: list = field(default_factory=list)  # named holders in order of first mention
    last_owner: str | None = None
    before: str | None = None  # the holder named before the clause being read
    last_item: str | None = None
    sentence: int = 0
    consumed: list = field(default_factory=list)  # the numerals the current sentence used
    recording: list | None = None  # the numbers a clause read, to read them again (replay)
    replay: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # pieces with no amount in them ("Noah is a painter")
    fractioned: set = field(default_factory=set)  # (holder, item) a part of which was taken ("half of it")
    names: set = field(default_factory=set)  # the words that may name a person, said before the clause
    all_names: set = field(default_factory=set)  # and in the whole story
    dozens: bool = (
        False  # the story counts in dozens (written out as 12s): "2 dozen eggs at 3 dollars" is per dozen?
    )

    # -- numbers and unknowns ------------------------------------------------------------
    def number(self, text: str):
        """A numeral of the story as its own symbol n_k (its value kept aside)."""
        sp = sympy_module()
        if self.replay:  # "Tom and Mary each have 5 apples": the one 5, read for each of them
            said, sym = self.replay.pop(0)
            if said != text:
                raise Unread(text)
            return sym
        sym = sp.Symbol(f"n{len(self.values) + 1}", positive=True)
        self.values[sym] = sp.Rational(text)
        self.where[sym] = self.sentence
        self.consumed.append(text)
        if self.recording is not None:
            self.recording.append((text, sym))
        return sym

    def unknown(self, label: str):
        sp = sympy_module()
        sym = sp.Symbol(f"u{len(self.labels) + 1}")
        self.labels[sym] = label
        return sym

    def equation(self, lhs, rhs) -> None:
        sp = sympy_module()
        self.equations.append((sp.Eq(lhs, rhs, evaluate=False), self.sentence))

    # -- quantities held -----------------------------------------------------------------
    def key_of(self, owner: str, item: str) -> tuple[str, str]:
        """Where `owner`'s `item` is kept: as said, or the one kind of it the holder has ("his
        cards" are his baseball cards, "4 bags" are 4 of her bags of chips)."""
        key = (owner, item)
        if key in self.current:
            return key
        kinds = [
            k
            for k in self.current
            if k[0] == owner
            and (
                (k[1].endswith(" " + item) and " of " not in k[1])
                or (" of " in k[1] and k[1].split(" of ")[0] == item)
            )
        ]
        return kinds[0] if len(kinds) == 1 else key

    def holding(self, owner: str, item: str, create: bool = True):
        """The latest unknown for what `owner` holds of `item`; a first one (its amount at the
        start, not yet known) when the story has not said."""
        owner, item = self.key_of(owner, item)
        key = (owner, item)
        if key not in self.current:  # held in containers: 4 bags of 20 apples are 80 apples
            held = [
                self.current[(owner, c)] * k
                for (c, i), k in self.holds.items()
                if i == item and (owner, c) in self.current
            ]
            if len(held) == 1:
                self.has(owner, item, held[0])
        if key not in self.current:
            if not create:
                raise Unread(f"nothing read about {owner}'s {item}")
            sym = self.unknown(f"{_possessive(owner)} {item}")
            self.current[key] = sym
            self.first[key] = sym
        return self.current[key]

    def has(self, owner: str, item: str, expr) -> None:
        """`owner` has `expr` of `item` now: a new quantity, or a condition on the one held."""
        owner, item = self.key_of(owner, item)
        key = (owner, item)
        if key in self.current:
            self.equation(self.current[key], expr)
            return
        if expr in self.labels and expr not in self.current.values():  # "some pencils": that unknown
            self.current[key] = self.first[key] = expr
            self.labels[expr] = f"{_possessive(owner)} {item}"
            return
        sym = self.unknown(f"{_possessive(owner)} {item}")
        self.current[key] = sym
        self.first[key] = sym
        self.equation(sym, expr)

    def change(self, owner: str, item: str, delta, start_empty: bool) -> None:
        """`owner`'s `item` grows by `delta` (negative: shrinks). A holder never said to hold
        any starts with the change itself when `start_empty` (things bought, made, picked)."""
        owner, item = self.key_of(owner, item)
        key = (owner, item)
        if key not in self.current and start_empty:
            self.has(owner, item, delta)
            return
        old = self.holding(owner, item)
        new = self.unknown(f"{_possessive(owner)} {item} after that")
        self.current[key] = new
        self.equation(new, old + delta)

    def price(self, item: str):
        if item not in self.prices:
            self.prices[item] = self.unknown(f"the price of one {item} (dollars)")
        return self.prices[item]

    def note_person(self, owner: str) -> None:
        if owner not in self.persons:
            self.persons.append(owner)


def _possessive(owner: str) -> str:
    if owner in ("there", ""):
        return "the"
    return owner + ("'" if owner.endswith("s") else "'s")


# holders that are people (he, she) or may be either (animals): any other "the X" is a thing (it)
_PEOPLE = set(
    "man woman boy girl teacher farmer baker florist chef mom dad mother father brother sister friend son daughter "
    "aunt uncle grandma grandpa grandmother grandfather cousin wife husband neighbor boss coach student kid child "
    "owner manager worker doctor nurse driver player artist gardener seller vendor clerk waiter waitress cook "
    "principal lady gentleman grandson granddaughter niece nephew".split()
)
_ANIMALS = set(
    "dog cat horse cow pig bird puppy kitten rabbit hamster parrot goat sheep chicken hen duck".split()
)


_MALE = set(
    "man boy father dad brother son uncle grandpa grandfather husband gentleman grandson nephew".split()
)
_FEMALE = set(
    "woman girl mother mom sister daughter aunt grandma grandmother wife lady granddaughter niece".split()
)
# capitalised words that are not names
_NOT_NAMES = set(
    "The A An How What Which Who Whom If When After Before Then There This That These Those He She It They We I "
    "His Her "
    "Their Its Each Every On In At For From To By Of And But So Some All Both One Two Three Four Five Six Seven Eight "
    "Nine Ten Mr Mrs Ms Dr Miss Monday Tuesday Wednesday Thursday Friday Saturday Sunday Calculate Find Determine "
    "Compute Altogether Together Also Later Now Last Next First Today Yesterday Tomorrow Since While During Once "
    "Meanwhile Unfortunately Finally Additionally However Still Instead Besides Due With Without Over Under Per".split()
)


def story_names(text: str) -> set:
    """The capitalised words of `text` that may name people (over-reading only costs answers): a
    word that opens a sentence ("Shirts cost $20") only when it is a listed name or written
    capitalised elsewhere too."""
    inner = set(re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b", text))
    every = set(re.findall(r"\b[A-Z][a-z]+\b", text))
    return {w for w in every if w not in _NOT_NAMES and (w in inner or name_gender(w))}


def _gender(owner: str) -> str | None:
    if owner[:1].isupper():
        return name_gender(owner)
    noun = owner.split()[-1]
    return "m" if noun in _MALE else "f" if noun in _FEMALE else None


def resolve(story: Story, pronoun: str, owner: str, exclude: str | None = None) -> str:
    """`owner` as what `pronoun` names, or :class:`Unread`: it must agree with `owner`, and "he"
    or "she" must have no other person it could name (the story's other names, people such as "his
    mother"), except `exclude` (the clause's own subject: "His brother has 6 fewer than he has")
    and people of the other gender ("his mother")."""
    low = pronoun.lower()
    if owner == exclude and low in ("him", "her"):  # "She gave 2 to him": the one other person it fits
        return _the_other(story, low, owner)
    if not agrees(low, owner, story):
        raise Unread(f'"{pronoun}" does not name {owner}')
    if low in ("he", "him", "she", "her") and (owner[:1].isupper() or owner.split()[-1] in _PEOPLE):
        want = "m" if low in ("he", "him") else "f"
        others = {n for n in story.names if n not in owner.split()}
        others |= {p for p in story.persons if p != owner and (p[:1].isupper() or p.split()[-1] in _PEOPLE)}
        others |= {k[0] for k in story.current if k[0].startswith("the ") and k[0].split()[-1] in _PEOPLE}
        others.discard(owner)
        if exclude is not None:
            others -= {exclude, *exclude.split()}
        if _gender(owner) not in (None, want):  # "Tom ... Mary ... He": the one person it fits
            fits = [o for o in others if _gender(o) == want]
            if len(fits) != 1 or fits[0] not in story.persons or any(_gender(o) is None for o in others):
                raise Unread(f'"{pronoun}" does not name {owner}')
            return fits[0]
        if any(_gender(o) in (None, want) for o in others):
            raise Unread(f'"{pronoun}" may name {owner} or another person')
    return owner


def _the_other(story: Story, pronoun: str, subject: str) -> str:
    want = "m" if pronoun in ("he", "him") else "f"
    others = {p for p in story.persons if p != subject and (p[:1].isupper() or p.split()[-1] in _PEOPLE)}
    others |= {n for n in story.names if n not in subject.split()}
    fits = [o for o in others if _gender(o) == want]
    if len(fits) != 1 or fits[0] not in story.persons or any(_gender(o) is None for o in others):
        raise Unread(f'"{pronoun}" names no one person')
    return fits[0]


def agrees(pronoun: str, owner: str, story: Story) -> bool:
    """Whether `pronoun` may name `owner`: "it" a thing or an animal, never a person; "he" and
    "she" a person or an animal, never a thing; "they" a group, a thing (a store), or the one
    person the story names. The reader never guesses across a disagreement: "Tom has 5 apples.
    How many apples does it have?" is not about Tom."""
    if owner in ("I", "there", "they"):
        return owner == "they" and pronoun in ("they", "them")
    if owner in ("he", "she", "it"):  # one holder the story never named
        return {"him": "he", "her": "she", "them": "they"}.get(pronoun, pronoun) == owner
    words = owner.split()
    if owner[:1].isupper():  # a name: a person
        if re.search(r"\s(?:and|&)\s|,", owner):
            return pronoun in ("they", "them")
        if pronoun in ("it",):
            return False
        if pronoun in ("they", "them"):
            return story.persons == [owner]
        return True
    noun = words[-1]
    if noun in _ANIMALS:
        return pronoun not in ("they", "them")
    if noun in _PEOPLE:
        return pronoun != "it"
    return pronoun in ("it", "they", "them")


def holder(story: Story, word: str) -> str:
    """The holder a subject names: a name as written, a pronoun as the holder last named."""
    w = word.strip()
    low = w.lower()
    if low in ("he", "she", "him", "her", "it", "they", "them"):
        if story.last_owner is None:
            return {"him": "he", "her": "she", "them": "they"}.get(low, low)  # one holder, unnamed
        return resolve(story, w, story.last_owner)
    if low in ("i", "we"):
        return "I"
    m = re.fullmatch(r"(?:his|her|their)\s[a-z]+\s([A-Z][a-z]+)", w)
    if m:  # "his brother Fred"
        return m.group(1)
    if re.match(r"(?:his|her|their)\s", low):
        return "the " + low.split()[1]
    if low.startswith(("the ", "a ", "an ")):
        return "the " + low.split(" ", 1)[1]
    return w


def factor(text: str, story: Story):
    """A multiplier as a SymPy number: 2 for "twice", 1/3 for "a third", n for "n times"."""
    sp = sympy_module()
    m = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if m:  # "3/8": both numbers are the story's
        return story.number(m.group(1)) / story.number(m.group(2))
    m = re.fullmatch(r"(\d+)-([a-z]+)", text.strip())
    if m and m.group(2) in PARTS:  # "4-fifths"
        return story.number(m.group(1)) * sp.Rational(1, PARTS[m.group(2)])
    frac, num = multiplier(text)
    if frac:
        return sp.Rational(*frac)
    if num is None:
        raise Unread(f'"{text}"')
    return story.number(num)
