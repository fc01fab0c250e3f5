"""The world a word problem describes: quantities (who holds how many of what), the unknowns the
story leaves open ("some", a holder never stated) and the relations between them, as SymPy
equations; and items (what is counted), compared by head noun and modifiers.

The phrasing table (:mod:`tutor.math.wordproblems.phrasings`) writes into a :class:`World`; the
question reads out of it (:mod:`tutor.math.wordproblems.solution`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.math.parse import sympy_module
from tutor.math.wordproblems.reading import singular

__all__ = ["Item", "World", "Event"]


# verbs that bring a thing into being: nothing of it was held before (a default, see World.change)
CREATE = {"made", "makes", "baked", "bakes", "built", "builds", "drew", "draws", "painted", "paints", "wrote", "writes",
          "grew", "grows", "picked", "picks", "collected", "collects", "caught", "catches", "cooked", "cooks",
          "planted", "plants", "knitted", "sewed", "folded", "carved", "scored", "earned", "won"}  # fmt: skip
_BUY = {"bought", "buys", "buy", "purchased", "purchases", "ordered", "orders"}


@dataclass(frozen=True)
class Item:
    """What is counted: its head noun (singular) and the words before it ("red apples" ->
    head "apple", mods {"red"})."""

    head: str
    mods: frozenset = frozenset()

    @classmethod
    def of(cls, words: list[str]) -> Item:
        words = [w.lower() for w in words if w]
        if "of" in words[1:]:  # "bottles of water": head bottle, "water" a modifier
            i = words.index("of")
            rest = [w for w in words[i + 1 :] if w not in ("the", "a", "an")]
            return cls(singular(words[i - 1]), frozenset(words[: i - 1] + rest))
        return cls(singular(words[-1]), frozenset(words[:-1]))

    def covers(self, other: Item) -> bool:
        """Does asking about `self` count `other` ("apples" counts "red apples")?"""
        return self.head == other.head and self.mods <= other.mods

    def __str__(self) -> str:
        return " ".join(sorted(self.mods) + [self.head])


@dataclass
class Event:
    """A change the story tells: who, what, which kind of verb ("gain" / "lose" and the verb
    itself), by how much (a number or an unknown)."""

    owner: str
    item: Item
    kind: str
    verb: str
    amount: object


@dataclass
class World:
    """Quantities per (holder, item), their first values, the changes told, the equations the
    relations give, and the unknowns; `last_owner` / `last_item` resolve "he" and "left"."""

    state: dict = field(default_factory=dict)
    initial: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    equations: list = field(default_factory=list)  # (sympy Eq, the sentence it came from)
    unknowns: list = field(default_factory=list)
    rates: dict = field(default_factory=dict)  # item counted per one of `per`: (per, item) -> value
    prices: dict = field(default_factory=dict)  # item -> dollars each
    last_owner: str | None = None
    last_item: Item | None = None
    names: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # each number the story states: its symbol -> value
    goals: dict = field(default_factory=dict)  # (holder, item) -> how many they need in all
    defaults: list = field(default_factory=list)  # (unknown, why it is 0 unless an equation says more)
    where: dict = field(default_factory=dict)  # each number's symbol -> the sentence that states it
    sentence: str = ""  # the sentence being read

    def given(self, value):
        """A number the story states, kept as a symbol so the equations show how it is used."""
        sp = sympy_module()
        sym = sp.Symbol(f"n_{len(self.values) + 1}", positive=True)
        self.values[sym] = value
        self.where[sym] = self.sentence
        return sym

    def unknown(self, label: str):
        sp = sympy_module()
        sym = sp.Symbol(f"u_{len(self.unknowns) + 1}", positive=True)
        self.unknowns.append((sym, label))
        return sym

    def get(self, owner: str, item: Item):
        """The current amount of `item` held by `owner`; an unknown when the story has not said
        (it is the holder's first amount, to be settled by the equations)."""
        key = (owner, item)
        if key not in self.state:
            sym = self.unknown(f"{item}s {owner} had at first")
            self.state[key] = sym
            self.initial[key] = sym
        return self.state[key]

    def has(self, owner: str, item: Item) -> bool:
        return (owner, item) in self.state

    def set_amount(self, owner: str, item: Item, amount, sentence: str) -> None:
        """ "A has N": the first amount, or an equation when A's amount is already told."""
        sp = sympy_module()
        item = self.resolve(owner, item)
        key = (owner, item)
        if key in self.state:
            self.equations.append((sp.Eq(self.state[key], amount), sentence))
        else:
            self.state[key] = amount
            self.initial[key] = amount
        self.touch(owner, item)

    def change(self, owner: str, item: Item, kind: str, verb: str, amount) -> None:
        item = self.resolve(owner, item)
        first = (owner, item) not in self.state
        cur = self.get(owner, item)
        if first and kind == "gain" and verb in CREATE:
            # "A baker made 24 cakes": none before making them, unless the story says otherwise
            self.defaults.append((cur, f"{owner} had no {item}s before they were {verb}"))
        self.state[(owner, item)] = cur + amount if kind == "gain" else cur - amount
        self.events.append(Event(owner, item, kind, verb, amount))
        self.touch(owner, item)

    def touch(self, owner: str, item: Item) -> None:
        """`owner` and `item` were just spoken of ("he", "left" refer to them next)."""
        self.last_owner = owner
        self.last_item = item
        if owner not in self.names and owner != "*":
            self.names.append(owner)

    def resolve(self, owner: str, item: Item) -> Item:
        """The item a shorter mention means: "six more fish" after "26 pet fish" is pet fish
        (when exactly one of the holder's items fits)."""
        if (owner, item) in self.state:
            return item
        fits = {k[1] for k in self.state if k[0] == owner and item.covers(k[1])}
        return fits.pop() if len(fits) == 1 else item

    def derived(self, item: Item, owner: str | None = None):
        """`item` counted through a rate when nobody holds it directly: 9 shelves of 56 books
        each -> 9 * 56 books; 710 bars in boxes of 5 -> 710 / 5 boxes. None when no single
        rate applies."""
        found = []
        for (per, it), rate in self.rates.items():
            if item.covers(it):
                bought = [
                    e.amount
                    for e in self.events
                    if e.verb in _BUY and per.covers(e.item) and owner in (None, e.owner)
                ]
                keys = self.holdings(per, owner)
                if it.head in ("dollar", "cent") and bought:  # money spent: what was bought, at its price
                    found.append(rate * sympy_module().Add(*bought))
                elif keys:
                    found.append(rate * sympy_module().Add(*[self.state[k] for k in keys]))
            elif item.covers(per):
                keys = self.holdings(it, owner)
                if keys:
                    found.append(sympy_module().Add(*[self.state[k] for k in keys]) / rate)
        return found[0] if len(found) == 1 else None

    def holdings(self, item: Item, owner: str | None = None) -> list:
        """Every (holder, item) key the question's `item` covers (of one holder when given);
        empty when a quantity of the same thing is left out ("pet fish" asked, "fish" told):
        then the question is not clear and the reader refuses."""
        scope = [k for k in self.state if owner is None or k[0] == owner]
        keys = [k for k in scope if item.covers(k[1])]
        if any(k[1].head == item.head and k[1].mods < item.mods for k in scope):
            return []
        return keys
