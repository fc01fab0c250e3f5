# ruff: noqa: E501  (sentence grammars are long regular expressions, one a line)
"""Equal sharing or equal groups after a change (issue 25, round 4): "Ben had 48 marbles. He lost
12. He put the rest into 6 bags equally. How many marbles were in each bag?", "Anna had 23
stickers and got 13 more. She shared them equally among 4 friends.", "They sold 24 puppies and
put the rest into cages, 4 in each cage. How many cages?".

Read in two steps, each by the word-problem front door with all its gates: first the change
(the story up to the sharing, asked "how many ... now" and "how many ... left": both must give
the same number), then the sharing told with that number. The equations shown are both steps'.

Precision first: the sharing must be the story's last statement and must take all that is held
("them", "the rest", "the remaining ..."), one holder and one kind of thing counted throughout.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from tutor.math.problems import Solution
from tutor.math.wordproblems.reading import normalise, plural, singular

__all__ = ["read_after_change"]

# set while this reader reads a retold step: the retold story is never read by it again
_INSIDE: ContextVar[bool] = ContextVar("mult_after_change_inside", default=False)

_SHARE_VERBS = r"(?:put|puts|divided|divides|shared|shares|split|splits|packed|packs|placed|places|arranged|arranges|sorted|sorts|bagged|bags|boxed|boxes|distributed|distributes)"
# the sharing clause: a verb of sharing or grouping taking all that is held
_CLAUSE = re.compile(
    rf"(?:^|,\s|\s)(?:and\s)?(?:then\s)?(?P<clause>(?:(?:she|he|they|we|i)\s)?(?:then\s)?{_SHARE_VERBS}\s(?P<obj>them|all\sof\sthem|the\srest(?:\sof\s(?:them|the\s[a-z]+))?|the\sremaining\s[a-z]+|the\sother\s[a-z]+)\b(?P<how>[^.?!]*))$",
    re.I,
)
_HOLD_VERB = r"(?:had|has|have|bought|baked|picked|made|collected|got|caught|found|received|won|saved|grew|owned|owns|gathered)"
_LEAD = re.compile(
    rf"^(?P<subj>(?:[A-Z][a-z]+(?:'s)?(?:\s[A-Z][a-z]+)?|[Aa]n?\s[a-z]+(?:\s[a-z]+)?|[Tt]he\s[a-z]+(?:\s[a-z]+)?))\s{_HOLD_VERB}\s(?P<n>\d+)\s(?P<noun>[a-z]+)\b"
)


def _split(statements: list[str]) -> tuple[list[str], str] | None:
    """(the statements before the sharing, the sharing clause) when the last statement shares."""
    if len(statements) < 1:
        return None
    last = re.sub(r"^(?:If|Then)\s", "", statements[-1].strip().rstrip("."))
    m = _CLAUSE.search(last)
    if m is None:
        return None
    pre = last[: m.start()].strip(" ,")
    pre = re.sub(r"\s(?:and|then)$", "", pre)
    before = [*statements[:-1], *([pre + "."] if pre else [])]
    clause = m.group("clause")
    if not before or re.search(r"\d", m.group("obj")):
        return None
    return before, clause


def read_after_change(text: str) -> Solution | None:
    """The answer to a change story followed by an equal sharing or grouping of all that is
    left; None when the story is not one or either step is not answered."""
    if not re.search(
        rf"\b{_SHARE_VERBS}\s(?:them|all\sof\sthem|the\srest|the\sremaining|the\sother)\b", text, re.I
    ):
        return None
    if _INSIDE.get():
        return None
    token = _INSIDE.set(True)
    try:
        return _read(text)
    finally:
        _INSIDE.reset(token)


def _read(text: str) -> Solution | None:
    if re.search(r"(?<![\w.])\d+(?:\.\d+)?\s\d", normalise(text)):
        return None  # "she ate 5 five cookies": one amount written twice, or two run together
    from tutor.math.wordproblems.ratios import story
    from tutor.math.wordproblems.retelling import read_retold

    st = story(text)
    if st is None:
        return None
    got = _split([x for x in st.statements if x.strip()])
    if got is None:
        return None
    from tutor.math.wordproblems.sharing_words import _unknown_in_question

    if _unknown_in_question(st.question.lower(), " ".join(st.statements).lower()):
        return None  # "... shares them among 3 friends. How many does each teacher get?"
    before, clause = got
    lead = _LEAD.match(normalise(before[0]))
    if lead is None:
        return None
    noun = singular(lead.group("noun"))
    things = plural(noun)
    subj = lead.group("subj")
    if re.search(r"\d", clause) is None and not re.search(
        r"\b(?:equally|evenly|same|equal|each|every)\b", clause + st.question, re.I
    ):
        return None  # an equal sharing must be said equal (or a number per group given)
    if re.search(
        r"\b(?:left|remain\w*|rest|more|fewer|less|than|times|twice|half|other|lose|lost|gave|give|sold|sell|ate|eat|spend|spent|buy|bought|had|first|before|start\w*|altogether|in\sall|total)\b",
        st.question,
        re.I,
    ):
        return None  # the question must ask the sharing's result, not the change's
    sentence_starts = {
        "She",
        "He",
        "They",
        "We",
        "I",
        "It",
        "Her",
        "His",
        "Their",
        "Then",
        "If",
        "In",
        "On",
        "A",
        "An",
        "The",
    }
    names = {w for w in re.findall(r"\b[A-Z][a-z]+\b", " ".join(before)) if w not in sentence_starts}
    if not names <= set(re.findall(r"[A-Z][a-z]+", subj)):
        return None  # someone else in the story: whose things "them" are is not settled
    counts = set()
    firsts = []
    for ask in (f"How many {things} does {subj} have now?", f"How many {things} does {subj} have left?"):
        sol = read_retold(" ".join(before) + " " + ask)
        if sol is None or not getattr(sol, "equations", None):
            return None
        counts.add(str(sol.answer))
        firsts.append(sol)
    if len(counts) != 1:
        return None
    first = firsts[0]
    k = counts.pop()
    if not re.fullmatch(r"\d+", k) or int(k) <= 0:
        return None
    clause = re.sub(
        r"\b(?:all\sof\sthem|the\srest(?:\sof\s(?:them|the\s[a-z]+))?|the\sremaining\s[a-z]+|the\sother\s[a-z]+)\b",
        "them",
        clause,
        count=1,
    )
    retold = (
        f"{subj} has {k} {(noun if k == '1' else things)}. {clause[0].upper() + clause[1:]}. {st.question}"
    )
    second = read_retold(retold)
    if second is None or not getattr(second, "equations", None):
        return None
    steps = [
        f"First, the {things} there are after the change:\n\n" + first.steps[0],
        f"So there are {k} {(noun if k == '1' else things)}. Then the sharing: " + second.steps[0],
        *second.steps[1:],
    ]
    out = Solution(second.kind, second.problem_latex, steps, second.answer_latex, second.answer)
    out.unit = getattr(second, "unit", "")  # type: ignore[attr-defined]
    out.equations = [*first.equations, *second.equations]  # type: ignore[attr-defined]
    return out
