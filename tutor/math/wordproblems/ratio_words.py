"""Verb forms the ratio reader (:mod:`ratios`) matches: the tenses of irregular verbs that name a
ratio's parts ("games lost" / "did the team lose"), and the actions a question may ask about
("how many did the shop buy" of pens sold is another quantity)."""

from __future__ import annotations

import re

__all__ = ["IRREGULAR_VERBS", "actions"]

# irregular verbs naming a ratio's parts: one form for the tenses, so "games lost" and "did the
# team lose" match (only these: merging buy/bought would make "books he bought" name both parts of
# "books to pens he has to buy")
IRREGULAR_VERBS = {
    "lose": "lost", "loses": "lost", "losing": "lost", "loss": "lost", "win": "won", "wins": "won",
    "winning": "won", "beat": "beaten", "beats": "beaten", "beating": "beaten",
}  # fmt: skip
# verbs of an action on the things counted: a question's must be one the story used
_ACTION_LEMMA = {
    form: lemma
    for lemma, forms in {
        "sell": ("sell", "sells", "sold", "selling"), "buy": ("buy", "buys", "bought", "buying"),
        "eat": ("eat", "eats", "ate", "eaten", "eating"), "make": ("make", "makes", "made", "making"),
        "lose": ("lose", "loses", "lost", "losing", "loss", "losses"), "win": ("win", "wins", "won", "winning"),
        "catch": ("catch", "catches", "caught", "catching"), "read": ("read", "reads", "reading"),
        "spend": ("spend", "spends", "spent", "spending"), "keep": ("keep", "keeps", "kept", "keeping"),
    }.items()
    for form in forms
}  # fmt: skip


def actions(text: str) -> set[str]:
    return {_ACTION_LEMMA[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _ACTION_LEMMA}
