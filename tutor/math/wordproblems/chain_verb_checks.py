"""Stories whose verbs do not agree with the reading a looser reader would give them (issue 25,
found by perturbing the answered GSM8K rows: one verb changed, the answer stayed the same).

A reader that matches amounts and their relations by the thing counted, not by what was done to it,
gives a confident number to stories like these:

- money of the other direction: "Ann sells 3 cakes for $5 each. How much does she spend?" (a sale
  read as spending), "Ben buys 4 pens for $2 each. How much money does he make?";
- a comparison between amounts of different doings: "Cody buys 3 times as many cookies as Amir
  eats. If Amir eats 5, how many do they eat together?", "Mia sold 4 more pears than Leo. Leo
  bought 9 pears. How many pears did they buy?";
- "fewer" with nothing it is fewer than: "Kim had 30 roses. She gave 12 away. She bought 5 fewer
  roses." (fewer than she gave? than last week?), "Ann picked 12 apples. Ben picked 5 fewer
  apples." (7, but read as 5 picked): refused at the front door (precision_gates), for every reader.

Each check names the class; the caller refuses (a refusal is fine, a wrong answer is not). No
SymPy here, and each check is a few regular expressions over one short story.
"""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_story import story_names
from tutor.math.wordproblems.chain_words import verb_of

__all__ = [
    "someone_elses_count",
    "count_of_another_time",
    "fewer_than_what",
    "unread_story",
    "untold_passive",
    "verbs_disagree",
]

_SELL = re.compile(r"\b(?:sell|sells|sold|selling)\b", re.I)
_BUY = re.compile(
    r"\b(?:buy|buys|bought|buying|purchase[sd]?|purchasing|spend|spends|spent|pay|pays|paid)\b", re.I
)
_ASKS_SPEND = re.compile(r"\b(?:spend|spends|spent|pay|pays|paid|owe|owes)\b", re.I)
_ASKS_EARN = re.compile(
    r"\b(?:make|makes|made|earn|earns|earned|raise|raises|raised|collect|collects|collected|take\sin|took\sin)\b",
    re.I,
)
_ASKS_MONEY = re.compile(r"\bhow\smuch\b|\bdollars?\b|\bmoney\b|\bcents?\b|\$", re.I)
_PRONOUNS = {"he", "she", "they", "i", "we", "you"}
# question words that name no one; "is", "was", "will" ... after a name say what it holds or does
_NOT_ASKED = set("How What If In On At Which Who When Mr Mrs Ms Dr The".split())
_HOLDS = set("is was are were will would can could did does".split())
_LEADS = set("if then so and after later now also first next finally but that".split())
# what "did X spend" asks about: a person (a name or a pronoun), not "the store"
_Q_SUBJECT = re.compile(r"\b(?:did|does|do|will|would|can|could|has|have|had)\s(?P<s>[A-Za-z]+)\b")

# a comparison: "3 more ... than", "twice as many ... as", "fewer" (with or without "than")
_COMPARES = re.compile(
    r"\b(?:more|fewer|less)\b[^.?!]*?\bthan\b|\bas\s(?:many|much)\b[^.?!]*?\bas\b|\bfewer\b|\bless\b(?!\sthan\s\d)",
    re.I,
)
_BARE_FEWER = re.compile(
    r"\b(?:\d+(?:\.\d+)?|a\sfew)\s(?:[a-z]+\s){0,2}?(?:fewer|less)\b(?![^.?!]*\bthan\b)", re.I
)
# a verb form written after a determiner or a number is a noun: "3 plants", "a ride", "the score"
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|of|his|her|their|its|my|our|your|many|some|each|every|per)|\d)\s$", re.I
)
# doings a comparison may be about that the verb list does not hold
_MORE_DOINGS = {"join": "join", "joins": "join", "joined": "join", "arrive": "arrive", "arrives": "arrive",
                "arrived": "arrive", "bring": "bring", "brings": "bring", "brought": "bring"}  # fmt: skip


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"(?:[^.!?]|\.(?=\d))+[.!?]?", text) if s.strip()]


def _doings(text: str) -> set[str]:
    """The base forms of the verbs of `text` that do something to an amount (not "has", "is")."""
    out = set()
    for m in re.finditer(r"[A-Za-z]+", text):
        w = m.group(0).lower()
        if _NOUN_BEFORE.search(text[: m.start()]):
            continue
        v = verb_of(w)
        if v is not None and v[1] != "have":
            out.add(v[0])
        elif w in _MORE_DOINGS:
            out.add(_MORE_DOINGS[w])
    return out


