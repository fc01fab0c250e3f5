"""A question about something the story never names is not the story's question (issue 25's
precision rule "never confidently wrong"): every reader would answer it with the story's amounts.

    "Tom has 36 cookies. He shares them equally among 3 friends. How many cookies does each teacher get?"
    "A school has 8 buses and each bus holds 45 students. How many students can ride in the cars?"
    "Adam bought 5 boxes of candy. Each box has 9 pieces. How many pieces does his sister have?"
    "Tom earns 10 dollars an hour. How many hours must Ann work to earn 70 dollars?"

Three kinds of word are checked, each against the whole story (singular and plural alike): the
name of the one the question asks about ("must Ann work"; only where the story names people), a
place or container after "in / on / into / inside / for", and a person or thing
after "each / every" (a person after "his / her" is not: "how many did his grandmother bake" may
ask for that very person's amount). Words for time ("in a week"), for the whole
("in all", "in total") and for people in general are not names of things the story must hold.
"""

from __future__ import annotations

import re

from tutor.math.wordproblems.questions import question_parts
from tutor.math.wordproblems.reading import normalise, sentences, singular

__all__ = ["unnamed_in_question"]

_TIME = (
    "second minute hour day week weekend month year morning afternoon evening night noon time today "
    "tomorrow yesterday fortnight decade century"
)
_DAYS = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december"
)
# words that name no particular thing of the story: the whole, people in general, an amount
_GENERAL = set(
    (
        _TIME
        + " "
        + _DAYS
        + " all total end sum number amount rest whole everything everyone everybody each other "
        "person people one ones group groups way order addition average same first second third last "
        "remaining left price cost money dollar cent change area perimeter volume side length width height "
        "depth weight speed age size distance value score beginning past future start type kind sort flavor "
        "color colour could can will would should must might may collection world mind head"
    ).split()
)
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Miss)\.?\s")
# capitalised at a sentence's start, not names
_NOT_NAMES = set(
    "The A An There Each Every If On In At After Before Then When While This That These Those It He She They We "
    "I You His Her Their Its My Our One Some All Last Next Today Yesterday Later During For From With How What "
    "Both Half Only So But And Or Now Also".split()
)
# the one the question asks about: "must Ann work", "does Sam have"
_ASKED = re.compile(
    r"\b(?:does|did|do|will|would|can|could|must|should|shall|is|was|are|were)\s([A-Z][a-z]+)\b"
)
_NAME = re.compile(r"(?<![\w'])([A-Z][a-z]+)(?:'s)?\b")
_PLACE = re.compile(
    r"\b(?:in|on|into|inside|onto|for)\s(?:the|a|an|his|her|their|its|my|our|your|this|that|each|every|one)\s"
    r"([a-z]+)(?:\s([a-z]+))?\b"
)
_OWNED = re.compile(r"\b(?:each|every)\s(?!of\b)([a-z]+)(?:\s([a-z]+))?\b")


def _words(text: str) -> set[str]:
    return {singular(w) for w in re.findall(r"[a-z]+", text.lower())}


def unnamed_in_question(text: str) -> str | None:
    """The reason to refuse when the question asks about a person, place or thing the story
    never names; None when everything it names is in the story."""
    ss = sentences(normalise(text))
    if len(ss) < 2 or not ss[-1].question:
        return None
    question = ss[-1].text
    story = " ".join(s.text for s in ss[:-1])
    cond, asked = question_parts(question)  # an "If ..." clause in the question is story too
    if cond:
        story, question = f"{story} {cond}", asked
    told = _words(story)
    told_names = set(_NAME.findall(_TITLE.sub("", story)))
    q = _TITLE.sub("", question)
    # people named inside the story's sentences (a sentence's first word may be any word)
    named = {n for st in ss[:-1] for n in _NAME.findall(_TITLE.sub("", st.text))} - _NOT_NAMES
    for name in _ASKED.findall(q):
        if name.lower() in _GENERAL:
            continue
        # a story told of "she" and "her sister" may name them first in the question
        if named and name not in told_names and name.lower() not in told:
            return f"The question asks about {name}, whom the story does not mention."
    for pattern in (_PLACE, _OWNED):
        for found in pattern.finditer(q):
            # "in the big box", "in the school now": the thing is one of the (up to) two words
            words = [w for w in found.groups() if w]
            elsewhere = _words(q[: found.start()] + " " + q[found.end() :])  # "strips ... if each strip"
            if any(singular(w) in told | elsewhere or singular(w) in _GENERAL for w in words):
                continue
            if pattern is _OWNED and re.match(
                r"(?:each|every)\s(?:get|gets|receive|receives|have|has|need|needs|pay|pays|make|makes|take|takes)\b",
                found.group(0),
            ):
                continue  # "will each receive": a verb after "each", not a thing
            return f'The question asks about "{words[0]}", which the story does not mention.'
    return None
