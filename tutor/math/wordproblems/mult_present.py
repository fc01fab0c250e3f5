# ruff: noqa: E501  (sentence grammars are long regular expressions, one a line)
"""Groups after some did not come (issue 25, round 4): "Sam invited 9 friends, but 6 could not
come. Each friend who came brought 2 gifts." -- the rate applies to those there, 9 - 6 of them.

The story is read in two steps: who was there (the count told less those who did not come, or
did not do what the rest did: "10 customers and 5 of them didn't leave a tip ... 3 dollars from
the ones who did tip"), then the same story told with that count is read by the other readers
(through the word-problem front door, with all its gates). The equations shown are both steps'.

Precision first: only when the question asks about something else than the people counted (the
team still has 12 players when 4 did not show up), when the rest of the story says nothing that
may count the absent ones too ("for each friend he invited", "everyone", "in all" outside the
question), and when the other readers answer the retold story.
"""

from __future__ import annotations

import re

from tutor.math.parse import sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.reading import normalise, singular

__all__ = ["read_present"]

# what those who were not there did not do
_CAME = r"(?:come|show\sup|make\sit|attend|turn\sup|be\sthere)"
_NOT = r"(?:couldn't|could\snot|didn't|did\snot|were\snot\sable\sto|weren't\sable\sto|failed\sto|never)"
# the count told, then those who did not come (in the same sentence or the next)
_TOLD = re.compile(r"(?<![\w.])(?P<n>\d+)\s(?P<noun>[a-z]+)\b")
_ABSENT = re.compile(
    rf"(?:^|,\s|\s)(?:(?:but|and|however|though)\s)?(?:,\s)?(?P<m>\d+)\s(?:of\s(?:them|those|the\s(?P<noun2>[a-z]+))\s|(?P<noun3>[a-z]+)\s)?"
    rf"(?:(?P<not>{_NOT})\s(?P<vp>{_CAME}|[a-z]+(?:\s(?:a|an|the)\s[a-z]+|\s[a-z]+)?)|(?P<away>were\sabsent|stayed\shome))"
    r"(?P<post>(?:\s(?:to|for|at|on)\s(?:the|a|an|his|her|their)\s[a-z]+(?:\s[a-z]+)?)?)(?=[.,]|$)"
)
# "..., but forgot to mow 4 of them": things the holder did not do ("for each lawn he mowed")
_UNDONE = re.compile(
    r"(?:^|,\s|\s)(?:(?:but|and|however)\s)?(?:(?:he|she|they|[A-Z][a-z]+)\s)?(?P<not>didn't|did\snot|forgot\sto|failed\sto|never)\s(?P<vp>[a-z]+)\s(?P<m>\d+)\sof\sthem(?=[.,]|$)"
)
# "who came", "that did show up", "from the ones who did tip": the rate's group is those there
_WHO_CAME = rf"(?:who|that)\s(?:did\s)?(?:{_CAME}|came|showed\sup|made\sit|attended|turned\sup|were\sthere)"
# words that may count the absent ones too: the retold story would not say the same
_ALL = re.compile(
    r"\b(?:invit\w*|expect\w*|sign\w*\sup|regist\w*|enrol\w*|originally|at\sfirst|in\sall|altogether|total|all|everyone|everybody|whole|absent|missing|both|each\sof\sthe\s\d|not|never)\b|n't",
    re.I,
)


# a question that asks about the absent or undone ones, or about what would have been
_ASKS_OTHERS = re.compile(
    r"\b(?:absent|missing|miss\w*|invit\w*|expect\w*|if|could|instead|otherwise|not|never|everyone|everybody|whole|all\sof)\b|n't",
    re.I,
)


def _clean(sentence: str, did: re.Pattern | None, noun: str) -> str:
    """The sentence with "who came" dropped and "the ones who did tip" as "the customers"."""
    sentence = re.sub(rf"\s{_WHO_CAME}\b", "", sentence)
    if did is None:
        return sentence
    sentence = re.sub(rf"\beach\sfrom\s{did.pattern}", f"from each {noun}", sentence)
    return did.sub(f"the {noun}s", sentence)