def _by_a_person(sentence: str, verb: re.Pattern, names: set[str]) -> bool:
    """Whether `verb` in `sentence` is done by a person: the sentence's subject (after "If",
    "Then", ...) is a name or a personal pronoun ("Sophie sells", "If he sells", "Alan went to the
    market and sold"), not "The store sells"."""
    if not verb.search(sentence):
        return False
    words = re.findall(r"[A-Za-z']+", sentence)
    while words and words[0].lower() in _LEADS:
        words = words[1:]
    if not words:
        return False
    first = words[0].removesuffix("'s")
    if first.lower() in _PRONOUNS or first in names:
        return True
    # "Ravi buys ...": a capitalised word doing the verb is someone, named or not
    return first[:1].isupper() and len(words) > 1 and verb_of(words[1]) is not None


def _money_other_way(statements: list[str], question: str, names: set[str]) -> str | None:
    if not _ASKS_MONEY.search(question):
        return None
    m = _Q_SUBJECT.search(question)
    if m is None or not (m.group("s").lower() in _PRONOUNS or m.group("s") in names):
        return None  # "How much did the store make?": the buyers' spending is the store's takings
    if _ASKS_SPEND.search(question) and any(_by_a_person(s, _SELL, names) for s in statements):
        return "money from a sale, asked as money spent"
    if (
        _ASKS_EARN.search(question)
        and not _ASKS_SPEND.search(question)
        and any(_by_a_person(s, _BUY, names) for s in statements)
    ):
        return "money spent on buying, asked as money made"
    return None


_COUNTING = re.compile(
    r"\d|\b(?:more|fewer|less|times|twice|half|thrice|double|triple|as\s(?:many|much))\b", re.I
)


def _compared_across_doings(statements: list[str], question: str) -> str | None:
    if not _COMPARES.search(" ".join([*statements, question])):
        return None
    # the doings of the clauses that count ("Arwen got 20 tulips"), not of the scene ("they picked
    # some flowers", "To get his fill of oysters")
    clauses = [c for s in statements for c in re.split(r",|;|\b(?:and|while|but|then|who|which)\b", s)]
    doings = _doings(" . ".join([*(c for c in clauses if _COUNTING.search(c)), question]))
    if len(doings) > 1:
        return f"a comparison in a story of several doings ({', '.join(sorted(doings))})"
    return None


def fewer_than_what(statements: list[str]) -> str | None:
    """ "Ben picked 5 fewer apples." with no "than": fewer than what? Than what another picked (7
    if Ann picked 12), than what he picked before, than last week? Read as "5 picked", it is
    confidently wrong, so the story is refused wherever it is read."""
    for s in statements:
        if _BARE_FEWER.search(s):
            return f'"{s}" says fewer (or less) without saying than what.'
    return None


_PASSIVE = re.compile(
    r"\b(?:were|was|got|have\sbeen|has\sbeen|had\sbeen)\s(?:then\s|later\s|all\s)?"
    r"(?P<p>lost|added|given(?:\saway)?|taken(?:\saway|\sout)?|eaten|sold|stolen|broken|removed|thrown(?:\saway|\sout)?"
    r"|used(?:\sup)?|spent|destroyed|damaged|returned|dropped|donated|dropped\soff|picked\sup)\b",
    re.I,
)
_NUMBER_WORD = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
    r"|dozen|half|third|quarter|twice|double|triple)\b",
    re.I,
)


def untold_passive(statements: list[str], question: str) -> str | None:
    """ "Then some of them were lost.", "Later, more were added.": a change told with no number
    (in the passive, so no holder's verb is read) leaves the amount unknown, unless the question
    asks that very change ("How many were lost?")."""
    for s in statements:
        m = _PASSIVE.search(s)
        if m is None or _NUMBER_WORD.search(s):
            continue
        if re.search(rf"\b{re.escape(m.group('p').split()[0])}\b", question, re.I):
            continue
        return f'"{s}" changes an amount without saying by how much.'
    return None


