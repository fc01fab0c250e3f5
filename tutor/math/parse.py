"""The front door from text to SymPy objects: cheap pre-checks in the caller's process
(:func:`precheck`, no SymPy), then plain-text and LaTeX parsing inside the worker. English words
are refused with the words named, never read as products of letters; decimals are exact; `i` is
the imaginary unit in complex arithmetic; plain `log` is base 10 in equations when asked."""

from __future__ import annotations

import functools
import math
import re

from tutor.math.problems import Unsupported

__all__ = [
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "precheck",
    "sympy_module",
    "parse_plain",
    "parse_latex",
    "parse_any",
    "latex",
    "sort_symbols",
    "rebuild",
    "is_latex",
]

MAX_CHARS = 2000
MAX_DEPTH = 24
MAX_EXPONENT = 10_000


_UNICODE_MAP = {
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
    r"\b(import|lambda|exec|eval|open|globals|locals|getattr|setattr|delattr|compile|"
    r"builtins|subprocess|system|os|sys)\b|__|`|;|\bdef\b|\bclass\b",
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
    r"[\w\s.,+\-*/^()\[\]{}\\$:?!'<>=\u00f7\u2264\u2265]+",
    re.DOTALL,
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
    for k, v in _UNICODE_MAP.items():
        s = s.replace(k, v)
    bad = sorted({c for c in s if ord(c) > 126 and c != "÷"})
    if bad:
        raise Unsupported(
            "The input contains characters I can't read: " + " ".join(repr(c) for c in bad[:5]) + "."
        )
    if _FORBIDDEN_WORDS.search(s):
        raise Unsupported("The input contains words or symbols that are not maths (like 'import' or '__').")
    # dollars: `\$` is a literal dollar; a lone `$` before a number is currency
    s = s.replace("\\$", "")
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


@functools.cache
def sympy_module():
    """The sympy module, imported on first use (importing it takes a second or more)."""
    import sympy

    return sympy


_FUNCS = [
    "arcsin",
    "arccos",
    "arctan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "sin",
    "cos",
    "tan",
    "cot",
    "sec",
    "csc",
    "sqrt",
    "exp",
    "log",
    "ln",
    "abs",
    "factorial",
    "pi",
    "oo",
    "inf",
    "infinity",
]
_STOPWORDS = {
    "the",
    "of",
    "is",
    "for",
    "to",
    "in",
    "by",
    "with",
    "from",
    "as",
    "at",
    "an",
    "are",
    "be",
    "if",
    "it",
    "how",
    "why",
    "who",
    "use",
    "find",
    "what",
    "value",
    "and",
    "or",
    "when",
    "then",
    "this",
    "that",
    "please",
    "me",
    "my",
    "you",
    "can",
    "do",
    "does",
    "help",
    "show",
    "number",
}


def _local_dict(log10: bool = False, imaginary: bool = False):
    sp = sympy_module()
    names = {
        "e": sp.E,
        "E": sp.E,
        "pi": sp.pi,
        "oo": sp.oo,
        "inf": sp.oo,
        "infinity": sp.oo,
        "sin": sp.sin,
        "cos": sp.cos,
        "tan": sp.tan,
        "cot": sp.cot,
        "sec": sp.sec,
        "csc": sp.csc,
        "asin": sp.asin,
        "acos": sp.acos,
        "atan": sp.atan,
        "arcsin": sp.asin,
        "arccos": sp.acos,
        "arctan": sp.atan,
        "sinh": sp.sinh,
        "cosh": sp.cosh,
        "tanh": sp.tanh,
        "sqrt": sp.sqrt,
        "exp": sp.exp,
        "log": _log10_fn if log10 else sp.log,
        "ln": sp.log,
        "abs": sp.Abs,
        "factorial": sp.factorial,
    }
    if imaginary:
        names["i"] = sp.I
    return names


def _global_dict():
    sp = sympy_module()
    return {
        "__builtins__": {},
        "Symbol": sp.Symbol,
        "Integer": sp.Integer,
        "Float": sp.Float,
        "Rational": sp.Rational,
        "Function": sp.Function,
        "factorial": sp.factorial,
        "Mul": sp.Mul,
        "Add": sp.Add,
        "Pow": sp.Pow,
    }


_ENGLISH_SHORT = {
    "is",
    "of",
    "at",
    "to",
    "in",
    "on",
    "by",
    "or",
    "an",
    "as",
    "be",
    "do",
    "if",
    "it",
    "me",
    "my",
    "no",
    "so",
    "up",
    "us",
    "we",
    "he",
    "am",
    "go",
    "and",
    "the",
    "for",
    "are",
    "its",
    "let",
    "put",
    "sum",
    "new",
    "one",
    "two",
    "six",
    "ten",
    "own",
}


def _readable_word(w: str) -> bool:
    """Is the letter run `w` maths: a known name (sin, pi, ...), a variable or a product of at
    most two single-letter variables (xy), or such letters stuck to known names (xsinx)?
    English words never become symbols: "choose", "decimal", "Write", "is" are refused."""
    low = w.lower()
    if w in _FUNCS or len(w) == 1:
        return True
    if low in _STOPWORDS or low in _ENGLISH_SHORT:
        return False
    parts = _split_word(w)
    if "oo" in parts and w != "oo":
        return False  # the "oo" of "choose" is not infinity
    singles = [p for p in parts if len(p) == 1]
    if len(parts) == len(singles):
        return len(w) <= 2  # xy, ab
    run = 0
    for p in parts:
        run = run + 1 if len(p) == 1 else 0
        if run >= 3:
            return False
    return True


def _split_word(w: str):
    """Split an alphabetic run such as 'xsinx' into known names and single letters."""
    if w in _FUNCS or len(w) == 1:
        return [w]
    out, i = [], 0
    names = sorted(_FUNCS, key=len, reverse=True)
    while i < len(w):
        for n in names:
            if w.startswith(n, i):
                out.append(n)
                i += len(n)
                break
        else:
            out.append(w[i])
            i += 1
    return out


def _prep_plain(s: str) -> str:
    s = s.replace("{", "(").replace("}", ")").replace("[", "(").replace("]", ")")
    s = s.replace("÷", "/")
    s = re.sub(r"(\d)\s*%", r"(\1/100)", s)

    bad = [w for w in re.findall(r"[A-Za-z]+", s) if not _readable_word(w)]
    if bad:
        words = ", ".join(f"'{w}'" for w in dict.fromkeys(bad))
        raise Unsupported(
            f"I don't understand the word{'s' if len(set(bad)) > 1 else ''} {words} in that problem."
        )

    def fix_word(m):
        return " " + " ".join(_split_word(m.group(0))) + " "

    s = re.sub(r"[A-Za-z]+", fix_word, s)
    s = re.sub(r"(\d)\s*([A-Za-z(])", r"\1 \2", s)
    # sin^2 x  ->  (sin(x))^2
    s = re.sub(
        r"\b(sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|ln|log)\s*\^\s*(\d+)\s*([A-Za-z])\b", r"(\1(\3))^\2", s
    )
    # sin x cos x  ->  sin(x) cos(x): a bare one-token argument ends at the next space
    s = re.sub(
        r"\b(sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|ln|log|exp)\s+(\d*\s?[A-Za-z]|\d+)\s+(?=[A-Za-z])(?![*/^(])",
        r"\1(\2) ",
        s,
    )
    return re.sub(r"\s+", " ", s).strip()


def parse_plain(s: str, evaluate=True, log10: bool = False):
    sp = sympy_module()
    from sympy.parsing.sympy_parser import (
        convert_xor,
        implicit_multiplication_application,
        parse_expr,
        rationalize,
        standard_transformations,
    )

    code = _prep_plain(s)
    # `i` is the imaginary unit when it is the only letter of a numeric expression ("(1+2i)(6-3i)")
    letters = set(re.findall(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])", code))
    imaginary = (
        letters == {"i"}
        and bool(re.search(r"\d\s?i\b", s))
        and not re.search(r"\*\s*i\b|\bi\s*(?:\*|\^)|\(\s*i\s*\)", s)
    )  # 2i, not 18*i**2 or b(i)
    if not code:
        raise Unsupported("There's no expression to work with.")
    if re.search(r"[^0-9A-Za-z_+\-*/^().,!' ]", code):
        bad = sorted(set(re.findall(r"[^0-9A-Za-z_+\-*/^().,!' ]", code)))
        raise Unsupported(f"I can't read the symbol(s) {' '.join(bad)} in that expression.")
    if re.search(r"[A-Za-z_]\s*\.\s*[A-Za-z_]", code):
        raise Unsupported("Attribute access isn't allowed in maths input.")
    trans = standard_transformations + (implicit_multiplication_application, convert_xor)
    if re.search(r"\d\.\d|(?<!\d)\.\d", code):
        trans = trans + (rationalize,)  # exact decimals: 0.2 is 1/5, not a binary float
    try:
        expr = parse_expr(
            code,
            local_dict=_local_dict(log10, imaginary),
            global_dict=_global_dict(),
            transformations=trans,
            evaluate=evaluate,
        )
    except Unsupported:
        raise
    except Exception:
        raise Unsupported(f"I couldn't read the expression '{s.strip()[:80]}'.") from None
    if not isinstance(expr, sp.Basic) or isinstance(expr, (sp.FunctionClass,)):
        raise Unsupported("That isn't a mathematical expression I can work with.")
    if isinstance(expr, sp.Basic) and any(
        isinstance(a, sp.core.function.AppliedUndef) for a in sp.preorder_traversal(expr)
    ):
        raise Unsupported("I only know the standard functions (sin, cos, exp, ln, sqrt, ...).")
    return expr


def rebuild(expr):
    """Re-evaluate a tree built with evaluate=False (keeps Integral/Limit/Derivative unevaluated)."""
    sp = sympy_module()
    if not isinstance(expr, sp.Basic) or expr.is_Atom:
        return expr
    args = [rebuild(a) for a in expr.args]
    if isinstance(expr, sp.log) and len(args) == 2:
        return sp.log(args[0]) / sp.log(args[1])
    try:
        return expr.func(*args)
    except Exception:
        return expr


def parse_latex(s: str):
    sp = sympy_module()
    try:
        from latex2sympy2_extended import latex2sympy
    except Exception:  # pragma: no cover
        raise Unsupported("LaTeX input isn't available on this installation.") from None
    s = s.replace("\\%", "%")
    s = re.sub(r"\\(,|;|:|!|quad|qquad)", " ", s)
    s = re.sub(r"\\(displaystyle|limits)", "", s)
    s = re.sub(r"(\\to\s*[^}^]*?)\^\s*(?:\{\s*[+-]\s*\}|[+-])", r"\1", s)  # one-sided limit marks
    try:
        expr = latex2sympy(s)
    except Exception:
        raise Unsupported("I couldn't read that LaTeX.") from None
    if isinstance(expr, (list, tuple)) or not isinstance(expr, sp.Basic):
        raise Unsupported("I couldn't read that LaTeX as a single expression.")
    return rebuild(expr)


def is_latex(s: str) -> bool:
    return "\\" in s


def parse_any(s: str, evaluate=True, log10: bool = False):
    s = s.strip()
    if not s:
        raise Unsupported("There's no expression to work with.")
    if is_latex(s):
        return parse_latex(s)
    return parse_plain(s, evaluate=evaluate, log10=log10)


def latex(e, **kw) -> str:
    return sympy_module().latex(e, **kw)


def sort_symbols(syms):
    return sorted(syms, key=lambda t: t.name)


def _log10_fn(a, b=10):
    return sympy_module().log(a, b)
