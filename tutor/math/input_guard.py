"""The cheap checks of a visitor's text before any parsing, in the caller's process and without
SymPy (:func:`precheck`): sizes, characters, markup, brackets, dollars, absurd numbers. Each
refusal says what was not accepted."""

from __future__ import annotations

import math
import re

from tutor.math.problems import Unsupported

__all__ = ["MAX_CHARS", "MAX_DEPTH", "MAX_EXPONENT", "precheck"]

MAX_CHARS = 2000
MAX_DEPTH = 24
MAX_EXPONENT = 10_000


_UNICODE_MAP = {
    "\u00b0": " degrees",  # 30° (read as radians inside sin/cos/tan by tutor.math.notation)
    "\u00d7": "*",
    "\u22c5": "*",
    "\u00b7": "*",
    "\u2217": "*",
    "\u00f7": " ÷ ",
    "\u2212": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u00b2": "^2",
    "\u00b3": "^3",
    "\u03c0": "pi",
    "\u221a": "sqrt",
    "\u221e": "oo",
    "\u2192": "->",
    "\u222b": "integral of ",
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2264": " <= ",
    "\u2265": " >= ",
    "\u2a7d": " <= ",
    "\u2a7e": " >= ",
}
_FORBIDDEN_WORDS = re.compile(
    r"\b(import|lambda|exec|eval|open(?=\s*\()|globals|locals|getattr|setattr|delattr|compile|"
    r"builtins|subprocess|system(?=\s*\()|os|sys)\b|__|`|;|\bdef\b|\bclass\s+[A-Za-z_]\w*\s*[(:]",
    re.IGNORECASE,
)
_NUMPOW = re.compile(r"(\d+(?:\.\d+)?)\s*(?:\*\*|\^)\s*[({]?\s*(\d+)")
_EXPONENT_LITERAL = re.compile(r"(?:\*\*|\^)\s*[({]?\s*(\d+)")
_TOWER = re.compile(r"(?:\*\*|\^)\s*[({]\s*(\d+(?:\.\d+)?)\s*(?:\*\*|\^)\s*[({]?\s*(\d+)")
_FACTORIAL = re.compile(r"(?:factorial\s*\(\s*(\d+))|(?:(\d+)\s*!)")


# markup: a tag (`<b>`, `</x`, `<!--`, `<img src=...`), an entity, or a `<`/`>` pair around a word
_HTML = re.compile(
    r"</|<!|<\?|&[#\w]+;|<\s*[A-Za-z][\w-]*(?:\s+[\w-]+\s*=|\s*/?\s*>)|"
    r"<\s*[A-Za-z][\w-]*\s+[A-Za-z][^<>]*>",
    re.IGNORECASE,
)
# what inequality input may look like: maths characters and words, one or two relation signs
# (`a < x < b`), each `<`/`>` optionally followed by `=`
_INEQ_INPUT = re.compile(
    r"(?=(?:[^<>]*(?:<=?|>=?|=<|=>)){1,2}[^<>]*$)(?!.*(?:<\s*>|>\s*<|[<>]{2}))"
    r"[\w\s.,+\-*/^()\[\]{}\\$:?!'<>=|\u00f7\u2264\u2265]+",
    re.DOTALL,
)


_BOUND = r"(\{[^{}]*\}|-?\s*(?:\d+(?:\.\d+)?|[A-Za-z]+|\u03c0|\u221e))"


def _unicode_operators(s: str) -> str:
    """The Unicode signs whose reach matters, written out: ``∫_0^1 f dx`` is "integral from 0 to
    1 of f dx" (a bound that is not a plain number, letter or {group} is refused), ``√16`` is
    ``sqrt(16)``; ``√2x`` (root of 2, or of 2x?) is refused."""

    def bound(t: str) -> str:
        t = t.strip()
        return t[1:-1].strip() if t.startswith("{") else t

    s = re.sub(
        r"\u222b\s*_\s*" + _BOUND + r"\s*\^\s*" + _BOUND,
        lambda m: f" integral from {bound(m.group(1))} to {bound(m.group(2))} of ",
        s,
    )
    s = re.sub(
        r"\u222b\s*\^\s*" + _BOUND + r"\s*_\s*" + _BOUND,
        lambda m: f" integral from {bound(m.group(2))} to {bound(m.group(1))} of ",
        s,
    )
    if re.search(r"\u222b\s*[_^]", s):
        raise Unsupported("I couldn't read the limits of that integral; write it as ∫_a^b f(x) dx.")
    if re.search(r"\u221a\s*\d+(?:\.\d+)?\s*[A-Za-z(\u03c0]", s):
        raise Unsupported(
            "I can't tell how far that square root reaches (√2x: the root of 2, or of 2x?); "
            "please use brackets, as in √(2x) or √(2)x."
        )
    s = re.sub(r"\u221a\s*(\d+(?:\.\d+)?|[A-Za-z]\b|\u03c0)", r"sqrt(\1)", s)
    if re.search(r"\u221a(?!\s*[({])", s):
        raise Unsupported(
            "I can't tell what that square root applies to; please use brackets, as in √(x + 1)."
        )
    return s


