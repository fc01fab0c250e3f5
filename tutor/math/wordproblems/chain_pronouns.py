"""A pronoun no one in the story can be (issue 25, found by perturbing the answered GSM8K rows: one
"she" changed to "he", the same answer given). "Ines had $20 in her purse. He bought 3 pounds of
peaches." Who bought them? Not Ines; no man is in the story. A reader that takes every pronoun for
the story's one person answers as if Ines bought them: confidently wrong. Refused here, at the front
door (precision_gates), for every reader.

A pronoun needs someone it can name: a named person of its gender, a name of no known gender
(Sam, Alex, a name not listed), or a person the story names by a gendered word ("her father",
"Mr. Lee"). And one person cannot be both "he" and "she": a story with one name of no known
gender, no gendered word, and both pronouns is refused too.
"""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_names import name_gender
from tutor.math.wordproblems.chain_story import story_names
from tutor.math.wordproblems.chain_words import verb_of

__all__ = ["pronoun_without_person"]

_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
_MEN = re.compile(
    r"\b(?:father|dad|daddy|brothers?|husband|sons?|uncle|grandpa|grandfather|grandson|nephew|man|men|boys?|king"
    r"|mr|sir|gentleman|boyfriend|prince|guy|fathers|uncles|husbands)\b",
    re.I,
)
_WOMEN = re.compile(
    r"\b(?:mother|mom|mum|mommy|sisters?|wife|daughters?|aunt|grandma|grandmother|granddaughter|niece|woman|women"
    r"|girls?|queen|mrs|ms|miss|madam|lady|ladies|girlfriend|princess|mothers|aunts|wives)\b",
    re.I,
)


# capitalised words that open a sentence and are not people
_NOT_PEOPLE = set(
    """The A An If In On At After Before When While Then So But And Each Every There It Its This That These Those
    They He She His Her Their We I You Our My How What Which Who Some All Most Many Half One Two Three Four Five
    Last Next Later During Since Today Yesterday Tomorrow Now Also Both Only For From To Of With By As Find Calculate
    January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Christmas Easter Halloween Thanksgiving""".split()
)
# someone the story does not name, doing something: "A baker had", "The store owner bought"
_UNNAMED = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=,\s)|(?<=\band\s)|(?<=\bthen\s)|(?<=\bif\s)|(?<=\bwhen\s)|(?<=\bIf\s)|(?<=\bWhen\s))"
    r"(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s(?:[a-z]+\s)?(?!(?:and|or|but|then|to|of|in|on|at|for|with|from)\b)[a-z]+(?:'s\s[a-z]+)?\s(?:[a-z]+ed|[a-z]+s|had|made|put|gave|got|took|bought|sold|was|were|ate|ran|won|wanted)\b"
)
# (only opening a clause: "his coins and had 27 left", "the local farmers' market", "his toy cars to"
# are no unnamed person doing something)
_STARTS = re.compile(r"(?:^|[.!?]\s+)([A-Z][a-z]+)('s)?\s+([a-z]+)")


def _people(text: str) -> set[str]:
    """The story's names: those :func:`story_names` finds, and a capitalised word opening a sentence
    that does something ("Ines had", "Robie bought") or owns something ("Lizzy's")."""
    text = re.sub(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s[A-Z][a-z]+", "someone", text)  # counted by the title
    out = {n for n in story_names(text) if n not in _NOT_PEOPLE}
    for m in _STARTS.finditer(text):
        word, owns, nxt = m.groups()
        if word in _NOT_PEOPLE:
            continue
        if (
            owns
            or verb_of(nxt) is not None
            or nxt.endswith("ed")
            or nxt in ("is", "was", "will", "went", "goes")
        ):
            out.add(word)
    return out


def pronoun_without_person(text: str) -> str | None:
    """Why a pronoun of `text` (the whole story with its question) names no one; None when every
    pronoun has someone it can name."""
    he, she = _HE.search(text), _SHE.search(text)
    if not he and not she:
        return None
    people = _people(text)
    titled = re.search(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s[A-Z]", text)  # "Mrs. Lee": a named woman
    if not (people or titled) or _UNNAMED.search(text):
        return None  # "A baker had 7 boxes. He ...": a pronoun may name someone the story does not name
    genders = [name_gender(n) for n in people]
    men = any(g != "f" for g in genders) or bool(_MEN.search(text))
    women = any(g != "m" for g in genders) or bool(_WOMEN.search(text))
    if he and not men:
        return f'"{he.group(0)}": the story names no man or boy it could be.'
    if she and not women:
        return f'"{she.group(0)}": the story names no woman or girl it could be.'
    if (
        he
        and she
        and len(genders) == 1
        and genders[0] is None
        and not (_MEN.search(text) or _WOMEN.search(text))
    ):
        return 'The story\'s one person is both "he" and "she".'
    return None