# a count of another time, told as a scene: "Last year there were 11 birds."
_THEN_THERE_WERE = re.compile(
    r"^(?:last\s(?:year|week|month|night|time|season|summer|winter|spring|fall)|yesterday|(?:a|\d+)\s(?:years?|days?|weeks?|months?)\sago),?"
    r"\sthere\s(?:were|was)\s\d",
    re.I,
)
_NOW = re.compile(r"\b(?:now|today|this\s(?:year|week|month|morning|time|season)|currently)\b", re.I)


def count_of_another_time(statements: list[str], question: str) -> str | None:
    """ "There are 5 birds in a tree. Last year there were 11 birds. How many birds are there?":
    a count of another time that no statement ties to the story's (no "this year", "now", "today")
    is a distractor a reader would add in; refused."""
    for s in statements:
        if _THEN_THERE_WERE.search(s) and not any(_NOW.search(t) for t in statements if t is not s):
            return f'"{s}": a count of another time, not tied to the story\'s.'
    return None


_RELATION_HAS = re.compile(
    r"^(?:Their|His|Her|Its|My|Our)\s(?P<who>[a-z]+)\s(?:has|had|have|owns|owned|keeps|kept)\s\d+\s(?P<what>[a-z]+)"
)
_ASKS_THEM_ALL = re.compile(r"\b(?:they|we|you|both|the\stwo|each)\b", re.I)


def someone_elses_count(statements: list[str], question: str) -> str | None:
    """ "Emily scored 16 points ... Their neighbor has 7 points. How many points did she have?":
    a count of the asked thing held by someone the story mentions only there ("their neighbor")
    is someone else's, unless the question asks about them all ("How many do they have?")."""
    if _ASKS_THEM_ALL.search(question):
        return None
    for i, s in enumerate(statements):
        m = _RELATION_HAS.match(s)
        if m is None:
            continue
        elsewhere = " ".join([*statements[:i], *statements[i + 1 :], question])
        if re.search(rf"\b{m.group('who')}\b", elsewhere, re.I):
            continue  # "His sister has 3 ... How many does his sister have?"
        if re.search(
            rf"\b{re.escape(m.group('what')[:-1] if m.group('what').endswith('s') else m.group('what'))}",
            question,
            re.I,
        ):
            return f'"{s}": someone else\'s {m.group("what")}, or counted in the answer?'
    return None


def unread_story(statements: list[str], question: str) -> str | None:
    """Why no reader may answer the story (the front door's check, precision_gates): "fewer"
    without than what, a change told with no number, a pronoun no one in the story can be."""
    from tutor.math.wordproblems.chain_pronouns import pronoun_without_person

    return (
        fewer_than_what(statements)
        or untold_passive(statements, question)
        or pronoun_without_person(" ".join([*statements, question]))
        or count_of_another_time(statements, question)
        or someone_elses_count(statements, question)
    )


def _asked_holder_untold(story: str, question: str, names: set[str]) -> str | None:
    """ "Rachel bought 23 cookies and Janet gave her 42 ... How many cookies are left for Janet?":
    the question asks what someone has whom the story shows only handing things to another
    ("Janet gave her 42"), never holding any (her own amount is never told)."""
    if not re.search(r"\b(?:have|has|had|left|remain\w*)\b", question, re.I):
        return None
    for who in re.findall(r"\b[A-Z][a-z]+\b", question):
        if who in _NOT_ASKED or re.search(rf"\b{who}'s\b|\b(?:to|from|with|for)\s{who}\b", story):
            continue
        gave = re.search(
            rf"\b{who}\s(?:gave|gives|handed|hands|sent|sends|lent|lends)\s(?:her|him|them|[A-Z][a-z]+)\s\d",
            story,
        )
        said = [
            m.group(1)
            for m in re.finditer(rf"\b{who}\s(?:(?:also|then|now|only|still|already)\s)?([a-z]+)", story)
        ]
        if gave and all((v := verb_of(w)) is not None and v[1] == "lose" for w in said):
            return f"the question asks what {who} has, and the story only tells what {who} gave"
    return None


def verbs_disagree(story: str, question: str) -> str | None:
    """Why the verbs of `story` (the statements) and `question` rule out reading amounts by the
    thing counted alone; None when they agree."""
    statements = _sentences(story)
    names = story_names(story + " " + question)
    return (
        _money_other_way(statements, question, names)
        or _compared_across_doings(statements, question)
        or _asked_holder_untold(story, question, names)
    )
