# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""Stories every reader of the front door must refuse, because two reasonable readings give two
numbers or the story does not tell what is asked (issue 25's precision audit). Checked once, before
any reader, so no reader can guess them:

- "N more" without "than" said by another holder doing what one before did, with a total asked ("Tom scored
  12 points. Mary scored 4 more points. How many points did they score in total?": 16 if Mary
  scored 4, 28 if she scored 4 more than Tom);
- a day or month the question asks about that the story never names ("sold 10 on Monday and 4 on
  Tuesday. How many did he sell on Wednesday?");
- "it" asked as the holder when the story names only people ("Tom has 5 apples. How many apples
  does it have?");
- an amount held by someone the question leaves out ("Emily's friend Zed has 5 points", "Their
  neighbor has 7 roses"), held at another time ("Yesterday he had 6 ducks" after today's counts), or
  counted in another place ("8 green roses in the box" when the question asks about the vase): a
  reader that sums every amount of the kind counts it, one that leaves it out guesses it does not
  count (wordsr's perturbations found each summed in).
"""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_names import name_gender
from tutor.math.wordproblems.chain_verb_checks import unread_story
from tutor.math.wordproblems.question_acts import untold_act
from tutor.math.wordproblems.question_scope import unnamed_in_question
from tutor.math.wordproblems.questions import question_parts
from tutor.math.wordproblems.reading import normalise, sentences, singular

__all__ = ["guessed_reading"]

_DAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December"
_MORE = re.compile(r"\b\d[\d.]*\s(?:more|extra|additional)\b", re.I)
_TOTAL = re.compile(r"\b(?:total|in\sall|altogether|together|combined|both|in\sthe\s\d+\s[a-z]+)\b", re.I)
_PRONOUNS = {"he", "she", "they", "it", "his", "her", "their", "its", "then", "later", "also", "so"}
_ASKED_DAY = re.compile(rf"\b(?:on|in|during)\s(?:the\s)?({_DAYS})s?\b")
_IT_HOLDS = re.compile(r"\b(?:does|did|do|will|would|can)\sit\s(?:have|has|hold|own|get|keep)\b", re.I)
_THING_SUBJECT = re.compile(r"(?:^|[.!?]\s)(?:The|A|An|It|Its|This|That|Each|Every)\s", re.M)
_OPENING = re.compile(
    r"^(?:today|yesterday|tomorrow|then|later|the\s(?:next|following)\s\w+|(?:on|in|at|during|after)\s(?:the\s)?[\w']+),?\s",
    re.I,
)


# things got for another ("bought 3 apples for his sister"): are they still the buyer's?
_KIN = r"(?:mom|dad|mother|father|brother|sister|friend|son|daughter|teacher|aunt|uncle|grandma|grandpa|grandmother|grandfather|cousin|neighbor|wife|husband|baby|kids?|children|class)s?"
_GOT_FOR_ANOTHER = re.compile(
    rf"\b(?:bought|buys|buy|purchased|got|gets|made|makes|baked|bakes|picked|picks|caught|won)\s\d[\d.]*\s(?:[a-z]+\s){{0,3}}?for\s(?:[A-Z][a-z]+|him|her|them|(?:his|her|their|my)\s{_KIN})\b(?!'s)"
)
# the holder the question asks about: "does Mary have", "can Mary buy"
_ASKED_NAME = re.compile(
    r"\b(?:does|did|do|will|would|can|could|is|was)\s((?:Mr|Mrs|Ms|Dr)\.?\s)?([A-Z][a-z]+)\b"
)
# a person named as the one who does something ("Tom has", "Ann bought"): the story's holders
_NAMED_HOLDER = re.compile(
    r"\b(?!(?:The|A|An|There|Each|Every|If|On|In|At|After|Then|When|How|What|This|That|It|He|She|They|We|His|Her|Their)\b)"
    r"[A-Z][a-z]+\s(?:has|had|have|is|was|owns|bought|buys|got|gets|[a-z]+ed)\b"
)
# "on each page" with no count of pages anywhere: how many of them is not told
_ON_EACH = re.compile(r"\b(?:on|in|into|for|to|per)\seach\s([a-z]+)\b", re.I)
# "buys 4 pens and a notebook": a thing bought with no price or count
_AND_A_THING = re.compile(
    r"\b(?:buys?|bought|purchased?|purchases|orders?|ordered|gets?|got)\s\d[\d.]*\s(?:[a-z]+\s){0,3}?and\s(?:a|an|some)\s([a-z]+)\b"
)
_ASKS_MONEY = re.compile(
    r"\bhow\smuch\b(?!\s(?:more|less|longer|taller|heavier|older))|\b(?:money|dollars|cost|spend|spent|pay|paid)\b",
    re.I,
)


# a trip "to school and back", "a round trip": the number may be one way or both
_ROUND_TRIP = re.compile(
    r"\b(?:and\sback|there\sand\sback|round[\s-]trips?|both\sways|back\sand\sforth)\b", re.I
)
# "3 times as many apples as Mary has pears": Mary's pears, not her apples
_AS_HOLDER_HAS = re.compile(
    r"\b(?:as\s(?:many|much)\s(?:[a-z]+\s){0,2}as|than)\s([A-Z][a-z]+)\s(?:has|have|had|owns)\s"
    r"(?:\w+\s)?(?!(?:in|on|at|now|left|today|there|already|altogether|together)\b)[a-z]+"
)


# "ate 10 of them and gave half of them": half of all, or half of what was left?
_PART_AFTER_CHANGE = re.compile(
    r"\b(?:[a-z]+ed|ate|gave|gives|spent|spends|lost|loses|sold|sells|took|takes|threw|broke|drank|got|gets|bought|buys|found|won)\s\d[\d.]*\s(?:[a-z]+,?\s){0,2}?(?:of\s(?:them|it),?\s)?(?:[a-z]+,?\s){0,4}?(?:(?:and|then)\s)?(?:then\s)?(?:[a-z]+\s){0,3}?"
    r"(?:half|a\sthird|a\squarter|a\sfourth|a\sfifth|\d+%|\d+\spercent|\d/\d)\s(?:of\s)?(?:them|it|his|her|their)\b",
    re.I,
)


# several holders' things told together ("Tom and Mary have 10 apples"): one holder's share is not told
_SHARES_TOLD = re.compile(
    r"\bratio\b|\d\s*:\s*\d|\b(?:equally|evenly|equal|times|twice|double|half|more|less|fewer)\b", re.I
)
_JOINT = re.compile(
    r"\b([A-Z][a-z]+)\sand\s([A-Z][a-z]+)\s(?:have|had|own|owned|share|shared|hold)\s(?:\w+\s)?\d"
)


def _noun_counted(noun: str, text: str) -> bool:
    after = re.findall(r"\b\d[\d.,]*\s(?:[a-z]+\s)?([a-z]+)", text, re.I)
    after += re.findall(r"\b\d[\d.,]*\s([a-z]+)", text, re.I)
    return singular(noun.lower()) in {singular(w.lower()) for w in after}


def _subject(text: str) -> str:
    """The sentence's first word after an opening phrase of time ("On Tuesday, he ..."): its holder."""
    t = _OPENING.sub("", text)
    m = re.match(r"((?:(?:his|her|their|my)\s)?[A-Za-z']+)", t, re.I)
    return m.group(1).lower() if m else ""


def _verb(text: str) -> str:
    """The sentence's verb right after its holder ("Mary scored 4 more" -> scored)."""
    t = _OPENING.sub("", text)
    m = re.match(
        r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s|(?:his|her|their|my)\s)?[A-Za-z']+\s(?:also\s|then\s)?([a-z]+)\b", t, re.I
    )
    return m.group(1) if m else ""


# "Emily's friend Zed has 5", "Their neighbor has 7", "His sister has 9": a holder brought in by kinship
_KIN_HOLDER = re.compile(
    rf"^(?:([A-Z][a-z]+)'s|(Their|Our|My|His|Her))\s{_KIN}(?:\s([A-Z][a-z]+))?\s(?:also\s)?(?:has|have|had|owns|owned|got|gets|keeps|kept)\s(?:\w+\s)?\d",
)
_BOTH_ASKED = re.compile(r"\b(?:they|them|together|altogether|in\sall|combined|total|both)\b", re.I)
# "the three of them", "both", "the two boys": a group of a told size, which a new holder would not fit
_COUNTED_GROUP = re.compile(
    r"\b(?:the\s(?:two|three|four|five|six|\d+)\s(?:of\sthem|[a-z]+s)|both|the\s(?:boys|girls|brothers|sisters|friends))\b",
    re.I,
)
# "a third of the remaining magnets" with nothing taken before it: remaining after what?
_PART_OF_REST = re.compile(
    r"\b(?:half|a\sthird|a\squarter|a\sfourth|a\sfifth|\d+%|\d+\spercent|\d+/\d+|one-\w+|two-\w+|three-\w+)\s(?:of\s)?(?:the\s(?:remaining|rest)\b|what\s(?:is|was)\sleft\b|the\s\w+\s(?:left|remaining)\b)",
    re.I,
)
_TAKEN = re.compile(
    r"\b(?:gave|gives|give|spent|spends|spend|ate|eats|sold|sells|lost|loses|used|uses|took|takes|donated|donates|paid|pays|broke|threw|[a-z]+ed)\b",
    re.I,
)
# an amount told of another time, after the story's counts ("Yesterday he had 6 ducks.")
_PAST_STATE = re.compile(
    r"^(?:yesterday|last\s(?:year|week|month|night|time)|earlier|before\sthat|a\s(?:day|week|month|year)\sago)\b,?\s"
    r"(?:(?!\bnow\b)[^.?!])*?\b(?:has|have|had|is|are|was|were)\b(?:(?!\bnow\b)[^.?!])*\d",
    re.I,
)
_STATE_LAST = re.compile(
    r"\b(?:has|have|had|there\s(?:is|are|was|were))\s(?:\w+\s){0,3}?\d[\d.,]*\s(?:[a-z]+\s){0,2}?[a-z]+\s(?:yesterday|last\s(?:year|week|month|night))\b",
    re.I,
)
# "in the box", "in a vase": where a "there are" count is
_PLACE = re.compile(r"\b(?:in|on|inside|at)\s(?:the|a|an|this|that)\s((?:[a-z']+\s)?[a-z]+)\b", re.I)
_THERE = re.compile(r"\bthere\s(?:is|are|was|were)\b", re.I)


# a relative who acts ("Josh's mom gives him 5 dollars") and a later "She ...": the relative, or the named one?
_RELATIVE = {
    "f": r"mom|mother|mum|sister|aunt|grandma|grandmother|daughter|wife|niece",
    "m": r"dad|father|brother|uncle|grandpa|grandfather|son|husband|nephew",
}
_SUBJECT_PRONOUN = {
    "f": re.compile(r"^(?:then\s|later\s|so\s)?she\b", re.I),
    "m": re.compile(r"^(?:then\s|later\s|so\s)?he\b", re.I),
}
# "How much money does he have ate?": a question whose words after "have" are not a question's
_HAVE_TAIL = re.compile(
    r"\b(?:does|do|did|will|would)\s(?:[A-Z][a-z]+|he|she|they|it|we|you|I)\shave\s([a-z]+)\b"
)
_HAVE_TAIL_OK = set(
    """left now in on at altogether together total after then remaining to for with from before by when if all of over
    leftover saved there each as than more less the his her their a an right still combined initially originally
    first last today yesterday tomorrow overall available in_all ready already sold since while under inside
    outside per until this that these those its my our your""".split()
)


def _people_named(text: str) -> set[str]:
    return set(re.findall(r"\b([A-Z][a-z]+)(?:'s\b|\s(?:has|had|have|is|was|[a-z]+s|[a-z]+ed)\b)", text))


def _relative_then_pronoun(statements: list[str]) -> str | None:
    """A relative acting before a "she"/"he" of the relative's gender, beside a named person."""
    for gender, rel in _RELATIVE.items():
        for i, st in enumerate(statements):
            m = re.search(
                rf"\b(?:[A-Z][a-z]+'s|[Hh]is|[Hh]er|[Tt]heir)\s({rel})\s(?!(?:is|was|are|were)\b)[a-z]+", st
            )
            if m is None:
                continue
            names = [
                n
                for n in re.findall(r"\b[A-Z][a-z]+\b", " ".join(statements[: i + 1]))
                if n in _people_named(st)
            ]
            if not names or any(name_gender(n) in (gender, None) for n in names):
                continue  # "Bruno ... his dad gave him 10 more. He had 39": he can be Bruno
            for later in statements[i + 1 :]:
                if _SUBJECT_PRONOUN[gender].match(later):
                    return f'"{later}": the {m.group(1)}, or the one named before?'
    return None


def _places(text: str) -> set[str]:
    """The words naming where ("in the big box" -> big, box): two places are one when they share a word."""
    stop = {"in", "on", "at", "all", "and", "there", "total", "now", "left", "altogether", "of"}
    words = {w.lower() for m in _PLACE.finditer(text) for w in m.group(1).split() if "'" not in w}
    return {singular(w) for w in words - stop}


def _other_holder_or_time(statements: list[str], qtext: str) -> str | None:
    """An amount the question may or may not mean: of a holder it leaves out, of another time, or
    of another place (see the module's note)."""
    for i, st in enumerate(statements):
        m = _KIN_HOLDER.match(st)
        if m and not re.search(r"\b(?:than|times|as\s(?:many|much))\b", st):
            owner, pron, name = m.groups()
            kin = re.match(rf"^(?:[A-Z][a-z]+'s|\w+)\s({_KIN})", st)
            named_in_q = (name and re.search(rf"\b{name}\b", qtext)) or (
                kin and re.search(rf"\b{kin.group(1)}", qtext, re.I)
            )
            asked_kind = re.search(
                r"\bhow\smany\s((?:[a-z]+\s){0,2}?[a-z]+)\s(?:do|does|did|are|were|will|would|can|could)\b",
                qtext,
                re.I,
            )
            if not named_in_q and asked_kind and asked_kind.group(1).lower() not in st.lower():
                return f'"{st}": are those {asked_kind.group(1)}?'  # "His sister has 9 books": comic books?
            if not named_in_q:
                if (
                    pron in ("Their", "Our", "My")
                    or not _BOTH_ASKED.search(qtext)
                    or _COUNTED_GROUP.search(qtext)
                ):
                    return f'"{st}": the question does not say whether that amount counts.'
                if pron in ("His", "Her"):
                    want = "m" if pron == "His" else "f"
                    earlier = [
                        n for n in re.findall(r"\b[A-Z][a-z]+\b", " ".join(statements[:i])) if name_gender(n)
                    ]
                    if not earlier or name_gender(earlier[-1]) != want:
                        return f'"{st}": whose {kin.group(1) if kin else "relative"} is it?'
        if i > 0 and any(re.search(r"\d", x) for x in statements[:i]):
            if _PAST_STATE.match(st) or (_STATE_LAST.search(st) and not re.search(r"\bnow\b", st, re.I)):
                return f'"{st}" tells an amount at another time than the rest of the story.'
        elif _STATE_LAST.search(st) and len(statements) > 1 and not re.search(r"\bnow\b", st, re.I):
            return f'"{st}" tells an amount at another time than the rest of the story.'
    story = " ".join(statements)
    for m in _PART_OF_REST.finditer(story):
        before = re.split(r"[.!?,;]\s|\band\s", story[: m.start()])  # the clause of the part left out
        if not _TAKEN.search(" ".join(before[:-1])):
            return f'"{m.group(0)}": what is left after what? Nothing was taken before it.'
    # the holder asked about is only ever given to ("He gave 12 noodles to William"): what William
    # had is never told
    for m in re.finditer(r"\b(?:does|did|do|will|would)\s([A-Z][a-z]+)\s(?:have|has|own|keep|hold)\b", qtext):
        name = m.group(1)
        seen = [story[max(0, x.start() - 12) : x.start()] for x in re.finditer(rf"\b{name}\b", story)]
        if seen and all(
            re.search(r"\b(?:to|from|with|for|gave|gives|give|told|asked|helped)\s$", b) for b in seen
        ):
            return f"The question asks what {name} has, and the story only gives things to {name}."
    # counts "there are" in a place the question does not ask about
    there = [st for st in statements if _THERE.search(st) and re.search(r"\d", st) and _places(st)]
    asked = _places(qtext)
    if asked and any(not (_places(st) & asked) for st in there):
        return "The story counts things in another place than the one the question asks about."
    also = [st for st in there if re.search(r"\balso\b", st)]
    if also and not asked and re.search(r"\b(?:does|do|did)\s(?:[A-Z][a-z]+|he|she|they)\b", qtext):
        return f'"{also[0]}": the question asks what people have, not what is there.'  # counted in or not?
    return None


def guessed_reading(text: str) -> str | None:
    """The reason a story is refused before any reader reads it; None when none applies."""
    ss = sentences(normalise(text))
    if len(ss) < 2 or not ss[-1].question:
        return None
    cond, qtext = question_parts(ss[-1].text)
    statements = [x.text for x in ss[:-1]] + ([cond] if cond else [])
    story = " ".join(statements)
    if (untold := untold_act(text)) is not None:
        return untold  # "sold 5 boxes ... how many did he buy?" (question_acts)
    if (unnamed := unnamed_in_question(text)) is not None:
        return unnamed  # "each teacher" of a story with no teacher (question_scope)
    if (unread := unread_story(statements, qtext)) is not None:
        return unread  # "Ben picked 5 fewer apples.": than what? "Some were lost.": how many? "He" who? (chain_verb_checks)
    if (other := _other_holder_or_time(statements, qtext)) is not None:
        return other
    if (who := _relative_then_pronoun(statements)) is not None:
        return who
    for tail in _HAVE_TAIL.finditer(qtext):  # a participle ("have earned") is a question's, "have ate" is not
        w = tail.group(1).lower()
        if w not in _HAVE_TAIL_OK and not re.search(r"(?:ed|en|ne|wn|id|ld|ght|ent|ade|ot|on)$", w):
            return f'I could not read the question: "have {tail.group(1)}".'
    # a total, or a tally over every holder ("how many points did they score"), not what is held now
    if _TOTAL.search(qtext) or not re.search(r"\b(?:have|has|had|left|now|remain\w*)\b", qtext, re.I):
        told = [(_subject(st), _verb(st)) for st in statements if re.search(r"\d", st)]
        for st in statements[1:]:
            m = _MORE.search(st)
            if m is None or re.search(r"\bthan\b", st, re.I):
                continue
            who, verb = _subject(st), _verb(st)
            # another holder doing what one before did ("Tom scored 12. Mary scored 4 more."): 4 more
            # than Tom, or 4 more of her own?
            if verb and any(v == verb and w != who for w, v in told if w) and who not in _PRONOUNS:
                return f'"{st}" says more without saying than what, and the question asks a total: it reads two ways.'
    asked = {m.group(1) for m in _ASKED_DAY.finditer(qtext)}
    done = re.search(r"\b(?:did|was|were|had)\b", qtext)  # "will ... in March" continues a pattern
    if asked and done and not all(re.search(rf"\b{d}", story) for d in asked):
        return "The question asks about a day the story does not tell."
    if _GOT_FOR_ANOTHER.search(story) and re.search(
        r"\b(?:does|do|did|will|would)\s\w+\s(?:have|has|own)\b", qtext
    ):
        return "Things got for someone else: the story does not say whose they are now."
    for m in _ASKED_NAME.finditer(qtext):
        if re.fullmatch(_DAYS, m.group(2)):
            return f'The question asks what "{m.group(2)}" has: a day or month is not a holder.'
        if _NAMED_HOLDER.search(story) and not re.search(rf"\b{m.group(2)}\b", story):
            return f"The question asks about {m.group(2)}, whom the story does not name."
    # what is left after "5 on each page" depends on how many pages
    for m in _ON_EACH.finditer(story) if re.search(r"\b(?:left|remain\w*|have|has)\b", qtext, re.I) else ():
        noun = m.group(1).lower()
        if noun in ("other", "one", "of", "day", "week", "month", "year", "hour", "minute"):
            continue
        if re.search(rf"\b{re.escape(singular(noun))}", qtext, re.I):
            continue  # "3 on each page; how many on the page that isn't full": the question's own
        said = [
            w for w in re.findall(r"[a-z]+", (story + " " + qtext).lower()) if singular(w) == singular(noun)
        ]
        if len(said) == 1 and not _noun_counted(noun, story + " " + qtext):  # named only there
            return f'The story says "each {noun}" but not how many there are.'
    if _ASKS_MONEY.search(qtext):
        for m in _AND_A_THING.finditer(story):
            noun = m.group(1).lower()
            if len(re.findall(rf"\b{re.escape(noun)}", story, re.I)) < 2:
                return f"The story buys a {noun} without its price."
    for i, st in enumerate(statements):
        if i > 0 and _PART_AFTER_CHANGE.search(st):  # a holding told before the two changes
            return f'"{st}": a part of all of them, or of what was left after the first change?'
    for m in _JOINT.finditer(story):
        members = m.groups()
        rest = story[: m.start()] + story[m.end() :]  # a share told apart from the joint sentence
        own = any(re.search(rf"\b{n}\s(?:has|had|owns|holds|gets|got)\s(?:\w+\s)?\d", rest) for n in members)
        # a relation that tells the shares ("in the ratio 5:2", "equally", "3 more than") is read by
        # the readers of that relation
        own = own or bool(_SHARES_TOLD.search(story))
        alone = [n for n in members if re.search(rf"\b{n}\b", qtext)]
        if len(alone) == 1 and not own and not re.search(r"\b(?:they|together|and)\b", qtext):
            return (
                f"The story tells what {members[0]} and {members[1]} have together, not what {alone[0]} has."
            )
    if _ROUND_TRIP.search(story) or _ROUND_TRIP.search(qtext):
        return "A trip there and back: the story does not say whether its number is one way or both."
    for m in _AS_HOLDER_HAS.finditer(story):
        if re.search(rf"\b{m.group(1)}\b", qtext):
            return f"The story compares with what {m.group(1)} has of another thing, not with what is asked."
    if _IT_HOLDS.search(qtext) and not _THING_SUBJECT.search(story):
        return 'The question asks what "it" has, and the story names no thing that could hold it.'
    return None
