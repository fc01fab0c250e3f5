"""Counting in textbook phrasing: ``C(8, 2)``, ``P(7, 3)``, ``8C2``, ``7P3``, "the number of
combinations / permutations of n things taken k at a time", "In how many ways can 4 different books
be arranged on a shelf?", "How many 3-person committees can be chosen from 9 people?", and the
arrangements of the letters of a word (repeated letters divided out). Exact integers.
"""

from __future__ import annotations

import re
from collections import Counter

from tutor.math.families.phrases import ASK, COUNT, clean, count
from tutor.math.parse import sympy_module
from tutor.math.problems import Solution, Unsupported

_MAX = 1_000  # n beyond this is not a school problem (and its factorial is huge)
_PLACE = r"(?:\s+(?:in\s+a\s+(?:row|line|queue)|on\s+a\s+shelf|in\s+order|in\s+a\s+list))?"


def _comb(n: int, k: int, problem: str | None = None) -> Solution:
    sp = sympy_module()
    v = sp.binomial(n, k)
    steps = [
        "Order does not matter, so count combinations: "
        f"$$\\binom{{{n}}}{{{k}}} = \\frac{{{n}!}}{{{k}!\\,({n} - {k})!}} = {v}$$"
        if k <= n
        else f"$k = {k}$ is more than $n = {n}$, so there are $0$ ways."
    ]
    return Solution("combinatorics", problem or f"\\binom{{{n}}}{{{k}}}", steps, str(v), v)


def _perm(n: int, k: int, problem: str | None = None) -> Solution:
    sp = sympy_module()
    v = sp.ff(n, k) if k <= n else sp.Integer(0)
    if k <= n:
        prod = " \\times ".join(str(n - i) for i in range(min(k, 8))) + (" \\times \\dots" if k > 8 else "")
        steps = [
            f"Order matters, so count permutations: $$P({n}, {k}) = \\frac{{{n}!}}{{({n} - {k})!}} = {prod or '1'} = {v}$$"
        ]
    else:
        steps = [f"$k = {k}$ is more than $n = {n}$, so there are $0$ ways."]
    return Solution("combinatorics", problem or f"P({n}, {k})", steps, str(v), v)


def _ok(*ns) -> bool:
    return all(n is not None and 0 <= n <= _MAX for n in ns)


def try_counting(text: str):
    """A counting question in plain phrasing, or None."""
    sp = sympy_module()
    s = clean(text)

    m = re.fullmatch(
        ASK + r"(?:(C|P|nCr|nPr)\s*\(\s*(\d{1,5})\s*,\s*(\d{1,5})\s*\)|(\d{1,5})\s*([CP])\s*(\d{1,5}))",
        s,
        re.I,
    )
    if m:
        if m.group(1):
            which, n, k = m.group(1)[-1].upper(), int(m.group(2)), int(m.group(3))
        else:
            which, n, k = m.group(5).upper(), int(m.group(4)), int(m.group(6))
        if not _ok(n, k):
            return None
        return _comb(n, k) if which == "C" else _perm(n, k)

    m = re.fullmatch(
        ASK + r"(?:the\s+)?number\s+of\s+(combinations|permutations|arrangements)\s+of\s+(\d{1,5})\s+"
        r"(?:things|objects|items)\s+(?:taken\s+)?(\d{1,5})\s+at\s+a\s+time",
        s,
        re.I,
    )
    if m:
        n, k = int(m.group(2)), int(m.group(3))
        if not _ok(n, k):
            return None
        return _comb(n, k) if m.group(1).lower() == "combinations" else _perm(n, k)

    # arranging n different things: n!
    m = re.fullmatch(
        r"(?:in\s+)?how\s+many\s+(?:different\s+)?ways\s+(?:can|could)\s+(?:you\s+arrange\s+)?("
        + COUNT
        + r")\s+"
        r"(?:different\s+|distinct\s+)?([a-z]+)\s+(?:be\s+)?(?:arranged|ordered|lined\s+up|placed|seated)"
        + _PLACE
        + r"|how\s+many\s+(?:different\s+)?(?:ways\s+are\s+there\s+to\s+arrange|arrangements\s+are\s+there\s+of)\s+("
        + COUNT
        + r")\s+(?:different\s+|distinct\s+)?([a-z]+)"
        + _PLACE,
        s,
        re.I,
    )
    if m:
        n = count(m.group(1) or m.group(3))
        noun = (m.group(2) or m.group(4)).lower()
        if not _ok(n) or noun in ("of", "the", "and", "letters", "digits") or n is None or n > 200:
            return None
        v = sp.factorial(n)
        prod = " \\times ".join(str(i) for i in range(n, 0, -1)) if n <= 10 else f"{n}!"
        steps = [
            f"The first place can take any of the ${n}$ {noun}, the next any of the ${n - 1}$ left, and so on:",
            f"$${n}! = {prod} = {v}$$",
        ]
        return Solution("combinatorics", f"{n}!", steps, str(v), v)

    # choosing k of n: C(n, k)
    m = re.fullmatch(
        r"(?:in\s+)?how\s+many\s+(?:different\s+)?(?:ways\s+(?:can|could)\s+(?:you\s+(?:choose|select|pick)\s+)?(?:a\s+)?)?"
        r"("
        + COUNT
        + r")(?:-|\s+)(?:person|member|people|student|player)?\s*([a-z]+)\s+(?:can|could)\s+(?:be\s+)?"
        r"(?:chosen|selected|formed|picked)\s+from\s+(?:a\s+(?:group|class|team|club)\s+of\s+)?("
        + COUNT
        + r")\s+([a-z]+)",
        s,
        re.I,
    )
    if m:
        k, n = count(m.group(1)), count(m.group(3))
        group, pool = m.group(2).lower(), m.group(4).lower()
        if not _ok(n, k) or group in ("of", "the", "and") or pool in ("of", "the", "and"):
            return None
        return _comb(n, k, f"\\binom{{{n}}}{{{k}}}")

    # arrangements of the letters of a word
    m = re.fullmatch(
        r"(?:in\s+)?how\s+many\s+(?:different\s+|distinct\s+)?(?:arrangements|ways|orders|permutations)\s+"
        r"(?:are\s+there\s+)?(?:of|can\s+be\s+made\s+(?:from|of)|to\s+arrange|can\s+you\s+make\s+(?:from|with))\s+"
        r"(?:all\s+)?the\s+letters\s+(?:in|of)\s+the\s+word\s+([A-Za-z]{1,20})(?:\s+be\s+arranged)?",
        s,
        re.I,
    )
    if m:
        word = m.group(1).upper()
        reps = Counter(word)
        v = sp.factorial(len(word))
        den = 1
        for c in reps.values():
            den *= sp.factorial(c)
        v = v / den
        rep = [f"{c}!" for ch, c in sorted(reps.items()) if c > 1]
        rep_tex = " \\, ".join(rep)
        steps = [
            f"{word} has ${len(word)}$ letters"
            + (
                ", with "
                + ", ".join(f"{ch} repeated {c} times" for ch, c in sorted(reps.items()) if c > 1)
                + "."
                if rep
                else ", all different."
            ),
            f"$$\\frac{{{len(word)}!}}{{{rep_tex}}} = {v}$$" if rep else f"$${len(word)}! = {v}$$",
        ]
        return Solution("combinatorics", f"\\text{{{word}}}", steps, str(v), v)
    if re.search(r"\bhow\s+many\s+(?:different\s+)?ways\b", s, re.I):
        raise Unsupported(
            "I couldn't tell what is being counted (which things, how many, and whether order matters)."
        )
    return None