def _retold(text: str) -> tuple[str, str, int, int] | None:
    """(the story told with the count of those there, the noun, told, absent); None when the
    story does not tell some who did not come."""
    s = normalise(text)
    parts = re.split(r"(?<=[.?!])\s", s)
    qlead = re.fullmatch(r"(?:If\s)?(?P<lead>[^?]*?),\s(?P<q>(?:how|what)\s[^?]*\?)", parts[-1])
    if qlead is not None:  # "If she had 11 bags, but didn't recycle 2 of them, how many ...?"
        said, asked = qlead.group("lead"), qlead.group("q")
        parts[-1:] = [said[0].upper() + said[1:] + ".", asked[0].upper() + asked[1:]]
    for i, sent in enumerate(parts):
        ab = _ABSENT.search(sent) or _UNDONE.search(sent)
        if ab is None or sent.endswith("?"):
            continue
        undone = ab.re is _UNDONE
        # the count told: before the absent ones in this sentence, or alone in the sentence before
        head = sent[: ab.start()]
        told = list(_TOLD.finditer(head))
        first = i
        if not told and i > 0:
            told = list(_TOLD.finditer(parts[i - 1]))
            first = i - 1
            if ab.start() > 0 and not re.fullmatch(
                r"(?:but|however|though|and)?,?\s?", sent[: ab.start()].strip().lower()
            ):
                return None
        if len(told) != 1 or len(_TOLD.findall(" ".join(parts[first : i + 1]))) != 2:
            return None
        noun = singular(told[0].group("noun"))
        other = ab.groupdict().get("noun2") or ab.groupdict().get("noun3")
        if other is not None and singular(other) != noun:
            return None
        n, m = int(told[0].group("n")), int(ab.group("m"))
        if not 0 < m < n:
            return None
        before, after = parts[:first], parts[i + 1 :]
        rest = " ".join(before + after)
        vp = ab.group("vp") or ""
        attended = ab.groupdict().get("away") is not None or re.fullmatch(_CAME, vp) is not None
        # "for each lawn he mowed" after "forgot to mow 4 of them": the rate is for the ones done
        done = (
            rf"(?:\sof\s[a-z]+)?\s(?:he|she|they|[A-Z][a-z]+)\s{re.escape(vp[:4])}[a-z]*" if undone else None
        )
        verbs = "|".join(re.escape(w) for w in vp.split() if w not in ("a", "an", "the"))
        did = (
            re.compile(rf"(?:the\sones|those|the\s[a-z]+)\s(?:who|that)\sdid\s(?:{verbs})\b") if vp else None
        )
        if undone:
            did = None
            if not re.search(rf"\b(?:each|every)\s{noun}{done}", rest, re.I):
                return None
        elif not attended and (did is None or not did.search(rest)):
            return None  # "5 of them didn't leave a tip": the rest are those who did only when said

        who = f"(?:\\s{_WHO_CAME}|{done})" if done else f"\\s{_WHO_CAME}"
        for x in re.finditer(rf"\b(?:each|every)\s{noun}s?\b(?P<who>{who})?", rest, re.I):
            if x.group("who") is None:
                return None  # "each member paid 2 dollars": those who did not come too?
        before, after = [_clean(x, did, noun) for x in before], [_clean(x, did, noun) for x in after]
        q = after[-1] if after and after[-1].endswith("?") else ""
        asks = re.search(r"\b(?:how|what)\b.*$", q, re.I)
        q_lead = q[: asks.start()] if asks else q  # "If the tables held 3 people each, how many ..."
        said = " ".join([*before, *after[:-1], q_lead])  # the story's statements, not its question
        if asks is None or _ALL.search(said):
            return None
        if re.search(rf"\bhow\smany\s(?:[a-z]+\s)?{noun}s?\b|\d", asks.group(0).lower()):
            return None
        if _ASKS_OTHERS.search(asks.group(0)):
            return None  # "how many did the absent students miss?", "... if she recycled all?"
        if not re.search(r"\b(?:each|every|per|apiece)\b", " ".join(before + after), re.I):
            return None  # no rate for those there
        # the story with those there: the count replaced, the absent ones' clause dropped
        there = n - m
        lead = parts[first]
        if first == i:
            lead = (
                re.sub(r"(?:,?\s(?:but|and|however|though)\b.*)$", "", lead[: ab.start()]).rstrip(" ,") + "."
            )
            tail = sent[ab.end() :].strip(" ,.")
        else:
            tail = sent[ab.end() :].strip(" ,.")
        if tail:
            return None  # something more told in the absent ones' clause
        lead = lead[: told[0].start()] + str(there) + lead[told[0].end("n") :]
        retold = " ".join([*before, lead, *after])
        return retold, noun, n, m
    return None


def read_present(text: str) -> Solution | None:
    """The answer to a story of a group some of whom did not come, the rest doing so many each;
    None when the story is not one or the retold story is not answered."""
    if not re.search(rf"{_NOT}|\bforgot\sto\b|\bwere\sabsent\b|\bstayed\shome\b", text, re.I):
        return None
    if re.search(r"(?<![\w.])\d+(?:\.\d+)?\s\d", normalise(text)):
        return None  # "5 five friends": one amount written twice, or two run together
    got = _retold(text)
    if got is None:
        return None
    retold, noun, n, m = got
    from tutor.math.wordproblems.retelling import read_retold

    sol = read_retold(retold)
    if sol is None or not getattr(sol, "equations", None):
        return None
    sp = sympy_module()
    there = sp.Integer(n) - sp.Integer(m)
    step = f"{n} - {m} = {sp.latex(there)}"
    first = (
        f"First, the {noun}s who were there: $${step}$$ Then the story with {sp.latex(there)} {noun}s:\n\n"
        + sol.steps[0]
    )
    out = Solution(sol.kind, sol.problem_latex, [first, *sol.steps[1:]], sol.answer_latex, sol.answer)
    out.unit = getattr(sol, "unit", "")  # type: ignore[attr-defined]
    out.equations = [step, *sol.equations]  # type: ignore[attr-defined]
    return out