# in a story problem only code-shaped uses are refused: a call or attribute of those names, a
# `def f(` / `class C:`, dunders and backticks (issue 25: "gym class" refused 24 ASDiv rows)
_CODE_SHAPED = re.compile(
    r"__|`|\b(?:import|lambda|exec|eval|open|globals|locals|getattr|setattr|delattr|compile|builtins|"
    r"subprocess|system|os|sys)\s*[.(]|\bimport\s+[a-z_]|\bdef\s+\w+\s*\(|\bclass\s+\w+\s*[:(]|\blambda\b\s*\w*\s*:",
    re.IGNORECASE,
)
_STORY_QUESTION = re.compile(
    r"^(?:[Ii]f|[Ww]hen|[Aa]fter)\s[^?]*,\s[Hh]ow\s+many\b|(?:[A-Za-z0-9][.!]\s.*\b)(?:[Hh]ow\s+(?:much|many)|[Ww]hat(?:'s|\s+is|\s+was)\s+the\s+(?:difference|total)|[Ww]hat\s+(?:amount|sum)\s+of\s+money)\b"
)


def precheck(text) -> str:
    if not isinstance(text, str):
        raise Unsupported("Please type the problem as text.")
    s = text.strip()
    if not s:
        raise Unsupported("The problem is empty.")
    if len(s) > MAX_CHARS:
        raise Unsupported(f"That input is too long ({len(s)} characters); please keep it under {MAX_CHARS}.")
    if any((ord(c) < 32 and c not in "\n\t\r") or ord(c) == 127 for c in s):
        raise Unsupported("The input contains control characters (such as a null byte) that I can't read.")
    if "<" in s or re.search(r"(?<!-)>", s):
        if _HTML.search(s) or not _INEQ_INPUT.fullmatch(s):
            raise Unsupported(
                "The input looks like HTML or markup; '<' and '>' can only be used in an "
                "inequality such as `2x + 3 > 7`."
            )
    s = _unicode_operators(s)
    for k, v in _UNICODE_MAP.items():
        s = s.replace(k, v)
    bad = sorted({c for c in s if ord(c) > 126 and c != "÷"})
    if bad:
        raise Unsupported(
            "The input contains characters I can't read: " + " ".join(repr(c) for c in bad[:5]) + "."
        )
    forbidden = _FORBIDDEN_WORDS.search(s)
    if forbidden and _STORY_QUESTION.search(s) and not _CODE_SHAPED.search(s):
        forbidden = None  # a story's "gym class", "open house", "Italy; there": English, not code
    if forbidden:
        raise Unsupported("The input contains words or symbols that are not maths (like 'import' or '__').")
    # dollars: `\$` is a literal dollar; a lone `$` before a number is currency
    s = s.replace("\\$", "")
    if _STORY_QUESTION.search(s) and all(re.match(r"\s?\d", s[m.end() :]) for m in re.finditer(r"\$", s)):
        # a story's prices ("Kate gave the clerk $1.00. ... How much change?"): every `$` opens an
        # amount, so none is a math delimiter; the word keeps what the sign meant (issue 25)
        s = re.sub(r"\$\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)", r"\1 dollars", s)
    if s.count("$") % 2:
        s = re.sub(r"\$(?=\s?\d)", "", s)
    if s.count("$") % 2:
        raise Unsupported("The input has an unbalanced '$' math delimiter.")
    s = re.sub(r"\$\$?", " ", s).strip()
    if s.startswith("\\(") and s.endswith("\\)") or s.startswith("\\[") and s.endswith("\\]"):
        s = s[2:-2].strip()
    # brackets: balance and nesting depth
    depth, stack = 0, []
    pairs = {")": "(", "]": "[", "}": "{"}
    for c in s:
        if c in "([{":
            stack.append(c)
            depth = max(depth, len(stack))
        elif c in ")]}":
            if not stack or stack[-1] != pairs[c]:
                raise Unsupported(f"The brackets are unbalanced (unexpected '{c}').")
            stack.pop()
    if stack:
        what = "braces (e.g. an unfinished \\frac{...})" if "{" in stack else "brackets"
        raise Unsupported(f"The {what} are unbalanced: a '{stack[-1]}' is never closed.")
    if depth > MAX_DEPTH:
        raise Unsupported(f"The expression is nested too deeply (more than {MAX_DEPTH} levels).")
    if s.count("\\left") != s.count("\\right"):
        raise Unsupported("The LaTeX \\left/\\right pairs are unbalanced.")
    # absurd sizes
    for m in _EXPONENT_LITERAL.finditer(s):
        if int(m.group(1)) > MAX_EXPONENT:
            raise Unsupported(f"The exponent {m.group(1)} is too large for me to work with.")
    for m in _TOWER.finditer(s):
        base, ex = float(m.group(1)), int(m.group(2))
        if ex * math.log10(max(base, 2.0)) > math.log10(MAX_EXPONENT):
            raise Unsupported("That expression has an exponent that is itself a huge power; it is too large.")
    for m in _NUMPOW.finditer(s):
        base, ex = float(m.group(1)), int(m.group(2))
        if base > 1 and ex * math.log10(base) > 1000:
            raise Unsupported("That number is too large (more than 1000 digits).")
    for m in _FACTORIAL.finditer(s):
        if int(m.group(1) or m.group(2)) > 5000:
            raise Unsupported("That factorial is too large.")
    if (
        re.search(r"factorial\s*\([^)]*(\^|\*\*)", s)
        or re.search(r"\)\s*!", s)
        and re.search(r"(\^|\*\*)", s)
    ):
        raise Unsupported("Factorials of powers are too large for me.")
    if re.search(r"\d{60,}", s):
        raise Unsupported("That number has too many digits.")
    return s
