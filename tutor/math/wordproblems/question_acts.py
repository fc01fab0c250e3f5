"""A question about another act than the story tells is not the story's question: "Adam sold 5
boxes of candy. Each box has 9 pieces. How many pieces did he buy?" would be answered 45 by every
reader that multiplies. When the story tells acts of the checked kinds (buy, sell, eat, earn, spend,
...) but not the asked one, in any form of the verb or one that means the same act for the question
(spending is told by buying or paying; earning by selling), the story is refused. A story that tells
none of them may leave the asked act as its unknown ("She had $15 and left with $11. How much did
she spend?"). "get", "have", "make", "need" and "save" are left to the readers.
"""

from __future__ import annotations

import re

from tutor.math.wordproblems.questions import question_parts
from tutor.math.wordproblems.reading import normalise, sentences

__all__ = ["untold_act"]

# each checked act, and the words that tell it in a story (forms of the verb, and acts that imply it)
_TOLD_BY = {
    "buy": r"buy|buys|bought|buying|purchas\w*|spen[dt]\w*|pa(?:y|ys|id|ying)|cost\w*|orders?|ordered",
    "sell": r"sell|sells|sold|selling|sale",
    "eat": r"eat|eats|ate|eaten|eating",
    "drink": r"drink|drinks|drank|drunk|drinking",
    "earn": r"earn\w*|sold|sell\w*|paid|pays?|charg\w*|made|makes|wage|salary|income|tips?",
    "spend": r"spen[dt]\w*|buy\w*|bought|pa(?:y|ys|id|ying)|purchas\w*|cost\w*|orders?|ordered",
    "pay": r"pa(?:y|ys|id|ying)|spen[dt]\w*|buy\w*|bought|purchas\w*|cost\w*|charg\w*|orders?|ordered",
    "read": r"read|reads|reading",
    "bake": r"bake\w*|baking|made|makes",
    "plant": r"plant\w*",
    "donate": r"donat\w*|gave|give\w*",
    "lose": r"lose|loses|lost|losing",
    "find": r"find|finds|found|finding",
    "catch": r"catch\w*|caught",
}
# the forms of each act's own verb: a story that tells another of these acts and not the asked one
# answers another question ("sold ... how many did he buy?"); a story that tells none may leave the
# asked act as its unknown ("She had $15 and left with $11. How much did she spend?")
_OWN = {
    "buy": r"buy|buys|bought|purchas\w*",
    "sell": r"sell|sells|sold",
    "eat": r"eat|eats|ate|eaten",
    "drink": r"drink|drinks|drank|drunk",
    "earn": r"earn|earns|earned",
    "spend": r"spend|spends|spent",
    "pay": r"pay|pays|paid",
    "read": r"read|reads",
    "bake": r"bake|bakes|baked",
    "plant": r"plant|plants|planted",
    "donate": r"donate|donates|donated",
    "lose": r"lose|loses|lost",
    "find": r"find|finds|found",
    "catch": r"catch|catches|caught",
}
# "did he buy", "will Ann sell", "does the shop sell": an auxiliary, its subject, the act
_ASKED_ACT = re.compile(
    r"\b(?:do|does|did|will|would|can|could|must|should)\s(?:(?:the|his|her|their|a|an)\s)?[A-Za-z]+\s"
    r"(?:(?:still|also)\s)?(?P<act>[a-z]+)\b"
)


def untold_act(text: str) -> str | None:
    """The reason to refuse when the question asks about an act the story never tells; None
    otherwise."""
    ss = sentences(normalise(text))
    if len(ss) < 2 or not ss[-1].question:
        return None
    cond, asked = question_parts(ss[-1].text)
    story = " ".join(s.text for s in ss[:-1]) + " " + (cond or "")
    m = _ASKED_ACT.search(asked)
    if m is None or m["act"] not in _TOLD_BY:
        return None
    if re.search(rf"\b(?:{_TOLD_BY[m['act']]})\b", story, re.I):
        return None
    others = [
        act for act, forms in _OWN.items() if act != m["act"] and re.search(rf"\b(?:{forms})\b", story, re.I)
    ]
    if not others:
        return None  # the asked act may be the story's unknown
    return f'The question asks what was done by "{m["act"]}", which the story does not tell.'
