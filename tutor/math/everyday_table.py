"""The everyday phrasings as data: one row per phrasing — (priority, patterns, handler) — run by one
loop (:func:`tutor.math.everyday.try_everyday`, in the SymPy worker), in the manner of Math-Verify's
patterns-as-data. This module holds only data (no SymPy, nothing of the math core), so the app
process can read it: the solver's capabilities text (:func:`capabilities_text`) is made from it, and
a test finds patterns that overlap (two rows of one priority matching one input).

How a row is run, lowest priority first (rows of one priority in table order):

* a row with patterns matches one of them (``re.fullmatch``, case-insensitive) against its view of
  the problem: ``"text"`` (spaces collapsed) or ``"body"`` (question words such as "What is" and
  the closing punctuation taken off). A match *claims* the problem: the handler's answer
  (a Solution, or None when the phrasing is right but cannot be answered: the general parser takes
  over) ends the loop — unless the handler returns ``NOT_MINE`` (a check the pattern cannot say);
* a row without patterns is a *reader* (a family that knows its own phrasings): its Solution ends
  the loop, None goes on to the next row.

Handlers are named "module:function" (resolved in the worker when first used)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["Phrasing", "TABLE", "capabilities_text", "compiled", "overlaps"]

# a number as the phrasings write it: -3, 2.5, 3/4, .5 (as tutor.math.everyday_common.N)
_N = r"(-?\s*\d+(?:\.\d+)?(?:\s*/\s*-?\d+)?|-?\s*\.\d+)"


@dataclass(frozen=True)
class Phrasing:
    name: str
    priority: int
    handler: str  # "module:function"
    patterns: tuple[str, ...] = ()  # none: a reader
    on: str = "text"  # "text" or "body"
    examples: tuple[str, ...] = ()  # inputs of this phrasing (the overlap test runs them all)
    shown: bool = False  # the first example goes into the solver's capabilities text


_NUM = "tutor.math.everyday_numbers:"
_ALG = "tutor.math.everyday_algebra:"

TABLE: tuple[Phrasing, ...] = (
    # -- 10: the plain-phrasing families (sequences, coordinate geometry, absolute value, ratios,
    #    counting, data, percent word problems) read their own textbook phrasings
    Phrasing(
        "plain families",
        10,
        "tutor.math.everyday:plain_families",
        examples=("Find the midpoint of A(1, 2) and B(5, 8).",),
    ),
    # -- 20: readers of textbook phrasings that lead to the solver's families
    Phrasing(
        "rounding",
        20,
        "tutor.math.everyday_rounding:rounding",
        examples=("Round 3.14159 to 2 decimal places",),
        shown=True,
    ),
    Phrasing(
        "limits in words",
        20,
        _ALG + "limit_words",
        examples=("Find the limit as x approaches 2 of x^2 + 3x.",),
    ),
    Phrasing(
        "equation openings",
        20,
        _ALG + "equation_words",
        examples=("Solve simultaneously: x + y = 10, x - y = 2",),
    ),
    Phrasing(
        "functions", 20, _ALG + "functions", examples=("If f(x) = 3x - 7 and g(x) = x^2, find f(g(2)).",)
    ),
    Phrasing("substitution", 20, _ALG + "substitute", examples=("Evaluate 3a - 2b when a = 4 and b = -1.",)),
    # -- 30: definitions first ("Let a be …. Let f(x) = …."), then the question
    Phrasing(
        "definitions",
        30,
        _ALG + "definitions",
        (
            r"(?:let|suppose)\s+([a-z])\s+(?:be|=)\s+([^.]+?)\.\s+(.*)",
            r"(?:let|suppose)\s+([a-z])\(([a-z])\)\s*=\s*([^.]+(?:\.\d[^.]*)*?)\.\s+(.*)",
        ),
        examples=("Let f(x) = 2x + 1. What is f(3)?", "Let a be 3. Let b be a + 2. What is b?"),
        shown=True,
    ),
    # -- 40: one phrasing each; no two of them may match one input (tests/test_everyday_table.py)
    Phrasing(
        "two numbers in words",
        40,
        _NUM + "two_numbers",
        (
            r"(?:add(?:\s+together)?|put\s+together|(?:the\s+)?sum\s+of|total\s+of)\s+"
            + _N
            + r"\s+and\s+"
            + _N,
            r"(?:multiply|(?:the\s+)?product\s+of)\s+" + _N + r"\s+(?:and|by)\s+" + _N,
            r"(?:the\s+)?difference\s+between\s+" + _N + r"\s+and\s+" + _N,
            r"divide\s+" + _N + r"\s+by\s+" + _N,
            r"subtract\s+" + _N + r"\s+from\s+" + _N,
        ),
        on="body",
        examples=(
            "Add 2.4 and 0.5",
            "Product of -2 and -9",
            "What is the difference between -0.4 and 1525?",
            "Divide 10 by 4",
            "Subtract 3 from 10",
        ),
    ),
    Phrasing(
        "greatest common divisor in words",
        40,
        _NUM + "gcd_words",
        (
            r"(?:the\s+)?(highest|greatest|largest|biggest)\s+common\s+(?:divisor|factor)\s+of\s+(\d{1,12})\s+and\s+(\d{1,12})",
        ),
        on="body",
        examples=("What is the highest common factor of 12 and 18?",),
    ),
    Phrasing(
        "least common multiple in words",
        40,
        _NUM + "lcm_words",
        (r"(?:the\s+)?(?:smallest|lowest|least)\s+common\s+multiple\s+of\s+(\d{1,12})\s+and\s+(\d{1,12})",),
        on="body",
        examples=("Calculate the smallest common multiple of 4 and 6.",),
    ),
    Phrasing(
        "common denominator",
        40,
        _NUM + "common_denominator",
        (r"(?:the\s+)?(?:lowest\s+|least\s+)?common\s+denominator\s+of\s+" + _N + r"\s+and\s+" + _N,),
        on="body",
        examples=("What is the common denominator of 1/4 and 5/6?",),
    ),
    Phrasing(
        "composite",
        40,
        _NUM + "composite",
        (r"is\s+(\d{1,15})\s+(?:a\s+)?composite(?:\s+number)?\s*\??",),
        examples=("Is 836293 composite?",),
    ),
    Phrasing(
        "comparison test",
        40,
        _NUM + "relation",
        (
            r"is\s+(.+?)\s+(less than or equal to|greater than or equal to|at most|at least|less than|"
            r"smaller than|greater than|bigger than|equal to|<=|>=|<|>|!=)\s+(.+?)\s*\??",
        ),
        examples=("Is -4 greater than 211?", "Is 722 <= 721?"),
    ),
    Phrasing(
        "k-th biggest value",
        40,
        _NUM + "kth_biggest",
        (
            r"(?:the\s+)?(?:(first|second|third|fourth|fifth|sixth)\s+)?(biggest|largest|greatest|smallest|lowest)"
            r"\s+(?:value|number)\s+(?:in|of|among)\s+(.+?)",
        ),
        on="body",
        examples=("What is the fourth biggest value in -9/11, -4, 0, -5?",),
    ),
    Phrasing(
        "simplify assuming positive",
        40,
        _ALG + "simplify_assuming_positive",
        (r"simplify\s+(.+?)\s+assuming\s+([a-z])\s+is\s+positive\s*\.?",),
        examples=("Simplify b**(5/2)*b assuming b is positive.",),
    ),
    Phrasing(
        "if equation, what is x",
        40,
        _ALG + "if_equation_what_is",
        (r"if\s+(.+?=.+?),\s*(?:then\s+)?(?:what\s+is|find|what's)\s+(?:the\s+value\s+of\s+)?([a-z])\s*\??",),
        examples=("If 3x + 7 = 22, what is x?",),
    ),
    Phrasing(
        "collect terms",
        40,
        _ALG + "collect_terms",
        (r"collect\s+(?:the\s+)?(?:like\s+)?terms\s+(?:in|of)\s+(.+?)\s*\.?",),
        examples=("Collect the terms in 3x + x + 0x.",),
    ),
    Phrasing(
        "prime",
        40,
        _NUM + "prime",
        (r"is\s+(\d{1,15})\s+(?:a\s+)?prime(?:\s+number)?\s*\??",),
        examples=("Is 91 prime?", "Is 97 a prime number?"),
        shown=True,
    ),
    Phrasing(
        "divisibility",
        40,
        _NUM + "divisibility",
        (
            r"(?:does|is)\s+(-?\d{1,15})\s+divide\s+(-?\d{1,15})\s*\??",
            r"is\s+(-?\d{1,15})\s+a\s+(?:factor|divisor)\s+of\s+(-?\d{1,15})\s*\??",
            r"is\s+(-?\d{1,15})\s+(?:a\s+multiple\s+of|divisible\s+by)\s+(-?\d{1,15})\s*\??",
        ),
        examples=(
            "Does 3 divide 12?",
            "Is 3 a factor of 12?",
            "Is 12 a multiple of 3?",
            "Is 12 divisible by 5?",
        ),
    ),
    Phrasing(
        "remainder",
        40,
        _NUM + "remainder",
        (
            r"(?:what\s+is\s+|calculate\s+|find\s+)?the\s+remainder\s+when\s+(-?\d{1,15})\s+is\s+divided\s+by\s+(-?\d{1,15})\s*[?.]?",
        ),
        examples=("What is the remainder when 100 is divided by 7?",),
    ),
    Phrasing(
        "modulo",
        40,
        _NUM + "remainder",
        (r"(-?\d{1,15})\s+mod(?:ulo)?\s+(-?\d{1,15})",),
        on="body",
        examples=("17 mod 5",),
    ),
    Phrasing(
        "which is smaller",
        40,
        _NUM + "which_is",
        (
            r"which\s+is\s+(smaller|bigger|greater|larger|less|lower|higher)\s*[:,]?\s*(.+?)\s+or\s+(.+?)\s*\??",
        ),
        examples=("Which is smaller: -1 or 2/7?",),
        shown=True,
    ),
    Phrasing(
        "sorting",
        40,
        _NUM + "sort_values",
        (
            r"(?:sort|put|arrange|order)\s+(.+?)(?:\s+in\s+(increasing|decreasing|ascending|descending)\s+order)?\s*\.?",
        ),
        examples=("Sort 3, -1, 2/3 in decreasing order.",),
    ),
    Phrasing(
        "rounding (plain)",
        40,
        _NUM + "round_simple",
        (
            r"(?:what\s+is\s+)?(-?\d+(?:\.\d+)?)\s+rounded\s+to\s+the\s+nearest\s+(\d+(?:\.\d+)?|ten|hundred|thousand|integer|whole number)\s*\??",
            r"round\s+(-?\d+(?:\.\d+)?)\s+to\s+the\s+nearest\s+(\d+(?:\.\d+)?|ten|hundred|thousand|integer|whole number)\s*\.?",
            r"(?:what\s+is\s+)?(-?\d+(?:\.\d+)?)\s+rounded\s+to\s+(\d+|one|two|three|four|five)\s+(?:decimal\s+places?|dps?)\s*\??",
            r"round\s+(-?\d+(?:\.\d+)?)\s+to\s+(\d+|one|two|three|four|five)\s+(?:decimal\s+places?|dps?)\s*\.?",
        ),
        examples=("What is 2.5 rounded to the nearest 5?", "Round 3.14159 to 2 dp."),
    ),
    Phrasing(
        "n choose k",
        40,
        _NUM + "choose",
        (r"(\d{1,4})\s+choose\s+(\d{1,4})",),
        on="body",
        examples=("15 choose 3",),
        shown=True,
    ),
    Phrasing(
        "as a decimal or percentage",
        40,
        _NUM + "as_form",
        (
            r"(?:write|express|convert)\s+(.+?)\s+(?:as|to)\s+an?\s+(decimal|percentage|percent|fraction)\s*\.?",
        ),
        examples=("Write 3/20 as a decimal", "Express 0.35 as a percentage"),
    ),
    Phrasing(
        "slope through two points",
        40,
        _ALG + "slope_through",
        (
            r"(?:find\s+|what\s+is\s+|calculate\s+)?the\s+(slope|gradient)\s+of\s+the\s+line\s+(?:through|passing\s+through|joining)\s+"
            r"\(\s*"
            + _N
            + r"\s*,\s*"
            + _N
            + r"\s*\)\s+and\s+\(\s*"
            + _N
            + r"\s*,\s*"
            + _N
            + r"\s*\)\s*[?.]?",
        ),
        examples=("the slope of the line through (1,2) and (3,8)",),
        shown=True,
    ),
    Phrasing(
        "next term",
        40,
        _ALG + "next_term",
        (
            r"(?:what\s+is\s+|what\s+comes\s+)?(?:the\s+)?next\s+(?:term|number)\s+(?:in|of)\s*(?:the\s+sequence)?\s*:?\s*(.+?)\s*\??",
            r"what\s+(?:comes|is)\s+next\s*(?::|in)?\s*(.+?)\s*\??",
        ),
        examples=("What is the next term in 4, 7, 10, 13?", "What comes next: 1, 8, 27, 64?"),
        shown=True,
    ),
    Phrasing(
        "base conversion",
        40,
        _NUM + "base_conversion",
        (
            r"(?:what\s+is\s+|convert\s+)?(-?[0-9a-z]+)\s*\(\s*base\s+(\d{1,2})\s*\)\s+(?:in|to)\s+base\s+(\d{1,2})\s*[?.]?",
        ),
        examples=("Convert 5 (base 6) to base 2", "What is 1011 (base 2) in base 10?"),
        shown=True,
    ),
    # -- 50: units (sympy.physics.units); 60: word operators between plain numbers, the last resort
    Phrasing(
        "unit conversion",
        50,
        "tutor.math.everyday_units:convert_units",
        examples=("How many grams are there in 2.5 kilograms?",),
        shown=True,
    ),
    Phrasing(
        "word operators",
        60,
        _NUM + "word_operators",
        (r".*\b(?:times|multiplied by|divided by|plus|minus|squared|cubed|to the power of|over)\b.*",),
        on="body",
        examples=("What is 7 times 8?", "Calculate 1387582 divided by 7."),
        shown=True,
    ),
)


@functools.cache
def compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def ordered() -> list[Phrasing]:
    """The rows in the order the loop runs them (priority, then table order)."""
    return sorted(TABLE, key=lambda p: p.priority)


def overlaps(text: str, body: str) -> list[tuple[str, str, int]]:
    """Pairs of rows of one priority whose patterns both match this input: (row, row, priority)."""
    views = {"text": text, "body": body}
    hits: dict[int, list[str]] = {}
    for p in TABLE:
        if p.patterns and any(compiled(pat).fullmatch(views[p.on]) for pat in p.patterns):
            hits.setdefault(p.priority, []).append(p.name)
    return [(a, b, prio) for prio, names in hits.items() for i, a in enumerate(names) for b in names[i + 1 :]]


def capabilities_text() -> str:
    """The everyday part of the solver's capabilities text, from the rows marked `shown`."""
    shown = [p.examples[0] for p in ordered() if p.shown and p.examples]
    return "everyday questions: " + ", ".join(f"`{e}`" for e in shown)
