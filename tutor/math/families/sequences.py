"""Sequences in textbook phrasing: the next term, the k-th term, the n-th term formula, the sum of
the first k terms, "which term is 54?", and arithmetic / geometric sequences given by their first
term and common difference / ratio or by two terms ("a_1 = 2 and a_5 = 18").

The rule is read from the terms exactly: a constant difference (arithmetic) or a constant ratio
(geometric), from three terms or more; for the next term only, a constant second or third
difference (quadratic / cubic) from one term more than it needs. Anything else is refused.
"""

from __future__ import annotations

import re

from tutor.math.families.phrases import ASK, ITEM, NUM, ORDINAL, clean, number, ordinal
from tutor.math.parse import exact_number, latex, sympy_module
from tutor.math.problems import Solution, Unsupported

_TERMS = r"((?:" + ITEM + r")(?:\s*,\s*(?:" + ITEM + r")){2,})\s*,?\s*(?:\.\.\.|…)?"
_SERIES = r"((?:" + ITEM + r")(?:\s*\+\s*(?:" + ITEM + r")){2,})\s*\+?\s*(?:\.\.\.|…)?"
_KIND = r"(?:(arithmetic|geometric)\s+)?"
_SEQ = r"(?:the\s+|this\s+|an?\s+)?" + _KIND + r"(?:sequence|progression|pattern|list|series)"


def _terms(t: str):
    parts = [p for p in re.split(r"\s*[,+]\s*", t.strip()) if p]
    vals = [number(p) for p in parts]
    return None if any(v is None for v in vals) else vals


class _Rule:
    """a_n as an expression in n, with the words that explain it."""

    def __init__(self, kind, a, step, formula, why):
        self.kind, self.a, self.step, self.formula, self.why = kind, a, step, formula, why

    def at(self, k):
        sp = sympy_module()
        if k > (2_000 if self.kind == "geometric" else 10**6):
            raise Unsupported("That term is too far along the sequence for me to work out.")
        return exact_number(self.formula.subs(sp.Symbol("n"), k))


def _arith(a, d):
    sp = sympy_module()
    n = sp.Symbol("n")
    f = sp.expand(a + (n - 1) * d)
    why = f"The first term is $a = {latex(a)}$ and the common difference is $d = {latex(d)}$, so $a_n = a + (n - 1)d = {latex(a)} + (n - 1)({latex(d)}) = {latex(f)}$."
    return _Rule("arithmetic", a, d, f, why)


def _geom(a, r):
    sp = sympy_module()
    n = sp.Symbol("n")
    f = a * r ** (n - 1)
    why = f"The first term is $a = {latex(a)}$ and the common ratio is $r = {latex(r)}$, so $a_n = a r^{{n-1}} = {latex(f)}$."
    return _Rule("geometric", a, r, f, why)


def _rule(vals, said: str | None, allow_poly: bool):
    """The rule of the terms ``vals``: arithmetic, geometric, or (``allow_poly``) a polynomial."""
    sp = sympy_module()
    diffs = [b - a for a, b in zip(vals, vals[1:])]
    if said != "geometric" and len(set(diffs)) == 1:
        r = _arith(vals[0], diffs[0])
        r.why = f"The differences are all ${latex(diffs[0])}$, so the sequence is arithmetic. " + r.why
        return r
    if said != "arithmetic" and all(v != 0 for v in vals):
        ratios = [b / a for a, b in zip(vals, vals[1:])]
        if len(set(ratios)) == 1:
            r = _geom(vals[0], ratios[0])
            r.why = (
                f"Each term is ${latex(ratios[0])}$ times the one before, so the sequence is geometric. "
                + r.why
            )
            return r
    if said or not allow_poly:
        return None
    n = sp.Symbol("n")
    for deg in (2, 3):
        if len(vals) < deg + 2:
            break
        poly = sp.expand(sp.interpolate(list(zip(range(1, deg + 2), vals[: deg + 1])), n))
        if all(poly.subs(n, i + 1) == v for i, v in enumerate(vals)):
            name = {2: "quadratic (constant second difference)", 3: "cubic (constant third difference)"}[deg]
            return _Rule(
                "polynomial", vals[0], None, poly, f"The sequence is {name}: term $n$ is ${latex(poly)}$."
            )
    return None


