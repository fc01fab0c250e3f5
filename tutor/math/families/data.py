"""Statistics of a list in textbook phrasing: the mean, median, mode and range of "4, 8, 15 and 16"
or of "the data set ...", a list given in a sentence ("The ages of five children are 6, 8, 9, 7
and 10. What is their mean age?", the count checked), and the missing value from a mean ("The
mean of four numbers is 12. Three of the numbers are 10, 14 and 9. What is the fourth number?").
Exact values.
"""

from __future__ import annotations

import re
from collections import Counter

from tutor.math.families.phrases import ASK, COUNT, NUM, ORDINAL, clean, count, items, number
from tutor.math.parse import exact_number, latex, sympy_module
from tutor.math.problems import Solution, Unsupported

_STAT = r"(mean|average|arithmetic\s+mean|median|mode|modal\s+value|range)"
_OF = r"\s+of\s+(?:the\s+)?(?:(?:data\s+set|data|set|numbers|values|list|scores)\s*:?\s*)?"


def statistic(what: str, xs, shown: str | None = None) -> Solution:
    """The mean / median / mode / range of ``xs`` with steps."""
    sympy_module()
    what = re.sub(r"\s+", " ", what.lower())
    what = {"average": "mean", "arithmetic mean": "mean", "modal value": "mode"}.get(what, what)
    n = len(xs)
    listed = ", ".join(latex(v) for v in xs)
    if what == "mean":
        total = sum(xs)
        val = exact_number(total / n)
        steps = [
            f"Add the ${n}$ values: ${' + '.join(latex(v) for v in xs)} = {latex(total)}$.",
            f"Divide by ${n}$: $\\frac{{{latex(total)}}}{{{n}}} = {latex(val)}$.",
        ]
    elif what == "median":
        ys = sorted(xs)
        steps = ["Sort them: $" + ", ".join(latex(y) for y in ys) + "$."]
        if n % 2:
            val = ys[n // 2]
            steps.append(f"There are ${n}$ values (odd), so the median is the middle one, ${latex(val)}$.")
        else:
            a, b = ys[n // 2 - 1], ys[n // 2]
            val = (a + b) / 2
            steps.append(
                f"There are ${n}$ values (even), so the median is the mean of the two middle ones: $\\frac{{{latex(a)} + {latex(b)}}}{{2}} = {latex(val)}$."
            )
    elif what == "mode":
        c = Counter(xs)
        top = max(c.values())
        modes = sorted(v for v, k in c.items() if k == top)
        if top == 1:
            raise Unsupported("Every value appears once, so that list has no mode.")
        if len(modes) > 1:
            raise Unsupported("That list has more than one mode (" + ", ".join(str(v) for v in modes) + ").")
        val = modes[0]
        steps = [
            "Count how often each value appears: "
            + ", ".join(f"${latex(v)}$ ({k}×)" for v, k in sorted(c.items()))
            + ".",
            f"${latex(val)}$ appears most often ({top} times), so the mode is ${latex(val)}$.",
        ]
    elif what == "range":
        hi, lo = max(xs), min(xs)
        val = hi - lo
        steps = [
            f"Largest ${latex(hi)}$, smallest ${latex(lo)}$: range $= {latex(hi)} - ({latex(lo)}) = {latex(val)}$."
        ]
    else:
        return None  # type: ignore[return-value]
    return Solution("statistics", shown or f"\\text{{{what} of }} {listed}", steps, latex(val), val)


def try_data(text: str):
    """A statistics question in plain phrasing, or None."""
    sympy_module()
    s = clean(text)

    m = re.fullmatch(ASK + r"(?:the\s+)?" + _STAT + _OF + r"\(?(.+?)\)?", s, re.I)
    if m:
        xs = items(m.group(2), 1)
        if xs is not None:
            if m.group(1).lower() in ("mean", "average", "median") and not re.search(
                r"\b(?:set|list|scores)\b", s, re.I
            ):
                return None  # the numbers family's mean / median (with its standard deviation)
            return statistic(m.group(1), xs)

    # "The ages of five children are 6, 8, 9, 7 and 10. What is their mean age?"
    m = re.fullmatch(
        r"the\s+([a-z]+)\s+of\s+(?:(?:the|these|those)\s+)?("
        + COUNT
        + r")\s+([a-z]+)\s+(?:are|were)\s*:?\s*(.+?)\s*[.,;]\s*"
        + ASK
        + r"(?:their|the)\s+"
        + _STAT
        + r"(?:\s+([a-z]+))?(?:\s+of\s+the\s+\3)?",
        s,
        re.I,
    )
    if m:
        label, n, xs = m.group(1).lower(), count(m.group(2)), items(m.group(4), 2)
        tail = (m.group(6) or "").lower()
        if xs is None or n is None:
            return None
        if tail and re.sub(r"s$", "", tail) != re.sub(r"s$", "", label):
            return None
        if len(xs) != n:
            raise Unsupported(f"The problem says {m.group(2)} {m.group(3)} but lists {len(xs)} values.")
        return statistic(m.group(5), xs)

    # "The mean of four numbers is 12. Three of the numbers are 10, 14 and 9. What is the fourth number?"
    m = re.fullmatch(
        r"the\s+(?:mean|average)\s+of\s+(" + COUNT + r")\s+numbers\s+is\s+(" + NUM + r")\s*[.,]\s*"
        r"("
        + COUNT
        + r")\s+of\s+(?:the\s+numbers|them)\s+are\s+(.+?)\s*[.,]\s*"
        + ASK
        + r"the\s+(?:(?:"
        + ORDINAL
        + r"|last|other|remaining|missing)\s+)number",
        s,
        re.I,
    )
    if m:
        n, mean, k, xs = count(m.group(1)), number(m.group(2)), count(m.group(3)), items(m.group(4), 1)
        if None in (n, mean, k) or xs is None or len(xs) != k or k != n - 1:
            return None
        total = n * mean
        val = total - sum(xs)
        steps = [
            f"The ${n}$ numbers add up to ${n} \\times {latex(mean)} = {latex(total)}$.",
            f"The known ones add up to ${' + '.join(latex(v) for v in xs)} = {latex(sum(xs))}$.",
            f"So the missing number is ${latex(total)} - {latex(sum(xs))} = {latex(val)}$.",
        ]
        return Solution(
            "statistics",
            f"\\text{{mean}} = {latex(mean)}",
            steps,
            latex(exact_number(val)),
            exact_number(val),
        )
    return None