def _sol(problem, steps, value):
    return Solution("sequence", problem, steps, latex(value), value)


def try_sequence(text: str):
    """A sequence question in plain phrasing, or None."""
    sp = sympy_module()
    s = clean(text)
    s = re.sub(r",?\s*(?:\.\.\.|…)\s*$", "", s)
    n = sp.Symbol("n")

    # "the first term of an arithmetic sequence is 10 and the common difference is -3. Find the 15th term."
    m = re.fullmatch(
        r"(?:the\s+first\s+term\s+of\s+an?\s+(arithmetic|geometric)\s+(?:sequence|progression)\s+is\s+("
        + NUM
        + r")"
        r"|an?\s+(arithmetic|geometric)\s+(?:sequence|progression)\s+has\s+(?:a\s+)?first\s+term\s+("
        + NUM
        + r"))"
        r",?\s+and\s+(?:the\s+|a\s+|its\s+)?common\s+(difference|ratio)\s+(?:is\s+)?("
        + NUM
        + r")\s*[.,]\s*"
        + ASK
        + r"(?:the\s+)?("
        + ORDINAL
        + r"|nth|n-th)\s+term(?:\s+of\s+the\s+(?:sequence|progression))?",
        s,
        re.I,
    )
    if m:
        kind = (m.group(1) or m.group(3)).lower()
        a, step = number(m.group(2) or m.group(4)), number(m.group(6))
        if a is None or step is None or (m.group(5).lower() == "ratio") != (kind == "geometric"):
            return None
        rule = _arith(a, step) if kind == "arithmetic" else _geom(a, step)
        return _answer_term(rule, m.group(7), f"a = {latex(a)}")

    # "In an arithmetic sequence a_1 = 2 and a_5 = 18. Find a_10."
    m = re.fullmatch(
        r"(?:in\s+an\s+arithmetic\s+(?:sequence|progression),?\s+)([a-z])_\{?(\d{1,4})\}?\s*=\s*("
        + NUM
        + r")"
        r",?\s+and\s+\1_\{?(\d{1,4})\}?\s*=\s*(" + NUM + r")\s*[.,]?\s*" + ASK + r"\1_\{?(\d{1,4})\}?",
        s,
        re.I,
    )
    if m:
        i, j, k = int(m.group(2)), int(m.group(4)), int(m.group(6))
        ai, aj = number(m.group(3)), number(m.group(5))
        if i == j or i < 1 or j < 1 or k < 1 or ai is None or aj is None:
            return None
        d = (aj - ai) / (j - i)
        a = ai - (i - 1) * d
        rule = _arith(a, d)
        v = rule.at(k)
        name = m.group(1)
        steps = [
            f"From ${name}_{{{i}}} = {latex(ai)}$ to ${name}_{{{j}}} = {latex(aj)}$ is ${j - i}$ steps of $d$: "
            f"$d = \\frac{{{latex(aj)} - ({latex(ai)})}}{{{j - i}}} = {latex(d)}$.",
            f"${name}_{{{k}}} = {name}_{{{i}}} + ({k} - {i})d = {latex(ai)} + {k - i} \\cdot ({latex(d)}) = {latex(v)}$.",
        ]
        return _sol(f"{name}_{{{k}}}", steps, v)

    # the sum of the first k terms of an arithmetic / geometric series
    m = re.fullmatch(
        ASK
        + r"(?:the\s+)?sum\s+of\s+the\s+first\s+(\d{1,6})\s+terms\s+of\s+"
        + _SEQ
        + r"\s*:?\s*(?:"
        + _SERIES
        + r"|"
        + _TERMS
        + r")",
        s,
        re.I,
    )
    if m:
        k = int(m.group(1))
        vals = _terms(m.group(3) or m.group(4))
        if vals is None or k < 1:
            return None
        rule = _rule(vals, (m.group(2) or "").lower() or None, False)
        if rule is None:
            return _not_sure()
        if rule.kind == "arithmetic":
            last = rule.at(k)
            total = sp.Rational(k, 2) * (rule.a + last)
            how = f"$S_{{{k}}} = \\frac{{{k}}}{{2}}(a_1 + a_{{{k}}}) = \\frac{{{k}}}{{2}}({latex(rule.a)} + {latex(last)}) = {latex(total)}$."
        else:
            r = rule.step
            if k > 2_000:
                raise Unsupported("That sum has too many terms of a geometric series for me to work out.")
            total = rule.a * k if r == 1 else exact_number(rule.a * (r**k - 1) / (r - 1))
            how = f"$S_{{{k}}} = \\frac{{a(r^{{{k}}} - 1)}}{{r - 1}} = {latex(total)}$."
        return _sol(f"S_{{{k}}}", [rule.why, how], total)

    # "Which term of the sequence 6, 10, 14, ... is (equal to) 54?"
    m = re.fullmatch(
        r"which\s+term\s+of\s+"
        + _SEQ
        + r"\s*:?\s*"
        + _TERMS
        + r"\s*,?\s+(?:is|equals)\s+(?:equal\s+to\s+)?("
        + NUM
        + r")",
        s,
        re.I,
    )
    if m:
        vals, target = _terms(m.group(2)), number(m.group(3))
        if vals is None or target is None:
            return None
        rule = _rule(vals, (m.group(1) or "").lower() or None, False)
        if rule is None:
            return _not_sure()
        roots = [r for r in sp.solve(sp.Eq(rule.formula, target), n) if r.is_integer and r >= 1]
        if len(roots) != 1:
            raise Unsupported(f"{latex(target)} is not a term of that sequence.")
        k = roots[0]
        steps = [rule.why, f"Solve ${latex(rule.formula)} = {latex(target)}$: $n = {latex(k)}$."]
        return _sol(f"a_n = {latex(target)}", steps, k)

    # next term / k-th term / n-th term of the listed terms
    m = re.fullmatch(
        r"(?:" + ASK + r"(?:the\s+)?(next|" + ORDINAL + r"|nth|n-th|general)\s+(?:term|number)"
        r"|(?:find|write(?:\s+down)?|give|state|determine)\s+(?:an?\s+|the\s+)?(?:expression|formula|rule)\s+for\s+the\s+(nth|n-th|general)\s+term)"
        r"\s*(?:(?:in|of)\s+(?:" + _SEQ + r")?)?\s*:?\s*" + _TERMS,
        s,
        re.I,
    ) or re.fullmatch(
        r"what\s+(?:comes|is|number\s+comes)\s+next\s*(?:in\s+" + _SEQ + r")?\s*:?\s*" + _TERMS, s, re.I
    )
    if m:
        g = m.groups()
        if len(g) == 2:  # "what comes next"
            which, said, terms = "next", g[0], g[1]
        else:
            which, said, terms = (g[0] or g[1]), g[2], g[3]
        vals = _terms(terms)
        if vals is None:
            return None
        which = which.lower()
        rule = _rule(vals, (said or "").lower() or None, which == "next")
        if rule is None:
            return _not_sure()
        if which == "next":
            k = len(vals) + 1
            v = rule.at(k)
            return _sol(", ".join(latex(x) for x in vals), [rule.why, f"Term ${k}$ is ${latex(v)}$."], v)
        return _answer_term(rule, which, ", ".join(latex(x) for x in vals))
    return None


def _answer_term(rule, which: str, shown: str):
    sp = sympy_module()
    which = which.lower()
    if which in ("nth", "n-th", "general"):
        f = rule.formula
        if rule.kind == "geometric":
            f = sp.powsimp(f)
        return Solution(
            "sequence",
            shown,
            [rule.why, f"So the $n$th term is ${latex(f)}$."],
            latex(f),
            f,
            introduces=("n",),
        )
    k = ordinal(which)
    if k is None:
        return None
    v = rule.at(k)
    step = f"Put $n = {k}$: $a_{{{k}}} = {latex(rule.formula.subs(sp.Symbol('n'), sp.UnevaluatedExpr(k)))} = {latex(v)}$."
    return Solution("sequence", shown, [rule.why, step], latex(v), v)


def _not_sure():
    raise Unsupported(
        "I couldn't find one rule for those terms (a constant difference or a constant ratio); "
        "please give more terms or say how the sequence is built."
    )
